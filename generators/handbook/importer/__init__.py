"""Excel back into data/: the whole-handbook workbook, and the simple duty list offices keep.

Both imports work the same way, one module per step:

- `workbook` (or `simple`): read the sheet(s) into records in memory, collecting every problem with its
  cell (``岗位!C7：编制应当是整数，现在是“两个”``); `cells` converts single values, `bounds` refuses
  hostile files before they are parsed;
- `changes`: lay the records into a staged copy of data/, changing only the records whose meaning
  differs, merged with the round-trip writer `yaml_update` so comments and layout stay;
- `staging`: check the staged project with `check.check_project`, map each problem to its workbook cell
  from the diagnostic's file and field path (`cell_map`), and swap the copy in only when all is valid.

A record that data/ has and the workbook lacks is never deleted silently: it is reported and kept, unless
the caller passes `delete_missing=True` (the CLI's --delete-missing).
"""

from __future__ import annotations

from pathlib import Path

from .changes import stage_workbook
from .result import CELL_REF, ImportResult, sort_problems
from .simple import import_simple_duties
from .staging import Staging
from .workbook import read_workbook

__all__ = ["ImportResult", "import_simple_duties", "import_workbook", "read_workbook"]


def import_workbook(path: Path, data_dir: Path, delete_missing: bool = False) -> ImportResult:
    """Bring data_dir in line with a workbook laid out like exports.xlsx_book.handbook_xlsx, changing only what changed.

    `path`: the .xlsx file; `data_dir`: the project's data/ folder (created when missing).
    The workbook is the source for units/positions/kpis/processes/courses and handbook.yaml: a record
    whose meaning differs is merged into its own file (comments and layout kept), a new record gets a new
    file. A record the workbook lacks is kept and listed in `missing` (with a warning), or deleted when
    `delete_missing` is true. Unchanged records' files are not touched; other entries of data_dir
    (synonyms.yaml…) are kept. Nothing is written unless the whole import is valid; problems are Chinese
    lines starting with their cell, in workbook order. Raises nothing for bad input.
    """
    result = ImportResult()
    data_dir = Path(data_dir)
    try:
        records = read_workbook(Path(path), result)
        if result.problems and not records:
            return result
        unreadable_rows = {_row_of(problem) for problem in result.problems} - {None}
        with Staging(data_dir) as staging:
            changed = stage_workbook(records, staging, result, delete_missing)
            found = len(result.problems)
            staging.check(result)
            # a cell that could not be read leaves its field out; what the check then says about that row
            # ("没有写权重", "合计为 50") is a consequence of the problem already reported there
            result.problems[found:] = [p for p in result.problems[found:] if _row_of(p) not in unreadable_rows]
            if not result.problems and (changed or result.removed):
                staging.commit(result, changed)
    finally:
        if result.problems:
            result.removed = []
        result.problems = sort_problems(result.problems)
    return result


def _row_of(problem: str) -> tuple[str, str] | None:
    """(sheet, row number) of a problem that starts with its cell ("岗位指标!C5：…"), else None."""
    match = CELL_REF.match(problem)
    return (match.group(1), match.group(3)) if match else None
