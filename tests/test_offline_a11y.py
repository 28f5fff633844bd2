"""The shipped sample handbook in headless Chromium: nothing leaves 127.0.0.1, and axe-core finds no
critical or serious accessibility problem on the main page types.

axe-core comes from npm, pinned in tests/a11y/package.json + package-lock.json:
    npm ci --prefix tests/a11y
"""

from __future__ import annotations

import functools
import json
import time
import urllib.parse
from collections import defaultdict
from pathlib import Path

import pytest

from browser import console_errors, have_browser, requested_urls, start_chromium
from sitebuild import serve_dir

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not have_browser(), reason="Debian chromium/chromium-driver 未安装（tests/run.sh 会安装）")]

AXE = Path(__file__).resolve().parent / "a11y" / "node_modules" / "axe-core" / "axe.min.js"
LOCAL_HOST = "127.0.0.1"
LOCAL_SCHEMES = ("data", "about", "blob")


@pytest.fixture(scope="module")
def sample(sample_site):
    """(handbook, base URL) of the shipped sample (built once per session), served on 127.0.0.1."""
    hb, site = sample_site
    with serve_dir(site) as base:
        yield hb, base


@pytest.fixture(scope="module")
def driver(tmp_path_factory):
    d = start_chromium(tmp_path_factory.mktemp("chrome"))
    d.set_page_load_timeout(60)
    d.set_script_timeout(120)
    # the new-tab page that Chromium opens at start loads chrome:// resources into the log a moment later;
    # let it finish and drop it so only the handbook's own requests are counted
    d.get("about:blank")
    time.sleep(1.0)
    requested_urls(d)
    yield d
    d.quit()


def _first(mapping, prefer=None):
    return prefer if prefer in mapping else next(iter(mapping))


def page_urls(hb) -> dict[str, str]:
    """Page type → path below the site root."""
    unit = _first(hb.units, "sales-dept")
    position = _first(hb.positions, "sales-manager")
    process = _first(hb.processes, "contract-review")
    kpi = _first(hb.kpis, "collection-rate")
    course = next(iter(hb.courses))
    chapter = next(iter(hb.chapters))
    return {
        "home": "", "org index": "org/", "unit": f"org/{unit}/", "positions index": "positions/",
        "position": f"positions/{position}/", "processes index": "processes/", "process": f"processes/{process}/",
        "KPIs index": "kpis/", "KPI": f"kpis/{kpi}/", "training index": "training/", "course": f"training/{course}/",
        "process matrix": "processes/matrix/", "training matrix": "training/matrix/", "changes": "changes/",
        "print": "print/", "chapter": f"{chapter}/", "search": "search/?q=" + urllib.parse.quote("回款"),
    }


def _settle(driver, timeout: float = 10.0) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline and driver.execute_script("return document.readyState") != "complete":
        time.sleep(0.05)
    time.sleep(0.3)  # deferred work: search.js fetches its index, diagrams.js wires zoom


def test_every_request_stays_on_127_0_0_1(sample, driver):
    hb, base = sample
    requested_urls(driver)  # drop what the new browser did before the first page
    seen: list[str] = []
    foreign: list[str] = []
    for kind, path in page_urls(hb).items():
        driver.get(base + path)
        _settle(driver)
        for url in requested_urls(driver):
            seen.append(url)
            parts = urllib.parse.urlsplit(url)
            if parts.scheme in LOCAL_SCHEMES:
                continue
            if parts.scheme not in ("http", "https") or parts.hostname != LOCAL_HOST:
                foreign.append(f"{kind}: {url}")
        errors = [m for m in console_errors(driver) if "favicon" not in m]
        assert errors == [], f"{kind}: {errors}"
    hosts = sorted({urllib.parse.urlsplit(u).hostname or urllib.parse.urlsplit(u).scheme for u in seen})
    print(f"\n{len(seen)} requests over {len(page_urls(hb))} pages ({len(set(seen))} distinct URLs); hosts: {hosts}")
    assert foreign == []
    assert len(seen) >= len(page_urls(hb))  # the log really recorded the page loads


AXE_PAGES = ["home", "org index", "unit", "position", "process", "process matrix", "training matrix", "search"]
INDEX_PAGES = ["", "org/", "positions/", "processes/", "kpis/", "training/", "processes/matrix/", "training/matrix/",
               "changes/"]


def axe_targets(hb, main_types: bool) -> dict[str, str]:
    """Label → path of the pages axe checks in one organization: every index page, every unit page and
    every process page (where links sit in running text, tables and lists), and with `main_types` one
    page of each remaining type (a position, a search result)."""
    pages = {f"index {path or '/'}": path for path in INDEX_PAGES}
    pages.update({f"unit {uid}": f"org/{uid}/" for uid in hb.units})
    pages.update({f"process {pid}": f"processes/{pid}/" for pid in hb.processes})
    if main_types:
        urls = dict(page_urls(hb), search="search/?q=" + urllib.parse.quote("合同评审"))
        pages.update({kind: urls[kind] for kind in AXE_PAGES if urls[kind] not in pages.values()})
    return pages


def _axe(driver, url: str) -> list[dict]:
    driver.get(url)
    _settle(driver)
    driver.execute_script(_axe_source())
    raw = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations']})"
        "  .then(r => done(JSON.stringify(r.violations)))"
        "  .catch(e => done(JSON.stringify({error: String(e)})));")
    result = json.loads(raw)
    if isinstance(result, dict):
        raise AssertionError(f"axe.run failed on {url}: {result['error']}")
    return result


@functools.cache
def _axe_source() -> str:
    return AXE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def axe_violations(sample, school_site_shared, driver):
    """(page, violation) on every index, unit and process page of the sample and of the school, plus the
    sample's other main page types, in one browser session; printed by impact and rule (see with -s)."""
    if not AXE.exists():
        pytest.skip("run npm ci --prefix tests/a11y")
    hb, base = sample
    school, school_dir = school_site_shared
    found = [(f"sample {label}", v) for label, path in axe_targets(hb, True).items() for v in _axe(driver, base + path)]
    with serve_dir(school_dir) as school_base:
        targets = axe_targets(school, False)
        found += [(f"school {label}", v) for label, path in targets.items() for v in _axe(driver, school_base + path)]
    by_impact: dict[str, list[str]] = defaultdict(list)
    for kind, violation in found:
        by_impact[violation.get("impact") or "none"].append(_describe(kind, violation))
    print()
    for impact in ("critical", "serious", "moderate", "minor", "none"):
        for line in by_impact.get(impact, []):
            print(f"[{impact}] {line}")
    print(f"axe on {len(axe_targets(hb, True)) + len(targets)} pages; violations by impact: "
          + ", ".join(f"{k} {len(v)}" for k, v in sorted(by_impact.items())))
    return found


def _describe(kind: str, violation: dict) -> str:
    targets = [", ".join(map(str, node["target"])) for node in violation["nodes"]]
    return f"{kind}: {violation['id']} ({len(targets)} nodes) {violation['help']} — {targets[:3]}"


def _serious(found) -> list[str]:
    return [_describe(kind, v) for kind, v in found if v.get("impact") in ("critical", "serious")]


def test_axe_finds_no_serious_violations(axe_violations):
    """No rule is exempt: links inside running text, table cells and lists are underlined (handbook.css;
    axe link-in-text-block: the theme's link blue is 2.3 : 1 against body text, too close to tell apart
    by colour alone), and diagrams that hold links are role="group", not role="img"."""
    assert _serious(axe_violations) == []


def test_no_contrast_violations_on_chart_and_matrix_pages(axe_violations):
    """Issue 15: lane names were grey on blue; matrices and charts must read at 4.5 : 1."""
    charts_and_matrices = ("index org/", "unit ", "process ", "index processes/matrix/", "index training/matrix/")
    assert [_describe(kind, v) for kind, v in axe_violations
            if v["id"] == "color-contrast" and kind.split(" ", 1)[1].startswith(charts_and_matrices)] == []


LINK_LOOKS_JS = """
const look = sel => [...document.querySelectorAll(sel)].filter(a => a.offsetParent !== null || sel.includes('toc'))
  .map(a => getComputedStyle(a).textDecorationLine);
return {text: look(arguments[0]), nav: look('.md-nav a, .md-tabs a, .md-header a'), anchors: look('a.headerlink'),
        matrix: look('.hb-matrix thead a'), toc: look('.hb-print-toc li a'), crumbs: look('.hb-crumbs a'),
        components: look('a.hb-card, a.hb-page__result__link, a.hb-search__result__link')};
"""


def test_links_in_running_text_are_underlined_and_navigation_keeps_its_look(sample, driver):
    """axe link-in-text-block (serious) on index and process pages: the link blue was told apart from body
    text by colour alone. Links inside paragraphs and list items are underlined now; navigation, heading
    anchors, matrix headers, breadcrumbs, the print contents, cards and search results are not."""
    hb, base = sample
    seen = {}
    for page, text in (("processes/", "article p > a"), ("processes/collection/", "article li > a:not(.hb-anchor)"),
                       ("org/group-order-dept/", "article ul > li > a:not(.hb-anchor)"), ("processes/matrix/", None),
                       ("positions/sales-manager/", None), ("print/", None), ("", None),
                       ("search/?q=" + urllib.parse.quote("合同"), None)):
        driver.get(base + page)
        _settle(driver)
        found = driver.execute_script(LINK_LOOKS_JS, text or "none")
        seen[page] = found
        if text:
            assert found["text"] and all("underline" in d for d in found["text"]), (page, found["text"])
        for kind in ("nav", "anchors", "matrix", "toc", "crumbs", "components"):
            assert all("underline" not in d for d in found[kind]), (page, kind, found[kind])
    assert seen["processes/matrix/"]["matrix"] and seen["print/"]["toc"] and seen["processes/"]["nav"]
    assert seen["positions/sales-manager/"]["crumbs"] and seen[""]["components"]
