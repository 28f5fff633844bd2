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


def grouped(hb: Handbook, kind: str, key, vocabulary: str | None = None) -> list[tuple[str, list[str]]]:
    """Records of `kind` ("processes", "kpis", "courses") as (group name, ids); `key(record)` names the
    group ("" → 其他). Groups follow the handbook's list `vocabulary` when given (e.g. course_categories),
    otherwise first appearance; members keep the records' order."""
    groups: dict[str, list[str]] = defaultdict(list)
    for rid, record in getattr(hb, kind).items():
        groups[key(record) or "其他"].append(rid)
    items = list(groups.items())
    if vocabulary:
        items.sort(key=lambda item: hb.vocab.order(vocabulary, item[0]))
    return items


def processes_by_owner(hb: Handbook) -> list[tuple[str, list[str]]]:
    """(owner unit id, process ids) in org-tree order of the owners."""
    rank = unit_rank(hb)
    groups: dict[str, list[str]] = defaultdict(list)
    for pid, proc in hb.processes.items():
        groups[proc.owner].append(pid)
    return sorted(groups.items(), key=lambda item: rank.get(item[0], len(rank)))
