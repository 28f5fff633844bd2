"""The sample's query set, typed into the header search box of the built site in Chromium."""

from __future__ import annotations

import time
import urllib.parse
from pathlib import Path

import pytest
import yaml

from browser import console_errors, needs_browser, start_chromium
from sitebuild import serve_dir

pytestmark = [pytest.mark.browser, needs_browser]
QUERIES = yaml.safe_load((Path(__file__).parent / "search_queries_sample.yaml").read_text(encoding="utf-8"))


def top_links(driver, base: str, timeout: float = 10) -> list[str]:
    """Site-relative hrefs of the dropdown's results, once the list has settled."""
    deadline, last = time.monotonic() + timeout, None
    while time.monotonic() < deadline:
        links = driver.execute_script("""
            var list = document.querySelector('.hb-search__dropdown');
            if (!list || list.hidden) return null;
            return Array.from(list.querySelectorAll('.hb-search__item a')).map(function (a) { return a.href; });""")
        if links is not None and links == last:
            return [urllib.parse.urljoin(base, href)[len(base):] for href in links]
        last = links
        time.sleep(0.15)
    raise AssertionError("the dropdown never settled")


def test_query_set_in_the_header_box(sample_site, tmp_path):
    _, site = sample_site
    driver = start_chromium(tmp_path)
    failures = []
    try:
        with serve_dir(site) as base:
            driver.get(base + "positions/business-assistant/")
            box = driver.find_element("css selector", ".hb-search__input")
            for query in QUERIES["queries"]:
                box.clear()
                box.send_keys(query["q"])
                top = top_links(driver, base)[:5]
                wanted = query.get("expect_url", [])
                if not any(link.startswith(prefix) for link in top for prefix in wanted):
                    failures.append(f"{query['q']}: {top}")
            assert console_errors(driver) == []
    finally:
        driver.quit()
    assert len(QUERIES["queries"]) >= 40
    assert failures == []
