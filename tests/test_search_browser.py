"""search.js in headless Chromium: results, highlights, URL state, filters, keys, safety.

A tiny static site is written by hand into tmp_path (Material-like `__config`,
the header box markup, the search page div, search.js/css and the index built
from the fixture corpus plus hostile entries) and served on 127.0.0.1.
"""

from __future__ import annotations

import dataclasses
import functools
import http.server
import json
import shutil
import threading
import urllib.parse
from pathlib import Path

import pytest
import yaml

from handbook.search import MANIFEST_PATH, SearchEntry, Searcher, build_index, index_files, write_index_files
from search_vectors import ENGINE_FILES

pytestmark = pytest.mark.browser

CHROMIUM, CHROMEDRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")
if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
    pytest.skip("needs /usr/bin/chromium and /usr/bin/chromedriver", allow_module_level=True)

from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.action_chains import ActionChains  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa: E402

HERE = Path(__file__).parent
ASSETS = HERE.parent / "generators" / "handbook" / "assets"
SCRIPTS = (*ENGINE_FILES, "search.js")
"""The engine, then the UI."""
PAYLOAD = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=1">'

HEADER = """<header class="md-header"><div class="hb-search" data-hb-search>
<form class="hb-search__form" action="{root}search/" method="get" role="search" autocomplete="off">
<input class="hb-search__input" type="search" name="q" placeholder="搜索手册" role="combobox"
 aria-controls="hb-search-dropdown" aria-expanded="false" autocomplete="off"></form>
<ul class="hb-search__dropdown" id="hb-search-dropdown" role="listbox" hidden></ul></div></header>"""

PAGE = """<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>{title}</title>
<link rel="stylesheet" href="{root}assets/search.css"></head><body>
{header}<main><article class="md-content__inner md-typeset">{body}</article></main>
<script id="__config" type="application/json">{{"base": "{base}", "features": []}}</script>
{scripts}</body></html>"""


def page(title: str, base: str, body: str) -> str:
    root = "" if base == "." else base + "/"
    scripts = "".join(f'<script src="{root}assets/{name}"></script>\n' for name in SCRIPTS)
    return PAGE.format(title=title, base=base, root=root, body=body, header=HEADER.format(root=root), scripts=scripts)


def corpus() -> tuple[list[SearchEntry], list[list[str]]]:
    data = yaml.safe_load((HERE / "cases" / "search_corpus.yaml").read_text(encoding="utf-8"))
    entries = [SearchEntry(**e) for e in data["entries"]]
    entries.append(SearchEntry(id="test/payload", type="制度", title="恶意标题" + PAYLOAD,
                               text="恶意测试" + PAYLOAD, url="policies/payload/", owner="恶意" + PAYLOAD,
                               unit="sales-dept", unit_name="销售管理部", is_name=True))
    entries.append(SearchEntry(id="test/bad-url", type="制度", title="坏链接", text="恶意链接测试",
                               url="policies/bad/", owner="测试"))
    return entries, data["synonyms"]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("site")
    entries, synonyms = corpus()
    index = build_index(entries, synonyms)
    # a URL the build would refuse: the browser must not link it
    index = dataclasses.replace(index, entries=tuple(
        dataclasses.replace(e, url="javascript:window.__pwned=1") if e.id == "test/bad-url" else e
        for e in index.entries))
    write_index_files(index, root, scripts=True)  # .js twins: the file:// fallback
    (root / "assets").mkdir()
    for name in (*SCRIPTS, "search.css"):
        shutil.copy(ASSETS / name, root / "assets" / name)
    (root / "index.html").write_text(page("首页", ".", "<h1>管理手册</h1>"), encoding="utf-8")
    (root / "search" / "index.html").write_text(
        page("搜索", "..", '<div id="hb-search-page"></div>'), encoding="utf-8")
    deep = root / "positions" / "sales-manager"
    deep.mkdir(parents=True)
    (deep / "index.html").write_text(page("销售经理", "../..", '<h1 id="duty-3">销售经理</h1>'),
                                     encoding="utf-8")

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/", index, root
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def driver():
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for arg in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--no-first-run", "--disable-dev-shm-usage",
                "--window-size=1280,900"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    d = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    d.set_script_timeout(20)
    yield d
    d.quit()


@pytest.fixture
def browser(driver, site):
    """The driver, checked after each test: no request left 127.0.0.1 and no payload ran."""
    base, _, _ = site
    driver.get_log("performance")  # drop entries of earlier tests
    yield driver
    urls = []
    for entry in driver.get_log("performance"):
        msg = json.loads(entry["message"])["message"]
        if msg["method"] == "Network.requestWillBeSent":
            urls.append(msg["params"]["request"]["url"])
    assert urls, "the performance log recorded no request"
    outside = [u for u in urls if not (u.startswith(base) or u.startswith("data:") or u == "about:blank")]
    assert not outside, f"requests left 127.0.0.1: {outside}"
    assert not [u for u in urls if urllib.parse.urlparse(u).path.endswith("/x")], "payload <img> loaded"
    assert driver.execute_script("return window.__pwned") is None


def wait(driver, cond, timeout=10):
    return WebDriverWait(driver, timeout).until(lambda d: cond(d))


def results(driver):
    return driver.find_elements(By.CSS_SELECTOR, "#hb-search-page .hb-page__result")


def count_text(driver):
    return driver.find_element(By.CSS_SELECTOR, ".hb-page__count").text


def query_of(url: str) -> dict:
    return {k: v[0] for k, v in urllib.parse.parse_qs(urllib.parse.urlparse(url).query).items()}


def test_search_page_results_highlight_and_url(browser, site):
    base, index, _ = site
    expected = Searcher(index).search("合同评审", limit=None)
    browser.get(base + "search/?q=" + urllib.parse.quote("合同评审"))
    wait(browser, lambda d: results(d))
    assert count_text(browser) == f"共 {len(expected)} 条结果"
    first = results(browser)[0]
    link = first.find_element(By.TAG_NAME, "a")
    assert link.get_attribute("href") == base + expected[0].url
    marked = [r for r in results(browser) if r.find_elements(By.TAG_NAME, "mark")]
    assert [m.text for m in marked[0].find_elements(By.TAG_NAME, "mark")] == ["合同评审"]
    assert first.find_element(By.CLASS_NAME, "hb-badge").text == expected[0].type
    box = browser.find_element(By.CSS_SELECTOR, ".hb-page__input")
    assert box.get_attribute("value") == "合同评审"

    box.clear()
    box.send_keys("回款率")
    wait(browser, lambda d: query_of(d.current_url).get("q") == "回款率")
    wait(browser, lambda d: results(d) and "回款率" in results(d)[0].text)
    assert results(browser)[0].find_element(By.TAG_NAME, "a").get_attribute("href") == base + "kpis/collection-rate/"


def test_filters_and_url_restore(browser, site):
    base, index, _ = site
    browser.get(base + "search/?q=" + urllib.parse.quote("客户"))
    wait(browser, lambda d: results(d))
    total = len(Searcher(index).search("客户", limit=None))
    assert count_text(browser) == f"共 {total} 条结果"
    Select(browser.find_element(By.CSS_SELECTOR, "select[aria-label='按类型筛选']")).select_by_value("岗位职责")
    wait(browser, lambda d: query_of(d.current_url).get("type") == "岗位职责")
    badges = {b.text for b in browser.find_elements(By.CSS_SELECTOR, "#hb-search-page .hb-badge")}
    assert badges == {"岗位职责"}
    n_type = len(Searcher(index).search("客户", type="岗位职责", limit=None))
    assert count_text(browser) == f"共 {n_type} 条结果"
    Select(browser.find_element(By.CSS_SELECTOR, "select[aria-label='按组织单元筛选']")).select_by_value("market-dept")
    wait(browser, lambda d: query_of(d.current_url).get("unit") == "market-dept")
    n_both = len([r for r in Searcher(index).search("客户", type="岗位职责", limit=None) if r.unit == "market-dept"])
    assert count_text(browser) == f"共 {n_both} 条结果"

    shared = browser.current_url  # a shared link restores query and filters
    browser.get(base)
    browser.get(shared)
    wait(browser, lambda d: count_text(d) == f"共 {n_both} 条结果")
    assert browser.find_element(By.CSS_SELECTOR, ".hb-page__input").get_attribute("value") == "客户"
    assert Select(browser.find_element(By.CSS_SELECTOR, "select[aria-label='按类型筛选']")) \
        .first_selected_option.get_attribute("value") == "岗位职责"


def test_keyboard(browser, site):
    base, index, _ = site
    browser.get(base + "search/")
    wait(browser, lambda d: "输入关键词" in count_text(d))
    browser.execute_script("document.activeElement.blur()")
    ActionChains(browser).send_keys("/").perform()
    active = browser.switch_to.active_element
    assert "hb-page__input" in active.get_attribute("class")
    active.send_keys("回款")
    wait(browser, lambda d: results(d))
    expected = Searcher(index).search("回款", limit=None)
    active.send_keys(Keys.ARROW_DOWN)
    assert browser.switch_to.active_element.get_attribute("href") == base + expected[0].url
    browser.switch_to.active_element.send_keys(Keys.ARROW_DOWN)
    assert browser.switch_to.active_element.get_attribute("href") == base + expected[1].url
    browser.switch_to.active_element.send_keys(Keys.ARROW_UP, Keys.ARROW_UP)
    assert "hb-page__input" in browser.switch_to.active_element.get_attribute("class")
    browser.switch_to.active_element.send_keys(Keys.ESCAPE)
    wait(browser, lambda d: not results(d) and "q" not in query_of(d.current_url))
    browser.switch_to.active_element.send_keys("回款")
    wait(browser, lambda d: results(d))
    browser.switch_to.active_element.send_keys(Keys.ARROW_DOWN, Keys.ENTER)
    wait(browser, lambda d: d.current_url == base + expected[0].url)


def test_header_dropdown(browser, site):
    base, _, _ = site
    browser.get(base + "positions/sales-manager/")  # a deep page: base "../.."
    ActionChains(browser).send_keys("s").perform()
    box = browser.switch_to.active_element
    assert "hb-search__input" in box.get_attribute("class")
    box.send_keys("回款率")
    options = lambda d: d.find_elements(By.CSS_SELECTOR, "#hb-search-dropdown [role=option]")  # noqa: E731
    wait(browser, lambda d: options(d) and "回款率" in options(d)[0].text)
    assert browser.find_element(By.ID, "hb-search-dropdown").is_displayed()
    assert [m.text for m in options(browser)[0].find_elements(By.TAG_NAME, "mark")] == ["回款率"]
    box.send_keys(Keys.ARROW_DOWN, Keys.ENTER)
    wait(browser, lambda d: d.current_url == base + "kpis/collection-rate/")

    browser.get(base + "positions/sales-manager/")
    box = browser.find_element(By.CSS_SELECTOR, ".hb-search__input")
    box.send_keys("合同评审", Keys.ENTER)
    wait(browser, lambda d: d.current_url.startswith(base + "search/?"))
    assert query_of(browser.current_url)["q"] == "合同评审"
    wait(browser, lambda d: results(d))


def test_unmatched_word_is_dropped_and_said(browser, site):
    """A word that matches nothing is dropped; the page says what ran and links the query as typed."""
    base, _, _ = site
    browser.get(base + "search/?q=" + urllib.parse.quote("回款 不存在的词"))
    wait(browser, lambda d: results(d))
    note = browser.find_element(By.CSS_SELECTOR, ".hb-page__corrected")
    assert note.text.startswith("已按“回款”搜索")
    note.find_element(By.TAG_NAME, "a").click()
    wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".hb-page__none"))
    assert query_of(browser.current_url) == {"q": "回款 不存在的词", "exact": "1"}


def test_implied_type_filter_shows_in_the_control(browser, site):
    base, _, _ = site
    browser.get(base + "search/?q=" + urllib.parse.quote("合同评审的步骤"))
    wait(browser, lambda d: results(d))
    type_sel = Select(browser.find_elements(By.CSS_SELECTOR, ".hb-page__filter")[0])
    assert type_sel.first_selected_option.get_attribute("value") == "流程步骤"
    first = results(browser)[0].get_attribute("data-id")
    assert first == "processes/contract-review"
    type_sel.select_by_value("")  # the reader clears it: every type, the type word still out of the query
    wait(browser, lambda d: "hint=0" in d.current_url)
    assert Select(browser.find_elements(By.CSS_SELECTOR, ".hb-page__filter")[0]).first_selected_option \
        .get_attribute("value") == ""


def test_empty_message_and_suggestions(browser, site):
    base, _, _ = site
    browser.get(base + "search/?exact=1&q=" + urllib.parse.quote("回款 不存在的词"))
    wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".hb-page__none"))
    assert count_text(browser) == "共 0 条结果"
    empty = browser.find_element(By.CSS_SELECTOR, ".hb-page__empty")
    assert "没有找到" in empty.text
    chips = [c.text for c in empty.find_elements(By.CSS_SELECTOR, ".hb-chip")]
    assert any(c.startswith("回款（") for c in chips)


def test_payload_is_inert(browser, site):
    base, _, _ = site
    browser.get(base + "search/?q=" + urllib.parse.quote("恶意"))
    wait(browser, lambda d: len(results(d)) >= 2)
    page = browser.find_element(By.ID, "hb-search-page")
    assert PAYLOAD in page.text                                   # shown as text
    assert not page.find_elements(By.CSS_SELECTOR, ".hb-page__results script, .hb-page__results img")
    bad = [r for r in results(browser) if "恶意链接测试" in r.text][0]
    assert not bad.find_elements(By.CSS_SELECTOR, "a[href]")      # javascript: URL not linked
    browser.get(base)
    box = browser.find_element(By.CSS_SELECTOR, ".hb-search__input")
    box.send_keys("恶意")
    wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#hb-search-dropdown [role=option]"))
    assert not browser.find_elements(By.CSS_SELECTOR, "#hb-search-dropdown script, #hb-search-dropdown img")


def test_offline_file_url(driver, site):
    """Opened from disk (file://), fetch() is blocked: the manifest and shards load as scripts."""
    _, index, root = site
    driver.get((root / "search" / "index.html").as_uri() + "?q=" + urllib.parse.quote("回款率"))
    wait(driver, lambda d: results(d))
    first = Searcher(index).search("回款率")[0]
    assert results(driver)[0].find_element(By.TAG_NAME, "a").get_attribute("href") == \
        (root / first.url).as_uri() + "/index.html"  # no server to pick index.html from a folder
    assert driver.execute_script("return window.__pwned") is None


def test_js_matches_python(browser, site):
    """Same ids, order, tiers and highlights as the Python reference on the whole query set."""
    base, index, _ = site
    queries = [q["q"] for q in yaml.safe_load((HERE / "search_queries.yaml").read_text("utf-8"))["queries"]]
    queries += ["恶意", "合同 评审", "ＫＰＩ考核", "調研", "", "  ", "zzz", "客户 关系"]
    browser.get(base)
    got = browser.execute_async_script(
        """const [qs, done] = arguments;
        HandbookSearch.loadAll().then(e => done(qs.map(q => e.search(q, {limit: null})
          .map(r => [r.id, r.tier, r.highlights]))));""", queries)
    searcher = Searcher(index)
    for q, js in zip(queries, got):
        py = [[r.id, r.tier, [list(h) for h in r.highlights]] for r in searcher.search(q, limit=None)]
        assert js == py, q


THEME = HERE.parent / "generators" / "handbook" / "site" / "theme"

MKDOCS_YML = """site_name: 管理手册
site_url: {url}
theme:
  name: material
  custom_dir: {theme}
  language: zh
  font: false
  features: [navigation.instant]
plugins: []
extra_css: [assets/search.css]
extra_javascript: [assets/search-engine.js, assets/search-repairs.js, assets/search-loader.js, assets/search.js]
"""


@pytest.fixture(scope="module")
def material_site(tmp_path_factory):
    """A real MkDocs + Material build using the theme override, Material search plugin off."""
    import subprocess
    import sys

    work = tmp_path_factory.mktemp("mkdocs")
    out = work / "site"
    out.mkdir()

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(out)))
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    docs = work / "docs"
    pages = {"index.md": "# 管理手册\n\n[销售经理](positions/sales-manager.md)\n",
             "search/index.md": '# 搜索\n\n<div id="hb-search-page"></div>\n',
             "positions/sales-manager.md": "# 销售经理\n\n## 岗位职责 {#duty-3}\n\n监控销售回款率\n",
             "kpis/collection-rate.md": "# 回款率\n\n回款率 = 实际回款 ÷ 应回款\n",
             "processes/contract-review.md": "# 合同评审流程\n\n## 步骤 {#step-1}\n\n提交合同评审申请\n"}
    for name, text in pages.items():
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        (docs / name).write_text(text, encoding="utf-8")
    (docs / "assets").mkdir()
    for name in (*SCRIPTS, "search.css"):
        shutil.copy(ASSETS / name, docs / "assets" / name)
    entries, synonyms = corpus()
    index = build_index(entries, synonyms)
    write_index_files(index, docs, scripts=False)
    (work / "mkdocs.yml").write_text(MKDOCS_YML.format(url=url, theme=THEME), encoding="utf-8")
    build = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(work / "mkdocs.yml"),
                            "-d", str(out)], capture_output=True, text=True, timeout=300)
    if build.returncode:
        pytest.fail(build.stderr)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield url, index
    server.shutdown()
    server.server_close()


def test_material_header_and_instant_navigation(driver, material_site):
    url, index = material_site
    driver.get_log("performance")
    driver.get(url + "positions/sales-manager/")
    assert not driver.find_elements(By.CSS_SELECTOR, "[data-md-component=search]")  # Material's box is off
    box = wait(driver, lambda d: d.find_element(By.CSS_SELECTOR, ".md-header .hb-search__input"))
    assert box.is_displayed() and box.get_attribute("placeholder") == "搜索手册"
    driver.execute_script("window.__sameDocument = true")
    ActionChains(driver).send_keys("/").perform()
    driver.switch_to.active_element.send_keys("合同评审")
    more = wait(driver, lambda d: d.find_element(By.CSS_SELECTOR, "#hb-search-dropdown .hb-search__more a"))
    total = len(Searcher(index).search("合同评审", limit=None))
    assert more.text == f"查看全部 {total} 条结果"
    more.click()  # Material's instant navigation loads the search page in place
    wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#hb-search-page .hb-page__result"))
    assert driver.execute_script("return window.__sameDocument") is True
    assert driver.find_element(By.CSS_SELECTOR, ".hb-page__count").text == f"共 {total} 条结果"
    assert query_of(driver.current_url)["q"] == "合同评审"
    link = driver.find_element(By.CSS_SELECTOR, "#hb-search-page .hb-page__result a[href*='contract-review']")
    link.click()
    wait(driver, lambda d: "/processes/contract-review/" in d.current_url)
    assert driver.execute_script("return window.__sameDocument") is True
    # still working after two instant navigations, from a page two levels deep
    box = driver.find_element(By.CSS_SELECTOR, ".md-header .hb-search__input")
    box.send_keys("回款率")
    wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#hb-search-dropdown [role=option]"))
    box.send_keys(Keys.ARROW_DOWN, Keys.ENTER)
    wait(driver, lambda d: d.current_url == url + "kpis/collection-rate/")
    urls = [json.loads(e["message"])["message"]["params"].get("request", {}).get("url", "")
            for e in driver.get_log("performance")]
    assert not [u for u in urls if u and not u.startswith((url, "data:", "about:"))]
    assert driver.execute_script("return window.__pwned") is None


SLOW_SHARD = 1.0
"""Seconds the sharded site holds back every shard but the first."""


@pytest.fixture(scope="module")
def sharded_site(tmp_path_factory):
    """The fixture corpus cut into many small shards; shards after the first arrive late."""
    import time

    root = tmp_path_factory.mktemp("sharded")
    entries, synonyms = corpus()
    index = build_index(entries, synonyms)
    files = index_files(index, target=2500)
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    (root / "assets").mkdir()
    for name in (*SCRIPTS, "search.css"):
        shutil.copy(ASSETS / name, root / "assets" / name)
    (root / "index.html").write_text(page("首页", ".", "<h1>管理手册</h1>"), encoding="utf-8")
    (root / "search").mkdir(exist_ok=True)
    (root / "search" / "index.html").write_text(
        page("搜索", "..", '<div id="hb-search-page"></div>'), encoding="utf-8")

    class Slow(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            if "/search/shard-" in self.path and "/search/shard-000." not in self.path:
                time.sleep(SLOW_SHARD)
            super().do_GET()

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Slow, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/", index, files
    server.shutdown()
    server.server_close()


def test_progressive_dropdown(driver, sharded_site):
    """First shard: results at once with a loading note; later shards update the list in place,
    keep the selected result selected, and end with exactly Python's results."""
    base, index, files = sharded_site
    assert len(json.loads(files[MANIFEST_PATH])["shards"]) >= 5  # more than one wave of 3
    driver.get(base)
    box = driver.find_element(By.CSS_SELECTOR, ".hb-search__input")
    box.send_keys("客户")
    options = lambda d: d.find_elements(By.CSS_SELECTOR, "#hb-search-dropdown [role=option]")  # noqa: E731
    loading = lambda d: d.find_elements(By.CSS_SELECTOR, "#hb-search-dropdown .hb-search__loading")  # noqa: E731
    wait(driver, lambda d: options(d))
    assert loading(driver) and loading(driver)[0].text == "正在加载索引…"
    box.send_keys(Keys.ARROW_DOWN)
    selected = driver.execute_script("""
        const li = document.querySelector("#hb-search-dropdown [aria-selected=true]");
        li.hbMarker = 1; return li.getAttribute("data-id");""")
    wait(driver, lambda d: not loading(d), timeout=20)
    expected = Searcher(index).search("客户", limit=8)
    assert [o.get_attribute("data-id") for o in options(driver)] == [r.id for r in expected]
    total = len(Searcher(index).search("客户", limit=None))
    assert driver.find_element(By.CSS_SELECTOR, "#hb-search-dropdown .hb-search__more").text == f"查看全部 {total} 条结果"
    now = driver.find_element(By.CSS_SELECTOR, "#hb-search-dropdown [aria-selected=true]")
    if selected in [r.id for r in expected]:
        assert now.get_attribute("data-id") == selected
        assert driver.execute_script(  # the same node, updated in place, not rebuilt
            "return document.querySelector('#hb-search-dropdown [aria-selected=true]').hbMarker") == 1
    timing = driver.execute_script("return window.__hbSearchTiming")
    assert any(t["source"] == "header" and t["pending"] > 0 for t in timing)
    assert timing[-1]["pending"] == 0


def test_progressive_search_page(driver, sharded_site):
    base, index, _ = sharded_site
    driver.get(base + "search/?q=" + urllib.parse.quote("回款"))
    wait(driver, lambda d: results(d))
    note = driver.find_element(By.CSS_SELECTOR, ".hb-page__loading")
    wait(driver, lambda d: not note.is_displayed(), timeout=20)
    expected = Searcher(index).search("回款", limit=None)
    wait(driver, lambda d: count_text(d) == f"共 {len(expected)} 条结果")
    assert [r.find_element(By.TAG_NAME, "a").get_attribute("href") for r in results(driver)] == \
        [base + r.url for r in expected]
