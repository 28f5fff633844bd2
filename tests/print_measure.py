"""Chart text size on paper: Chromium prints the print edition to PDF, poppler gives each word's box.

Used by tests/test_print_edition.py and benchmarks/print_chart_text_size.py. Everything but the charts
is made invisible before printing (`visibility: hidden` keeps the layout exactly as it is, it only stops
the text from being drawn), so a step name in a step table is never taken for the chart's own text.
Each printed drawing is found on the page that holds most of its step lines; its text size there is
word length / characters (CJK glyphs are 1 em wide), in pt.
"""

from __future__ import annotations

import base64
import re
import statistics
import subprocess
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

CHARTS_ONLY = """
const style = document.createElement('style');
style.textContent = '@media print { body * { visibility: hidden !important; } '
  + '.hb-chart, .hb-chart * { visibility: visible !important; } }';
document.head.appendChild(style);
"""
XHTML = "{http://www.w3.org/1999/xhtml}"
CHART_DIV = re.compile(r'<div class="hb-chart( hb-has-print)?[^"]*">')
OVERFLOW = """
const out = [];
for (const e of document.querySelectorAll('.md-content *')) {
  const r = e.getBoundingClientRect();
  if (r.width && r.right > document.documentElement.clientWidth + 1 && !e.closest('.hb-screen-only'))
    out.push(e.tagName + '.' + (e.className.baseVal ?? e.className) + ' ' + Math.round(r.width) + 'px');
}
return [document.documentElement.scrollWidth, document.documentElement.clientWidth, out.slice(0, 5)];
"""
SVG = re.compile(r"<svg\b[^>]*>.*?</svg>", re.S)
BOX_TEXT = {"process": r"hb-(?:step|decision|call|event|participant|gateway-[a-z]+)", "org": r"hb-(?:unit|position)"}


@dataclass
class PrintedChart:
    """One drawing as printed: its title, kind (horizontal / vertical swimlane, org), the text lines of
    its step (process) or unit/position (org) boxes, and what was measured on paper."""

    title: str
    kind: str
    lines: list[str]
    landscape_css: bool = False  # its chart block asks for a landscape page
    page: int = -1
    page_size: tuple[float, float] = (0.0, 0.0)
    sizes: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.sizes) if self.sizes else 0.0

    @property
    def landscape(self) -> bool:
        return self.page_size[0] > self.page_size[1]


def printed_drawings(html: str) -> list[PrintedChart]:
    """Every drawing that prints, in page order: the print drawing of a chart that has one, else the chart."""
    out = []
    for match in CHART_DIV.finditer(html):
        end = html.find("</div>", match.end())
        block = html[match.end(): end if end >= 0 else len(html)]
        svgs = SVG.findall(block)
        if match.group(1):
            svgs = [s for s in svgs if "hb-print-chart" in s[:s.index(">")]]
        for svg in svgs:
            head = svg[:svg.index(">")]
            cls = re.search(r'class="([^"]*)"', head).group(1).split()
            kind = ("vertical" if "hb-vertical" in cls else "horizontal") if "hb-swimlane" in cls else "org"
            box = BOX_TEXT["org" if kind == "org" else "process"]
            nodes = re.findall(r'<(?:a|g) [^>]*class="hb-node ' + box + r'[ "][^>]*>.*?</(?:a|g)>', svg, re.S)
            lines = [t for n in nodes for t in re.findall(r"<tspan[^>]*>([^<]+)</tspan>", n)]
            title = re.search(r'aria-label="([^"]*)"', head).group(1)
            out.append(PrintedChart(title, kind, [t for t in lines if _cjk(t)], "hb-print-landscape" in match.group(0)))
    return out


def _cjk(text: str) -> bool:
    return len(text) >= 2 and all("\u4e00" <= ch <= "\u9fff" for ch in text)


def print_to_pdf(driver, url: str, target: Path, charts_only: bool = True) -> Path:
    """Open `url` and print it with the page's own @page sizes (Chromium's print-to-PDF)."""
    driver.get(url)
    if charts_only:
        driver.execute_script(CHARTS_ONLY)
    pdf = driver.execute_cdp_cmd("Page.printToPDF", {"preferCSSPageSize": True, "printBackground": True})
    target.write_bytes(base64.b64decode(pdf["data"]))
    return target


def print_overflow(driver, url: str) -> tuple[int, int, list[str]]:
    """(document width, viewport width, the first elements wider than the viewport) of `url` laid out for
    print in a window as wide as the page: whatever overflows makes Chromium shrink every printed page."""
    driver.get(url)
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        return tuple(driver.execute_script(OVERFLOW))
    finally:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})


def pdf_words(pdf: Path) -> list[tuple[tuple[float, float], list[tuple[str, float]]]]:
    """[(page size in pt, [(CJK word, size in pt)])] per page, from `pdftotext -bbox`."""
    out_html = pdf.with_suffix(".bbox.html")
    subprocess.run(["pdftotext", "-bbox", str(pdf), str(out_html)], check=True, stderr=subprocess.DEVNULL)
    pages = []
    for page in ET.parse(out_html).getroot().iter(f"{XHTML}page"):
        boxes = [(w.text or "", *(float(w.get(k)) for k in ("xMin", "yMin", "xMax", "yMax")))
                 for w in page.iter(f"{XHTML}word")]
        words = [(text, (x1 - x0) / len(text)) for text, x0, y0, x1, y1 in boxes if _cjk(text)]
        words += _turned_words(boxes)
        pages.append(((float(page.get("width")), float(page.get("height"))), words))
    return pages


def _turned_words(boxes) -> list[tuple[str, float]]:
    """Text turned a quarter turn (read bottom to top) comes out of poppler one glyph at a time, each glyph
    directly above the one before it: those runs joined into words, size = run length / glyphs."""
    out, run = [], []
    for box in boxes + [("", 0.0, 0.0, 0.0, 0.0)]:
        text, x0, y0, x1, y1 = box
        if run and len(text) == 1 and abs(x0 - run[-1][1]) < 0.01 and abs(y0 - run[-1][4]) < 0.5:
            run.append(box)
            continue
        if len(run) >= 2:
            word = "".join(b[0] for b in reversed(run))
            if _cjk(word):
                out.append((word, (run[-1][4] - run[0][2]) / len(run)))
        run = [box] if len(text) == 1 else []
    return out


def measure(html: str, pdf: Path) -> list[PrintedChart]:
    """The printed drawings of `html` with their page, page size and text sizes measured in `pdf`."""
    charts = printed_drawings(html)
    pages = pdf_words(pdf)
    counts = [Counter(w for w, _ in words) for _, words in pages]
    for chart in charts:
        want = Counter(chart.lines)
        best = max(range(len(pages)), key=lambda p: (sum(min(n, counts[p][t]) for t, n in want.items()), -p),
                   default=-1)
        if best < 0:
            continue
        chart.page, chart.page_size = best, pages[best][0]
        left = Counter(want)
        for text, size in pages[best][1]:
            if left[text] > 0:
                left[text] -= 1
                chart.sizes.append(size)
    return charts
