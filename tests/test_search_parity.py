"""search.js and the Python reference give identical results (run under Node, no browser)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from handbook.search import SearchEntry, Searcher, build_index, dump_index

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
const engine = new window.HandbookSearch.Engine(JSON.parse(fs.readFileSync(process.argv[3], "utf8")));
const cases = JSON.parse(fs.readFileSync(process.argv[4], "utf8"));
process.stdout.write(JSON.stringify(cases.map(c => engine.search(c.q, {type: c.type, unit: c.unit, limit: null})
  .map(r => [r.id, r.tier, r.highlights]))));
"""

EXTRA = ["谁负责回款", "合同评审的步骤", "商务助理发票", "商务助理 发票", "销售经理 权限", "职责", "权限 的", "合同 评审", "ＫＰＩ考核", "調研", "", " ，", "zzz", "客户 关系", "a\u200bb", "𠀀测试", "回款；发票",
         "市场部经理的职责", "kpi-01", "Ｃ＋＋"]


@pytest.mark.skipif(NODE is None, reason="needs node")
def test_js_engine_matches_python(tmp_path):
    data = yaml.safe_load((HERE / "cases" / "search_corpus.yaml").read_text(encoding="utf-8"))
    entries = [SearchEntry(**e) for e in data["entries"]]
    entries.append(SearchEntry(id="x/astral", type="制度", title="𠀀测试", text="包含𠀀测试与 Ｃ＋＋ 和 KPI-01",
                               url="x/astral/", owner="测试"))
    index = build_index(entries, data["synonyms"])
    queries = [q["q"] for q in yaml.safe_load((HERE / "search_queries.yaml").read_text("utf-8"))["queries"]]
    cases = [{"q": q} for q in queries + EXTRA]
    cases += [{"q": "客户", "type": "岗位职责"}, {"q": "客户", "unit": "market-dept"},
              {"q": "回款", "type": "考核指标", "unit": "sales-dept"}]
    (tmp_path / "index.json").write_text(dump_index(index), encoding="utf-8")
    (tmp_path / "cases.json").write_text(json.dumps(cases, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "run.js").write_text(HARNESS, encoding="utf-8")
    out = subprocess.run([NODE, tmp_path / "run.js", SEARCH_JS, tmp_path / "index.json", tmp_path / "cases.json"],
                         capture_output=True, text=True, check=True, timeout=60).stdout
    searcher = Searcher(index)
    for case, js in zip(cases, json.loads(out)):
        py = searcher.search(case["q"], type=case.get("type"), unit=case.get("unit"), limit=None)
        # highlights: Python counts code points, JS UTF-16 units; compare the marked strings
        entry_text = {r.id: r.text for r in py}
        assert [r[:2] for r in js] == [[r.id, r.tier] for r in py], case
        for r, (rid, _, ranges) in zip(py, js):
            utf16 = entry_text[rid].encode("utf-16-le")
            assert [utf16[2 * s:2 * e].decode("utf-16-le") for s, e in ranges] == \
                   [r.text[s:e] for s, e in r.highlights], case
