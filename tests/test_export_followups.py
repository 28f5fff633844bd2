"""Follow-ups from a tester's install: names that collide, numbers Excel changed, lines nobody edited."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from handbook.cli import main
from handbook.exports import position_downloads
from handbook.pipeline import load_handbook

CASES = Path(__file__).resolve().parent / "cases"


def _project(tmp_path: Path, case: str = "minimal") -> Path:
    root = tmp_path / "hb"
    shutil.copytree(CASES / case, root)
    return root


def _colliding(root: Path) -> None:
    """Two more positions whose names differ only in a character a file name cannot hold."""
    sm = (root / "data/positions/sales-manager.yaml").read_text(encoding="utf-8")
    for pid, name in (("teller", "柜员/复核员"), ("teller2", "柜员_复核员")):
        text = sm.replace("id: sales-manager", f"id: {pid}").replace("name: 销售经理", f"name: {name}")
        (root / f"data/positions/{pid}.yaml").write_text(text, encoding="utf-8")


def test_export_names_unique_after_sanitising(tmp_path):
    """柜员/复核员 and 柜员_复核员 get distinct files; the count printed equals the files written."""
    root = _project(tmp_path)
    _colliding(root)
    runner = CliRunner()
    docx = runner.invoke(main, ["export", "docx", "--root", str(root), "--out", str(tmp_path / "docx")])
    assert docx.exit_code == 0, docx.output
    files = sorted(p.name for p in (tmp_path / "docx").iterdir())
    assert len(files) == 4, files
    assert f"已导出 {len(files)} 份" in docx.output
    assert "柜员_复核员-teller-岗位说明书.docx" in files and "柜员_复核员-teller2-岗位说明书.docx" in files
    assert "销售经理-岗位说明书.docx" in files  # names that do not collide stay as they were

    xlsx = runner.invoke(main, ["export", "xlsx", "--root", str(root), "--out", str(tmp_path / "xlsx")])
    assert xlsx.exit_code == 0, xlsx.output
    sheets = list((tmp_path / "xlsx/考核表").iterdir())
    assert len(sheets) == 4
    assert re.search(rf"和 {len(sheets)} 张考核表", xlsx.output)

    hb, _ = load_handbook(root)
    names = [d.filename for pid in hb.positions for d in position_downloads(hb, pid)]
    assert len(names) == len(set(names))


def _snapshot(folder: Path) -> dict:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize(("sheet", "cell", "typed"), [
    ("岗位", "E4", "010"), ("岗位", "E4", "1:30"), ("岗位", "E4", "0x10"), ("岗位", "E3", "+007"),
    ("培训课程", "D3", "inf"), ("培训课程", "D3", "nan"), ("培训课程", "D3", "0x10"), ("培训课程", "D3", "1:30"),
])
def test_import_refuses_numbers_typed_the_yaml_gate_refuses(tmp_path, sheet, cell, typed):
    """Text that would silently become another number (010 → 10, inf) is refused with sheet!cell; data/ untouched."""
    from io import BytesIO

    from openpyxl import load_workbook

    from handbook.exports.xlsx_book import handbook_xlsx
    from handbook.importer import import_workbook

    root = _project(tmp_path)
    hb, _ = load_handbook(root)
    before = _snapshot(root)
    wb = load_workbook(BytesIO(handbook_xlsx(hb)))
    wb[sheet][cell] = typed  # a text cell, as when the column is formatted as text
    wb.save(tmp_path / "typed.xlsx")
    result = import_workbook(tmp_path / "typed.xlsx", root / "data")
    assert any(p.startswith(f"{sheet}!{cell}") and typed in p for p in result.problems), result.problems
    assert _snapshot(root) == before


def test_import_still_reads_plain_numbers_typed_as_text(tmp_path):
    """The rule refuses only what the YAML gate refuses: "3" and "1.5" typed as text are read."""
    from io import BytesIO

    from openpyxl import load_workbook

    from handbook.exports.xlsx_book import handbook_xlsx
    from handbook.importer import import_workbook

    root = _project(tmp_path)
    hb, _ = load_handbook(root)
    wb = load_workbook(BytesIO(handbook_xlsx(hb)))
    wb["岗位"]["E4"] = "3"
    wb["培训课程"]["D3"] = "1.5"
    wb.save(tmp_path / "typed.xlsx")
    result = import_workbook(tmp_path / "typed.xlsx", root / "data")
    assert result.problems == []
    again, _ = load_handbook(root)
    assert again.positions["sales-manager"].headcount == 3
    assert again.courses["leadership"].hours == 1.5


@pytest.mark.parametrize("case", ["minimal", "import/rich"])
def test_import_of_a_rename_changes_only_that_line(tmp_path, case):
    """Renaming one position in the workbook changes its name line and nothing else: no `order: 0`,
    no `headcount: 1` or other defaults the file did not have."""
    from io import BytesIO

    from openpyxl import load_workbook

    from handbook.exports.xlsx_book import handbook_xlsx
    from handbook.importer import import_workbook

    root = _project(tmp_path, case)
    hb, _ = load_handbook(root)
    before = _snapshot(root)
    wb = load_workbook(BytesIO(handbook_xlsx(hb)))
    ws = wb["岗位"]
    row = next(r for r in range(3, ws.max_row + 1) if ws.cell(r, 1).value)
    old_name = ws.cell(row, 2).value
    ws.cell(row, 2).value = old_name + "（新）"
    wb.save(tmp_path / "renamed.xlsx")
    result = import_workbook(tmp_path / "renamed.xlsx", root / "data")
    assert result.problems == []
    after = _snapshot(root)
    changed = [rel for rel in after if after[rel] != before.get(rel)]
    assert len(changed) == 1, changed
    old_lines = before[changed[0]].decode("utf-8").splitlines()
    new_lines = after[changed[0]].decode("utf-8").splitlines()
    assert len(old_lines) == len(new_lines), new_lines
    differ = [(a, b) for a, b in zip(old_lines, new_lines) if a != b]
    assert len(differ) == 1 and old_name in differ[0][0] and f"{old_name}（新）" in differ[0][1], differ


def _simple_book(path: Path, rows: list[list]) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "职责清单"
    ws.append(["部门", "岗位", "职责", "权限", "编制", "上级岗位"])
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def test_simple_import_claims_nothing_when_it_writes_nothing(tmp_path):
    """A failed --simple import into an empty folder does not say it generated handbook.yaml; a good one does."""
    root = tmp_path / "hb"
    root.mkdir()
    bad = _simple_book(tmp_path / "bad.xlsx", [["销售部", None, "开发客户", None, None, None]])
    result = CliRunner().invoke(main, ["import", "xlsx", "--root", str(root), str(bad), "--simple"])
    assert result.exit_code != 0
    assert "未写入任何文件" in result.output
    assert "已生成" not in result.output, result.output
    assert not (root / "data" / "handbook.yaml").exists()

    good = _simple_book(tmp_path / "good.xlsx", [["销售部", "销售专员", "开发客户", None, None, None]])
    result = CliRunner().invoke(main, ["import", "xlsx", "--root", str(root), str(good), "--simple"])
    assert result.exit_code == 0, result.output
    assert "已生成默认的手册信息" in result.output
    assert (root / "data" / "handbook.yaml").exists()


def test_schema_goes_under_the_project_root(tmp_path, monkeypatch):
    """`handbook schema --root X` writes X/schema, where data files' `$schema=../../schema/…` points; not ./schema."""
    root = _project(tmp_path)
    elsewhere = tmp_path / "cwd"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    result = CliRunner().invoke(main, ["schema", "--root", str(root)])
    assert result.exit_code == 0, result.output
    assert not (elsewhere / "schema").exists()
    record = root / "data/positions/gm.yaml"
    assert (record.parent / "../../schema/positions.schema.json").resolve().is_file()
    assert str(root / "schema") in result.output


def test_serve_broken_from_the_start_says_nothing_was_built(minimal):
    """`handbook serve` on data that never built: the page and the log say so, and do not speak of a
    last good version; after a fix the record pages appear."""
    import os
    import subprocess
    import sys

    from handbook.site.project import write_default_config
    from test_serve import fetch, free_port, wait_for

    write_default_config(minimal)
    pos = minimal / "data/positions/sales-manager.yaml"
    good = pos.read_text(encoding="utf-8")
    pos.write_text(good.replace("weight: 40", "weight: 45"), encoding="utf-8")
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent / "generators")}
    proc = subprocess.Popen([sys.executable, "-m", "handbook.cli", "serve", "--root", str(minimal), "-a", f"127.0.0.1:{port}"],
                            cwd=minimal, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        base = f"http://127.0.0.1:{port}/"
        page = wait_for(base, lambda page: "hb-build-errors" in page)
        assert "还没有成功生成过网站" in page and "kpi.weights" in page
        assert "上一次成功生成的版本" not in page
        assert fetch(base + "positions/sales-manager/") == ""  # honestly absent, as the page says
        pos.write_text(good, encoding="utf-8")
        wait_for(base + "positions/sales-manager/", lambda page: "带领销售团队完成任务" in page)
    finally:
        proc.terminate()
        output = proc.communicate(timeout=20)[0].decode("utf-8", "replace")
    assert "还没有成功生成过网站" in output
    assert "上一次成功的版本" not in output
    assert "网站已生成" not in output
    assert "Traceback" not in output


def test_kpi_sheet_period_with_only_veto_items_has_no_empty_weighted_table(minimal):
    """A 年度 period holding only a 一票否决 item lists it alone: no 权重 header, no blank 小计 row."""
    from io import BytesIO

    from openpyxl import load_workbook

    from handbook.exports.xlsx_kpi import kpi_sheet_xlsx

    (minimal / "data/kpis/safety.yaml").write_text(
        "id: safety\nname: 重大安全责任事故\ndefinition: 发生重大安全责任事故\nformula: 发生即否决\nfrequency: 年度\n",
        encoding="utf-8")
    pos = minimal / "data/positions/sales-manager.yaml"
    pos.write_text(pos.read_text(encoding="utf-8").replace(
        "  - {kpi: collection-rate, weight: 40}\n",
        "  - {kpi: collection-rate, weight: 40}\n  - {kpi: safety, veto: true}\n"), encoding="utf-8")
    hb, report = load_handbook(minimal)
    assert hb is not None, [d.format() for d in report.errors]
    wb = load_workbook(BytesIO(kpi_sheet_xlsx(hb, "sales-manager")))
    assert len(wb.sheetnames) == 2, wb.sheetnames
    veto_only = next(wb[name] for name in wb.sheetnames if "年度" in name)
    texts = [str(c.value) for row in veto_only.iter_rows() for c in row if c.value is not None]
    assert "重大安全责任事故" in texts
    assert not any("小计" in t or t == "合计" or t == "权重(%)" for t in texts), texts
    weighted = next(wb[name] for name in wb.sheetnames if "年度" not in name)
    assert any("小计" in str(c.value) for row in weighted.iter_rows() for c in row if c.value)


def test_training_matrix_keeps_the_length_suffix_together(minimal):
    """The 培训矩阵 keeps “（2天）” whole: a line break goes before it in the workbook when the head
    is too wide for its column, and the web header holds it in a no-wrap span."""
    from io import BytesIO

    from openpyxl import load_workbook

    from handbook.exports.xlsx_matrix import MATRIX_COURSE_WIDTH, training_matrix_xlsx
    from handbook.render import matrices
    from handbook.render.context import PageContext

    (minimal / "data/courses/fire.yaml").write_text(
        "id: fire\nname: 消防安全与应急疏散演练\ncategory: 安全\ndays: 2\n", encoding="utf-8")
    (minimal / "data/courses/drill.yaml").write_text(
        "id: drill\nname: 消防演练（2天）\ncategory: 安全\ndays: 2\n", encoding="utf-8")
    (minimal / "data/courses/manners.yaml").write_text(
        "id: manners\nname: 礼仪\ncategory: 安全\nhours: 8\n", encoding="utf-8")
    hb, report = load_handbook(minimal)
    assert hb is not None, [d.format() for d in report.errors]
    ws = load_workbook(BytesIO(training_matrix_xlsx(hb))).active
    heads = {str(c.value).split("\n")[0].split("（")[0]: str(c.value) for c in ws[3] if c.value}
    assert heads["消防安全与应急疏散演练"] == "消防安全与应急疏散演练\n（2天）"
    assert heads["礼仪"] == "礼仪（8学时）"  # fits the column: one line
    for head in heads.values():
        assert all(line.count("（") == line.count("）") for line in head.split("\n")), head
    assert ws.cell(3, 3).alignment.wrap_text
    assert ws.column_dimensions["C"].width == MATRIX_COURSE_WIDTH

    table = matrices.matrix_html(PageContext(hb, "training/matrix.md"), **matrices.training_matrix(
        hb, PageContext(hb, "training/matrix.md")))
    assert '消防演练<span class="hb-nowrap">（2天）</span>' in table
    css = (Path(__file__).resolve().parent.parent / "generators/handbook/assets/handbook.css").read_text(encoding="utf-8")
    assert re.search(r"\.hb-nowrap\s*\{\s*white-space:\s*nowrap", css)


def test_simple_import_refuses_a_headcount_typed_with_a_leading_zero(tmp_path):
    """The --simple duty list reads 编制 by the same rule: “010” is refused at its cell, nothing written."""
    from handbook.importer import import_simple_duties

    root = _project(tmp_path)
    before = _snapshot(root)
    book = _simple_book(tmp_path / "duties.xlsx", [["销售部", "销售专员", "开发客户", None, "010", None]])
    result = import_simple_duties(book, root / "data")
    assert any("E2" in p and "010" in p for p in result.problems), result.problems
    assert _snapshot(root) == before
