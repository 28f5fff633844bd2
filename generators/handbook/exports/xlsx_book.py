"""Excel export of the whole handbook: the data workbook that the importer reads back.

The workbook follows layout.py (row 1 Chinese headers, hidden row 2 field names, data from
row 3), so importer.import_workbook can read it back. Cells are written through xlsx_cells.put,
so data text always stays text.
"""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from ..book import Handbook
from ..model import item_key, item_text
from . import layout as L
from .xlsx_cells import BOLD, BORDER, CENTER, HEAD_FILL, KEY_FONT, TITLE_FONT, WRAP, fit_row_height, header_footer, print_setup, put, save

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
    print_setup(ws, title_rows=f"{L.HEADER_ROW}:{L.HEADER_ROW}", title_cols="A:B")


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
    print_setup(ws, landscape=True)
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
    print_setup(ws, landscape=False, title_rows=f"{start}:{start}")


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
        header_footer(ws, hb)
    return save(wb, hb, f"{hb.meta.title}数据")
