"""The search rules, specified once: every vector of generators/handbook/search/vectors.yaml must
hold for the Python engine and for assets/search-engine.js running alone in headless Chromium."""

from __future__ import annotations

import pytest

from browser import console_errors, needs_browser, start_chromium
from search_vectors import browser_run, load_vectors, python_run, write_engine_site
from sitebuild import serve_dir

INDEXES, VECTORS = load_vectors()
OPTIONS = ("type", "unit", "limit", "exact", "no_hint")


def case(vector: dict) -> dict:
    return {"q": vector["q"], **{k: v for k, v in vector.get("opts", {}).items() if k in OPTIONS}}


def label(vector: dict) -> str:
    opts = ",".join(f"{k}={v}" for k, v in vector.get("opts", {}).items())
    return repr(vector["q"]) + (f"[{opts}]" if opts else "")


def check(vector: dict, got: dict) -> list[str]:
    """What the answer `got` ({hint, corrected, results: [[id, tier, marks]]}) gets wrong, if anything."""
    ids = [r[0] for r in got["results"]]
    errors = []
    if "results" in vector and ids != vector["results"]:
        errors.append(f"results {ids} != {vector['results']}")
    if "top" in vector and ids[:len(vector["top"])] != vector["top"]:
        errors.append(f"top {ids[:len(vector['top'])]} != {vector['top']}")
    if "tiers" in vector and [r[1] for r in got["results"]][:len(vector["tiers"])] != vector["tiers"]:
        errors.append(f"tiers {[r[1] for r in got['results']]} != {vector['tiers']}")
    for key in ("corrected", "hint"):
        if got[key] != vector.get(key):
            errors.append(f"{key} {got[key]!r} != {vector.get(key)!r}")
    marks = {r[0]: r[2] for r in got["results"]}
    for rid, expected in vector.get("marks", {}).items():
        if marks.get(rid) != expected:
            errors.append(f"marks of {rid}: {marks.get(rid)} != {expected}")
    return [f"{label(vector)}: {e} ({vector.get('why', '')})" for e in errors]


def test_the_vectors_cover_every_kind():
    """Segmentation, synonyms, pinyin, typos, Traditional script, questions, step grouping, ties."""
    text = " ".join(v.get("why", "") for v in VECTORS)
    for rule in ("2:", "3", "4", "5", "2b.1", "2b.2", "2b.3", "2b.5", "Traditional", "Synonyms", "4.6"):
        assert rule in text, rule
    assert len(VECTORS) >= 30
    assert all(any(k in v for k in ("results", "top")) and v.get("why") for v in VECTORS)


def test_python_engine_passes_the_vectors():
    errors = []
    for name, index in INDEXES.items():
        vectors = [v for v in VECTORS if v["corpus"] == name]
        for vector, got in zip(vectors, python_run(index, [case(v) for v in vectors]), strict=True):
            errors += check(vector, got)
    assert not errors, "\n".join(errors)


@pytest.mark.browser
@needs_browser
def test_browser_engine_passes_the_vectors(tmp_path):
    write_engine_site(tmp_path / "site", INDEXES)
    cases = {name: [case(v) for v in VECTORS if v["corpus"] == name] for name in INDEXES}
    driver = start_chromium(tmp_path)
    try:
        with serve_dir(tmp_path / "site") as base:
            answers = browser_run(driver, base, cases)
        assert console_errors(driver) == []
    finally:
        driver.quit()
    errors = []
    for name in INDEXES:
        vectors = [v for v in VECTORS if v["corpus"] == name]
        for vector, got in zip(vectors, answers[name], strict=True):
            errors += check(vector, got)
    assert not errors, "\n".join(errors)


WORKER_JS = """importScripts("search-engine.js", "search-repairs.js", "search-loader.js");
onmessage = async ev => {
  try {
    const engine = await new HandbookSearchEngine.Loader(ev.data.base).loadAll();
    postMessage({ok: ev.data.queries.map(q => engine.search(q, {limit: null}).map(r => r.id)),
                 dom: typeof document});
  } catch (err) { postMessage({error: String(err && err.stack || err)}); }
};
"""


@pytest.mark.browser
@needs_browser
def test_browser_engine_runs_without_a_dom(tmp_path):
    """The engine files touch no DOM: it loads the index and searches inside a Web Worker, where
    there is no document, with the same results as in Python."""
    from search_vectors import python_run

    write_engine_site(tmp_path / "site", INDEXES)
    (tmp_path / "site" / "worker.js").write_text(WORKER_JS, encoding="utf-8")
    name, index = next(iter(INDEXES.items()))
    queries = [v["q"] for v in VECTORS if v["corpus"] == name and not v.get("opts")]
    driver = start_chromium(tmp_path)
    try:
        with serve_dir(tmp_path / "site") as base:
            driver.get(base)
            got = driver.execute_async_script(
                """const [base, queries, name, done] = arguments, w = new Worker("worker.js");
                w.onmessage = ev => done(ev.data); w.onerror = ev => done({error: ev.message});
                w.postMessage({base: base + name + "/", queries});""", base, queries, name)
    finally:
        driver.quit()
    assert "error" not in got, got.get("error")
    assert got["dom"] == "undefined"
    assert got["ok"] == [[r[0] for r in a["results"]] for a in python_run(index, [{"q": q} for q in queries])]
