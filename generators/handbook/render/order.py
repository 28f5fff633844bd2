"""The business's order of records: units in org-tree order, everything else grouped under them.

Readers expect a handbook to follow the organisation chart (the centre, then each department and its
sections, depth first, siblings by `order`), not the English ids or a flat `order` across units.
Used by the print edition, the matrices and the index pages.
"""

from __future__ import annotations

from collections import defaultdict

from ..book import Handbook


def units_top_down(hb) -> list[str]:
    """Every unit after its parent (depth first from the roots)."""
    out, todo = [], list(reversed(hb.roots()))
    while todo:
        uid = todo.pop()
        out.append(uid)
        todo.extend(reversed(hb.child_units.get(uid, ())))
    return out


def units_in_org_order(hb: Handbook) -> list[str]:
    """Unit ids depth first from the roots, siblings in their order (iterative, whatever the depth)."""
    out = units_top_down(hb)
    seen = set(out)
    return out + [uid for uid in hb.units if uid not in seen]  # never lose a unit


def unit_rank(hb: Handbook) -> dict[str, int]:
    """Unit id → its position in org-tree order."""
    return {uid: i for i, uid in enumerate(units_in_org_order(hb))}


def positions_by_unit(hb: Handbook) -> list[tuple[str, list[str]]]:
    """(unit id, its position ids: the head first, then by `order`) in org-tree order; empty units left out."""
    out = []
    for uid in units_in_org_order(hb):
        members = list(hb.unit_positions.get(uid, ()))
        if not members:
            continue
        head = hb.units[uid].head
        members.sort(key=lambda p: (p != head, hb.positions[p].order))
        out.append((uid, members))
    return out


CATEGORY_LISTS = {"courses": "course_categories"}
"""Record kind → the handbook's list (vocabularies) that declares its categories and their order.
KPI and process categories have no list: any name, in the order the data first uses it."""
NO_CATEGORY = "其他"
"""The group of records without a category."""


def category_order(hb: Handbook, kind: str) -> list[str]:
    """The categories (类别) of the records of `kind` ("processes", "kpis", "courses") in the one order
    every listing uses (index pages, matrices' column groups, the print edition, the Excel exports):
    the declared list's order (data/handbook.yaml vocabularies, see CATEGORY_LISTS), then categories
    the list does not name (an open list) in order of first use in the records, then 其他 (none)."""
    used = list(dict.fromkeys(record.category or NO_CATEGORY for record in getattr(hb, kind).values()))
    declared = hb.vocab.allowed(CATEGORY_LISTS[kind]) if kind in CATEGORY_LISTS else ()
    rank = {name: i for i, name in enumerate(declared)}
    return sorted(used, key=lambda name: (rank.get(name, len(rank)), name == NO_CATEGORY and name not in rank))


def by_category(hb: Handbook, kind: str, ids: list[str] | None = None) -> list[tuple[str, list[str]]]:
    """Records of `kind` as (category, ids) in `category_order`; `ids` (default: all, in the records'
    order) keep their order within a category; categories none of them has are left out."""
    records = getattr(hb, kind)
    groups: dict[str, list[str]] = defaultdict(list)
    for rid in (records if ids is None else ids):
        groups[records[rid].category or NO_CATEGORY].append(rid)
    return [(name, groups[name]) for name in category_order(hb, kind) if name in groups]


def processes_by_owner(hb: Handbook) -> list[tuple[str, list[str]]]:
    """(owner unit id, process ids) in org-tree order of the owners."""
    rank = unit_rank(hb)
    groups: dict[str, list[str]] = defaultdict(list)
    for pid, proc in hb.processes.items():
        groups[proc.owner].append(pid)
    return sorted(groups.items(), key=lambda item: rank.get(item[0], len(rank)))
