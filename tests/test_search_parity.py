"""search.js and the Python reference give identical results (run under Node, no browser).

The browser gets the index as a manifest plus shards (index_files); the JS engine is compared
with Python over every shard loaded, and after shards arriving one by one (in an unusual order)
it must end with the identical lists.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from handbook.search import MANIFEST_PATH, SearchEntry, Searcher, build_index, dump_index, index_files
from handbook.search.index import _decode_rows

HERE = Path(__file__).parent
SEARCH_JS = HERE.parent / "generators" / "handbook" / "assets" / "search.js"
NODE = shutil.which("node") or shutil.which("nodejs")

HARNESS = """
const fs = require("fs");
globalThis.window = globalThis;
globalThis.location = {href: "http://127.0.0.1/", protocol: "http:", search: ""};
globalThis.document = {getElementById: () => null, querySelector: () => null,
  addEventListener() {}, readyState: "complete", currentScript: null};
eval(fs.readFileSync(process.argv[2], "utf8"));
const [, , , dataPath, casesPath, mode] = process.argv;
const data = JSON.parse(fs.readFileSync(dataPath, "utf8"));
const cases = JSON.parse(fs.readFileSync(casesPath, "utf8"));
const run = engine => cases.map(c => {
  const rs = engine.search(c.q, {type: c.type, unit: c.unit, limit: c.limit === undefined ? null : c.limit, exact: !!c.exact,
    noHint: !!c.no_hint});
  return {hint: rs.hint, corrected: rs.corrected, results: rs.map(r => [r.id, r.tier, r.highlights])};
});
let out;
if (mode === "whole") {            // one build_index dict (format 1)
  out = run(new window.HandbookSearch.Engine(data));
} else {                           // manifest + shards, added in data.order; results after each shard
  const files = data.files, engine = new window.HandbookSearch.Engine(JSON.parse(files[data.manifest]));
  out = [];
  for (const name of data.order) {
    engine.addShard(name, JSON.parse(files["search/" + name]));
    if (mode === "steps" || engine.pending() === 0) out.push({pending: engine.pending(), results: run(engine)});
  }
}
process.stdout.write(JSON.stringify(out));
"""

EXTRA = ["谁负责回款", "合同评审的步骤", "商务助理发票", "商务助理 发票", "销售经理 权限", "职责", "权限 的", "合同 评审", "ＫＰＩ考核", "調研", "", " ，", "zzz", "客户 关系", "a\u200bb", "𠀀测试", "回款；发票",
         "市场部经理的职责", "kpi-01", "Ｃ＋＋", "合", "合同", "合同评", "合同评审",
         # repairs: pinyin, initials, typos, stray characters, leftovers, step grouping
         "hetong", "ht", "huikuan", "shichangdiaoyan", "合同评申", "回款律", "市场调妍", "谁负责开发票", "谁负责开增值税发票",
         "合同评审怎么安排", "合同评审流程", "合同评审的流程", "收款的步骤", "调研由谁负责？", "xyzq", "应收帐款", "帳款"]


def corpus_index() -> dict:
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


def run_js(tmp_path: Path, data: dict, mode: str, queries: list[dict] | None = None) -> list:
    (tmp_path / "data.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "cases.json").write_text(json.dumps(queries or cases(), ensure_ascii=False), encoding="utf-8")
    (tmp_path / "run.js").write_text(HARNESS, encoding="utf-8")
    out = subprocess.run([NODE, tmp_path / "run.js", SEARCH_JS, tmp_path / "data.json", tmp_path / "cases.json", mode],
                         capture_output=True, text=True, check=True, timeout=120).stdout
    return json.loads(out)


def assert_same(index: dict, js_results: list, queries: list[dict] | None = None) -> None:
    searcher = Searcher(index)
    for case, js in zip(queries or cases(), js_results, strict=True):
        py = searcher.search(case["q"], type=case.get("type"), unit=case.get("unit"), limit=case.get("limit"),
                             exact=case.get("exact", False), no_hint=case.get("no_hint", False))
        assert [js["hint"], js["corrected"]] == [py.hint, py.corrected], case
        js = js["results"]
        # highlights: Python counts code points, JS UTF-16 units; compare the marked strings
        entry_text = {r.id: r.text for r in py}
        assert [r[:2] for r in js] == [[r.id, r.tier] for r in py], case
        for r, (rid, _, ranges) in zip(py, js):
            utf16 = entry_text[rid].encode("utf-16-le")
            assert [utf16[2 * s:2 * e].decode("utf-16-le") for s, e in ranges] == \
                   [r.text[s:e] for s, e in r.highlights], case


def shard_names(files: dict[str, str]) -> list[str]:
    return [name for name, _ in json.loads(files[MANIFEST_PATH])["shards"]]


@pytest.mark.skipif(NODE is None, reason="needs node")
def test_js_engine_matches_python_all_shards(tmp_path):
    index = corpus_index()
    files = index_files(index)
    out = run_js(tmp_path, {"files": files, "manifest": MANIFEST_PATH, "order": shard_names(files)}, "all")
    assert len(out) == 1 and out[0]["pending"] == 0
    assert_same(index, out[0]["results"])


@pytest.mark.skipif(NODE is None, reason="needs node")
def test_js_engine_shards_one_by_one(tmp_path):
    """Many small shards, added last-first: every step searches what is in; the end equals Python."""
    index = corpus_index()
    files = index_files(index, target=3000)
    names = shard_names(files)
    assert len(names) >= 4
    order = names[:1] + names[:0:-1]
    out = run_js(tmp_path, {"files": files, "manifest": MANIFEST_PATH, "order": order}, "steps")
    assert [step["pending"] for step in out] == list(range(len(names) - 1, -1, -1))
    assert_same(index, out[-1]["results"])
    # before the end, each step equals Python over the entries loaded so far
    manifest = json.loads(files[MANIFEST_PATH])
    loaded: set[str] = set()
    for name, step in zip(order, out):
        loaded |= {r[0] for r in _decode_rows(json.loads(files["search/" + name]), manifest)}
        assert_same({**index, "entries": [r for r in index["entries"] if r[0] in loaded]}, step["results"])
    assert any(r["results"] for r in out[0]["results"])  # the first shard alone already finds something


@pytest.mark.skipif(NODE is None, reason="needs node")
def test_js_engine_whole_index(tmp_path):
    """A whole build_index dict (format 1, e.g. an older build) still works."""
    index = corpus_index()
    assert_same(index, run_js(tmp_path, json.loads(dump_index(index)), "whole"))


@pytest.mark.skipif(NODE is None, reason="needs node")
def test_js_engine_matches_python_on_sample(tmp_path):
    """The shipped sample and its query set: repairs (pinyin, typos, leftovers) and step grouping agree too."""
    from handbook.pipeline import load_handbook
    from handbook.render.search_entries import entries_for_handbook

    hb, report = load_handbook(HERE.parent)
    assert hb is not None, [d.format() for d in report.errors]
    index = build_index(entries_for_handbook(hb), hb.synonyms)
    files = index_files(index)
    sample_cases = cases("search_queries_sample.yaml") + [{"q": "合同评审的步骤", "limit": 8}, {"q": "fp"}]
    out = run_js(tmp_path, {"files": files, "manifest": MANIFEST_PATH, "order": shard_names(files)}, "all",
                 sample_cases)
    assert len(out[0]["results"]) == len(sample_cases) > 120
    assert sum(1 for r in out[0]["results"] if r["corrected"]) >= 24  # the repairs did run
    assert_same(index, out[0]["results"], sample_cases)
