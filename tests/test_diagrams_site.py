"""Diagrams as a reader sees them: visible, sized, linked, and no console errors, in real Chromium."""

from __future__ import annotations

import pytest

from browser import console_errors, needs_browser, start_chromium
from sitebuild import serve_dir

pytestmark = [pytest.mark.browser, needs_browser]

PAGES = {
    "org overview": "org/",
    "unit": "org/sales-dept/",
    "process with phases": "processes/new-business-development/",
    "process with a loop": "processes/contract-review/",
}


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    driver = start_chromium(tmp_path_factory.mktemp("chrome"))
    yield driver
    driver.quit()


@pytest.mark.parametrize("label", list(PAGES))
def test_diagram_is_visible_and_linked(sample_site, browser, tmp_path, label):
    _, site = sample_site
    with serve_dir(site) as base:
        browser.get(base + PAGES[label])
        charts = browser.execute_script("""
            return Array.from(document.querySelectorAll('svg.hb-diagram:not(.hb-print-chart):not(.hb-diagram-copy)')).map(function (svg) {
              var r = svg.getBoundingClientRect();
              return {w: r.width, h: r.height, links: svg.querySelectorAll('a').length,
                      visible: getComputedStyle(svg).visibility !== 'hidden' && getComputedStyle(svg).display !== 'none'};
            });""")
        browser.save_screenshot(str(tmp_path / f"{label.replace(' ', '-')}.png"))
        assert charts, f"no diagram on {PAGES[label]}"
        for chart in charts:
            assert chart["visible"] and chart["w"] > 100 and chart["h"] > 50, chart
            assert chart["links"] >= 2
        assert console_errors(browser) == []
        assert (tmp_path / f"{label.replace(' ', '-')}.png").stat().st_size > 10_000


def test_clicking_a_box_opens_its_page(sample_site, browser):
    hb, site = sample_site
    with serve_dir(site) as base:
        browser.get(base + "org/sales-dept/")
        href = browser.execute_script(
            "var a = document.querySelector('svg.hb-diagram a[href*=\"positions/\"]'); return a && a.getAttribute('href');")
        assert href, "no position box links to its page"
        browser.get(base + "org/sales-dept/" + href)
        title = browser.find_element("css selector", "h1").text
        assert title in {p.name for p in hb.positions.values()}
