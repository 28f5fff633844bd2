"""What an import reports, and the record-with-cells type the workbook readers build."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..exports import layout as L


@dataclass
class ImportResult:
    """What an import did: problems (Chinese, with sheet!cell) and the files written into data_dir."""

    problems: list[str] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)
    """Record files deleted because the workbook no longer has their records (only with delete_missing)."""
    deleted: dict[str, str] = field(default_factory=dict)
    """Id → kind ("positions" …) of every record the import deletes (only with delete_missing)."""
    missing: list[str] = field(default_factory=list)
    """Records in data/ that the workbook lacks, left in place ("岗位 x（data/positions/x.yaml）")."""

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass
class Rec:
    """A record built from rows, with the cell behind each field path (for messages)."""

    kind: str
    """The data/ folder of the record (model.KINDS), or "meta" for handbook.yaml."""
    data: dict
    anchor: tuple[str, str]
    """(cell ref, column label) used when nothing more precise is known."""
    cells: dict = field(default_factory=dict)
    """Field path tuple → (cell ref such as "岗位!C7", column label)."""
    absent: list = field(default_factory=list)
    """(field path pattern, sheet, column label) of the columns its sheets lack; "*" in a pattern stands for
    every item of a list, as ("kpis", "*", "target"). The record's value there is unknown, not empty."""

    def where(self, path: tuple) -> tuple[str, str]:
        """The cell of the deepest known prefix of `path`, else the anchor."""
        for end in range(len(path), 0, -1):
            hit = self.cells.get(tuple(path[:end]))
            if hit:
                return hit
        return self.anchor


CELL_REF = re.compile(r"^(.+?)!([A-Z]+)(\d+)")


def sort_problems(problems: list[str]) -> list[str]:
    """Workbook order: sheet (as in the export), then row, then column; others keep their place at the end.

    Reads the "sheet!C7" reference this package itself puts at the start of each problem."""
    order = {name: i for i, name in enumerate(L.SHEET_ORDER)}

    def key(item):
        index, message = item
        match = CELL_REF.match(message)
        if not match:
            return (len(order) + 1, 0, 0, index)
        sheet, col, row = match.groups()
        return (order.get(sheet, len(order)), int(row), len(col), col, index)

    return [message for _, message in sorted(enumerate(problems), key=key)]
