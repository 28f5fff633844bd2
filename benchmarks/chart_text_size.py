"""Rendered chart text size in Chromium: the median font size of step/box text, and the size of the
smallest text of the chart, in CSS px, as drawn.

Builds a project, serves it on 127.0.0.1 and opens every process and unit page at a desktop
(1280 × 900) and a phone (390 × 844) window, without clicking anything. For each chart it reports
the median on-screen size of the text inside step (process) or unit/position (org) boxes, and the
chart's orientation (horizontal / vertical swimlane).

Not part of the test suite (tests/test_chart_readability.py asserts the thresholds). Run:
    python benchmarks/chart_text_size.py [PROJECT_DIR]      # default: the repository's sample
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "generators"))
sys.path.insert(0, str(HERE.parent / "tests"))

MEASURE_JS = """
const out = [];
for (const svg of document.querySelectorAll('svg.hb-diagram:not(.hb-diagram-copy):not(.hb-print-chart)')) {
  const vb = svg.viewBox.baseVal;
  const scale = svg.getBoundingClientRect().width / vb.width;
  const sizes = [];
  for (const t of svg.querySelectorAll('.hb-step text.hb-label, .hb-decision text.hb-label, .hb-task text.hb-label, '
                                       + '.hb-unit text.hb-label, .hb-position text.hb-label')) {
    sizes.push(parseFloat(t.getAttribute('font-size')) * scale);
  }
  sizes.sort((a, b) => a - b);
  const median = sizes.length ? sizes[Math.floor((sizes.length - 1) / 2)] : 0;
  let smallest = Infinity;  // any text of the chart: names, headcounts, badges, edge labels, legend
  for (const t of svg.querySelectorAll('text[font-size]')) smallest = Math.min(smallest, parseFloat(t.getAttribute('font-size')) * scale);
  const cls = svg.getAttribute('class');
  out.push({median: median, smallest: smallest, n: sizes.length,
            kind: cls.includes('hb-swimlane') ? (cls.includes('hb-vertical') ? 'vertical' : 'horizontal') : 'org',
            title: svg.getAttribute('aria-label')});
}
return out;
"""


def chart_pages(site: Path) -> list[str]:
    """Relative URLs of every process and unit page of a built site."""
    pages = ["org/"] if (site / "org" / "index.html").exists() else []
    for section in ("processes", "org"):
        for index in sorted((site / section).glob("*/index.html")):
            pages.append(f"{section}/{index.parent.name}/")
    return pages


def measure_site(site: Path, tmp: Path, width: int, height: int) -> list[dict]:
    """[{page, title, kind, median, n}] for every chart on every process/unit page at this window size."""
    from browser import start_chromium
    from sitebuild import serve_dir

    rows = []
    driver = start_chromium(tmp, width, height)
    try:
        with serve_dir(site) as base:
            for page in chart_pages(site):
                driver.get(base + page)
                for chart in driver.execute_script(MEASURE_JS):
                    rows.append({"page": page, **chart})
    finally:
        driver.quit()
    return rows


def main() -> None:
    from sitebuild import build_project, copy_project

    source = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE.parent
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        project = copy_project(source, tmp / "project")
        site = build_project(project, project / "site").site
        desktop = measure_site(site, tmp / "d", 1280, 900)
        phone = {(r["page"], r["title"]): r for r in measure_site(site, tmp / "p", 390, 844)}
        print(f"{'page':44} {'orientation':11} {'1280px':>7} {'390px':>7} {'smallest 1280/390':>18}  title")
        for r in desktop:
            p = phone.get((r["page"], r["title"]), {"median": float("nan"), "smallest": float("nan")})
            least = f"{r['smallest']:.1f} / {p['smallest']:.1f}"
            print(f"{r['page']:44} {r['kind']:11} {r['median']:7.1f} {p['median']:7.1f} {least:>18}  {r['title']}")


if __name__ == "__main__":
    main()
