"""Adapters from the handbook to the diagram engine's plain shapes.

The engine (handbook.diagrams) knows nothing about positions or processes;
this is the only place that translates.
"""

from __future__ import annotations

import dataclasses

from markupsafe import Markup

from .. import diagrams
from ..book import Handbook
from ..flow import is_exclusive, responsible, start_indexes, successors
from .staffing import position_headcount
from ..addresses import record_page
from .links import relative_url, step_anchor

OVERVIEW_MAX_DEPTH = 3
"""The overview shows units only, a few levels deep; unit pages show the rest."""


def _unit_node(hb: Handbook, uid: str, src: str, depth: int) -> diagrams.OrgNode:
    """A unit's box with its sub-units `depth` levels down (no positions)."""
    unit = hb.units[uid]
    children = tuple(_unit_node(hb, cid, src, depth - 1) for cid in hb.child_units.get(uid, ())) if depth > 0 else ()
    return diagrams.OrgNode(id=uid, label=unit.name, url=relative_url(src, record_page("units", uid)),
                            sublabel=unit.kind, kind="unit", children=children)


def _position_node(hb: Handbook, pid: str, src: str) -> diagrams.OrgNode:
    """A position's box; a post held together with another (兼任) carries the badge "兼任"."""
    pos = hb.positions[pid]
    return diagrams.OrgNode(id=pid, label=pos.name, url=relative_url(src, record_page("positions", pid)),
                            sublabel=position_sublabel(hb, pid), kind="position",
                            badge="兼任" if hb.concurrent_posts.get(pid) else "")


def _outside_node(hb: Handbook, pid: str, src: str, children: tuple = ()) -> diagrams.OrgNode:
    """A position of another unit, drawn dashed with its unit's name; `children`: this chart's positions
    that report to it (汇报关系 across units)."""
    pos = hb.positions[pid]
    return diagrams.OrgNode(id=pid, label=pos.name, url=relative_url(src, record_page("positions", pid)),
                            sublabel=hb.name_of(pos.unit), kind="outside", children=children)


def dotted_lines(hb: Handbook, members: list[str], src: str,
                 drawn: frozenset[str] = frozenset()) -> tuple[list[diagrams.OrgLink], list[diagrams.OrgNode]]:
    """The dotted-line reports (虚线汇报) that touch the positions `members` of one chart: (links from a
    position to its dotted-line superior, boxes for the positions of other units at their far end).
    `drawn`: further ids the chart already shows (superiors from other units); they get no second box."""
    inside = set(members) | drawn
    links, outside = [], {}
    for pid in members:
        pairs = [(pid, boss) for boss in hb.positions[pid].dotted_reports_to]
        pairs += [(sub, pid) for sub in hb.dotted_subordinates.get(pid, ())]
        for source, target in pairs:
            link = diagrams.OrgLink(source, target)
            if link in links:
                continue
            links.append(link)
            for far in (source, target):
                if far not in inside and far not in outside:
                    outside[far] = _outside_node(hb, far, src)
    return links, list(outside.values())


def position_sublabel(hb: Handbook, pid: str) -> str:
    """Under a position's name in org charts: headcount, dotted-line superiors, concurrent posts."""
    pos = hb.positions[pid]
    count = position_headcount(pos)
    parts = [count if count.startswith("编制") else f"编制 {count.replace(' 人', '')}"]
    if pos.dotted_reports_to:
        parts.append("虚线汇报 " + "、".join(hb.name_of(b) for b in pos.dotted_reports_to))
    if hb.dotted_subordinates.get(pid):
        parts.append("虚线下级 " + "、".join(hb.name_of(s) for s in hb.dotted_subordinates[pid]))
    if hb.concurrent_posts.get(pid):
        parts.append("兼任 " + "、".join(hb.name_of(o) for o in hb.concurrent_posts[pid]))
    return "；".join(parts)


def _block(svg: str, paper: diagrams.ChartDrawings | None = None) -> Markup:
    """Inside a <div> the SVG is a raw HTML block: Markdown leaves its labels alone.
    Bare <svg> is not a block tag to Python-Markdown, which would apply link syntax to labels.
    `paper`: drawings for print only (hidden on screen; the screen chart is hidden on paper), on landscape
    pages (assets/print.css) or in several parts when the plan says so."""
    if paper and paper.paper:
        cls = "hb-chart hb-has-print" + (" hb-print-landscape" if paper.page == "landscape" else "") \
            + (" hb-print-split" if paper.parts > 1 else "")
        return Markup(f'<div class="{cls}">{svg}{paper.paper}</div>')
    return Markup(f'<div class="hb-chart">{svg}</div>')


def overview_chart(hb: Handbook, src: str) -> Markup:
    """The org chart of each top-level unit. Several top-level units (of one or several legal entities)
    get one chart each, titled with their own organization: no invented common parent."""
    roots = hb.roots()
    if len(roots) == 1 and not hb.units[roots[0]].organization:
        root = _unit_node(hb, roots[0], src, OVERVIEW_MAX_DEPTH)
        return _block(diagrams.render_orgchart(root, title=f"{hb.meta.organization}组织架构图"))
    charts = []
    for uid in roots:
        root = _unit_node(hb, uid, src, OVERVIEW_MAX_DEPTH)
        org = hb.organization_of(uid)
        title = f"{org}组织架构图" if org == hb.units[uid].name else f"{org}：{hb.units[uid].name}组织架构图"
        charts.append(str(_block(diagrams.render_orgchart(root, title=title))))
    return Markup("\n\n".join(charts))


REPORTING_DEPTH = 12
"""Deepest reporting chain a unit chart nests; longer chains (only in odd data) continue flat under the unit."""


def unit_chart(hb: Handbook, uid: str, src: str) -> Markup:
    """A unit's own chart, following 汇报关系 (`reports_to`) and drawing no line the data does not give:
    the unit; its head directly below it (a head belongs under its unit whoever it reports to); under
    each position the unit's positions that report to it; the sub-units (one level, without their
    positions) under the head, or under the unit when it has no head; positions with no superior under
    the unit. A position whose superior belongs to another unit hangs under that superior, drawn as a
    dashed box with its unit's name below the unit's tree. Dotted-line reports (虚线汇报) run as dashed
    arrows (see `dotted_lines`); a post held together with another (兼任) carries a badge."""
    unit = hb.units[uid]
    members = list(hb.unit_positions.get(uid, ()))
    inside = set(members)
    head = unit.head if unit.head in inside else None
    sub_units = tuple(_unit_node(hb, cid, src, 0) for cid in hb.child_units.get(uid, ()))
    seen: set[str] = set()

    def position(pid: str, extra: tuple = (), depth: int = 0) -> diagrams.OrgNode:
        seen.add(pid)
        if depth >= REPORTING_DEPTH:  # a chain this long is drawn flat below, not nested further
            kids: tuple = ()
        else:
            kids = tuple(position(c, depth=depth + 1) for c in hb.subordinates.get(pid, ())
                         if c in inside and c not in seen)
        return dataclasses.replace(_position_node(hb, pid, src), children=kids + extra)

    def boss(pid: str) -> str | None:
        return None if pid == head else hb.positions[pid].reports_to or None

    children: tuple = (position(head, sub_units),) if head else ()
    children += tuple(position(p) for p in members if not boss(p) and p not in seen)
    if not head:
        children += sub_units
    away: dict[str, list[str]] = {}  # superior in another unit → this unit's positions under it
    for pid in members:
        if boss(pid) and boss(pid) not in inside and boss(pid) in hb.positions:
            away.setdefault(boss(pid), []).append(pid)
    bosses = [_outside_node(hb, b, src, tuple(position(p) for p in subs if p not in seen)) for b, subs in away.items()]
    children += tuple(position(p) for p in members if p not in seen)  # cycles: never lose a position
    root = dataclasses.replace(_unit_node(hb, uid, src, 0), children=children)
    links, outside = dotted_lines(hb, members, src, frozenset(away))
    return _block(diagrams.render_orgchart(root, title=f"{unit.name}组织架构图", links=links,
                                           outside=bosses + outside))


NO_ROLE_LANE = "__flow__"
CALLER_PREFIX = "caller:"  # ":" never occurs in a step id


def step_lanes(proc) -> list[str]:
    """The lane of each step: its first responsible role; a step without one (a milestone or a
    parallel gateway) sits in the lane of the step before it (or the first later step with a role)."""
    own = [(responsible(step) or [None])[0] for step in proc.steps]
    lanes, last = [], next((role for role in own if role), NO_ROLE_LANE)
    for role in own:
        last = role or last
        lanes.append(last)
    return lanes


def _flow_node(hb: Handbook, step, lane: str) -> diagrams.FlowNode:
    """A step as a chart node: task, exclusive decision, parallel fork/join, milestone or call activity."""
    gateway = {"并行": "parallel", "汇合": "join"}.get(step.gateway or "", "")
    joint = "、".join(hb.name_of(role) for role in responsible(step)[1:])
    return diagrams.FlowNode(id=step.id, label=step.name, lane=lane, url="#" + step_anchor(step.id),
                             phase=step.phase, decision=is_exclusive(step), approval=step.approval,
                             gateway=gateway, event=step.milestone and not step.role and not step.roles,
                             calls=hb.name_of(step.calls) if step.calls else "", joint=joint)


def _caller_nodes(hb: Handbook, pid: str, src: str, lane: str, first: str, phase) -> tuple[list, list]:
    """Events for the processes that hand off to this one, each leading into its first step."""
    nodes, edges = [], []
    for caller, _ in dict.fromkeys(hb.process_callers.get(pid, ())):
        nid = CALLER_PREFIX + caller
        nodes.append(diagrams.FlowNode(id=nid, label=f"由{hb.name_of(caller)}转入", lane=lane, phase=phase,
                                       url=relative_url(src, record_page("processes", caller)), event=True))
        edges.append(diagrams.FlowEdge(nid, first))
    return nodes, edges


def _further_roles(step) -> list[str]:
    """Roles of a step besides its lane: joint responsible roles, then participants (the step table's order)."""
    return list(responsible(step)[1:]) + [p.role for p in step.participants]


def process_chart(hb: Handbook, pid: str, src: str) -> Markup:
    proc = hb.processes[pid]
    lane_of = step_lanes(proc)
    # lanes in order of first appearance: each step's own lane, then its joint roles and participants
    lane_roles = list(dict.fromkeys(r for i, step in enumerate(proc.steps) for r in [lane_of[i]] + _further_roles(step)))
    lanes = [diagrams.Lane(id=role, label=hb.name_of(role), url=relative_url(src, record_page(hb.kind_of(role), role)))
             if role != NO_ROLE_LANE else diagrams.Lane(id=role, label="流程节点", url="") for role in lane_roles]
    bands = [diagrams.Band(id=ph.id, label=ph.name) for ph in proc.phases]
    nodes, edges = _caller_nodes(hb, pid, src, lane_of[0], proc.steps[0].id, proc.steps[0].phase)
    starts = [proc.steps[i].id for i in start_indexes(proc)[1:]]
    if nodes:  # the Start marker leads into the first caller; the process's own start stays an entry
        starts = [n.id for n in nodes[1:]] + [proc.steps[0].id] + starts
    for i, step in enumerate(proc.steps):
        node = _flow_node(hb, step, lane_of[i])
        joint = [diagrams.Part(role, "会同") for role in responsible(step)[1:]]
        parts = tuple(joint + [diagrams.Part(p.role, p.kind) for p in step.participants])
        nodes.append(dataclasses.replace(node, parts=parts))
        edges += [diagrams.FlowEdge(step.id, target, label) for target, label in successors(proc, i)]
    drawings = diagrams.render_swimlane_with_print(lanes, bands, nodes, edges, title=f"{proc.name}泳道图",
                                                   starts=starts, orientation=proc.chart)
    return _block(drawings.screen, drawings)

