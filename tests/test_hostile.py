"""Hostile text in every data field: it must reach the reader as text, never as markup or script.

tests/cases/hostile is a complete small handbook whose every text field carries
payloads (HTML/script tags, event handlers, javascript: URLs, Markdown links and
attribute lists, Jinja syntax, HTML entities, backticks, the project's own [[…]]
syntax, spreadsheet formulas). Ids stay valid, so the project validates.

Most payloads set `window.__pwned`; the handbook title sets `window.__pwned_by_title`
(it becomes Material's site_name, printed on every page) and the course name that
tries to close the page's <title> sets `window.__pwned_by_name`. All three markers
are checked alike (MARKERS) and must stay undefined in the browser; the static scan
covers every byte of every page, diagrams, the print heading and <title> included.
"""

from __future__ import annotations

import io
import json
import re
import time
import urllib.parse
from html.parser import HTMLParser
from pathlib import Path

import pytest

from browser import console_errors, have_browser, needs_browser, start_chromium
from conftest import CASES
from handbook.pipeline import load_handbook
from sitebuild import build_project, copy_project, serve_dir

HOSTILE = CASES / "hostile"
URL_ATTRS = {"href", "src", "xlink:href", "action", "formaction", "data", "srcdoc", "poster"}
DIAGRAM = re.compile(r'<svg\b[^>]*class="hb-diagram[^"]*".*?</svg>', re.S)
PAGES = ["", "org/", "org/center/", "org/sales-dept/", "positions/", "positions/gm/", "positions/sales-manager/",
         "processes/", "processes/contract-review/", "kpis/", "kpis/collection-rate/", "kpis/sales-amount/",
         "training/", "training/leadership/", "processes/matrix/", "training/matrix/", "print/", "changes/",
         "rules/", "code-samples/"]
MARKERS = ("__pwned", "__pwned_by_title", "__pwned_by_name")
"""The window properties the payloads set; every one must stay undefined."""
SEARCHES = ["<script>", "onerror", "javascript", "{{", "window.__pwned", "[[", "点我", "<img src=x", "总经理"]


# --------------------------------------------------------------------------- static scan
class _Scan(HTMLParser):
    """Collects markup that can only have come from a data field being treated as HTML."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.raw: str | None = None

    def _tag(self, tag: str, attrs) -> None:
        values = dict(attrs)
        for name, value in attrs:
            value = value or ""
            if name.startswith("on") and "pwned" in value:
                self.found.append(f"<{tag} {name}={value[:40]!r}>")
            if name in URL_ATTRS and re.match(r"\s*(javascript|vbscript):", value, re.I):
                self.found.append(f"<{tag} {name}={value[:40]!r}>")
        if tag in ("iframe", "object", "embed"):
            self.found.append(f"<{tag}>")
        if tag == "img" and values.get("src") == "x":
            self.found.append("<img src=x>")
        if "markdown" in values:
            self.found.append(f"<{tag} markdown=…>")
        if tag in ("script", "style"):
            self.raw = tag

    def handle_starttag(self, tag, attrs):
        self._tag(tag, attrs)

    def handle_startendtag(self, tag, attrs):
        self._tag(tag, attrs)

    def handle_endtag(self, tag):
        if tag == self.raw:
            self.raw = None

    def handle_data(self, data):
        if self.raw == "script" and "pwned" in data:
            self.found.append(f"<script>{data.strip()[:40]}")
        if self.raw == "style" and "display:none" in data.replace(" ", ""):
            self.found.append(f"<style>{data.strip()[:40]}")


def scan(html: str) -> list[str]:
    parser = _Scan()
    parser.feed(html)
    return parser.found


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data):
        self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return re.sub(r"\s+", " ", "".join(parser.parts))


# --------------------------------------------------------------------------- the built site
@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """(handbook, site dir, project dir), built like any other project: strict, with the link check."""
    tmp = tmp_path_factory.mktemp("hostile")
    project = copy_project(HOSTILE, tmp / "project")
    hb, report = load_handbook(project)
    assert hb is not None, "\n".join(d.format() for d in report.errors)
    site = build_project(project, tmp / "site").site
    return hb, site, project


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, (list, tuple)):
        return [s for v in value for s in _strings(v)]
    if hasattr(value, "model_dump"):
        return _strings(value.model_dump())
    return []


def data_strings(hb) -> list[str]:
    out = _strings(hb.meta) + [s for group in hb.synonyms for s in group]
    for kind in ("units", "positions", "kpis", "processes", "courses"):
        for record in getattr(hb, kind).values():
            out += _strings(record)
    return out


PRINT_H1 = re.compile(r"<h1\b[^>]*>.*?（打印版）.*?</h1>", re.S)
"""The print page's heading, which carries the handbook title."""


def html_files(site: Path):
    return sorted(site.rglob("*.html"))


def test_every_text_field_carries_a_payload(hostile):
    """The fixture itself: no text field was left harmless (ids, references and enum values are exempt)."""
    hb, _, _ = hostile
    markers = ("pwned", "{{", "{%", "{#", "{:", "&lt;", "<", "`", "[[", "]]>", "=", "+", "@", "-", "\u2028")
    plain = {"center", "sales-dept", "gm", "sales-manager", "collection-rate", "sales-amount", "leadership",
             "contract-review", "rules", "draft", "review", "sign", "prepare", "decide", "end", "budget", "collect",
             "plan", "result", "risk", "中心", "越高越好", "月度", "必修", "选修", "在岗", "晋升", "审批", "会签",
             "部门", "1.0", "2026-01-01", "2026-02-01", "回款", "货款回笼", "auto"}
    harmless = [s for s in data_strings(hb) if s not in plain and not any(m in s for m in markers)]
    assert harmless == []


def test_no_markup_from_data_fields(hostile):
    _, site, _ = hostile
    found = {}
    for path in html_files(site):
        problems = scan(path.read_text(encoding="utf-8"))
        if problems:
            found[path.relative_to(site).as_posix()] = sorted(set(problems))
    assert found == {}


def test_payloads_show_as_text(hostile):
    hb, site, _ = hostile
    from handbook.addresses import page_url, record_page

    for kind in ("units", "positions", "kpis", "processes", "courses"):
        for rid, record in getattr(hb, kind).items():
            html = (site / page_url(record_page(kind, rid)) / "index.html").read_text(encoding="utf-8")
            text = visible_text(html)  # diagrams included
            assert re.sub(r"\s+", " ", record.name) in text, f"{kind}/{rid}: name not shown as text"
            assert ">49<" not in html and " 49 " not in text
    kpi = visible_text((site / "kpis/sales-amount/index.html").read_text(encoding="utf-8"))
    assert "{{ 7*7 }}" in kpi and "{% raw %}" in kpi


def test_code_in_chapters_renders_as_text(hostile):
    _, site, _ = hostile
    html = (site / "code-samples/index.html").read_text(encoding="utf-8")
    assert scan(html) == []
    text = visible_text(html)
    for literal in ('<script>window.__pwned=20</script>', '<img src=x onerror="window.__pwned=21">',
                    '<script>window.__pwned=23</script>', "[[no-such-id]]", "[[sales-manager]]", "{{ 7*7 }}",
                    '<svg onload=window.__pwned=25>'):
        assert literal in text, literal
    assert 'href="../positions/sales-manager/"' in html  # the real reference after the code blocks


def test_search_index_holds_payloads_as_plain_data(hostile):
    hb, site, _ = hostile
    from dataclasses import astuple

    from handbook.search import load_index

    index = load_index(site / "search/handbook-index.json")  # the manifest and its shards
    blob = json.dumps([astuple(e) for e in index.entries], ensure_ascii=False)
    names = [r.name for kind in ("units", "positions", "kpis", "processes", "courses") for r in getattr(hb, kind).values()]
    for name in names:
        assert json.dumps(name, ensure_ascii=False)[1:-1] in blob, name
    assert "<script>window.__pwned=1</script>" in blob


def test_exported_cells_are_never_formulas(hostile):
    hb, _, _ = hostile
    try:
        from handbook.exports import export_files
        from openpyxl import load_workbook
    except ImportError:
        pytest.skip("no Excel exports yet")
    risky = {s for s in data_strings(hb) if s[:1] in "=+-@"}
    assert len(risky) >= 5
    seen: set[str] = set()
    for path, content in export_files(hb).items():
        if not path.endswith(".xlsx"):
            continue
        workbook = load_workbook(io.BytesIO(content))
        for sheet in workbook.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    if not isinstance(cell.value, str):
                        continue
                    if cell.data_type == "f":
                        assert not any(s.lstrip("=+-@") in cell.value for s in risky if len(s) > 3), \
                            f"{path} {sheet.title}!{cell.coordinate}: data became a formula: {cell.value}"
                    elif cell.value in risky:
                        seen.add(cell.value)
    assert seen, "none of the =/+/-/@ texts reached a workbook as text"


# --------------------------------------------------------------------------- places that once printed data raw
def test_title_is_escaped_everywhere(hostile):
    """The title is Material's site_name (<title>, header, nav): printed raw on no page."""
    hb, site, _ = hostile
    leaks = [p.relative_to(site).as_posix() for p in html_files(site) if hb.meta.title in p.read_text(encoding="utf-8")]
    assert leaks == []


def test_print_heading_is_escaped(hostile):
    hb, site, _ = hostile
    heading = PRINT_H1.search((site / "print/index.html").read_text(encoding="utf-8")).group(0)
    assert scan(heading) == []
    assert re.sub(r"\s+", " ", hb.meta.title) in visible_text(heading)


def test_record_names_cannot_close_the_page_title(hostile):
    _, site, _ = hostile
    leaks = [p.relative_to(site).as_posix() for p in html_files(site)
             if "</title><script>window.__pwned_by_name" in p.read_text(encoding="utf-8")]
    assert leaks == []


def test_diagrams_have_no_markup_from_data(hostile):
    """Diagram labels must not get Markdown inline processing ([x](javascript:…) → <a>, ![x](…) → <img>)."""
    _, site, _ = hostile
    found = {}
    for path in html_files(site):
        svgs = DIAGRAM.findall(path.read_text(encoding="utf-8"))
        problems = [p for svg in svgs for p in scan(svg)]
        svgs = "".join(svgs)
        if "<img " in svgs:
            problems.append("<img> inside a diagram")
        if problems:
            found[path.relative_to(site).as_posix()] = sorted(set(problems))
    assert found == {}


def test_references_inside_inline_code_are_text(minimal):
    """[[…]] inside `inline code` is neither checked (no content.ref error) nor expanded."""
    rules = minimal / "content/rules.md"
    rules.write_text(rules.read_text(encoding="utf-8") + "\n写法示例：`[[岗位标识]]`、`[[no-such-id]]`。\n", encoding="utf-8")
    hb, report = load_handbook(minimal)
    assert hb is not None, [d.format() for d in report.errors]
    from handbook.render.refs import expand_refs

    line = "见 `[[sales-manager]]` 与 [[sales-manager]]"
    assert expand_refs(line, "rules.md", hb) == "见 `[[sales-manager]]` 与 [销售经理](positions/sales-manager.md)"


# --------------------------------------------------------------------------- in the browser
def _no_alert(driver) -> bool:
    from selenium.common.exceptions import NoAlertPresentException

    try:
        alert = driver.switch_to.alert
        alert.dismiss()
        return False
    except NoAlertPresentException:
        return True


def _settle(driver, timeout: float = 5.0) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if driver.execute_script("return document.readyState") == "complete":
            break
        time.sleep(0.05)
    time.sleep(0.15)  # let deferred scripts (search.js, diagrams.js) run


def _bad_console(driver) -> list[str]:
    # the test server has no favicon.ico; anything else (a failed <img src=x>, a script error) is a finding
    return [m for m in console_errors(driver) if "favicon" not in m]


_PWNED = ("return [" + ", ".join(f"typeof window.{m} === 'undefined' ? null : '{m} = ' + String(window.{m})"
                                  for m in MARKERS) + "].filter(x => x !== null)")


def _pwned(driver) -> list[str]:
    """The payload markers that are set in the page, as 'name = value'."""
    return driver.execute_script(_PWNED)


@pytest.fixture(scope="module")
def served(hostile):
    _, site, _ = hostile
    with serve_dir(site) as base:
        yield base


@pytest.fixture(scope="module")
def driver(tmp_path_factory):
    if not have_browser():
        pytest.skip("Debian chromium/chromium-driver 未安装（tests/run.sh 会安装）")
    d = start_chromium(tmp_path_factory.mktemp("chrome"))
    d.set_page_load_timeout(30)
    yield d
    d.quit()


@pytest.mark.browser
@needs_browser
def test_no_payload_runs_in_the_browser(served, driver):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    urls = [served + page for page in PAGES]
    urls += [served + "search/?q=" + urllib.parse.quote(q) for q in SEARCHES]
    failures = []
    for url in urls:
        driver.get(url)
        _settle(driver)
        if not _no_alert(driver):
            failures.append(f"{url}: an alert opened")
        pwned = _pwned(driver)
        if pwned:
            failures.append(f"{url}: {pwned}")
        errors = _bad_console(driver)
        if errors:
            failures.append(f"{url}: console errors {errors}")
    # the header search box renders a dropdown while typing
    driver.get(served)
    _settle(driver)
    box = driver.find_element(By.CSS_SELECTOR, ".hb-search__input")
    for query in SEARCHES:
        box.clear()
        box.send_keys(query)
        time.sleep(0.4)
        box.send_keys(Keys.ARROW_DOWN)
        pwned = _pwned(driver)
        if pwned or not _no_alert(driver):
            failures.append(f"search box {query!r}: payload ran ({pwned})")
    assert failures == []


@pytest.mark.browser
@needs_browser
def test_search_page_shows_payload_results_as_text(served, driver):
    from selenium.webdriver.common.by import By

    driver.get(served + "search/?q=" + urllib.parse.quote("<script>"))
    _settle(driver)
    deadline = time.time() + 5
    text = ""
    while time.time() < deadline and "<script>" not in text:
        text = driver.find_element(By.CSS_SELECTOR, "article").text
        time.sleep(0.1)
    assert "<script>" in text, "the search page did not list the payload as text"
    assert _pwned(driver) == []
