"""Excel exports: the 绩效考核表 of a position, the whole-handbook workbook and the training matrix.

The whole-handbook workbook follows layout.py (row 1 Chinese headers, hidden row 2
field names, data from row 3) so importer.import_workbook can read it back.

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
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.writer.excel import ExcelWriter

from ..model import item_key, item_text
from ..book import Handbook
from . import layout as L
from ..render.processes_view import course_length
from ._common import fixed_datetime, is_veto, scoring_text, target_text

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


def _print_setup(ws, landscape: bool = True, title_rows: str | None = None, title_cols: str | None = None,
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


def _header_footer(ws, hb: Handbook) -> None:
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


# -- 绩效考核表 ------------------------------------------------------------------------

KPI_COLUMNS = (("序号", 5), ("指标", 14), ("定义", 26), ("计算公式", 24), ("评分标准", 28), ("目标值", 10),
               ("权重(%)", 8), ("数据来源", 14), ("考核人", 12), ("实际值", 10), ("得分", 8), ("加权得分", 10))
KPI_HEAD_ROW = 4
PERIOD_ORDER = ("月度", "季度", "半年度", "年度")


MATRIX_COURSE_WIDTH = 13
"""Width of a course column in the 培训矩阵 workbook, in Excel character units (a Chinese character is 2)."""


def matrix_course_head(name: str, length: str) -> str:
    """A course's head in the 培训矩阵 workbook: “消防安全（2天）”, or with a line break before the
    length when the whole would not fit on one line of the column, so Excel and LibreOffice never
    wrap inside it (“（2天” / “）”). `length` is course_length's “2 天” / “8 学时”."""
    suffix = f"（{length.replace(' ', '')}）"
    width = sum(2 if ord(ch) > 0x2E7F else 1 for ch in name + suffix)
    return f"{name}{suffix}" if width <= MATRIX_COURSE_WIDTH else f"{name}\n{suffix}"


def kpi_periods(hb: Handbook, position_id: str) -> list[tuple[str, list]]:
    """(考核周期, entries) of a position's indicators, one group per period in PERIOD_ORDER (others after)."""
    groups: dict[str, list] = {}
    for entry in hb.positions[position_id].kpis:
        groups.setdefault(hb.kpis[entry.kpi].frequency, []).append(entry)
    rank = {name: i for i, name in enumerate(PERIOD_ORDER)}
    return sorted(groups.items(), key=lambda item: rank.get(item[0], len(rank)))


def kpi_sheet_xlsx(hb: Handbook, position_id: str) -> bytes:
    """绩效考核表 of one position: a scoring form with live formulas; KeyError for an unknown id,
    ValueError for a position without indicators (it gets no form).

    One sheet per 考核周期 when the indicators differ in period (月度考核, 年度考核 …), else one sheet
    绩效考核表. Columns A–L: 序号, 指标, 定义, 计算公式, 评分标准, 目标值, 权重(%), 数据来源, 考核人,
    实际值 (input), 得分 (input, 0–100), 加权得分 (=K×G/100). The header row is row 4, indicators start
    at row 5, then a 合计 row with =SUM() of 权重 and 加权得分; 一票否决 items follow in their own table.
    """
    pos = hb.positions[position_id]
    if not pos.kpis:
        raise ValueError(f"岗位“{pos.name}”没有考核指标，不生成考核表")
    wb = Workbook()
    wb.remove(wb.active)
    periods = kpi_periods(hb, position_id)
    for period, entries in periods:
        title = "绩效考核表" if len(periods) == 1 else f"{period}考核"
        _kpi_form(wb.create_sheet(title), hb, pos, period, entries, len(periods) > 1)
    return save(wb, _own_organization(hb, position_id), f"{pos.name}绩效考核表")


def _kpi_form(ws, hb: Handbook, pos, period: str, entries: list, split: bool) -> None:
    last_col = get_column_letter(len(KPI_COLUMNS))
    widths = {i: width for i, (_, width) in enumerate(KPI_COLUMNS, 1)}
    for i, width in widths.items():
        ws.column_dimensions[get_column_letter(i)].width = width
    title = f"{pos.name}{period}绩效考核表" if split else f"{pos.name}绩效考核表"
    put(ws, 1, 1, title, style={"font": TITLE_FONT, "alignment": CENTER})
    ws.merge_cells(f"A1:{last_col}1")
    ws.row_dimensions[1].height = 28
    period_hint = {"月度": "    年    月", "季度": "    年第    季度", "半年度": "    年 上/下 半年", "年度": "    年"}
    info = [("岗位", pos.name, "部门", hb.name_of(pos.unit), "考核周期", period),
            ("被考核人", "", "单位", hb.organization_of(pos.id), "考核期间", period_hint.get(period, ""))]
    right = Alignment(horizontal="right", vertical="center")
    underline = {"alignment": LEFT_MID, "border": Border(bottom=THIN)}
    for r, (l1, v1, l2, v2, l3, v3) in enumerate(info, 2):
        # label A:B | value C:D | label E | value F:H | label I | value J:L
        for col, text in ((1, f"{l1}："), (5, f"{l2}："), (9, f"{l3}：")):
            put(ws, r, col, text, style={"font": BOLD, "alignment": right})
        for col, value, span in ((3, v1, 2), (6, v2, 3), (10, v3, 3)):
            for c in range(col, col + span):
                put(ws, r, c, value if c == col else None, style=underline)
            ws.merge_cells(start_row=r, start_column=col, end_row=r, end_column=col + span - 1)
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=2)
        ws.row_dimensions[r].height = 20

    head = KPI_HEAD_ROW
    first = head + 1
    weighted = [e for e in entries if not is_veto(e, hb.kpis[e.kpi])]
    vetoes = [e for e in entries if is_veto(e, hb.kpis[e.kpi])]
    # a period with only 一票否决 items gets no empty weighted table with a blank 小计: the items stand alone
    row = _weighted_table(ws, hb, weighted, period, split, widths) if weighted else head
    if vetoes:
        row = _veto_table(ws, hb, vetoes, row, widths)
    notes = row
    note = ("说明：实际值、得分由考核人按评分标准填写，得分按 0–100 分计；加权得分 = 得分 × 权重 ÷ 100，合计即考核总分。"
            if weighted else "说明：本表只有一票否决项，不计权重、不计分。")
    if split:
        note += f"本表只含考核周期为“{period}”的指标；各周期的表合起来是本岗位的全部指标，权重合计 100%。"
    if vetoes:
        note += "一票否决项发生时，当期考核结果为不合格。"
    put(ws, notes, 1, note, style={"alignment": WRAP})
    ws.merge_cells(start_row=notes, start_column=1, end_row=notes, end_column=len(KPI_COLUMNS))
    ws.row_dimensions[notes].height = 32
    signs = notes + 2
    right = Alignment(horizontal="right", vertical="center")
    for col, label in ((1, "被考核人签字："), (5, "考核人签字："), (9, "日期：")):
        put(ws, signs, col, label, style={"font": BOLD, "alignment": right})
    for start, span in ((3, 2), (6, 3), (10, 3)):
        for col in range(start, start + span):
            put(ws, signs, col, None, style={"border": Border(bottom=THIN)})
        ws.merge_cells(start_row=signs, start_column=start, end_row=signs, end_column=start + span - 1)
    ws.merge_cells(start_row=signs, start_column=1, end_row=signs, end_column=2)
    ws.row_dimensions[signs].height = 26
    if weighted:
        ws.freeze_panes = f"A{first}"
    _print_setup(ws, landscape=True, title_rows=f"{head}:{head}" if weighted else None, pages_wide=1)
    ws.print_area = f"A1:{last_col}{signs}"
    _header_footer(ws, hb)


def _weighted_table(ws, hb: Handbook, weighted: list, period: str, split: bool, widths: dict[int, float]) -> int:
    """The weighted indicators from KPI_HEAD_ROW on, with their 合计 (小计) row. Returns the next free row."""
    head = KPI_HEAD_ROW
    for i, (label, _) in enumerate(KPI_COLUMNS, 1):
        put(ws, head, i, label, style={"font": BOLD, "fill": HEAD_FILL, "alignment": CENTER, "border": BORDER})
    ws.row_dimensions[head].height = 20
    first = row = head + 1
    for n, entry in enumerate(weighted, 1):
        kpi = hb.kpis[entry.kpi]
        evaluator = hb.name_of(kpi.evaluator) if kpi.evaluator else ""
        values = [n, kpi.name, kpi.definition, kpi.formula or "定性评价（按等级）", scoring_text(kpi, entry), target_text(kpi, entry),
                  entry.weight, kpi.source, evaluator]
        for col, value in enumerate(values, 1):
            put(ws, row, col, value, style={"border": BORDER, "alignment": CENTER if col in (1, 6, 7) else WRAP})
        ws.cell(row, 7).number_format = "0.##"
        for col in (10, 11):
            put(ws, row, col, None, style={"border": BORDER, "fill": INPUT_FILL, "alignment": CENTER})
        ws.cell(row, 11).number_format = "0.0"
        formula(ws, row, 12, f"=IF(K{row}=\"\",\"\",K{row}*G{row}/100)",
                style={"border": BORDER, "alignment": CENTER, "number_format": "0.00"})
        fit_row_height(ws, row, widths)
        row += 1
    last = row - 1
    total = row
    for col in range(2, len(KPI_COLUMNS) + 1):
        put(ws, total, col, None, style={"border": BORDER, "fill": TOTAL_FILL})
    put(ws, total, 1, "合计" if not split else f"{period}指标小计", style={"font": BOLD, "fill": TOTAL_FILL, "alignment": CENTER, "border": BORDER})
    ws.merge_cells(start_row=total, start_column=1, end_row=total, end_column=6)
    if weighted:
        formula(ws, total, 7, f"=SUM(G{first}:G{last})",
                style={"font": BOLD, "fill": TOTAL_FILL, "alignment": CENTER, "border": BORDER, "number_format": "0.##"})
        formula(ws, total, 12, f"=SUM(L{first}:L{last})",
                style={"font": BOLD, "fill": TOTAL_FILL, "alignment": CENTER, "border": BORDER, "number_format": "0.00"})
        scores = DataValidation(type="decimal", operator="between", formula1="0", formula2="100", allow_blank=True,
                                errorTitle="得分超出范围", error="得分应在 0 到 100 之间",
                                promptTitle="得分", prompt="按评分标准以 0–100 分填写")
        scores.add(f"K{first}:K{last}")
        ws.add_data_validation(scores)
    ws.row_dimensions[total].height = 20
    return total + 2


def _veto_table(ws, hb: Handbook, vetoes: list, row: int, widths: dict[int, float]) -> int:
    """一票否决项 under the weighted indicators: 指标, 否决条件, 是否发生 (input). Returns the next free row."""
    put(ws, row, 1, "一票否决项（不计权重）", style={"font": BOLD})
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=6)
    row += 1
    heads = ((1, 2, "指标"), (3, 9, "否决条件"), (10, 12, "是否发生（是/否）"))
    for start, stop, label in heads:
        for col in range(start, stop + 1):
            put(ws, row, col, label if col == start else None,
                style={"font": BOLD, "fill": HEAD_FILL, "alignment": CENTER, "border": BORDER})
        ws.merge_cells(start_row=row, start_column=start, end_row=row, end_column=stop)
    row += 1
    for entry in vetoes:
        kpi = hb.kpis[entry.kpi]
        values = {1: kpi.name, 3: kpi.definition or kpi.formula, 10: None}
        for start, stop, _ in heads:
            for col in range(start, stop + 1):
                put(ws, row, col, values[start] if col == start else None,
                    style={"border": BORDER, "alignment": WRAP if start < 10 else CENTER,
                           **({"fill": INPUT_FILL} if start == 10 else {})})
            ws.merge_cells(start_row=row, start_column=start, end_row=row, end_column=stop)
        fit_row_height(ws, row, {1: sum(widths[c] for c in (1, 2)), 3: sum(widths[c] for c in range(3, 10))})
        row += 1
    return row + 1


def _own_organization(hb: Handbook, position_id: str) -> Handbook:
    """The handbook as seen by the position's own legal entity (document author of its sheet)."""
    from .docx_jd import _with_organization

    org = hb.organization_of(position_id)
    return hb if org == hb.meta.organization else _with_organization(hb, org)


# -- the whole handbook -------------------------------------------------------------

def join_list(items) -> str:
    items = [str(i) for i in items]
    sep = "\n" if any(L.LIST_SEP in i or "\n" in i for i in items) else L.LIST_SEP
    return sep.join(items)


def join_items(items) -> str:
    return "\n".join(f"[{item_key(item)}] {item_text(item)}" if item_key(item) else item_text(item) for item in items)


def join_levels(levels) -> str:
    """Qualitative KPI levels, one a line: “优（100）：全年无投诉”, the score left out when there is none."""
    return "\n".join(f"{lv.name}（{_number(lv.score)}）：{lv.description}" if lv.score is not None
                     else f"{lv.name}：{lv.description}" for lv in levels)


def vocabulary_text(value) -> str | None:
    """A vocabulary of handbook.yaml as a cell: “a；b” replaces the defaults, “追加：a；b” extends them."""
    if value is None:
        return None
    if isinstance(value, list):
        return join_list(value)
    return L.VOCAB_ADD + join_list(value.add)


def join_pairs(pairs) -> str:
    return L.LIST_SEP.join(f"{a}:{b}" for a, b in pairs)


def _number(value):
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _form_fields(pos) -> dict:
    """The 岗位说明书 form fields of a position as 岗位 sheet cells (dotted keys as in layout.POSITIONS)."""
    a, c = pos.approval, pos.career
    return {"code": pos.code, "relations.internal": join_list(pos.relations.internal),
            "relations.external": join_list(pos.relations.external), "environment": pos.environment,
            "career.promotion": join_list(c.promotion), "career.rotation": join_list(c.rotation), "career.note": c.note,
            "approval.drafted_by": a.drafted_by, "approval.drafted_on": a.drafted_on,
            "approval.reviewed_by": a.reviewed_by, "approval.reviewed_on": a.reviewed_on,
            "approval.approved_by": a.approved_by, "approval.approved_on": a.approved_on}


def _records(hb: Handbook) -> dict[str, list[dict]]:
    """Each data sheet's rows as {field key: value}."""
    name = hb.name_of
    rows: dict[str, list[dict]] = {s.name: [] for s in L.DATA_SHEETS}
    for unit in hb.units.values():
        rows[L.UNITS.name].append({
            "id": unit.id, "name": unit.name, "kind": unit.kind, "parent": unit.parent, "head": unit.head,
            "functions": join_items(unit.functions), "description": unit.description, "order": unit.order,
            "organization": unit.organization})
    for pos in hb.positions.values():
        q = pos.qualifications
        rows[L.POSITIONS.name].append({
            "id": pos.id, "name": pos.name, "unit": pos.unit, "reports_to": pos.reports_to,
            "headcount": "未定" if pos.headcount is None else pos.headcount, "grade": pos.grade, "purpose": pos.purpose,
            "vacancies": pos.vacancies or None, "dotted_reports_to": join_list(pos.dotted_reports_to),
            "other_units": join_list(pos.other_units), "concurrent": join_list(pos.concurrent),
            "qualifications.education": q.education, "qualifications.major": q.major,
            "qualifications.experience": q.experience, "qualifications.knowledge": join_list(q.knowledge),
            "qualifications.skills": join_list(q.skills), "qualifications.competencies": join_list(q.competencies),
            "qualifications.other": join_list(q.other), "order": pos.order,
            **_form_fields(pos),
            "unit_name": name(pos.unit), "reports_to_name": name(pos.reports_to) if pos.reports_to else None})
        for label, field in L.DUTY_TYPES.items():
            for seq, item in enumerate(getattr(pos, field), 1):
                rows[L.DUTIES.name].append({"position": pos.id, "position_name": pos.name, "type": label,
                                            "seq": seq, "text": item_text(item), "key": item_key(item) or ""})
        for entry in pos.kpis:
            rows[L.POSITION_KPIS.name].append({
                "position": pos.id, "kpi": entry.kpi, "weight": _number(entry.weight), "target": entry.target,
                "veto": L.YES if entry.veto else L.NO,
                "position_name": pos.name, "kpi_name": name(entry.kpi)})
        for entry in pos.training:
            rows[L.TRAINING.name].append({
                "position": pos.id, "course": entry.course, "kind": entry.kind, "stage": entry.stage,
                "position_name": pos.name, "course_name": name(entry.course)})
    for kpi in hb.kpis.values():
        t = kpi.thresholds
        rows[L.KPIS.name].append({
            "id": kpi.id, "name": kpi.name, "category": kpi.category, "definition": kpi.definition,
            "formula": kpi.formula, "levels": join_levels(kpi.levels), "unit": kpi.unit, "direction": kpi.direction, "target": kpi.target,
            "thresholds.excellent": t.excellent if t else None, "thresholds.passing": t.passing if t else None,
            "frequency": kpi.frequency, "source": kpi.source, "evaluator": kpi.evaluator})
    for proc in hb.processes.values():
        rows[L.PROCESSES.name].append({
            "id": proc.id, "name": proc.name, "category": proc.category, "owner": proc.owner,
            "purpose": proc.purpose, "scope": proc.scope, "trigger": proc.trigger,
            "phases": join_pairs((p.id, p.name) for p in proc.phases), "key_points": join_items(proc.key_points),
            "kpis": join_list(proc.kpis), "policies": join_list(proc.policies)})
        for seq, step in enumerate(proc.steps, 1):
            rows[L.STEPS.name].append({
                "process": proc.id, "seq": seq, "id": step.id, "name": step.name, "role": step.role,
                "roles": join_list(step.roles), "action": step.action, "approval": step.approval,
                "condition": step.condition,
                "participants": join_pairs((p.role, f"{p.kind}（{p.condition}）" if p.condition else p.kind)
                                           for p in step.participants),
                "phase": step.phase, "decision": L.YES if step.decision else L.NO,
                "gateway": step.gateway, "milestone": L.YES if step.milestone else L.NO,
                "start": L.YES if step.start else L.NO, "calls": step.calls,
                "inputs": join_list(step.inputs), "outputs": join_list(step.outputs), "forms": join_list(step.forms),
                "next": None if step.next is None else (join_list(step.next) or L.NEXT_NONE),
                "branches": join_pairs((b.to, b.label) for b in step.branches)})
    for course in hb.courses.values():
        rows[L.COURSES.name].append({
            "id": course.id, "name": course.name, "category": course.category, "hours": _number(course.hours), "days": _number(course.days),
            "format": course.format, "objectives": join_list(course.objectives), "outline": join_list(course.outline)})
    return rows


def _head(ws, spec_cols, row: int = L.HEADER_ROW, key_row: int | None = L.KEY_ROW) -> None:
    for i, col in enumerate(spec_cols, 1):
        put(ws, row, i, col.label, style={"font": BOLD, "fill": HEAD_FILL, "alignment": CENTER, "border": BORDER})
        if key_row:
            put(ws, key_row, i, col.key, style={"font": KEY_FONT})
        ws.column_dimensions[get_column_letter(i)].width = col.width
    if key_row:
        ws.row_dimensions[key_row].hidden = True


def _data_sheet(wb: Workbook, spec: L.SheetSpec, rows: list[dict]) -> None:
    ws = wb.create_sheet(spec.name)
    _head(ws, spec.cols)
    wrap_cols = {i for i, c in enumerate(spec.cols, 1) if c.width >= 20}
    for r, record in enumerate(rows, L.FIRST_ROW):
        for i, col in enumerate(spec.cols, 1):
            value = record.get(col.key)
            if value is None or value == "":
                continue
            cell = put(ws, r, i, value)
            if i in wrap_cols:
                cell.alignment = WRAP
        if wrap_cols:
            fit_row_height(ws, r, {i: spec.cols[i - 1].width for i in wrap_cols}, minimum=15, line_pt=14)
    ws.freeze_panes = ws.cell(L.FIRST_ROW, 3 if spec.cols[1].kind == "info" or spec.kind in ("units", "positions", "kpis", "processes", "courses") else 1)
    ws.auto_filter.ref = f"A{L.HEADER_ROW}:{get_column_letter(len(spec.cols))}{max(L.FIRST_ROW, len(rows) + L.FIRST_ROW - 1)}"
    _print_setup(ws, title_rows=f"{L.HEADER_ROW}:{L.HEADER_ROW}", title_cols="A:B")


def _meta_sheet(wb: Workbook, hb: Handbook) -> None:
    ws = wb.create_sheet(L.META_SHEET)
    for i, width in enumerate((14, 40, 14, 40, 16, 40), 1):
        ws.column_dimensions[get_column_letter(i)].width = width
    for col, label in enumerate(("项目", "内容", "字段名"), 1):
        put(ws, 1, col, label, style={"font": BOLD, "fill": HEAD_FILL, "alignment": CENTER, "border": BORDER})
    fields = [(key, label, getattr(hb.meta, key)) for key, label in L.META_FIELDS if "." not in key]
    fields += [(key, label, vocabulary_text(getattr(hb.meta.vocabularies, key.split(".")[1])))
               for key, label in L.META_FIELDS if "." in key]
    fields = [f for f in fields if "." not in f[0] or f[2]]  # vocabulary rows only when the handbook sets them
    for r, (key, label, value) in enumerate(fields, 2):
        put(ws, r, 1, label, style={"font": BOLD})
        if value:
            put(ws, r, 2, value, style={"alignment": WRAP})
        put(ws, r, 3, key, style={"font": KEY_FONT})
    start = len(fields) + 3
    _print_setup(ws, landscape=True)
    put(ws, start - 1, 1, "发布记录", style={"font": BOLD})
    _head(ws, L.RELEASES.cols, row=start, key_row=start + 1)
    for r, release in enumerate(hb.meta.releases, start + 2):
        for i, col in enumerate(L.RELEASES.cols, 1):
            value = getattr(release, col.key)
            if col.kind == "list":
                value = join_list(value)
            if value:
                put(ws, r, i, value)


def _readme_sheet(wb: Workbook, hb: Handbook) -> None:
    ws = wb.active
    ws.title = L.README_SHEET
    for i, width in enumerate((14, 22, 30, 70), 1):
        ws.column_dimensions[get_column_letter(i)].width = width
    put(ws, 1, 1, f"{hb.meta.title}——数据工作簿说明", style={"font": TITLE_FONT})
    lines = [
        "本工作簿由手册数据导出，修改后可用导入功能写回 data/ 目录（导入前会完整检查，有错误时不写入任何文件）。",
        "每个数据工作表：第 1 行是中文列名；第 2 行（已隐藏）是字段名，导入时按字段名对应列，请勿修改；第 3 行起是数据。",
        "标识（ID）只能用小写英文字母、数字和 -，如 sales-manager；引用其他记录时填写对方的 ID。",
        "多项内容用全角分号“；”分隔；部门职能、控制要点一行一条，需要锚点时写成“[key] 文字”。",
        "列名带“（参考）”的列只供阅读，导入时忽略。",
        "以 = + - @ 开头的文字按文本保存，不会被当作公式执行。",
    ]
    for r, line in enumerate(lines, 3):
        put(ws, r, 1, line, style={"alignment": WRAP})
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=4)
        ws.row_dimensions[r].height = 30
    start = len(lines) + 4
    heads = ("工作表", "列名", "字段名", "说明")
    for col, label in enumerate(heads, 1):
        put(ws, start, col, label, style={"font": BOLD, "fill": HEAD_FILL, "border": BORDER})
    r = start + 1
    kind_notes = {"int": "整数", "float": "数字", "list": "多项用“；”分隔", "pairs": "", "items": "", "bool": "",
                  "next": "", "info": "仅供参考，导入时忽略", "text": "", "headcount": "", "levels": ""}
    for spec in (L.RELEASES,) + L.DATA_SHEETS:
        put(ws, r, 1, spec.name, style={"font": BOLD})
        put(ws, r, 4, spec.note, style={"alignment": WRAP})
        r += 1
        for col in spec.cols:
            notes = [n for n in (("必填" if col.required else ""), kind_notes[col.kind], col.note) if n]
            put(ws, r, 2, col.label)
            put(ws, r, 3, col.key)
            put(ws, r, 4, "；".join(notes), style={"alignment": WRAP})
            r += 1
    ws.freeze_panes = ws.cell(start + 1, 1)
    _print_setup(ws, landscape=False, title_rows=f"{start}:{start}")


def handbook_xlsx(hb: Handbook) -> bytes:
    """The whole handbook as one workbook in the layout of layout.py (readable back by import_workbook).

    Sheets: 说明, 手册信息, 组织单元, 岗位, 岗位职责, 考核指标, 岗位指标, 流程, 流程步骤, 培训课程, 培训计划.
    """
    wb = Workbook()
    _readme_sheet(wb, hb)
    _meta_sheet(wb, hb)
    rows = _records(hb)
    for spec in L.DATA_SHEETS:
        _data_sheet(wb, spec, rows[spec.name])
    for ws in wb.worksheets:
        _header_footer(ws, hb)
    return save(wb, hb, f"{hb.meta.title}数据")


# -- training matrix ----------------------------------------------------------------------

def training_matrix_xlsx(hb: Handbook) -> bytes:
    """培训矩阵: positions (rows, with 部门) × courses (columns, grouped by category).

    Row 2 has the course categories (merged over their courses), row 3 the course names
    with hours; from row 4 each position, cells like "必修·入职".
    """
    wb = Workbook()
    ws = wb.active
    ws.title = "培训矩阵"
    categories: dict[str, list] = {}
    for course in hb.courses.values():
        categories.setdefault(course.category, []).append(course)
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

    unit_rank = {uid: i for i, uid in enumerate(hb.units)}
    positions = sorted(hb.positions.values(), key=lambda p: unit_rank.get(p.unit, 0))  # stable: keeps order within a unit
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
    _print_setup(ws, landscape=True, title_rows="2:3", title_cols="A:B", pages_wide=max(1, math.ceil(len(courses) / 9)))
    _header_footer(ws, hb)
    return save(wb, hb, "岗位培训矩阵")
