"""One test per example of issue 13 (`handbook check` is the gate), on the sample or the minimal fixture.

The mutation test (test_gate.py) covers the kinds; these pin the exact examples the
issue gave, with the message an editor now sees.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys

import pytest
from click.testing import CliRunner

from conftest import ROOT, errors, line_of
from handbook.cli import main
from handbook.diagnostics import CODES
from handbook.pipeline import load_handbook
from sitebuild import copy_project

HANDBOOK = [sys.executable, "-m", "handbook.cli"]


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, (old, path)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def sample(tmp_path):
    return copy_project(ROOT, tmp_path / "sample")


# --------------------------------------------------------------------------- passed check, then broke build or export
def test_step_id_start_is_reserved(minimal):
    proc = minimal / "data/processes/contract-review.yaml"
    text = proc.read_text(encoding="utf-8")
    first = next(line for line in text.splitlines() if line.strip().startswith("- id:"))
    edit(proc, first, first.split("id:")[0] + "id: start")
    [d] = errors(minimal, "id.reserved")
    assert d.line == line_of(proc, "id: start") and "开始/结束" in d.message and d.path == ("steps", 0, "id")


def test_release_date_february_30(sample):
    edit(sample / "data/handbook.yaml", '"2026-01-01"', '"2026-02-30"')
    [d] = errors(sample)
    assert (d.code, d.line, d.value) == ("release.date", 7, "2026-02-30") and "不存在" in d.message


@pytest.mark.parametrize("where", ["title", "position"])
def test_vertical_tab_from_word(sample, where):
    """A \\v in the title or a position name: refused at its line and column (the Word export used to crash)."""
    if where == "title":
        path, old, new = sample / "data/handbook.yaml", "title: 营销中心管理手册", "title: 营销中心\v管理手册"
    else:
        path, old, new = sample / "data/positions/sales-manager.yaml", "name: 销售经理", 'name: "销售\\v经理"'
    edit(path, old, new)
    [d] = errors(sample)
    assert d.code == "text.control" and d.line == 1 + (where == "position") and "垂直制表符" in d.message


def test_missing_section_is_reported_with_suggestion(sample):
    edit(sample / "content/credit.md", "[[sales-manager|销售经理]]", "[[credit#五、逾期账款]]")
    [d] = errors(sample)
    assert d.code == "content.anchor" and d.file == "content/credit.md"
    assert d.line == line_of(sample / "content/credit.md", "[[credit#") and "五、逾期账款处理" in d.message


def test_section_written_as_the_heading_resolves(sample, tmp_path):
    edit(sample / "content/credit.md", "[[sales-manager|销售经理]]", "[[credit#五、逾期账款处理]]")
    assert errors(sample) == []


def test_case_folded_chapter_file_name(sample):
    shutil.copy(sample / "content/credit.md", sample / "content/Credit.md")
    [d] = errors(sample)
    assert (d.file, d.code) == ("content/Credit.md", "content.front-matter") and "小写" in d.message


def test_very_long_revision(sample):
    edit(sample / "data/handbook.yaml", "summary: 首次发布", f'revision: "{"v" * 5000}", summary: 首次发布')
    [d] = errors(sample)
    assert d.code == "release.revision" and d.line == 5 and len(d.format()) < 300


def test_hours_inf(sample):
    edit(sample / "data/courses/crm-basics.yaml", "hours: 4", "hours: .inf")
    [d] = errors(sample)
    assert (d.code, d.line) == ("yaml.number", 4) and "“.inf”" in d.message


# --------------------------------------------------------------------------- silently changed what was typed
@pytest.mark.parametrize("typed, words", [("headcount: 010", ("010", "八进制", "8")), ("hours: 1:30", ("1:30", "90"))])
def test_numbers_never_silently_changed(sample, typed, words):
    if typed.startswith("headcount"):
        path, old = sample / "data/positions/sales-manager.yaml", "headcount: 2"
    else:
        path, old = sample / "data/courses/crm-basics.yaml", "hours: 4"
    edit(path, old, typed)
    [d] = errors(sample)
    assert d.code == "yaml.number" and d.line == line_of(path, typed) and all(w in d.message for w in words)


def test_duty_indented_three_spaces_is_warned(sample):
    path = sample / "data/positions/sales-manager.yaml"
    edit(path, "  - 指导商务助理", "   - 指导商务助理")
    hb, report = load_handbook(sample)
    [w] = [d for d in report.warnings if d.code == "yaml.indent"]
    assert w.line == line_of(path, "   - 指导商务助理") and "缩进" in w.message


# --------------------------------------------------------------------------- all problems at once
def test_five_mistakes_five_messages(sample):
    """A YAML error, a type error, a reference, a weight and a chapter error in five files: all five reported."""
    edit(sample / "data/units/sales-dept.yaml", "name: 销售管理部", "name：销售管理部")
    edit(sample / "data/courses/crm-basics.yaml", "hours: 4", "hours: 四")
    edit(sample / "data/positions/sales-rep.yaml", "reports_to: ", "reports_to: x")
    edit(sample / "data/positions/sales-manager.yaml", "weight: 30}", "weight: 35}")
    edit(sample / "content/credit.md", "[[sales-manager|销售经理]]", "[[sales-manger]]")
    found = sorted((d.file.split("/")[-1], d.code) for d in errors(sample))
    assert found == [("credit.md", "content.ref"), ("crm-basics.yaml", "schema.type"), ("sales-dept.yaml", "yaml.fullwidth"),
                     ("sales-manager.yaml", "kpi.weights"), ("sales-rep.yaml", "ref.unknown")]


def test_a_broken_file_does_not_make_references_to_it_errors(sample):
    """positions/sales-manager.yaml unreadable: the positions that report to it are not reported again."""
    edit(sample / "data/positions/sales-manager.yaml", "skills: [商务谈判,", "skills: [商务谈判,,,{")
    assert [d.file for d in errors(sample)] == ["data/positions/sales-manager.yaml"]


def test_one_mistyped_branch_target_one_error(sample):
    path = sample / "data/processes/contract-review.yaml"
    edit(path, "{to: meeting, label", "{to: meting, label")
    [d] = errors(sample)
    assert d.code == "ref.unknown" and d.line == line_of(path, "meting") and "meeting" in d.message


# --------------------------------------------------------------------------- how Chinese editors type
@pytest.mark.parametrize("old, new, name", [
    ("name: 销售管理部", "name：销售管理部", "全角冒号“：”"),
    ("  - 统计分析销售", "  －统计分析销售", "全角减号“－”"),
    ("  - 统计分析销售", "\u3000- 统计分析销售", "全角空格"),
])
def test_full_width_punctuation_at_its_own_line_and_column(sample, old, new, name):
    path = sample / "data/units/sales-dept.yaml"
    edit(path, old, new)
    [d] = errors(sample)
    line = line_of(path, new.strip("\u3000 -－"))
    column = next(i for i, c in enumerate(path.read_text(encoding="utf-8").split("\n")[line - 1], 1) if c in "：－\u3000")
    assert (d.code, d.line, d.column) == ("yaml.fullwidth", line, column)
    assert d.message.startswith(f"第 {line} 行第 {column} 列是{name}")


def test_full_width_comma_in_a_flow_mapping(sample):
    path = sample / "data/positions/sales-manager.yaml"
    edit(path, "collection-rate, weight: 25", "collection-rate，weight: 25")
    [d] = errors(sample)
    assert d.line == line_of(path, "，weight") and "全角逗号“，”，请改成英文逗号“,”" in d.message


@pytest.mark.parametrize("old, new, words", [
    ("  - 统计分析销售", "\t- 统计分析销售", "Tab"),
    ("{kpi: collection-rate, weight: 25}", "{kpi: collection-rate, weight: 25", "“{”没有闭合"),
])
def test_tab_and_unclosed_bracket_in_chinese(sample, old, new, words):
    path = sample / ("data/units/sales-dept.yaml" if "统计" in old else "data/positions/sales-manager.yaml")
    edit(path, old, new)
    [d] = errors(sample)
    assert d.line == line_of(path, new.strip("\t")[:12]) and words in d.message
    assert not any(w in d.message for w in ("found", "token", "expected", "while"))


def test_duty_with_colon_gives_one_message(sample):
    path = sample / "data/positions/sales-manager.yaml"
    edit(path, "  - 审批客户信用额度申请和临时超额发货申请", "  - 审批: 客户信用额度申请")
    [d] = errors(sample)
    assert d.code == "schema.colon" and "引号" in d.message and "'审批: 客户信用额度申请'" in d.message
    assert "constrained" not in d.format() and "{" not in d.message


def test_bare_no_as_a_name_is_echoed_and_quoting_suggested(sample):
    edit(sample / "data/positions/sales-manager.yaml", "name: 销售经理", "name: no")
    [d] = errors(sample)
    assert "写的是 no" in d.message and "'no'" in d.message and "False" not in d.message and d.value == "no"


def test_kpi_file_in_positions_says_where_it_belongs(sample):
    shutil.copy(sample / "data/kpis/collection-rate.yaml", sample / "data/positions/collection-rate.yaml")
    found = [d for d in errors(sample) if d.file == "data/positions/collection-rate.yaml"]
    assert [d.code for d in found] == ["file.misplaced"] and "data/kpis/" in found[0].message


def test_dangling_symlink_lock_file_is_ignored(sample):
    os.symlink("root@host.4242:1700000000", sample / "data/positions/.#sales-manager.yaml")
    os.symlink("nowhere.yaml", sample / "data/positions/ghost.yaml")
    os.symlink("nowhere.md", sample / "content/.#credit.md")
    result = subprocess.run(HANDBOOK + ["check", "--root", str(sample)], capture_output=True, text=True, cwd=ROOT / "generators")
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr


# --------------------------------------------------------------------------- missing checks
def test_unit_head_outside_the_unit(sample):
    edit(sample / "data/units/sales-dept.yaml", "head: sales-admin-manager", "head: market-manager")
    [d] = errors(sample)
    assert d.code == "unit.head" and "market-manager" in d.message


def test_same_course_twice_in_a_plan(sample):
    edit(sample / "data/positions/sales-manager.yaml", "{course: kpi-management", "{course: orientation")
    assert [d.code for d in errors(sample)] == ["training.duplicate"]


def test_two_kpis_with_the_same_name(sample):
    edit(sample / "data/kpis/collection-rate.yaml", "name: 回款率", "name: 销售费用率")
    assert [d.code for d in errors(sample)] == ["name.duplicate"]


def test_process_whose_end_cannot_be_reached_and_its_chart(sample):
    edit(sample / "data/processes/collection.yaml", "    next: [end]", "    next: [plan]")
    assert [d.code for d in errors(sample)] == ["step.no-end"]


def test_chart_draws_no_end_edge_the_data_lacks():
    from handbook.diagrams.shapes import END, FlowEdge, FlowNode, Lane
    from handbook.diagrams.swimlane import layout_swimlane

    lanes = [Lane("a", "甲", "#")]
    nodes = [FlowNode("x", "第一步", "a", "#x"), FlowNode("y", "第二步", "a", "#y")]
    looping = layout_swimlane(lanes, [], nodes, [FlowEdge("x", "y"), FlowEdge("y", "x")])
    assert {(c.source, c.target) for c in looping.connectors} == {("start", "x"), ("x", "y"), ("y", "x")}
    ending = layout_swimlane(lanes, [], nodes, [FlowEdge("x", "y"), FlowEdge("y", END)])
    assert ("y", END) in {(c.source, c.target) for c in ending.connectors}


def test_participant_who_is_the_role(sample):
    edit(sample / "data/processes/contract-review.yaml", "      - {role: group-order-manager, kind: 参与}",
         "      - {role: sales-admin-manager, kind: 参与}")
    assert [d.code for d in errors(sample)] == ["step.participant"]


# --------------------------------------------------------------------------- Chinese everywhere
def test_mkdocs_link_errors_become_chapter_diagnostics(sample):
    """A link check passes but MkDocs refuses (a heading on a generated page): the message names the chapter line."""
    path = sample / "content/credit.md"
    edit(path, "[[sales-manager|销售经理]]", "[经理](positions/sales-manager.md#no-such-heading)")
    assert errors(sample) == []
    result = CliRunner().invoke(main, ["build", "--root", str(sample)])
    assert result.exit_code == 1
    assert f"content/credit.md:{line_of(path, 'no-such-heading')}: 错误 [content.link]" in result.output
    assert "Aborted" not in result.output and "Doc file" not in result.output


def test_busy_port_is_one_line_with_a_suggestion(tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = subprocess.run(HANDBOOK + ["serve", "--root", str(ROOT), "-a", f"127.0.0.1:{port}"], capture_output=True,
                                text=True, cwd=ROOT / "generators", timeout=60)
    assert result.returncode == 1 and result.stdout == ""
    [line] = result.stderr.strip().split("\n")
    assert f"端口 {port} 已被占用" in line and "handbook serve -a 127.0.0.1:" in line


def test_serve_log_lines_in_chinese():
    from handbook.site.mkdocs_messages import translate

    assert translate("Building documentation...") == "正在生成网站……"
    assert translate("[10:01:02] Serving on http://127.0.0.1:8000/") == "[10:01:02] 预览地址：http://127.0.0.1:8000/"
    assert translate("Aborted with a BuildError!") == "网站生成中止"


def test_demo_summary_in_chinese(tmp_path):
    result = CliRunner().invoke(main, ["demo", "--positions", "10", "--out", str(tmp_path / "demo")])
    assert result.exit_code == 0 and "岗位 10 个" in result.output
    assert not any(word in result.output for word in ("units", "positions", "kpis"))


def test_json_schema_titles_in_chinese(tmp_path):
    CliRunner().invoke(main, ["schema", "--out-dir", str(tmp_path)])
    schema = json.loads((tmp_path / "positions.schema.json").read_text(encoding="utf-8"))
    assert schema["title"] == "岗位" and schema["properties"]["reports_to"]["title"] == "直接上级"
    titles = []

    def walk(node):
        if isinstance(node, dict):
            if isinstance(node.get("title"), str):
                titles.append(node["title"])
            for value in node.values():
                walk(value)
    for path in tmp_path.glob("*.json"):
        walk(json.loads(path.read_text(encoding="utf-8")))
    assert titles and all(any("\u4e00" <= c <= "\u9fff" for c in t) for t in titles), [t for t in titles if t.isascii()]


def test_no_jieba_warning_before_output(tmp_path):
    result = subprocess.run(HANDBOOK + ["search", "--root", str(ROOT), "回款"], capture_output=True, text=True,
                            cwd=ROOT / "generators", env={**os.environ, "PYTHONWARNINGS": "default"})
    assert result.returncode == 0 and "pkg_resources" not in result.stderr + result.stdout


def test_export_docx_by_exact_chinese_name(tmp_path):
    result = CliRunner().invoke(main, ["export", "docx", "销售经理", "--root", str(ROOT), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert [p.name for p in tmp_path.iterdir()] == ["销售经理-岗位说明书.docx"]  # named for people


# --------------------------------------------------------------------------- one way to check
def test_diagnostics_carry_path_and_value_as_data(sample):
    edit(sample / "data/positions/sales-manager.yaml", "headcount: 2", "headcount: 两个")
    result = CliRunner().invoke(main, ["check", "--root", str(sample), "--format", "json"])
    [d] = json.loads(result.output)
    assert d["path"] == ["headcount"] and d["value"] == "两个" and d["line"] == 5


def test_every_new_code_is_documented():
    for code in ("yaml.fullwidth", "yaml.tab", "yaml.number", "yaml.indent", "text.control", "schema.colon", "file.misplaced",
                 "unit.head", "training.duplicate", "name.duplicate", "step.no-end", "step.participant", "release.date",
                 "release.revision", "content.anchor", "content.link"):
        assert code in CODES
    output = CliRunner().invoke(main, ["codes"]).output
    assert "content.anchor" in output and "release.date" in output
