"""Reading the whole-handbook workbook: its sheets → records (`Rec`), each field with the cell it came from.

The layout is exports/layout.py (shared with the export). Columns are mapped by the hidden field-name
row, or by the Chinese headers when that row is missing. Every cell problem is collected with its
reference (``岗位!C7：编制应当是整数，现在是“两个”``); nothing is written here.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from ..diagnostics import did_you_mean
from ..exports import layout as L
from .bounds import unreadable, workbook_problem
from .cells import BadCell, convert, plain, set_path, text, vocabulary
from .result import ImportResult, Rec


# -- reading sheets -------------------------------------------------------------------------------

@dataclass
class Row:
    """One filled row of a data sheet."""

    number: int
    values: dict  # field key → plain cell value (None when blank)
    refs: dict  # field key → "sheet!C7"


class _Reader:
    """Reads the sheets of one workbook; every problem goes to `result` with its cell."""

    def __init__(self, wb, result: ImportResult):
        self.wb, self.result = wb, result
        self.cells_reported: set[str] = set()
        self.lacks_required = False
        """A sheet lacks a required column: every row would be incomplete, so no record is built."""
        self.absent: dict[str, list[L.Col]] = {}
        """sheet → its optional data columns the sheet does not have (deleted, or an older workbook)."""

    def problem(self, message: str) -> None:
        """Record a problem; a cell ("岗位!E5：…") gets one problem, the first found (a formula in a number
        cell is a formula, not also "not a whole number")."""
        cell = message.split("：", 1)[0]
        if "!" in cell:
            if cell in self.cells_reported:
                return
            self.cells_reported.add(cell)
        self.result.problems.append(message)

    def table(self, spec: L.SheetSpec, header_row: int = L.HEADER_ROW, required_sheet: bool = True) -> list[Row]:
        """Rows of a data sheet, columns mapped by the field names of the key row (or by headers)."""
        if spec.name not in self.wb.sheetnames:
            if required_sheet:
                self.problem(f"缺少工作表“{spec.name}”（应包含列：{'、'.join(c.label for c in spec.cols if c.kind != 'info')}）")
            return []
        ws = self.wb[spec.name]
        return self.rows(ws, spec.name, spec.cols, header_row)

    def columns(self, ws, sheet: str, cols: tuple[L.Col, ...], header_row: int) -> tuple[dict[int, L.Col], int]:
        """(1-based column → Col, first data row): by the hidden field-name row below `header_row` when it
        names any field, else by the Chinese headers. Missing required columns are problems, unknown
        headed columns warnings."""
        by_key = {c.key: c for c in cols}
        by_label = {c.label: c for c in cols}
        by_label.update({c.label.replace("（参考）", ""): c for c in cols})
        width = ws.max_column
        keys = [plain(ws.cell(header_row + 1, i).value) for i in range(1, width + 1)]
        labels = [plain(ws.cell(header_row, i).value) for i in range(1, width + 1)]
        if any(isinstance(k, str) and k in by_key for k in keys):
            first, names, table = header_row + 2, keys, by_key
        else:
            first, names, table = header_row + 1, labels, by_label
        mapping = {i: table[name] for i, name in enumerate(names, 1) if isinstance(name, str) and name in table}
        found = {c.key for c in mapping.values()}
        for col in cols:
            if col.required and col.key not in found:
                self.problem(f"{sheet}：缺少列“{col.label}”（字段名 {col.key}）")
                self.lacks_required = True
        self.absent[sheet] = [c for c in cols if c.key not in found and not c.required and c.kind != "info"
                              and c.key != "seq"]
        for i, label in enumerate(labels, 1):
            if i not in mapping and label is not None:
                self.result.warnings.append(f"{sheet}!{get_column_letter(i)}{header_row}：不认识的列“{text(label)}”，已忽略")
        return mapping, first

    def rows(self, ws, sheet: str, cols: tuple[L.Col, ...], header_row: int) -> list[Row]:
        """The filled rows below the header (a row with only "info" columns filled is blank); a formula
        in a data cell is a problem."""
        mapping, first = self.columns(ws, sheet, cols, header_row)
        out = []
        for number, cells in enumerate(ws.iter_rows(min_row=first, max_col=ws.max_column), first):
            values, refs, filled = {}, {}, False
            for i, col in mapping.items():
                cell = cells[i - 1]
                ref = f"{sheet}!{get_column_letter(i)}{number}"
                refs[col.key] = ref
                value = plain(cell.value)
                if cell.data_type == "f":
                    self.problem(f"{ref}：{col.label}不能是公式（{text(cell.value)[:30]}），请直接填写内容")
                values[col.key] = value
                filled = filled or (value is not None and col.kind != "info")
            if filled:
                out.append(Row(number, values, refs))
        return out

    def convert_row(self, row: Row, cols: tuple[L.Col, ...], skip: tuple = ()) -> dict:
        """The row's non-empty data columns as {dotted key: value}; bad cells become problems."""
        out = {}
        for col in cols:
            if col.kind == "info" or col.key in skip or col.key not in row.values:
                continue
            try:
                value = convert(col, row.values[col.key])
            except BadCell as bad:
                self.problem(f"{row.refs[col.key]}：{bad}")
                continue
            if value is not None and (value != [] or col.kind == "next"):  # next: [] means "nothing follows"
                out[col.key] = value
        return out


def _cells(row: Row, spec: L.SheetSpec, prefix: tuple = ()) -> dict:
    """Field path (under `prefix`) → (cell ref, column label) for the row's data columns."""
    cells = {}
    for key, ref in row.refs.items():
        col = spec.col(key)
        if col.kind != "info":
            cells[prefix + tuple(key.split("."))] = (ref, col.label)
    return cells


# -- the whole-handbook workbook --------------------------------------------------------------------

def _main_records(reader: _Reader, spec: L.SheetSpec, kind: str) -> dict[str, Rec]:
    """One record per row of a main sheet (组织单元, 岗位, 考核指标, 流程, 培训课程), by id; an empty or repeated id is a problem."""
    records: dict[str, Rec] = {}
    first_row: dict[str, int] = {}
    id_col = spec.col("id")
    for row in reader.table(spec):
        rid = row.values.get("id")
        if rid is None:
            reader.problem(f"{row.refs.get('id', f'{spec.name}!第{row.number}行')}：{id_col.label}不能为空（必填）")
            continue
        rid = text(rid)
        if rid in first_row:
            reader.problem(f"{row.refs['id']}：{id_col.label}“{rid}”与第 {first_row[rid]} 行重复")
            continue
        first_row[rid] = row.number
        data = {}
        for key, value in reader.convert_row(row, spec.cols).items():
            set_path(data, key, value)
        data["id"] = rid
        records[rid] = Rec(kind, data, (row.refs["id"], id_col.label), _cells(row, spec))
    _mark_absent(reader, spec, records, ())
    return records


def _mark_absent(reader: _Reader, spec: L.SheetSpec, records: dict[str, Rec], prefixes: tuple) -> None:
    """Note on each record the columns `spec`'s sheet lacks, as field path patterns: under each of
    `prefixes` (("kpis", "*") for the items of a sub-list), or on the record itself when there are none."""
    for col in reader.absent.get(spec.name, ()):
        key = tuple(col.key.split("."))
        for rec in records.values():
            rec.absent.extend((prefix + key, spec.name, col.label) for prefix in prefixes or ((),))


def _owner(reader: _Reader, row: Row, spec: L.SheetSpec, key: str, records: dict[str, Rec], what: str) -> Rec | None:
    """The record a sub-list row belongs to (its 岗位ID or 流程ID column), or None with a problem at that cell."""
    value = row.values.get(key)
    ref = row.refs.get(key, f"{spec.name}!第{row.number}行")
    if value is None:
        reader.problem(f"{ref}：{spec.col(key).label}不能为空（必填）")
        return None
    rec = records.get(text(value))
    if rec is None:
        hint = did_you_mean(text(value), {rid: r.data.get("name", rid) for rid, r in records.items()})
        reader.problem(f"{ref}：找不到{what}“{text(value)}”（“{what}”表中没有这个ID）。" + hint
                       + f"如果是在“{what}”表中删除了它，请把它在“{spec.name}”表中的行一并删除")
    return rec


def _attach_duties(reader: _Reader, positions: dict[str, Rec]) -> None:
    """岗位职责 rows → each position's duties / authorities / accountabilities, in 序号 order."""
    grouped: dict[tuple[str, str], list] = {}
    rows = reader.table(L.DUTIES)
    _mark_absent(reader, L.DUTIES, positions, tuple((name, "*") for name in L.DUTY_TYPES.values()))
    for row in rows:
        rec = _owner(reader, row, L.DUTIES, "position", positions, "岗位")
        kind_label = row.values.get("type")
        kind_label = text(kind_label) if kind_label is not None else None
        if kind_label not in L.DUTY_TYPES:
            reader.problem(f"{row.refs.get('type', f'岗位职责!第{row.number}行')}：类型只能是 职责、权限、责任 之一，"
                           f"现在是“{kind_label or ''}”")
            continue
        values = reader.convert_row(row, L.DUTIES.cols, skip=("position", "type"))
        if "text" not in values:
            reader.problem(f"{row.refs.get('text', f'岗位职责!第{row.number}行')}：内容不能为空（必填）")
            continue
        if rec is None:
            continue
        seq = values.get("seq")
        grouped.setdefault((rec.data["id"], L.DUTY_TYPES[kind_label]), []).append(
            (seq if seq is not None else float("inf"), row.number, values, row))
    for (pid, fieldname), lines in grouped.items():
        rec = positions[pid]
        items = []
        for i, (_, _, values, row) in enumerate(sorted(lines, key=lambda t: (t[0], t[1]))):
            key = values.get("key")
            items.append({"key": key, "text": values["text"]} if key else values["text"])
            rec.cells[(fieldname, i)] = (row.refs["text"], "内容")
            rec.cells[(fieldname, i, "text")] = (row.refs["text"], "内容")
            if "key" in row.refs:
                rec.cells[(fieldname, i, "key")] = (row.refs["key"], "锚点")
        rec.cells.setdefault((fieldname,), rec.cells[(fieldname, 0)])
        rec.data[fieldname] = items


def _attach_list(reader: _Reader, spec: L.SheetSpec, positions: dict[str, Rec], fieldname: str, anchor_key: str) -> None:
    """岗位指标 or 培训计划 rows → each position's kpis or training list, in row order."""
    rows = reader.table(spec)
    _mark_absent(reader, spec, positions, ((fieldname, "*"),))
    for row in rows:
        rec = _owner(reader, row, spec, "position", positions, "岗位")
        values = reader.convert_row(row, spec.cols, skip=("position",))
        if rec is None:
            continue
        entries = rec.data.setdefault(fieldname, [])
        i = len(entries)
        entries.append(values)
        for path, hit in _cells(row, spec, (fieldname, i)).items():
            if path[-1] != "position":
                rec.cells[path] = hit
        rec.cells[(fieldname, i)] = (row.refs.get(anchor_key, row.refs["position"]), spec.col(anchor_key).label)
        rec.cells.setdefault((fieldname,), (row.refs.get("weight", row.refs["position"]), spec.col("weight").label)
                             if "weight" in row.refs else (row.refs["position"], "岗位ID"))


def _attach_steps(reader: _Reader, processes: dict[str, Rec]) -> None:
    """流程步骤 rows → each process's steps, in 序号 order."""
    grouped: dict[str, list] = {}
    rows = reader.table(L.STEPS)
    _mark_absent(reader, L.STEPS, processes, (("steps", "*"),))
    for row in rows:
        rec = _owner(reader, row, L.STEPS, "process", processes, "流程")
        values = reader.convert_row(row, L.STEPS.cols, skip=("process",))
        if rec is None:
            continue
        seq = values.pop("seq", None)
        grouped.setdefault(rec.data["id"], []).append((seq if seq is not None else float("inf"), row.number, values, row))
    for pid, steps in grouped.items():
        rec = processes[pid]
        rec.data["steps"] = []
        for i, (_, _, values, row) in enumerate(sorted(steps, key=lambda t: (t[0], t[1]))):
            rec.data["steps"].append(values)
            for path, hit in _cells(row, L.STEPS, ("steps", i)).items():
                if path[2] not in ("process", "seq"):
                    rec.cells[path] = hit
            rec.cells[("steps", i)] = (row.refs.get("id", row.refs["process"]), "步骤ID")
    for rec in processes.values():
        rec.cells.setdefault(("steps",), (rec.anchor[0], "流程步骤（在“流程步骤”表中至少写一步）"))


def _meta(reader: _Reader) -> Rec | None:
    """手册信息: title, organization, description, vocabularies (one labelled row each) and the 发布记录 table."""
    if L.META_SHEET not in reader.wb.sheetnames:
        reader.problem(f"缺少工作表“{L.META_SHEET}”（手册标题、组织名称和发布记录）")
        return None
    ws = reader.wb[L.META_SHEET]
    labels = dict((label, key) for key, label in L.META_FIELDS)
    data, cells, release_head = {}, {}, None
    for r in range(1, ws.max_row + 1):
        first = plain(ws.cell(r, 1).value)
        key = plain(ws.cell(r, 3).value)
        key = key if key in labels.values() else labels.get(first)
        if key:
            ref = f"{L.META_SHEET}!B{r}"
            cells[(key,)] = (ref, dict(L.META_FIELDS)[key])
            value = plain(ws.cell(r, 2).value)
            if value is not None and key.startswith("vocabularies."):
                set_path(data, key, vocabulary(text(value)))
            elif value is not None:
                data[key] = text(value)
        if first == L.RELEASES.cols[0].label and release_head is None:
            release_head = r
    anchor = cells.get(("title",), (f"{L.META_SHEET}!B2", "手册标题"))
    rec = Rec("meta", data, anchor, cells)
    if release_head is not None:
        rows = reader.rows(ws, L.META_SHEET, L.RELEASES.cols, release_head)
        releases = []
        for i, row in enumerate(rows):
            releases.append(reader.convert_row(row, L.RELEASES.cols))
            rec.cells.update(_cells(row, L.RELEASES, ("releases", i)))
            rec.cells[("releases", i)] = (row.refs.get("version", f"{L.META_SHEET}!A{row.number}"), "版本")
        if releases:
            data["releases"] = releases
    return rec


def _missing_sheets(wb) -> list[str]:
    """One problem for each sheet of the layout the workbook lacks, naming the sheet it was probably renamed
    to (a sheet of the workbook the layout does not know, by likeness of name); [] when all are there.

    Every data sheet is needed: without 岗位, each 岗位职责 row would point nowhere and every position
    would look deleted, so the import stops at this one cause."""
    expected = (L.META_SHEET,) + tuple(spec.name for spec in L.DATA_SHEETS)
    strangers = [name for name in wb.sheetnames if name not in L.SHEET_ORDER]
    problems = []
    for name in expected:
        if name in wb.sheetnames:
            continue
        close = difflib.get_close_matches(name, strangers, n=1, cutoff=0.4)
        hint = (f"是不是把工作表“{close[0]}”改了名？请改回“{name}”" if close
                else "工作表的名称不能改动，也不能删除；请从导出的工作簿中把它复制回来")
        problems.append(f"缺少工作表“{name}”：{hint}")
    return problems


def read_workbook(path: Path, result: ImportResult) -> list[Rec]:
    """All records of a handbook workbook (meta first); problems go to result."""
    if too_large := workbook_problem(path):
        result.problems.append(too_large)
        return []
    try:
        wb = load_workbook(path, data_only=False)
    except Exception:  # not a zip, not an xlsx, encrypted…: worded from the file, not the library's English
        result.problems.append(unreadable(path))
        return []
    if missing := _missing_sheets(wb):  # one cause, reported once: not every row that refers into the sheet
        result.problems.extend(missing)
        return []
    reader = _Reader(wb, result)
    meta = _meta(reader)
    units = _main_records(reader, L.UNITS, "units")
    positions = _main_records(reader, L.POSITIONS, "positions")
    _attach_duties(reader, positions)
    _attach_list(reader, L.POSITION_KPIS, positions, "kpis", "kpi")
    _attach_list(reader, L.TRAINING, positions, "training", "course")
    kpis = _main_records(reader, L.KPIS, "kpis")
    processes = _main_records(reader, L.PROCESSES, "processes")
    _attach_steps(reader, processes)
    courses = _main_records(reader, L.COURSES, "courses")
    if reader.lacks_required:  # one cause, reported once: not "名称不能为空" for every row of the sheet
        return []
    records = [meta] if meta else []
    for group in (units, positions, kpis, processes, courses):
        records.extend(group.values())
    return records
