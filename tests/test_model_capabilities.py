"""What real organizations say (issue 14): open vocabularies, process gateways and hand-offs,
dotted lines, concurrent posts, honest headcount, qualitative and veto KPIs, course days and
several legal entities — shown in the second organization (tests/cases/training-school) and the sample."""

from __future__ import annotations

import io
import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document

from conftest import CASES, ROOT, line_of
from handbook.cli import main
from handbook.exports import handbook_xlsx
from handbook.exports.docx_jd import JobDescriptionWriter
from handbook.importer import import_workbook
from handbook.history.diff import compare
from handbook.pipeline import load_handbook
from handbook.render.search_entries import entries_for_handbook

SCHOOL = CASES / "training-school"


@pytest.fixture(scope="module")
def school_site(case_sites):
    _, report = load_handbook(SCHOOL)
    assert not report.items, [d.format() for d in report.sorted()]
    return case_sites("training-school")


def page(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def chart(html: str) -> str:
    match = re.search(r'<svg[^>]*hb-swimlane.*?</svg>', html, re.S)
    assert match, "no swimlane chart"
    return match.group(0)


@pytest.fixture
def school(tmp_path) -> Path:
    target = tmp_path / "school"
    shutil.copytree(SCHOOL, target)
    return target


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def errors(root: Path, code: str | None = None):
    hb, report = load_handbook(root)
    found = [d for d in report.errors if code is None or d.code == code]
    return hb, found


# -- vocabularies ------------------------------------------------------------------------------

def test_handbook_extends_and_replaces_vocabularies(school_site):
    hb, site = school_site
    assert hb.units["provincial-agent"].kind == "省代" and "学校" in hb.vocab.allowed("unit_kinds")
    assert "集团" in hb.vocab.allowed("unit_kinds")  # extended, defaults kept
    assert hb.vocab.allowed("training_stages") == ("入职", "试用期", "在岗", "晋升")  # replaced, in this order
    html = page(site, "positions/deputy-market-manager")
    assert html.index("试用期") > html.index("入职")
    courses = page(site, "training")
    assert courses.index("招生实务") < courses.index("营销技能") < courses.index("管理技能")  # the list's order


def test_value_outside_a_vocabulary_is_located_with_did_you_mean(school):
    unit = school / "data/units/provincial-agent.yaml"
    edit(unit, "kind: 省代", "kind: 省待")
    edit(school / "data/positions/consultant.yaml", "stage: 试用期", "stage: 试用")
    _, found = errors(school, "schema.value")
    by_file = {d.file: d for d in found}
    kind = by_file["data/units/provincial-agent.yaml"]
    assert kind.line == line_of(unit, "kind:") and kind.field.startswith("kind")
    assert "是不是想写 省代" in kind.message and "vocabularies.unit_kinds" in kind.message
    stage = by_file["data/positions/consultant.yaml"]
    assert "试用期" in stage.message and stage.field.startswith("training[2].stage")


def test_default_lists_still_refuse_unknown_values(minimal):
    edit(minimal / "data/units/center.yaml", "kind: 中心", "kind: 支行")
    _, found = errors(minimal, "schema.value")
    assert len(found) == 1 and "组织单元类型" in found[0].message


def test_vocabulary_problems_come_with_schema_problems_in_one_run(school):
    edit(school / "data/units/provincial-agent.yaml", "kind: 省代", "kind: 省待")
    edit(school / "data/positions/consultant.yaml", "purpose:", "purpse:")
    _, found = errors(school)
    assert {d.code for d in found} >= {"schema.value", "schema.extra"}


# -- processes -----------------------------------------------------------------------------------

def test_parallel_fork_and_join_are_drawn_as_plus_diamonds(school_site):
    _, site = school_site
    svg = chart(page(site, "processes/campus-enrollment"))
    assert 'class="hb-node hb-gateway-parallel" data-id="split"' in svg
    assert 'class="hb-node hb-gateway-join" data-id="ready"' in svg
    assert svg.count('class="hb-gateway"') == 2 and ">+</tspan>" in svg
    for target in ("vi-install", "print"):
        assert f'data-source="split" data-target="{target}"' in svg
    for source in ("vi-install", "print"):
        assert f'data-source="{source}" data-target="ready"' in svg
    assert 'class="hb-node hb-decision" data-id="convert"' in svg  # the exclusive gateway stays a plain diamond


def test_milestone_second_start_and_joint_roles(school_site):
    hb, site = school_site
    html = page(site, "processes/campus-enrollment")
    svg = chart(html)
    assert 'class="hb-node hb-event" data-id="open-class"' in svg
    assert 'data-source="start" data-target="negotiate"' in svg and 'data-source="start" data-target="online-lead"' in svg
    assert "会同 招生老师" in svg
    step = html[html.index('id="step-consult"'):html.index('id="step-convert"')]
    assert "咨询师" in step and "招生老师" in step and "共同负责" in step
    assert ("campus-enrollment", "consult", "负责") in {(r.process, r.step, r.involvement)
                                                        for r in hb.role_steps["enrollment-teacher"]}


def test_hand_off_shows_on_both_processes(school_site):
    _, site = school_site
    caller = page(site, "processes/new-course")
    assert 'processes/campus-enrollment/"' in caller and "转入流程" in caller
    assert 'class="hb-node hb-call" data-id="launch"' in chart(caller) and "转入 进校招生流程" in chart(caller)
    called = page(site, "processes/campus-enrollment")
    assert "由其他流程转入" in called and 'processes/new-course/#step-launch"' in called
    svg = chart(called)
    assert "由新课程拓展流程转入" in svg and 'processes/new-course/"' in svg


def test_conditional_approval_on_step_page_and_matrices(school_site):
    _, site = school_site
    html = page(site, "processes/travel-expense")
    assert "审批条件" in html and "差旅标准以内的报销" in html
    assert "审批（超出差旅标准或需冲抵借款的报销）" in html  # participant's condition, step page and matrix
    matrix = html[html.index('class="hb-matrix"'):]
    assert "审批（差旅标准以内的报销）" in matrix
    overall = page(site, "processes/matrix")
    assert "审批（超出差旅标准或需冲抵借款的报销）" in overall


def test_process_errors_are_located(school):
    proc = school / "data/processes/campus-enrollment.yaml"
    edit(proc, "next: [vi-install, print]", "next: [vi-install]")
    edit(proc, "    milestone: true\n", "")  # the milestone without a role becomes a step without a role
    other = school / "data/processes/new-course.yaml"
    edit(other, "calls: campus-enrollment", "calls: campus-enrolment")
    _, found = errors(school)
    codes = {(d.code, d.file) for d in found}
    assert ("step.gateway", "data/processes/campus-enrollment.yaml") in codes
    assert ("step.no-role", "data/processes/campus-enrollment.yaml") in codes
    unknown = next(d for d in found if d.code == "ref.unknown" and d.file.endswith("new-course.yaml"))
    assert unknown.line == line_of(other, "calls:") and "campus-enrollment" in unknown.message


def test_join_needs_two_incoming_branches(school):
    proc = school / "data/processes/campus-enrollment.yaml"
    edit(proc, "    next: [ready]\n", "    next: [consult]\n")
    _, found = errors(school, "step.gateway")
    assert len(found) == 1 and "汇合" in found[0].message and found[0].line == line_of(proc, "gateway: 汇合")


# -- positions -----------------------------------------------------------------------------------

def test_dotted_line_and_concurrent_posts_on_both_pages_and_charts(school_site):
    _, site = school_site
    teacher = page(site, "positions/enrollment-teacher")
    assert 'id="dotted-line"' in teacher and 'positions/deputy-market-manager/"' in teacher
    deputy = page(site, "positions/deputy-market-manager")
    assert 'id="dotted-subordinates"' in deputy and 'positions/enrollment-teacher/"' in deputy
    for pid, other in (("outreach-promoter", "market-supervisor"), ("market-supervisor", "outreach-promoter")):
        html = page(site, f"positions/{pid}")
        assert 'id="concurrent"' in html and f'positions/{other}/"' in html
    unit_chart = page(site, "org/teaching-dept")
    assert "虚线汇报 市场部副主管" in unit_chart
    assert "兼任 市场督导" in page(site, "org/promotion-group")
    assert "虚线下级 招生老师" in page(site, "org/market-dept")
    assert "同时归属本单元的岗位" in page(site, "org/market-one")


def test_headcount_totals_never_invent_a_number(school_site):
    hb, site = school_site
    assert hb.positions["part-time-promoter"].headcount is None
    home = page(site, "")
    assert "20 个岗位，编制 25 人（其中空缺 1 人），另有 2 个岗位编制未定" in home
    assert "编制未定" in page(site, "positions/part-time-promoter")
    assert "3 人（空缺 1 人）" in page(site, "positions/agent-market-specialist")


def test_position_relations_are_checked(school):
    pos = school / "data/positions/agent-market-specialist.yaml"
    edit(pos, "vacancies: 1", "vacancies: 4\nconcurrent: [agent-market-specialist]\ndotted_reports_to: [agent-market-lead]")
    _, found = errors(school)
    codes = sorted((d.code, d.field) for d in found)
    assert ("position.headcount", "vacancies（空缺）") in codes
    assert ("position.self", "concurrent[1]") in codes and ("position.self", "dotted_reports_to[1]") in codes
    assert all(d.file.endswith("agent-market-specialist.yaml") and d.line > 1 for d in found)


# -- KPIs and courses ---------------------------------------------------------------------------------

def test_qualitative_kpi_levels_and_veto_items(school_site):
    _, site = school_site
    kpi = page(site, "kpis/promotion-execution")
    assert 'id="levels"' in kpi and "活动按方案准时开展" in kpi and "评价方式" in kpi
    manager = page(site, "positions/market-manager")
    table = manager[manager.index('id="kpis"'):manager.index('id="processes"')]
    assert "一票否决" in table and re.search(r"合计</td><td[^>]*>100%", table)
    assert table.index("合计") < table.index("违规报销")  # the veto item is outside the weighted total


def test_weight_rules_for_veto_items(school):
    pos = school / "data/positions/market-manager.yaml"
    edit(pos, "{kpi: expense-violation, veto: true}", "{kpi: expense-violation, veto: true, weight: 10}")
    edit(pos, "{kpi: conversion-rate, weight: 30}", "{kpi: conversion-rate}")
    _, found = errors(school)
    veto = [d for d in found if d.code == "kpi.veto"]
    assert len(veto) == 1 and veto[0].line == line_of(pos, "veto: true") and veto[0].field == "kpis[4].weight"
    missing = [d for d in found if d.code == "kpi.weights" and d.field == "kpis[2]"]
    assert len(missing) == 1 and "veto: true" in missing[0].message


def test_kpi_needs_a_formula_or_levels(school):
    path = school / "data/kpis/campus-cooperation.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text[:text.index("levels:")] + "target: 好\nfrequency: 招生季\nevaluator: market-manager\n",
                    encoding="utf-8")
    _, found = errors(school, "kpi.formula")
    assert len(found) == 1 and found[0].file.endswith("campus-cooperation.yaml")


def test_course_length_in_days(school_site, school):
    _, site = school_site
    assert "2 天" in page(site, "training/campus-marketing") and "8 学时" in page(site, "training/enrollment-basics")
    edit(school / "data/courses/team-leadership.yaml", "days: 3", "days: 3\nhours: 24")
    _, found = errors(school, "course.length")
    assert len(found) == 1


# -- several legal entities ------------------------------------------------------------------------------

def test_each_entity_gets_its_own_org_chart_and_documents(school_site):
    hb, site = school_site
    org = page(site, "org")
    assert org.count('class="hb-diagram hb-orgchart"') == 2 and 'data-id="org-root"' not in org
    assert "华中新航教育咨询有限公司：华中省级代理组织架构图" in org
    assert hb.organization_of("agent-market-specialist") == "华中新航教育咨询有限公司"
    assert hb.organization_of("consultant") == "新航职业培训学校"
    writer = JobDescriptionWriter(hb)
    for pid, own, other in (("agent-market-lead", "华中新航教育咨询有限公司", "新航职业培训学校"),
                            ("consultant", "新航职业培训学校", "华中新航教育咨询有限公司")):
        doc = Document(io.BytesIO(writer.render(pid)))
        footer = doc.sections[0].footer.paragraphs[0].text
        subtitle = doc.paragraphs[1].text
        assert own in footer and own in subtitle and other not in footer + subtitle
        assert doc.core_properties.author == own
    assert "华中新航教育咨询有限公司" in page(site, "positions/agent-market-lead")
    from handbook.exports import kpi_sheet_xlsx
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(kpi_sheet_xlsx(hb, "agent-market-lead")))
    assert sheet.properties.creator == "华中新航教育咨询有限公司"
    assert "所属单位" not in page(site, "processes/agent-training")  # owned by the school's 市场部


def test_organization_only_on_top_level_units(school):
    edit(school / "data/units/agent-market.yaml", "kind: 小组", "kind: 小组\norganization: 另一家公司")
    _, found = errors(school, "unit.organization")
    assert len(found) == 1 and found[0].file.endswith("agent-market.yaml")


# -- every new field goes everywhere ---------------------------------------------------------------------

def test_workbook_round_trip_keeps_every_new_field(tmp_path):
    hb, _ = load_handbook(SCHOOL)
    path = tmp_path / "book.xlsx"
    path.write_bytes(handbook_xlsx(hb))
    target = tmp_path / "imported"
    shutil.copytree(SCHOOL / "content", target / "content")
    result = import_workbook(path, target / "data")
    assert result.problems == [], result.problems
    again, report = load_handbook(target)
    assert again is not None, [d.format() for d in report.errors]
    assert again.meta == hb.meta
    for kind in ("units", "positions", "kpis", "processes", "courses"):
        assert dict(getattr(again, kind)) == dict(getattr(hb, kind)), kind


def test_search_index_carries_conditions_relations_and_levels():
    hb, _ = load_handbook(SCHOOL)
    texts = {e.id: e.text for e in entries_for_handbook(hb)}
    assert "超出差旅标准或需冲抵借款的报销" in texts["processes/travel-expense#step-approve"]
    assert "转入新课程" not in texts["processes/new-course#step-launch"]
    assert "转入进校招生流程" in texts["processes/new-course#step-launch"]
    assert "虚线汇报：市场部副主管" in texts["positions/enrollment-teacher#dotted-line"]
    assert "兼任：市场督导" in texts["positions/outreach-promoter#concurrent"]
    assert "活动按方案准时开展" in texts["kpis/promotion-execution"]  # levels are what a qualitative KPI record says


def test_changes_name_the_new_kinds_of_change(school):
    before, _ = load_handbook(SCHOOL)
    edit(school / "data/positions/outreach-promoter.yaml", "concurrent: [market-supervisor]\n", "")
    edit(school / "data/processes/travel-expense.yaml", "condition: 差旅标准以内的报销", "condition: 差旅标准以内且不含借款的报销")
    edit(school / "data/positions/part-time-promoter.yaml", "headcount: 未定", "headcount: 6")
    edit(school / "data/courses/campus-marketing.yaml", "days: 2", "days: 3")
    after, report = load_handbook(school)
    assert after is not None, [d.format() for d in report.errors]
    found = {(c.record, c.what): c for c in compare(before, after)}
    assert ("outreach-promoter", "兼任关系调整") in found
    assert found[("outreach-promoter", "兼任关系调整")].before == "市场督导"
    assert ("travel-expense", "步骤“审批报销”审批条件调整") in found
    assert found[("part-time-promoter", "编制调整")].before == "编制未定"
    assert found[("campus-marketing", "时长调整")].after == "3 天"


def test_json_schema_lists_the_projects_vocabularies(tmp_path):
    result = CliRunner().invoke(main, ["schema", "--root", str(SCHOOL), "--out-dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    units = json.loads((tmp_path / "units.schema.json").read_text(encoding="utf-8"))
    assert "省代" in units["properties"]["kind"]["enum"] and "集团" in units["properties"]["kind"]["enum"]
    positions = json.loads((tmp_path / "positions.schema.json").read_text(encoding="utf-8"))
    props = positions["properties"]
    assert {"dotted_reports_to", "other_units", "concurrent", "vacancies"} <= set(props)
    assert {"const": "未定"} in props["headcount"]["anyOf"]
    assert positions["$defs"]["TrainingEntry"]["properties"]["stage"]["enum"] == ["入职", "试用期", "在岗", "晋升"]
    processes = json.loads((tmp_path / "processes.schema.json").read_text(encoding="utf-8"))
    step = processes["$defs"]["Step"]["properties"]
    assert {"roles", "condition", "gateway", "milestone", "start", "calls"} <= set(step)
    kpis = json.loads((tmp_path / "kpis.schema.json").read_text(encoding="utf-8"))
    assert "levels" in kpis["properties"]


# -- the sample uses the new capabilities where its sources support them ------------------------------------

def test_sample_uses_the_new_capabilities():
    hb, report = load_handbook(ROOT)
    assert hb is not None and not report.items
    bid = {s.id: s for s in hb.processes["bid-preparation"].steps}
    assert bid["split"].gateway == "并行" and bid["parts-ready"].gateway == "汇合"
    assert bid["summary"].calls == "group-order-contract"
    review = {s.id: s for s in hb.processes["contract-review"].steps}
    assert review["sign"].roles == ["customer-service-manager"] and review["archive"].calls == "order-delivery"
    expense = {s.id: s for s in hb.processes["expense-reimbursement"].steps}
    assert expense["hq-approve"].condition and any(p.condition for p in expense["hq-approve"].participants)
    assert hb.concurrent_posts["channel-supervisor"] == ("franchise-supervisor",)
    assert hb.positions["east-group-order-supervisor"].dotted_reports_to == ["group-order-manager"]
    assert hb.kpis["inspection-quality"].levels and not hb.kpis["inspection-quality"].formula
    assert any(e.veto for e in hb.positions["business-assistant"].kpis)


def test_a_qualitative_kpi_has_no_invented_direction(school_site):
    """promotion-execution is scored by levels and names no direction: neither the page nor the workbook says 越高越好."""
    from openpyxl import load_workbook

    hb, site = school_site
    cell = page(site, "kpis/promotion-execution").split("指标方向</th><td>", 1)[1].split("</td>", 1)[0]
    assert cell == "—", cell
    assert hb.kpis["promotion-execution"].direction is None
    assert hb.kpis["promotion-execution"].effective_direction is None
    assert hb.kpis["campus-cooperation"].effective_direction is None
    sheet = load_workbook(io.BytesIO(handbook_xlsx(hb)))["考核指标"]
    header = [c.value for c in sheet[1]]
    row = next(r for r in sheet.iter_rows(values_only=True) if r[0] == "promotion-execution")
    assert row[header.index("指标方向")] in (None, ""), row


def test_a_vacancy_of_an_unknown_headcount_is_not_part_of_the_known_total():
    """编制 18 人 plus a post whose 编制 is 未定 with 1 vacancy: the vacancy is not “其中” of the 18."""
    from types import SimpleNamespace

    from handbook.render.staffing import total

    known = SimpleNamespace(headcount=18, vacancies=0)
    unknown = SimpleNamespace(headcount=None, vacancies=1)
    assert str(total([known, unknown])) == "18 人，另有 1 个岗位编制未定（已知空缺 1 人）"
    assert str(total([unknown])) == "编制未定（已知空缺 1 人）"
    assert str(total([SimpleNamespace(headcount=5, vacancies=2), unknown, unknown])) == \
        "5 人（其中空缺 2 人），另有 2 个岗位编制未定（已知空缺 2 人）"
