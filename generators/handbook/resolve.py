"""Resolution: check every reference and graph, then link and freeze the records into a Handbook.

Authors write each relation once (a position names its unit and superior). Here every
reference is checked (ref.unknown, ref.kind), ids are registered once (id.duplicate,
id.reserved), the org tree and reporting lines are checked for cycles and every process
for reachable steps and a reachable end. The reverse directions are then computed from
the table of relations in book.py, never typed.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from types import MappingProxyType

from .addresses import reserved_id
from .book import RECORD_KINDS, Chapter, Handbook, reverse_relations
from .diagnostics import Report, did_you_mean
from .flow import END, RESERVED_STEP_IDS, is_exclusive, start_indexes, successors
from .load.refs import chapter_refs
from .load.sources import RawChapter, RawRecord
from .model import KIND_LABELS, Kpi, Meta, Position, Process, Step, Unit
from .validate.records import field_path
from .vocab import effective


class _Resolver:
    def __init__(self, report: Report):
        self.report = report
        self.records: dict[str, tuple[str, object, RawRecord | RawChapter]] = {}
        self.names: dict[str, str] = {}

    # -- registry -------------------------------------------------------
    def register(self, kind: str, rid: str, name: str, obj, raw) -> bool:
        if reserved_id(kind, rid):
            self.report.error(raw.file, _line(raw, "id"), "id.reserved",
                              f"标识 {rid} 是网站保留的页面名，请换一个（例如 {rid}-1）", "id",
                              path=getattr(raw, "path", ()) + ("id",), value=rid)
            return False
        if rid in self.records:
            first_kind, _, first = self.records[rid]
            where = f"{first.file}:{_line(first, 'id')}"
            self.report.error(raw.file, _line(raw, "id"), "id.duplicate",
                              f"标识 {rid} 已被{KIND_LABELS[first_kind]}使用（{where}），每条记录的标识必须唯一", "id",
                              path=getattr(raw, "path", ()) + ("id",), value=rid)
            return False
        self.records[rid] = (kind, obj, raw)
        self.names[rid] = name
        return True

    def placeholder(self, kind: str, rid: str, name: str, raw) -> None:
        """A record that failed validation: references to it are not errors (its own problems were reported)."""
        if rid not in self.records:
            self.records[rid] = (kind, None, raw)
            self.names[rid] = name

    def of(self, kind: str) -> dict:
        items = [(rid, obj) for rid, (k, obj, _) in self.records.items() if k == kind and obj is not None]
        return dict(sorted(items, key=lambda item: (getattr(item[1], "order", 0), item[0])))

    # -- references -----------------------------------------------------
    def ref(self, raw, path: tuple, target: str | None, kinds: tuple[str, ...]) -> bool:
        if target is None:
            return True
        located = getattr(raw, "located", None)
        if located is not None and getattr(raw, "path", ()) + tuple(path) in located.flagged:
            return True  # the reader already reported this value (a control character): not a second error
        entry = self.records.get(target)
        label = "、".join(KIND_LABELS[k] for k in kinds)
        field_text = field_path(path)
        if entry is None:
            pool = {rid: self.names[rid] for rid, (k, _, _) in self.records.items() if k in kinds}
            self.report.error(raw.file, _line(raw, *path), "ref.unknown",
                              f"找不到{label} “{target}”。{did_you_mean(target, pool)}", field_text,
                              path=getattr(raw, "path", ()) + tuple(path), value=target)
            return False
        if entry[0] not in kinds:
            self.report.error(raw.file, _line(raw, *path), "ref.kind",
                              f"“{target}” 是{KIND_LABELS[entry[0]]}（{self.names[target]}），这里需要{label}", field_text,
                              path=getattr(raw, "path", ()) + tuple(path), value=target)
            return False
        return True


def _line(raw, *fields) -> int:
    if isinstance(raw, RawChapter):
        return raw.located.line_of(tuple(fields)) if raw.located else 1
    return raw.line(*fields)


def resolve(meta: Meta | None, synonyms, records: list[tuple[RawRecord, object]],
            chapters: list[tuple[RawChapter, Chapter]], report: Report, broken=(),
            failed_kinds: frozenset = frozenset()) -> tuple[Handbook | None, Handbook | None]:
    """Check and link validated records: (handbook, linked).

    `handbook` is None when any reference or graph check fails, or `meta` is None. `linked` is the
    handbook, or when there are errors a best-effort one (None when it cannot be linked, or no chapter
    has a [[…]] reference), so checks that need one (anchors on record pages) still run in the same check.
    `broken`: (kind, id, name, raw) of records that failed validation. They are known
    ids, so a reference to them is not reported again; everything else is still checked.
    `failed_kinds`: kinds of which some file could not be read or validated; records such a file could
    use are not reported as unused (the use may be in the file that failed).
    """
    before = len(report.errors)
    r = _Resolver(report)
    for raw, obj in records:
        r.register(raw.kind, obj.id, obj.name, obj, raw)
    for raw, chapter in chapters:
        r.register("chapters", chapter.id, chapter.title, chapter, raw)
    for kind, rid, name, raw in broken:
        r.placeholder(kind, rid, name, raw)
    raws = {rid: raw for rid, (_, _, raw) in r.records.items()}
    book = {kind: r.of(kind) for kind in RECORD_KINDS}
    units, positions, kpis, processes, courses = (book[k] for k in ("units", "positions", "kpis", "processes", "courses"))

    _check_units(r, units, raws)
    _check_positions(r, positions, raws)
    _check_kpis(r, kpis, raws)
    _check_courses(r, courses, raws)
    for process in processes.values():
        _check_process(r, process, raws[process.id], book["chapters"])
    _check_chapter_refs(r, book["chapters"])
    from .validate.rules import check_semantics  # the checks added for the gate (issue 13), kept in their own module

    check_semantics(r, units, positions, kpis, processes, courses, raws)
    if len(report.errors) > before or meta is None:
        if meta is not None and any("[[" in c.body for c in book["chapters"].values()):
            return None, _linked_anyway(meta, synonyms, book, raws)
        return None, None

    handbook = _link(meta, synonyms, book, raws)
    _warn_unused(handbook, raws, report, failed_kinds)
    return handbook, handbook


def _linked_anyway(meta, synonyms, book, raws) -> Handbook | None:
    """A Handbook linked despite errors elsewhere, for checks that render pages; None when it cannot be linked."""
    try:
        return _link(meta, synonyms, book, raws)
    except Exception:  # noqa: BLE001 — broken references make linking fail; they were reported
        return None

def _check_units(r: _Resolver, units: dict[str, Unit], raws) -> None:
    for unit in units.values():
        raw = raws[unit.id]
        r.ref(raw, ("parent",), unit.parent, ("units",))
        r.ref(raw, ("head",), unit.head, ("positions",))
        if unit.organization and unit.parent:
            r.report.error(raw.file, raw.line("organization"), "unit.organization",
                           f"只有最高层的组织单元可以写所属法人单位（organization）；“{unit.name}”有上级组织，"
                           f"它属于上级的法人单位", "organization", path=raw.path + ("organization",),
                           value=unit.organization)
    _check_cycles(r, {u.id: u.parent for u in units.values()}, raws, "parent", "上级组织")


def _check_positions(r: _Resolver, positions: dict[str, Position], raws) -> None:
    for pos in positions.values():
        raw = raws[pos.id]
        r.ref(raw, ("unit",), pos.unit, ("units",))
        r.ref(raw, ("reports_to",), pos.reports_to, ("positions",))
        _check_position_links(r, pos, raw)
        if pos.headcount is not None and pos.headcount < 1:
            r.report.error(raw.file, raw.line("headcount"), "position.headcount",
                           f"编制是 {pos.headcount}，至少应为 1", "headcount（编制）", path=raw.path + ("headcount",),
                           value=pos.headcount)
        seen: set[str] = set()
        for i, entry in enumerate(pos.kpis):
            r.ref(raw, ("kpis", i, "kpi"), entry.kpi, ("kpis",))
            if entry.kpi in seen:
                r.report.error(raw.file, raw.line("kpis", i), "kpi.duplicate", f"指标 {entry.kpi} 重复出现", f"kpis[{i + 1}]",
                               path=raw.path + ("kpis", i), value=entry.kpi)
            seen.add(entry.kpi)
        _check_veto(r, pos, raw)
        weighted = [entry for entry in pos.kpis if not entry.veto]
        total = sum(entry.weight or 0 for entry in weighted)
        if weighted and abs(total - 100) > 0.01:
            r.report.error(raw.file, raw.line("kpis"), "kpi.weights",
                           f"{pos.name}的考核指标权重合计为 {total:g}，应为 100（{'还差' if total < 100 else '多了'} {abs(100 - total):g}）", "kpis（考核指标）",
                           path=raw.path + ("kpis",), value=total)
        for i, entry in enumerate(pos.training):
            r.ref(raw, ("training", i, "course"), entry.course, ("courses",))
        _check_form_fields(r, pos, raw)
    _check_cycles(r, {p.id: p.reports_to for p in positions.values()}, raws, "reports_to", "汇报关系")


def _check_form_fields(r: _Resolver, pos: Position, raw) -> None:
    """职业发展 targets are positions other than this one; approval dates are real days (not 2026-02-30)."""
    for field_name in ("promotion", "rotation"):
        for i, target in enumerate(getattr(pos.career, field_name)):
            if target == pos.id:
                r.report.error(raw.file, raw.line("career", field_name, i), "position.career",
                               "职业发展不能指向本岗位自己", f"career.{field_name}[{i + 1}]",
                               path=raw.path + ("career", field_name, i), value=target)
            else:
                r.ref(raw, ("career", field_name, i), target, ("positions",))
    for field_name in ("drafted_on", "reviewed_on", "approved_on"):
        text = getattr(pos.approval, field_name)
        if text and not real_date(text):
            r.report.error(raw.file, raw.line("approval", field_name), "position.date",
                           f"“{text}”不是真实存在的日期", f"approval.{field_name}",
                           path=raw.path + ("approval", field_name), value=text)


def real_date(text: str) -> bool:
    """True when YYYY-MM-DD names a day of the calendar (2024-02-29 yes, 2026-02-30 no)."""
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _check_kpis(r: _Resolver, kpis: dict[str, Kpi], raws) -> None:
    for kpi in kpis.values():
        raw = raws[kpi.id]
        r.ref(raw, ("evaluator",), kpi.evaluator, ("positions", "units"))
        if not kpi.formula and not kpi.levels:
            r.report.error(raw.file, raw.line(), "kpi.formula",
                           f"指标“{kpi.name}”既没有计算公式（formula），也没有评分等级（levels）；"
                           f"定量指标写公式，定性指标写各等级及其标准", "formula", path=raw.path + ("formula",))
        names = [level.name for level in kpi.levels]
        for j, level in enumerate(kpi.levels):
            if names.index(level.name) != j:
                r.report.error(raw.file, raw.line("levels", j, "name"), "kpi.levels",
                               f"评分等级“{level.name}”重复", f"levels[{j + 1}].name",
                               path=raw.path + ("levels", j, "name"), value=level.name)


def _check_courses(r: _Resolver, courses, raws) -> None:
    for course in courses.values():
        raw = raws[course.id]
        if (course.hours is None) == (course.days is None):
            r.report.error(raw.file, raw.line("hours") if course.hours else raw.line(), "course.length",
                           f"课程“{course.name}”的时长请写学时（hours）或天数（days）其中一个", "hours",
                           path=raw.path + ("hours",), value=course.hours)


def _check_position_links(r: _Resolver, pos: Position, raw) -> None:
    """Dotted-line superiors, second units, concurrent posts and vacancies of one position."""
    for field_name, targets, kinds in (("dotted_reports_to", pos.dotted_reports_to, ("positions",)),
                                       ("other_units", pos.other_units, ("units",)),
                                       ("concurrent", pos.concurrent, ("positions",))):
        for j, target in enumerate(targets):
            if target == pos.id:
                r.report.error(raw.file, raw.line(field_name, j), "position.self",
                               f"岗位不能在 {field_name} 中写它自己", f"{field_name}[{j + 1}]",
                               path=raw.path + (field_name, j), value=target)
            elif r.ref(raw, (field_name, j), target, kinds) and target in (pos.reports_to, pos.unit):
                r.report.error(raw.file, raw.line(field_name, j), "position.self",
                               f"“{r.names[target]}”已经是{'直接上级' if target == pos.reports_to else '所属单元'}，"
                               f"不必在 {field_name} 中重复", f"{field_name}[{j + 1}]",
                               path=raw.path + (field_name, j), value=target)
    if pos.vacancies and (pos.headcount is not None and pos.vacancies > pos.headcount):
        r.report.error(raw.file, raw.line("vacancies"), "position.headcount",
                       f"空缺 {pos.vacancies} 人，超过了编制 {pos.headcount} 人", "vacancies（空缺）",
                       path=raw.path + ("vacancies",), value=pos.vacancies)


def _check_veto(r: _Resolver, pos: Position, raw) -> None:
    """一票否决 items carry no weight; every other KPI must have one."""
    for i, entry in enumerate(pos.kpis):
        if entry.veto and entry.weight is not None:
            r.report.error(raw.file, raw.line("kpis", i, "weight"), "kpi.veto",
                           "一票否决项（veto: true）不计权重，请删除 weight；其余指标的权重之和仍为 100", f"kpis[{i + 1}].weight",
                           path=raw.path + ("kpis", i, "weight"), value=entry.weight)
        if not entry.veto and entry.weight is None:
            r.report.error(raw.file, raw.line("kpis", i), "kpi.weights",
                           f"指标 {entry.kpi} 没有写权重（weight）；一票否决项请写 veto: true", f"kpis[{i + 1}]",
                           path=raw.path + ("kpis", i, "weight"))


def _check_cycles(r: _Resolver, parent_of: dict[str, str | None], raws, field_name: str, what: str) -> None:
    """Report each cycle once, at the record of the cycle that sorts first."""
    done: set[str] = set()
    for start in sorted(parent_of):
        chain: list[str] = []
        on_chain: set[str] = set()  # membership in O(1): a 2,000-level chain stays linear
        node: str | None = start
        while node is not None and node in parent_of and node not in done and node not in on_chain:
            chain.append(node)
            on_chain.add(node)
            node = parent_of[node]
        if node in chain:
            cycle = chain[chain.index(node):]
            first = min(cycle)
            raw = raws[first]
            loop = " → ".join(cycle[cycle.index(first):] + cycle[: cycle.index(first)] + [first])
            r.report.error(raw.file, raw.line(field_name), "org.cycle", f"{what}形成了环：{loop}", field_name,
                           path=raw.path + (field_name,), value=loop)
        done.update(chain)


def _check_process(r: _Resolver, process: Process, raw, chapters) -> None:
    r.ref(raw, ("owner",), process.owner, ("units",))
    for i, kpi in enumerate(process.kpis):
        r.ref(raw, ("kpis", i), kpi, ("kpis",))
    for i, policy in enumerate(process.policies):
        r.ref(raw, ("policies", i), policy, ("chapters",))
    step_ids: dict[str, int] = {}
    for i, step in enumerate(process.steps):
        if step.id in step_ids:
            r.report.error(raw.file, raw.line("steps", i, "id"), "step.duplicate",
                           f"步骤标识 {step.id} 在本流程中重复（第 {step_ids[step.id] + 1} 步已使用）", f"steps[{i + 1}].id",
                           path=raw.path + ("steps", i, "id"), value=step.id)
        step_ids.setdefault(step.id, i)
    phases = {phase.id for phase in process.phases}
    for i, step in enumerate(process.steps):
        if step.id in RESERVED_STEP_IDS:
            r.report.error(raw.file, raw.line("steps", i, "id"), "id.reserved",
                           f"步骤标识 {step.id} 是流程图的开始/结束标记，请换一个（例如 {step.id}-step）", f"steps[{i + 1}].id",
                           path=raw.path + ("steps", i, "id"), value=step.id)
        _check_step(r, process, raw, i, step, step_ids, phases)
    targets = [t for i in range(len(process.steps)) for t, _ in successors(process, i)]
    if all(t == END or t in step_ids for t in targets) and len(step_ids) == len(process.steps):
        _check_reachable(r, process, raw, step_ids)  # else a wrong target is the cause, unreachable steps its consequence


def _check_step(r: _Resolver, process: Process, raw, i: int, step: Step, step_ids, phases) -> None:
    where = f"steps[{i + 1}]"
    if not step.role and not step.roles and not step.milestone and step.gateway not in ("并行", "汇合"):
        r.report.error(raw.file, raw.line("steps", i), "step.no-role",
                       f"步骤“{step.name}”没有写负责角色（role），请填写岗位或组织单元的标识；"
                       f"里程碑或事件请写 milestone: true", where, path=raw.path + ("steps", i))
    r.ref(raw, ("steps", i, "role"), step.role, ("positions", "units"))
    for j, role in enumerate(step.roles):
        r.ref(raw, ("steps", i, "roles", j), role, ("positions", "units"))
    _check_step_extras(r, process, raw, i, step)
    for j, participant in enumerate(step.participants):
        r.ref(raw, ("steps", i, "participants", j, "role"), participant.role, ("positions", "units"))
    if phases and not step.phase:
        r.report.error(raw.file, raw.line("steps", i), "step.phase", f"步骤“{step.name}”需要写明所属阶段（phase）", where,
                       path=raw.path + ("steps", i))
    if step.phase and step.phase not in phases:
        hint = did_you_mean(step.phase, {p.id: p.name for p in process.phases})
        r.report.error(raw.file, raw.line("steps", i, "phase"), "ref.unknown", f"本流程没有阶段 “{step.phase}”。{hint}", f"{where}.phase",
                       path=raw.path + ("steps", i, "phase"), value=step.phase)
    if is_exclusive(step) and (len(step.branches) < 2 or any(not b.label for b in step.branches)):
        r.report.error(raw.file, raw.line("steps", i), "step.decision",
                       f"判断节点“{step.name}”至少需要两个带标签（label）的分支（branches）", where,
                       path=raw.path + ("steps", i, "branches"))
    targets = [("branches", j, "to", b.to) for j, b in enumerate(step.branches)]
    targets += [("next", j, None, t) for j, t in enumerate(step.next or [])]
    for field_name, j, sub, target in targets:
        if target != END and target not in step_ids:
            path = ("steps", i, field_name, j) + ((sub,) if sub else ())
            hint = did_you_mean(target, {s.id: s.name for s in process.steps})
            r.report.error(raw.file, raw.line(*path), "ref.unknown",
                           f"本流程没有步骤 “{target}”（结束请写 end）。{hint}", field_path(path),
                           path=raw.path + path, value=target)


def _check_step_extras(r: _Resolver, process: Process, raw, i: int, step: Step) -> None:
    """Gateways and hand-offs to other processes (vocabularies are checked in vocab.check_values)."""
    where = f"steps[{i + 1}]"
    if step.decision and step.gateway in ("并行", "汇合"):
        r.report.error(raw.file, raw.line("steps", i, "gateway"), "step.gateway",
                       f"步骤“{step.name}”同时写了 decision: true 和 gateway: {step.gateway}；"
                       f"排他判断写 gateway: 判断，并行分叉写 gateway: 并行", f"{where}.gateway",
                       path=raw.path + ("steps", i, "gateway"), value=step.gateway)
    if step.gateway == "并行" and len(successors(process, i)) < 2:
        r.report.error(raw.file, raw.line("steps", i, "gateway"), "step.gateway",
                       f"并行网关“{step.name}”至少要分出两个分支：在 next 中写出同时开始的各个步骤", f"{where}.next",
                       path=raw.path + ("steps", i, "next"))
    if step.gateway == "汇合":
        incoming = sum(1 for k in range(len(process.steps)) for target, _ in successors(process, k) if target == step.id)
        if incoming < 2:
            r.report.error(raw.file, raw.line("steps", i, "gateway"), "step.gateway",
                           f"汇合网关“{step.name}”只有 {incoming} 个分支进入，至少需要两个（各并行分支都指向它）",
                           f"{where}.gateway", path=raw.path + ("steps", i, "gateway"), value=step.gateway)
    if step.calls is not None:
        if step.calls == process.id:
            r.report.error(raw.file, raw.line("steps", i, "calls"), "step.calls",
                           "步骤不能转入它所在的流程本身", f"{where}.calls", path=raw.path + ("steps", i, "calls"),
                           value=step.calls)
        else:
            r.ref(raw, ("steps", i, "calls"), step.calls, ("processes",))


def _check_reachable(r: _Resolver, process: Process, raw, step_ids: dict[str, int]) -> None:
    seen = _reach(process, start_indexes(process), step_ids)
    unreached = [i for i in range(len(process.steps)) if i not in seen]
    for i in _first_unreached(process, unreached, step_ids):
        step = process.steps[i]
        after = len(_reach(process, i, step_ids) & set(unreached)) - 1
        more = f"（经由它的另外 {after} 步因此也到达不了，不再逐一列出）" if after > 0 else ""
        r.report.error(raw.file, raw.line("steps", i), "step.unreachable",
                       f"步骤“{step.name}”从任何开始点出发都无法到达，请检查前面步骤的 next 或 branches，"
                       f"或者把它标为另一个开始点（start: true）{more}", f"steps[{i + 1}]",
                       path=raw.path + ("steps", i))
    ends = [i for i in seen if not successors(process, i) or any(t == END for t, _ in successors(process, i))]
    if not ends:  # `next: []` is a step that finishes the process too
        r.report.error(raw.file, raw.line("steps"), "step.no-end",
                       f"流程“{process.name}”从开始点出发走不到结束：请让最后一步不写 next，或在某一步的 next/branches 中写 end",
                       "steps（流程步骤）", path=raw.path + ("steps",))


def _reach(process: Process, starts, step_ids: dict[str, int]) -> set[int]:
    """Indexes of the steps reachable from `starts` (a step index or an iterable of them), the starts included."""
    starts = [starts] if isinstance(starts, int) else list(starts)
    seen, todo = set(starts), list(starts)
    while todo:
        for target, _ in successors(process, todo.pop()):
            index = step_ids.get(target)
            if index is not None and index not in seen:
                seen.add(index)
                todo.append(index)
    return seen


def _first_unreached(process: Process, unreached: list[int], step_ids: dict[str, int]) -> list[int]:
    """The unreachable steps that are causes: no other unreachable step leads to them (a loop counts once)."""
    reach = {i: _reach(process, i, step_ids) for i in unreached}
    upstream_free = [i for i in unreached if not any(i in reach[j] and j not in reach[i] for j in unreached if j != i)]
    kept: list[int] = []
    for i in upstream_free:
        if not any(i in reach[k] for k in kept):
            kept.append(i)
    return kept


def _check_chapter_refs(r: _Resolver, chapters: dict[str, Chapter]) -> None:
    """Every [[id]] in a chapter names a record (content.ref); [[id#anchor]] an anchor of it (content.anchor)."""
    for chapter in chapters.values():
        for offset, match in chapter_refs(chapter.body):
            target = match.group(1).strip()
            if target in r.records:
                if match.group(2):
                    from .validate.chapter_links import check_chapter_anchor

                    check_chapter_anchor(r, chapter, target, match.group(2).strip(), chapter.body_line + offset, chapters)
                continue
            pool = {rid: name for rid, name in r.names.items()}
            r.report.error(chapter.file, chapter.body_line + offset, "content.ref",
                           f"引用 [[{target}]] 指向的记录不存在。{did_you_mean(target, pool)}", value=target)


def _link(meta: Meta, synonyms, book: dict[str, dict], raws: Mapping[str, RawRecord | RawChapter]) -> Handbook:
    """Freeze the checked records into a Handbook, with every reverse relation of book.RELATIONS.

    `book`: kind → (id → record) in page order; `raws`: id → raw source of every registered record
    (those that failed validation included: a relation may still name them).
    """
    chapters = dict(sorted(book["chapters"].items(), key=lambda c: (c[1].order, c[0])))
    frozen = {kind: MappingProxyType(book[kind]) for kind in RECORD_KINDS if kind != "chapters"}
    return Handbook(
        meta=meta, synonyms=tuple(tuple(g) for g in synonyms), **frozen, chapters=MappingProxyType(chapters),
        sources=MappingProxyType({rid: (raw.file, _line(raw, "id")) for rid, raw in raws.items()}),
        vocab=effective(meta), **reverse_relations({**book, "chapters": chapters}, raws))


USED_BY = {"kpis": {"positions", "processes"}, "courses": {"positions"}, "units": {"positions", "units"}}
"""Which kinds of record can use a record of each kind (the `unused` warnings below)."""


def _warn_unused(hb: Handbook, raws, report: Report, failed_kinds=frozenset()) -> None:
    """Warn about kpis, courses and units nothing uses; a kind is skipped when a file that could use it failed."""
    skip = {kind for kind, users in USED_BY.items() if users & set(failed_kinds)}
    unused = [(kid, f"考核指标“{hb.kpis[kid].name}”没有被任何岗位或流程使用") for kid in hb.kpis if "kpis" not in skip
              and kid not in hb.kpi_positions and kid not in hb.kpi_processes]
    unused += [(cid, f"课程“{hb.courses[cid].name}”不在任何岗位的培训计划中") for cid in hb.courses
               if "courses" not in skip and cid not in hb.course_positions]
    unused += [(uid, f"组织单元“{hb.units[uid].name}”下没有岗位，也没有下级单元") for uid in hb.units if "units" not in skip
               and uid not in hb.unit_positions and uid not in hb.child_units and uid not in hb.secondary_positions]
    for rid, message in unused:  # the record's id: the one field that names what nothing uses
        raw = raws[rid]
        report.warning(raw.file, _line(raw, "id"), "unused", message, path=getattr(raw, "path", ()) + ("id",), value=rid)
