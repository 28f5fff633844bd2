"""Swimlane layout: one lane per role, one column per step, orthogonal routing.

Grid: lanes are rows, steps are columns in step order (Start before the
first, End after the last), so every column holds exactly one node. Between
columns run vertical *gutters*; above and below the boxes of each lane run
horizontal *strips*; above and below all lanes run two *channels* for
back-edges. Boxes only ever sit in (lane, column) cells, so a connector that
travels along gutters, strips, channels and empty cells cannot cross a box.

Routing is done in two phases. First each edge gets a symbolic route
("exit right, go to a slot in gutter 3, down to a track in lane 1's bottom
strip, ..."), registering which slots and tracks it needs. Then slots and
tracks are assigned by interval colouring, gutters and strips are sized to
hold them, and only then are coordinates computed. Lane-centre runs are
claimed so that two unrelated edges never share a line.
"""

from __future__ import annotations

from collections import defaultdict
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
DIAMOND_MIN_H = 64.0
MARKER_W, MARKER_H = 56.0, 30.0
HEADER_W, HEADER_FONT, HEADER_LH, HEADER_PAD = 108.0, 14.0, 18.0, 8.0
BAND_FONT, BAND_LH, BAND_PAD = 13.0, 17.0, 6.0
EDGE_FONT, EDGE_LH, EDGE_LABEL_W = 12.0, 15.0, 84.0
GUTTER_MIN, SLOT_SP, SLOT_MARGIN = 36.0, 8.0, 12.0
STRIP_MIN, TRACK_SP = 14.0, 8.0
CHANNEL_EMPTY, LANE_MIN_CONTENT = 10.0, 40.0
MARGIN = 12.0
START_TEXT, END_TEXT = "开始", "结束"



# ------------------------------------------------------------------ boxes


GATEWAY_SYMBOL = {"parallel": "+", "join": "+"}
"""BPMN: a parallel gateway (fork or join) is a diamond marked +; an exclusive one is the plain decision diamond."""


def _gateway_box(node: FlowNode) -> Box:
    """A + diamond for a parallel fork or join, its name under the symbol."""
    symbol = TextBlock((GATEWAY_SYMBOL[node.gateway],), 20.0, 22.0, "gateway")
    w = DIAMOND_WIDTHS[1]
    label = block(node.label, w / 2 - 6, FONT, LH, "label")
    b = (symbol, label)
    h = max(DIAMOND_MIN_H, 2 * (blocks_height(b, BLOCK_GAP) + 4))
    return Box(0, 0, w, h, node.id, node.url, f"gateway-{node.gateway}", "diamond", b, w / 2 - 6, h / 2 - 4,
               tooltip(node.label, "并行网关"))


def _event_box(node: FlowNode) -> Box:
    """A milestone or event (no role): a rounded pill."""
    return rect_box(x=0, y=0, w=STEP_W, min_h=STEP_MIN_H, pad_x=STEP_PAD_X + 6, pad_y=STEP_PAD_Y, gap=BLOCK_GAP,
                    blocks=(block(node.label, STEP_W - 2 * STEP_PAD_X - 12, FONT, LH, "label"),), id=node.id,
                    url=node.url, kind="event", shape="pill", tooltip=tooltip(node.label, "里程碑"))


def _task_extras(node: FlowNode, inner_w: float) -> tuple[TextBlock, ...]:
    """Lines under a task's name: its joint roles, and the process it hands off to."""
    extra = []
    if node.joint:
        extra.append(block(f"会同 {node.joint}", inner_w, BADGE_FONT, BADGE_LH, "sublabel"))
    if node.calls:
        extra.append(block(f"转入 {node.calls}", inner_w, BADGE_FONT, BADGE_LH, "sublabel"))
    return tuple(extra)


def _step_box(node: FlowNode) -> Box:
    """Rectangle for a step, diamond for a decision; approval kind as a badge block on top."""
    if node.gateway in GATEWAY_SYMBOL:
        return _gateway_box(node)
    if node.event:
        return _event_box(node)

    def blocks(inner_w: float) -> tuple[TextBlock, ...]:
        badge = (block(node.approval, inner_w, BADGE_FONT, BADGE_LH, "badge"),) if node.approval else ()
        extras = () if node.decision else _task_extras(node, inner_w)
        return badge + (block(node.label, inner_w, FONT, LH, "label"),) + extras

    tip = tooltip(node.label, node.approval or "", f"会同 {node.joint}" if node.joint else "",
                  f"转入 {node.calls}" if node.calls else "")
    kind = "decision" if node.decision else ("call" if node.calls else "step")
    if not node.decision:
        return rect_box(x=0, y=0, w=STEP_W, min_h=STEP_MIN_H, pad_x=STEP_PAD_X, pad_y=STEP_PAD_Y, gap=BLOCK_GAP,
                        blocks=blocks(STEP_W - 2 * STEP_PAD_X), id=node.id, url=node.url, kind=kind, tooltip=tip)
    # Widen a decision until a short question fits on one line (or a longer one on two), then grow in height.
    options = [(w, blocks(w / 2 - 6)) for w in DIAMOND_WIDTHS]
    w, b = next((o for o in options[:2] if len(o[1][-1].lines) <= 1), None) \
        or next((o for o in options if len(o[1][-1].lines) <= 2), options[-1])
    inner_w = w / 2 - 6
    th = blocks_height(b, BLOCK_GAP)
    h = max(DIAMOND_MIN_H, 2 * (th + 4))
    return Box(0, 0, w, h, node.id, node.url, kind, "diamond", b, inner_w, h / 2 - 4, tip)


def _marker_box(id: str, text: str) -> Box:
    b = (TextBlock((text,), FONT, LH, "label"),)
    return Box(0, 0, MARKER_W, MARKER_H, id, "", id, "pill", b, MARKER_W - 16, MARKER_H - 8, text)


def _moved(b: Box, x: float, y: float, h: float | None = None, inner_h: float | None = None) -> Box:
    return Box(x, y, b.w, b.h if h is None else h, b.id, b.url, b.kind, b.shape, b.blocks, b.inner_w,
               b.inner_h if inner_h is None else inner_h, b.tooltip)


# ------------------------------------------------------------------ layout


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


def _segments(points):
    return list(zip(points, points[1:]))


def _overlaps(a: tuple[float, float, float, float], b: tuple[float, float, float, float], margin: float) -> bool:
    ax, ay, aw, ah = a
    bx, by, bw, bh = b
    return ax < bx + bw + margin and bx < ax + aw + margin and ay < by + bh + margin and by < ay + ah + margin


class _Buckets:
    """Rectangles (x, y, w, h) filed by x in fixed-width buckets, so an overlap test looks only at
    nearby ones: placing every label of a long process stays linear instead of quadratic."""

    SIZE = 240.0

    def __init__(self, rects=()):
        self.cells: dict[int, list] = defaultdict(list)
        for rect in rects:
            self.add(rect)

    def _keys(self, x: float, w: float, margin: float) -> range:
        return range(int((x - margin) // self.SIZE), int((x + w + margin) // self.SIZE) + 1)

    def add(self, rect) -> None:
        for key in self._keys(rect[0], rect[2], 0):
            self.cells[key].append(rect)

    def hits(self, rect, margin: float) -> bool:
        """Whether `rect` overlaps (within `margin`) any filed rectangle."""
        return any(_overlaps(rect, other, margin)
                   for key in self._keys(rect[0], rect[2], margin) for other in self.cells.get(key, ()))


def _label_candidates(points, w: float, h: float):
    """Rectangles next to the route, nearest to its start first."""
    for (x1, y1), (x2, y2) in _segments(points):
        if y1 == y2:
            lo, hi = min(x1, x2), max(x1, x2)
            xs = [x1 + 4 if x2 > x1 else x1 - 4 - w, (lo + hi - w) / 2, x2 - 12 - w if x2 > x1 else x2 + 12]
            for x in xs:
                yield (x, y1 - 3 - h, w, h)
                yield (x, y1 + 3, w, h)
        else:
            ys = [y1 + 4 if y2 > y1 else y1 - 4 - h, (y1 + y2 - h) / 2, y2 - 12 - h if y2 > y1 else y2 + 12]
            for y in ys:
                yield (x1 + 4, y, w, h)
                yield (x1 - 4 - w, y, w, h)


def layout_swimlane(lanes: Sequence[Lane], bands: Sequence[Band], nodes: Sequence[FlowNode],
                    edges: Sequence[FlowEdge], starts: Sequence[str] = ()) -> SwimlaneLayout:
    """Geometry of the swimlane chart (see module docstring for the grid and routing).

    `starts`: ids of further steps the process may begin at; the Start marker links to each of them too.
    """
    lanes, bands, nodes = list(lanes), list(bands), list(nodes)
    edges = _validate(lanes, nodes, edges)
    n_lanes, n = len(lanes), len(nodes)
    lane_row = {lane.id: i for i, lane in enumerate(lanes)}

    col = {START: 0, END: n + 1}
    row: dict[str, int] = {}
    for i, node in enumerate(nodes):
        col[node.id] = i + 1
        row[node.id] = lane_row[node.lane]
    row[START] = row[nodes[0].id] if nodes else 0
    end_sources = [e.source for e in edges if e.target == END]  # none: the chart draws no edge the data lacks
    row[END] = row[max(end_sources, key=lambda s: col[s])] if end_sources else row[START]
    all_edges = [FlowEdge(START, nodes[0].id if nodes else END)] + _extra_starts(nodes, starts) + edges

    sized = {START: _marker_box(START, START_TEXT), END: _marker_box(END, END_TEXT)}
    for node in nodes:
        sized[node.id] = _step_box(node)
    by_col = [START] + [node.id for node in nodes] + [END]

    # ports
    decision = {node.id for node in nodes if node.decision or node.gateway == "parallel"}
    ports: dict[int, str] = {}
    outgoing: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for i, e in enumerate(all_edges):
        outgoing[e.source].append((i, e.target))
    for s, targets in outgoing.items():
        if s in decision:
            ports.update(decision_ports(s, targets, col, row, n_lanes))
        else:
            ports.update({i: "E" for i, _ in targets})

    # symbolic routes: straight same-lane hops first, they read best
    router = Router(col, row, n_lanes)
    routes: dict[int, list] = {}
    for i, e in enumerate(all_edges):
        if ports[i] == "E":
            r = router.straight(i, e.source, e.target)
            if r:
                routes[i] = r
    for i, e in enumerate(all_edges):
        if i not in routes:
            routes[i] = router.route(i, e.source, e.target, ports[i])

    # labels: sizes now, positions at the end
    label_lines = {i: tuple(wrap(e.label, EDGE_LABEL_W, EDGE_FONT)) for i, e in enumerate(all_edges)}
    label_size = {i: (max(text_width(x, EDGE_FONT) for x in ls) + 4, len(ls) * EDGE_LH)
                  for i, ls in label_lines.items() if ls}

    # gutter slots
    n_cols = n + 2
    slot: dict[tuple[int, str, int], int] = {}
    gutter_w = []
    slot_base: dict[tuple[int, str], int] = {}
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
        if k >= 1:  # room for labels above the right-hand exit of the node before this gutter
            src = by_col[k - 1]
            need += [label_size[i][0] + 8 for i, _ in outgoing.get(src, ())  # this node's edges only
                     if ports[i] == "E" and i in label_size]
        gutter_w.append(max(need))
        slot_base[(k, "_n")] = start

    # x coordinates
    x = MARGIN + HEADER_W
    gutter_x, col_x = [], []
    for k in range(n_cols):
        gutter_x.append(x)
        x += gutter_w[k]
        col_x.append(x)
        x += sized[by_col[k]].w
    gutter_x.append(x)
    width = x + gutter_w[n_cols] + MARGIN

    def slot_x(k: int, cls: str, e: int) -> float:
        total = slot_base[(k, "_n")]
        j = slot_base[(k, cls)] + slot[(k, cls, e)]
        return gutter_x[k] + (gutter_w[k] - (total - 1) * SLOT_SP) / 2 + j * SLOT_SP

    # strips and channels
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

    strip_h: dict[tuple[int, str], float] = {}
    for r in range(n_lanes):
        for side in ("T", "B"):
            need = [STRIP_MIN, (strip_n.get((r, side), 0) + 1) * TRACK_SP]
            port = "N" if side == "T" else "S"
            need += [label_size[i][1] + 8 for i, e in enumerate(all_edges)
                     if e.source in row and row[e.source] == r and ports[i] == port and i in label_size]
            strip_h[(r, side)] = max(need)

    # band header row
    band_of = {b.id: b for b in bands}
    segments: list[tuple[Band, int, int]] = []  # band, first column, last column
    for c, node in enumerate(nodes, start=1):
        if node.phase in band_of:
            if segments and segments[-1][0].id == node.phase and segments[-1][2] == c - 1:
                segments[-1] = (segments[-1][0], segments[-1][1], c)
            else:
                segments.append((band_of[node.phase], c, c))
    band_spans = []
    for b, c0, c1 in segments:
        x0 = gutter_x[c0] + gutter_w[c0] / 2 + 1
        x1 = gutter_x[c1 + 1] + gutter_w[c1 + 1] / 2 - 1
        band_spans.append((b, x0, x1, block(b.label, x1 - x0 - 2 * BAND_PAD, BAND_FONT, BAND_LH, "header")))
    y = MARGIN
    band_h = 0.0
    if band_spans:
        band_h = max(BAND_LH, max(tb.height for *_, tb in band_spans)) + 2 * BAND_PAD
    band_y = y
    y += band_h

    def chan_height(side: str) -> float:
        k = chan_n.get(side, 0)
        return (k + 1) * TRACK_SP if k else CHANNEL_EMPTY

    top_chan_y = y
    y += chan_height("top")
    body_y = y

    # lanes
    header_blocks = [block(lane.label, HEADER_W - 2 * HEADER_PAD, HEADER_FONT, HEADER_LH, "label") for lane in lanes]
    lane_rows, lane_center, content_top = [], [], []
    for r in range(n_lanes):
        content = max([sized[c].h for c in by_col if row[c] == r] + [LANE_MIN_CONTENT])
        t, b = strip_h[(r, "T")], strip_h[(r, "B")]
        need = header_blocks[r].height + 2 * HEADER_PAD
        if t + content + b < need:
            extra = (need - (t + content + b)) / 2
            t, b = t + extra, b + extra
            strip_h[(r, "T")], strip_h[(r, "B")] = t, b
        lane_rows.append(LaneRow(lanes[r].id, y, t + content + b))
        content_top.append(y + t)
        lane_center.append(y + t + content / 2)
        y += t + content + b
    body_bottom = y
    bottom_chan_y = y
    y += chan_height("bottom")
    height = y + MARGIN

    boxes: dict[str, Box] = {}
    for c, nid in enumerate(by_col):
        b = sized[nid]
        boxes[nid] = _moved(b, col_x[c], lane_center[row[nid]] - b.h / 2)

    def strip_y(r: int, side: str, e: int) -> float:
        k, j = strip_n[(r, side)], strip_track[(r, side, e)]
        lane = lane_rows[r]
        if side == "T":
            return content_top[r] - (j + 1) * strip_h[(r, "T")] / (k + 1)
        return lane.y + lane.h - strip_h[(r, "B")] + (j + 1) * strip_h[(r, "B")] / (k + 1)

    def chan_y(side: str, e: int) -> float:
        j = chan_track[(side, e)]
        if side == "top":
            return body_y - (j + 1) * TRACK_SP
        return bottom_chan_y + (j + 1) * TRACK_SP

    def rx(ref) -> float:
        kind = ref[0]
        if kind == "E":
            return boxes[ref[1]].right
        if kind == "W":
            return boxes[ref[1]].x
        if kind == "C":
            return boxes[ref[1]].cx
        return slot_x(ref[1], ref[2], ref[3])

    def ry(ref) -> float:
        kind = ref[0]
        if kind == "M":
            return boxes[ref[1]].cy
        if kind == "T":
            return boxes[ref[1]].y
        if kind == "B":
            return boxes[ref[1]].bottom
        if kind == "S":
            return strip_y(ref[1], ref[2], ref[3])
        return chan_y(ref[1], ref[2])

    # header boxes
    out_boxes: list[Box] = []
    for r, lane in enumerate(lanes):
        lr = lane_rows[r]
        out_boxes.append(Box(MARGIN, lr.y, HEADER_W, lr.h, f"lane:{lane.id}", lane.url, "lane", "rect",
                             (header_blocks[r],), HEADER_W - 2 * HEADER_PAD, lr.h - 2 * HEADER_PAD,
                             tooltip(lane.label)))
    spans = []
    seen_bands: dict[str, int] = defaultdict(int)
    for b, x0, x1, tb in band_spans:
        k = seen_bands[b.id]
        seen_bands[b.id] += 1
        bid = f"band:{b.id}" + (f":{k}" if k else "")
        out_boxes.append(Box(x0, band_y, x1 - x0, band_h, bid, "", "band", "rect", (tb,), x1 - x0 - 2 * BAND_PAD,
                             band_h - 2 * BAND_PAD, tooltip(b.label)))
        spans.append(BandSpan(b.id, x0, x1 - x0))
    out_boxes += [boxes[nid] for nid in by_col]

    # coordinates, then labels next to their edge without covering boxes or earlier labels
    placed = _Buckets()
    obstacles = _Buckets((b.x, b.y, b.w, b.h) for b in out_boxes)
    connectors = []
    for i, e in enumerate(all_edges):
        pts = simplify([(rx(xr), ry(yr)) for xr, yr in routes[i]])
        lab = None
        if i in label_size:
            w, h = label_size[i]
            cands = list(_label_candidates(pts, w, h))

            def fits(c, others):
                cx, cy, cw, ch = c
                return (cx >= 0 and cy >= 0 and cx + cw <= width and cy + ch <= height
                        and not obstacles.hits(c, 2) and not (others and others.hits(c, 2)))
            pick = next((c for c in cands if fits(c, placed)), None) \
                or next((c for c in cands if fits(c, None)), None) or cands[0]
            placed.add(pick)
            lab = Label(pick[0], pick[1], w, h, label_lines[i], EDGE_FONT, EDGE_LH)
        back = col[e.target] <= col[e.source]
        connectors.append(Connector(pts, e.source, e.target, e.label, lab, back))

    return SwimlaneLayout(width, height, tuple(out_boxes), tuple(connectors), tuple(lane_rows), tuple(spans),
                          MARGIN + HEADER_W, body_y, body_bottom)


def _extra_starts(nodes: Sequence[FlowNode], starts: Sequence[str]) -> list[FlowEdge]:
    known = {node.id for node in nodes}
    first = nodes[0].id if nodes else None
    for sid in starts:
        if sid not in known:
            raise ValueError(f"start at unknown step {sid!r}")
    return [FlowEdge(START, sid) for sid in dict.fromkeys(starts) if sid != first]


def render_swimlane(lanes: Sequence[Lane], bands: Sequence[Band], nodes: Sequence[FlowNode],
                    edges: Sequence[FlowEdge], *, title: str, starts: Sequence[str] = ()) -> str:
    """Inline SVG of the process: lanes per role, steps in order, Start/End markers."""
    return swimlane_svg(layout_swimlane(lanes, bands, nodes, edges, starts), title)
