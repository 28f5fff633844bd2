"""The Excel round trip as an HR editor does it, on a second organization (tests/cases/city-bank: a city
commercial bank with a head office, two branches with sub-branches, a second legal entity).

The workbook is exported, edited with openpyxl the way an editor edits it in Excel, and imported again:
every problem is reported at once with its sheet and cell, nothing is lost, a failed import changes nothing.
"""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from handbook.exports import layout as L
from handbook.exports.xlsx_book import handbook_xlsx
from handbook.importer import import_simple_duties, import_workbook
from handbook.pipeline import load_handbook

BANK = Path(__file__).resolve().parent / "cases" / "city-bank"


def _snapshot(folder: Path) -> dict:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def bank(tmp_path) -> Path:
    root = tmp_path / "城商行 手册"
    shutil.copytree(BANK, root)
    return root


@pytest.fixture
def workbook(bank, tmp_path):
    """(openpyxl workbook of the bank's export, path to save edits to)."""
    hb, report = load_handbook(bank)
    assert hb is not None, [d.format() for d in report.errors]
    exported = tmp_path / "导出.xlsx"
    exported.write_bytes(handbook_xlsx(hb))
    return load_workbook(exported), tmp_path / "改过.xlsx"


def _row(ws, col: int, value) -> int:
    for r in range(3, ws.max_row + 1):
        if ws.cell(r, col).value == value:
            return r
    raise KeyError(value)


def _import(wb, path: Path, bank: Path, **options):
    wb.save(path)
    return import_workbook(path, bank / "data", **options)


def test_an_unchanged_workbook_saved_again_changes_no_file(bank, workbook):
    wb, path = workbook
    before = _snapshot(bank)
    result = _import(wb, path, bank)
    assert result.problems == [] and result.written == [] and result.missing == []
    assert _snapshot(bank) == before


def test_an_editors_changes_touch_only_their_records_and_keep_comments(bank, workbook):
    wb, path = workbook
    positions = wb["岗位"]
    positions.cell(_row(positions, 1, "risk-officer"), 5).value = 5  # 编制 4 → 5, in the file with comments
    new = positions.max_row + 1
    for col, value in enumerate(["binhu-teller", "滨湖综合柜员", "wuxi-binhu", "binhu-president", 3], 1):
        positions.cell(new, col).value = value
    training = wb["培训计划"]
    training.delete_rows(_row(training, 1, "wealth-manager"))
    before = _snapshot(bank)
    result = _import(wb, path, bank)
    assert result.problems == [], result.problems
    after = _snapshot(bank)
    changed = {name for name in after if before.get(name) != after[name]}
    assert changed == {"data/positions/risk-officer.yaml", "data/positions/binhu-teller.yaml",
                       "data/positions/wealth-manager.yaml"}
    officer = (bank / "data/positions/risk-officer.yaml").read_text(encoding="utf-8")
    assert officer.startswith("# 风险经理岗位说明书") and "headcount: 5   # 2026 年核定编制" in officer
    hb, _ = load_handbook(bank)
    assert hb.positions["wealth-manager"].training == [] and hb.positions["binhu-teller"].headcount == 3


def test_every_mistake_is_reported_at_once_at_its_cell_and_nothing_is_written(bank, workbook):
    wb, path = workbook
    positions, weights, steps, kpis = wb["岗位"], wb["岗位指标"], wb["流程步骤"], wb["考核指标"]
    positions.cell(_row(positions, 1, "hr-trainer"), 4).value = "hr-haed"
    weights.cell(_row(weights, 1, "risk-officer"), 3).value = 60
    positions.cell(_row(positions, 1, "president"), 23).value = "2026-02-30"
    approve_row = _row(steps, 3, "president-approve")
    steps.cell(approve_row, 7).value = "審批"
    kpis.cell(_row(kpis, 1, "loan-volume"), 4).value = None
    before = _snapshot(bank)
    result = _import(wb, path, bank)
    text = "\n".join(result.problems)
    boss = L.POSITIONS.col("reports_to").label
    for expected in (f"岗位!D8（{boss}）：找不到岗位 “hr-haed”。是不是想写：hr-head", "岗位!W13", "2026-02-30",
                     "考核指标!D5", "岗位指标!C16", "合计为 90，应为 100（还差 10）", f"流程步骤!G{approve_row}", "是不是想写 审批"):
        assert expected in text, text
    assert len(result.problems) == 5, text
    assert _snapshot(bank) == before


@pytest.mark.parametrize("typed", ["ｎｐｌ－ratio", "NPL-RATIO"])
def test_an_id_typed_full_width_or_in_capitals_gets_a_did_you_mean(bank, workbook, typed):
    wb, path = workbook
    weights = wb["岗位指标"]
    weights.cell(_row(weights, 1, "risk-head"), 2).value = typed
    result = _import(wb, path, bank)
    assert len(result.problems) == 1, result.problems
    assert result.problems[0].startswith("岗位指标!B15（指标ID）") and "是不是想写：npl-ratio（不良贷款率）" in result.problems[0]


def test_a_renamed_sheet_is_one_problem_naming_it_not_a_flood_of_consequences(bank, workbook):
    wb, path = workbook
    wb["岗位"].title = "岗位说明书"
    result = _import(wb, path, bank)
    assert result.problems == ["缺少工作表“岗位”：是不是把工作表“岗位说明书”改了名？请改回“岗位”"], result.problems[:5]
    assert result.warnings == [] and result.missing == []


def test_a_deleted_sheet_is_one_problem(bank, workbook):
    wb, path = workbook
    del wb["培训计划"]
    result = _import(wb, path, bank)
    assert len(result.problems) == 1 and result.problems[0].startswith("缺少工作表“培训计划”"), result.problems
    assert result.warnings == []


def test_a_formula_in_a_number_cell_is_one_problem(bank, workbook):
    wb, path = workbook
    positions = wb["岗位"]
    positions.cell(_row(positions, 1, "corp-rm"), 5).value = "=3+5"
    result = _import(wb, path, bank)
    assert result.problems == ["岗位!E5：编制不能是公式（=3+5），请直接填写内容"], result.problems


def test_rows_left_behind_by_a_deleted_position_say_so(bank, workbook):
    wb, path = workbook
    positions = wb["岗位"]
    positions.delete_rows(_row(positions, 1, "wealth-manager"))
    before = _snapshot(bank)
    result = _import(wb, path, bank, delete_missing=True)
    assert result.problems and all("wealth-manager" in p for p in result.problems), "\n".join(result.problems)
    assert all("一并删除" in p for p in result.problems), "\n".join(result.problems)
    assert _snapshot(bank) == before


def _not_a_workbook(folder: Path, kind: str) -> Path:
    if kind == "csv":
        path = folder / "职责.csv"
        path.write_text("部门,岗位\n风险管理部,风险经理\n", encoding="utf-8")
    elif kind == "xls":  # an old .xls (or a password-protected .xlsx) starts like this: an OLE file
        path = folder / "职责.xls"
        path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    else:  # a zip without a workbook inside, named .xlsx
        path = folder / "职责.xlsx"
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("readme.txt", "not a workbook")
    return path


@pytest.mark.parametrize("kind", ["csv", "xls", "broken"])
@pytest.mark.parametrize("simple", [False, True], ids=["workbook", "simple"])
def test_a_file_that_is_no_xlsx_is_explained_in_chinese(bank, tmp_path, kind, simple):
    path = _not_a_workbook(tmp_path, kind)
    before = _snapshot(bank)
    result = (import_simple_duties if simple else import_workbook)(path, bank / "data")
    assert len(result.problems) == 1, result.problems
    message = result.problems[0]
    assert message.startswith(f"无法打开工作簿 {path.name}：") and "另存为“Excel 工作簿（*.xlsx）”" in message, message
    assert not any(word in message for word in ("openpyxl", "support", "zip", "File", "Error")), message
    if kind == "xls":
        assert "旧版 Excel（.xls）" in message
    assert _snapshot(bank) == before


def test_a_simple_list_with_a_blank_column_keeps_what_the_position_had(bank, tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.title = "职责清单"
    ws.append(["部门", "岗位", "职责", "权限", "编制"])
    ws.append(["风险管理部", "风险经理", "审查授信申请材料", None, 4])
    ws.append([None, None, "出具风险审查意见", None, None])
    ws.append(["风险管理部", "风险管理部总经理", "统筹全行风险管理", "对授信有否决权", 1])
    path = tmp_path / "职责清单.xlsx"
    wb.save(path)
    result = import_simple_duties(path, bank / "data")
    assert result.problems == [], result.problems
    hb, _ = load_handbook(bank)
    assert hb.positions["risk-officer"].authorities == ["对本岗位业务有建议权"]  # 权限 blank: kept
    assert hb.positions["risk-head"].authorities == ["对授信有否决权"]  # 权限 given: replaced
    assert hb.positions["risk-head"].duties == ["统筹全行风险管理"]


def _delete_column(ws, label: str) -> None:
    for col in range(1, ws.max_column + 1):
        if ws.cell(1, col).value == label:
            ws.delete_cols(col)
            return
    raise KeyError(label)


@pytest.mark.parametrize("spec, key, holder", [
    (L.POSITIONS, "code", "president"),  # a column of a main sheet
    (L.POSITIONS, "dotted_reports_to", "wealth-manager"),
    (L.STEPS, "condition", "credit-approval"),  # a column of a sub-list sheet
], ids=["code", "dotted", "condition"])
def test_a_deleted_column_that_data_uses_is_refused_not_emptied(bank, workbook, spec, key, holder):
    sheet, label = spec.name, spec.col(key).label
    wb, path = workbook
    _delete_column(wb[sheet], label)
    before = _snapshot(bank)
    result = _import(wb, path, bank)
    assert len(result.problems) == 1, result.problems
    assert result.problems[0].startswith(f"{sheet}：缺少列“{label}”") and holder in result.problems[0], result.problems
    assert _snapshot(bank) == before


def test_a_deleted_column_that_no_record_uses_changes_nothing(bank, workbook):
    wb, path = workbook
    _delete_column(wb["岗位指标"], L.POSITION_KPIS.col("target").label)  # the bank sets no position-specific targets
    before = _snapshot(bank)
    result = _import(wb, path, bank)
    assert result.problems == [] and result.written == []
    assert _snapshot(bank) == before


def test_a_deleted_required_column_is_one_problem(bank, workbook):
    wb, path = workbook
    label = L.POSITIONS.col("name").label
    _delete_column(wb["岗位"], label)
    result = _import(wb, path, bank)
    assert result.problems == [f"岗位：缺少列“{label}”（字段名 name）"], result.problems[:5]


def test_an_unreadable_cell_is_reported_without_its_consequences(bank, workbook):
    wb, path = workbook
    weights = wb["岗位指标"]
    weights.cell(_row(weights, 1, "corp-rm"), 3).value = "五十"
    result = _import(wb, path, bank)
    assert result.problems == ["岗位指标!C5：权重(%)应当是数字，现在是“五十”"], result.problems


@pytest.mark.parametrize("seq", [0, 3], ids=["inserted-first", "added-last"])
def test_a_duty_added_keeps_the_comments_of_the_duties_that_stay(bank, workbook, seq):
    officer = bank / "data/positions/risk-officer.yaml"
    text = officer.read_text(encoding="utf-8")
    officer.write_text(text.replace("  - 出具风险审查意见\n", "  - 出具风险审查意见   # 主要职责\n"), encoding="utf-8")
    wb, path = workbook
    duties = wb["岗位职责"]
    new = duties.max_row + 1
    for col, value in enumerate(["risk-officer", "风险经理", "职责", seq, "跟踪贷后风险预警"], 1):
        duties.cell(new, col).value = value
    result = _import(wb, path, bank)
    assert result.problems == [], result.problems
    after = officer.read_text(encoding="utf-8")
    assert "  - 出具风险审查意见   # 主要职责\n" in after, after
    assert "跟踪贷后风险预警" in after and after.startswith("# 风险经理岗位说明书")
    hb, _ = load_handbook(bank)
    expected = ["审查授信申请材料", "出具风险审查意见"]
    expected.insert(0 if seq == 0 else 2, "跟踪贷后风险预警")
    assert hb.positions["risk-officer"].duties == expected
