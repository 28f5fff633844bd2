"""One search entry per line a reader looks for: a duty, an authority, a step, a KPI…

Each entry links to its exact anchor and says whom it belongs to, so a result
reads "商务助理 · 销售管理部" rather than just a page title.
"""

from __future__ import annotations

from typing import Iterator

from ..book import Handbook
from ..flow import responsible
from ..model import item_key, item_text
from ..search import SearchEntry
from ..addresses import page_url, record_page
from .links import item_anchor, step_anchor
from .processes_view import target_text

POSITION_LINE_TYPES = {"duties": "岗位职责", "authorities": "权限", "accountabilities": "责任"}
"""A position's list fields whose items are entries of their own, with the entry type of each."""
QUALIFICATIONS = {"education": "学历", "major": "专业", "experience": "工作经验"}


def entries_for_handbook(hb: Handbook) -> list[SearchEntry]:
    entries = [*_units(hb), *_positions(hb), *_position_kpis(hb), *_training(hb), *_kpis(hb), *_processes(hb),
               *_courses(hb), *_chapters(hb)]
    return sorted(entries, key=lambda e: e.id)


def _url(kind: str, rid: str, anchor: str = "") -> str:
    return page_url(record_page(kind, rid)) + (f"#{anchor}" if anchor else "")


def _units(hb: Handbook) -> Iterator[SearchEntry]:
    for uid, unit in hb.units.items():
        parent = hb.units[unit.parent].name if unit.parent else hb.meta.organization
        yield SearchEntry(f"units/{uid}", "组织单元", unit.name, unit.description or unit.name, _url("units", uid),
                          parent, uid, unit.name, is_name=True)
        for i, item in enumerate(unit.functions):
            anchor = item_anchor("functions", i, item_key(item))
            yield SearchEntry(f"units/{uid}#{anchor}", "部门职能", unit.name, item_text(item), _url("units", uid, anchor),
                              unit.name, uid, unit.name)


def _positions(hb: Handbook) -> Iterator[SearchEntry]:
    for pid, pos in hb.positions.items():
        unit_name = hb.units[pos.unit].name
        base = dict(owner=unit_name, unit=pos.unit, unit_name=unit_name)  # the title already names the position
        yield SearchEntry(f"positions/{pid}", "岗位", pos.name, pos.purpose or pos.name, _url("positions", pid),
                          is_name=True, **base)
        for field, label in POSITION_LINE_TYPES.items():
            for i, item in enumerate(getattr(pos, field)):
                anchor = item_anchor(field, i, item_key(item))
                yield SearchEntry(f"positions/{pid}#{anchor}", label, pos.name, item_text(item),
                                  _url("positions", pid, anchor), **base)
        q = pos.qualifications
        lines = [(f"qual-{k}", f"{label}：{getattr(q, k)}") for k, label in QUALIFICATIONS.items() if getattr(q, k)]
        for k, label in (("knowledge", "知识"), ("skills", "技能"), ("competencies", "素质能力"), ("other", "其他")):
            if getattr(q, k):
                lines.append((f"qual-{k}", f"{label}：{'、'.join(getattr(q, k))}"))
        for anchor, text in lines:
            yield SearchEntry(f"positions/{pid}#{anchor}", "任职资格", pos.name, text, _url("positions", pid, anchor), **base)
        for anchor, text in _position_relations(hb, pid):
            yield SearchEntry(f"positions/{pid}#{anchor}", "汇报关系", pos.name, text, _url("positions", pid, anchor), **base)


def _position_kpis(hb: Handbook) -> Iterator[SearchEntry]:
    """A position's 考核指标 table as one line, each KPI with its weight and target: 回款率的权重.

    One line per position rather than per KPI keeps the index small at thousands of positions."""
    for pid, pos in hb.positions.items():
        if not pos.kpis:
            continue
        unit_name = hb.units[pos.unit].name
        items = []
        for entry in pos.kpis:
            kpi = hb.kpis[entry.kpi]
            weight = "一票否决" if entry.veto or entry.weight is None else f"权重 {entry.weight:g}%"
            items.append(f"{kpi.name}（{weight}，目标值 {target_text(kpi, entry) or '—'}）")
        yield SearchEntry(f"positions/{pid}#kpis", "考核指标", "岗位考核指标", "；".join(items),
                          _url("positions", pid, "kpis"), f"{pos.name} · {unit_name}", pos.unit, unit_name)


def _training(hb: Handbook) -> Iterator[SearchEntry]:
    """A position's training plan as one line: its courses grouped by stage and 必修/选修 (入职必修：…).
    Hours are on the course's own entry."""
    for pid, pos in hb.positions.items():
        if not pos.training:
            continue
        unit_name = hb.units[pos.unit].name
        groups: dict[str, list[str]] = {}
        for entry in pos.training:
            course = hb.courses[entry.course]
            groups.setdefault(f"{entry.stage}{entry.kind}", []).append(course.name)
        text = "；".join(f"{label}：{'、'.join(names)}" for label, names in groups.items())
        yield SearchEntry(f"positions/{pid}#training", "培训计划", "培训计划", text,
                          _url("positions", pid, "training"), f"{pos.name} · {unit_name}", pos.unit, unit_name)


def _kpis(hb: Handbook) -> Iterator[SearchEntry]:
    """The KPI record, and one line per field a reader asks about (回款率的计算公式 / 目标值)."""
    for kid, kpi in hb.kpis.items():
        owner = kpi.category or "考核指标库"
        levels = "；".join(f"{level.name}：{level.description}" for level in kpi.levels)
        # a qualitative KPI (no formula) is scored by levels: they are what its record says
        text = kpi.definition if kpi.formula else f"{kpi.definition} 评分等级：{levels}"
        yield SearchEntry(f"kpis/{kid}", "考核指标", kpi.name, text, _url("kpis", kid), owner, is_name=True)
        fields = [("formula", "formula", f"计算公式：{kpi.formula}")] if kpi.formula else []
        if kpi.target:
            fields.append(("target", "", f"目标值：{target_text(kpi)}（{kpi.effective_direction or '按评分等级'}，{kpi.frequency}考核）"))
        if kpi.source:
            fields.append(("source", "", f"数据来源：{kpi.source}"))
        for key, anchor, text in fields:
            yield SearchEntry(f"kpis/{kid}#{key}", "考核指标", kpi.name, text, _url("kpis", kid, anchor), owner)


def _processes(hb: Handbook) -> Iterator[SearchEntry]:
    for pid, proc in hb.processes.items():
        owner_unit = hb.units[proc.owner]
        yield SearchEntry(f"processes/{pid}", "业务流程", proc.name, proc.purpose or proc.name, _url("processes", pid),
                          owner_unit.name, proc.owner, owner_unit.name, is_name=True)
        for key, label, value in (("scope", "适用范围", proc.scope), ("trigger", "触发条件", proc.trigger)):
            if value:  # shown in the facts table at the top of the page (no anchor of its own)
                yield SearchEntry(f"processes/{pid}#{key}", "业务流程", proc.name, f"{label}：{value}",
                                  _url("processes", pid), owner_unit.name, proc.owner, owner_unit.name)
        for i, step in enumerate(proc.steps, 1):
            roles = responsible(step)
            role = "、".join(hb.name_of(r) for r in roles) or "里程碑"
            approval = f"（{step.approval}）" if step.approval else ""
            text = f"{step.name}：{step.action}" if step.action else step.name
            text += "".join(f" {extra}" for extra in _step_extras(hb, step))
            first = roles[0] if roles else proc.owner
            unit = first if first in hb.units else hb.positions[first].unit
            yield SearchEntry(f"processes/{pid}#{step_anchor(step.id)}", "流程步骤", f"{i}. {step.name}",
                              f"{text} —— {role}{approval}", _url("processes", pid, step_anchor(step.id)),
                              proc.name, unit, hb.units[unit].name)
        for i, item in enumerate(proc.key_points):
            anchor = item_anchor("key_points", i, item_key(item))
            yield SearchEntry(f"processes/{pid}#{anchor}", "业务要点", proc.name, item_text(item),
                              _url("processes", pid, anchor), proc.name, proc.owner, owner_unit.name)


def _step_extras(hb: Handbook, step) -> list[str]:
    """Searchable words of a step beyond its name: approval conditions, the process it hands off to."""
    out = []
    if step.condition:
        out.append(f"审批条件：{step.condition}")
    out += [f"{hb.name_of(p.role)}{p.kind}条件：{p.condition}" for p in step.participants if p.condition]
    if step.calls:
        out.append(f"转入{hb.name_of(step.calls)}")
    return out


def _position_relations(hb: Handbook, pid: str) -> list[tuple[str, str]]:
    """(anchor, text) lines for dotted-line reporting, second units and concurrent posts."""
    pos = hb.positions[pid]
    out = []
    if pos.dotted_reports_to:
        out.append(("dotted-line", "虚线汇报：" + "、".join(hb.name_of(b) for b in pos.dotted_reports_to)))
    if pos.other_units:
        out.append(("other-units", "同时归属：" + "、".join(hb.name_of(u) for u in pos.other_units)))
    if hb.concurrent_posts.get(pid):
        out.append(("concurrent", "兼任：" + "、".join(hb.name_of(o) for o in hb.concurrent_posts[pid])))
    return out


def _courses(hb: Handbook) -> Iterator[SearchEntry]:
    for cid, course in hb.courses.items():
        length = f"{course.hours:g} 学时" if course.hours else (f"{course.days:g} 天" if course.days else "")
        facts = "，".join(x for x in (course.category, length, course.format) if x)
        text = "；".join([facts, *course.objectives, *course.outline])
        yield SearchEntry(f"courses/{cid}", "课程", course.name, text, _url("courses", cid), course.category, is_name=True)


def _chapters(hb: Handbook) -> Iterator[SearchEntry]:
    """Each ## / ### section of a policy chapter is an entry; its anchor is the section's toc id."""
    from .chapter_sections import sections

    for cid, chapter in hb.chapters.items():
        parts = sections(chapter.body, hb.name_of)
        lead = next((text for anchor, _, text in parts if not anchor), "")
        yield SearchEntry(f"chapters/{cid}", "制度", chapter.title, lead or chapter.title, _url("chapters", cid),
                          "管理制度", is_name=True)
        for anchor, title, text in parts:
            if anchor:
                yield SearchEntry(f"chapters/{cid}#{anchor}", "制度", title, text, _url("chapters", cid, anchor),
                                  chapter.title)
