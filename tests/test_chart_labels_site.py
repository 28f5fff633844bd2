"""Chart labels on the BUILT sites of four organizations, with the site's own stylesheets (issue 15, "Labels").

The sample, tests/cases/training-school, tests/cases/city-bank and tests/cases/hospital are built once per
module. In Chromium (served on 127.0.0.1), on every process and org page: every SVG text keeps the size the
layout drew it at (no page stylesheet restyles chart text: search.css once grew the chart badges to 0.85 em),
every badge's text lies inside its pill and every box's text inside its box. In the built HTML, statically:
no line of a chart label is a single CJK character unless the whole label is one character.
"""

from __future__ import annotations

import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from browser import needs_browser, start_chromium
from sitebuild import serve_dir

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from chart_text_size import chart_pages  # noqa: E402

CASES = Path(__file__).resolve().parent / "cases"
ORGS = ("sample", "training-school", "city-bank", "hospital")
SVG = re.compile(r'<svg [^>]*class="hb-diagram[^"]*"[^>]*>.*?</svg>', re.S)
NS = "{http://www.w3.org/2000/svg}"
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


@pytest.fixture(scope="module")
def org_sites(sample_site, case_sites) -> dict[str, Path]:
    """Organization name → its built site."""
    return {"sample": sample_site[1], **{case: case_sites(case)[1] for case in ORGS[1:]}}


# ------------------------------------------------------------------ static: balanced lines, no orphans


def chart_labels(html: str) -> list[tuple[str, tuple[str, ...]]]:
    """(class, lines) of every <text> in every chart of a page (screen, sticky copy and print drawings)."""
    out = []
    for svg in SVG.findall(html):
        root = ET.fromstring(svg)
        for text in root.iter(NS + "text"):
            spans = tuple("".join(s.itertext()).strip() for s in text.iter(NS + "tspan"))
            out.append((text.get("class", ""), spans or ("".join(text.itertext()).strip(),)))
    return out


def orphans(labels) -> list[str]:
    """Labels with a line that is a single CJK character while the label has more than one character."""
    return ["|".join(lines) for _, lines in labels
            if len("".join(lines)) > 1 and any(len(line) == 1 and CJK.match(line) for line in lines)]


def test_orphan_check_finds_the_audited_examples():
    """The check itself: the audit's phase names are orphans, a one-character label is not."""
    svg = ('<svg xmlns="http://www.w3.org/2000/svg" class="hb-diagram hb-swimlane"><text class="hb-header">'
           '<tspan>运营</tspan><tspan>与评</tspan><tspan>估</tspan></text><text class="hb-label"><tspan>开班</tspan>'
           '</text><text class="hb-label"><tspan>审</tspan></text></svg>')
    assert orphans(chart_labels(svg)) == ["运营|与评|估"]


def test_no_chart_line_is_a_single_orphaned_character(org_sites):
    found, seen = [], 0
    for org, site in org_sites.items():
        pages = chart_pages(site)
        assert any(p.startswith("processes/") for p in pages), org
        for page in pages:
            labels = chart_labels((site / page / "index.html").read_text(encoding="utf-8"))
            seen += sum(len(lines) > 1 for _, lines in labels)
            found += [(org, page, o) for o in orphans(labels)]
    assert seen >= 200  # wrapped labels were really looked at
    assert found == []


# ------------------------------------------------------------------ browser: sizes and fit with the site's CSS


FIT_JS = """
const bad = [];
let badges = 0, texts = 0;
const svgs = document.querySelectorAll('svg.hb-diagram:not(.hb-diagram-copy):not(.hb-print-chart)');
function inRhombus(px, py, b) {
  return Math.abs(px - (b.x + b.width / 2)) / (b.width / 2) + Math.abs(py - (b.y + b.height / 2)) / (b.height / 2) <= 1.02;
}
function inCircle(px, py, b) {
  const r = b.width / 2; return Math.hypot(px - (b.x + r), py - (b.y + b.height / 2)) <= r + 0.5;
}
for (const svg of svgs) {
  for (const t of svg.querySelectorAll('text')) {
    texts++;
    const st = getComputedStyle(t), drawn = parseFloat(t.getAttribute('font-size'));
    if (Math.abs(parseFloat(st.fontSize) - drawn) > 0.01 || (st.letterSpacing !== 'normal' && parseFloat(st.letterSpacing) !== 0))
      bad.push(['restyled', t.textContent, st.fontSize, drawn, st.letterSpacing]);
  }
  for (const t of svg.querySelectorAll('text.hb-badge')) {
    badges++;
    const pill = t.previousElementSibling.getBBox(), b = t.getBBox();
    if (b.x < pill.x - 0.5 || b.x + b.width > pill.x + pill.width + 0.5)
      bad.push(['badge', t.textContent, +b.width.toFixed(1), +pill.width.toFixed(1)]);
  }
  for (const node of svg.querySelectorAll('.hb-node')) {
    const shape = node.querySelector('.hb-shape');
    if (!shape) continue;
    const sb = shape.getBBox(), kind = shape.tagName;
    for (const t of node.querySelectorAll('text')) {
      for (const s of t.querySelectorAll('tspan')) {
        const n = s.getNumberOfChars();
        if (!n) continue;
        const first = s.getExtentOfChar(0), last = s.getExtentOfChar(n - 1);
        const left = first.x, right = last.x + last.width;
        const base = parseFloat(s.getAttribute('y')), em = parseFloat(t.getAttribute('font-size'));
        const top = base - 0.8 * em;
        let ok = left >= sb.x - 0.5 && right <= sb.x + sb.width + 0.5;
        if (kind === 'polygon') ok = [[left, top], [right, top], [left, base], [right, base]].every(([x, y]) => inRhombus(x, y, sb));
        if (kind === 'circle') ok = [[left, top], [right, top], [left, base], [right, base]].every(([x, y]) => inCircle(x, y, sb));
        if (!ok) bad.push(['box', node.dataset.id, s.textContent, +left.toFixed(1), +right.toFixed(1), +sb.x.toFixed(1), +(sb.x + sb.width).toFixed(1)]);
      }
    }
  }
}
return {bad: bad, badges: badges, texts: texts, charts: svgs.length};
"""


@pytest.mark.browser
@needs_browser
def test_chart_text_fits_its_boxes_with_the_site_css(org_sites, tmp_path):
    """Issue 15: "Badges sized to their text" as the reader sees them, with every stylesheet of the site."""
    driver = start_chromium(tmp_path, 1280, 900)
    bad, badges, texts, charts = [], 0, 0, 0
    try:
        for org, site in org_sites.items():
            with serve_dir(site) as base:
                for page in chart_pages(site):
                    driver.get(base + page)
                    r = driver.execute_script(FIT_JS)
                    bad += [(org, page, *b) for b in r["bad"]]
                    badges, texts, charts = badges + r["badges"], texts + r["texts"], charts + r["charts"]
    finally:
        driver.quit()
    assert charts >= 40 and badges >= 20 and texts >= 1000
    assert bad == []


PRINT_JS = """
const width = (sel) => [...document.querySelectorAll(sel)].map(s => parseFloat(getComputedStyle(s).strokeWidth));
return {call: width('svg.hb-swimlane .hb-call .hb-shape'), end: width('svg.hb-swimlane .hb-end .hb-shape'),
        step: width('svg.hb-swimlane a.hb-step .hb-shape')};
"""


@pytest.mark.browser
@needs_browser
def test_thick_outlines_stay_thick_on_paper(sample_site, tmp_path):
    """BPMN: a call activity (a hand-off to another process) and the End event have thick outlines, on screen
    and in print (the print rule that thins linked boxes once made them look like plain tasks)."""
    driver = start_chromium(tmp_path, 1280, 900)
    try:
        with serve_dir(sample_site[1]) as base:
            driver.get(base + "processes/contract-review/")
            screen = driver.execute_script(PRINT_JS)
            driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
            paper = driver.execute_script(PRINT_JS)
    finally:
        driver.quit()
    for widths in (screen, paper):
        assert widths["call"] and widths["end"] and widths["step"]
        assert min(widths["call"] + widths["end"]) >= 2 * max(widths["step"]), widths
