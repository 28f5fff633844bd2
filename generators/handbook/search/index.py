"""Search entries and the JSON index the browser downloads.

The index is plain data (no code), deterministic for the same input, and
carries everything search.js needs: the entries, the jieba vocabulary, synonym
groups and the folding tables. Folded haystacks are not stored (they would
double the size); both sides fold the entries when they load the index.

build_index() returns it as one dict (Python search, CLI, tests); index_files()
cuts it into the files the site serves: a small manifest and compact,
dictionary-encoded shards that search.js loads progressively (README.md "Files").
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

from .normalise import fold_table, normalise, phrase_of
from .pinyin import pinyin_table
from .segment import STOPWORDS, build_vocabulary
from .synonyms import merge_synonyms

FORMAT = "handbook-search/1"
"""The whole index as one dict (build_index): Python search, the CLI, tests."""
FILES_FORMAT = "handbook-search/2"
"""The site layout (index_files): a small manifest plus compact shards the browser loads in order."""
MANIFEST_PATH = "search/handbook-index.json"
SCRIPT_SUFFIX = ".jsonp"
"""The script twin of each index file (search/shard-000.jsonp): pages opened from disk (file://)
cannot fetch() but can load a script, whatever its extension."""
SHARD_TARGET = 450_000
"""Largest shard file in UTF-8 bytes (a shard of one huge row may exceed it)."""
ROW_FIELDS = ("type", "page", "anchor", "title", "text", "owner", "unit", "is_name")
"""Columns of a shard row; see README.md "Files" for the encoding."""

ENTRY_TYPES = ("岗位", "岗位职责", "权限", "责任", "任职资格", "汇报关系", "考核指标", "业务流程", "流程步骤", "业务要点",
               "组织单元", "部门职能", "课程", "培训计划", "制度")
"""Known types, in the order the type filter lists them."""

TYPE_RANK = {"岗位职责": 0, "流程步骤": 0, "部门职能": 1, "业务要点": 1, "权限": 2, "责任": 2, "任职资格": 3}
"""Within a tier, who does what (duties, steps) comes first, then functions and key points,
then authorities and accountabilities, then qualifications; whole records and policy text last (4)."""
TYPE_WORDS = {"岗位职责": "岗位职责", "职责": "岗位职责", "权限": "权限", "责任": "责任", "任职资格": "任职资格",
              "任职要求": "任职资格", "考核指标": "考核指标", "指标": "考核指标", "流程步骤": "流程步骤",
              "步骤": "流程步骤", "课程": "课程", "培训计划": "培训计划", "制度": "制度"}
"""A query word naming an entry type narrows to that type: 合同评审的步骤 = steps about 合同评审."""
FILLERS = ("是不是", "有没有", "怎么办", "怎么样", "什么", "怎么", "怎样", "如何", "哪些", "哪个", "哪里", "是否",
           "请问", "多少", "几个", "谁", "吗", "呢")
"""Question words dropped from a query (longest first): 谁负责回款 searches 负责 + 回款. Single
particles that also occur inside words (由 in 理由, 的 in 目的) are stop characters instead (segment.py)."""
LEFTOVERS = ("负责", "处理", "安排", "办理", "进行", "需要", "开展")
"""Verbs that only carry a question: once a question word was dropped, 谁负责催收欠款 searches 催收欠款."""
LINE_TYPES = frozenset(TYPE_RANK)
"""Types whose entry is one sentence of a page."""

FIELDS = ("id", "type", "title", "text", "url", "owner", "unit", "is_name")

_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^//|^\\")


@dataclass(frozen=True)
class SearchEntry:
    id: str            # unique, e.g. "positions/business-assistant#duty-3"
    type: str          # one of ENTRY_TYPES
    title: str         # record name or section title
    text: str          # the matched line, plain text
    url: str           # site-root-relative, e.g. "positions/business-assistant/#duty-3"
    owner: str         # display: "商务助理 · 销售管理部"
    unit: str = ""     # org unit id for the filter
    unit_name: str = ""
    is_name: bool = False  # the record's own name: ranks first on an exact match


_FOLDED: dict[str, str] = {}
"""Text → folded text, kept across rebuilds in one process (the live preview)."""


def _folded(text: str) -> str:
    folded = _FOLDED.get(text)
    if folded is None:
        if len(_FOLDED) > 1_000_000:
            _FOLDED.clear()
        folded = _FOLDED[text] = normalise(text)
    return folded


def haystack(title: str, text: str, owner: str) -> str:
    """Folded title, text and owner joined by newlines (folding turns any newline into a space)."""
    return "\n".join((_folded(title), _folded(text), _folded(owner)))


def _check(entry: SearchEntry) -> None:
    if not entry.id:
        raise ValueError("search entry without id")
    if entry.type not in ENTRY_TYPES:
        raise ValueError(f"{entry.id}: unknown search entry type {entry.type!r}")
    if _SCHEME.search(entry.url):
        raise ValueError(f"{entry.id}: url must be site-root-relative, got {entry.url!r}")


def _synonym_groups(synonyms: Sequence[Sequence[str]]) -> list[list[str]]:
    groups: list[list[str]] = []
    for group in synonyms:
        words: list[str] = []
        for word in group:
            folded = phrase_of(normalise(word))
            if folded and folded not in words:
                words.append(folded)
        if len(words) >= 2:
            groups.append(words)
    return groups


def build_index(entries: Iterable[SearchEntry], synonyms: Sequence[Sequence[str]] = (), *,
                base: bool = True, cancel: Sequence[str] = ()) -> dict:
    """JSON-serialisable index; entries sorted by id so output is byte-stable.

    `synonyms`: the handbook's groups, merged into the base dictionary
    (data/synonyms.yaml of this package) unless `base` is False; `cancel`: words whose
    base groups are dropped (README.md "Synonyms").
    """
    ordered = sorted(entries, key=lambda e: e.id)
    seen: set[str] = set()
    units: dict[str, str] = {}
    rows: list[list] = []
    hays: list[str] = []
    for e in ordered:
        _check(e)
        if e.id in seen:
            raise ValueError(f"duplicate search entry id {e.id!r}")
        seen.add(e.id)
        if e.unit:
            units.setdefault(e.unit, e.unit_name or e.unit)
        hay = haystack(e.title, e.text, e.owner)
        hays.append(hay)
        rows.append([e.id, e.type, e.title, e.text, e.url, e.owner, e.unit, 1 if e.is_name else 0])
    groups = _synonym_groups(merge_synonyms(synonyms, base=base, cancel=cancel))
    names = [normalise(e.title) for e in ordered if e.is_name]
    counts: dict[str, int] = {}
    vocab = build_vocabulary((f for h in hays for f in h.split("\n")),
                             names + [w for g in groups for w in g], counts=counts)
    corpus = "\0".join(hays)  # a synonym found in no entry is never looked for (search.js, rank.py)
    present = {e.type for e in ordered}
    return {
        "format": FORMAT,
        "fields": list(FIELDS),
        "types": [t for t in ENTRY_TYPES if t in present],
        "line_types": [t for t in ENTRY_TYPES if t in LINE_TYPES],
        "type_rank": TYPE_RANK,
        "type_words": {w: t for w, t in TYPE_WORDS.items() if t in present},
        "fillers": list(FILLERS),
        "leftovers": list(LEFTOVERS),
        "units": [[uid, units[uid]] for uid in sorted(units)],
        "synonyms": groups,
        "absent": sorted({w for g in groups for w in g if w not in corpus}),
        "stopwords": STOPWORDS,
        "fold": fold_table(),
        "vocab": vocab,
        "vocab_freq": [counts.get(w, 0) for w in vocab],
        "pinyin": pinyin_table(vocab, hays),
        "entries": rows,
    }


def dump_index(index: dict) -> str:
    """Compact, stable JSON text (non-ASCII kept as is: smaller for Chinese)."""
    return json.dumps(index, ensure_ascii=False, separators=(",", ":"))


def write_index(index: dict, path: str | Path, *, script: bool = True) -> Path:
    """Write the index where search.js expects it, e.g. <site>/search/handbook-index.json.

    With `script`, also write handbook-index.js (`window.HandbookSearchIndex = …`)
    next to it: browsers block fetch() on file:// pages, a script tag still loads.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    text = dump_index(index)
    path.write_text(text, encoding="utf-8")
    if script:
        path.with_suffix(".js").write_text(f"window.HandbookSearchIndex={text};\n", encoding="utf-8")
    return path


def _split_ref(id_: str, url: str) -> tuple[str, str, str | None] | None:
    """(id base, url base, anchor) when id and url share the #anchor (or both have none)."""
    ib, ih, ia = id_.partition("#")
    ub, uh, ua = url.partition("#")
    if bool(ih) != bool(uh) or ia != ua:
        return None
    return ib, ub, (ia if ih else None)


def _encode_shard(rows: list[list], col: dict[str, int], types: dict[str, int], units: dict[str, int],
                  build: str) -> dict:
    """Rows → {strings, pages, rows}: a string used twice or more in the shard becomes an index into `strings`."""
    refs = [_split_ref(r[col["id"]], r[col["url"]]) for r in rows]
    counts: Counter[str] = Counter()
    for r, ref in zip(rows, refs):
        counts.update((r[col["title"]], r[col["text"]], r[col["owner"]]))
        if ref and ref[2] is not None:
            counts[ref[2]] += 1
    strings = sorted((w for w, n in counts.items() if n > 1), key=lambda w: (-counts[w], w))
    at = {w: i for i, w in enumerate(strings)}
    pages: list = []
    page_at: dict[tuple[str, str], int] = {}

    def s(w: str):
        return at.get(w, w)

    out = []
    for r, ref in zip(rows, refs):
        if ref is None:  # id and url do not share their anchor: store both in full
            page, anchor = -1, [r[col["id"]], r[col["url"]]]
        else:
            key = ref[:2]
            if key not in page_at:
                page_at[key] = len(pages)
                pages.append(key[0] if key[1] == key[0] + "/" else [key[0], key[1]])
            page, anchor = page_at[key], (None if ref[2] is None else s(ref[2]))
        out.append([types[r[col["type"]]], page, anchor, s(r[col["title"]]), s(r[col["text"]]),
                    s(r[col["owner"]]), units.get(r[col["unit"]], 0), r[col["is_name"]]])
    return {"format": FILES_FORMAT, "build": build, "strings": strings, "pages": pages, "rows": out}


def _shard_order(rows: list[list], col: dict[str, int]) -> list[list]:
    """Names first (a record name is found before the rest has arrived), then the lines; id order within."""
    return [r for r in rows if r[col["is_name"]]] + [r for r in rows if not r[col["is_name"]]]


def index_files(index: dict, *, target: int = SHARD_TARGET, scripts: bool = False) -> dict[str, str]:
    """Site-root-relative path → text of the files the browser loads (README.md "Files").

    `search/handbook-index.json` is the manifest (everything but the entries, plus the shard
    list); `search/shard-NNN.json` hold the entries. With `scripts`, each file also gets a
    `.jsonp` twin that sets a global, for pages opened from disk (file://) where fetch() is blocked.
    search.js loads them on demand; they are not page scripts.
    """
    col = {name: i for i, name in enumerate(index["fields"])}
    types = {t: i for i, t in enumerate(index["types"])}
    units = {u[0]: i + 1 for i, u in enumerate(index["units"])}
    rows = _shard_order(index["entries"], col)
    body = dump_index({"entries": index["entries"], "synonyms": index["synonyms"], "vocab": index["vocab"],
                       "vocab_freq": index.get("vocab_freq"), "pinyin": index.get("pinyin"),
                       "absent": index.get("absent")})
    build = hashlib.sha1(body.encode("utf-8")).hexdigest()[:12]
    groups: list[list[list]] = [[]]
    size = 0
    for r in rows:  # dictionary encoding shrinks rows ~3x: pack by plain size, then split what is too big
        n = sum(len(str(v).encode("utf-8")) + 3 for v in r) + 4
        if groups[-1] and size + n > 3 * target:
            groups.append([])
            size = 0
        groups[-1].append(r)
        size += n
    shards: list[tuple[str, int]] = []  # (file text, row count), in loading order
    pending = [g for g in groups if g]
    while pending:
        g = pending.pop(0)
        text = dump_index(_encode_shard(g, col, types, units, build))
        if len(text.encode("utf-8")) > target and len(g) > 1:
            pending[:0] = [g[:len(g) // 2], g[len(g) // 2:]]
        else:
            shards.append((text, len(g)))
    names = [f"shard-{k:03d}.json" for k in range(len(shards))]
    manifest = {k: v for k, v in index.items() if k not in ("format", "fields", "entries")}
    manifest = {"format": FILES_FORMAT, "build": build, "fields": list(ROW_FIELDS), **manifest,
                "shards": [[name, n] for name, (_, n) in zip(names, shards)]}
    files = {MANIFEST_PATH: dump_index(manifest)}
    for name, (text, _) in zip(names, shards):
        files["search/" + name] = text
    if scripts:  # `.jsonp`, not `.js`: the site build adds every .js asset to each page
        for path, text in list(files.items()):
            if path == MANIFEST_PATH:
                files[path[:-5] + SCRIPT_SUFFIX] = f"window.HandbookSearchIndex={text};\n"
            else:
                key = json.dumps(path.rsplit("/", 1)[1])
                files[path[:-5] + SCRIPT_SUFFIX] = \
                    f"(window.HandbookSearchShards=window.HandbookSearchShards||{{}})[{key}]={text};\n"
    return files


def _decode_rows(shard: dict, manifest: dict) -> list[list]:
    strings, pages = shard["strings"], shard["pages"]

    def s(v):
        return strings[v] if isinstance(v, int) else v

    rows = []
    for type_, page, anchor, title, text, owner, unit, is_name in shard["rows"]:
        if page < 0:
            id_, url = anchor
        else:
            p = pages[page]
            id_, url = (p, p + "/") if isinstance(p, str) else p
            if anchor is not None:
                id_, url = id_ + "#" + s(anchor), url + "#" + s(anchor)
        rows.append([id_, manifest["types"][type_], s(title), s(text), url, s(owner),
                     manifest["units"][unit - 1][0] if unit else "", is_name])
    return rows


def index_from_files(files: dict[str, str]) -> dict:
    """The inverse of index_files: the whole index (equal to what build_index returned)."""
    manifest = json.loads(files[MANIFEST_PATH])
    if manifest.get("format") != FILES_FORMAT:
        raise ValueError(f"{MANIFEST_PATH}: not a {FILES_FORMAT} manifest")
    rows: list[list] = []
    for name, count in manifest["shards"]:
        shard = json.loads(files["search/" + name])
        if shard.get("build") != manifest["build"] or len(shard["rows"]) != count:
            raise ValueError(f"search/{name} does not belong to this manifest")
        rows += _decode_rows(shard, manifest)
    rows.sort(key=lambda r: r[0])
    index = {"format": FORMAT, "fields": list(FIELDS)}
    index.update((k, v) for k, v in manifest.items() if k not in ("format", "build", "fields", "shards"))
    index["entries"] = rows
    return index


def write_index_files(index: dict, site: str | Path, *, scripts: bool = True) -> list[Path]:
    """Write index_files(index) below the site root `site` (tests, tools; the build uses index_files)."""
    written = []
    for rel, text in index_files(index, scripts=scripts).items():
        path = Path(site) / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def load_index(path: str | Path) -> dict:
    """A whole index (dump_index) or a site manifest (index_files) with its shards next to it."""
    path = Path(path)
    index = json.loads(path.read_text(encoding="utf-8"))
    if index.get("format") == FILES_FORMAT:
        files = {MANIFEST_PATH: path.read_text(encoding="utf-8")}
        for name, _ in index["shards"]:
            files["search/" + name] = (path.parent / name).read_text(encoding="utf-8")
        return index_from_files(files)
    if index.get("format") != FORMAT:
        raise ValueError(f"{path}: not a {FORMAT} index")
    return index
