"""The 绩效考核表 of a position (Excel): one scoring form per 考核周期, with live formulas."""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from ..model import Kpi, KpiWeight, field_label
from ..render.processes_view import target_text
from ..book import Handbook
from ._common import is_veto, scoring_text
from .xlsx_cells import (BOLD, BORDER, CENTER, HEAD_FILL, INPUT_FILL, LEFT_MID, THIN, TITLE_FONT, TOTAL_FILL, WRAP,
                         fit_row_height, formula, header_footer, print_setup, put, save)

KPI_COLUMNS = (("序号", 5), (field_label(KpiWeight, "kpi"), 14), (field_label(Kpi, "definition"), 26),
               (field_label(Kpi, "formula"), 24), (field_label(Kpi, "thresholds"), 28), (field_label(Kpi, "target"), 10),
               (field_label(KpiWeight, "weight") + "(%)", 8), (field_label(Kpi, "source"), 14),
               (field_label(Kpi, "evaluator"), 12), ("实际值", 10), ("得分", 8), ("加权得分", 10))
"""The form's columns A–L (head, width): the indicator's fields labelled by the model, then the scoring inputs."""
KPI_HEAD_ROW = 4
PERIOD_ORDER = ("月度", "季度", "半年度", "年度")


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
    print_setup(ws, landscape=True, title_rows=f"{head}:{head}" if weighted else None, pages_wide=1)
    ws.print_area = f"A1:{last_col}{signs}"
    header_footer(ws, hb)


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
