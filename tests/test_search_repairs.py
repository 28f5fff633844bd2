"""Issue 16 examples as tests of their kind: questions, everyday words, Traditional script,
pinyin, typos, type words in names, step grouping, what gets indexed (Python reference;
test_search_parity.py holds search.js to the same results)."""

from __future__ import annotations

from pathlib import Path

import pytest

from handbook.pipeline import load_handbook
from handbook.render.search_entries import entries_for_handbook
from handbook.search import Searcher, build_index
from handbook.search.normalise import T2S, normalise
from handbook.search.synonyms import base_groups, merge_synonyms

ROOT = Path(__file__).parent.parent


@pytest.fixture(scope="module")
def hb():
    hb, report = load_handbook(ROOT)
    assert hb is not None, [d.format() for d in report.errors]
    return hb


@pytest.fixture(scope="module")
def searcher(hb):
    return Searcher(build_index(entries_for_handbook(hb), hb.synonyms))


def ids(results, n=5):
    return [r.id for r in results[:n]]


def test_every_record_name_typed_in_traditional_is_found_first(hb, searcher):
    import opencc

    to_trad = opencc.OpenCC("s2t").convert
    names = [e for e in searcher.entries if e.is_name]
    assert len(names) > 100
    changed = 0
    for e in names:
        title = e.title
        trad = to_trad(title)
        changed += trad != title
        assert ids(searcher.search(trad), 1) == [e.id], (title, trad)
    assert changed > 60  # most names really are different in Traditional script


def test_folding_uses_opencc_and_variants():
    assert len(T2S) > 4000
    assert normalise("應收帳款 週報 帳齡分析 商務禮儀") == "应收账款 周报 账龄分析 商务礼仪"
    assert normalise("应收帐款") == "应收账款"  # 帐 is a variant, not Traditional


@pytest.mark.parametrize("query, expected", [
    ("谁负责开发票", "processes/invoicing"),
    ("合同归档由谁负责？", "positions/business-assistant"),
    ("新员工入职培训怎么安排", "chapters/training-policy"),
    ("谁负责催收欠款", "positions/sales-rep"),
    ("回款率的计算公式", "kpis/collection-rate#formula"),
    ("客户满意度的目标值", "kpis/customer-satisfaction#target"),
    ("销售经理回款率的权重", "positions/sales-manager#kpis"),
    ("商务礼仪的学时", "courses/business-etiquette"),
])
def test_questions_find_their_answer(searcher, query, expected):
    got = ids(searcher.search(query), 8)
    assert any(i == expected or i.startswith(expected + "#") for i in got), got


@pytest.mark.parametrize("query, expected", [
    ("报账", "processes/expense-reimbursement"), ("返点", "units/franchise-team"),
    ("离职率", "kpis/key-staff-turnover"), ("欠款", "processes/collection"), ("合同审批", "processes/contract-review"),
    ("应收帐款", "kpis/receivable-days"), ("竞标", "positions/bid-specialist"),
])
def test_everyday_words_reach_the_handbooks_words(searcher, query, expected):
    got = ids(searcher.search(query), 8)
    assert any(i == expected or i.startswith(expected + "#") for i in got), got


def test_synonym_matches_rank_below_literal_and_names_do_not_crowd_out_lines(searcher):
    results = searcher.search("回款", limit=None)
    tiers = [r.tier for r in results]
    assert 3 in tiers and tiers == sorted(tiers)
    owed = searcher.search("欠款", limit=8)  # 欠款 is literal nowhere: every hit is via 应收账款 …
    assert {r.tier for r in owed} == {3}
    assert not owed[0].is_name  # … and a KPI name reached through the synonym is not put first


@pytest.mark.parametrize("query, corrected, expected", [
    ("fapiao", "发票", "processes/invoicing"), ("toubiao", "投标", "processes/bid-preparation"),
    ("swzl", "商务助理", "positions/business-assistant"), ("shichangdudao", "市场督导", "units/supervision-section"),
    ("合同评申", "合同评审", "processes/contract-review"), ("回款律", "回款率", "kpis/collection-rate"),
    ("督导检察", "督导检查", "processes/market-supervision"), ("客户投述", "客户投诉", "processes/customer-complaint"),
])
def test_pinyin_and_typos_are_repaired_and_said(searcher, query, corrected, expected):
    results = searcher.search(query)
    assert results.corrected is not None and results.corrected.startswith(corrected)
    assert any(i == expected or i.startswith(expected + "#") for i in ids(results)), ids(results)
    assert searcher.search(query, exact=True).corrected is None


def test_literal_terms_are_never_repaired(searcher):
    for query in ("合同评审", "回款率", "CRM", "商务助理 发票"):
        assert searcher.search(query).corrected is None


def test_steps_come_grouped_under_their_process_in_order(hb, searcher):
    results = searcher.search("合同评审的步骤", limit=None)
    steps = [f"processes/contract-review#step-{s.id}" for s in hb.processes["contract-review"].steps]
    assert ids(results, 1 + len(steps)) == ["processes/contract-review", *steps]
    assert results.hint == "流程步骤"
    assert ids(searcher.search("发票开具的流程"), 1) == ["processes/invoicing"]


@pytest.mark.parametrize("name, rid", [
    ("营销中心制度与流程导入", "courses/orientation"), ("市场督导及检查制度", "chapters/supervision"),
    ("培训计划完成率", "kpis/training-completion"), ("考核与激励制度", "chapters/performance"),
])
def test_type_words_never_filter_away_an_exact_name(searcher, name, rid):
    results = searcher.search(name)
    assert ids(results, 1) == [rid]
    assert results.hint is None


def test_training_plans_scope_and_trigger_are_indexed(hb, searcher):
    entries = {e.id: e for e in entries_for_handbook(hb)}
    plans = [(pid, hb.courses[t.course].name) for pid, p in hb.positions.items() for t in p.training]
    assert plans and all(name in entries[f"positions/{pid}#training"].text for pid, name in plans)
    plan = entries["positions/key-account-manager#training"]
    assert plan.type == "培训计划" and "入职必修：" in plan.text and "商务礼仪" in plan.text
    assert plan.url == "positions/key-account-manager/#training"
    weights = entries["positions/sales-manager#kpis"]
    assert "回款率（权重 " in weights.text and weights.url == "positions/sales-manager/#kpis"
    for pid, proc in hb.processes.items():
        assert (f"processes/{pid}#scope" in entries) == bool(proc.scope)
        assert (f"processes/{pid}#trigger" in entries) == bool(proc.trigger)


def test_chapter_entries_read_as_text(hb):
    chapters = [e for e in entries_for_handbook(hb) if e.id.startswith("chapters/")]
    assert chapters
    for e in chapters:
        for mark in ("[[", "]]", "**", "------", "|---", "](", "{#"):
            assert mark not in e.text and mark not in e.title, (e.id, mark)
    credit = next(e for e in chapters if e.id.startswith("chapters/credit#") and "应收会计" in e.text)
    assert "receivables-accountant" not in credit.text


def test_base_synonyms_merge_extend_and_cancel():
    groups = base_groups()
    assert len(groups) >= 30 and all(len(g) >= 2 for g in groups)
    assert len({frozenset(g) for g in groups}) == len(groups)
    merged = merge_synonyms([["返点", "回佣"], ["甲", "乙"]])
    rebate = next(g for g in merged if "返点" in g)
    assert "返利" in rebate and "回佣" in rebate
    assert ["甲", "乙"] in merged
    cancelled = merge_synonyms([["-返点"]])
    assert not any("返点" in g or "返利" in g for g in cancelled)
    assert merge_synonyms([], base=False) == []


def test_cli_search_says_what_ran():
    from click.testing import CliRunner

    from handbook.cli import main

    out = CliRunner().invoke(main, ["search", "--root", str(ROOT), "合同评申", "--limit", "1"])
    assert out.exit_code == 0, out.output
    assert out.output.startswith("已按“合同评审”搜索。") and "processes/contract-review/" in out.output
