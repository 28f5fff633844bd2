"""Printed chart text size: the median size (pt) of the step text of every chart in Chromium's PDF of
the print edition, with the chart's orientation and the page it lands on (A4 portrait or landscape).

Builds a project, serves it on 127.0.0.1, prints print/ with Chromium (page sizes from the site's
@page rules) and measures the PDF with poppler's pdftotext (see tests/print_measure.py).
Not part of the test suite (tests/test_print_edition.py asserts the 7 pt minimum). Run:
    python benchmarks/print_chart_text_size.py [PROJECT_DIR]      # default: the repository's sample
"""

from __future__ import annotations

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
        print(f"{'kind':10} {'page':9} {'median pt':>9} {'min pt':>6} {'lines':>5}  title")
        for c in measure(html, pdf):
            page = ("landscape" if c.landscape else "portrait") if c.page >= 0 else "-"
            print(f"{c.kind:10} {page:9} {c.median:9.1f} {min(c.sizes, default=0):6.1f} {len(c.sizes):5}  {c.title}")


if __name__ == "__main__":
    main()
