"""Bounds checked before an Excel workbook is parsed, so a small hostile file cannot cost minutes and gigabytes.

An .xlsx file is a zip archive. A "zip bomb" of 2 MB can declare a worksheet of a
million rows; openpyxl would build every cell in memory before any check runs.
Here the archive's directory is read first (the declared uncompressed size of each
part, which Python's zipfile never exceeds when extracting) and each worksheet's
rows and cells are counted by streaming its XML in small chunks.

The limits are far above a real handbook: the export of a 10,000-position
organisation has about 90,000 rows in its largest sheet and 40 MB in its largest part.
"""

from __future__ import annotations

import os
import re
import zipfile
from pathlib import Path

MAX_FILE_BYTES = 100 * 1024 * 1024
MAX_PARTS = 2_000
MAX_PART_BYTES = 200 * 1024 * 1024
MAX_TOTAL_BYTES = 500 * 1024 * 1024
MAX_ROWS_PER_SHEET = 200_000
MAX_CELLS = 4_000_000
_CHUNK = 1 << 20
_ROW = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s/>]")
_CELL = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c[\s/>]")


def workbook_problem(path: Path) -> str | None:
    """A Chinese sentence saying why `path` is too large to open, or None if it is within bounds.

    Not-a-zip files return None: the workbook reader reports those in its own words.
    """
    path = Path(path)
    name = path.name
    size = os.stat(path).st_size
    if size > MAX_FILE_BYTES:
        return f"工作簿 {name} 有 {size // 1024 // 1024} MB，超过上限 {MAX_FILE_BYTES // 1024 // 1024} MB，未读取"
    if not zipfile.is_zipfile(path):
        return None
    with zipfile.ZipFile(path) as archive:
        infos = archive.infolist()
        if len(infos) > MAX_PARTS:
            return f"工作簿 {name} 内含 {len(infos)} 个部件，不像正常的 Excel 文件，未读取"
        total = 0
        for info in infos:
            total += info.file_size
            if info.file_size > MAX_PART_BYTES or total > MAX_TOTAL_BYTES:
                return (f"工作簿 {name} 解压后过大（部件 {info.filename} 为 {info.file_size // 1024 // 1024} MB），"
                        f"可能是压缩炸弹或不是手册表格，未读取")
        cells = 0
        for info in infos:
            if not (info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")):
                continue
            rows, sheet_cells = _count(archive, info)
            cells += sheet_cells
            if rows > MAX_ROWS_PER_SHEET:
                return f"工作簿 {name} 的一个工作表有 {rows} 行，超过上限 {MAX_ROWS_PER_SHEET} 行，未读取；请拆分后分批导入"
            if cells > MAX_CELLS:
                return f"工作簿 {name} 的单元格超过 {MAX_CELLS} 个，未读取；请拆分后分批导入"
    return None


def _count(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> tuple[int, int]:
    """(rows, cells) of one worksheet part, read in 1 MB chunks; stops early past the limits."""
    rows = cells = 0
    tail = b""
    with archive.open(info) as stream:
        while chunk := stream.read(_CHUNK):
            text = tail + chunk
            # matches lying wholly in the carried-over tail were counted with the previous chunk
            rows += sum(1 for m in _ROW.finditer(text) if m.end() > len(tail))
            cells += sum(1 for m in _CELL.finditer(text) if m.end() > len(tail))
            tail = text[-64:]
            if rows > MAX_ROWS_PER_SHEET or cells > MAX_CELLS:
                break
    return rows, cells


MAX_SHOWN_PROBLEMS = 200


def capped(problems: list[str], limit: int = MAX_SHOWN_PROBLEMS) -> list[str]:
    """The first `limit` problems, then "另有 N 处问题未列出" if there are more."""
    if len(problems) <= limit:
        return list(problems)
    return list(problems[:limit]) + [f"另有 {len(problems) - limit} 处问题未列出"]


OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
"""The first bytes of an OLE compound file: an old .xls workbook, or an .xlsx saved with an opening password."""


def unreadable(path: Path) -> str:
    """A Chinese sentence saying why openpyxl could not open `path`, and what the editor can do.

    Worded from the file itself (its first bytes and whether it is a zip), never from the library's
    English exception: an old .xls or a password-protected workbook (OLE file), a file of another
    kind (CSV, text, PDF…), or a damaged .xlsx."""
    path = Path(path)
    with open(path, "rb") as handle:
        head = handle.read(len(OLE_MAGIC))
    save_as = "在 Excel 中打开后另存为“Excel 工作簿（*.xlsx）”，再导入"
    if head == OLE_MAGIC:
        return f"无法打开工作簿 {path.name}：这是旧版 Excel（.xls）文件，或设置了打开密码；请去掉密码，{save_as}"
    if not zipfile.is_zipfile(path):
        return f"无法打开工作簿 {path.name}：这不是 Excel 工作簿（.xlsx）文件；请{save_as}"
    return f"无法打开工作簿 {path.name}：文件已损坏或不是 Excel 工作簿；请{save_as}"
