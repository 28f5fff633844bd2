"""The 培训矩阵 workbook: positions × courses, printed across several legible pages."""

from __future__ import annotations

import math

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from ..render import order
from ..render.processes_view import course_length
from ..book import Handbook
from .xlsx_cells import BOLD, BORDER, CENTER, HEAD_FILL, INPUT_FILL, LEFT_MID, TITLE_FONT, header_footer, print_setup, put, save

MATRIX_COURSE_WIDTH = 13
"""Width of a course column in the 培训矩阵 workbook, in Excel character units (a Chinese character is 2)."""


def matrix_course_head(name: str, length: str) -> str:
    """A course's head in the 培训矩阵 workbook: “消防安全（2天）”, or with a line break before the
    length when the whole would not fit on one line of the column, so Excel and LibreOffice never
    wrap inside it (“（2天” / “）”). `length` is course_length's “2 天” / “8 学时”."""
    suffix = f"（{length.replace(' ', '')}）"
    width = sum(2 if ord(ch) > 0x2E7F else 1 for ch in name + suffix)
    return f"{name}{suffix}" if width <= MATRIX_COURSE_WIDTH else f"{name}\n{suffix}"


def training_matrix_xlsx(hb: Handbook) -> bytes:
    """培训矩阵: positions (rows, with 部门, units in org-tree order) × courses (columns grouped by category,
    in the handbook's one category order: render.order.category_order).

    Row 2 has the course categories (merged over their courses), row 3 the course names
    with hours; from row 4 each position, cells like "必修·入职".
    """
    wb = Workbook()
    ws = wb.active
    ws.title = "培训矩阵"
    categories = {name: [hb.courses[cid] for cid in ids] for name, ids in order.by_category(hb, "courses")}
    courses = [c for group in categories.values() for c in group]
    column = {c.id: i for i, c in enumerate(courses, 3)}
    last_col = get_column_letter(max(len(courses) + 2, 3))

    put(ws, 1, 1, f"{hb.meta.title}——岗位培训矩阵", style={"font": TITLE_FONT})
    ws.merge_cells(f"A1:{last_col}1")
    ws.row_dimensions[1].height = 26
    for col, label in ((1, "部门"), (2, "岗位")):
        put(ws, 2, col, label, style={"font": BOLD, "fill": HEAD_FILL, "alignment": CENTER, "border": BORDER})
        put(ws, 3, col, None, style={"fill": HEAD_FILL, "border": BORDER})
        ws.merge_cells(start_row=2, start_column=col, end_row=3, end_column=col)
    ws.column_dimensions["A"].width = 16
    ws.column_dimensions["B"].width = 16
    col = 3
    for category, group in categories.items():
        put(ws, 2, col, category or "未分类", style={"font": BOLD, "fill": HEAD_FILL, "alignment": CENTER, "border": BORDER})
        for i in range(col + 1, col + len(group)):
            put(ws, 2, i, None, style={"fill": HEAD_FILL, "border": BORDER})
        if len(group) > 1:
            ws.merge_cells(start_row=2, start_column=col, end_row=2, end_column=col + len(group) - 1)
        for course in group:
            put(ws, 3, col, matrix_course_head(course.name, course_length(course)),
                style={"font": BOLD, "fill": HEAD_FILL, "alignment": CENTER, "border": BORDER})
            ws.column_dimensions[get_column_letter(col)].width = MATRIX_COURSE_WIDTH
            col += 1
    ws.row_dimensions[3].height = 45

    positions = [hb.positions[pid] for _, ids in order.positions_by_unit(hb) for pid in ids]  # as on the site
    for r, pos in enumerate(positions, 4):
        put(ws, r, 1, hb.name_of(pos.unit), style={"border": BORDER, "alignment": LEFT_MID})
        put(ws, r, 2, pos.name, style={"border": BORDER, "alignment": LEFT_MID})
        cells: dict[int, list[str]] = {}
        for entry in sorted(pos.training, key=lambda e: hb.vocab.order("training_stages", e.stage)):
            cells.setdefault(column[entry.course], []).append(f"{entry.kind}·{entry.stage}")
        for c in range(3, len(courses) + 3):
            text = "\n".join(cells.get(c, []))
            put(ws, r, c, text or None,
                style={"border": BORDER, "alignment": CENTER, **({"fill": INPUT_FILL} if text.startswith("必修") else {})})
    legend = len(positions) + 5
    put(ws, legend, 1, "说明：单元格写“必修/选修·阶段”，阶段分入职、在岗、晋升；黄色底为必修。")
    ws.freeze_panes = "C4"
    # about nine course columns a page: the matrix prints across several legible pages, not one squeezed one
    print_setup(ws, landscape=True, title_rows="2:3", title_cols="A:B", pages_wide=max(1, math.ceil(len(courses) / 9)))
    header_footer(ws, hb)
    return save(wb, hb, "岗位培训矩阵")
