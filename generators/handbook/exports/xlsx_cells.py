"""Excel cells, print setup and saving shared by the workbooks (xlsx_book, xlsx_kpi, xlsx_matrix).

Text from the data is always written as a text cell (never a formula, an error
value or a number), and text starting with = + - @ tab or CR also gets Excel's
"quote prefix" (the apostrophe), so editing the cell in Excel keeps it text:
a 公式 field such as "=实际回款/应回款" or a payload like "=cmd|' /C calc'!A0"
can never run.
"""

from __future__ import annotations

import io
import math
import unicodedata
from zipfile import ZIP_DEFLATED, ZipFile

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

from ..book import Handbook
from ._common import fixed_datetime

FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")
THIN = Side(style="thin", color="808080")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEAD_FILL = PatternFill("solid", fgColor="D9E1F2")
INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
TOTAL_FILL = PatternFill("solid", fgColor="EDEDED")
BOLD = Font(bold=True)
TITLE_FONT = Font(bold=True, size=16)
WRAP = Alignment(wrap_text=True, vertical="top")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT_MID = Alignment(vertical="center", wrap_text=True)
KEY_FONT = Font(color="808080", size=8)



# -- cells and saving -------------------------------------------------------------

def put(ws, row: int, col: int, value, *, style: dict | None = None):
    """Write one cell; strings from data always stay text (see the module doc)."""
    cell = ws.cell(row=row, column=col)
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        cell.value = value
        cell.data_type = "s"  # openpyxl would turn "=…" into a formula and "#N/A" into an error
        if value.startswith(FORMULA_LEADS):
            cell.quotePrefix = True
    else:
        cell.value = value
    for name, item in (style or {}).items():
        setattr(cell, name, item)
    return cell


def formula(ws, row: int, col: int, text: str, *, style: dict | None = None):
    """A real formula cell; only for formulas built here, never for data."""
    assert text.startswith("=")
    cell = ws.cell(row=row, column=col, value=text)
    for name, item in (style or {}).items():
        setattr(cell, name, item)
    return cell


def save(wb: Workbook, hb: Handbook, title: str) -> bytes:
    """Deterministic bytes: fixed document dates and zip entry dates."""
    when = fixed_datetime(hb.meta)
    props = wb.properties
    props.created = props.modified = when
    props.creator = props.lastModifiedBy = hb.meta.organization
    props.title = title
    props.subject = hb.meta.title
    buffer = io.BytesIO()
    ExcelWriter(wb, ZipFile(buffer, "w", ZIP_DEFLATED, allowZip64=True)).save()  # save_workbook would stamp "now"
    from ._common import stable_zip

    return stable_zip(buffer.getvalue(), when)


PAGE_WIDTH_CHARS = {True: 135, False: 92}
"""Column-width units that fit across one A4 page at 100 % (landscape, portrait) with 0.5" side margins."""


def print_setup(ws, landscape: bool = True, title_rows: str | None = None, title_cols: str | None = None,
                 pages_wide: int | None = None) -> None:
    """A4, fitted to the width of as many pages as the columns need at a legible size, any number of
    pages down; title rows (and columns) repeat on every printed page.

    pages_wide: given, the sheet is fitted to exactly that many pages across; otherwise it is the
    sheet's total column width over PAGE_WIDTH_CHARS, rounded up (1 for narrow sheets).
    """
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    if pages_wide is None:
        widths = [ws.column_dimensions[get_column_letter(i)].width or 8.43 for i in range(1, ws.max_column + 1)]
        pages_wide = max(1, math.ceil(sum(widths) / PAGE_WIDTH_CHARS[landscape]))
    ws.page_setup.fitToWidth = pages_wide
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.8
    ws.page_margins.header = ws.page_margins.footer = 0.3
    if title_rows:
        ws.print_title_rows = title_rows
    if title_cols:
        ws.print_title_cols = title_cols


def header_footer_literal(text: str) -> str:
    """Data text for an Excel page header or footer, shown as written.

    Excel reads "&" codes there (&F file name, &A sheet, &Z path, &P page, &"font" …);
    "&&" prints one "&". Every piece of data text in a header or footer goes through here.
    """
    return text.replace("&", "&&")


def header_footer(ws, hb: Handbook) -> None:
    version = f"版本 {hb.meta.releases[-1].version}" if hb.meta.releases else ""
    ws.oddHeader.center.text = header_footer_literal(f"{hb.meta.title} {version}".strip())
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"  # our own codes: page number and count


def _display_width(text: str) -> int:
    """Width in column units: CJK and full-width characters count 2, others 1."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def fit_row_height(ws, row: int, widths: dict[int, float], minimum: float = 18, line_pt: float = 14.5) -> None:
    """Set a row high enough for its wrapped text: Excel and LibreOffice do not grow rows of files they
    did not lay out themselves, so a long 定义 would otherwise show as one cut line.

    widths: column number → width in column units. Lines per cell = each paragraph's display width over
    the column width (less a margin), rounded up; the row gets the tallest cell's lines × line_pt points.
    """
    lines = 1
    for col, width in widths.items():
        value = ws.cell(row, col).value
        if not isinstance(value, str) or not value:
            continue
        usable = max(width * 0.88 - 1, 1)  # cell padding and the proportional font's wider CJK glyphs
        count = sum(max(1, math.ceil(_display_width(part) / usable)) for part in value.split("\n"))
        lines = max(lines, count)
    ws.row_dimensions[row].height = max(minimum, lines * line_pt + 4)
