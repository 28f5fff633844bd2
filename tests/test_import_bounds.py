"""Excel import is bounded: a zip bomb is refused before parsing, and a long problem list is capped."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

from openpyxl import Workbook

from handbook.importer.bounds import MAX_ROWS_PER_SHEET, MAX_SHOWN_PROBLEMS, workbook_problem
from handbook.importer import import_simple_duties, import_workbook

GENERATORS = str(Path(__file__).parent.parent / "generators")


def simple_workbook(path: Path, rows: list[list]) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "职责清单"
    ws.append(["部门", "岗位", "职责", "编制"])
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def zip_bomb(path: Path, rows: int) -> Path:
    """A small file whose worksheet declares `rows` rows of bad data (the attack of the issue)."""
    seed = simple_workbook(path.with_suffix(".seed.xlsx"), [])
    with zipfile.ZipFile(seed) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as out:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                head, _, rest = data.partition(b"<sheetData>")
                body = b"".join(b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>x</t></is></c>'
                                b'<c r="D%d" t="inlineStr"><is><t>bad</t></is></c></row>' % (n, n, n)
                                for n in range(2, rows + 2))
                data = head + b"<sheetData>" + body + b"</sheetData>" + rest.partition(b"</sheetData>")[2]
            out.writestr(info.filename, data)
    return path


def test_zip_bomb_is_refused_before_parsing(tmp_path):
    bomb = zip_bomb(tmp_path / "bomb.xlsx", MAX_ROWS_PER_SHEET + 10)
    assert bomb.stat().st_size < 3 * 1024 * 1024
    assert "超过上限" in workbook_problem(bomb)
    data = tmp_path / "hb/data"
    for importer in (import_simple_duties, import_workbook):
        result = importer(bomb, data)
        assert any("超过上限" in p for p in result.problems) and result.written == []
    assert not data.exists()


def test_declared_part_sizes_are_checked(tmp_path):
    huge = tmp_path / "huge.xlsx"
    with zipfile.ZipFile(huge, "w", zipfile.ZIP_DEFLATED) as out:
        out.writestr("xl/sharedStrings.xml", b"<a>" + b" " * (300 * 1024 * 1024) + b"</a>")
    assert "解压后过大" in workbook_problem(huge)


def test_problem_list_is_capped_in_the_cli(tmp_path):
    path = simple_workbook(tmp_path / "bad.xlsx", [["财务部", f"会计{n}", "记账", "两个"] for n in range(500)])
    done = subprocess.run([sys.executable, "-m", "handbook.cli", "import", "xlsx", "--simple", "--root",
                           str(tmp_path / "hb"), str(path)], capture_output=True, text=True, timeout=300,
                          env={**os.environ, "PYTHONPATH": GENERATORS})
    lines = done.stderr.splitlines()
    assert done.returncode != 0 and "有 500 处问题，未写入任何文件" in done.stderr
    assert f"另有 {500 - MAX_SHOWN_PROBLEMS} 处问题未列出" in done.stderr
    assert len([l for l in lines if l.startswith("职责清单!")]) == MAX_SHOWN_PROBLEMS


def test_normal_workbooks_pass_the_bounds(tmp_path):
    path = simple_workbook(tmp_path / "ok.xlsx", [["财务部", "会计", "记账", 1]])
    assert workbook_problem(path) is None
