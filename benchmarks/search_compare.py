"""Our search against Material's search plugin and Pagefind, on the same pages and the same queries.

Not part of the test suite. Run:  python benchmarks/search_compare.py [--pagefind-dir DIR]

1. builds the sample handbook twice with the real pipeline: as shipped (our search) and with
   Material's search plugin switched on (`search: {lang: zh}`; with jieba installed Material
   segments Chinese text at build time);
2. runs Pagefind (npm package `pagefind`, its extended binary: Chinese segmentation) over the
   first build, indexing each page's <article> (Material's content area, not the navigation);
3. opens the site in headless Chromium and sends every query of tests/search_queries_sample.yaml
   and of tests/search_queries_school.yaml (tests/cases/training-school, the second organisation) to
   * ours: HandbookSearch's engine, exactly what the header box runs;
   * Material: its own search worker (assets/javascripts/workers/search.*.js), SETUP with the
     built search_index.json, then QUERY with the query as typed;
   * Pagefind: pagefind.js's search(), results in its order;
4. scores the first five results of each engine the same way, at page level: a result counts when
   its page (URL without #anchor) is one the query expects (expect_url prefix, or the page of an
   expected entry). Ours is also scored strictly (entry ids / full URLs, as the tests do).
   Prints recall@5 and MRR per kind and the time per query in the page.

Pagefind's npm package brings its binary as an npm dependency (@pagefind/linux-x64); if npm
cannot install it the Pagefind column says so instead of failing the whole run.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "generators"))
sys.path.insert(0, str(ROOT / "tests"))

from handbook.pipeline import load_handbook  # noqa: E402
from handbook.render.search_entries import entries_for_handbook  # noqa: E402
from handbook.site.project import DEFAULT_CONFIG  # noqa: E402
from sitebuild import build_project, copy_project, serve_dir  # noqa: E402


def build_sites(source: Path, work: Path) -> tuple[Path, Path]:
    ours = copy_project(source, work / "ours")
    site = build_project(ours, ours / "site").site
    material = copy_project(source, work / "material")
    (material / "mkdocs.yml").write_text(
        f"INHERIT: {DEFAULT_CONFIG}\nplugins:\n  - search:\n      lang: zh\n  - handbook\n", encoding="utf-8")
    material_site = build_project(material, material / "site").site
    if not (material_site / "search" / "search_index.json").is_file():
        raise SystemExit("Material's search plugin wrote no search/search_index.json")
    return site, material_site


def run_pagefind(site: Path, pagefind_dir: Path) -> str | None:
    """Index `site` with Pagefind; None on success, else why not."""
    npm = shutil.which("npm")
    if npm is None:
        return "npm not found"
    pagefind_dir.mkdir(parents=True, exist_ok=True)
    binary = pagefind_dir / "node_modules" / ".bin" / "pagefind"
    if not binary.exists():
        done = subprocess.run([npm, "install", "--no-audit", "--no-fund", "--prefix", str(pagefind_dir), "pagefind@1"],
                              capture_output=True, text=True, timeout=600)
        if done.returncode or not binary.exists():
            return "npm install pagefind failed: " + (done.stderr.strip().splitlines() or ["?"])[-1]
    done = subprocess.run([str(binary), "--site", str(site), "--root-selector", "article"],
                          capture_output=True, text=True, timeout=600)
    if done.returncode:
        return "pagefind failed: " + (done.stderr.strip().splitlines() or ["?"])[-1]
    version = subprocess.run([str(binary), "--version"], capture_output=True, text=True).stdout.strip()
    print(f"Pagefind: {version}, extended binary from the npm package; {done.stdout.strip().splitlines()[-1]}")
    return None


OURS_JS = """const [qs, done] = arguments;
HandbookSearch.loadAll().then(e => {
  const out = [];
  for (const q of qs) {
    const t = performance.now();
    const rs = e.search(q, {limit: 5});
    out.push({ms: performance.now() - t, ids: rs.map(r => r.id), urls: rs.map(r => r.url)});
  }
  done(out);
});"""

MATERIAL_JS = """const [qs, worker, index, done] = arguments;
const w = new Worker(worker);
const out = [];
let k = 0, t = 0;
w.onmessage = ev => {
  const m = ev.data;
  if (m.type === 1 || m.type === 3) {
    if (m.type === 3) {
      const items = [].concat(...m.data.items);
      out.push({ms: performance.now() - t, urls: items.slice(0, 5).map(d => d.location)});
    }
    if (k === qs.length) { w.terminate(); done(out); return; }
    t = performance.now();
    w.postMessage({type: 2, data: qs[k++]});
  }
};
fetch(index).then(r => r.json()).then(data => w.postMessage({type: 0, data: Object.assign({options: {suggest: false}}, data)}));"""

PAGEFIND_JS = """const [qs, module, done] = arguments;
import(module).then(async pf => {
  await pf.options({excerptLength: 10});
  await pf.init();
  const out = [];
  for (const q of qs) {
    const t = performance.now();
    const r = await pf.search(q);
    const data = await Promise.all(r.results.slice(0, 5).map(x => x.data()));
    out.push({ms: performance.now() - t, urls: data.map(d => d.url)});
  }
  done(out);
}, err => done({error: String(err)}));"""


def page_of(url: str, base: str = "") -> str:
    url = url[len(base):] if base and url.startswith(base) else url
    url = url.lstrip("/").split("#", 1)[0]
    url = url[:-len("index.html")] if url.endswith("index.html") else url
    return url if not url or url.endswith("/") else url + "/"


def score(queries: list[dict], got: list[list[str]], expected_pages) -> dict:
    kinds: dict[str, list[float]] = {}
    for q, urls in zip(queries, got, strict=True):
        wanted = expected_pages(q)
        ranks = [i for i, u in enumerate(urls[:5]) if any(u.startswith(w) for w in wanted)]
        first = ranks[0] if ranks else None
        for kind in ("all", q.get("kind", "word")):
            row = kinds.setdefault(kind, [0, 0, 0.0])
            row[0] += 1
            row[1] += first is not None
            row[2] += 1 / (first + 1) if first is not None else 0
    return kinds


QUERYSETS = [("sample handbook", "search_queries_sample.yaml"),
             ("second organisation (tests/cases/training-school)", "search_queries_school.yaml")]


def run_set(label: str, file: str, pagefind_dir: Path, driver, work: Path) -> None:
    spec = yaml.safe_load((ROOT / "tests" / file).read_text(encoding="utf-8"))
    queries = spec["queries"]
    source = ROOT / "tests" / spec["path"] if spec.get("path") else ROOT
    hb, _ = load_handbook(source)
    url_of = {e.id: e.url for e in entries_for_handbook(hb)}

    def pages(q: dict) -> list[str]:
        return [page_of(u) for u in q.get("expect_url", [])] + [page_of(url_of[i]) for i in q.get("expect", [])
                                                                  if i in url_of]

    t = time.perf_counter()
    site, material_site = build_sites(source, work)
    print(f"\n== {label}: built twice in {time.perf_counter() - t:.0f} s")
    pagefind_problem = run_pagefind(site, pagefind_dir)
    results, timing = {}, {}
    with serve_dir(site) as base:
        driver.get(base)
        ours = driver.execute_async_script(OURS_JS, [q["q"] for q in queries])
        results["ours"] = [r["urls"] for r in ours]
        timing["ours"] = [r["ms"] for r in ours]
        if pagefind_problem is None:
            pf = driver.execute_async_script(PAGEFIND_JS, [q["q"] for q in queries], base + "pagefind/pagefind.js")
            if isinstance(pf, dict):
                pagefind_problem = pf["error"]
            else:
                results["Pagefind"] = [[page_of(u, base) for u in r["urls"]] for r in pf]
                timing["Pagefind"] = [r["ms"] for r in pf]
    with serve_dir(material_site) as base:
        driver.get(base)
        worker = next((material_site / "assets" / "javascripts" / "workers").glob("search.*.min.js"))
        mat = driver.execute_async_script(MATERIAL_JS, [q["q"] for q in queries],
                                          base + "assets/javascripts/workers/" + worker.name,
                                          base + "search/search_index.json")
        results["Material"] = [[page_of(u, base) for u in r["urls"]] for r in mat]
        timing["Material"] = [r["ms"] for r in mat]

    table = {name: score(queries, got, pages) for name, got in results.items()}
    strict_rows: dict[str, list[float]] = {}
    for q, r in zip(queries, ours):  # as the tests score: an expected entry id, or a URL prefix
        ranks = [i for i, (rid, url) in enumerate(zip(r["ids"], r["urls"]))
                 if rid in q.get("expect", []) or any(url.startswith(u) for u in q.get("expect_url", []))]
        for kind in ("all", q.get("kind", "word")):
            row = strict_rows.setdefault(kind, [0, 0, 0.0])
            row[0] += 1
            row[1] += bool(ranks)
            row[2] += 1 / (ranks[0] + 1) if ranks else 0
    engines = ["ours", "Material", "Pagefind"]
    kinds = ["all"] + sorted(k for k in table["ours"] if k != "all")
    print(f"{len(queries)} queries of tests/{file}, top 5, page level (hits / queries, MRR in brackets)")
    print("| kind | ours (strict) | " + " | ".join(engines) + " |")
    print("|---|---|" + "---|" * len(engines))
    for kind in kinds:
        cells = []
        for name in engines:
            if name not in table:
                cells.append("—")
                continue
            n, hit, mrr = table[name][kind]
            cells.append(f"{hit}/{n} ({mrr / n:.2f})")
        n, hit, mrr = strict_rows[kind]
        print(f"| {kind} | {hit}/{n} ({mrr / n:.2f}) | " + " | ".join(cells) + " |")
    for name, ms in timing.items():
        ms = sorted(ms)
        print(f"{name}: per query in the page p50 {ms[len(ms) // 2]:.1f} ms, p95 {ms[int(len(ms) * 0.95)]:.1f} ms")
    if pagefind_problem:
        print(f"Pagefind: not measured — {pagefind_problem}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pagefind-dir", type=Path, default=Path(tempfile.gettempdir()) / "handbook-pagefind",
                        help="where npm installs the pagefind package (kept between runs)")
    args = parser.parse_args()
    from browser import start_chromium

    with tempfile.TemporaryDirectory() as tmp:
        driver = start_chromium(Path(tmp))
        driver.set_script_timeout(300)
        try:
            for k, (label, file) in enumerate(QUERYSETS):
                work = Path(tmp) / f"set-{k}"
                work.mkdir()
                run_set(label, file, args.pagefind_dir, driver, work)
        finally:
            driver.quit()


if __name__ == "__main__":
    main()
