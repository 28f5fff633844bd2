"""What a reader sees around the content, in Chromium: Chinese chrome (404 page, heading anchors,
footer with the edition), header cells that never wrap one character per line (phone and desktop),
and matrices and indexes in the business's order."""

from __future__ import annotations

import pytest

from print_measure import OVERFLOW
from browser import needs_browser, start_chromium
from handbook.render import order
from handbook.render.edition import edition
from sitebuild import serve_dir

pytestmark = [pytest.mark.browser, needs_browser]

TABLE_PAGES = ["processes/", "kpis/", "training/", "positions/", "org/", "processes/matrix/", "training/matrix/",
               "processes/contract-review/", "positions/sales-manager/"]

WRAPPED_HEADERS_JS = """
const bad = [];
for (const th of document.querySelectorAll('.md-typeset thead th, .md-typeset .hb-facts th')) {
  if (getComputedStyle(th).writingMode.startsWith('vertical')) continue;  // matrix columns: written top to bottom
  const text = th.textContent.trim();
  if (text.length < 2 || th.offsetParent === null) continue;
  const range = document.createRange(); range.selectNodeContents(th);
  const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
  if (lines.size >= 2 && lines.size >= text.length / 1.5) bad.push(text + ' (' + lines.size + ' lines)');
}
return bad;
"""


CATEGORIES_JS = """
const heads = sel => [...document.querySelectorAll(sel)].map(h => h.firstChild.textContent.trim());
if (arguments[0] !== 'print/') return heads(arguments[0].includes('matrix') ? 'th[scope=colgroup]' : '.md-content h2');
const out = {};
for (const li of document.querySelectorAll('ol.hb-toc-parts > li')) {
  out[li.querySelector('a').getAttribute('href')] = [...li.querySelectorAll('.hb-toc-group > span')]
    .map(s => s.textContent.trim());
}
return out;
"""


def _declared_then_first_use(hb, kind: str, vocabulary: str | None) -> list[str]:
    """The rule for category order, written out: the declared list's order, then categories the list does
    not name in order of first use in the data, then 其他 (records without a category)."""
    used = list(dict.fromkeys(r.category or "其他" for r in getattr(hb, kind).values()))
    declared = [c for c in (hb.vocab.allowed(vocabulary) if vocabulary else ()) if c in used]
    rest = [c for c in used if c not in declared]
    return declared + [c for c in rest if c != "其他"] + [c for c in rest if c == "其他"]


def _assert_category_order(driver, base: str, hb) -> dict[str, list[str]]:
    """Every place that lists course, KPI or process categories lists them in one order."""
    listed = {}
    for page in ("training/", "training/matrix/", "kpis/", "processes/matrix/", "print/"):
        driver.get(base + page)
        listed[page] = driver.execute_script(CATEGORIES_JS, page)
    courses = _declared_then_first_use(hb, "courses", "course_categories")
    kpis = _declared_then_first_use(hb, "kpis", None)
    assert listed["training/"] == listed["training/matrix/"] == listed["print/"]["#part-courses-start"] == courses
    assert listed["kpis/"] == listed["print/"]["#part-kpis-start"] == kpis
    assert listed["processes/matrix/"] == _declared_then_first_use(hb, "processes", None)
    return listed


@pytest.fixture(scope="module")
def served(sample_site):
    hb, site = sample_site
    with serve_dir(site) as base:
        yield hb, site, base


@pytest.mark.parametrize("width", [390, 1280])
def test_header_cells_do_not_wrap_character_by_character(served, tmp_path, width):
    hb, _, base = served
    driver = start_chromium(tmp_path, width, 900)
    try:
        found = {}
        for page in TABLE_PAGES:
            driver.get(base + page)
            bad = driver.execute_script(WRAPPED_HEADERS_JS)
            if bad:
                found[page] = bad
    finally:
        driver.quit()
    assert found == {}


def test_header_cells_do_not_wrap_character_by_character_on_paper(served, case_sites, tmp_path):
    """On paper tables wrap to the page instead of scrolling (assets/print.css): a process with many roles
    (the bank's budget has 18, the sample's 新业务拓展 13) printed its 步骤 × 角色 headers one character per
    line, or (with 29 roles or more, in a tester's organization) was wider than the page, so Chromium shrank
    every printed page. Laid out for print at the page's width (703 px), no header of any process page, nor
    of the print edition, wraps that way, and nothing is wider than the page."""
    pages = {"sample": (served[2], [f"processes/{pid}/" for pid in served[0].processes] + ["print/"])}
    hb, site = case_sites("city-bank")
    driver = start_chromium(tmp_path, 703, 900)
    found = {}
    try:
        with serve_dir(site) as bank:
            pages["bank"] = (bank, [f"processes/{pid}/" for pid in hb.processes] + ["print/"])
            for org, (base, paths) in pages.items():
                for page in paths:
                    driver.get(base + page)
                    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
                    bad = driver.execute_script(WRAPPED_HEADERS_JS)
                    wide, viewport, offenders = driver.execute_script(OVERFLOW)
                    if wide > viewport:  # Chromium would shrink every printed page, charts included
                        bad.append(f"页面宽 {wide} px：{offenders}")
                    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
                    if bad:
                        found[org + " " + page] = bad
    finally:
        driver.quit()
    assert found == {}, "\n".join(f"{k}: {sorted(set(v))}" for k, v in found.items())


def test_chinese_chrome_and_edition_footer(served, tmp_path):
    hb, site, base = served
    ed = edition(hb.meta)
    driver = start_chromium(tmp_path, 1280, 900)
    try:
        driver.get(base + "no-such-page/")  # the static server answers 404; read the built 404 page itself
        driver.get(base + "404.html")
        heading = driver.execute_script("return document.querySelector('.md-content h1').textContent")
        assert "页面不存在" in heading and "Not found" not in driver.page_source
        driver.get(base + "processes/contract-review/")
        titles = driver.execute_script("return [...document.querySelectorAll('a.headerlink')].map(a => a.title)")
        assert titles and all(t == "本节的链接" for t in titles)
        footer = driver.execute_script("""
            const f = document.querySelector('footer.md-footer');
            return f ? {text: f.innerText, bg: getComputedStyle(f).backgroundColor, empty: f.innerText.trim() === ''} : null""")
        assert footer and not footer["empty"]
        for text in (ed["version"], ed["date"], "生效日期"):
            assert text in footer["text"]
        assert footer["bg"] not in ("rgb(0, 0, 0)", "rgba(0, 0, 0, 0.87)")
    finally:
        driver.quit()


def test_matrices_and_indexes_follow_the_organization(served, school_site_shared, tmp_path):
    hb, site, base = served
    units = [hb.units[u].name for u in order.units_in_org_order(hb)]
    driver = start_chromium(tmp_path, 1280, 900)
    try:
        driver.get(base + "training/matrix/")
        groups = driver.execute_script("return [...document.querySelectorAll('tr.hb-group th')].map(t => t.textContent.trim())")
        assert groups == [u for u in units if u in groups] and len(groups) >= 5
        colours = driver.execute_script("""
            const bg = c => getComputedStyle(document.querySelector(c)).backgroundColor;
            return [bg('td.hb-kind-required'), bg('td.hb-kind-optional')]""")
        assert colours[0] != colours[1]
        categories = driver.execute_script(
            "return [...document.querySelectorAll('th[scope=colgroup]')].map(t => t.textContent.trim())")
        assert len(categories) == len(set(categories)) == len({c.category for c in hb.courses.values()})
        # the sticky corner stays over the first column when the table scrolls sideways
        corner = driver.execute_script("""
            const w = document.querySelector('.hb-matrix-wrap'); w.scrollIntoView(); w.scrollLeft = 400;
            const c = document.querySelector('th.hb-corner').getBoundingClientRect();
            const r = document.querySelector('tbody th[scope=row]').getBoundingClientRect();
            const z = el => parseInt(getComputedStyle(el).zIndex) || 0;
            return {dx: Math.abs(c.left - w.getBoundingClientRect().left), wider: c.width >= r.width - 1,
                    above: z(document.querySelector('th.hb-corner')) > z(document.querySelector('tbody th[scope=row]'))}""")
        assert corner["dx"] < 2 and corner["wider"] and corner["above"], corner
        driver.get(base + "processes/")
        owners = driver.execute_script("return [...document.querySelectorAll('.md-content h2')].map(h => h.textContent.replace('本节的链接', '').replace('¶', '').trim())")
        expected = [hb.name_of(uid) for uid, _ in order.processes_by_owner(hb)]
        assert owners == expected
        # categories: one order on the indexes, the matrices and the print edition, for two organizations
        listed = _assert_category_order(driver, base, hb)
        assert len(listed["training/"]) >= 4 and len(listed["kpis/"]) >= 4  # the sample declares no list
        school, school_dir = school_site_shared
        with serve_dir(school_dir) as school_base:
            listed = _assert_category_order(driver, school_base, school)
        declared = list(school.vocab.allowed("course_categories"))  # 招生实务, 营销技能, 管理技能
        assert listed["training/matrix/"] == declared and len(declared) == 3
    finally:
        driver.quit()


def test_a_phone_viewport_is_really_phone_wide(served, tmp_path):
    """Headless Chromium keeps windows at least 500 px wide: the phone tests must lay pages out at 390."""
    _, _, base = served
    driver = start_chromium(tmp_path, 390, 844)
    try:
        driver.get(base)
        assert driver.execute_script("return [window.innerWidth, document.documentElement.clientWidth]")[0] == 390
    finally:
        driver.quit()
