"""Unit tests of the Python search engine (the reference for search.js)."""

from __future__ import annotations

import json

import pytest

from handbook.search import SearchEntry, Searcher, build_index, index_files, search
from handbook.search.normalise import normalise, normalise_with_map
from handbook.search.segment import parts_of, split_terms

SYNONYMS = [["回款", "货款回笼"], ["发票", "开票"], ["CRM", "客户关系管理"]]


def line(id_, text, *, type="岗位职责", title="岗位职责", owner="商务助理 · 销售管理部", unit="sales",
         unit_name="销售管理部", is_name=False, url=None):
    return SearchEntry(id=id_, type=type, title=title, text=text, url=url or id_.replace("#", "/#"),
                       owner=owner, unit=unit, unit_name=unit_name, is_name=is_name)


CORPUS = [
    line("pos/ba", "负责商务支持工作", type="岗位", title="商务助理", owner="销售管理部", is_name=True),
    line("pos/ba#d1", "根据销售订单开具增值税发票"),
    line("pos/ba#d2", "跟踪客户回款情况"),
    line("pos/ba#d3", "维护CRM系统中的客户档案"),
    line("pos/mm#d1", "组织开展市场调研并撰写报告", owner="市场部经理 · 市场部", unit="market", unit_name="市场部"),
    line("pos/mm#d2", "编制销售费用预算", owner="市场部经理 · 市场部", unit="market", unit_name="市场部"),
    line("pos/mm#d3", "运用4P营销组合制定推广方案", owner="市场部经理 · 市场部", unit="market", unit_name="市场部"),
    line("pos/mm#d4", "策划VIP客户答谢会", owner="市场部经理 · 市场部", unit="market", unit_name="市场部"),
    line("pos/sm#d1", "参加合同评审会议", owner="销售经理 · 销售管理部"),
    line("pos/sm#d2", "审核合同条款，对大额订单进行风险评审", owner="销售经理 · 销售管理部"),
    line("pos/sm#d3", "只管合同归档", owner="销售经理 · 销售管理部"),
    line("pos/rep#d1", "负责货款回笼", owner="业务代表 · 业务部", unit="biz", unit_name="业务部"),
    line("kpi/rate", "当期回款金额除以应回款金额", type="考核指标", title="回款率", owner="销售经理", is_name=True),
    line("kpi/okr", "KPI指标分解到月", type="考核指标", title="KPI分解", owner="销售经理"),
    line("proc/cr#s1", "商务助理登记合同编号", type="流程步骤", title="登记", owner="合同评审流程"),
    line("x/payload", "<script>window.__pwned=1</script><img src=x onerror=alert(1)> 恶意测试",
         owner="测试"),
]


@pytest.fixture(scope="module")
def index():
    return build_index(CORPUS, SYNONYMS)


def ids(results):
    return [r.id for r in results]


def test_sub_word_matches(index):
    assert "pos/mm#d1" in ids(search(index, "调研"))        # 调研 inside 市场调研
    assert ids(search(index, "费用")) == ["pos/mm#d2"]      # 费用 inside 销售费用预算
    assert "kpi/rate" in ids(search(index, "回款"))         # 回款 inside 回款率


def test_all_terms_required_and_phrase_first(index):
    got = ids(search(index, "合同评审"))
    assert got[0] == "pos/sm#d1"              # phrase in the line
    assert "pos/sm#d2" in got                 # 合同 … 评审 scattered: found, lower
    assert got.index("pos/sm#d1") < got.index("pos/sm#d2")
    assert "pos/sm#d3" not in got             # only 合同: the last word is not dropped
    # owner carries the phrase: a step of 合同评审流程 ranks below the line that says it
    assert got.index("pos/sm#d1") < got.index("proc/cr#s1")


def test_synonym_ranks_below_literal(index):
    got = search(index, "货款回笼")
    assert got[0].id == "pos/rep#d1" and got[0].tier == 1
    by_id = {r.id: r for r in got}
    assert "pos/ba#d2" in by_id and by_id["pos/ba#d2"].tier == 3      # only says 回款
    assert got[0].id == "pos/rep#d1"
    assert by_id["pos/ba#d2"].highlights == ((4, 6),)                    # 回款 highlighted


def test_latin_and_mixed(index):
    assert ids(search(index, "kpi")) == ["kpi/okr"]
    assert ids(search(index, "ＫＰＩ")) == ["kpi/okr"]                  # full-width
    assert ids(search(index, "crm")) == ["pos/ba#d3"]
    assert ids(search(index, "4P")) == ["pos/mm#d3"]
    assert ids(search(index, "vip客户")) == ["pos/mm#d4"]
    assert ids(search(index, "4p营销")) == ["pos/mm#d3"]
    assert "pos/ba#d3" in ids(search(index, "客户关系管理"))           # synonym of CRM


def test_query_with_spaces_requires_both(index):
    got = ids(search(index, "商务助理 发票"))
    assert got[0] == "pos/ba#d1"
    assert "pos/ba#d2" not in got             # 商务助理 but no 发票
    assert ids(search(index, "商务助理，发票")) == got


def test_name_exact_match_first(index):
    got = search(index, "商务助理")
    assert got[0].id == "pos/ba" and got[0].tier == 0
    assert search(index, "回款率")[0].id == "kpi/rate"


def test_filters(index):
    assert {r.type for r in search(index, "客户", type="岗位职责")} == {"岗位职责"}
    got = search(index, "客户", unit="market")
    assert ids(got) == ["pos/mm#d4"] and got[0].unit_name == "市场部"
    assert search(index, "客户", type="课程") == []


def test_highlight_ranges(index):
    r = search(index, "合同评审")[0]
    assert r.text[r.highlights[0][0]:r.highlights[0][1]] == "合同评审"
    scattered = next(r for r in search(index, "合同评审") if r.id == "pos/sm#d2")
    assert [scattered.text[s:e] for s, e in scattered.highlights] == ["合同", "评审"]
    r = search(index, "调研 报告")[0]
    assert [r.text[s:e] for s, e in r.highlights] == ["调研", "报告"]


def test_highlights_map_through_folding():
    entry = line("a#1", "ＫＰＩ\u200b考核，調研")
    r = search(build_index([entry]), "kpi考核")[0]
    assert [entry.text[s:e] for s, e in r.highlights] == ["ＫＰＩ\u200b考核"]
    r = search(build_index([entry]), "调研")[0]
    assert [entry.text[s:e] for s, e in r.highlights] == ["調研"]


def test_payload_is_data(index):
    got = search(index, "恶意测试")
    assert got[0].text.startswith("<script>window.__pwned=1</script>")
    assert all(json.loads(text) for text in index_files(index).values())  # plain JSON, nothing executable
    assert search(index, "script")[0].id == "x/payload"


def test_rejects_bad_urls_and_duplicates():
    with pytest.raises(ValueError):
        build_index([line("a", "x", url="javascript:alert(1)")])
    with pytest.raises(ValueError):
        build_index([line("a", "x"), line("a", "y")])
    with pytest.raises(ValueError):
        build_index([line("a", "x", type="未知")])


def test_deterministic(index):
    assert build_index(list(reversed(CORPUS)), SYNONYMS) == index
    assert index_files(build_index(list(reversed(CORPUS)), SYNONYMS)) == index_files(index)


def test_normalise_and_terms():
    assert normalise("ＡＢＣ１２３") == "abc123"
    assert normalise("合\u200b同") == "合同"
    assert normalise("銷售費用") == "销售费用"
    folded, starts, ends = normalise_with_map("Ａ\u200bB")
    assert folded == "ab" and starts == [0, 2] and ends == [1, 3]
    assert split_terms(normalise("  合同评审，KPI / 4P  合同评审")) == ["合同评审", "kpi", "4p"]


def test_parts_fallback_rules():
    vocab = {"合同", "评审", "回款", "市场部", "经理"}
    assert parts_of("合同评审", vocab, 3) == ["合同", "评审"]
    assert parts_of("合同的评审", vocab, 3) == ["合同", "评审"]    # stop character dropped
    assert parts_of("回款率", vocab, 3) is None                    # lone 率 would match anything
    assert parts_of("调研", vocab, 3) is None
    assert parts_of("kpi考核", vocab | {"考核"}, 3) == ["kpi", "考核"]


def test_empty_and_limit(index):
    assert search(index, "") == [] and search(index, " ，。") == []
    assert len(search(index, "客户", limit=2)) == 2
    assert len(Searcher(index).search("客户", limit=None)) == 3


def test_index_files_round_trip_and_layout(index):
    from handbook.search import MANIFEST_PATH, read_index

    files = index_files(index, target=600)
    manifest = json.loads(files[MANIFEST_PATH])
    assert manifest["format"] == "handbook-search/2" and "entries" not in manifest
    names = [name for name, _ in manifest["shards"]]
    assert len(names) >= 3 and set(files) == {MANIFEST_PATH} | {"search/" + n for n in names}
    assert sum(n for _, n in manifest["shards"]) == len(index.entries)
    first = json.loads(files["search/" + names[0]])
    assert all(row[7] == 1 for row in first["rows"][:2])            # names come first
    for name in names:
        shard = json.loads(files["search/" + name])
        assert len(files["search/" + name].encode()) <= 600 or len(shard["rows"]) == 1
        assert shard["build"] == manifest["build"]
        assert not any(isinstance(v, str) and v.startswith("pos/") for row in shard["rows"] for v in row)  # no ids
    assert read_index(files) == index
    assert index_files(build_index(list(reversed(CORPUS)), SYNONYMS), target=600) == files  # deterministic
    assert Searcher(read_index(index_files(index))).search("合同评审") == search(index, "合同评审")


def test_index_files_odd_ids_and_scripts():
    from handbook.search import MANIFEST_PATH, read_index

    odd = [line("a/b#x", "一", url="elsewhere/#y"), line("c", "二", url="c/#anchor"), line("d#e#f", "三", url="d/#e#f"),
           line("g", "四", url="g/")]
    index = build_index(odd)
    files = index_files(index, scripts=True)
    assert read_index(files) == index
    assert files[MANIFEST_PATH[:-5] + ".jsonp"].startswith("window.HandbookSearchIndex={")
    assert files["search/shard-000.jsonp"].startswith('(window.HandbookSearchShards=window.HandbookSearchShards||{})["shard-000.json"]=')


def test_load_index_reads_manifest(index, tmp_path):
    from handbook.search import load_index, write_index_files

    write_index_files(index, tmp_path, scripts=False)
    assert load_index(tmp_path / "search" / "handbook-index.json") == index


def test_caches_belong_to_the_caller(monkeypatch):
    """build_index keeps nothing between calls unless the caller hands it a TextCache; with one, an
    unchanged text is not segmented (jieba) or folded again, and the index is the same."""
    from handbook.search import TextCache
    from handbook.search import segment

    calls = []
    real = segment._vocabulary_words
    monkeypatch.setattr(segment, "_vocabulary_words", lambda text: calls.append(text) or real(text))
    build_index(CORPUS, SYNONYMS)
    first = len(calls)
    build_index(CORPUS, SYNONYMS)
    assert first > 0 and len(calls) == 2 * first          # no hidden cache: the same work again

    cache = TextCache()
    index = build_index(CORPUS, SYNONYMS, cache=cache)
    assert cache.folded and cache.words
    calls.clear()
    assert build_index(CORPUS, SYNONYMS, cache=cache) == index and calls == []   # reused
    assert Searcher(index, cache).search("合同评审") == Searcher(index).search("合同评审")
    cache.clear()
    assert not cache.folded and not cache.words
    small = TextCache(limit=3)
    build_index(CORPUS, SYNONYMS, cache=small)
    assert len(small.words) <= 3 and len(small.folded) <= 3  # bounded: a table starts over past its limit
