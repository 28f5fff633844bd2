"""Swimlane phases before geometry: the grid (lane and column of every box) and the symbolic routes.

Lanes are rows, steps are columns in step order (Start before the first, End after the last). A
column holds one step plus the boxes of that step's participants in their own lanes. Gateway
branches leave from the diamond's vertices (`gateway_ports`); routes are symbolic (routing.py) until
swimlane.py gives the gutters, strips and channels their coordinates.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Sequence

from .flow_boxes import named_beside, part_id
from .routing import Router, decision_ports
from .shapes import END, START, FlowEdge, FlowNode, Lane


@dataclass
class Grid:
    """Lane (row) and column of every box, in flow space.

    `columns[k]` lists the boxes of column k (the step first, then its participants); `edges` starts
    with the edge from Start; `associations` are (step, participant box) pairs, nearest first.
    """

    lanes: list[Lane]
    col: dict[str, int]
    row: dict[str, int]
    columns: list[list[str]]
    edges: list[FlowEdge]
    associations: list[tuple[str, str]] = field(default_factory=list)

    @property
    def n_lanes(self) -> int:
        return len(self.lanes)


def _validate(lanes, nodes, edges) -> list[FlowEdge]:
    lane_ids = [lane.id for lane in lanes]
    if not lanes:
        raise ValueError("swimlane needs at least one lane")
    if len(set(lane_ids)) != len(lane_ids):
        raise ValueError("duplicate lane id")
    ids = [n.id for n in nodes]
    if len(set(ids)) != len(ids):
        raise ValueError("duplicate step id")
    for n in nodes:
        if n.id in (START, END):
            raise ValueError(f"step id {n.id!r} is reserved")
        if n.lane not in lane_ids:
            raise ValueError(f"step {n.id!r} is in unknown lane {n.lane!r}")
        for p in n.parts:
            if p.lane not in lane_ids:
                raise ValueError(f"step {n.id!r} has a participant in unknown lane {p.lane!r}")
    known = set(ids)
    seen, out = set(), []
    for e in edges:
        if e.source not in known:
            raise ValueError(f"edge from unknown step {e.source!r}")
        if e.target not in known and e.target != END:
            raise ValueError(f"edge to unknown step {e.target!r}")
        key = (e.source, e.target, e.label)
        if key not in seen:
            seen.add(key)
            out.append(e)
    return out


def grid(lanes: Sequence[Lane], nodes: Sequence[FlowNode], edges: Sequence[FlowEdge],
         starts: Sequence[str] = ()) -> Grid:
    """Lanes in the given order, columns in step order; participants share their step's column.
    `starts`: further steps the process may begin at; the Start marker links to each of them too.

    Raises ValueError for unknown lanes or steps, duplicate ids and reserved ids.
    """
    lanes, nodes = list(lanes), list(nodes)
    edges = _validate(lanes, nodes, edges)
    lane_row = {lane.id: i for i, lane in enumerate(lanes)}
    n = len(nodes)
    col = {START: 0, END: n + 1}
    row: dict[str, int] = {}
    columns: list[list[str]] = [[START]]
    associations = []
    for i, node in enumerate(nodes):
        col[node.id] = i + 1
        row[node.id] = lane_row[node.lane]
        members = [node.id]
        own = row[node.id]
        parts = sorted({lane_row[p.lane] for p in node.parts} - {own})
        for side in ([r for r in parts if r < own][::-1], [r for r in parts if r > own]):
            prev = node.id
            for r in side:  # a chain from the step outwards, so no link passes over a box
                pid = part_id(node.id, lanes[r].id)
                col[pid], row[pid] = i + 1, r
                members.append(pid)
                associations.append((prev, pid))
                prev = pid
        columns.append(members)
    columns.append([END])
    row[START] = row[nodes[0].id] if nodes else 0
    end_sources = [e.source for e in edges if e.target == END]  # none: the chart draws no edge the data lacks
    row[END] = row[max(end_sources, key=lambda s: col[s])] if end_sources else row[START]
    all_edges = [FlowEdge(START, nodes[0].id if nodes else END)] + _extra_starts(nodes, starts) + edges
    return Grid(lanes, col, row, columns, all_edges, associations)


def _extra_starts(nodes: Sequence[FlowNode], starts: Sequence[str]) -> list[FlowEdge]:
    known = {node.id for node in nodes}
    first = nodes[0].id if nodes else None
    for sid in starts:
        if sid not in known:
            raise ValueError(f"start at unknown step {sid!r}")
    return [FlowEdge(START, sid) for sid in dict.fromkeys(starts) if sid != first]


def gateway_ports(nodes: Sequence[FlowNode], g: Grid) -> dict[int, str]:
    """Side each edge leaves its source from: "E" (along), or for gateway branches "N"/"S" (across)."""
    gateways = {node.id for node in nodes if node.decision or node.gateway == "parallel"}  # branches leave from vertices
    outgoing: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for i, e in enumerate(g.edges):
        outgoing[e.source].append((i, e.target))
    ports: dict[int, str] = {}
    for s, targets in outgoing.items():
        if s in gateways:
            mine = [g.row[p] for members in g.columns if members[0] == s for p in members[1:]]
            blocked = frozenset(({"N"} if any(r < g.row[s] for r in mine) else set())
                                | ({"S"} if any(r > g.row[s] for r in mine) else set()))
            ports.update(decision_ports(s, targets, g.col, g.row, g.n_lanes, blocked))
        else:
            ports.update({i: "E" for i, _ in targets})
    return ports


def route_edges(nodes: Sequence[FlowNode], g: Grid, ports: dict[int, str]) -> tuple[Router, dict[int, list]]:
    """Symbolic routes (routing.py); straight same-lane hops first, they read best."""
    main = {n for members in g.columns for n in members[:1]}
    extra = frozenset((g.row[n], g.col[n]) for members in g.columns for n in members if n not in main)
    busy = frozenset((e.source, ports[i]) for i, e in enumerate(g.edges) if ports[i] in ("N", "S")) \
        | frozenset((n.id, "S") for n in nodes if named_beside(n))  # an event's name lies on its far side
    router = Router({n: g.col[n] for n in main}, g.row, g.n_lanes, extra, busy)
    routes: dict[int, list] = {}
    for i, e in enumerate(g.edges):
        if ports[i] == "E":
            r = router.straight(i, e.source, e.target)
            if r:
                routes[i] = r
    for i, e in enumerate(g.edges):
        if i not in routes:
            routes[i] = router.route(i, e.source, e.target, ports[i])
    return router, routes
