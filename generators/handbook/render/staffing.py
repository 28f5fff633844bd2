"""Headcount (编制) totals that never invent a number.

A position's headcount may be unknown (编制未定, None) and part of it vacant (空缺).
A total adds the known headcounts and says how many positions have none, e.g.
“编制 16 人，另有 2 个岗位编制未定”; vacancies are added the same way.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from markupsafe import Markup, escape

from .order import units_top_down


@dataclass(frozen=True)
class Headcount:
    """Sum over a set of positions: known people (and the vacancies among them), positions whose
    headcount is unknown (and the vacancies already known there, which are not part of any total)."""

    people: int = 0
    unknown: int = 0
    vacancies: int = 0
    unknown_vacancies: int = 0

    def __add__(self, other: "Headcount") -> "Headcount":
        return Headcount(self.people + other.people, self.unknown + other.unknown,
                         self.vacancies + other.vacancies, self.unknown_vacancies + other.unknown_vacancies)

    @classmethod
    def of(cls, pos) -> "Headcount":
        if pos.headcount is None:
            return cls(0, 1, 0, pos.vacancies)
        return cls(pos.headcount, 0, pos.vacancies, 0)

    def __str__(self) -> str:
        """Prose: “16 人”, “16 人（其中空缺 1 人），另有 2 个岗位编制未定（已知空缺 1 人）”, or “编制未定”."""
        unknown_part = ""
        if self.unknown:
            unknown_part = f"{self.unknown} 个岗位编制未定" if self.unknown > 1 or self.people else "编制未定"
            unknown_part += f"（已知空缺 {self.unknown_vacancies} 人）" if self.unknown_vacancies else ""
        if self.unknown and not self.people:
            return unknown_part
        text = f"{self.people} 人"
        if self.vacancies:
            text += f"（其中空缺 {self.vacancies} 人）"
        return text + (f"，另有 {unknown_part}" if unknown_part else "")

    def cell(self) -> str:
        """Short form for a table cell: “16”, “16+2 个未定”, “未定”."""
        if self.unknown and not self.people:
            return "未定"
        return f"{self.people}" + (f"（+{self.unknown} 个岗位未定）" if self.unknown else "")

    def __html__(self) -> Markup:
        return Markup(escape(str(self)))


def position_headcount(pos) -> str:
    """One position: “3 人”, “3 人（空缺 1 人）”, “编制未定”."""
    if pos.headcount is None:
        return "编制未定" + (f"（空缺 {pos.vacancies} 人）" if pos.vacancies else "")
    return f"{pos.headcount} 人" + (f"（空缺 {pos.vacancies} 人）" if pos.vacancies else "")


def unit_totals(hb) -> dict[str, Headcount]:
    """Unit id → headcount of the unit and all its sub-units (positions counted in their own unit only).

    One pass over positions, then one over units with sub-units first: linear in the tree's depth."""
    totals: dict[str, Headcount] = defaultdict(Headcount)
    for pos in hb.positions.values():
        totals[pos.unit] = totals[pos.unit] + Headcount.of(pos)
    for uid in reversed(units_top_down(hb)):
        parent = hb.units[uid].parent
        if parent is not None:
            totals[parent] = totals[parent] + totals[uid]
    return {uid: totals.get(uid, Headcount()) for uid in hb.units}


def total(positions) -> Headcount:
    out = Headcount()
    for pos in positions:
        out = out + Headcount.of(pos)
    return out
