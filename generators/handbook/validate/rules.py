"""Checks on the validated records that the schema cannot express (the gate of issue 13).

Each check reports at the record's file and line with a documented code, so that
data which passes `handbook check` also builds and exports:
- a unit's head must work in that unit or one of its sub-units (unit.head);
- a course appears once in a position's training plan (training.duplicate);
- two records of a kind do not share a name (name.duplicate);
- a step's participants are not its own role (step.participant);
- a release date is a real date, a revision a plausible git name (release.date, release.revision);
- keys of list lines are unique (key.duplicate).
Links inside chapters are checked in chapter_links.py.
"""

from __future__ import annotations

import datetime
import re
from collections import defaultdict

from ..model import KIND_LABELS, item_key

REVISION = re.compile(r"^\S{1,200}$")
"""A git tag, branch or commit as one word of at most 200 characters; history/versions.py decides what it may name."""


def check_semantics(r, units, positions, kpis, processes, courses, raws) -> None:
    """Run every check below on the records that validated; `r` is resolve's _Resolver (report, records, names)."""
    _unit_heads(r, units, positions, raws)
    _training_duplicates(r, positions, raws)
    for kind, records in (("units", units), ("positions", positions), ("kpis", kpis),
                          ("processes", processes), ("courses", courses)):
        _duplicate_names(r, kind, records, raws)
    for process in processes.values():
        _participants(r, process, raws[process.id])
    for kind, records in (("units", units), ("positions", positions), ("processes", processes)):
        for obj in records.values():
            _item_keys(r, obj, raws[obj.id])
    from .chapter_links import check_chapter_links, check_malformed_refs

    check_chapter_links(r, r.of("chapters"))
    check_malformed_refs(r, r.of("chapters"))


ITEM_LISTS = ("functions", "duties", "authorities", "accountabilities", "key_points")
"""Lists whose lines may carry a `key`: each key becomes the line's anchor on the page, so it must be unique."""


def _item_keys(r, obj, raw) -> None:
    for name in ITEM_LISTS:
        seen: dict[str, int] = {}
        for i, item in enumerate(getattr(obj, name, None) or ()):
            key = item_key(item)
            if key is None:
                continue
            if key in seen:
                r.report.error(raw.file, raw.line(name, i, "key"), "key.duplicate",
                               f"锚点 {key} 在 {name} 中重复（第 {seen[key] + 1} 条已使用），每条的 key 必须不同",
                               f"{name}[{i + 1}].key", path=raw.path + (name, i, "key"), value=key)
            seen.setdefault(key, i)


def _in_subtree(units, uid: str | None, top: str) -> bool:
    seen = set()
    while uid is not None and uid not in seen:
        if uid == top:
            return True
        seen.add(uid)
        uid = units[uid].parent if uid in units else None
    return False


def _unit_heads(r, units, positions, raws) -> None:
    for unit in units.values():
        head = positions.get(unit.head) if unit.head else None
        if head is None or head.unit not in units:
            continue  # an unknown head or unit was reported as ref.unknown
        homes = [head.unit] + list(getattr(head, "other_units", ()))  # a second unit (兼属) counts too
        if not any(_in_subtree(units, home, unit.id) for home in homes):
            raw = raws[unit.id]
            r.report.error(raw.file, raw.line("head"), "unit.head",
                           f"负责人岗位 {head.id}（{head.name}）属于 {head.unit}（{units[head.unit].name}），"
                           f"不在“{unit.name}”或它的下级单元里；请改 head，或改这个岗位的 unit",
                           "head（负责人岗位）", path=raw.path + ("head",), value=unit.head)


def _training_duplicates(r, positions, raws) -> None:
    for pos in positions.values():
        raw = raws[pos.id]
        first: dict[str, int] = {}
        for i, entry in enumerate(pos.training):
            if entry.course in first:
                r.report.error(raw.file, raw.line("training", i), "training.duplicate",
                               f"课程 {entry.course} 在培训计划里重复出现（第 {first[entry.course] + 1} 项已有），请删除一项",
                               f"training[{i + 1}]（培训计划）", path=raw.path + ("training", i), value=entry.course)
            first.setdefault(entry.course, i)


def _duplicate_names(r, kind: str, records, raws) -> None:
    """Editors find records by name (search, exports by name, did-you-mean): a name must say which one.

    Positions may share a name across units (两个分公司各有一个“区域经理”): that is a warning;
    within one unit, and for every other kind, it is an error.
    """
    by_name = defaultdict(list)
    for rid, obj in records.items():
        by_name[obj.name].append(rid)
    for name, ids in by_name.items():
        if len(ids) < 2:
            continue
        ids = sorted(ids, key=lambda rid: (raws[rid].file, raws[rid].line("name")))
        first = raws[ids[0]]
        for rid in ids[1:]:
            raw = raws[rid]
            where = f"{first.file}:{first.line('name')}"
            same_unit = kind != "positions" or records[rid].unit == records[ids[0]].unit
            add = r.report.error if same_unit else r.report.warning
            add(raw.file, raw.line("name"), "name.duplicate",
                f"名称“{name}”与{KIND_LABELS[kind]} {ids[0]}（{where}）相同，请改成能区分的名称"
                + ("" if same_unit else "（例如加上所属组织）"),
                "name（名称）", path=raw.path + ("name",), value=name)


def _participants(r, process, raw) -> None:
    from ..flow import responsible

    for i, step in enumerate(process.steps):
        owners = set(responsible(step))
        seen = set(owners)
        for j, participant in enumerate(step.participants):
            if participant.role in seen:
                again = "也是本步的负责角色（role/roles）" if participant.role in owners else "在参与者中重复出现"
                r.report.error(raw.file, raw.line("steps", i, "participants", j), "step.participant",
                               f"{participant.role} {again}；一个角色在一步里只写一次，审批类型写在 approval 或 kind 里",
                               f"steps[{i + 1}].participants[{j + 1}]", path=raw.path + ("steps", i, "participants", j),
                               value=participant.role)
            seen.add(participant.role)


META_TEXT_MAX = 100
"""The title and organization go into every Word/Excel file's properties (at most 255 characters there)."""


def check_releases(meta, raw, report) -> None:
    """Release dates must exist on the calendar (2026-02-30 does not); revisions must be usable git names;
    the title and organization fit a document's properties."""
    for name in ("title", "organization"):
        value = getattr(meta, name)
        if len(value) > META_TEXT_MAX or "\n" in value:
            report.error(raw.file, raw.line(name), "schema.value",
                         f"应当是一行，最多 {META_TEXT_MAX} 个字符（现在 {len(value)} 个）；较长的说明请写在 description 里",
                         f"{name}（{'标题' if name == 'title' else '组织名称'}）", path=(name,), value=value[:META_TEXT_MAX])
    for i, release in enumerate(meta.releases):
        try:
            datetime.date.fromisoformat(release.date)
        except ValueError:
            report.error(raw.file, raw.line("releases", i, "date"), "release.date",
                         f"日期 {release.date} 不存在（请检查月份和日子，例如 2 月没有 30 日）",
                         f"releases[{i + 1}].date（生效日期）", path=("releases", i, "date"), value=release.date)
        if release.revision is not None and not REVISION.match(release.revision):
            shown = release.revision if len(release.revision) <= 40 else release.revision[:37] + "…"
            report.error(raw.file, raw.line("releases", i, "revision"), "release.revision",
                         f"“{shown}”不像 git 标签或提交：不能有空格，最长 200 个字符",
                         f"releases[{i + 1}].revision", path=("releases", i, "revision"), value=release.revision)
