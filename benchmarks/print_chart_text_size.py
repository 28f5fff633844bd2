"""Printed chart text size: the median size (pt) of the step text of every chart in Chromium's PDF of
the print edition, with the chart's orientation and the page it lands on (A4 portrait or landscape).

Builds a project, serves it on 127.0.0.1, prints print/ with Chromium (page sizes from the site's
@page rules) and measures the PDF with poppler's pdftotext (see tests/print_measure.py).
Not part of the test suite (tests/test_print_edition.py asserts the 7 pt minimum). Run:
    python benchmarks/print_chart_text_size.py [PROJECT_DIR]      # default: the repository's sample
"""

from __future__ import annotations

import re
import statistics
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "generators"))
sys.path.insert(0, str(HERE.parent / "tests"))


def main() -> None:
    from browser import start_chromium
    from print_measure import measure, print_to_pdf
    from sitebuild import build_project, copy_project, serve_dir

    source = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE.parent
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        project = copy_project(source, tmp / "project")
        site = build_project(project, project / "site").site
        driver = start_chromium(tmp)
        try:
            with serve_dir(site) as base:
                pdf = print_to_pdf(driver, base + "print/", tmp / "book.pdf")
        finally:
            driver.quit()
        html = (site / "print" / "index.html").read_text(encoding="utf-8")
        charts: dict[str, list] = {}
        for c in measure(html, pdf):  # the parts of a split chart are titled "…（2/3）"
            charts.setdefault(re.sub(r"（\d+/\d+）$", "", c.title), []).append(c)
        print(f"{'drawing':10} {'page':9} {'parts':>5} {'median pt':>9} {'min pt':>6} {'lines':>5}  title")
        for title, parts in charts.items():
            sizes = [s for c in parts for s in c.sizes]
            pages = {("landscape" if c.landscape else "portrait") if c.page >= 0 else "-" for c in parts}
            print(f"{parts[0].kind:10} {'/'.join(sorted(pages)):9} {len(parts):5} "
                  f"{statistics.median(sizes) if sizes else 0:9.1f} {min(sizes, default=0):6.1f} {len(sizes):5}  {title}")


if __name__ == "__main__":
    main()
