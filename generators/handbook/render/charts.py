"""Adapters from the handbook to the diagram engine's plain shapes.

The engine (handbook.diagrams) knows nothing about positions or processes;
this is the only place that translates.
"""

from __future__ import annotations

from markupsafe import Markup

from .. import diagrams
from ..resolve import Handbook, successors
from .links import record_page, relative_url, step_anchor

OVERVIEW_MAX_DEPTH = 3
"""The overview shows units only, a few levels deep; unit pages show the rest."""


def _unit_node(hb: Handbook, uid: str, src: str, depth: int, with_positions: bool) -> diagrams.OrgNode:
    unit = hb.units[uid]
    children: list[diagrams.OrgNode] = []
    if depth > 0:
        children += [_unit_node(hb, cid, src, depth - 1, with_positions) for cid in hb.child_units.get(uid, ())]
    if with_positions:
        children += [_position_node(hb, pid, src) for pid in hb.unit_positions.get(uid, ())]
    return diagrams.OrgNode(id=uid, label=unit.name, url=relative_url(src, record_page("units", uid)),
                            sublabel=unit.kind, kind="unit", children=tuple(children))


def _position_node(hb: Handbook, pid: str, src: str) -> diagrams.OrgNode:
    pos = hb.positions[pid]
    return diagrams.OrgNode(id=pid, label=pos.name, url=relative_url(src, record_page("positions", pid)),
                            sublabel=f"编制 {pos.headcount}", kind="position")


def _block(svg: str) -> Markup:
    """Inside a <div> the SVG is a raw HTML block: Markdown leaves its labels alone.
    Bare <svg> is not a block tag to Python-Markdown, which would apply link syntax to labels."""
    return Markup(f'<div class="hb-chart">{svg}</div>')


def overview_chart(hb: Handbook, src: str) -> Markup:
    roots = hb.roots()
    if len(roots) == 1:
        root = _unit_node(hb, roots[0], src, OVERVIEW_MAX_DEPTH, False)
    else:
        kids = tuple(_unit_node(hb, uid, src, OVERVIEW_MAX_DEPTH - 1, False) for uid in roots)
        root = diagrams.OrgNode(id="org-root", label=hb.meta.organization, url="./", kind="unit", children=kids)
    return _block(diagrams.render_orgchart(root, title=f"{hb.meta.organization}组织架构图"))


def unit_chart(hb: Handbook, uid: str, src: str) -> Markup:
    """A unit's own chart: its sub-units one level down, and its positions with headcount."""
    root = _unit_node(hb, uid, src, 1, True)
    trimmed = []
    for child in root.children:
        if child.kind == "unit":  # sub-units show their positions only on their own page
            child = diagrams.OrgNode(child.id, child.label, child.url, child.sublabel, child.kind, ())
        trimmed.append(child)
    root = diagrams.OrgNode(root.id, root.label, root.url, root.sublabel, root.kind, tuple(trimmed))
    return _block(diagrams.render_orgchart(root, title=f"{hb.units[uid].name}组织架构图"))


def process_chart(hb: Handbook, pid: str, src: str) -> Markup:
    proc = hb.processes[pid]
    lane_roles = list(dict.fromkeys(step.role for step in proc.steps))  # first appearance: a stable order
    lanes = [diagrams.Lane(id=role, label=hb.name_of(role), url=relative_url(src, record_page(hb.kind_of(role), role)))
             for role in lane_roles]
    bands = [diagrams.Band(id=ph.id, label=ph.name) for ph in proc.phases]
    nodes, edges = [], []
    for i, step in enumerate(proc.steps):
        nodes.append(diagrams.FlowNode(id=step.id, label=step.name, lane=step.role, url="#" + step_anchor(step.id),
                                       phase=step.phase, decision=step.decision, approval=step.approval))
        edges += [diagrams.FlowEdge(step.id, target, label) for target, label in successors(proc, i)]
    return _block(diagrams.render_swimlane(lanes, bands, nodes, edges, title=f"{proc.name}泳道图"))

