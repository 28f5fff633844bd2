"""Problems of an imported workbook land on the right cell, found from the diagnostic's data, not its text."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from handbook import diagnostics
from handbook.diagnostics import Diagnostic
from handbook.exports.xlsx_book import handbook_xlsx
from handbook.importer import import_workbook
from handbook.importer.cell_map import cell_of, describe
from handbook.importer.result import CELL_REF, Rec
from handbook.pipeline import load_handbook

CASES = Path(__file__).resolve().parent / "cases"


def _project(tmp_path: Path) -> Path:
    root = tmp_path / "hb"
    shutil.copytree(CASES / "minimal", root)
    return root


def _workbook(root: Path):
    hb, report = load_handbook(root)
    assert hb is not None, [d.format() for d in report.errors]
    return load_workbook(io.BytesIO(handbook_xlsx(hb)))


def _cell(ws, key: str, first_col_value: str) -> str:
    """The coordinate of field `key` (by the hidden field-name row) in the first row whose column A is the value."""
    keys = [c.value for c in ws[2]]
    row = next(r for r in range(3, ws.max_row + 1) if ws.cell(r, 1).value == first_col_value)
    return f"{get_column_letter(keys.index(key) + 1)}{row}"


def _bad_book(tmp_path: Path, root: Path) -> tuple[Path, dict]:
    """A workbook with a bad reference, a bad weight total and a date that does not exist, all on sales-manager;
    returns it and the cell each problem must be reported at."""
    wb = _workbook(root)
    positions, links = wb["岗位"], wb["岗位指标"]
    unit = _cell(positions, "unit", "sales-manager")
    date = _cell(positions, "approval.drafted_on", "sales-manager")
    weight = _cell(links, "weight", "sales-manager")  # the position's first KPI row holds the weight total
    positions[unit] = "no-such-unit"
    positions[date] = "2026-02-30"
    links[weight] = 50  # 50 + 40 ≠ 100
    wb.save(tmp_path / "bad.xlsx")
    return tmp_path / "bad.xlsx", {"ref": f"岗位!{unit}", "date": f"岗位!{date}", "weight": f"岗位指标!{weight}"}


def _cells(problems: list[str]) -> list[str]:
    return [m.group(0) for m in map(CELL_REF.match, problems) if m]


def test_bad_reference_weight_and_date_are_reported_at_their_cells(tmp_path):
    root = _project(tmp_path)
    book, where = _bad_book(tmp_path, root)
    problems = import_workbook(book, root / "data").problems
    assert where == {"ref": "岗位!C4", "date": where["date"], "weight": where["weight"]}  # sales-manager is row 4
    assert re.fullmatch(r"岗位![A-Z]+4", where["date"]) and re.fullmatch(r"岗位指标!C\d+", where["weight"])
    assert any(p.startswith(f"{where['ref']}（所属部门ID）：") and "no-such-unit" in p for p in problems), problems
    assert any(p.startswith(f"{where['date']}（编制日期）：") and "2026-02-30" in p for p in problems), problems
    assert any(p.startswith(f"{where['weight']}（权重(%)）：") and "90" in p for p in problems), problems
    assert len(problems) == 3, problems


def test_rewording_every_message_does_not_move_a_problem(tmp_path, monkeypatch):
    """The cell comes from the diagnostic's file and path: new message texts give the same cells."""
    root = _project(tmp_path)
    book, _ = _bad_book(tmp_path, root)
    before = import_workbook(book, root / "data").problems
    original = diagnostics.Report.error

    def reworded(self, file, line, code, message, field="", **data):
        original(self, file, line, code, f"（改写）应当 只能 标识 {message[::-1]}", field, **data)

    monkeypatch.setattr(diagnostics.Report, "error", reworded)
    after = import_workbook(book, root / "data").problems
    assert all("（改写）" in p for p in after), after
    assert _cells(after) == _cells(before) and len(_cells(before)) == 3


@pytest.mark.parametrize("code", ["ref.unknown", "schema.value", "kpi.weights"])
def test_two_diagnostics_with_the_same_path_map_to_the_same_cell(code):
    rec = Rec("positions", {"id": "x"}, ("岗位!A3", "岗位ID"),
              {("unit",): ("岗位!C3", "所属单元ID"), ("kpis",): ("岗位指标!C5", "权重(%)")})
    written = {("data/positions/x.yaml", None): rec}
    for path, cell in ((("unit",), "岗位!C3"), (("kpis", 1, "weight"), "岗位指标!C5"), ((), "岗位!A3")):
        one = Diagnostic("data/positions/x.yaml", 3, code, "找不到组织单元", path=path)
        two = Diagnostic("data/positions/x.yaml", 9, code, "完全不同的说法：岗位!Z99 标识", path=path)
        assert cell_of(one, written)[0] == cell_of(two, written)[0] == cell
        assert describe(two, written).startswith(cell)


def test_records_in_a_list_file_map_to_their_cells(tmp_path):
    """A record kept in a file that lists several records is still reported at its cell, not as the file."""
    root = _project(tmp_path)
    folder = root / "data" / "positions"
    texts = [(folder / name).read_text(encoding="utf-8") for name in ("gm.yaml", "sales-manager.yaml")]
    for name in ("gm.yaml", "sales-manager.yaml"):
        (folder / name).unlink()
    (folder / "all.yaml").write_text("".join("- " + t.replace("\n", "\n  ").rstrip() + "\n" for t in texts),
                                     encoding="utf-8")
    wb = _workbook(root)
    wb["岗位"]["C4"] = "no-such-unit"  # sales-manager, the second item of all.yaml
    wb.save(tmp_path / "bad.xlsx")
    problems = import_workbook(tmp_path / "bad.xlsx", root / "data").problems
    assert any(p.startswith("岗位!C4（所属部门ID）：") for p in problems), problems
    assert not any(p.startswith("现有数据") for p in problems), problems


def test_unquoted_dates_are_not_rewritten_by_an_unchanged_import(tmp_path):
    """`drafted_on: 2025-12-10` unquoted is the same text the workbook carries: the file is not touched."""
    root = _project(tmp_path)
    path = root / "data" / "positions" / "sales-manager.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "approval:\n  drafted_on: 2025-12-10\n", encoding="utf-8")
    before = path.read_bytes()
    _workbook(root).save(tmp_path / "same.xlsx")
    result = import_workbook(tmp_path / "same.xlsx", root / "data")
    assert result.problems == [] and result.written == []
    assert path.read_bytes() == before


def test_a_veto_item_with_a_weight_is_reported_at_its_weight_cell(tmp_path):
    """`{kpi: collection-rate, weight: 40, veto: true}` is one flow-style line: the line alone cannot say which
    cell is wrong; the diagnostic's path (kpis, 1, weight) does."""
    root = _project(tmp_path)
    wb = _workbook(root)
    links = wb["岗位指标"]
    keys = [c.value for c in links[2]]
    rows = {links.cell(r, keys.index("kpi") + 1).value: r for r in range(3, links.max_row + 1)
            if links.cell(r, 1).value == "sales-manager"}
    weight, veto = (get_column_letter(keys.index(k) + 1) for k in ("weight", "veto"))
    links[f"{weight}{rows['sales-amount']}"] = 100
    links[f"{veto}{rows['collection-rate']}"] = "是"  # its weight 40 stays: 一票否决项不计权重
    wb.save(tmp_path / "veto.xlsx")
    problems = import_workbook(tmp_path / "veto.xlsx", root / "data").problems
    cell = f"岗位指标!{weight}{rows['collection-rate']}"
    assert rows["collection-rate"] != rows["sales-amount"]
    assert len(problems) == 1 and problems[0].startswith(f"{cell}（权重(%)）：") and "veto" in problems[0], problems
