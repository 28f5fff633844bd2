"""Every validation rule, each on a broken copy of the fixture handbook.

Each test checks the code, the file and the line, because an editor needs all
three to find the problem.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import line_of
from handbook.pipeline import load_handbook


def errors(root: Path, code: str | None = None):
    hb, report = load_handbook(root)
    found = [d for d in report.errors if code is None or d.code == code]
    return hb, found


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_fixture_is_clean(minimal):
    hb, report = load_handbook(minimal)
    assert hb is not None and report.errors == []
    assert set(hb.positions) == {"gm", "sales-manager"}


def test_unknown_field_suggests_the_right_name(minimal):
    pos = minimal / "data/positions/sales-manager.yaml"
    edit(pos, "duties:", "dutys:")
    _, found = errors(minimal, "schema.extra")
    assert len(found) == 1
    d = found[0]
    assert d.file == "data/positions/sales-manager.yaml"
    assert d.line == line_of(pos, "dutys:")
    assert "duties" in d.message


def test_wrong_type_names_field_and_line(minimal):
    pos = minimal / "data/positions/sales-manager.yaml"
    edit(pos, "headcount: 2", "headcount: 两个")
    _, found = errors(minimal, "schema.type")
    assert [(d.line, d.field.split("（")[0]) for d in found] == [(line_of(pos, "headcount:"), "headcount")]
    assert "整数" in found[0].message


def test_missing_required_field(minimal):
    pos = minimal / "data/positions/gm.yaml"
    edit(pos, "unit: center\n", "")
    _, found = errors(minimal, "schema.missing")
    assert len(found) == 1 and found[0].field.startswith("unit") and found[0].file.endswith("gm.yaml")


def test_bad_literal_lists_allowed_values(minimal):
    kpi = minimal / "data/kpis/sales-amount.yaml"
    edit(kpi, "frequency: 月度", "frequency: 每周")
    _, found = errors(minimal, "schema.value")
    assert len(found) == 1 and found[0].line == line_of(kpi, "frequency:")
    assert "季度" in found[0].message


def test_all_problems_reported_in_one_run(minimal):
    edit(minimal / "data/positions/gm.yaml", "purpose:", "purpse:")
    edit(minimal / "data/kpis/sales-amount.yaml", "frequency: 月度", "frequency: 每周")
    edit(minimal / "data/units/center.yaml", "kind: 中心", "kind: 司")
    _, found = errors(minimal)
    assert {d.file for d in found} == {"data/positions/gm.yaml", "data/kpis/sales-amount.yaml", "data/units/center.yaml"}


def test_duplicate_id_across_kinds(minimal):
    course = minimal / "data/courses/leadership.yaml"
    edit(course, "id: leadership", "id: gm")
    _, found = errors(minimal, "id.duplicate")
    assert len(found) == 1 and found[0].line == 1
    flagged, other = found[0].file, found[0].message
    pair = {"data/courses/leadership.yaml", "data/positions/gm.yaml"}
    assert flagged in pair and (pair - {flagged}).pop() in other


def test_unknown_reference_suggests_ids_and_names(minimal):
    pos = minimal / "data/positions/sales-manager.yaml"
    edit(pos, "reports_to: gm", "reports_to: 总经理")
    _, found = errors(minimal, "ref.unknown")
    assert len(found) == 1 and found[0].line == line_of(pos, "reports_to:")
    assert "gm（总经理）" in found[0].message
    edit(pos, "reports_to: 总经理", "reports_to: sales-managr")
    _, found = errors(minimal, "ref.unknown")
    assert "sales-manager" in found[0].message


def test_reference_to_wrong_kind(minimal):
    pos = minimal / "data/positions/sales-manager.yaml"
    edit(pos, "unit: sales-dept", "unit: gm")
    _, found = errors(minimal, "ref.kind")
    assert len(found) == 1 and "岗位" in found[0].message and found[0].line == line_of(pos, "unit: gm")


def test_reporting_cycle(minimal):
    gm = minimal / "data/positions/gm.yaml"
    edit(gm, "unit: center", "unit: center\nreports_to: sales-manager")
    _, found = errors(minimal, "org.cycle")
    assert len(found) == 1
    assert "gm → sales-manager → gm" in found[0].message and found[0].line == line_of(gm, "reports_to:")


def test_unit_parent_cycle(minimal):
    edit(minimal / "data/units/center.yaml", "kind: 中心", "kind: 中心\nparent: sales-dept")
    _, found = errors(minimal, "org.cycle")
    assert len(found) == 1 and found[0].file == "data/units/center.yaml"


def test_kpi_weights_must_sum_to_100(minimal):
    pos = minimal / "data/positions/sales-manager.yaml"
    edit(pos, "weight: 40", "weight: 30")
    _, found = errors(minimal, "kpi.weights")
    assert len(found) == 1 and "90" in found[0].message and found[0].line == line_of(pos, "kpis:")


def test_headcount_below_one(minimal):
    pos = minimal / "data/positions/sales-manager.yaml"
    edit(pos, "headcount: 2", "headcount: 0")
    _, found = errors(minimal, "position.headcount")
    assert len(found) == 1 and found[0].line == line_of(pos, "headcount:")


def test_step_without_role(minimal):
    proc = minimal / "data/processes/contract-review.yaml"
    edit(proc, "    role: sales-dept\n", "")
    _, found = errors(minimal, "step.no-role")
    assert len(found) == 1 and found[0].line == line_of(proc, "id: sign")


def test_unreachable_step(minimal):
    proc = minimal / "data/processes/contract-review.yaml"
    edit(proc, "{to: sign, label: 通过}", "{to: end, label: 通过}")
    _, found = errors(minimal, "step.unreachable")
    assert len(found) == 1 and found[0].line == line_of(proc, "id: sign") and "签订合同" in found[0].message


def test_decision_without_labelled_branches(minimal):
    proc = minimal / "data/processes/contract-review.yaml"
    edit(proc, "      - {to: draft, label: 退回}\n", "")
    _, found = errors(minimal, "step.decision")
    assert len(found) == 1 and found[0].line == line_of(proc, "id: review")


def test_unknown_branch_target(minimal):
    proc = minimal / "data/processes/contract-review.yaml"
    edit(proc, "{to: draft, label: 退回}", "{to: drafts, label: 退回}")
    _, found = errors(minimal, "ref.unknown")
    assert len(found) == 1 and "draft" in found[0].message and found[0].line == line_of(proc, "to: drafts")


def test_chapter_reference_to_missing_record(minimal):
    chapter = minimal / "content/rules.md"
    edit(chapter, "[[sales-manager]]", "[[sales-manger]]")
    _, found = errors(minimal, "content.ref")
    assert len(found) == 1 and found[0].file == "content/rules.md"
    assert found[0].line == line_of(chapter, "[[sales-manger]]") and "sales-manager" in found[0].message


def test_chapter_reference_in_code_block_is_ignored(minimal):
    chapter = minimal / "content/rules.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\n```\n[[not-a-record]]\n```\n", encoding="utf-8")
    _, found = errors(minimal)
    assert found == []


def test_unused_records_are_warnings(minimal):
    (minimal / "data/courses/extra.yaml").write_text("id: extra\nname: 闲置课程\ncategory: 素质类\nhours: 2\n", encoding="utf-8")
    hb, report = load_handbook(minimal)
    assert hb is not None
    assert [(w.code, w.file, w.line) for w in report.warnings] == [("unused", "data/courses/extra.yaml", 1)]


@pytest.mark.parametrize("content, code, needle", [
    ("id: x\nname: [\n", "yaml.syntax", None),
    ("id: x\nname: a\nname: b\n", "yaml.duplicate-key", "name: b"),
    ("id: &a x\nname: *a\n", "yaml.alias", None),
    ("id: x\nname: !!python/object/apply:os.system [ls]\n", "yaml.tag", "name:"),
    ("", "yaml.empty", None),
    ("- just\n- strings\n", "schema.type", None),
])
def test_malformed_yaml(minimal, content, code, needle):
    path = minimal / "data/courses/bad.yaml"
    path.write_text(content, encoding="utf-8")
    _, found = errors(minimal, code)
    assert found and found[0].file == "data/courses/bad.yaml"
    if needle:
        assert found[0].line == line_of(path, needle)


def test_non_utf8_file_names_line(minimal):
    path = minimal / "data/courses/gbk.yaml"
    path.write_bytes("id: gbk\n".encode() + "name: 课程\n".encode("gbk"))
    _, found = errors(minimal, "yaml.encoding")
    assert len(found) == 1 and found[0].line == 2


def test_bom_is_accepted(minimal):
    path = minimal / "data/courses/leadership.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    hb, found = errors(minimal)
    assert found == [] and hb is not None


def test_unknown_data_folder_suggests_kind(minimal):
    (minimal / "data/position").mkdir()
    (minimal / "data/position/x.yaml").write_text("id: x\n", encoding="utf-8")
    _, found = errors(minimal, "file.unknown")
    assert len(found) == 1 and "positions" in found[0].message


def test_uppercase_id_is_rejected_with_example(minimal):
    edit(minimal / "data/courses/leadership.yaml", "id: leadership", "id: Leadership")
    _, found = errors(minimal, "schema.value")
    assert any("小写" in d.message for d in found)


def test_chapter_name_that_collides_with_a_section(minimal):
    (minimal / "content/rules.md").rename(minimal / "content/training.md")
    edit(minimal / "content/training.md", "id: rules", "id: training")
    edit(minimal / "data/processes/contract-review.yaml", "policies: [rules]", "policies: []")
    _, found = errors(minimal, "content.front-matter")
    assert len(found) == 1 and found[0].file == "content/training.md" and "冲突" in found[0].message


def test_chapter_id_must_match_file_name(minimal):
    edit(minimal / "content/rules.md", "id: rules", "id: sales-rules")
    _, found = errors(minimal, "content.front-matter")
    assert len(found) == 1 and "文件名" in found[0].message


def test_chart_orientation_is_validated(minimal):
    """`chart:` lets an editor force the swimlane's direction; anything else is named with the allowed values."""
    proc = minimal / "data/processes/contract-review.yaml"
    text = proc.read_text(encoding="utf-8")
    proc.write_text(text.replace("owner:", "chart: 竖向\nowner:", 1), encoding="utf-8")
    _, found = errors(minimal, "schema.value")
    assert len(found) == 1 and found[0].line == line_of(proc, "chart:")
    assert "vertical" in found[0].message and "泳道图方向" in found[0].format()
    proc.write_text(text.replace("owner:", "chart: vertical\nowner:", 1), encoding="utf-8")
    hb, found = errors(minimal)
    assert found == [] and hb.processes["contract-review"].chart == "vertical"
