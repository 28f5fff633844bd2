"""Excel import: round trip, located errors with data/ untouched, the simple duty list."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
import yaml
from openpyxl import Workbook, load_workbook

from handbook.exports.xlsx_book import handbook_xlsx
from handbook.importer import import_simple_duties, import_workbook
from handbook.pipeline import load_handbook

CASES = Path(__file__).resolve().parent / "cases"
KINDS = ("units", "positions", "kpis", "processes", "courses")


def _load(root: Path):
    hb, report = load_handbook(root)
    assert hb is not None, [d.format() for d in report.errors]
    return hb


def _dump(hb) -> dict:
    """Everything the workbook carries, as plain data: each record of each kind, and the meta."""
    out = {kind: {rid: rec.model_dump() for rid, rec in getattr(hb, kind).items()} for kind in KINDS}
    out["meta"] = hb.meta.model_dump()
    return out


def _snapshot(folder: Path) -> dict:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _project(tmp_path: Path, case: str) -> Path:
    root = tmp_path / "hb"
    shutil.copytree(CASES / case, root)
    return root


@pytest.mark.parametrize("case", ["minimal", "import/rich"])
def test_round_trip_into_empty_dir(tmp_path, case):
    """export → import into an empty data/ → load → same records and meta, and a byte-identical workbook."""
    original = _load(CASES / case)
    book = handbook_xlsx(original)
    (tmp_path / "book.xlsx").write_bytes(book)
    root = tmp_path / "new"
    shutil.copytree(CASES / case / "content", root / "content")
    result = import_workbook(tmp_path / "book.xlsx", root / "data")
    assert result.problems == []
    assert all(p.is_file() and root / "data" in p.parents for p in result.written)
    expected = {"data/handbook.yaml"} | {f"data/{kind}/{rid}.yaml" for kind in KINDS for rid in getattr(original, kind)}
    assert {p.relative_to(root).as_posix() for p in result.written} == expected
    again = _load(root)
    assert _dump(again) == _dump(original)
    assert handbook_xlsx(again) == book
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".handbook-import-")]
    assert not [p for p in root.iterdir() if p.name.startswith(".handbook-import-")]


def test_round_trip_of_the_sample_handbook(tmp_path):
    """The real sample in data/ (skipped while it is being edited into an invalid state)."""
    repo = Path(__file__).resolve().parent.parent
    sample, report = load_handbook(repo)
    if sample is None:
        pytest.skip(f"data/ does not validate right now ({len(report.errors)} errors)")
    book = handbook_xlsx(sample)
    (tmp_path / "book.xlsx").write_bytes(book)
    root = tmp_path / "new"
    if (repo / "content").is_dir():
        shutil.copytree(repo / "content", root / "content")
    result = import_workbook(tmp_path / "book.xlsx", root / "data")
    assert result.problems == []
    again = _load(root)
    assert _dump(again) == _dump(sample)
    assert handbook_xlsx(again) == book


def test_import_replaces_existing_data_and_keeps_other_files(tmp_path):
    root = _project(tmp_path, "minimal")
    original = _load(root)
    wb = load_workbook(io.BytesIO(handbook_xlsx(original)))
    wb["岗位"]["B4"] = "销售部经理"  # rename sales-manager
    wb.save(tmp_path / "edited.xlsx")
    (root / "data" / "kpis" / "stale.yaml").write_text("id: stale\nname: 旧指标\ndefinition: x\nformula: y\n", encoding="utf-8")
    result = import_workbook(tmp_path / "edited.xlsx", root / "data", delete_missing=True)
    assert result.problems == []
    assert not (root / "data" / "kpis" / "stale.yaml").exists()
    assert (root / "data" / "synonyms.yaml").read_bytes() == (CASES / "minimal/data/synonyms.yaml").read_bytes()
    hb = _load(root)
    assert hb.positions["sales-manager"].name == "销售部经理"
    assert hb.synonyms == original.synonyms


def test_records_missing_from_the_workbook_are_kept_and_reported(tmp_path):
    """Without delete_missing, a record the workbook lacks keeps its file (one-record file or list item)
    and is named in Chinese; nothing is deleted silently."""
    root = _project(tmp_path, "minimal")
    wb = load_workbook(io.BytesIO(handbook_xlsx(_load(root))))
    wb["岗位"]["B4"] = "销售部经理"
    wb.save(tmp_path / "edited.xlsx")
    stale = root / "data" / "kpis" / "stale.yaml"
    stale.write_text("id: stale\nname: 旧指标\ndefinition: x\nformula: y\n", encoding="utf-8")
    listed = root / "data" / "courses" / "more.yaml"
    listed.write_text(("# 两门旧课\n- id: old-a\n  name: 旧课甲\n  category: 领导力\n  hours: 2\n"
                       "- id: old-b\n  name: 旧课乙\n  category: 领导力\n  hours: 3\n"),
                      encoding="utf-8")
    before = {p: p.read_bytes() for p in (stale, listed)}
    result = import_workbook(tmp_path / "edited.xlsx", root / "data")
    assert result.problems == []
    assert {p: p.read_bytes() for p in (stale, listed)} == before
    assert result.removed == []
    assert result.missing == ["培训课程“old-a”（data/courses/more.yaml）", "培训课程“old-b”（data/courses/more.yaml）",
                              "考核指标“stale”（data/kpis/stale.yaml）"]
    assert any("工作簿中没有考核指标“stale”" in w and "--delete-missing" in w for w in result.warnings), result.warnings
    assert _load(root).positions["sales-manager"].name == "销售部经理"
    again = import_workbook(tmp_path / "edited.xlsx", root / "data", delete_missing=True)
    assert again.problems == [] and again.removed == [stale]
    assert not stale.exists() and yaml.safe_load(listed.read_text(encoding="utf-8")) == []


def test_import_errors_are_located_and_leave_data_untouched(tmp_path):
    root = _project(tmp_path, "minimal")
    before = _snapshot(root)
    wb = load_workbook(io.BytesIO(handbook_xlsx(_load(root))))
    wb["岗位"]["E4"] = "两个"                     # headcount of sales-manager
    wb["岗位职责"]["C3"] = "职能"                  # not 职责/权限/责任
    wb["考核指标"]["D3"] = "=1+1"                  # a real formula in a data cell
    wb["组织单元"]["B3"] = None                    # required name
    wb["流程步骤"]["O4"] = "sign通过"              # branch without ':'
    wb["培训计划"]["D3"] = "中期"                  # not a stage
    wb["岗位"].append(["gm", "重复的总经理", "center"])  # duplicate id, row 5
    wb["岗位"].append(["Bad ID", "坏标识", "center"])    # invalid id, row 6
    wb.save(tmp_path / "bad.xlsx")
    result = import_workbook(tmp_path / "bad.xlsx", root / "data")
    assert result.written == []
    problems = result.problems
    expected = [
        "岗位!E4：编制应当是整数，现在是“两个”",
        "岗位!A5：岗位ID“gm”与第 3 行重复",
        "岗位职责!C3：类型只能是 职责、权限、责任 之一，现在是“职能”",
        "考核指标!D3：定义不能是公式（=1+1），请直接填写内容",
        "流程步骤!O4：分支中的“sign通过”应写成“目标步骤ID:条件”的形式（用冒号分隔）",
        "组织单元!B3：单元名称不能为空（必填）",
    ]
    for line in expected:
        assert line in problems, (line, problems)
    assert any(p.startswith("岗位!A6：岗位ID只能用小写英文字母") for p in problems), problems
    assert any(p.startswith("培训计划!D3：培训阶段只能是") and "中期" in p for p in problems), problems
    # sorted in workbook order: 组织单元 before 岗位 before 岗位职责 …
    assert problems.index("组织单元!B3：单元名称不能为空（必填）") < problems.index("岗位!E4：编制应当是整数，现在是“两个”")
    assert _snapshot(root) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.xlsx", "hb"]
    assert sorted(p.name for p in root.iterdir()) == ["content", "data"]


def test_reference_errors_map_to_cells(tmp_path):
    root = _project(tmp_path, "minimal")
    before = _snapshot(root)
    wb = load_workbook(io.BytesIO(handbook_xlsx(_load(root))))
    wb["岗位"]["C4"] = "no-such-unit"        # sales-manager's unit
    links = wb["岗位指标"]
    row = next(r for r in range(3, links.max_row + 1) if links.cell(r, 2).value == "collection-rate")
    links.cell(row, 3).value = 30            # weights 60 + 30 ≠ 100
    wb["流程步骤"]["E3"] = "nobody"            # step role
    wb["岗位"]["E3"] = 0                      # headcount below 1 (a resolve check, not a schema one)
    wb.save(tmp_path / "refs.xlsx")
    result = import_workbook(tmp_path / "refs.xlsx", root / "data")
    problems = result.problems
    assert any(p.startswith("岗位!C4（所属部门ID）：找不到组织单元 “no-such-unit”") for p in problems), problems
    assert any(p.startswith("岗位指标!C") and "权重合计为 90" in p for p in problems), problems
    assert any(p.startswith("流程步骤!E3（负责角色ID）：找不到") and "nobody" in p for p in problems), problems
    assert any(p.startswith("岗位!E3（编制）：编制是 0") for p in problems), problems
    assert _snapshot(root) == before


def test_errors_in_several_records_are_all_reported(tmp_path):
    """Schema errors in one record do not hide reference errors in another."""
    root = _project(tmp_path, "minimal")
    wb = load_workbook(io.BytesIO(handbook_xlsx(_load(root))))
    wb["岗位"]["E4"] = "两个"
    wb["考核指标"]["M4"] = "ghost"  # evaluator of sales-amount
    wb.save(tmp_path / "two.xlsx")
    problems = import_workbook(tmp_path / "two.xlsx", root / "data").problems
    assert "岗位!E4：编制应当是整数，现在是“两个”" in problems
    assert any(p.startswith("考核指标!M4（考核人ID）：找不到") for p in problems), problems


def test_import_without_the_hidden_field_row(tmp_path):
    original = _load(CASES / "minimal")
    wb = load_workbook(io.BytesIO(handbook_xlsx(original)))
    for name in wb.sheetnames[2:]:
        wb[name].delete_rows(2)  # Chinese headers only
    ws = wb["岗位"]
    ws.move_range("A1:A10", cols=20)  # columns in another order
    wb.save(tmp_path / "plain.xlsx")
    root = tmp_path / "new"
    shutil.copytree(CASES / "minimal/content", root / "content")
    result = import_workbook(tmp_path / "plain.xlsx", root / "data")
    assert result.problems == []
    assert _dump(_load(root)) == _dump(original)


def test_not_a_workbook(tmp_path):
    (tmp_path / "x.xlsx").write_text("not a zip", encoding="utf-8")
    result = import_workbook(tmp_path / "x.xlsx", tmp_path / "data")
    assert result.problems and result.problems[0].startswith("无法打开工作簿")
    assert not (tmp_path / "data").exists()


# -- the simple duty list -------------------------------------------------------------------------------

def _simple(tmp_path: Path, rows: list[list], name: str = "duties.xlsx") -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "职责清单"
    ws.append(["某公司岗位职责汇总"])
    ws.append(["部门", "岗位", "职责", "权限", "编制", "上级岗位"])
    for row in rows:
        ws.append(row)
    wb.save(tmp_path / name)
    return tmp_path / name


SIMPLE_ROWS = [
    ["总经办", None, None, None, None, None],  # a row naming only the department
    [None, "总经理", "主持全面工作", "人事任免权", 1, None],
    [None, None, "审批重大事项", None, None, None],
    ["销售部", "销售经理", "1、完成销售目标\n2、管理销售团队", None, 2, "总经理"],
    [None, "销售专员", "开发客户", None, "5", "销售经理"],
    ["财务部", "经理", "编制预算", None, None, "总经理"],
    ["销售部", "经理", "带队", None, None, "总经理"],
]


def test_simple_duties_into_empty_project(tmp_path):
    path = _simple(tmp_path, SIMPLE_ROWS)
    result = import_simple_duties(path, tmp_path / "hb" / "data")
    assert result.problems == []
    hb = _load(tmp_path / "hb")
    by_name = {(hb.units[p.unit].name, p.name): p for p in hb.positions.values()}
    assert len(by_name) == 5 and len(hb.units) == 3
    boss = by_name[("总经办", "总经理")]
    assert boss.id == "zongjingli" and boss.unit == "zongjingban"  # readable ids from the pinyin of the names
    assert boss.duties == ["主持全面工作", "审批重大事项"] and boss.authorities == ["人事任免权"]
    sales = by_name[("销售部", "销售经理")]
    assert sales.duties == ["完成销售目标", "管理销售团队"] and sales.headcount == 2 and sales.reports_to == boss.id
    assert by_name[("销售部", "销售专员")].reports_to == sales.id and by_name[("销售部", "销售专员")].headcount == 5
    assert by_name[("销售部", "销售专员")].id == "xiaoshou-zhuanyuan"
    # two positions called 经理: the second gets its unit's pinyin in front
    assert {by_name[("财务部", "经理")].id, by_name[("销售部", "经理")].id} == {"jingli", "xiaoshoubu-jingli"}
    assert all(p.relative_to(tmp_path / "hb" / "data") for p in result.written)
    assert (tmp_path / "hb/data/handbook.yaml").exists()
    again = import_simple_duties(path, tmp_path / "hb" / "data")  # idempotent
    assert again.problems == [] and _load(tmp_path / "hb").positions.keys() == hb.positions.keys()


def test_simple_duties_merge_into_existing_project(tmp_path):
    root = _project(tmp_path, "minimal")
    path = _simple(tmp_path, [
        ["销售部", "销售经理", "组织销售团队完成目标", None, 3, "总经理"],
        ["销售部", "销售助理", "整理合同档案", None, None, "销售经理"],
    ])
    result = import_simple_duties(path, root / "data")
    assert result.problems == []
    hb = _load(root)
    manager = hb.positions["sales-manager"]  # existing id kept, other fields kept
    assert manager.duties == ["组织销售团队完成目标"] and manager.headcount == 3 and manager.reports_to == "gm"
    assert [k.kpi for k in manager.kpis] == ["sales-amount", "collection-rate"]
    assistant = next(p for p in hb.positions.values() if p.name == "销售助理")
    assert assistant.unit == "sales-dept" and assistant.reports_to == "sales-manager"
    assert len(hb.units) == 2
    written = {p.relative_to(root).as_posix() for p in result.written}
    assert written == {"data/positions/sales-manager.yaml", f"data/positions/{assistant.id}.yaml"}


def test_simple_duties_errors_leave_data_untouched(tmp_path):
    root = _project(tmp_path, "minimal")
    before = _snapshot(root)
    path = _simple(tmp_path, [
        ["财务部", "会计", "记账", None, "两个", "不存在的岗位"],
        ["财务部", None, "对账", None, None, None],
        [None, "出纳", None, None, None, None],
    ])
    result = import_simple_duties(path, root / "data")
    assert "职责清单!E3：编制应当是整数，现在是“两个”" in result.problems
    assert any(p.startswith("职责清单!F3：找不到上级岗位“不存在的岗位”") for p in result.problems), result.problems
    assert any(p.startswith("职责清单!B4：岗位不能为空") for p in result.problems), result.problems
    assert result.written == []
    assert _snapshot(root) == before


def test_simple_duties_needs_a_header(tmp_path):
    wb = Workbook()
    wb.active.append(["名字", "内容"])
    wb.save(tmp_path / "x.xlsx")
    result = import_simple_duties(tmp_path / "x.xlsx", tmp_path / "data")
    assert result.problems == ["Sheet：前 10 行中找不到表头，至少需要“部门”“岗位”“职责”三列"]
    assert not (tmp_path / "data").exists()


def test_written_yaml_is_plain(tmp_path):
    """Imported files are ordinary block YAML in model field order."""
    original = _load(CASES / "minimal")
    (tmp_path / "b.xlsx").write_bytes(handbook_xlsx(original))
    root = tmp_path / "new"
    shutil.copytree(CASES / "minimal/content", root / "content")
    import_workbook(tmp_path / "b.xlsx", root / "data")
    text = (root / "data/positions/sales-manager.yaml").read_text(encoding="utf-8")
    assert list(yaml.safe_load(text))[:5] == ["id", "name", "unit", "reports_to", "headcount"]
    assert "{" not in text


def test_cli_keeps_missing_records_unless_asked_to_delete(tmp_path):
    """`handbook import xlsx` names each record the workbook lacks and keeps its file; --delete-missing deletes it
    and says so; --simple refuses the flag (a duty list never deletes)."""
    from click.testing import CliRunner

    from handbook.cli import main

    root = _project(tmp_path, "minimal")
    (tmp_path / "book.xlsx").write_bytes(handbook_xlsx(_load(root)))
    stale = root / "data" / "kpis" / "stale.yaml"
    stale.write_text("id: stale\nname: 旧指标\ndefinition: x\nformula: y\n", encoding="utf-8")
    kept = CliRunner().invoke(main, ["import", "xlsx", "--root", str(root), str(tmp_path / "book.xlsx")])
    assert kept.exit_code == 0, kept.output
    assert "工作簿中没有考核指标“stale”（data/kpis/stale.yaml）" in kept.output and "--delete-missing" in kept.output
    assert stale.is_file()
    refused = CliRunner().invoke(main, ["import", "xlsx", "--root", str(root), str(tmp_path / "book.xlsx"),
                                        "--simple", "--delete-missing"])
    assert refused.exit_code != 0 and stale.is_file()
    deleted = CliRunner().invoke(main, ["import", "xlsx", "--root", str(root), str(tmp_path / "book.xlsx"),
                                        "--delete-missing"])
    assert deleted.exit_code == 0, deleted.output
    assert f"已删除（工作簿中已没有这条记录，按 --delete-missing 删除）：{stale}" in deleted.output
    assert not stale.exists()
    assert "改写 0 个文件，删除 1 个文件" in deleted.output, deleted.output
