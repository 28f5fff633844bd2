"""Each problem of the staged project → the workbook cell it came from, read from the Diagnostic's data.

The check of the staged project (`check.check_project`) reports problems in YAML files. Each Diagnostic
carries its file and its field path as data (``("kpis", 1, "weight")``, list indexes 0-based); the
importer knows which workbook record it wrote to which file (and, in a file holding a list of records,
to which item) and the cell behind each field path of that record. The cell is found from those alone:
the message text is only shown, never read, so rewording a message cannot move a problem to another cell.
A diagnostic without a path (some reference checks give only the line) is placed by its line: the
deepest field path on that line of the staged file, as the project's loader located it.
"""

from __future__ import annotations

from typing import Callable

from ..diagnostics import Diagnostic
from ..model import FIELD_LABELS
from .result import Rec

Written = dict[tuple[str, int | None], Rec]
"""(file relative to the project root, index of the record in a list file or None) → the workbook record."""

PREDICATE_CODES = frozenset({"schema.type", "schema.value"})
"""Codes whose message says what the field's value should be (应当是整数…, 只能是…): shown right after the
column's name, "岗位!E4：编制应当是整数"; other messages are shown after the cell and its column."""


Lines = Callable[[str], dict]
"""File relative to the project root → {field path: line} of the staged file ({} when it does not parse)."""


def path_of(diag: Diagnostic, lines: Lines | None = None) -> tuple:
    """The diagnostic's field path; without one, the deepest path on its line (() when nothing fits)."""
    if diag.path or lines is None or not diag.line:
        return tuple(diag.path)
    on_line = [p for p, line in lines(diag.file).items() if line == diag.line]
    return max(on_line, key=len) if on_line else ()


def locate(diag: Diagnostic, written: Written, lines: Lines | None = None) -> tuple[Rec, tuple] | None:
    """The workbook record behind `diag` and the field path inside that record, or None when the
    diagnostic is about a file the import did not write from the workbook (kept data/, content/)."""
    if (diag.file, None) not in written and not any(f == diag.file for f, _ in written):
        return None
    path = path_of(diag, lines)
    rec = written.get((diag.file, None))
    if rec is not None:
        return rec, path
    if path and isinstance(path[0], int):
        rec = written.get((diag.file, path[0]))
        if rec is not None:
            return rec, path[1:]
    return None


def cell_of(diag: Diagnostic, written: Written, lines: Lines | None = None) -> tuple[str, str] | None:
    """(cell reference "岗位!C4", column label) of the problem, or None as for `locate`.

    The deepest field path prefix that came from a cell wins; a path with no cell of its own (a field the
    workbook left empty) falls back to the record's first column."""
    found = locate(diag, written, lines)
    if found is None:
        return None
    rec, path = found
    return rec.where(path)


def describe(diag: Diagnostic, written: Written, lines: Lines | None = None) -> str:
    """The problem as one Chinese line that starts with its cell: "岗位!C4（所属单元ID）：找不到组织单元 …".

    Diagnostics about files the workbook did not write say so ("现有数据 data/… "), with file and line."""
    found = locate(diag, written, lines)
    if found is None:
        return f"现有数据 {diag.format()}"
    rec, path = found
    ref, label = rec.where(path)
    if diag.code == "schema.missing":
        return f"{ref}：{label}不能为空（必填）"
    if diag.code in PREDICATE_CODES:
        return f"{ref}：{label}{_without_subject(diag.message, path)}"
    return f"{ref}（{label}）：{diag.message}"


def _without_subject(message: str, path: tuple) -> str:
    """A predicate message may open with the field's own name (标识只能用…, 编制应当是…); the column label
    already names it, so it is not said twice. Formatting only: the cell was chosen before."""
    names = [p for p in path if isinstance(p, str)]
    subject = FIELD_LABELS.get(names[-1]) if names else None
    return message[len(subject):] if subject and message.startswith(subject) else message
