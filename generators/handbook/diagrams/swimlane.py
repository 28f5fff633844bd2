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

Phases, each a function that `_layout` calls in turn:

1. lanes and columns: `flowgrid.grid`; boxes sized by `flow_boxes.size_boxes`;
2. gateways and routes: `flowgrid.gateway_ports`, `flowgrid.route_edges` (symbolic, see routing.py);
3. room for the routes: `plan_gutters` (along), `plan_strips` (across), `lane_content`, `lane_headers`;
4. coordinates: `along_axis`, `bands.band_runs` / `band_spans` / `band_labels`, `across_axis`,
   `place_boxes`, and `_Resolver` for the routes' symbolic points;
5. labels: `labels.place_labels`, once every line is known in real space;
6. the mapping to real space: `lane_boxes`, `band_boxes`, `_connectors`.
"""

from __future__ import annotations

import hashlib
from math import ceil
from collections import defaultdict
from dataclasses import dataclass, replace
from typing import Sequence

from .bands import BAND_PAD, band_labels, band_runs, band_spans
from .boxes import block, simplify, tooltip
from .flow_boxes import NAME_GAP, size_boxes, size_names
from .flowgrid import Grid, gateway_ports, grid, route_edges
from .labels import EdgeLabel, place_labels, size_edge_labels
from .routing import CLS_ORDER, Router, colour
from .shapes import (END, START, Band, BandSpan, Box, Connector, FlowEdge, FlowNode, Label, Lane, LaneRow,
                     SwimlaneLayout, TextBlock)
from .paper import plan_paper, window
from .svg import swimlane_part_svg, swimlane_svg


HEADER_W, HEADER_FONT, HEADER_LH, HEADER_PAD = 108.0, 14.0, 18.0, 8.0
GUTTER_MIN, SLOT_SP, SLOT_MARGIN = 36.0, 8.0, 12.0
STRIP_MIN, TRACK_SP = 14.0, 8.0
CHANNEL_EMPTY, LANE_MIN_CONTENT = 10.0, 40.0
MARGIN = 12.0
LOOP_OFFSET = 7.0
"""A loop that must enter its target from the side ends this far off the middle, apart from forward arrows."""
HORIZONTAL_MAX_WIDTH = 800.0
"""Automatic orientation: a horizontal chart wider than this would have to scroll sideways in the
content column (about 690 px at a 1280 px window; assets/diagrams.js opens a chart no smaller than
scale 0.91, where its smallest text, 11 px, shows at 10 px), so the chart is drawn vertically instead,
unless the vertical one is wider still."""
ORIENTATIONS = ("auto", "horizontal", "vertical")


@dataclass
class _Flow:
    """Flow space ↔ real space: `ext` maps a real (w, h) to (along, across); `point` and `rect` map back."""

    vertical: bool

    def ext(self, w: float, h: float) -> tuple[float, float]:
        return (h, w) if self.vertical else (w, h)

    def point(self, a: float, c: float) -> tuple[float, float]:
        return (c, a) if self.vertical else (a, c)

    def rect(self, a: float, c: float, ea: float, ec: float) -> tuple[float, float, float, float]:
        return (c, a, ec, ea) if self.vertical else (a, c, ea, ec)


# ------------------------------------------------------------------ phase 3: room for the routes


@dataclass
class Gutters:
    """Where each edge runs in each gutter: `slot[(k, cls, edge)]` counts within its class, `base[(k, cls)]`
    is the class's first slot and `base[(k, "_n")]` the gutter's number of slots; `width[k]` in px (along)."""

    slot: dict[tuple[int, str, int], int]
    base: dict[tuple, int]
    width: list[float]


@dataclass
class Strips:
    """Tracks in each lane's strips (`track[(lane, "T"|"B", edge)]`, `n[(lane, side)]`) and in the two
    channels outside the lanes (`chan_track[(side, edge)]`, `chan_n[side]`, side "top"/"bottom");
    `height[(lane, side)]` is each strip's across-extent in px."""

    track: dict[tuple[int, str, int], int]
    n: dict[tuple[int, str], int]
    chan_track: dict[tuple[str, int], int]
    chan_n: dict[str, int]
    height: dict[tuple[int, str], float]


def plan_gutters(router: Router, g: Grid, label_ext: dict[int, tuple[float, float]], ports: dict[int, str]) -> Gutters:
    """Slot of each edge in each gutter, and the along-extent of every gutter (room for labels on exits).

    `label_ext`: edge index → (along, across) extent of its label; `ports`: see `gateway_ports`.
    """
    n_cols = len(g.columns)
    outgoing: dict[str, list[int]] = defaultdict(list)  # this node's edges only: linear in the process length
    for i, e in enumerate(g.edges):
        outgoing[e.source].append(i)
    slot: dict[tuple[int, str, int], int] = {}
    slot_base: dict[tuple, int] = {}
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
    return Gutters(slot, slot_base, gutter_w)


def _tracks(groups) -> tuple[dict, dict]:
    """Colour each group of (edge, lo, hi) intervals: ({(*key, edge): track}, {key: number of tracks})."""
    track, n = {}, {}
    for key, items in groups:
        colours, count = colour([(lo, hi, e) for e, lo, hi in items])
        n[key] = count
        for e, j in colours.items():
            track[(*key, e) if isinstance(key, tuple) else (key, e)] = j
    return track, n


def plan_strips(router: Router, g: Grid, label_ext: dict[int, tuple[float, float]], ports: dict[int, str]) -> Strips:
    """Track of each edge in each strip and channel; the across-extent each strip needs (its tracks, and
    the labels of gateway branches that leave into it)."""
    strip_track, strip_n = _tracks(router.strips.items())
    chan_track, chan_n = _tracks(router.channels.items())
    label_need: dict[tuple[int, str], float] = defaultdict(float)  # labels on branches leaving N/S
    for i, e in enumerate(g.edges):
        if ports[i] in ("N", "S") and i in label_ext:
            key = (g.row[e.source], "T" if ports[i] == "N" else "B")
            label_need[key] = max(label_need[key], label_ext[i][1] + 8)
    strip_h: dict[tuple[int, str], float] = {}
    for r in range(g.n_lanes):
        for side in ("T", "B"):
            strip_h[(r, side)] = max(STRIP_MIN, (strip_n.get((r, side), 0) + 1) * TRACK_SP, label_need[(r, side)])
    return Strips(strip_track, strip_n, chan_track, chan_n, strip_h)


def lane_content(g: Grid, ext: dict[str, tuple[float, float]], beyond: dict[str, float] | None = None) -> list[float]:
    """Across-extent of each lane's content: its largest box (across), at least LANE_MIN_CONTENT px; with
    `beyond`, also what reaches past a box on its far side (see `lane_halves`)."""
    return [near + far for near, far in lane_halves(g, ext, beyond)]


def lane_halves(g: Grid, ext: dict[str, tuple[float, float]], beyond: dict[str, float] | None = None
                ) -> list[tuple[float, float]]:
    """Per lane, (near, far): how far its content reaches on each side of the line its boxes are centred on
    (px, across). `beyond`: box id → what lies past the box on its far side (an event's name beside its
    circle). A lane shorter than LANE_MIN_CONTENT is padded equally on both sides."""
    beyond = beyond or {}
    out = []
    for r in range(g.n_lanes):
        mine = [c for members in g.columns for c in members if g.row[c] == r]
        near = max([ext[c][1] / 2 for c in mine] + [0.0])
        far = max([ext[c][1] / 2 + beyond.get(c, 0.0) for c in mine] + [0.0])
        pad = max(0.0, LANE_MIN_CONTENT - near - far) / 2
        out.append((near + pad, far + pad))
    return out


def lane_headers(lanes: Sequence[Lane], content: list[float], strip_h: dict[tuple[int, str], float],
                 vertical: bool) -> tuple[list[TextBlock], float, dict[tuple[int, str], float]]:
    """The lane names: (text block per lane, along-extent of the header strip, strip heights).

    Vertical charts: each name wraps to its lane's width, the strip is as deep as the deepest name.
    Horizontal charts: names wrap to HEADER_W, and a lane too low for its name gets both strips widened
    equally (the returned strip heights; the input is not changed).
    """
    strip_h = dict(strip_h)
    if vertical:
        header_blocks = []
        for r, lane in enumerate(lanes):
            lane_w = strip_h[(r, "T")] + content[r] + strip_h[(r, "B")]
            header_blocks.append(block(lane.label, lane_w - 2 * HEADER_PAD, HEADER_FONT, HEADER_LH, "label"))
        return header_blocks, max(tb.height for tb in header_blocks) + 2 * HEADER_PAD, strip_h
    header_blocks = [block(lane.label, HEADER_W - 2 * HEADER_PAD, HEADER_FONT, HEADER_LH, "label") for lane in lanes]
    for r in range(len(lanes)):  # the lane must be tall enough for its header
        t, b = strip_h[(r, "T")], strip_h[(r, "B")]
        need = header_blocks[r].height + 2 * HEADER_PAD
        if t + content[r] + b < need:
            extra = (need - (t + content[r] + b)) / 2
            strip_h[(r, "T")], strip_h[(r, "B")] = t + extra, b + extra
    return header_blocks, HEADER_W, strip_h


# ------------------------------------------------------------------ phase 4: coordinates


@dataclass
class AlongAxis:
    """Coordinates along the flow (px): the start of each gutter (one more than columns) and column,
    their extents, and the chart's total extent including margins."""

    gutter: list[float]
    gutter_w: list[float]
    col: list[float]
    col_w: list[float]
    total: float

    def slot(self, gutters: Gutters, k: int, cls: str, e: int) -> float:
        """Along-coordinate of edge `e`'s slot (class `cls`) in gutter `k`: the gutter's slots are centred."""
        total = gutters.base[(k, "_n")]
        j = gutters.base[(k, cls)] + gutters.slot[(k, cls, e)]
        return self.gutter[k] + (self.gutter_w[k] - (total - 1) * SLOT_SP) / 2 + j * SLOT_SP


def along_axis(g: Grid, ext: dict[str, tuple[float, float]], gutter_w: list[float], header_along: float) -> AlongAxis:
    """Margin, lane headers, then gutter / column / gutter …, margin; a column is as long as its longest box."""
    col_w = [max(ext[c][0] for c in members) for members in g.columns]
    a = MARGIN + header_along
    gutter_a, col_a = [], []
    for k in range(len(g.columns)):
        gutter_a.append(a)
        a += gutter_w[k]
        col_a.append(a)
        a += col_w[k]
    gutter_a.append(a)
    return AlongAxis(gutter_a, gutter_w, col_a, col_w, a + gutter_w[len(g.columns)] + MARGIN)


@dataclass
class AcrossAxis:
    """Coordinates across the lanes (px): the phase strip, the body (channel, lanes, channel) and, per
    lane, its start, extent, first content coordinate and middle; `total` includes the margins."""

    band: float
    body: float
    lane: list[float]
    lane_ext: list[float]
    content_top: list[float]
    lane_mid: list[float]
    body_end: float
    bottom_channel: float
    total: float


def _channel_extent(strips: Strips, side: str) -> float:
    k = strips.chan_n.get(side, 0)
    return (k + 1) * TRACK_SP if k else CHANNEL_EMPTY


def across_axis(content: list[float], strips: Strips, band_across: float, near: list[float] | None = None) -> AcrossAxis:
    """Margin, phase strip, top channel, then each lane (top strip, content, bottom strip), bottom channel, margin.
    A lane's boxes are centred `near[r]` px into its content (default: in its middle; see `lane_halves`)."""
    c = MARGIN
    band_c = c
    c += band_across
    c += _channel_extent(strips, "top")
    body_c = c
    lane_c, lane_ext, lane_mid, content_top = [], [], [], []
    for r in range(len(content)):
        t, b = strips.height[(r, "T")], strips.height[(r, "B")]
        lane_c.append(c)
        lane_ext.append(t + content[r] + b)
        content_top.append(c + t)
        lane_mid.append(c + t + (near[r] if near else content[r] / 2))
        c += t + content[r] + b
    body_end = c
    c += _channel_extent(strips, "bottom")
    return AcrossAxis(band_c, body_c, lane_c, lane_ext, content_top, lane_mid, body_end, body_end, c + MARGIN)


FlowRect = tuple[float, float, float, float]
"""(along, across, along-extent, across-extent) in flow space."""


def place_boxes(g: Grid, ext: dict[str, tuple[float, float]], along: AlongAxis, across: AcrossAxis,
                shift: dict[str, float] | None = None) -> dict[str, FlowRect]:
    """Every box centred in its (lane, column) cell, in flow space; `shift` moves a box that far along the
    flow from the middle of its column (the Start/End circle, to make room for its name: `name_room`)."""
    fbox: dict[str, FlowRect] = {}
    shift = shift or {}
    for k, members in enumerate(g.columns):
        for nid in members:
            ea, ec = ext[nid]
            fbox[nid] = (along.col[k] + (along.col_w[k] - ea) / 2 + shift.get(nid, 0.0),
                         across.lane_mid[g.row[nid]] - ec / 2, ea, ec)
    return fbox


def name_room(ext: dict[str, tuple[float, float]], name_ext: dict[str, tuple[float, float]]
              ) -> tuple[dict[str, tuple[float, float]], dict[str, float], dict[str, float]]:
    """Room for the names of the circles (see `place_names`), from the boxes' and the names' (along, across)
    extents: (each box's cell extent, the along shift of a circle from its column's middle, and what lies
    past a box on its far side across the flow). Start's name goes before it along the flow and End's
    after it, where no line runs; an event's name beside it, past the flow line."""
    cell, shift, beyond = dict(ext), {}, {}
    for k, (na, nc) in name_ext.items():
        ea, ec = ext[k]
        if k in (START, END):
            cell[k] = (ea + NAME_GAP + na, max(ec, nc))
            shift[k] = (NAME_GAP + na) / 2 * (1 if k == START else -1)
        else:
            cell[k] = (max(ea, na), ec)
            beyond[k] = NAME_GAP + nc
    return cell, shift, beyond


@dataclass
class _Resolver:
    """Flow-space coordinates of the symbolic points of routing.py.

    Along: "E"/"W"/"C" (a box's end, start, middle), "G" (a gutter slot). Across: "M"/"T"/"B" (a box's
    middle, near and far side), "Q" (a loop's side entry, off the middle), "S" (a strip track),
    "H" (a channel track)."""

    fbox: dict[str, FlowRect]
    sized: dict[str, Box]
    along: AlongAxis
    across: AcrossAxis
    gutters: Gutters
    strips: Strips

    def strip(self, r: int, side: str, e: int) -> float:
        k, j, h = self.strips.n[(r, side)], self.strips.track[(r, side, e)], self.strips.height
        if side == "T":
            return self.across.content_top[r] - (j + 1) * h[(r, "T")] / (k + 1)
        return self.across.lane[r] + self.across.lane_ext[r] - h[(r, "B")] + (j + 1) * h[(r, "B")] / (k + 1)

    def channel(self, side: str, e: int) -> float:
        j = self.strips.chan_track[(side, e)]
        return self.across.body - (j + 1) * TRACK_SP if side == "top" else self.across.bottom_channel + (j + 1) * TRACK_SP

    def a(self, ref) -> float:
        x, _, w, _ = self.fbox.get(ref[1], (0, 0, 0, 0))
        return {"E": lambda: x + w, "W": lambda: x, "C": lambda: x + w / 2,
                "G": lambda: self.along.slot(self.gutters, ref[1], ref[2], ref[3])}[ref[0]]()

    def c(self, ref) -> float:
        _, y, _, h = self.fbox.get(ref[1], (0, 0, 0, 0))
        if ref[0] == "Q":  # a loop entering from the side: a little off the middle (a diamond has one vertex)
            off = 0.0 if self.sized[ref[1]].shape == "diamond" else min(LOOP_OFFSET, h / 4)
            return y + h / 2 + (-off if ref[2] == "top" else off)
        return {"M": lambda: y + h / 2, "T": lambda: y, "B": lambda: y + h,
                "S": lambda: self.strip(ref[1], ref[2], ref[3]), "H": lambda: self.channel(ref[1], ref[2])}[ref[0]]()


# ------------------------------------------------------------------ phase 6: real space


def lane_boxes(lanes: Sequence[Lane], header_blocks: list[TextBlock], header_along: float, along: AlongAxis,
               across: AcrossAxis, flow: _Flow) -> tuple[list[Box], list[LaneRow]]:
    """The lane headers as boxes (linked to the role) and the lanes' background rows, in real space."""
    boxes, rows = [], []
    for r, lane in enumerate(lanes):
        x, y, w, h = flow.rect(MARGIN, across.lane[r], header_along, across.lane_ext[r])
        boxes.append(Box(x, y, w, h, f"lane:{lane.id}", lane.url, "lane", "rect", (header_blocks[r],),
                         w - 2 * HEADER_PAD, h - 2 * HEADER_PAD, tooltip(lane.label)))
        lx, ly, lw, lh = flow.rect(MARGIN + header_along, across.lane[r], along.total - MARGIN - header_along,
                                   across.lane_ext[r])
        rows.append(LaneRow(lane.id, ly, lh, lx, lw))
    return boxes, rows


def band_boxes(spans: list[tuple[Band, float, float]], band_blocks: list[TextBlock], band_across: float,
               across: AcrossAxis, flow: _Flow) -> tuple[list[Box], list[BandSpan]]:
    """The phase names as boxes and the phases' background columns, in real space; a phase's second
    run gets the id band:<id>:1, and so on."""
    boxes, out = [], []
    seen: dict[str, int] = defaultdict(int)
    for (b, a0, a1), tb in zip(spans, band_blocks):
        k = seen[b.id]
        seen[b.id] += 1
        bid = f"band:{b.id}" + (f":{k}" if k else "")
        x, y, w, h = flow.rect(a0, across.band, a1 - a0, band_across)
        boxes.append(Box(x, y, w, h, bid, "", "band", "rect", (tb,), w - 2 * BAND_PAD, h - 2 * BAND_PAD,
                         tooltip(b.label)))
        bx, by, bw, bh = flow.rect(a0, across.body, a1 - a0, across.body_end - across.body)
        out.append(BandSpan(b.id, bx, bw, by, bh))
    return boxes, out


def node_boxes(g: Grid, sized: dict[str, Box], fbox: dict[str, FlowRect], flow: _Flow) -> list[Box]:
    """Every step, participant and marker box moved to its place, in column order."""
    out = []
    for members in g.columns:
        for nid in members:
            fa, fc, _, _ = fbox[nid]
            b = sized[nid]
            x, y, _, _ = flow.rect(fa, fc, *flow.ext(b.w, b.h))
            out.append(replace(b, x=x, y=y))
    return out


def place_names(names: dict[str, Box], fbox: dict[str, FlowRect], flow: _Flow) -> list[Box]:
    """Each circle's name moved next to it, NAME_GAP away: Start's before it along the flow, End's after it
    (left and right of them in a horizontal chart, above and below in a vertical one); an event's past its
    far side (below it in a horizontal chart, right of it in a vertical one), centred on it along the flow."""
    out = []
    for nid, name in names.items():
        a, c, ea, ec = fbox[nid]
        na, nc = flow.ext(name.w, name.h)
        if nid in (START, END):
            fa, fc = (a - NAME_GAP - na if nid == START else a + ea + NAME_GAP), c + (ec - nc) / 2
        else:
            fa, fc = a + (ea - na) / 2, c + ec + NAME_GAP
        x, y, _, _ = flow.rect(fa, fc, na, nc)
        out.append(replace(name, x=x, y=y))
    return out


def association_routes(g: Grid, fbox: dict[str, FlowRect], flow: _Flow) -> list[tuple]:
    """A straight line from each step to its participant's box (across, through the column's middle)."""
    out = []
    for s, t in g.associations:
        sa, sc, sea, sec = fbox[s]
        ta, tc, tea, tec = fbox[t]
        mid = sa + sea / 2
        ends = (sc + sec, tc) if tc > sc else (sc, tc + tec)
        out.append(simplify([flow.point(mid, ends[0]), flow.point(mid, ends[1])]))
    return out


def _connectors(g: Grid, routes: list, assoc: list, labels: dict[int, EdgeLabel],
                label_at: dict[int, tuple[float, float, float, float]]) -> list[Connector]:
    """Flow edges (with their placed labels; a back edge goes to this or an earlier column), then associations."""
    out = []
    for i, e in enumerate(g.edges):
        lab = None
        if i in label_at:
            x, y, w, h = label_at[i]
            lab = Label(x, y, w, h, labels[i].lines, labels[i].font_size, labels[i].line_height)
        out.append(Connector(routes[i], e.source, e.target, e.label, lab, g.col[e.target] <= g.col[e.source]))
    for (s, t), pts in zip(g.associations, assoc):
        out.append(Connector(pts, s, t, arrow=False, association=True))
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
    """One orientation of the chart: the phases of the module docstring, in order."""
    flow = _Flow(vertical)
    lanes, bands, nodes = list(lanes), list(bands), list(nodes)
    g = grid(lanes, nodes, edges, starts)
    sized = size_boxes(nodes, g, narrow=vertical)
    names = size_names(nodes, sized, narrow=vertical)  # of the circles: Start, End, events
    ext = {k: flow.ext(b.w, b.h) for k, b in sized.items()}  # (along, across)
    cell, shift, beyond = name_room(ext, {k: flow.ext(b.w, b.h) for k, b in names.items()})
    ports = gateway_ports(nodes, g)
    router, routes = route_edges(nodes, g, ports)
    labels = size_edge_labels(g.edges)
    label_ext = {i: flow.ext(lab.w, lab.h) for i, lab in labels.items()}

    gutters = plan_gutters(router, g, label_ext, ports)
    strips = plan_strips(router, g, label_ext, ports)
    halves = lane_halves(g, cell, beyond)
    content = [near + far for near, far in halves]
    header_blocks, header_along, strip_h = lane_headers(lanes, content, strips.height, vertical)
    strips = replace(strips, height=strip_h)

    along = along_axis(g, cell, gutters.width, header_along)
    spans = band_spans(band_runs(bands, nodes), along)
    band_blocks, band_across = band_labels(spans, vertical)
    across = across_axis(content, strips, band_across, [near for near, _ in halves])
    fbox = place_boxes(g, ext, along, across, shift)
    at = _Resolver(fbox, sized, along, across, gutters, strips)

    # whole px, as the SVG's viewBox: a drawing scaled to fit a page fits it exactly
    width, height = (ceil(across.total), ceil(along.total)) if vertical else (ceil(along.total), ceil(across.total))
    lane_out, lane_rows = lane_boxes(lanes, header_blocks, header_along, along, across, flow)
    band_out, band_rects = band_boxes(spans, band_blocks, band_across, across, flow)
    out_boxes = lane_out + band_out + node_boxes(g, sized, fbox, flow) + place_names(names, fbox, flow)
    real_routes = [simplify([flow.point(at.a(ar), at.c(cr)) for ar, cr in routes[i]]) for i in range(len(g.edges))]
    assoc = association_routes(g, fbox, flow)
    label_at = place_labels(real_routes + assoc, {i: (lab.w, lab.h) for i, lab in labels.items()},
                            [(b.x, b.y, b.w, b.h) for b in out_boxes], width, height)
    connectors = _connectors(g, real_routes, assoc, labels, label_at)
    if vertical:
        body = dict(body_x=across.body, body_y=MARGIN + header_along, body_bottom=along.total - MARGIN,
                    body_right=across.body_end)
    else:
        body = dict(body_x=MARGIN + header_along, body_y=across.body, body_bottom=across.body_end,
                    body_right=along.total - MARGIN)
    return SwimlaneLayout(width, height, tuple(out_boxes), tuple(connectors), tuple(lane_rows), tuple(band_rects),
                          vertical=vertical, **body)


def render_swimlane(lanes: Sequence[Lane], bands: Sequence[Band], nodes: Sequence[FlowNode],
                    edges: Sequence[FlowEdge], *, title: str, starts: Sequence[str] = (),
                    orientation: str = "auto") -> str:
    """Inline SVG of the process: lanes per role, steps in order, Start/End markers."""
    return swimlane_svg(layout_swimlane(lanes, bands, nodes, edges, starts, orientation), title)


@dataclass(frozen=True)
class ChartDrawings:
    """A process chart for screen and paper: `screen` SVG; `paper` the SVG(s) for print, "" when the screen
    chart prints as it is; `page` "portrait" or "landscape"; `parts` how many parts paper splits it into."""

    screen: str
    paper: str = ""
    page: str = "portrait"
    parts: int = 1


def render_swimlane_with_print(lanes: Sequence[Lane], bands: Sequence[Band], nodes: Sequence[FlowNode],
                               edges: Sequence[FlowEdge], *, title: str, starts: Sequence[str] = (),
                               orientation: str = "auto") -> ChartDrawings:
    """The chart for screen (orientation as asked, or chosen: see `layout_swimlane`) and for A4 paper
    (either orientation, whole or split, portrait or landscape: see paper.py)."""
    if orientation not in ORIENTATIONS:
        raise ValueError(f"unknown orientation {orientation!r}")
    wide, tall = _layout(lanes, bands, nodes, edges, starts, False), _layout(lanes, bands, nodes, edges, starts, True)
    screen = {"horizontal": wide, "vertical": tall}.get(orientation) or _choose(wide, lambda: tall)
    plan = plan_paper((tall, wide), screen)
    screen_svg = swimlane_svg(screen, title)
    tiles = plan.tiles
    whole = len(plan.parts) == 1 and len(plan.lane_groups) == 1
    if whole and plan.layout is screen and plan.page == "portrait" and plan.scale == 1.0:
        return ChartDrawings(screen_svg)
    if whole:
        paper = swimlane_svg(plan.layout, title, extra_cls="hb-print-chart", scale=plan.scale)
    else:
        key = hashlib.sha1(title.encode()).hexdigest()[:10]
        n = len(tiles)
        paper = "\n".join(
            swimlane_part_svg(window(plan.layout, *tile), f"{title}（{i}/{n}）", tile, strip=plan.lane_cuts[0],
                              header=plan.header, number=f"{i}/{n}", scale=plan.scale, clip_id=f"hb-part-{key}-{i}",
                              extra_cls="hb-print-chart hb-print-part")
            for i, tile in enumerate(tiles, 1))
    return ChartDrawings(screen_svg, paper, plan.page, len(tiles))
