"""The index as the files the site serves: one manifest plus compact shards (README.md "Files").

This is the only index format. index_files() writes it, read_index() / load_index() read it
back into an equal SearchIndex; assets/search-engine.js reads the same files.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path

from .index import SearchEntry, SearchIndex

FORMAT = "handbook-search/2"
"""The `format` of the manifest and of every shard."""
MANIFEST_PATH = "search/handbook-index.json"
"""Where the build writes the manifest, relative to the site root; its shards sit next to it."""
SCRIPT_SUFFIX = ".jsonp"
"""The script twin of each index file (search/shard-000.jsonp): pages opened from disk (file://)
cannot fetch() but can load a script, whatever its extension."""
SHARD_TARGET = 450_000
"""Largest shard file in UTF-8 bytes (a shard of one huge row may exceed it)."""
ROW_FIELDS = ("type", "page", "anchor", "title", "text", "owner", "unit", "is_name")
"""Columns of a shard row; see README.md "Files" for the encoding."""


def dump_json(data) -> str:
    """Compact, stable JSON text (non-ASCII kept as is: smaller for Chinese)."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _split_ref(id_: str, url: str) -> tuple[str, str, str | None] | None:
    """(id base, url base, anchor) when id and url share the #anchor (or both have none)."""
    ib, ih, ia = id_.partition("#")
    ub, uh, ua = url.partition("#")
    if bool(ih) != bool(uh) or ia != ua:
        return None
    return ib, ub, (ia if ih else None)


def _encode_shard(entries: list[SearchEntry], types: dict[str, int], units: dict[str, int], build: str) -> dict:
    """Entries → {strings, pages, rows}: a string used twice or more in the shard becomes an index into `strings`."""
    refs = [_split_ref(e.id, e.url) for e in entries]
    counts: Counter[str] = Counter()
    for e, ref in zip(entries, refs):
        counts.update((e.title, e.text, e.owner))
        if ref and ref[2] is not None:
            counts[ref[2]] += 1
    strings = sorted((w for w, n in counts.items() if n > 1), key=lambda w: (-counts[w], w))
    at = {w: i for i, w in enumerate(strings)}
    pages: list = []
    page_at: dict[tuple[str, str], int] = {}
    rows = []
    for e, ref in zip(entries, refs):
        if ref is None:  # id and url do not share their anchor: store both in full
            page, anchor = -1, [e.id, e.url]
        else:
            key = ref[:2]
            if key not in page_at:
                page_at[key] = len(pages)
                pages.append(key[0] if key[1] == key[0] + "/" else [key[0], key[1]])
            page, anchor = page_at[key], (None if ref[2] is None else at.get(ref[2], ref[2]))
        rows.append([types[e.type], page, anchor, at.get(e.title, e.title), at.get(e.text, e.text),
                     at.get(e.owner, e.owner), units.get(e.unit, 0), 1 if e.is_name else 0])
    return {"format": FORMAT, "build": build, "strings": strings, "pages": pages, "rows": rows}


def _groups(entries: list[SearchEntry], target: int) -> list[list[SearchEntry]]:
    """Names first (a record name is found before the rest has arrived), then the lines; id order
    within. Dictionary encoding shrinks rows ~3x: packed by plain size here, split later if too big."""
    ordered = [e for e in entries if e.is_name] + [e for e in entries if not e.is_name]
    groups: list[list[SearchEntry]] = [[]]
    size = 0
    for e in ordered:
        n = sum(len(v.encode("utf-8")) + 3 for v in _row(e)[:-1]) + 8  # + is_name and brackets
        if groups[-1] and size + n > 3 * target:
            groups.append([])
            size = 0
        groups[-1].append(e)
        size += n
    return [g for g in groups if g]


def _build_hash(index: SearchIndex) -> str:
    body = dump_json([index.manifest(), [_row(e) for e in index.entries]])
    return hashlib.sha1(body.encode("utf-8")).hexdigest()[:12]


def _row(e: SearchEntry) -> tuple:
    return (e.id, e.type, e.title, e.text, e.url, e.owner, e.unit, e.is_name)


def _script(path: str, text: str) -> str:
    if path == MANIFEST_PATH:
        return f"window.HandbookSearchIndex={text};\n"
    key = json.dumps(path.rsplit("/", 1)[1])
    return f"(window.HandbookSearchShards=window.HandbookSearchShards||{{}})[{key}]={text};\n"


def index_files(index: SearchIndex, *, target: int = SHARD_TARGET, scripts: bool = False) -> dict[str, str]:
    """Site-root-relative path → text of the files the browser loads (README.md "Files").

    `search/handbook-index.json` is the manifest (everything but the entries, plus the shard
    list); `search/shard-NNN.json` hold the entries, each at most `target` UTF-8 bytes unless it
    holds a single row. With `scripts`, each file also gets a `.jsonp` twin that sets a global,
    for pages opened from disk (file://) where fetch() is blocked (`.jsonp`, not `.js`: the site
    build adds every .js asset to each page). The same index always gives the same files.
    """
    types = {t: i for i, t in enumerate(index.types)}
    units = {u[0]: i + 1 for i, u in enumerate(index.units)}
    build = _build_hash(index)
    shards: list[tuple[str, int]] = []  # (file text, row count), in loading order
    pending = _groups(list(index.entries), target)
    while pending:
        g = pending.pop(0)
        text = dump_json(_encode_shard(g, types, units, build))
        if len(text.encode("utf-8")) > target and len(g) > 1:
            pending[:0] = [g[:len(g) // 2], g[len(g) // 2:]]
        else:
            shards.append((text, len(g)))
    names = [f"shard-{k:03d}.json" for k in range(len(shards))]
    manifest = {"format": FORMAT, "build": build, "fields": list(ROW_FIELDS), **index.manifest(),
                "shards": [[name, n] for name, (_, n) in zip(names, shards)]}
    files = {MANIFEST_PATH: dump_json(manifest)}
    for name, (text, _) in zip(names, shards):
        files["search/" + name] = text
    if scripts:
        for path, text in list(files.items()):
            files[path[:-len(".json")] + SCRIPT_SUFFIX] = _script(path, text)
    return files


def decode_shard(shard: dict, manifest: dict) -> list[SearchEntry]:
    """The entries of one shard file (as assets/search-engine.js's addShardRows reads them)."""
    strings, pages, units = shard["strings"], shard["pages"], dict(manifest["units"])

    def s(v):
        return strings[v] if isinstance(v, int) else v

    out = []
    for type_, page, anchor, title, text, owner, unit, is_name in shard["rows"]:
        if page < 0:
            id_, url = anchor
        else:
            p = pages[page]
            id_, url = (p, p + "/") if isinstance(p, str) else p
            if anchor is not None:
                id_, url = id_ + "#" + s(anchor), url + "#" + s(anchor)
        unit_id = manifest["units"][unit - 1][0] if unit else ""
        out.append(SearchEntry(id_, manifest["types"][type_], s(title), s(text), url, s(owner), unit_id,
                               units.get(unit_id, ""), bool(is_name)))
    return out


def read_index(files: dict[str, str]) -> SearchIndex:
    """The index that index_files wrote (equal to it). Raises ValueError for a manifest of another
    format or a shard of another build."""
    manifest = json.loads(files[MANIFEST_PATH])
    if manifest.get("format") != FORMAT:
        raise ValueError(f"{MANIFEST_PATH}: not a {FORMAT} manifest")
    entries: list[SearchEntry] = []
    for name, count in manifest["shards"]:
        shard = json.loads(files["search/" + name])
        if shard.get("build") != manifest["build"] or len(shard["rows"]) != count:
            raise ValueError(f"search/{name} does not belong to this manifest")
        entries += decode_shard(shard, manifest)
    entries.sort(key=lambda e: e.id)
    return SearchIndex(**{k: manifest[k] for k in SearchIndex.manifest_keys()}, entries=tuple(entries))


def load_index(manifest: str | Path) -> SearchIndex:
    """read_index for a built site: `manifest` is <site>/search/handbook-index.json, its shards next to it."""
    path = Path(manifest)
    files = {MANIFEST_PATH: path.read_text(encoding="utf-8")}
    for name, _ in json.loads(files[MANIFEST_PATH])["shards"]:
        files["search/" + name] = (path.parent / name).read_text(encoding="utf-8")
    return read_index(files)


def write_index_files(index: SearchIndex, site: str | Path, *, scripts: bool = True) -> list[Path]:
    """Write index_files(index) below the site root `site` (tests and tools; the build uses index_files)."""
    written = []
    for rel, text in index_files(index, scripts=scripts).items():
        path = Path(site) / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
