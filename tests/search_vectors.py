"""The shared search test vectors (generators/handbook/search/vectors.yaml) and the browser engine
(ENGINE_FILES) run on its own in a page served on 127.0.0.1 — no UI, no fake DOM.

Used by tests/test_search_vectors.py (the vectors) and tests/test_search_parity.py (whole query sets).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from handbook.search import SearchEntry, SearchIndex, Searcher, build_index, index_files

PACKAGE = Path(__file__).parent.parent / "generators" / "handbook"
VECTORS = PACKAGE / "search" / "vectors.yaml"
ENGINE_FILES = ("search-engine.js", "search-repairs.js", "search-loader.js")
"""The browser engine, in loading order (assets/); assets/search.js, the UI, comes after them."""

ENGINE_PAGE = """<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>search engine</title>
<link rel="icon" href="data:,">{scripts}</head><body></body></html>""".format(
    scripts="".join(f'<script src="{name}"></script>' for name in ENGINE_FILES))

RUN_JS = """
const [base, corpora, done] = arguments;
const out = {};
(async () => {
  for (const [name, cases] of Object.entries(corpora)) {
    const engine = await new HandbookSearchEngine.Loader(base + name + "/").loadAll();
    out[name] = cases.map(c => {
      const rs = engine.search(c.q, {type: c.type, unit: c.unit, limit: c.limit === undefined ? null : c.limit,
        exact: !!c.exact, noHint: !!c.no_hint});
      return {hint: rs.hint, corrected: rs.corrected,
              results: rs.map(r => [r.id, r.tier, r.highlights.map(h => r.text.slice(h[0], h[1]))])};
    });
  }
  done({ok: out});
})().catch(err => done({error: String(err && err.stack || err)}));
"""
"""Each corpus sits in its own folder below `base`; the engine loads it with its own Loader (fetch)."""


def entry(spec: dict) -> SearchEntry:
    base, _, anchor = spec["id"].partition("#")
    url = spec.get("url", base + "/" + ("#" + anchor if anchor else ""))
    unit = spec.get("unit", "")
    return SearchEntry(id=spec["id"], type=spec["type"], title=spec["title"], text=str(spec["text"]), url=url,
                       owner=spec["owner"], unit=unit, unit_name=spec.get("unit_name", unit),
                       is_name=spec.get("is_name", False))


def load_vectors() -> tuple[dict[str, SearchIndex], list[dict]]:
    """(corpus name -> index, vectors); a vector without `corpus` belongs to the first corpus."""
    data = yaml.safe_load(VECTORS.read_text(encoding="utf-8"))
    first = next(iter(data["corpora"]))
    for vector in data["vectors"]:
        vector.setdefault("corpus", first)
    indexes = {name: build_index([entry(e) for e in c["entries"]], c.get("synonyms", []), base=False)
               for name, c in data["corpora"].items()}
    return indexes, data["vectors"]


def python_run(index: SearchIndex, cases: list[dict]) -> list[dict]:
    """The Python engine's answers, in the shape RUN_JS returns (highlights as the marked strings)."""
    searcher = Searcher(index)
    out = []
    for c in cases:
        rs = searcher.search(c["q"], type=c.get("type"), unit=c.get("unit"), limit=c.get("limit"),
                             exact=c.get("exact", False), no_hint=c.get("no_hint", False))
        out.append({"hint": rs.hint, "corrected": rs.corrected,
                    "results": [[r.id, r.tier, [r.text[s:e] for s, e in r.highlights]] for r in rs]})
    return out


def write_engine_site(root: Path, indexes: dict[str, SearchIndex], **files_options) -> None:
    """The engine page at `root`, each index's files below root/<name>/."""
    root.mkdir(parents=True, exist_ok=True)
    for name in ENGINE_FILES:
        shutil.copy(PACKAGE / "assets" / name, root / name)
    (root / "index.html").write_text(ENGINE_PAGE, encoding="utf-8")
    for name, index in indexes.items():
        for rel, text in index_files(index, **files_options).items():
            path = root / name / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")


def browser_run(driver, base: str, cases: dict[str, list[dict]]) -> dict[str, list[dict]]:
    """Open the engine page at `base` and run each corpus's cases there; corpus name -> answers."""
    driver.get(base)
    got = driver.execute_async_script(RUN_JS, base, cases)
    assert "error" not in got, got.get("error")
    assert driver.execute_script("return typeof HandbookSearch") == "undefined"  # the engine alone, no UI
    return got["ok"]
