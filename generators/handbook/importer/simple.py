"""The simple duty list offices keep (部门, 岗位, 职责 …, one duty per row) → units and positions in data/.

Reading (`_read_list`) collects one entry per 部门+岗位 with the cell behind each field; `_Ids` gives every
unit and position an id (the existing one, or a readable pinyin id); `_stage` merges the entries into a
staged copy of data/ (see staging.py), which is checked and swapped in only when the whole project is valid.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from ..diagnostics import did_you_mean
from ..exports import layout as L
from ..load.input_files import read_input
from ..load.yaml_source import YamlProblem, decode, parse
from ..model import KINDS
from .bounds import unreadable, workbook_problem
from .cells import BadCell, convert, plain, text
from .ids import readable_id
from .result import ImportResult, Rec, sort_problems
from .staging import Staging, ordered, plain_yaml
from .yaml_update import dump, load_tree, merge, same_meaning

SIMPLE_COLUMNS = {
    "unit": ("部门", "部门名称", "所属部门"),
    "position": ("岗位", "岗位名称"),
    "duties": ("职责", "岗位职责", "工作职责", "职责内容"),
    "authorities": ("权限", "岗位权限"),
    "accountabilities": ("责任", "岗位责任"),
    "headcount": ("编制", "编制人数", "人数"),
    "reports_to": ("上级岗位", "直接上级", "上级"),
}
"""Field → the headers a list may use for it; the first is the one messages show."""
SIMPLE_LABEL = {key: names[0] for key, names in SIMPLE_COLUMNS.items()}
LIST_FIELDS = ("duties", "authorities", "accountabilities")
CONTENT_FIELDS = LIST_FIELDS + ("headcount", "reports_to")
HEADER_ROWS = 10
NUMBERING = re.compile(r"^\s*(?:\d+[、.．)）]|[（(]\d+[)）]|[一二三四五六七八九十]+[、.．]|[•·\-*])\s*")


def import_simple_duties(path: Path, data_dir: Path) -> ImportResult:
    """Add the units and positions of a simple duty list (部门, 岗位, 职责 …) to data_dir.

    Layout: the first sheet; a header row within the first 10 rows with at least
    部门, 岗位, 职责 (optional 权限, 责任, 编制, 上级岗位); one duty per row (a cell may
    hold several numbered lines). Blank 部门/岗位 cells repeat the value above
    (merged cells read this way). Rows of the same 部门+岗位 merge into one position.

    Units and positions whose name already exists in data_dir keep their id and
    other fields; only the columns present in the sheet and filled for the position replace their values (a
    column left blank for a position keeps what the position had), merged into
    the existing file so its comments and layout stay (files with nothing new are not touched).
    New ids are the pinyin of the name (商务助理 → shangwu-zhuli, see ids.readable_id); a name whose
    id is taken gets its unit's pinyin in front, then a number (shichangbu-shangwu-zhuli, shangwu-zhuli-2).
    Nothing is written unless the whole resulting project is valid. Raises nothing for bad input.
    """
    result = ImportResult()
    try:
        sheet = _read_list(Path(path), result)
        if sheet is not None:
            _stage(Path(path), Path(data_dir), sheet, result)
    finally:
        result.problems = sort_problems(result.problems)
    return result


# -- reading the list -------------------------------------------------------------------------------

@dataclass
class Entry:
    """One position of the list: all rows of the same 部门+岗位."""

    row: int
    unit: str
    name: str
    lists: dict = field(default_factory=dict)  # duties/authorities/accountabilities → [text]
    cells: dict = field(default_factory=dict)  # field path → (cell ref, column label)
    headcount: object = None
    headcount_row: int = 0
    boss: str | None = None


@dataclass
class _Sheet:
    name: str
    columns: dict  # field → column number
    entries: dict  # (unit name, position name) → Entry

    def ref(self, key: str, row: int) -> str:
        return f"{self.name}!{get_column_letter(self.columns[key])}{row}"


def _lines(value) -> list[str]:
    """A duty cell may hold several numbered lines ("1、…\\n2、…"): one item each, numbering removed."""
    out = []
    for line in str(value).split("\n"):
        line = NUMBERING.sub("", line.strip()).strip()
        if line:
            out.append(line)
    return out


def _header(ws) -> tuple[int | None, dict]:
    """(row, field → column) of the first row within HEADER_ROWS naming 部门, 岗位 and 职责; (None, {}) if none."""
    for r in range(1, min(ws.max_row, HEADER_ROWS) + 1):
        labels = {plain(ws.cell(r, c).value): c for c in range(1, ws.max_column + 1)}
        found = {key: labels[name] for key, names in SIMPLE_COLUMNS.items() for name in names if name in labels}
        if {"unit", "position", "duties"} <= set(found):
            return r, found
    return None, {}


def _read_list(path: Path, result: ImportResult) -> _Sheet | None:
    """The list's entries, or None when the file cannot be read at all; row problems go to `result`."""
    if too_large := workbook_problem(path):
        result.problems.append(too_large)
        return None
    try:
        ws = load_workbook(path, data_only=True).worksheets[0]
    except Exception:  # not a zip, not an xlsx, encrypted…: worded from the file, not the library's English
        result.problems.append(unreadable(path))
        return None
    header, columns = _header(ws)
    if header is None:
        result.problems.append(f"{ws.title}：前 {HEADER_ROWS} 行中找不到表头，至少需要“部门”“岗位”“职责”三列")
        return None
    sheet = _Sheet(ws.title, columns, {})
    last_unit = last_pos = None
    for r in range(header + 1, ws.max_row + 1):
        values = {key: plain(ws.cell(r, c).value) for key, c in columns.items()}
        if all(v is None for v in values.values()):
            continue
        if values["position"] is None and all(values.get(k) is None for k in CONTENT_FIELDS):
            last_unit, last_pos = text(values["unit"]), None  # a row naming only the department
            continue
        unit = text(values["unit"]) if values["unit"] is not None else last_unit
        pos = text(values["position"]) if values["position"] is not None else (last_pos if values["unit"] is None else None)
        if unit is None:
            result.problems.append(f"{sheet.ref('unit', r)}：部门不能为空")
            continue
        if pos is None:
            result.problems.append(f"{sheet.ref('position', r)}：岗位不能为空")
            continue
        last_unit, last_pos = unit, pos
        _add_row(sheet, r, values, sheet.entries.setdefault((unit, pos), Entry(r, unit, pos)), result)
    return sheet


def _add_row(sheet: _Sheet, r: int, values: dict, entry: Entry, result: ImportResult) -> None:
    """One row's duties, headcount and superior into its position's entry."""
    entry.cells.setdefault(("name",), (sheet.ref("position", r), "岗位"))
    entry.cells.setdefault(("unit",), (sheet.ref("unit", r), "部门"))
    for key in LIST_FIELDS:
        if key in sheet.columns:
            items = entry.lists.setdefault(key, [])
            for line in _lines(values[key]) if values[key] is not None else []:
                entry.cells[(key, len(items))] = (sheet.ref(key, r), SIMPLE_LABEL[key])
                items.append(line)
    if values.get("headcount") is not None:
        _add_headcount(sheet, r, values["headcount"], entry, result)
    if values.get("reports_to") is not None:
        boss = text(values["reports_to"])
        if entry.boss not in (None, boss):
            result.problems.append(f"{sheet.ref('reports_to', r)}：同一岗位的上级岗位前后不一致（“{entry.boss}”和“{boss}”）")
        else:
            entry.boss = boss
            entry.cells[("reports_to",)] = (sheet.ref("reports_to", r), "上级岗位")


def _add_headcount(sheet: _Sheet, r: int, value, entry: Entry, result: ImportResult) -> None:
    ref = sheet.ref("headcount", r)
    try:
        count = convert(L.Col("headcount", "编制", kind="headcount"), value)
    except BadCell as bad:
        result.problems.append(f"{ref}：{bad}")
        return
    if entry.headcount not in (None, count):
        result.problems.append(f"{ref}：同一岗位的编制前后不一致（第 {entry.headcount_row} 行是 {entry.headcount}，这里是 {count}）")
    else:
        entry.headcount, entry.headcount_row = count, r
        entry.cells[("headcount",)] = (ref, "编制")


# -- ids: existing ones kept, new ones readable ------------------------------------------------------

@dataclass(frozen=True)
class Found:
    """A record already in data_dir, read with the project's loader."""

    file: Path
    index: int | None  # its place in a file holding a list of records, else None
    data: dict
    whole: object  # the file's whole value (the list, for a list file)


def _existing(data_dir: Path, kind: str) -> list[Found]:
    """The records of a kind in data_dir, read with the project's safe loader; files that do not read
    are skipped here (the project check reports them)."""
    out = []
    folder = data_dir / kind
    if not folder.is_dir():
        return out
    for path in sorted(folder.rglob("*.y*ml")):
        try:
            value = parse(decode(read_input(path, data_dir.parent))).value
        except (YamlProblem, OSError):
            continue
        if isinstance(value, dict):
            out.append(Found(path, None, value, value))
        elif isinstance(value, list):
            out.extend(Found(path, i, v, value) for i, v in enumerate(value) if isinstance(v, dict))
    return out


class _Ids:
    """The id of every unit and position of the list, and the names superiors may be written as."""

    def __init__(self, data_dir: Path, entries: dict):
        self.old_units = _existing(data_dir, "units")
        old_positions = _existing(data_dir, "positions")
        taken = {f.data.get("id") for kind in KINDS for f in _existing(data_dir, kind) if isinstance(f.data.get("id"), str)}
        self.units: dict[str, str] = {}  # unit name → id
        for found in self.old_units:
            self.units.setdefault(found.data.get("name"), found.data.get("id"))
        for unit in dict.fromkeys(u for u, _ in entries):
            if unit not in self.units:
                self.units[unit] = readable_id(unit, taken, "unit")
        self.old = {(f.data.get("unit"), f.data.get("name")): f for f in old_positions}
        self.positions: dict[tuple[str, str], str] = {}
        for key in entries:
            found = self.old.get((self.units[key[0]], key[1]))
            self.positions[key] = (found.data.get("id") if found else None) or readable_id(key[1], taken, "pos", context=key[0])
        self.names: dict[str, list[tuple[str, str]]] = {}  # position name → [(unit id, position id)]
        for found in old_positions:
            self.names.setdefault(found.data.get("name"), []).append((found.data.get("unit"), found.data.get("id")))
        for (unit, pos), pid in self.positions.items():
            pairs = self.names.setdefault(pos, [])
            if (self.units[unit], pid) not in pairs:
                pairs.append((self.units[unit], pid))
        self.unit_names = {uid: name for name, uid in self.units.items()}

    def boss(self, entry: Entry, result: ImportResult) -> str | None:
        """The id of the entry's superior (written as 岗位 or 部门/岗位); a problem at its cell when none or several match."""
        wanted = entry.boss
        if "/" in wanted:  # 部门/岗位
            unit, _, pos = wanted.partition("/")
            pid = self.positions.get((unit.strip(), pos.strip()))
            if pid:
                return pid
            candidates = [p for u, p in self.names.get(pos.strip(), []) if self.unit_names.get(u) == unit.strip()]
        else:
            candidates = [p for _, p in self.names.get(wanted, [])]
            if len(candidates) > 1:
                same = [p for u, p in self.names.get(wanted, []) if u == self.units[entry.unit]]
                candidates = same if len(same) == 1 else candidates
        if len(candidates) == 1:
            return candidates[0]
        cell = entry.cells[("reports_to",)][0]
        if not candidates:
            hint = did_you_mean(wanted, {n: n for n in self.names})
            result.problems.append(f"{cell}：找不到上级岗位“{wanted}”。{hint}".rstrip("。"))
        else:
            where = "、".join(f"{self.unit_names.get(u, u)}/{wanted}" for u, _ in self.names[wanted])
            result.problems.append(f"{cell}：有多个名为“{wanted}”的岗位（{where}），请写成“部门/岗位”")
        return None


# -- staging -----------------------------------------------------------------------------------------

def _stage(path: Path, data_dir: Path, sheet: _Sheet, result: ImportResult) -> None:
    """Merge the entries into a staged copy of data_dir; check it; swap it in when valid and changed."""
    ids = _Ids(data_dir, sheet.entries)
    with Staging(data_dir) as staging:
        changed: dict[Path, object] = {}  # staged file → new content (dict, or the whole list of a list file)
        made_meta = not (staging.data / "handbook.yaml").exists()
        if made_meta:
            changed[staging.data / "handbook.yaml"] = {"title": f"{path.stem}岗位职责", "organization": "（请填写组织名称）"}
        _stage_units(sheet, ids, staging, changed)
        for key, entry in sheet.entries.items():
            _stage_position(key, entry, ids, staging, changed, result)
        for target, content in list(changed.items()):
            if not _write(target, content):
                del changed[target]  # nothing new for this file: leave it as the editor wrote it
        if result.problems:
            return
        staging.check(result)
        if not result.problems and changed:
            staging.commit(result, list(changed))
            if made_meta and not result.problems and (data_dir / "handbook.yaml").exists():  # said once really written
                result.warnings.append("data/handbook.yaml 不存在，已生成默认的手册信息，请补充手册标题和组织名称")


def _stage_units(sheet: _Sheet, ids: _Ids, staging: Staging, changed: dict) -> None:
    """A new unit file for each department of the list that data_dir does not have."""
    known = {f.data.get("id") for f in ids.old_units}
    for unit, uid in ids.units.items():
        if uid in known or not any(u == unit for u, _ in sheet.entries):
            continue
        first = min(e.row for (u, _), e in sheet.entries.items() if u == unit)
        cell = (sheet.ref("unit", first), "部门")
        data = {"id": uid, "name": unit, "kind": "部门"}
        changed[staging.data / "units" / f"{uid}.yaml"] = data
        staging.written[(f"data/units/{uid}.yaml", None)] = Rec("units", data, cell, {("name",): cell})


def _stage_position(key: tuple[str, str], entry: Entry, ids: _Ids, staging: Staging, changed: dict,
                    result: ImportResult) -> None:
    """The entry's position: its existing record with the list's columns replaced, or a new record."""
    pid = ids.positions[key]
    found = ids.old.get((ids.units[key[0]], key[1]))
    data = dict(found.data) if found else {"id": pid, "name": key[1], "unit": ids.units[key[0]]}
    for fieldname, items in entry.lists.items():
        if items:  # blank cells of a column say nothing: an existing position keeps what it had
            data[fieldname] = items
    if entry.headcount is not None:
        data["headcount"] = entry.headcount
    if entry.boss is not None:
        boss = ids.boss(entry, result)
        if boss:
            data["reports_to"] = boss
    data = ordered("positions", data)
    rec = Rec("positions", data, entry.cells[("name",)], entry.cells)
    target = staging.data / "positions" / f"{pid}.yaml" if found is None else staging.staged(found.file)
    if found is None or found.index is None:
        changed[target] = data
    else:
        whole = changed.get(target) or list(found.whole)
        whole[found.index] = data
        changed[target] = whole
    staging.written[(staging.rel(target), None if found is None else found.index)] = rec


def _write(target: Path, content) -> bool:
    """Write one staged file: a new file as plain YAML, an existing one merged (comments and layout kept).
    False when the existing file already says the same."""
    old = load_tree(target) if target.exists() else None
    if old is None:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(plain_yaml(content), encoding="utf-8")
    elif same_meaning(None, old, content):
        return False
    else:
        target.write_text(dump(merge(old, content)), encoding="utf-8")
    return True
