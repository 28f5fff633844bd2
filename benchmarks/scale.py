"""Scale benchmark: synthetic organizations of N positions, our build vs plain MkDocs.

Not part of the test suite. Run:  python benchmarks/scale.py --sizes 200 2000 [10000]

For each N it generates an organization, times the pipeline phases in-process,
runs `handbook build` in a child process (wall time and peak RSS), then builds
the same generated Markdown twice with plain MkDocs + Material:
  (a) the same short navigation, navigation.prune, search plugin off — the floor
      of what MkDocs can do with these pages;
  (b) Material's defaults: every page in the navigation, built-in search.
Prints a table and writes benchmarks/out/scale.json.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "generators"))

from handbook.pipeline import load_handbook  # noqa: E402
from handbook.render.pages import render_pages  # noqa: E402
from handbook.render.search_entries import entries_for_handbook  # noqa: E402
from handbook.search import build_index, index_files  # noqa: E402
from handbook.assemble import assemble  # noqa: E402
from handbook.site.project import write_default_config  # noqa: E402
from handbook.synthetic import generate  # noqa: E402

BASELINE = """site_name: baseline
docs_dir: docs
site_dir: site
theme:
  name: material
  language: zh
  font: false
  features: [{features}]
plugins: [{plugins}]
markdown_extensions:
  - attr_list
  - tables
  - admonition
  - toc:
      permalink: "¶"
      slugify: !!python/object/apply:pymdownx.slugs.slugify {{kwds: {{case: lower}}}}
"""


def timed(func, *args):
    started = time.perf_counter()
    value = func(*args)
    return value, time.perf_counter() - started


def run(cmd: list[str], cwd: Path) -> tuple[float, int]:
    """Wall seconds and peak RSS (MB) of a child process."""
    wrapper = [sys.executable, "-c",
               "import resource,subprocess,sys,time;t=time.perf_counter();"
               "r=subprocess.run(sys.argv[1:],stdout=subprocess.DEVNULL,stderr=subprocess.PIPE);"
               "d=time.perf_counter()-t;"
               "sys.stderr.write(r.stderr.decode()[-2000:] if r.returncode else '');"
               "print(d, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, r.returncode)", *cmd]
    out = subprocess.run(wrapper, cwd=cwd, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(HERE.parent / "generators")})
    seconds, rss, code = out.stdout.split()
    if code != "0":
        raise SystemExit(f"{' '.join(cmd)} failed:\n{out.stderr}")
    return float(seconds), int(rss) // 1024


def site_figures(site: Path) -> dict:
    pages = [p for p in site.rglob("*.html") if p.name != "404.html"]
    sizes = [p.stat().st_size for p in pages]
    total = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    return {"pages": len(pages), "html_mb": round(sum(sizes) / 2**20, 1), "avg_page_kb": round(sum(sizes) / len(sizes) / 1024, 1),
            "site_mb": round(total / 2**20, 1)}


def baseline(docs: Path, project: Path, features: str, plugins: str, nav: list | None) -> dict:
    shutil.copytree(docs, project / "docs")
    config = BASELINE.format(features=features, plugins=plugins)
    if nav is not None:
        config += yaml.safe_dump({"nav": nav}, allow_unicode=True)
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    seconds, rss = run([sys.executable, "-m", "mkdocs", "build", "-q"], project)
    return {"seconds": round(seconds, 1), "rss_mb": rss, **site_figures(project / "site")}


def measure(n: int, work: Path, seed: int, with_b: bool) -> dict:
    project = work / f"org-{n}"
    counts, gen_s = timed(generate, project, n, seed)
    write_default_config(project)  # defaults come from the installed plugin
    (hb, report), load_s = timed(load_handbook, project)
    assert hb is not None, [d.format() for d in report.errors[:5]]
    pages, render_s = timed(render_pages, hb)
    index_files_, index_s = timed(lambda: index_files(build_index(entries_for_handbook(hb), hb.synonyms)))
    index_text = "".join(index_files_.values())
    build_s, build_rss = run([sys.executable, "-m", "handbook.cli", "build", "--root", str(project)], project)
    result = {
        "positions": n, "records": counts, "generate_s": round(gen_s, 2),
        "load_validate_s": round(load_s, 2), "render_pages_diagrams_s": round(render_s, 2),
        "search_index_s": round(index_s, 2), "search_index_mb": round(len(index_text.encode()) / 2**20, 1),
        "build_total_s": round(build_s, 1), "mkdocs_s": round(build_s - load_s - render_s - index_s, 1),
        "peak_rss_mb": build_rss, **site_figures(project / "site"),
    }
    # the same generated Markdown, built by plain MkDocs
    docs = work / f"docs-{n}"
    built = assemble(project)
    for src, content in {**built.pages, **built.assets}.items():
        path = docs / src
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    for chapter in (project / "content").glob("*.md"):
        shutil.copy(chapter, docs / chapter.name)
    # (a) the floor: same pages, same short navigation, prune, no search
    result["baseline_a"] = baseline(docs, work / f"baseline-a-{n}", "navigation.prune", "", built.nav)
    if with_b:  # (b) what a team gets from MkDocs + Material out of the box: every page in the nav, built-in search
        result["baseline_b"] = baseline(docs, work / f"baseline-b-{n}", "", "search", None)
    result["ratio_to_a"] = round(build_s / result["baseline_a"]["seconds"], 2)
    if with_b:
        result["speedup_vs_b"] = round(result["baseline_b"]["seconds"] / build_s, 1)
    return result


def print_table(results: list[dict]) -> None:
    rows = [("positions", "positions"), ("load+validate s", "load_validate_s"), ("render pages+diagrams s", "render_pages_diagrams_s"),
            ("search index s", "search_index_s"), ("mkdocs s (approx.)", "mkdocs_s"), ("handbook build total s", "build_total_s"),
            ("peak RSS MB", "peak_rss_mb"), ("pages", "pages"), ("HTML MB", "html_mb"), ("avg page KB", "avg_page_kb"),
            ("search index MB (all shards)", "search_index_mb"), ("baseline (a) s", ("baseline_a", "seconds")),
            ("baseline (a) avg page KB", ("baseline_a", "avg_page_kb")), ("baseline (b) s", ("baseline_b", "seconds")),
            ("baseline (b) avg page KB", ("baseline_b", "avg_page_kb")), ("build / (a)", "ratio_to_a"), ("(b) / build", "speedup_vs_b")]
    width = max(len(label) for label, _ in rows)
    for label, key in rows:
        cells = []
        for r in results:
            value = r.get(key[0], {}).get(key[1], "—") if isinstance(key, tuple) else r.get(key, "—")
            cells.append(f"{value:>10}")
        print(f"{label:<{width}}  " + "".join(cells))
    if len(results) >= 2:
        a, b = results[0], results[-1]
        factor = b["positions"] / a["positions"]
        print(f"\ngrowth {a['positions']} → {b['positions']} (×{factor:g}):")
        for key in ("load_validate_s", "render_pages_diagrams_s", "search_index_s", "build_total_s", "html_mb", "search_index_mb"):
            if a[key]:
                print(f"  {key:<26} ×{b[key] / a[key]:.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[200, 2000])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--skip-b-above", type=int, default=2000, help="baseline (b) is slow; skip it above this N")
    parser.add_argument("--keep", action="store_true", help="keep the generated projects")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="handbook-bench-"))
    results = []
    try:
        for n in args.sizes:
            print(f"… N = {n}", file=sys.stderr, flush=True)
            results.append(measure(n, work, args.seed, with_b=n <= args.skip_b_above))
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print_table(results)
    out = HERE / "out" / "scale.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"\nJSON: {out}")


if __name__ == "__main__":
    main()
