"""Charts as a reader sees them, in Chromium, without clicking anything.

Every process and org page of the shipped sample, of the fixture handbooks (tests/cases: minimal,
training-school, city-bank) and of a synthetic organization: the median step (or org box) text renders
at >= 11 px at 1280 x 900 and >= 10 px on a 390 px phone, and no text of a chart (headcounts, badges,
edge labels, the legend) under 10 px on either; on the phone no chart page scrolls sideways as a whole
(a chart scrolls in its own box) and the org chart legend is read without scrolling sideways at all;
lane headers stay in view while the chart scrolls; SVG text keeps a contrast of 4.5 : 1 against the
shape it sits on (axe does not look inside SVG).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from browser import MIN_WINDOW, needs_browser, start_chromium
from sitebuild import build_project, serve_dir

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from chart_text_size import MEASURE_JS, chart_pages  # noqa: E402

pytestmark = [pytest.mark.browser, needs_browser]
DESKTOP, PHONE = (1280, 900, 11.0), (390, 844, 10.0)
MIN_TEXT_PX = 10.0


@pytest.fixture(scope="module")
def sites(sample_site, case_sites, tmp_path_factory):
    """name → built site: the sample, the fixture handbook and a synthetic organization."""
    from handbook.synthetic import generate

    out = {"sample": sample_site[1]}
    base = tmp_path_factory.mktemp("readability")
    for name in ("minimal", "training-school", "city-bank"):
        out[name] = case_sites(name)[1]
    generate(base / "synthetic", 60, seed=7)
    out["synthetic"] = build_project(base / "synthetic", base / "synthetic" / "site").site
    return out


PHONE_JS = """
const doc = document.documentElement, out = {page_width: doc.scrollWidth, window: doc.clientWidth, legend: []};
for (const svg of document.querySelectorAll('svg.hb-orgchart:not(.hb-diagram-copy):not(.hb-print-chart)')) {
  const view = svg.closest('.hb-diagram-scroll').getBoundingClientRect();
  for (const t of svg.querySelectorAll('.hb-legend text')) {
    const r = t.getBoundingClientRect();
    out.legend.push({text: t.textContent, shown: r.left >= Math.max(0, view.left) - 0.5
                                                   && r.right <= Math.min(doc.clientWidth, view.right) + 0.5});
  }
}
return out;
"""


@pytest.mark.parametrize("window", [DESKTOP, PHONE], ids=["1280px", "390px"])
def test_chart_text_is_readable_without_zooming(sites, tmp_path, window):
    width, height, minimum = window
    driver = start_chromium(tmp_path, width, height)
    too_small, small_text, unreadable, measured, org_sites, legend_entries = [], [], [], 0, set(), 0
    try:
        for name, site in sites.items():
            pages = chart_pages(site)
            assert any(p.startswith("processes/") for p in pages) and any(p.startswith("org/") for p in pages)
            with serve_dir(site) as base:
                for page in pages:
                    driver.get(base + page)
                    for chart in driver.execute_script(MEASURE_JS):
                        measured += 1
                        if chart["kind"] == "org":
                            org_sites.add(name)
                        if chart["median"] < minimum - 0.05:
                            too_small.append((name, page, round(chart["median"], 1)))
                        if chart["smallest"] < MIN_TEXT_PX - 0.05:
                            small_text.append((name, page, round(chart["smallest"], 1)))
                    if width < MIN_WINDOW:
                        phone = driver.execute_script(PHONE_JS)
                        assert phone["window"] == width, phone  # a real phone viewport, not the 500 px window
                        legend_entries += len(phone["legend"])
                        if phone["page_width"] > width or not all(e["shown"] for e in phone["legend"]):
                            unreadable.append((name, page, phone))
    finally:
        driver.quit()
    assert measured >= 20 and len(org_sites) >= 4 and (width >= MIN_WINDOW or legend_entries >= 10)
    assert too_small == []
    assert small_text == []
    assert unreadable == []


SCROLL_JS = """
const wrap = document.querySelector('.hb-diagram-wrap');
const scroll = wrap.querySelector('.hb-diagram-scroll');
const head = wrap.querySelector('.hb-sticky-head');
const svg = scroll.querySelector('svg.hb-diagram:not(.hb-diagram-copy):not(.hb-print-chart)');
wrap.scrollIntoView();
const vertical = svg.classList.contains('hb-vertical');
if (vertical) scroll.scrollTop = scroll.scrollHeight; else scroll.scrollLeft = scroll.scrollWidth;
const s = scroll.getBoundingClientRect(), h = head.getBoundingClientRect();
const lanes = [...head.querySelectorAll('.hb-lane')].map(g => g.getBoundingClientRect())
  .filter(r => vertical ? (r.right > s.left && r.left < s.right) : (r.bottom > s.top && r.top < s.bottom));
return {vertical: vertical, scrolled: vertical ? scroll.scrollTop : scroll.scrollLeft,
        offset: vertical ? h.top - s.top : h.left - s.left, visible_lanes: lanes.length,
        hidden: head.querySelector('svg').getAttribute('aria-hidden'),
        focusable: [...head.querySelectorAll('a')].filter(a => a.getAttribute('tabindex') !== '-1').length};
"""


def test_lane_names_stay_in_view_while_scrolling(sample_site, tmp_path):
    hb, site = sample_site
    driver = start_chromium(tmp_path, 1280, 900)
    seen = set()
    try:
        with serve_dir(site) as base:
            for pid in sorted(hb.processes):
                driver.get(base + f"processes/{pid}/")
                state = driver.execute_script(SCROLL_JS)
                if state["scrolled"] <= 0:
                    continue  # fits: nothing to keep in view
                seen.add(state["vertical"])
                assert abs(state["offset"]) < 1.5, (pid, state)
                assert state["visible_lanes"] >= 1 and state["hidden"] == "true" and state["focusable"] == 0
    finally:
        driver.quit()
    assert True in seen  # at least one vertical chart of the sample scrolls


CONTRAST_JS = """
function rgb(c, under) {  // composite a translucent colour over what lies beneath it
  const m = c.match(/[\\d.]+/g).map(Number), a = m.length > 3 ? m[3] : 1;
  if (a === 0) return null;
  return m.slice(0, 3).map((v, i) => a * v + (1 - a) * (under ? under[i] : 255));
}
function lum(c) { const [r, g, b] = c.map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
                  return 0.2126 * r + 0.7152 * g + 0.0722 * b; }
function ratio(a, b) { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); }
const page = rgb(getComputedStyle(document.body).backgroundColor) || [255, 255, 255];
const bad = [];
for (const svg of document.querySelectorAll('svg.hb-diagram:not(.hb-diagram-copy):not(.hb-print-chart)')) {
  for (const t of svg.querySelectorAll('text')) {
    const node = t.closest('.hb-node');
    let back = page;
    if (t.classList.contains('hb-badge')) back = rgb(getComputedStyle(t.previousElementSibling).fill, page) || back;
    else if (node) back = rgb(getComputedStyle(node.querySelector('.hb-shape')).fill, page) || back;
    const st = getComputedStyle(t);
    const fore = rgb(st.fill, back);
    let r = ratio(fore, back);
    // a stroke drawn over the glyphs (not a halo painted under them) is what the reader sees as the text colour
    if (st.stroke !== 'none' && parseFloat(st.strokeWidth) > 0 && !st.paintOrder.startsWith('stroke'))
      r = Math.min(r, ratio(rgb(st.stroke, back), back));
    if (r < 4.5) bad.push([t.textContent, r.toFixed(2)]);
  }
}
return bad;
"""


def test_chart_text_contrast(sample_site, tmp_path):
    hb, site = sample_site
    driver = start_chromium(tmp_path, 1280, 900)
    try:
        with serve_dir(site) as base:
            pages = ["org/", "org/sales-dept/"] + [f"processes/{pid}/" for pid in sorted(hb.processes)[:6]]
            for page in pages:
                driver.get(base + page)
                assert driver.execute_script(CONTRAST_JS) == [], page
    finally:
        driver.quit()


def test_participants_are_drawn_as_in_the_step_table(sample_site):
    """Every participant of a step has a box in its own lane, as the step table lists it."""
    hb, site = sample_site
    checked = 0
    for pid, proc in hb.processes.items():
        html = (site / "processes" / pid / "index.html").read_text(encoding="utf-8")
        for step in proc.steps:
            for p in step.participants:
                if p.role != step.role:
                    assert f'data-id="{step.id}@{p.role}"' in html, (pid, step.id, p.role)
                    checked += 1
    assert checked > 0
