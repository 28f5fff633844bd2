"""Swimlane layout: one lane per role, one column per step, orthogonal routing.

Grid: lanes are rows, steps are columns in step order (Start before the
first, End after the last). A column holds one step, plus the boxes of that
step's participants in their own lanes. Between columns run *gutters*; on
both sides of the boxes of each lane run *strips*; outside all lanes run two
*channels* for back-edges. Boxes only ever sit in (lane, column) cells, so a
connector that travels along gutters, strips, channels and empty cells cannot
cross a box.

The whole layout is computed in *flow space*: "along" is the direction the
steps follow, "across" the direction lanes are stacked. A horizontal chart
maps along→x, across→y (lanes are rows); a vertical chart (lanes as columns
across the top, steps flowing down, as Chinese handbooks usually draw 泳道图)
maps along→y, across→x. Boxes and labels are sized in real space (text is
always horizontal) and their extents are swapped into flow space.

Phases, each a function: `grid` (lanes and columns), `size_boxes`,
`gateway_ports`, `route_edges` (symbolic, see routing.py), `plan_gutters`,
`plan_strips`, coordinates (`_along`, `_across`), `place_labels`, and finally
the mapping to real space.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from typing import Sequence

from .boxes import block, blocks_height, rect_box, simplify, tooltip
from .routing import CLS_ORDER, Router, colour, decision_ports
from .shapes import (END, START, Band, BandSpan, Box, Connector, FlowEdge, FlowNode, Label, Lane, LaneRow,
                     SwimlaneLayout, TextBlock)
from .svg import BLOCK_GAP, swimlane_svg
from .text import text_width, wrap

FONT, LH = 13.0, 17.0
BADGE_FONT, BADGE_LH = 11.0, 15.0
STEP_W, STEP_PAD_X, STEP_PAD_Y, STEP_MIN_H = 124.0, 8.0, 7.0, 44.0
DIAMOND_WIDTHS = (140.0, 172.0, 204.0)
STEP_W_V, DIAMOND_WIDTHS_V = 100.0, (116.0, 136.0, 156.0)
"""Vertical charts: lanes side by side must stay narrow, boxes grow downwards instead."""
DIAMOND_MIN_H = 64.0
MARKER_W, MARKER_H = 56.0, 30.0
HEADER_W, HEADER_FONT, HEADER_LH, HEADER_PAD = 108.0, 14.0, 18.0, 8.0
BAND_FONT, BAND_LH, BAND_PAD = 13.0, 17.0, 6.0
BAND_V_WIDTHS = (2, 3, 4, 6)
"""Vertical charts: the phase column is this many characters wide, the narrowest that fits."""
EDGE_FONT, EDGE_LH, EDGE_LABEL_W = 12.0, 15.0, 84.0
GUTTER_MIN, SLOT_SP, SLOT_MARGIN = 36.0, 8.0, 12.0
STRIP_MIN, TRACK_SP = 14.0, 8.0
CHANNEL_EMPTY, LANE_MIN_CONTENT = 10.0, 40.0
MARGIN = 12.0
LOOP_OFFSET = 7.0
"""A loop that must enter its target from the side ends this far off the middle, apart from forward arrows."""
START_TEXT, END_TEXT = "开始", "结束"
HORIZONTAL_MAX_WIDTH = 800.0
"""Automatic orientation: a horizontal chart wider than this would have to shrink below readable
size in the content column (about 690 px at a 1280 px window, text ≥ 11 px needs scale ≥ 0.85),
so the chart is drawn vertically instead, unless the vertical one is wider still."""
ORIENTATIONS = ("auto", "horizontal", "vertical")


# ------------------------------------------------------------------ boxes


GATEWAY_SYMBOL = {"parallel": "+", "join": "+"}
"""BPMN: a parallel gateway (fork or join) is a diamond marked +; an exclusive one is the plain decision diamond."""


def _task_extras(node: FlowNode, inner_w: float) -> tuple[TextBlock, ...]:
    """Lines under a task's name: its joint roles, and the process it hands off to."""
    extra = []
    if node.joint:
        extra.append(block(f"会同 {node.joint}", inner_w, BADGE_FONT, BADGE_LH, "sublabel"))
    if node.calls:
        extra.append(block(f"转入 {node.calls}", inner_w, BADGE_FONT, BADGE_LH, "sublabel"))
    return tuple(extra)


def _diamond(node: FlowNode, box_id: str, widths, blocks, svg_kind: str, tip: str) -> Box:
    """Widen a gateway until a short question fits on one line (or a longer one on two), then grow in height."""
    options = [(w, blocks(w / 2 - 6)) for w in widths]
    w, b = next((o for o in options[:2] if len(o[1][-1].lines) <= 1), None) \
        or next((o for o in options if len(o[1][-1].lines) <= 2), options[-1])
    h = max(DIAMOND_MIN_H, 2 * (blocks_height(b, BLOCK_GAP) + 4))
    return Box(0, 0, w, h, box_id, node.url, svg_kind, "diamond", b, w / 2 - 6, h / 2 - 4, tip)


def _step_box(node: FlowNode, *, id: str | None = None, task: bool = False, badge: str | None = None,
              narrow: bool = False) -> Box:
    """Rectangle for a task (thick border: a call activity), diamond for a gateway (a parallel one
    marked +), pill for an event; approval kind as a badge on top. `task` draws any node as a plain
    task (a participant's box); `narrow` boxes (vertical charts) are narrower and taller."""
    step_w, diamond_widths = (STEP_W_V, DIAMOND_WIDTHS_V) if narrow else (STEP_W, DIAMOND_WIDTHS)
    badge = node.approval if badge is None else badge
    kind = "task" if task else node.kind
    box_id = id or node.id
    if kind == "parallel":
        symbol = TextBlock((GATEWAY_SYMBOL[node.gateway],), 20.0, 22.0, "gateway")
        return _diamond(node, box_id, diamond_widths[1:2],
                        lambda inner_w: (symbol, block(node.label, inner_w, FONT, LH, "label")),
                        f"gateway-{node.gateway}", tooltip(node.label, "并行网关"))
    if kind == "event":
        pad_x = STEP_PAD_X + 6
        return rect_box(x=0, y=0, w=step_w, min_h=STEP_MIN_H, pad_x=pad_x, pad_y=STEP_PAD_Y, gap=BLOCK_GAP,
                        blocks=(block(node.label, step_w - 2 * pad_x, FONT, LH, "label"),), id=box_id,
                        url=node.url, kind="event", shape="pill", tooltip=tooltip(node.label, "里程碑"))

    def blocks(inner_w: float) -> tuple[TextBlock, ...]:
        top = (block(badge, inner_w, BADGE_FONT, BADGE_LH, "badge"),) if badge else ()
        extras = () if kind == "exclusive" or task else _task_extras(node, inner_w)
        return top + (block(node.label, inner_w, FONT, LH, "label"),) + extras

    tip = tooltip(node.label, badge or "", f"会同 {node.joint}" if node.joint else "",
                  f"转入 {node.calls}" if node.calls else "")
    if kind == "exclusive":
        return _diamond(node, box_id, diamond_widths, blocks, "decision", tip)
    return rect_box(x=0, y=0, w=step_w, min_h=STEP_MIN_H, pad_x=STEP_PAD_X, pad_y=STEP_PAD_Y, gap=BLOCK_GAP,
                    blocks=blocks(step_w - 2 * STEP_PAD_X), id=box_id, url=node.url,
                    kind="call" if kind == "call" else "step", tooltip=tip)


def _marker_box(id: str, text: str) -> Box:
    b = (TextBlock((text,), FONT, LH, "label"),)
    return Box(0, 0, MARKER_W, MARKER_H, id, "", id, "pill", b, MARKER_W - 16, MARKER_H - 8, text)


def part_id(node_id: str, lane: str) -> str:
    """Id of the participant box of step `node_id` in `lane`."""
    return f"{node_id}@{lane}"


# ------------------------------------------------------------------ phase 1: lanes and columns


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


# ------------------------------------------------------------------ phase 2: boxes


def size_boxes(nodes: Sequence[FlowNode], g: Grid, narrow: bool = False) -> dict[str, Box]:
    """Every box at (0, 0) with its real width and height (text is always horizontal); `narrow` for
    vertical charts."""
    sized = {START: _marker_box(START, START_TEXT), END: _marker_box(END, END_TEXT)}
    lane_label = {lane.id: lane for lane in g.lanes}
    for node in nodes:
        sized[node.id] = _step_box(node, narrow=narrow)
        for p in node.parts:
            pid = part_id(node.id, p.lane)
            if pid in g.col and pid not in sized:
                sized[pid] = _step_box(node, id=pid, task=True, badge=p.label or "参与", narrow=narrow)
                sized[pid] = replace(sized[pid], kind="participant",
                                     tooltip=tooltip(lane_label[p.lane].label, p.label, node.label))
    return sized


# ------------------------------------------------------------------ phase 3: gateways and routes


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
    busy = frozenset((e.source, ports[i]) for i, e in enumerate(g.edges) if ports[i] in ("N", "S"))
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


# ------------------------------------------------------------------ phase 4: gutters and strips


@dataclass
class _Flow:
    """Flow-space extents: `ea`/`ec` map a real (w, h) to (along, across)."""

    vertical: bool

    def ext(self, w: float, h: float) -> tuple[float, float]:
        return (h, w) if self.vertical else (w, h)

    def point(self, a: float, c: float) -> tuple[float, float]:
        return (c, a) if self.vertical else (a, c)

    def rect(self, a: float, c: float, ea: float, ec: float) -> tuple[float, float, float, float]:
        return (c, a, ec, ea) if self.vertical else (a, c, ea, ec)


def plan_gutters(router: Router, g: Grid, sized: dict[str, Box], label_ext: dict[int, tuple[float, float]],
                 ports: dict[int, str], flow: _Flow):
    """Slot of each edge in each gutter, and the along-extent of every gutter (room for labels on exits)."""
    n_cols = len(g.columns)
    outgoing: dict[str, list[int]] = defaultdict(list)  # this node's edges only: linear in the process length
    for i, e in enumerate(g.edges):
        outgoing[e.source].append(i)
    slot: dict[tuple[int, str, int], int] = {}
    slot_base: dict[tuple[int, str], int] = {}
    gutter_w = []
    for k in range(n_cols + 1):
        start = 0
        for cls in CLS_ORDER:
            items = [(lo, hi, e) for c, e, lo, hi in router.gutters.get(k, []) if c == cls]
            colours, count = colour(items)
            for e, j in colours.items():
                slot[(k, cls, e)] = j
            slot_base[(k, cls)] = start
            start += count
        need = [GUTTER_MIN, 2 * SLOT_MARGIN + max(0, start - 1) * SLOT_SP]
        if k >= 1:  # room for labels beyond the exit of the step before this gutter
            need += [label_ext[i][0] + 8 for i in outgoing.get(g.columns[k - 1][0], ())
                     if ports[i] == "E" and i in label_ext]
        gutter_w.append(max(need))
        slot_base[(k, "_n")] = start
    return slot, slot_base, gutter_w


def plan_strips(router: Router, g: Grid, label_ext, ports):
    """Track of each edge in each strip and channel; the across-extent each strip needs."""
    strip_track: dict[tuple[int, str, int], int] = {}
    strip_n: dict[tuple[int, str], int] = {}
    for key, items in router.strips.items():
        colours, count = colour([(lo, hi, e) for e, lo, hi in items])
        strip_n[key] = count
        for e, j in colours.items():
            strip_track[(key[0], key[1], e)] = j
    chan_track: dict[tuple[str, int], int] = {}
    chan_n: dict[str, int] = {}
    for side, items in router.channels.items():
        colours, count = colour([(lo, hi, e) for e, lo, hi in items])
        chan_n[side] = count
        for e, j in colours.items():
            chan_track[(side, e)] = j
    label_need: dict[tuple[int, str], float] = defaultdict(float)  # labels on branches leaving N/S
    for i, e in enumerate(g.edges):
        if ports[i] in ("N", "S") and i in label_ext:
            key = (g.row[e.source], "T" if ports[i] == "N" else "B")
            label_need[key] = max(label_need[key], label_ext[i][1] + 8)
    strip_h: dict[tuple[int, str], float] = {}
    for r in range(g.n_lanes):
        for side in ("T", "B"):
            strip_h[(r, side)] = max(STRIP_MIN, (strip_n.get((r, side), 0) + 1) * TRACK_SP, label_need[(r, side)])
    return strip_track, strip_n, chan_track, chan_n, strip_h


# ------------------------------------------------------------------ phase 5: labels


def _segments(points):
    return list(zip(points, points[1:]))


def _overlaps(a: tuple[float, float, float, float], b: tuple[float, float, float, float], margin: float) -> bool:
    ax, ay, aw, ah = a
    bx, by, bw, bh = b
    return ax < bx + bw + margin and bx < ax + aw + margin and ay < by + bh + margin and by < ay + ah + margin


def _label_candidates(points, w: float, h: float):
    """Rectangles next to the route: first the classic spots (by the start, the middle, the end of
    each segment), then more spots along it, then the same a little further from the line."""
    for gap in (3.0, 10.0, 18.0):
        for fractions in ((None,), (0.1, 0.3, 0.7, 0.9)):
            for (x1, y1), (x2, y2) in _segments(points):
                if y1 == y2:
                    lo, hi = min(x1, x2), max(x1, x2)
                    if fractions == (None,):
                        xs = [x1 + 4 if x2 > x1 else x1 - 4 - w, (lo + hi - w) / 2, x2 - 12 - w if x2 > x1 else x2 + 12,
                              lo + (hi - lo - w) / 4, lo + 3 * (hi - lo - w) / 4]
                    else:
                        xs = [lo + f * (hi - lo) - w / 2 for f in fractions]
                    for x in xs:
                        yield (x, y1 - gap - h, w, h)
                        yield (x, y1 + gap, w, h)
                else:
                    lo, hi = min(y1, y2), max(y1, y2)
                    if fractions == (None,):
                        ys = [y1 + 4 if y2 > y1 else y1 - 4 - h, (y1 + y2 - h) / 2, y2 - 12 - h if y2 > y1 else y2 + 12,
                              lo + (hi - lo - h) / 4, lo + 3 * (hi - lo - h) / 4]
                    else:
                        ys = [lo + f * (hi - lo) - h / 2 for f in fractions]
                    for y in ys:
                        yield (x1 + gap + 1, y, w, h)
                        yield (x1 - gap - 1 - w, y, w, h)


class _Buckets:
    """Rectangles (x, y, w, h) filed in a grid of fixed-size cells, so an overlap test looks only at
    nearby ones: placing every label of a long process stays linear instead of quadratic."""

    SIZE = 240.0

    def __init__(self, rects=()):
        self.cells: dict[tuple[int, int], list] = defaultdict(list)
        for rect in rects:
            self.add(rect)

    def _keys(self, rect, margin: float):
        x, y, w, h = rect
        for i in range(int((x - margin) // self.SIZE), int((x + w + margin) // self.SIZE) + 1):
            for j in range(int((y - margin) // self.SIZE), int((y + h + margin) // self.SIZE) + 1):
                yield i, j

    def add(self, rect) -> None:
        for key in self._keys(rect, 0):
            self.cells[key].append(rect)

    def hits(self, rect, margin: float) -> bool:
        """Whether `rect` overlaps (within `margin`) any filed rectangle."""
        return any(_overlaps(rect, other, margin) for key in self._keys(rect, margin) for other in self.cells.get(key, ()))


def place_labels(routes: list[tuple[tuple[float, float], ...]], sizes: dict[int, tuple[float, float]],
                 obstacles: list[tuple[float, float, float, float]], width: float, height: float
                 ) -> dict[int, tuple[float, float, float, float]]:
    """A rectangle next to its own line for every labelled route (real coordinates).

    Candidates are tried in order under decreasing constraints: covers no box, no earlier label and
    no line; then no box and no label; then no box; as a last resort the first candidate.
    """
    lines = _Buckets((min(p[0], q[0]), min(p[1], q[1]), abs(p[0] - q[0]), abs(p[1] - q[1]))
                     for pts in routes for p, q in _segments(pts))
    boxes, placed = _Buckets(obstacles), _Buckets()
    out = {}
    for i in sorted(sizes):
        w, h = sizes[i]
        cands = list(_label_candidates(routes[i], w, h))

        def clear(c, labels: bool, crossing: bool):
            return (c[0] >= 0 and c[1] >= 0 and c[0] + c[2] <= width and c[1] + c[3] <= height
                    and not boxes.hits(c, 2) and not (labels and placed.hits(c, 2))
                    and not (crossing and lines.hits(c, 1)))

        pick = next((c for c in cands if clear(c, True, True)), None) \
            or next((c for c in cands if clear(c, True, False)), None) \
            or next((c for c in cands if clear(c, False, False)), None) or cands[0]
        placed.add(pick)
        out[i] = pick
    return out


# ------------------------------------------------------------------ layout


def layout_swimlane(lanes: Sequence[Lane], bands: Sequence[Band], nodes: Sequence[FlowNode],
                    edges: Sequence[FlowEdge], starts: Sequence[str] = (), orientation: str = "auto") -> SwimlaneLayout:
    """Geometry of the swimlane chart (see module docstring for the grid and routing).

    `starts`: further steps the process may begin at (the Start marker links to each of them too).
    `orientation` is "horizontal" (lanes are rows), "vertical" (lanes are columns) or "auto":
    horizontal unless wider than HORIZONTAL_MAX_WIDTH and the vertical chart is narrower.
    Raises ValueError for an unknown orientation or bad references (see `grid`).
    """
    if orientation not in ORIENTATIONS:
        raise ValueError(f"unknown orientation {orientation!r}")
    if orientation != "auto":
        return _layout(lanes, bands, nodes, edges, starts, orientation == "vertical")
    return _choose(_layout(lanes, bands, nodes, edges, starts, False),
                   lambda: _layout(lanes, bands, nodes, edges, starts, True))


def _choose(wide: SwimlaneLayout, tall) -> SwimlaneLayout:
    """The automatic choice between the horizontal layout and (computed only if needed) the vertical one."""
    if wide.width <= HORIZONTAL_MAX_WIDTH:
        return wide
    vertical = tall()
    return vertical if vertical.width < wide.width else wide


def _layout(lanes, bands, nodes, edges, starts, vertical: bool) -> SwimlaneLayout:
    flow = _Flow(vertical)
    lanes, bands, nodes = list(lanes), list(bands), list(nodes)
    g = grid(lanes, nodes, edges, starts)
    n_lanes = g.n_lanes
    sized = size_boxes(nodes, g, narrow=vertical)
    ext = {k: flow.ext(b.w, b.h) for k, b in sized.items()}  # (along, across)
    ports = gateway_ports(nodes, g)
    router, routes = route_edges(nodes, g, ports)

    label_lines = {i: tuple(wrap(e.label, EDGE_LABEL_W, EDGE_FONT)) for i, e in enumerate(g.edges)}
    label_real = {i: (max(text_width(x, EDGE_FONT) for x in ls) + 4, len(ls) * EDGE_LH)
                  for i, ls in label_lines.items() if ls}
    label_ext = {i: flow.ext(*wh) for i, wh in label_real.items()}

    slot, slot_base, gutter_w = plan_gutters(router, g, sized, label_ext, ports, flow)
    strip_track, strip_n, chan_track, chan_n, strip_h = plan_strips(router, g, label_ext, ports)

    # lanes across: strips either side of the tallest box (across) of the lane
    content = [max([ext[c][1] for members in g.columns for c in members if g.row[c] == r] + [LANE_MIN_CONTENT])
               for r in range(n_lanes)]
    if vertical:
        header_blocks = []
        for r in range(n_lanes):
            lane_w = strip_h[(r, "T")] + content[r] + strip_h[(r, "B")]
            header_blocks.append(block(lanes[r].label, lane_w - 2 * HEADER_PAD, HEADER_FONT, HEADER_LH, "label"))
        header_along = max(tb.height for tb in header_blocks) + 2 * HEADER_PAD
    else:
        header_blocks = [block(lane.label, HEADER_W - 2 * HEADER_PAD, HEADER_FONT, HEADER_LH, "label")
                         for lane in lanes]
        header_along = HEADER_W
        for r in range(n_lanes):  # the lane must be tall enough for its header
            t, b = strip_h[(r, "T")], strip_h[(r, "B")]
            need = header_blocks[r].height + 2 * HEADER_PAD
            if t + content[r] + b < need:
                extra = (need - (t + content[r] + b)) / 2
                strip_h[(r, "T")], strip_h[(r, "B")] = t + extra, b + extra

    # along coordinates: header, then gutter / column / gutter ...
    n_cols = len(g.columns)
    col_w = [max(ext[c][0] for c in members) for members in g.columns]
    a = MARGIN + header_along
    gutter_a, col_a = [], []
    for k in range(n_cols):
        gutter_a.append(a)
        a += gutter_w[k]
        col_a.append(a)
        a += col_w[k]
    gutter_a.append(a)
    along_total = a + gutter_w[n_cols] + MARGIN

    def slot_a(k: int, cls: str, e: int) -> float:
        total = slot_base[(k, "_n")]
        j = slot_base[(k, cls)] + slot[(k, cls, e)]
        return gutter_a[k] + (gutter_w[k] - (total - 1) * SLOT_SP) / 2 + j * SLOT_SP

    # phase bands: runs of consecutive columns of one phase
    band_of = {b.id: b for b in bands}
    segments: list[tuple[Band, int, int]] = []
    for c, node in enumerate(nodes, start=1):
        if node.phase in band_of:
            if segments and segments[-1][0].id == node.phase and segments[-1][2] == c - 1:
                segments[-1] = (segments[-1][0], segments[-1][1], c)
            else:
                segments.append((band_of[node.phase], c, c))
    spans = [(b, gutter_a[c0] + gutter_w[c0] / 2 + 1, gutter_a[c1 + 1] + gutter_w[c1 + 1] / 2 - 1)
             for b, c0, c1 in segments]
    band_blocks: list[TextBlock] = []
    band_across = 0.0
    if spans and vertical:  # a narrow column of phase names: the narrowest width whose text fits its span
        one_line = max(text_width(b.label, BAND_FONT) for b, *_ in spans) + 1  # always fits: a row is >= 2 lines high
        for inner in [chars * BAND_FONT + 1 for chars in BAND_V_WIDTHS if chars * BAND_FONT + 1 < one_line] + [one_line]:
            band_blocks = [block(b.label, inner, BAND_FONT, BAND_LH, "header") for b, *_ in spans]
            if all(tb.height + 2 * BAND_PAD <= a1 - a0 for tb, (_, a0, a1) in zip(band_blocks, spans)):
                break
        band_across = inner + 2 * BAND_PAD
    elif spans:
        band_blocks = [block(b.label, a1 - a0 - 2 * BAND_PAD, BAND_FONT, BAND_LH, "header") for b, a0, a1 in spans]
        band_across = max(BAND_LH, max(tb.height for tb in band_blocks)) + 2 * BAND_PAD

    # across coordinates: bands, channel, lanes, channel
    def chan_extent(side: str) -> float:
        k = chan_n.get(side, 0)
        return (k + 1) * TRACK_SP if k else CHANNEL_EMPTY

    c = MARGIN
    band_c = c
    c += band_across
    c += chan_extent("top")
    body_c = c
    lane_c, lane_ext, lane_mid, content_top = [], [], [], []
    for r in range(n_lanes):
        t, b = strip_h[(r, "T")], strip_h[(r, "B")]
        lane_c.append(c)
        lane_ext.append(t + content[r] + b)
        content_top.append(c + t)
        lane_mid.append(c + t + content[r] / 2)
        c += t + content[r] + b
    body_end = c
    bottom_chan_c = c
    c += chan_extent("bottom")
    across_total = c + MARGIN

    # boxes in flow space (x=along, y=across, w/h = along/across extents)
    fbox: dict[str, tuple[float, float, float, float]] = {}
    for k, members in enumerate(g.columns):
        for nid in members:
            ea, ec = ext[nid]
            fbox[nid] = (col_a[k] + (col_w[k] - ea) / 2, lane_mid[g.row[nid]] - ec / 2, ea, ec)

    def strip_c(r: int, side: str, e: int) -> float:
        k, j = strip_n[(r, side)], strip_track[(r, side, e)]
        if side == "T":
            return content_top[r] - (j + 1) * strip_h[(r, "T")] / (k + 1)
        return lane_c[r] + lane_ext[r] - strip_h[(r, "B")] + (j + 1) * strip_h[(r, "B")] / (k + 1)

    def chan_c(side: str, e: int) -> float:
        j = chan_track[(side, e)]
        return body_c - (j + 1) * TRACK_SP if side == "top" else bottom_chan_c + (j + 1) * TRACK_SP

    def ra(ref) -> float:
        x, _, w, _ = fbox.get(ref[1], (0, 0, 0, 0))
        return {"E": lambda: x + w, "W": lambda: x, "C": lambda: x + w / 2,
                "G": lambda: slot_a(ref[1], ref[2], ref[3])}[ref[0]]()

    def rc(ref) -> float:
        _, y, _, h = fbox.get(ref[1], (0, 0, 0, 0))
        if ref[0] == "Q":  # a loop entering from the side: a little off the middle (a diamond has one vertex)
            off = 0.0 if sized[ref[1]].shape == "diamond" else min(LOOP_OFFSET, h / 4)
            return y + h / 2 + (-off if ref[2] == "top" else off)
        return {"M": lambda: y + h / 2, "T": lambda: y, "B": lambda: y + h,
                "S": lambda: strip_c(ref[1], ref[2], ref[3]), "H": lambda: chan_c(ref[1], ref[2])}[ref[0]]()

    # real geometry
    width, height = (across_total, along_total) if vertical else (along_total, across_total)

    def real_box(b: Box, a0: float, c0: float) -> Box:
        x, y, _, _ = flow.rect(a0, c0, *flow.ext(b.w, b.h))
        return replace(b, x=x, y=y)

    out_boxes: list[Box] = []
    lane_rows: list[LaneRow] = []
    for r, lane in enumerate(lanes):
        x, y, w, h = flow.rect(MARGIN, lane_c[r], header_along, lane_ext[r])
        out_boxes.append(Box(x, y, w, h, f"lane:{lane.id}", lane.url, "lane", "rect", (header_blocks[r],),
                             w - 2 * HEADER_PAD, h - 2 * HEADER_PAD, tooltip(lane.label)))
        lx, ly, lw, lh = flow.rect(MARGIN + header_along, lane_c[r], along_total - MARGIN - header_along,
                                   lane_ext[r])
        lane_rows.append(LaneRow(lane.id, ly, lh, lx, lw))
    band_spans = []
    seen_bands: dict[str, int] = defaultdict(int)
    for (b, a0, a1), tb in zip(spans, band_blocks):
        k = seen_bands[b.id]
        seen_bands[b.id] += 1
        bid = f"band:{b.id}" + (f":{k}" if k else "")
        x, y, w, h = flow.rect(a0, band_c, a1 - a0, band_across)
        out_boxes.append(Box(x, y, w, h, bid, "", "band", "rect", (tb,), w - 2 * BAND_PAD, h - 2 * BAND_PAD,
                             tooltip(b.label)))
        bx, by, bw, bh = flow.rect(a0, body_c, a1 - a0, body_end - body_c)
        band_spans.append(BandSpan(b.id, bx, bw, by, bh))
    for members in g.columns:
        for nid in members:
            fa, fc, _, _ = fbox[nid]
            out_boxes.append(real_box(sized[nid], fa, fc))

    real_routes = [simplify([flow.point(ra(ar), rc(cr)) for ar, cr in routes[i]]) for i in range(len(g.edges))]
    assoc_routes = []
    for s, t in g.associations:
        sa, sc, sea, sec = fbox[s]
        ta, tc, tea, tec = fbox[t]
        mid = sa + sea / 2
        ends = (sc + sec, tc) if tc > sc else (sc, tc + tec)
        assoc_routes.append(simplify([flow.point(mid, ends[0]), flow.point(mid, ends[1])]))
    label_at = place_labels(real_routes + assoc_routes, label_real, [(b.x, b.y, b.w, b.h) for b in out_boxes],
                            width, height)
    connectors = []
    for i, e in enumerate(g.edges):
        lab = None
        if i in label_at:
            x, y, w, h = label_at[i]
            lab = Label(x, y, w, h, label_lines[i], EDGE_FONT, EDGE_LH)
        back = g.col[e.target] <= g.col[e.source]
        connectors.append(Connector(real_routes[i], e.source, e.target, e.label, lab, back))
    for (s, t), pts in zip(g.associations, assoc_routes):
        connectors.append(Connector(pts, s, t, arrow=False, association=True))

    if vertical:
        body = dict(body_x=body_c, body_y=MARGIN + header_along, body_bottom=along_total - MARGIN, body_right=body_end)
    else:
        body = dict(body_x=MARGIN + header_along, body_y=body_c, body_bottom=body_end, body_right=width - MARGIN)
    return SwimlaneLayout(width, height, tuple(out_boxes), tuple(connectors), tuple(lane_rows), tuple(band_spans),
                          vertical=vertical, **body)


PRINT_WIDTH = 703.0
"""Printable width of A4 portrait with 12 mm margins, in CSS px (186 mm at 96 px per inch)."""


def print_variant(layouts: Sequence[SwimlaneLayout]) -> tuple[SwimlaneLayout, bool, float]:
    """The layout for paper among `layouts`: (layout, rotated a quarter turn, scale on A4 portrait).

    Tries each upright and turned (the chart's top at the page's left edge, read in landscape), and
    keeps the one whose text prints largest; ties go to upright, then vertical.
    """
    best = None
    for layout in layouts:
        for rotated in (False, True):
            scale = min(1.0, PRINT_WIDTH / (layout.height if rotated else layout.width))
            key = (round(scale, 3), not rotated, layout.vertical)
            if best is None or key > best[0]:
                best = (key, layout, rotated, scale)
    assert best is not None
    return best[1], best[2], best[3]


def render_swimlane(lanes: Sequence[Lane], bands: Sequence[Band], nodes: Sequence[FlowNode],
                    edges: Sequence[FlowEdge], *, title: str, starts: Sequence[str] = (),
                    orientation: str = "auto") -> str:
    """Inline SVG of the process: lanes per role, steps in order, Start/End markers."""
    return swimlane_svg(layout_swimlane(lanes, bands, nodes, edges, starts, orientation), title)


def render_swimlane_with_print(lanes: Sequence[Lane], bands: Sequence[Band], nodes: Sequence[FlowNode],
                               edges: Sequence[FlowEdge], *, title: str, starts: Sequence[str] = (),
                               orientation: str = "auto") -> tuple[str, str]:
    """(screen SVG, print SVG or "" when the screen chart prints as large as any variant)."""
    if orientation not in ORIENTATIONS:
        raise ValueError(f"unknown orientation {orientation!r}")
    wide, tall = _layout(lanes, bands, nodes, edges, starts, False), _layout(lanes, bands, nodes, edges, starts, True)
    screen = {"horizontal": wide, "vertical": tall}.get(orientation) or _choose(wide, lambda: tall)
    paper, rotated, scale = print_variant((tall, wide))
    if not rotated and paper.vertical == screen.vertical or min(1.0, PRINT_WIDTH / screen.width) >= scale:
        return swimlane_svg(screen, title), ""
    return swimlane_svg(screen, title), swimlane_svg(paper, title, rotated=rotated, extra_cls="hb-print-chart")
