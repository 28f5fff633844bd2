"""The resolved handbook every renderer reads: records, chapters and the relations between them.

Authors write each relation once, in one direction (a position names its unit and its
superior). The reverse direction (a unit's positions, a position's subordinates) is
computed by the resolver, never typed. Each reverse relation is one field of `Handbook`,
declared with `relation(...)`: the field's name and type are the reverse, its arguments
name the forward field and say how to read it. That class body is the one table of
relations: `RELATIONS` lists it for the resolver (resolve._link), the live preview's
change tracker (render/memo) and the tests.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Callable, Iterable, Mapping, NamedTuple

from .flow import involvement_details
from .load.refs import ref_targets
from .model import Course, Kpi, Meta, Position, Process, Unit
from .vocab import DEFAULT_VOCAB, Vocab

RECORD_KINDS = ("units", "positions", "kpis", "processes", "courses", "chapters")
"""The kinds of record, each a mapping of the Handbook (id → record), in the order of the site's sections."""


@dataclass(frozen=True)
class Chapter:
    """A content chapter (制度): content/<id>.md, its title from the front matter or the first heading."""

    id: str
    title: str
    order: int
    body: str
    file: str
    body_line: int
    """Line of content/<id>.md on which `body` starts (after the front matter)."""


@dataclass(frozen=True)
class StepRef:
    """A role's part in a process step: which step, and how (负责/审核/审批/会签…)."""

    process: str
    step: str
    involvement: str
    condition: str = ""
    """When the involvement applies only under a condition (审批条件), e.g. 金额超过 5 万元."""


class KpiHolder(NamedTuple):
    """A position measured by a KPI, and the KPI's weight in its assessment (None: 一票否决)."""

    position: str
    weight: float | None


class Trainee(NamedTuple):
    """A position whose training plan lists a course: 必修/选修 (kind) and when (stage: 入职, 在岗…)."""

    position: str
    kind: str
    stage: str


class Call(NamedTuple):
    """A step of another process that hands off to a process (calls)."""

    process: str
    step: str


Pairs = Callable[[Any], Iterable[tuple[str, Any]]]
"""A record → (target id, entry) for each target it names; the entry goes into the target's reverse list."""


@dataclass(frozen=True)
class Relation:
    """One relation: the forward field authors write, and the reverse the resolver computes.

    `source` records name `target` records in `forward` (field paths; "[]" steps into a list);
    the reverse (Handbook field `reverse`) maps each target id to the entries `pairs` yields
    for it, in the order of the source records. `unique` keeps an entry once per target.
    """

    source: str
    forward: tuple[str, ...]
    target: tuple[str, ...]
    pairs: Pairs
    unique: bool = False
    symmetric: bool = False
    """The relation holds both ways (兼任): each (target, source id) pair is also entered as (source id, target)."""
    reverse: str = ""


def relation(source: str, forward: str | tuple[str, ...], target: str | tuple[str, ...], pairs: Pairs,
             *, unique: bool = False, symmetric: bool = False):
    """A Handbook field holding a reverse relation (empty by default); see Relation for the arguments."""
    spec = Relation(source, (forward,) if isinstance(forward, str) else forward,
                    (target,) if isinstance(target, str) else target, pairs, unique, symmetric)
    return field(default_factory=lambda: MappingProxyType({}), metadata={"relation": spec})


def _named(rid: str | None, entry) -> list[tuple[str, Any]]:
    return [(rid, entry)] if rid else []


def _step_roles(proc: Process) -> list[tuple[str, StepRef]]:
    return [(role, StepRef(proc.id, step.id, kind, condition))
            for step in proc.steps for role, kind, condition in involvement_details(step)]


def _mentions(chapter: Chapter) -> list[tuple[str, str]]:
    return [(target, chapter.id) for target in ref_targets(chapter.body)]


@dataclass(frozen=True)
class Handbook:
    """The validated, linked and frozen handbook every renderer reads from."""

    meta: Meta
    synonyms: tuple
    units: Mapping[str, Unit]
    positions: Mapping[str, Position]
    kpis: Mapping[str, Kpi]
    processes: Mapping[str, Process]
    courses: Mapping[str, Course]
    chapters: Mapping[str, Chapter]
    sources: Mapping[str, tuple[str, int]]
    """Record id → (file, line), for messages and "last changed" lookups."""
    vocab: Vocab = DEFAULT_VOCAB
    """The handbook's lists of unit kinds, approval kinds, stages, frequencies and course categories."""

    # -- the relations: reverse (this field) ← forward (what authors write) --------------------------
    child_units: Mapping[str, tuple[str, ...]] = relation(
        "units", "parent", "units", lambda unit: _named(unit.parent, unit.id))
    """Unit id → its sub-units (下级单元)."""
    unit_positions: Mapping[str, tuple[str, ...]] = relation(
        "positions", "unit", "units", lambda pos: _named(pos.unit, pos.id))
    """Unit id → the positions that belong to it."""
    subordinates: Mapping[str, tuple[str, ...]] = relation(
        "positions", "reports_to", "positions", lambda pos: _named(pos.reports_to, pos.id))
    """Position id → the positions that report to it (直接下级)."""
    dotted_subordinates: Mapping[str, tuple[str, ...]] = relation(
        "positions", "dotted_reports_to", "positions", lambda pos: [(boss, pos.id) for boss in pos.dotted_reports_to])
    """Position id → positions that report to it by a dotted line (虚线汇报)."""
    secondary_positions: Mapping[str, tuple[str, ...]] = relation(
        "positions", "other_units", "units", lambda pos: [(uid, pos.id) for uid in pos.other_units])
    """Unit id → positions that belong to it as their second unit (other_units)."""
    concurrent_posts: Mapping[str, tuple[str, ...]] = relation(
        "positions", "concurrent", "positions", lambda pos: [(other, pos.id) for other in pos.concurrent],
        unique=True, symmetric=True)
    """Position id → positions held by the same person (兼任), in both directions."""
    kpi_positions: Mapping[str, tuple[KpiHolder, ...]] = relation(
        "positions", "kpis[].kpi", "kpis", lambda pos: [(e.kpi, KpiHolder(pos.id, e.weight)) for e in pos.kpis])
    """KPI id → the positions it measures, with its weight in each."""
    course_positions: Mapping[str, tuple[Trainee, ...]] = relation(
        "positions", "training[].course", "courses",
        lambda pos: [(e.course, Trainee(pos.id, e.kind, e.stage)) for e in pos.training])
    """Course id → the positions whose training plan lists it."""
    owned_processes: Mapping[str, tuple[str, ...]] = relation(
        "processes", "owner", "units", lambda proc: _named(proc.owner, proc.id))
    """Unit id → the processes it owns."""
    kpi_processes: Mapping[str, tuple[str, ...]] = relation(
        "processes", "kpis", "kpis", lambda proc: [(kid, proc.id) for kid in proc.kpis])
    """KPI id → the processes it measures."""
    role_steps: Mapping[str, tuple[StepRef, ...]] = relation(
        "processes", ("steps[].role", "steps[].roles", "steps[].participants[].role"), ("positions", "units"), _step_roles)
    """Position or unit id → every step it takes part in, and how."""
    process_callers: Mapping[str, tuple[Call, ...]] = relation(
        "processes", "steps[].calls", "processes",
        lambda proc: [(step.calls, Call(proc.id, step.id)) for step in proc.steps if step.calls])
    """Process id → (calling process id, step id) of every step that hands off to it."""
    mentions: Mapping[str, tuple[str, ...]] = relation(
        "chapters", "body", RECORD_KINDS, _mentions, unique=True)
    """Record id → ids of the chapters that refer to it ([[id]] in the body)."""

    def kind_of(self, rid: str) -> str | None:
        """The kind of record `rid` is ("units", …, "chapters"), or None for an unknown id."""
        for kind in RECORD_KINDS:
            if rid in getattr(self, kind):
                return kind
        return None

    def name_of(self, rid: str) -> str:
        """A record's display name (a chapter's title); the id itself when it is unknown."""
        kind = self.kind_of(rid)
        if kind == "chapters":
            return self.chapters[rid].title
        return getattr(self, kind)[rid].name if kind else rid

    def roots(self) -> list[str]:
        """Ids of the top-level units (no parent), in page order."""
        return [uid for uid, unit in self.units.items() if unit.parent is None]

    def organization_of(self, rid: str) -> str:
        """The legal entity a record belongs to: the `organization` of its top-level unit, else the handbook's.

        Units and positions go by their unit tree; processes by their owner unit; anything else
        (KPIs, courses, chapters) by the handbook's organization.
        """
        kind = self.kind_of(rid)
        uid = {"units": rid, "positions": self.positions[rid].unit if kind == "positions" else None,
               "processes": self.processes[rid].owner if kind == "processes" else None}.get(kind)
        if uid is None:
            return self.meta.organization
        top = self.units[self.unit_path(uid)[0]]
        return top.organization or self.meta.organization

    def unit_path(self, uid: str) -> list[str]:
        """The chain of unit ids from the root down to `uid`: O(depth), whatever the depth."""
        chain, seen = [], set()
        while uid and uid not in seen:
            chain.append(uid)
            seen.add(uid)
            uid = self.units[uid].parent
        return chain[::-1]

    def unit_crumbs(self, uid: str, tail: int = 4) -> list[str | None]:
        """A breadcrumb of bounded size: the root, None (shown as "…") where levels are left out,
        then the last `tail` units down to `uid`; the whole chain when it is short.
        (Not cached: the live preview records which units each page reads.)"""
        chain = self.unit_path(uid)
        return chain if len(chain) <= tail + 2 else [chain[0], None] + chain[-tail:]


RELATIONS: tuple[Relation, ...] = tuple(
    dataclasses.replace(f.metadata["relation"], reverse=f.name)
    for f in dataclasses.fields(Handbook) if "relation" in f.metadata)
"""Every relation, in the order declared above; `reverse` is the Handbook field holding its reverse."""

LOOKUPS = RECORD_KINDS + ("sources",) + tuple(rel.reverse for rel in RELATIONS)
"""Every id-keyed mapping of a Handbook: what a page can read, and so what the live preview tracks."""


def reverse_relations(records: Mapping[str, Mapping[str, Any]], known) -> dict[str, Mapping[str, tuple]]:
    """Compute every reverse relation of RELATIONS from the forward fields.

    `records`: kind → (id → record) for each kind in RECORD_KINDS; `known`: ids that may be
    targets (entries naming any other id are left out: it was reported as ref.unknown).
    Returns Handbook field name → read-only mapping of target id → tuple of entries, keys sorted,
    entries in the order of the source records.
    """
    out: dict[str, Mapping[str, tuple]] = {}
    for rel in RELATIONS:
        reverse: dict[str, list] = {}
        for record in records[rel.source].values():
            for target, entry in rel.pairs(record):
                if target not in known:
                    continue
                for key, value in ((target, entry), (entry, target)) if rel.symmetric else ((target, entry),):
                    entries = reverse.setdefault(key, [])
                    if not (rel.unique and value in entries):
                        entries.append(value)
        out[rel.reverse] = MappingProxyType({key: tuple(value) for key, value in sorted(reverse.items())})
    return out
