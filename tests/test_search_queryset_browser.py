"""The query sets typed into the header search box in headless Chromium (this replaces the
former test_search_header.py, which typed the sample set but scored URL prefixes only).

Each query of tests/search_queries_sample.yaml is typed into the header box of the real
built sample site, each of tests/search_queries_school.yaml into the built second organisation
(tests/cases/training-school), and each of tests/search_queries.yaml into a page serving the
fixture corpus; the dropdown's first five options are scored like
test_search_queryset.py scores the Python results. Prints recall@5 and MRR per kind.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from handbook.search import SearchEntry, build_index, write_index_files

from browser import console_errors, needs_browser, start_chromium
from sitebuild import serve_dir

pytestmark = [pytest.mark.browser, needs_browser]

HERE = Path(__file__).parent
ASSETS = HERE.parent / "generators" / "handbook" / "assets"

PAGE = """<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>手册</title>
<link rel="icon" href="data:,"><link rel="stylesheet" href="assets/search.css"></head><body>
<header class="md-header"><div class="hb-search" data-hb-search>
<form class="hb-search__form" action="search/" method="get" role="search" autocomplete="off">
<input class="hb-search__input" type="search" name="q" placeholder="搜索手册" role="combobox"
 aria-controls="hb-search-dropdown" aria-expanded="false" autocomplete="off"></form>
<ul class="hb-search__dropdown" id="hb-search-dropdown" role="listbox" hidden></ul></div></header>
<script id="__config" type="application/json">{"base": ".", "features": []}</script>
<script src="assets/search-engine.js"></script><script src="assets/search-repairs.js"></script>
<script src="assets/search-loader.js"></script><script src="assets/search.js"></script></body></html>"""


@pytest.fixture(scope="module")
def driver(tmp_path_factory):
    d = start_chromium(tmp_path_factory.mktemp("chromium"))
    d.set_script_timeout(60)
    yield d
    d.quit()


def type_queries(driver, base: str, queries: list[dict]) -> list[list[tuple[str, str, str]]]:
    """For each query: the dropdown's options as (data-id, URL relative to the site root, corrected note)."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get(base)
    box = driver.find_element(By.CSS_SELECTOR, ".hb-search__input")
    box.click()
    driver.execute_async_script("const done = arguments[0]; HandbookSearch.loadAll().then(() => done(1));")
    out = []
    for q in queries:
        driver.execute_script("window.__hbSearchTiming = []; arguments[0].value = '';", box)
        box.send_keys(q["q"])
        WebDriverWait(driver, 10).until(lambda d: d.execute_script(
            "const t = window.__hbSearchTiming || []; const v = arguments[0].value;"
            "return t.some(r => r.q === v && r.source === 'header') && !document.getElementById('hb-search-dropdown').hidden;",
            box))
        rows = driver.execute_script(
            """const list = document.getElementById('hb-search-dropdown');
            const note = list.querySelector('.hb-search__corrected');
            return Array.from(list.querySelectorAll('[role=option]')).map(li => {
              const a = li.querySelector('a[href]');
              return [li.getAttribute('data-id'), a ? a.getAttribute('href') : '', note ? note.textContent : ''];
            }).concat(note && !list.querySelector('[role=option]') ? [['', '', note.textContent]] : []);""")
        out.append([(i, h[len(base):] if h.startswith(base) else h, n) for i, h, n in rows if i])
    assert console_errors(driver) == []
    return out


def score(spec: dict, got: list, label: str) -> None:
    queries = spec["queries"]
    failures, kinds, r5, rr = [], {}, 0, 0.0
    for q, rows in zip(queries, got, strict=True):
        hits = [k for k, (rid, url, _) in enumerate(rows[:5])
                if rid in q.get("expect", []) or any(url.startswith(u) for u in q.get("expect_url", []))]
        first = hits[0] if hits else None
        k = q.get("k", spec.get("k", 5))
        if first is None or first >= k:
            failures.append(f"{q['q']}: expected in top {k}, got {[r[0] for r in rows[:5]]}")
        kind = kinds.setdefault(q.get("kind", "word"), [0, 0, 0.0])
        kind[0] += 1
        kind[1] += first is not None
        kind[2] += 1 / (first + 1) if first is not None else 0
        r5 += first is not None
        rr += 1 / (first + 1) if first is not None else 0
    n = len(queries)
    print(f"\n[Chromium header box] {label}: {n} queries, recall@5 = {r5 / n:.2f}, MRR@5 = {rr / n:.2f}")
    for name, (m, hit, mrr) in sorted(kinds.items()):
        print(f"  {name:12} {m:3} queries  recall@5 = {hit / m:.2f}  MRR@5 = {mrr / m:.2f}")
    assert r5 / n >= 0.95
    assert not failures, "\n".join(failures)


def test_sample_queries_in_the_header_box(driver, sample_site, capsys):
    _, site = sample_site
    spec = yaml.safe_load((HERE / "search_queries_sample.yaml").read_text(encoding="utf-8"))
    with serve_dir(site) as base:
        got = type_queries(driver, base, spec["queries"])
    with capsys.disabled():
        score(spec, got, "sample handbook")
    notes = {q["q"]: rows[0][2] if rows else "" for q, rows in zip(spec["queries"], got)}
    assert notes["合同评申"].startswith("已按“合同评审”搜索")  # says what ran, links the query as typed
    assert notes["swzl"].startswith("已按“商务助理")
    assert not notes["合同评审"]


def test_training_school_queries_in_the_header_box(driver, tmp_path, capsys):
    """The second organisation with real pages: tests/cases/training-school, built by the pipeline."""
    from sitebuild import build_project, copy_project

    spec = yaml.safe_load((HERE / "search_queries_school.yaml").read_text(encoding="utf-8"))
    project = copy_project(HERE / spec["path"], tmp_path / "project")
    site = build_project(project, project / "site").site
    with serve_dir(site) as base:
        got = type_queries(driver, base, spec["queries"])
    with capsys.disabled():
        score(spec, got, "second organisation (tests/cases/training-school)")


def test_fixture_corpus_queries_in_the_header_box(driver, tmp_path, capsys):
    spec = yaml.safe_load((HERE / "search_queries.yaml").read_text(encoding="utf-8"))
    data = yaml.safe_load((HERE / spec["corpus"]).read_text(encoding="utf-8"))
    index = build_index([SearchEntry(**e) for e in data["entries"]], data.get("synonyms", []))
    write_index_files(index, tmp_path, scripts=False)
    (tmp_path / "assets").mkdir()
    for name in ("search-engine.js", "search-repairs.js", "search-loader.js", "search.js", "search.css"):
        shutil.copy(ASSETS / name, tmp_path / "assets" / name)
    (tmp_path / "index.html").write_text(PAGE, encoding="utf-8")
    with serve_dir(tmp_path) as base:
        got = type_queries(driver, base, spec["queries"])
    with capsys.disabled():
        score(spec, got, "fixture corpus (tests/cases/search_corpus.yaml)")


def test_built_site_searches_from_disk(driver, sample_site):
    """The real build opened as files (file://, no server): the index loads from its .jsonp twins,
    results link to pages that exist on disk."""
    from urllib.parse import quote, unquote, urlparse

    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    _, site = sample_site
    driver.get((site / "search" / "index.html").as_uri() + "?q=" + quote("合同评申"))
    WebDriverWait(driver, 20).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#hb-search-page .hb-page__result"))
    assert driver.find_element(By.CSS_SELECTOR, ".hb-page__corrected").text.startswith("已按“合同评审”搜索")
    links = [a.get_attribute("href") for a in driver.find_elements(By.CSS_SELECTOR, ".hb-page__result a[href]")]
    assert links
    for href in links:
        path = Path(unquote(urlparse(href).path))
        assert href.startswith("file://") and path.name == "index.html" and path.is_file(), href
    assert "加载失败" not in driver.find_element(By.CSS_SELECTOR, ".hb-page__count").text


def test_built_pages_load_the_engine_then_the_ui(sample_site):
    """Every built page has the search scripts, the engine's three parts first (search.js needs them at once;
    search-repairs.js and search-loader.js extend search-engine.js)."""
    import re

    _, site = sample_site
    for page in (site / "index.html", site / "search" / "index.html", site / "positions" / "index.html"):
        scripts = re.findall(r'<script src="[^"]*assets/handbook/(search[^"/]*\.js)', page.read_text(encoding="utf-8"))
        assert scripts == ["search-engine.js", "search-loader.js", "search-repairs.js", "search.js"], (page, scripts)
