"""Read Excel back into data/: the whole-handbook workbook, and the simple duty list offices keep.

Both imports work the same way:

1. read the sheet(s) into records in memory, collecting every problem with its
   cell (``岗位!C7：编制应当是整数，现在是“两个”``);
2. write the new data/ into a staging folder next to data_dir and check it with
   the project's own ``load_handbook`` (schema, references, weights, cycles…),
   mapping each diagnostic back to the sheet cell it came from;
3. only when there is no problem at all, swap the staging folder in for data_dir
   (two renames); otherwise delete it, so data_dir is never touched on error.
"""

from __future__ import annotations

import math
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import yaml
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from ..diagnostics import Report, did_you_mean
from ..load.yaml_source import YamlProblem, number_problem, parse
from ..model import ID_PATTERN, KINDS, Course, Kpi, Meta, Position, Process, Unit
from ..pipeline import load_handbook
from . import layout as L
from .xlsx_bounds import workbook_problem
from .ids import readable_id
from .yaml_update import dump, existing_records, load_tree, merge, same_meaning, without_new_defaults

ID_RE = re.compile(ID_PATTERN)
KEYED_LINE = re.compile(r"^\[([a-z0-9][a-z0-9-]*)\]\s*(.+)$", re.S)
PAIR_FIELDS = {"phases": ("id", "name"), "participants": ("role", "kind"), "branches": ("to", "label")}
PAIR_HINTS = {"phases": "阶段ID:名称", "participants": "角色ID:类型", "branches": "目标步骤ID:条件"}
TRUE_WORDS = {"是", "true", "yes", "y", "1", "√", "✓", "对"}
FALSE_WORDS = {"否", "false", "no", "n", "0", ""}
MODELS = {"units": Unit, "positions": Position, "kpis": Kpi, "processes": Process, "courses": Course}


@dataclass
class ImportResult:
    """What an import did: problems (Chinese, with sheet!cell) and the files written into data_dir."""

    problems: list[str] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)
    """Record files deleted because the workbook no longer has their records."""

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass
class Rec:
    """A record built from rows, with the cell behind each field path (for messages)."""

    kind: str
    data: dict
    anchor: tuple[str, str]  # (cell ref, label) used when nothing more precise is known
    cells: dict = field(default_factory=dict)  # field path tuple -> (cell ref, column label)

    def where(self, path: tuple) -> tuple[str, str]:
        for end in range(len(path), 0, -1):
            hit = self.cells.get(tuple(path[:end]))
            if hit:
                return hit
        return self.anchor


class _Bad(Exception):
    """A cell value that cannot be converted; the message names the column."""


# -- cell values ------------------------------------------------------------------------------

def _plain(value):
    """A cell value as str/number/bool/None: dates become YYYY-MM-DD, blank strings None."""
    if isinstance(value, str):
        value = value.strip()
        return value or None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def _text(value) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _split(text: str) -> list[str]:
    parts = text.split("\n") if "\n" in text else text.split(L.LIST_SEP)
    return [p.strip() for p in parts if p.strip()]


def _yaml_number(text: str) -> bool:
    """Whether YAML would read `text`, typed plainly in a data file, as an int or float (so the gate applies)."""
    tag = yaml.resolver.Resolver().resolve(yaml.ScalarNode, text.strip(), (True, False))
    return tag in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")


def _typed_number(col: L.Col, value):
    """Refuse a number cell whose typing would be read as another number.

    Text cells such as "010", "1:30", "0x10", "inf" or "nan" (and non-finite numbers)
    follow the same rule as numbers in data/*.yaml (`number_problem`, code yaml.number):
    they raise _Bad instead of silently becoming 10, 90, 16 or infinity.
    """
    try:
        finite = math.isfinite(float(value))  # "inf", "nan", "1e999" as text, or such a number
    except (TypeError, ValueError):
        finite = True
    if not finite:
        raise _Bad(f"{col.label}应当是具体的数值，现在是“{_text(value)[:30]}”")
    if isinstance(value, str) and _yaml_number(value) and number_problem(value, value):
        raise _Bad(f"{col.label}“{value.strip()[:30]}”不是普通的数字写法（以 0 开头的 010、1:30、0x10、inf、nan 都会被读成"
                   f"别的数或不是数字）；请写成 12 或 1.5 这样的数字")


def convert(col: L.Col, value):
    """Cell value → field value for a column kind; raises _Bad with a Chinese message."""
    if value is None:
        return None
    if col.kind in ("int", "float") and not isinstance(value, bool):
        _typed_number(col, value.rstrip("%％") if isinstance(value, str) and col.kind == "float" else value)
    if col.kind == "headcount":
        if isinstance(value, str) and value.strip() == "未定":
            return "未定"
        return convert(L.Col(col.key, col.label, kind="int"), value)
    if col.kind == "levels":
        return _levels(col, _text(value))
    if col.kind == "int":
        if isinstance(value, bool):
            raise _Bad(f"{col.label}应当是整数，现在是“{_text(value)}”")
        if isinstance(value, (int, float)) and float(value).is_integer():
            return int(value)
        if isinstance(value, str) and re.fullmatch(r"[+-]?\d+(\.0*)?", value):
            return int(float(value))
        raise _Bad(f"{col.label}应当是整数，现在是“{_text(value)}”")
    if col.kind == "float":
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            number = float(value)
        else:
            try:
                number = float(str(value).rstrip("%％"))
            except ValueError:
                raise _Bad(f"{col.label}应当是数字，现在是“{_text(value)}”") from None
        return int(number) if number.is_integer() else number
    text = _text(value)
    if col.kind == "list":
        return _split(text)
    if col.kind == "items":
        out = []
        for line in (p.strip() for p in text.split("\n")):
            match = KEYED_LINE.match(line) if line else None
            if match:
                out.append({"key": match.group(1), "text": match.group(2).strip()})
            elif line:
                out.append(line)
        return out
    if col.kind == "pairs":
        first, second = PAIR_FIELDS[col.key]
        out = []
        for part in _split(text):
            pieces = re.split(r"[:：]", part, maxsplit=1)
            if len(pieces) != 2 or not pieces[0].strip() or not pieces[1].strip():
                raise _Bad(f"{col.label}中的“{part}”应写成“{PAIR_HINTS[col.key]}”的形式（用冒号分隔）")
            pair = {first: pieces[0].strip(), second: pieces[1].strip()}
            condition = CONDITION.match(pair[second]) if col.key == "participants" else None
            if condition:
                pair[second], pair["condition"] = condition.group(1).strip(), condition.group(2).strip()
            out.append(pair)
        return out
    if col.kind == "bool":
        word = text.strip().lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise _Bad(f"{col.label}只能填“是”或留空，现在是“{text}”")
    if col.kind == "next":
        return [] if text.strip() == L.NEXT_NONE else _split(text)
    return text


CONDITION = re.compile(r"^([^（(]+)[（(](.+)[）)]$", re.S)
"""A participant kind with its condition: 审批（金额超过 5 万元）."""
LEVEL_LINE = re.compile(r"^([^:：（(]+?)\s*(?:[（(]\s*([0-9.]+)\s*分?\s*[）)])?\s*[:：]\s*(.+)$", re.S)


def _levels(col: L.Col, text: str) -> list[dict]:
    """“优（100）：全年无投诉” lines → [{name, score, description}]; raises _Bad for a line of another shape."""
    out = []
    for line in (part.strip() for part in text.split("\n")):
        if not line:
            continue
        match = LEVEL_LINE.match(line)
        if not match:
            raise _Bad(f"{col.label}中的“{line}”应写成“等级（得分）：标准”或“等级：标准”")
        level = {"name": match.group(1).strip(), "description": match.group(3).strip()}
        if match.group(2):
            score = float(match.group(2))
            level["score"] = int(score) if score.is_integer() else score
        out.append(level)
    return out


def _vocabulary(text: str):
    """A vocabulary cell back to handbook.yaml: “追加：a；b” → {add: [a, b]}, “a；b” → [a, b]."""
    if text.startswith(L.VOCAB_ADD):
        return {"add": _split(text[len(L.VOCAB_ADD):])}
    return _split(text)


def _set_path(data: dict, key: str, value) -> None:
    """Dotted keys (qualifications.skills) build nested dicts."""
    *parents, last = key.split(".")
    for part in parents:
        data = data.setdefault(part, {})
    data[last] = value


# -- reading sheets -------------------------------------------------------------------------------

@dataclass
class Row:
    number: int
    values: dict  # key -> plain value (None when blank)
    refs: dict  # key -> "sheet!C7"


class _Reader:
    def __init__(self, wb, result: ImportResult):
        self.wb, self.result = wb, result

    def problem(self, text: str) -> None:
        self.result.problems.append(text)

    def table(self, spec: L.SheetSpec, header_row: int = L.HEADER_ROW, required_sheet: bool = True) -> list[Row]:
        """Rows of a data sheet, columns mapped by the field names of the key row (or by headers)."""
        if spec.name not in self.wb.sheetnames:
            if required_sheet:
                self.problem(f"缺少工作表“{spec.name}”（应包含列：{'、'.join(c.label for c in spec.cols if c.kind != 'info')}）")
            return []
        ws = self.wb[spec.name]
        return self.rows(ws, spec.name, spec.cols, header_row)

    def rows(self, ws, sheet: str, cols: tuple[L.Col, ...], header_row: int) -> list[Row]:
        by_key = {c.key: c for c in cols}
        by_label = {c.label: c for c in cols}
        by_label.update({c.label.replace("（参考）", ""): c for c in cols})
        width = ws.max_column
        keys = [_plain(ws.cell(header_row + 1, i).value) for i in range(1, width + 1)]
        mapping: dict[int, L.Col] = {}
        if any(isinstance(k, str) and k in by_key for k in keys):
            first = header_row + 2
            for i, key in enumerate(keys, 1):
                if isinstance(key, str) and key in by_key:
                    mapping[i] = by_key[key]
        else:
            first = header_row + 1
            for i in range(1, width + 1):
                label = _plain(ws.cell(header_row, i).value)
                if isinstance(label, str) and label in by_label:
                    mapping[i] = by_label[label]
        found = {c.key for c in mapping.values()}
        for col in cols:
            if col.required and col.key not in found:
                self.problem(f"{sheet}：缺少列“{col.label}”（字段名 {col.key}）")
        for i in range(1, width + 1):
            label = _plain(ws.cell(header_row, i).value)
            if i not in mapping and label is not None:
                self.result.warnings.append(f"{sheet}!{get_column_letter(i)}{header_row}：不认识的列“{_text(label)}”，已忽略")
        out = []
        for number, cells in enumerate(ws.iter_rows(min_row=first, max_col=width), first):
            values, refs, filled = {}, {}, False
            for i, col in mapping.items():
                cell = cells[i - 1]
                ref = f"{sheet}!{get_column_letter(i)}{number}"
                refs[col.key] = ref
                value = _plain(cell.value)
                if cell.data_type == "f":
                    self.problem(f"{ref}：{col.label}不能是公式（{_text(cell.value)[:30]}），请直接填写内容")
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
            except _Bad as bad:
                self.problem(f"{row.refs[col.key]}：{bad}")
                continue
            if value is not None and (value != [] or col.kind == "next"):  # next: [] means "nothing follows"
                out[col.key] = value
        return out


def _cells(row: Row, spec: L.SheetSpec, prefix: tuple = ()) -> dict:
    cells = {}
    for key, ref in row.refs.items():
        col = spec.col(key)
        if col.kind != "info":
            cells[prefix + tuple(key.split("."))] = (ref, col.label)
    return cells


# -- the whole-handbook workbook --------------------------------------------------------------------

def _main_records(reader: _Reader, spec: L.SheetSpec, kind: str) -> dict[str, Rec]:
    records: dict[str, Rec] = {}
    first_row: dict[str, int] = {}
    id_col = spec.col("id")
    for row in reader.table(spec):
        rid = row.values.get("id")
        if rid is None:
            reader.problem(f"{row.refs.get('id', f'{spec.name}!第{row.number}行')}：{id_col.label}不能为空（必填）")
            continue
        rid = _text(rid)
        if rid in first_row:
            reader.problem(f"{row.refs['id']}：{id_col.label}“{rid}”与第 {first_row[rid]} 行重复")
            continue
        first_row[rid] = row.number
        data = {}
        for key, value in reader.convert_row(row, spec.cols).items():
            _set_path(data, key, value)
        data["id"] = rid
        records[rid] = Rec(kind, data, (row.refs["id"], id_col.label), _cells(row, spec))
    return records


def _owner(reader: _Reader, row: Row, spec: L.SheetSpec, key: str, records: dict[str, Rec], what: str) -> Rec | None:
    value = row.values.get(key)
    ref = row.refs.get(key, f"{spec.name}!第{row.number}行")
    if value is None:
        reader.problem(f"{ref}：{spec.col(key).label}不能为空（必填）")
        return None
    rec = records.get(_text(value))
    if rec is None:
        hint = did_you_mean(_text(value), {rid: r.data.get("name", rid) for rid, r in records.items()})
        reader.problem(f"{ref}：找不到{what}“{_text(value)}”（“{what}”表中没有这个ID）" + (f"。{hint}" if hint else ""))
    return rec


def _attach_duties(reader: _Reader, positions: dict[str, Rec]) -> None:
    grouped: dict[tuple[str, str], list] = {}
    for row in reader.table(L.DUTIES):
        rec = _owner(reader, row, L.DUTIES, "position", positions, "岗位")
        kind_label = row.values.get("type")
        kind_label = _text(kind_label) if kind_label is not None else None
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
    for row in reader.table(spec):
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
    grouped: dict[str, list] = {}
    for row in reader.table(L.STEPS):
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
    if L.META_SHEET not in reader.wb.sheetnames:
        reader.problem(f"缺少工作表“{L.META_SHEET}”（手册标题、组织名称和发布记录）")
        return None
    ws = reader.wb[L.META_SHEET]
    labels = dict((label, key) for key, label in L.META_FIELDS)
    data, cells, release_head = {}, {}, None
    for r in range(1, ws.max_row + 1):
        first = _plain(ws.cell(r, 1).value)
        key = _plain(ws.cell(r, 3).value)
        key = key if key in labels.values() else labels.get(first)
        if key:
            ref = f"{L.META_SHEET}!B{r}"
            cells[(key,)] = (ref, dict(L.META_FIELDS)[key])
            value = _plain(ws.cell(r, 2).value)
            if value is not None and key.startswith("vocabularies."):
                _set_path(data, key, _vocabulary(_text(value)))
            elif value is not None:
                data[key] = _text(value)
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


def read_workbook(path: Path, result: ImportResult) -> list[Rec]:
    """All records of a handbook workbook (meta first); problems go to result."""
    if too_large := workbook_problem(path):
        result.problems.append(too_large)
        return []
    try:
        wb = load_workbook(path, data_only=False)
    except Exception as exc:  # not a zip, not an xlsx, encrypted…
        result.problems.append(f"无法打开工作簿 {Path(path).name}：{exc}")
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
    records = [meta] if meta else []
    for group in (units, positions, kpis, processes, courses):
        records.extend(group.values())
    return records


def import_workbook(path: Path, data_dir: Path) -> ImportResult:
    """Bring data_dir in line with a workbook laid out like handbook_xlsx, changing only what changed.

    The workbook is the whole source for units/positions/kpis/processes/courses and
    handbook.yaml: a record whose meaning differs is merged into its own file (comments
    and layout kept, see yaml_update), a new record gets a new file, a record the workbook
    lacks is removed. Unchanged records' files are not touched; other entries of data_dir
    (synonyms.yaml…) are kept. Nothing is written unless the whole import is valid.
    """
    result = ImportResult()
    try:
        _import_workbook(Path(path), Path(data_dir), result)
    finally:
        result.problems = sort_problems(result.problems)
    return result


def _import_workbook(path: Path, data_dir: Path, result: ImportResult) -> None:
    """Stage a copy of data_dir, change in it only the records whose meaning differs from the workbook
    (merged with ruamel.yaml so comments and layout stay), add new records, remove records the workbook
    no longer has; check the staged project; swap it in only when something changed and all is valid."""
    records = read_workbook(Path(path), result)
    data_dir = Path(data_dir)
    existing = existing_records(data_dir, tuple(KINDS)) if data_dir.is_dir() else {}
    with _Staging(data_dir) as staging:
        if data_dir.is_dir():
            shutil.rmtree(staging.data)
            shutil.copytree(data_dir, staging.data, symlinks=True)
        files: dict[str, Rec | None] = {}
        changed: dict[Path, object] = {}  # staged file → its edited tree
        seen: set[tuple[str, str]] = set()
        for n, rec in enumerate(records):
            data = _ordered(rec.kind, rec.data)
            if rec.kind == "meta":
                target = staging.data / "handbook.yaml"
                old = load_tree(target)
                if old is None or not same_meaning(Meta, old, data):
                    changed[target] = merge(old, without_new_defaults(Meta, old, data)) if isinstance(old, dict) else data
                files["data/handbook.yaml"] = rec
                continue
            key = (rec.kind, rec.data.get("id"))
            known = existing.get(key) if key not in seen else None
            seen.add(key)
            if known is None:
                rel = staging.write_record(rec, n)
                changed[staging.root / rel] = None  # already written
                files[rel] = rec
                continue
            staged = staging.data / known.path.relative_to(data_dir)
            rel = staged.relative_to(staging.root).as_posix()
            files[rel] = rec if known.index is None else None  # a list file: messages name the file
            if not same_meaning(MODELS[rec.kind], known.node, data):
                data = without_new_defaults(MODELS[rec.kind], known.node, data)
                if known.index is None:
                    changed[staged] = merge(known.tree, data)
                else:
                    known.tree[known.index] = merge(known.tree[known.index], data)
                    changed[staged] = known.tree
        removed = _remove_missing(existing, seen, data_dir, staging, changed)
        for target, tree in changed.items():
            if tree is not None:
                target.write_text(dump(tree), encoding="utf-8")
        staging.check(files, result)
        if not result.problems and (changed or removed):
            staging.commit(result, sorted(t.relative_to(staging.root).as_posix() for t in changed if t.exists()))
            result.removed = [data_dir / p.relative_to(staging.data) for p in removed]


def _remove_missing(existing: dict, seen: set, data_dir: Path, staging, changed: dict) -> list[Path]:
    """Records in data_dir that the workbook no longer has: their files go (a list file loses the item).
    Returns the staged files removed."""
    removed: list[Path] = []
    drop: dict[Path, list] = {}
    for key, known in existing.items():
        if key in seen:
            continue
        staged = staging.data / known.path.relative_to(data_dir)
        if known.index is None:
            staged.unlink(missing_ok=True)
            removed.append(staged)
        else:
            drop.setdefault(staged, [known.tree, []])[1].append(known.index)
    for staged, (tree, indexes) in drop.items():
        for index in sorted(indexes, reverse=True):
            del tree[index]
        changed[staged] = tree
    return removed


# -- staging, validation and the swap ----------------------------------------------------------------

def _copy(src: Path, dst: Path) -> None:
    if src.is_dir():
        shutil.copytree(src, dst, symlinks=True)
    else:
        shutil.copy2(src, dst)


def _dump(data) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=False, width=4096)


def _ordered(kind: str, data: dict) -> dict:
    model = MODELS.get(kind) or (Meta if kind == "meta" else None)
    if model is None:
        return data
    order = list(model.model_fields)
    return dict(sorted(data.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else len(order)))


class _Staging:
    """A folder beside data_dir holding the new data/ (and a link to content/) until the swap."""

    def __init__(self, data_dir: Path):
        self.data_dir = data_dir

    def __enter__(self):
        parent = self.data_dir.parent
        parent.mkdir(parents=True, exist_ok=True)
        self.root = Path(tempfile.mkdtemp(prefix=".handbook-import-", dir=parent))
        self.data = self.root / "data"
        self.data.mkdir()
        content = self.data_dir.parent / "content"
        self.has_content = content.is_dir()
        if self.has_content:
            (self.root / "content").symlink_to(content.resolve(), target_is_directory=True)
        return self

    def __exit__(self, *exc):
        link = self.root / "content"
        if link.is_symlink():
            link.unlink()
        shutil.rmtree(self.root, ignore_errors=True)

    def write_record(self, rec: Rec, n: int) -> str:
        """Write one record; returns its path relative to the staging root ("data/units/x.yaml")."""
        if rec.kind == "meta":
            rel = "data/handbook.yaml"
        else:
            rid = rec.data.get("id", "")
            name = rid if isinstance(rid, str) and ID_RE.match(rid) and len(rid) <= 64 else f"_record-{n}"
            rel = f"data/{rec.kind}/{name}.yaml"
        target = self.root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(_dump(_ordered(rec.kind, rec.data)), encoding="utf-8")
        return rel

    def stub_chapters(self, files: dict, result: ImportResult) -> None:
        """Without content/, policy references cannot be checked: stand-in chapters keep them valid."""
        wanted = {p for rec in files.values() if rec and rec.kind == "processes"
                  for p in rec.data.get("policies", []) if isinstance(p, str) and ID_RE.match(p)}
        if not wanted:
            return
        folder = self.root / "content"
        folder.mkdir(exist_ok=True)
        for pid in sorted(wanted):
            (folder / f"{pid}.md").write_text(f"# {pid}\n", encoding="utf-8")
        result.warnings.append(f"没有找到 content/ 目录，未检查“相关制度章节ID”：{'、'.join(sorted(wanted))}")

    def check(self, files: dict, result: ImportResult) -> None:
        if not self.has_content:
            self.stub_chapters(files, result)
        report = project_report(self.root)
        located = {}
        for rel in files:
            try:
                located[rel] = parse((self.root / rel).read_text(encoding="utf-8"))
            except YamlProblem:  # pragma: no cover - we wrote it ourselves
                located[rel] = None
        for diag in report.sorted():
            text = _map(diag, files, located)
            (result.problems if diag.severity == "error" else result.warnings).append(text)

    def commit(self, result: ImportResult, rels: list[str]) -> None:
        """Swap the staged data/ in for data_dir with two renames; restore on failure."""
        backup = self.root / "previous-data"
        had_old = self.data_dir.exists() or self.data_dir.is_symlink()
        if had_old:
            os.replace(self.data_dir, backup)
        try:
            os.replace(self.data, self.data_dir)
        except OSError:
            if had_old:
                os.replace(backup, self.data_dir)
            raise
        result.written = [self.data_dir / Path(rel).relative_to("data") for rel in rels]


def project_report(root: Path) -> Report:
    """Every problem of the imported project at once: load_handbook keeps going after schema errors,
    runs the reference checks on every record that validated, and leaves out references to records
    whose own problems were already reported."""
    return load_handbook(root)[1]


FIELD_TOKEN = re.compile(r"([A-Za-z_]+)|\[(\d+)\]")


def _field_path(text: str) -> tuple:
    text = re.sub(r"（.*?）$", "", text or "").strip()
    path = []
    for name, index in FIELD_TOKEN.findall(text):
        path.append(name if name else int(index) - 1)
    return tuple(path)


def _line_path(located, line: int) -> tuple | None:
    if located is None or not line:
        return None
    paths = [p for p, ln in located.lines.items() if ln == line]
    return max(paths, key=len) if paths else None


MESSAGE_STARTS = ("应当", "只能", "不能", "格式", "太长", "取值")
CELL_REF = re.compile(r"^(.+?)!([A-Z]+)(\d+)")


def sort_problems(problems: list[str]) -> list[str]:
    """Workbook order: sheet (as in the export), then row, then column; others keep their place at the end."""
    order = {name: i for i, name in enumerate(L.SHEET_ORDER)}

    def key(item):
        index, text = item
        match = CELL_REF.match(text)
        if not match:
            return (len(order) + 1, 0, 0, index)
        sheet, col, row = match.groups()
        return (order.get(sheet, len(order)), int(row), len(col), col, index)

    return [text for _, text in sorted(enumerate(problems), key=key)]


def _map(diag, files: dict, located: dict) -> str:
    rec = files.get(diag.file)
    if rec is None:
        return f"现有数据 {diag.format()}"
    # the diagnostic's field path as data; the text of `field` and the line are fallbacks for older diagnostics
    path = tuple(diag.path) or _field_path(diag.field) or _line_path(located.get(diag.file), diag.line) or ()
    ref, label = rec.where(path)
    message = diag.message
    if diag.code == "schema.missing":
        return f"{ref}：{label}不能为空（必填）"
    if message.startswith("标识") and label.endswith("ID"):
        message = message[2:]
    if message.startswith(MESSAGE_STARTS):
        return f"{ref}：{label}{message}"
    return f"{ref}（{label}）：{message}"


# -- the simple duty list ----------------------------------------------------------------------------

SIMPLE_COLUMNS = {
    "unit": ("部门", "部门名称", "所属部门"),
    "position": ("岗位", "岗位名称"),
    "duties": ("职责", "岗位职责", "工作职责", "职责内容"),
    "authorities": ("权限", "岗位权限"),
    "accountabilities": ("责任", "岗位责任"),
    "headcount": ("编制", "编制人数", "人数"),
    "reports_to": ("上级岗位", "直接上级", "上级"),
}
SIMPLE_LABEL = {key: names[0] for key, names in SIMPLE_COLUMNS.items()}
NUMBERING = re.compile(r"^\s*(?:\d+[、.．)）]|[（(]\d+[)）]|[一二三四五六七八九十]+[、.．]|[•·\-*])\s*")


def _lines(text: str) -> list[str]:
    """A duty cell may hold several numbered lines ("1、…\\n2、…"): one item each, numbering removed."""
    out = []
    for line in str(text).split("\n"):
        line = NUMBERING.sub("", line.strip()).strip()
        if line:
            out.append(line)
    return out


def _existing(data_dir: Path, kind: str) -> list[tuple[Path, int | None, dict]]:
    """(file, index in a list file or None, record) of existing YAML records of a kind."""
    out = []
    folder = data_dir / kind
    if not folder.is_dir():
        return out
    for path in sorted(folder.rglob("*.y*ml")):
        try:
            value = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (yaml.YAMLError, UnicodeDecodeError, OSError):
            continue  # the project check reports it
        if isinstance(value, dict):
            out.append((path, None, value))
        elif isinstance(value, list):
            out.extend((path, i, v) for i, v in enumerate(value) if isinstance(v, dict))
    return out


def import_simple_duties(path: Path, data_dir: Path) -> ImportResult:
    """Add the units and positions of a simple duty list (部门, 岗位, 职责 …) to data_dir.

    Layout: the first sheet; a header row within the first 10 rows with at least
    部门, 岗位, 职责 (optional 权限, 责任, 编制, 上级岗位); one duty per row (a cell may
    hold several numbered lines). Blank 部门/岗位 cells repeat the value above
    (merged cells read this way). Rows of the same 部门+岗位 merge into one position.

    Units and positions whose name already exists in data_dir keep their id and
    other fields; only the columns present in the sheet replace their values, merged into
    the existing file so its comments and layout stay (files with nothing new are not touched).
    New ids are the pinyin of the name (商务助理 → shangwu-zhuli, see ids.readable_id); a name whose
    id is taken gets its unit's pinyin in front, then a number (shichangbu-shangwu-zhuli, shangwu-zhuli-2).
    Nothing is written unless the whole resulting project is valid.
    """
    result = ImportResult()
    try:
        _import_simple(Path(path), Path(data_dir), result)
    finally:
        result.problems = sort_problems(result.problems)
    return result


def _import_simple(path: Path, data_dir: Path, result: ImportResult) -> None:
    if too_large := workbook_problem(path):
        result.problems.append(too_large)
        return
    try:
        wb = load_workbook(path, data_only=True)
    except Exception as exc:
        result.problems.append(f"无法打开工作簿 {Path(path).name}：{exc}")
        return
    ws = wb.worksheets[0]
    sheet = ws.title
    header, columns = None, {}
    for r in range(1, min(ws.max_row, 10) + 1):
        labels = {_plain(ws.cell(r, c).value): c for c in range(1, ws.max_column + 1)}
        found = {key: labels[name] for key, names in SIMPLE_COLUMNS.items() for name in names if name in labels}
        if {"unit", "position", "duties"} <= set(found):
            header, columns = r, found
            break
    if header is None:
        result.problems.append(f"{sheet}：前 10 行中找不到表头，至少需要“部门”“岗位”“职责”三列")
        return

    def ref(key, r):
        return f"{sheet}!{get_column_letter(columns[key])}{r}"

    positions: dict[tuple[str, str], dict] = {}
    last_unit = last_pos = None
    for r in range(header + 1, ws.max_row + 1):
        values = {key: _plain(ws.cell(r, c).value) for key, c in columns.items()}
        content = [values.get(k) for k in ("duties", "authorities", "accountabilities", "headcount", "reports_to")]
        if all(v is None for v in values.values()):
            continue
        if values["position"] is None and all(v is None for v in content):
            last_unit, last_pos = _text(values["unit"]), None  # a row naming only the department
            continue
        unit = _text(values["unit"]) if values["unit"] is not None else last_unit
        pos = _text(values["position"]) if values["position"] is not None else (last_pos if values["unit"] is None else None)
        if unit is None:
            result.problems.append(f"{ref('unit', r)}：部门不能为空")
            continue
        if pos is None:
            result.problems.append(f"{ref('position', r)}：岗位不能为空")
            continue
        last_unit, last_pos = unit, pos
        entry = positions.setdefault((unit, pos), {"row": r, "unit": unit, "name": pos, "lists": {}, "cells": {}})
        entry["cells"].setdefault(("name",), (ref("position", r), "岗位"))
        entry["cells"].setdefault(("unit",), (ref("unit", r), "部门"))
        for key in ("duties", "authorities", "accountabilities"):
            if key in columns:
                items = entry["lists"].setdefault(key, [])
                for line in _lines(values[key]) if values[key] is not None else []:
                    entry["cells"][(key, len(items))] = (ref(key, r), SIMPLE_LABEL[key])
                    items.append(line)
        if values.get("headcount") is not None:
            try:
                count = convert(L.Col("headcount", "编制", kind="headcount"), values["headcount"])
            except _Bad as bad:
                result.problems.append(f"{ref('headcount', r)}：{bad}")
            else:
                if entry.get("headcount") not in (None, count):
                    result.problems.append(f"{ref('headcount', r)}：同一岗位的编制前后不一致（第 {entry['headcount_row']} 行是 "
                                           f"{entry['headcount']}，这里是 {count}）")
                else:
                    entry["headcount"], entry["headcount_row"] = count, r
                    entry["cells"][("headcount",)] = (ref("headcount", r), "编制")
        if values.get("reports_to") is not None:
            boss = _text(values["reports_to"])
            if entry.get("boss") not in (None, boss):
                result.problems.append(f"{ref('reports_to', r)}：同一岗位的上级岗位前后不一致（“{entry['boss']}”和“{boss}”）")
            else:
                entry["boss"] = boss
                entry["cells"][("reports_to",)] = (ref("reports_to", r), "上级岗位")

    old_units = _existing(data_dir, "units")
    old_positions = _existing(data_dir, "positions")
    taken = {rec.get("id") for kind in KINDS for _, _, rec in _existing(data_dir, kind) if isinstance(rec.get("id"), str)}
    unit_ids = {}
    for _, _, rec in old_units:
        unit_ids.setdefault(rec.get("name"), rec.get("id"))
    for unit in dict.fromkeys(u for u, _ in positions):
        if unit not in unit_ids:
            unit_ids[unit] = readable_id(unit, taken, "unit")
    old_by_key = {(rec.get("unit"), rec.get("name")): (file, index, rec) for file, index, rec in old_positions}
    pos_ids = {}
    for key in positions:
        old_id = old_by_key.get((unit_ids[key[0]], key[1]), (None, None, {}))[2].get("id")
        pos_ids[key] = old_id or readable_id(key[1], taken, "pos", context=key[0])
    names: dict[str, list[tuple[str, str]]] = {}  # position name -> [(unit id, position id)]
    for _, _, rec in old_positions:
        names.setdefault(rec.get("name"), []).append((rec.get("unit"), rec.get("id")))
    for (unit, pos), pid in pos_ids.items():
        pairs = names.setdefault(pos, [])
        if (unit_ids[unit], pid) not in pairs:
            pairs.append((unit_ids[unit], pid))
    unit_names = {uid: name for name, uid in unit_ids.items()}

    def boss_id(entry) -> str | None:
        text = entry["boss"]
        if "/" in text:  # 部门/岗位
            unit, _, pos = text.partition("/")
            pid = pos_ids.get((unit.strip(), pos.strip()))
            if pid:
                return pid
            candidates = [p for u, p in names.get(pos.strip(), []) if unit_names.get(u) == unit.strip()]
        else:
            candidates = [p for _, p in names.get(text, [])]
            if len(candidates) > 1:
                same = [p for u, p in names.get(text, []) if u == unit_ids[entry["unit"]]]
                candidates = same if len(same) == 1 else candidates
        cell = entry["cells"][("reports_to",)][0]
        if len(candidates) == 1:
            return candidates[0]
        if not candidates:
            hint = did_you_mean(text, {n: n for n in names})
            result.problems.append(f"{cell}：找不到上级岗位“{text}”。{hint}".rstrip("。"))
        else:
            where = "、".join(f"{unit_names.get(u, u)}/{text}" for u, _ in names[text])
            result.problems.append(f"{cell}：有多个名为“{text}”的岗位（{where}），请写成“部门/岗位”")
        return None

    with _Staging(data_dir) as staging:
        if data_dir.is_dir():
            shutil.rmtree(staging.data)
            shutil.copytree(data_dir, staging.data, symlinks=True)
        changed: dict[Path, object] = {}  # staged file -> new content (dict or list)
        files: dict[str, Rec | None] = {}
        made_meta = not (staging.data / "handbook.yaml").exists()
        if made_meta:
            meta = {"title": f"{Path(path).stem}岗位职责", "organization": "（请填写组织名称）"}
            changed[staging.data / "handbook.yaml"] = meta
        known_units = {rec.get("id") for _, _, rec in old_units}
        for unit, uid in unit_ids.items():
            if uid not in known_units and any(u == unit for u, _ in positions):
                first = min(e["row"] for (u, _), e in positions.items() if u == unit)
                data = {"id": uid, "name": unit, "kind": "部门"}
                target = staging.data / "units" / f"{uid}.yaml"
                changed[target] = data
                files[f"data/units/{uid}.yaml"] = Rec("units", data, (ref("unit", first), "部门"),
                                                      {("name",): (ref("unit", first), "部门")})
        for key, entry in positions.items():
            pid = pos_ids[key]
            file, index, old = old_by_key.get((unit_ids[key[0]], key[1]), (None, None, None))
            data = dict(old) if old else {"id": pid, "name": key[1], "unit": unit_ids[key[0]]}
            for fieldname, items in entry["lists"].items():
                if items:
                    data[fieldname] = items
                else:
                    data.pop(fieldname, None)
            if "headcount" in entry:
                data["headcount"] = entry["headcount"]
            if "boss" in entry:
                boss = boss_id(entry)
                if boss:
                    data["reports_to"] = boss
            data = _ordered("positions", data)
            rec = Rec("positions", data, entry["cells"][("name",)], entry["cells"])
            if file is None:
                target = staging.data / "positions" / f"{pid}.yaml"
                changed[target] = data
            else:
                target = staging.data / file.relative_to(data_dir)
                if index is None:
                    changed[target] = data
                else:
                    whole = changed.get(target) or yaml.safe_load(target.read_text(encoding="utf-8"))
                    whole[index] = data
                    changed[target] = whole
            files[target.relative_to(staging.root).as_posix()] = rec if index is None else None
        for target, content in list(changed.items()):
            old = load_tree(target) if target.exists() else None
            if old is None:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(_dump(content), encoding="utf-8")
            elif same_meaning(None, old, content):
                del changed[target]  # nothing new for this file: leave it as the editor wrote it
            else:  # an existing file: merge, keeping its comments and layout
                target.write_text(dump(merge(old, content)), encoding="utf-8")
        if result.problems:
            return
        staging.check(files, result)
        if not result.problems and changed:
            rels = sorted(t.relative_to(staging.root).as_posix() for t in changed)
            staging.commit(result, rels)
            if made_meta and not result.problems and (data_dir / "handbook.yaml").exists():  # said once really written
                result.warnings.append("data/handbook.yaml 不存在，已生成默认的手册信息，请补充手册标题和组织名称")
