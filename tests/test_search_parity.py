"""The browser engine (assets/search-engine.js, alone in headless Chromium) and the Python engine give
identical results on whole query sets: ids, order, tiers, highlights, hint and correction.

The engine loads the files the site serves (manifest + shards) with its own Loader. It is compared with
Python over every shard loaded, and after shards arriving one by one (in an unusual order) it must
search exactly what is in at each step and end with the identical lists. The rules themselves are
pinned down by the shared vectors (test_search_vectors.py).
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
import yaml

from browser import console_errors, needs_browser, start_chromium
from handbook.search import MANIFEST_PATH, SearchEntry, build_index, index_files
from handbook.search.files import decode_shard
from search_vectors import browser_run, python_run, write_engine_site
from sitebuild import serve_dir

pytestmark = [pytest.mark.browser, needs_browser]

HERE = Path(__file__).parent

STEPS_JS = """
const [base, order, cases, done] = arguments;
const run = engine => cases.map(c => {
  const rs = engine.search(c.q, {type: c.type, unit: c.unit, limit: c.limit === undefined ? null : c.limit,
    exact: !!c.exact, noHint: !!c.no_hint});
  return {hint: rs.hint, corrected: rs.corrected,
          results: rs.map(r => [r.id, r.tier, r.highlights.map(h => r.text.slice(h[0], h[1]))])};
});
(async () => {
  const get = async path => (await fetch(base + path)).json();
  const engine = new HandbookSearchEngine.Engine(await get("search/handbook-index.json"));
  const out = [];
  for (const name of order) {
    engine.addShard(name, await get("search/" + name));
    out.push({pending: engine.pending(), answers: run(engine)});
  }
  done({ok: out});
})().catch(err => done({error: String(err && err.stack || err)}));
"""
"""Shards added by hand, in `order`; the answers to every case after each one."""

EXTRA = ["谁负责回款", "合同评审的步骤", "商务助理发票", "商务助理 发票", "销售经理 权限", "职责", "权限 的", "合同 评审", "ＫＰＩ考核", "調研", "", " ，", "zzz", "客户 关系", "a\u200bb", "𠀀测试", "回款；发票",
         "市场部经理的职责", "kpi-01", "Ｃ＋＋", "合", "合同", "合同评", "合同评审",
         # repairs: pinyin, initials, typos, stray characters, leftovers, step grouping
         "hetong", "ht", "huikuan", "shichangdiaoyan", "合同评申", "回款律", "市场调妍", "谁负责开发票", "谁负责开增值税发票",
         "合同评审怎么安排", "合同评审流程", "合同评审的流程", "收款的步骤", "调研由谁负责？", "xyzq", "应收帐款", "帳款"]


def corpus_index():
    data = yaml.safe_load((HERE / "cases" / "search_corpus.yaml").read_text(encoding="utf-8"))
    entries = [SearchEntry(**e) for e in data["entries"]]
    entries.append(SearchEntry(id="x/astral", type="制度", title="𠀀测试", text="包含𠀀测试与 Ｃ＋＋ 和 KPI-01",
                               url="x/astral/", owner="测试"))
    # ties down to the id: same text, type and length; ids differ past U+FFFF vs U+E000–U+FFFF
    for k, suffix in enumerate(("\U00020001", "\uff21", "a", "#z")):
        entries.append(SearchEntry(id=f"x/tie{suffix}", type="制度", title="并列", text=f"并列测试{k % 2}",
                                   url=f"x/tie-{k}/", owner="测试"))
    return build_index(entries, data["synonyms"])


def cases(queryset: str = "search_queries.yaml") -> list[dict]:
    queries = [q["q"] for q in yaml.safe_load((HERE / queryset).read_text("utf-8"))["queries"]]
    out = [{"q": q} for q in queries + EXTRA]
    out += [{"q": "客户", "type": "岗位职责"}, {"q": "客户", "unit": "market-dept"},
            {"q": "回款", "type": "考核指标", "unit": "sales-dept"}, {"q": "并列"}, {"q": "客户", "limit": 8},
            {"q": "职责", "limit": 3}, {"q": "合同评申", "exact": True}, {"q": "合同评审的步骤", "limit": 3},
            {"q": "合同评审的步骤", "no_hint": True}]
    return out


def assert_same(index, js: list[dict], queries: list[dict]) -> None:
    for case, py, got in zip(queries, python_run(index, queries), js, strict=True):
        assert got == py, case


@pytest.fixture(scope="module")
def driver(tmp_path_factory):
    d = start_chromium(tmp_path_factory.mktemp("chromium"))
    d.set_script_timeout(120)
    yield d
    assert console_errors(d) == []
    d.quit()


def test_js_engine_matches_python_all_shards(driver, tmp_path):
    index = corpus_index()
    write_engine_site(tmp_path, {"corpus": index})
    with serve_dir(tmp_path) as base:
        got = browser_run(driver, base, {"corpus": cases()})
    assert_same(index, got["corpus"], cases())


def test_js_engine_shards_one_by_one(driver, tmp_path):
    """Many small shards, added last-first: every step searches what is in; the end equals Python."""
    index = corpus_index()
    files = index_files(index, target=3000)
    manifest = json.loads(files[MANIFEST_PATH])
    names = [name for name, _ in manifest["shards"]]
    assert len(names) >= 4
    order = names[:1] + names[:0:-1]
    write_engine_site(tmp_path, {"corpus": index}, target=3000)
    with serve_dir(tmp_path) as base:
        driver.get(base)  # the engine page
        got = driver.execute_async_script(STEPS_JS, base + "corpus/", order, cases())
    assert "error" not in got, got.get("error")
    steps = got["ok"]
    assert [step["pending"] for step in steps] == list(range(len(names) - 1, -1, -1))
    assert_same(index, steps[-1]["answers"], cases())
    # before the end, each step equals Python over the entries loaded so far
    loaded: set[str] = set()
    for name, step in zip(order, steps):
        loaded |= {e.id for e in decode_shard(json.loads(files["search/" + name]), manifest)}
        part = dataclasses.replace(index, entries=tuple(e for e in index.entries if e.id in loaded))
        assert_same(part, step["answers"], cases())
    assert any(a["results"] for a in steps[0]["answers"])  # the first shard alone already finds something


def test_js_engine_matches_python_on_sample(driver, tmp_path):
    """The shipped sample and its query set: repairs (pinyin, typos, leftovers) and step grouping agree too."""
    from handbook.pipeline import load_handbook
    from handbook.render.search_entries import entries_for_handbook

    hb, report = load_handbook(HERE.parent)
    assert hb is not None, [d.format() for d in report.errors]
    index = build_index(entries_for_handbook(hb), hb.synonyms)
    sample_cases = cases("search_queries_sample.yaml") + [{"q": "合同评审的步骤", "limit": 8}, {"q": "fp"}]
    write_engine_site(tmp_path, {"sample": index})
    with serve_dir(tmp_path) as base:
        got = browser_run(driver, base, {"sample": sample_cases})["sample"]
    assert len(got) == len(sample_cases) > 120
    assert sum(1 for r in got if r["corrected"]) >= 24  # the repairs did run
    assert_same(index, got, sample_cases)
