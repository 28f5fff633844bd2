"""Swimlane charts on paper: which drawing, on which A4 page, split where.

A chart prints whole when it fits a page at a legible scale; otherwise it is split along the flow into
parts, each repeating the lane headers, cut only where no box or label stands (between columns). Parts
stack across the flow: the parts of a wide, low chart sit one above the other on a page, the parts of
a tall, narrow one side by side.

A chart with so many lanes (roles) that even one column of steps cannot print at 7 pt across the page
is also split across, into groups of neighbouring lanes, cut only between two lanes where no box or label
straddles the line. Every part of such a chart (a *tile*) repeats the phase names and the lane headers
of its group; tiles follow the flow first: all lane groups of one stretch, then the next stretch. Lines
that run from one group to another are cut at the dashed line that marks the cut.

Pages are A4 with 12 mm margins, portrait or landscape (the named page `chart-wide` of
assets/print.css, which the print edition in Chromium and the PDF edition in WeasyPrint both read).
Sizes are CSS px (96 per inch); text of FONT (13 px) prints at 13 × 0.75 × scale pt.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Sequence

from .boxes import block
from .shapes import Box, SwimlaneLayout
from .svg import NUMBER_FONT
from .text import orphaned, text_width

PAGES = {"portrait": (650.0, 930.0), "landscape": (990.0, 650.0)}
"""Room for a chart on A4 with 12 mm margins (px, width × height): the text area is 703 × 1032 px upright,
1032 × 703 px turned; less the theme's side margins (16 px each) and some slack for the line a chart sits on."""
LABEL_PT = 13 * 0.75
"""Step labels are 13 px: 9.75 pt at scale 1."""
SMALLEST_PT = 11 * 0.75
"""The smallest chart text (badges such as 审核, participants' sublabels) is 11 px: 8.25 pt at scale 1."""
MIN_SCALE = 7.2 / SMALLEST_PT
"""Below this scale some chart text would print under 7 pt (issue 15: text ≥ 7 pt on A4; step text is then
at least 8.5 pt); 7.2 leaves room for rounding."""
PART_GAP = 12.0
"""Space between the parts of a split chart (px; print.css gives each part this margin)."""
MIN_CUT_GAP = 6.0
"""A cut needs at least this much free space along the flow between two boxes or labels."""


@dataclass(frozen=True)
class PaperPlan:
    """How one chart prints: `layout` (one of the chart's orientations) at `scale` on `pages` pages of
    `page` ("portrait" | "landscape"), in parts cut at along-flow coordinates: part i runs from cuts[i] to
    cuts[i + 1] (cuts[0] is the end of the lane headers, the last cut the chart's far edge). `lane_cuts`
    (across-flow coordinates) groups the lanes the same way: lane_cuts[0] is where the phase names end
    (see `phase_strip_end`), the last the chart's far side; a chart not split across has just those two."""

    layout: SwimlaneLayout
    page: str
    scale: float
    cuts: tuple[float, ...]
    pages: int
    lane_cuts: tuple[float, ...]

    @property
    def parts(self) -> list[tuple[float, float]]:
        """The stretches along the flow, (start, end) in px."""
        return list(zip(self.cuts, self.cuts[1:]))

    @property
    def lane_groups(self) -> list[tuple[float, float]]:
        """The groups of lanes across the flow, (start, end) in px."""
        return list(zip(self.lane_cuts, self.lane_cuts[1:]))

    @cached_property
    def tiles(self) -> list[tuple[float, float, float, float]]:
        """Every printed part as (a0, a1, c0, c1) in px, in reading order: the lane groups of the first
        stretch, then those of the next. A part where no step, marker or participant box stands (only
        lines pass through it) is left out: it would print an empty page of lanes."""
        return [(a0, a1, c0, c1) for a0, a1 in self.parts for c0, c1 in self.lane_groups
                if len(self.lane_cuts) == 2 or _holds_a_box(self.layout, a0, a1, c0, c1)]

    @property
    def header(self) -> float:
        """Room (px) across the flow above the lanes of every part: the phase names' strip, at least as
        deep as the part number in the corner needs when the chart prints in several parts."""
        strip = self.lane_cuts[0]
        return strip if len(self.tiles) == 1 else max(strip, number_room(self.layout))


def number_room(layout: SwimlaneLayout) -> float:
    """Room (px, across the flow) the part number needs in a part's corner: a line in a horizontal chart,
    the widest number ("99/99") in a vertical one."""
    return text_width("99/99", NUMBER_FONT) + 8 if layout.vertical else NUMBER_FONT * 1.5


def _holds_a_box(layout: SwimlaneLayout, a0: float, a1: float, c0: float, c1: float) -> bool:
    for b in layout.boxes:
        if b.kind not in ("lane", "band"):
            lo, hi = _span(layout, b.x, b.y, b.w, b.h)
            clo, chi = _span(layout, b.x, b.y, b.w, b.h, along=False)
            if a0 <= (lo + hi) / 2 < a1 and c0 <= (clo + chi) / 2 < c1:
                return True
    return False


def _along(layout: SwimlaneLayout) -> tuple[float, float, float]:
    """(end of the lane headers, total extent, extent across) of a layout, in its flow direction."""
    if layout.vertical:
        return layout.body_y, layout.height, layout.width
    return layout.body_x, layout.width, layout.height


def _span(layout: SwimlaneLayout, x: float, y: float, w: float, h: float, along: bool = True) -> tuple[float, float]:
    """A rectangle's (start, end) along the flow, or across it when `along` is False."""
    return (x, x + w) if layout.vertical != along else (y, y + h)


def _blockers(layout: SwimlaneLayout, along: bool) -> list[tuple[float, float]]:
    """The spans (along or across the flow) of everything a cut must not run through: steps, markers,
    participant boxes and edge labels. Lane and phase headers and lines do not block: parts redraw the
    headers, and lines go on in the next part."""
    spans = [_span(layout, b.x, b.y, b.w, b.h, along) for b in layout.boxes if b.kind not in ("lane", "band")]
    return spans + [_span(layout, c.label_box.x, c.label_box.y, c.label_box.w, c.label_box.h, along)
                    for c in layout.connectors if c.label_box]


def cut_positions(layout: SwimlaneLayout) -> list[float]:
    """Where the chart may be cut along the flow (real coordinates): the middle of every stretch at least
    MIN_CUT_GAP long that no step, marker, participant box or edge label overlaps. Lane and phase headers
    and lines do not block a cut: lines continue in the next part, phase names are redrawn in each."""
    head, total, _ = _along(layout)
    spans = _blockers(layout, along=True)
    markers = [_span(layout, b.x, b.y, b.w, b.h) for b in layout.boxes if b.kind in ("start", "end")]
    cuts, reach = [], head
    for lo, hi in sorted(spans):
        if lo - reach >= MIN_CUT_GAP and reach > head:
            cuts.append((reach + lo) / 2)
        reach = max(reach, hi)
    # the Start and End markers stay with a step: every part holds something besides a marker
    others = [span for span in spans if span not in markers]
    if not others:
        return []
    first_end, last_start = min(hi for _, hi in others), max(lo for lo, _ in others)
    return [c for c in cuts if first_end < c < last_start]


def phase_strip_end(layout: SwimlaneLayout) -> float:
    """Where the phase names end across the flow (px: the bottom of their strip in a horizontal chart, its
    right side in a vertical one); 0 for a chart without phases. Every part of a chart split across its
    lanes repeats that strip."""
    return max((_span(layout, b.x, b.y, b.w, b.h, along=False)[1] for b in layout.boxes if b.kind == "band"),
               default=0.0)


def lane_cut_positions(layout: SwimlaneLayout) -> list[float]:
    """Where the chart may be cut across the flow (px): the line between two neighbouring lanes, unless a
    step, marker, participant box or edge label straddles it."""
    blockers = _blockers(layout, along=False)
    starts = [_span(layout, r.x, r.y, r.w, r.h, along=False)[0] for r in layout.lanes[1:]]
    return [c for c in starts if not any(lo < c < hi for lo, hi in blockers)]


def split(cuts: Sequence[float], start: float, end: float, room: float) -> list[float] | None:
    """Cuts that split [start, end] into the fewest parts no longer than `room`, as even as the cuts allow:
    [start, cut, …, end]. None when some stretch between neighbouring cuts is longer than `room`."""
    points = [start] + [c for c in cuts if start < c < end] + [end]
    if any(b - a > room for a, b in zip(points, points[1:])):
        return None
    fewest = _greedy(points, room)
    n = len(fewest) - 1
    for step in range(1, 21):  # even parts: the smallest room that still needs no more parts
        even = _greedy(points, (end - start) / n + step / 20 * (room - (end - start) / n))
        if len(even) - 1 <= n:
            return even
    return fewest


def _greedy(points: list[float], room: float) -> list[float]:
    out = [points[0]]
    for i, p in enumerate(points[1:], 1):
        if p - out[-1] > room:
            out.append(points[i - 1])
    return out + [points[-1]]


def _longest(cuts: Sequence[float], start: float, end: float) -> float:
    points = [start] + [c for c in cuts if start < c < end] + [end]
    return max(b - a for a, b in zip(points, points[1:]))


def _fit(layout: SwimlaneLayout, page: str, scale: float, cuts: Sequence[float],
         lane_cuts: Sequence[float]) -> PaperPlan | None:
    """The layout at `scale` on that page, its lanes in the groups `lane_cuts`, split along at some of
    `cuts` (`cut_positions`) as needed; None when some stretch between two cuts is too long for the page
    at that scale."""
    head, total, _ = _along(layout)
    width, height = PAGES[page]
    room_along, room_across = (height, width) if layout.vertical else (width, height)
    parts = split(cuts, head, total, room_along / scale - head + 1e-6)
    if parts is None:
        return None
    plan = PaperPlan(layout, page, scale, tuple(parts), 0, tuple(lane_cuts))
    tile_across = plan.header + max(c1 - c0 for c0, c1 in plan.lane_groups)
    if tile_across * scale > room_across + 1e-6:  # a whole chart without phase names: room for the number
        return _fit(layout, page, room_across / tile_across * (1 - 1e-9), cuts, lane_cuts)
    per_page = max(1, math.floor((room_across + PART_GAP) / (tile_across * scale + PART_GAP)))
    return replace(plan, pages=math.ceil(len(plan.tiles) / per_page))


def _plans(layout: SwimlaneLayout, page: str) -> list[PaperPlan]:
    """The layout on that page: whole across at the largest scale (at most 1) at which it fits across; and,
    when its lanes can be grouped, split into lane groups at the largest scale the widest lane allows and at
    MIN_SCALE (fewer groups, more of the chart per page)."""
    head, total, across = _along(layout)
    width, height = PAGES[page]
    room_along, room_across = (height, width) if layout.vertical else (width, height)
    cuts = cut_positions(layout)
    along_scale = min(1.0, room_along / (head + _longest(cuts, head, total)))
    strip = phase_strip_end(layout)
    plans = [_fit(layout, page, min(along_scale, room_across / across), cuts, (strip, across))]
    lane_cuts = lane_cut_positions(layout)
    if lane_cuts:
        header = max(strip, number_room(layout))
        top = min(along_scale, room_across / (header + _longest(lane_cuts, strip, across)))
        for scale in sorted({top} | ({MIN_SCALE} if MIN_SCALE < top else set()), reverse=True):
            groups = split(lane_cuts, strip, across, room_across / scale - header + 1e-6)
            if groups is not None and len(groups) > 2:
                plans.append(_fit(layout, page, scale, cuts, groups))
    return [plan for plan in plans if plan is not None]


def plan_paper(layouts: Sequence[SwimlaneLayout], screen: SwimlaneLayout) -> PaperPlan:
    """The drawing for paper among the chart's orientations, on portrait or landscape pages.

    Legible (scale ≥ MIN_SCALE: all text ≥ 7 pt) first; among legible drawings, the chart whole across its
    lanes before one split into lane groups (a reader follows a role across the page), then fewest pages,
    then fewest parts (a chart whole on its page beats the same page holding it in two parts), then
    portrait, then the screen's orientation, then the larger scale. When no drawing reaches MIN_SCALE, the
    larger scale comes first: the least illegible drawing beats the one on fewest pages.
    """
    best, best_key = None, None
    for layout in layouts:
        for page in PAGES:
            for plan in _plans(layout, page):
                legible = plan.scale >= MIN_SCALE
                key = (legible, legible and len(plan.lane_cuts) == 2, 0.0 if legible else plan.scale, -plan.pages,
                       -len(plan.tiles), page == "portrait", layout.vertical == screen.vertical, plan.scale)
                if best_key is None or key > best_key:
                    best, best_key = plan, key
    if best is None:  # no cut fits anywhere: the screen chart, whole, fitted to a portrait page
        head, total, across = _along(screen)
        scale = min(1.0, PAGES["portrait"][0] / screen.width, PAGES["portrait"][1] / screen.height)
        return PaperPlan(screen, "portrait", scale, (head, total), 1, (phase_strip_end(screen), across))
    return best


def window(layout: SwimlaneLayout, a0: float, a1: float, c0: float = -math.inf, c1: float = math.inf) -> SwimlaneLayout:
    """What of `layout` shows in the stretch [a0, a1] along the flow and [c0, c1] across it (px), in the
    chart's own coordinates: the headers of the lanes in [c0, c1]; steps, markers, lines and labels that
    reach into the window; phase boxes cut to [a0, a1], their name rewrapped to the cut width, or left out
    where it no longer fits."""

    def reach(x: float, y: float, w: float, h: float) -> bool:
        lo, hi = _span(layout, x, y, w, h)
        clo, chi = _span(layout, x, y, w, h, along=False)
        return lo < a1 and hi > a0 and clo < c1 and chi > c0

    def in_group(x: float, y: float, w: float, h: float) -> bool:
        clo, chi = _span(layout, x, y, w, h, along=False)
        return clo < c1 and chi > c0

    boxes = []
    for b in layout.boxes:
        if b.kind == "lane":
            if in_group(b.x, b.y, b.w, b.h):
                boxes.append(b)
        elif b.kind == "band":
            cut = _cut_band(b, a0, a1, layout.vertical)
            if cut is not None:
                boxes.append(cut)
        elif reach(b.x, b.y, b.w, b.h):
            boxes.append(b)
    connectors = tuple(c for c in layout.connectors
                       if reach(*_bounds(c.points)) or (c.label_box and reach(c.label_box.x, c.label_box.y,
                                                                              c.label_box.w, c.label_box.h)))
    lanes = tuple(r for r in layout.lanes if in_group(r.x, r.y, r.w, r.h))
    return replace(layout, boxes=tuple(boxes), connectors=connectors, lanes=lanes)


def _bounds(points) -> tuple[float, float, float, float]:
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)


def _cut_band(b: Box, a0: float, a1: float, vertical: bool) -> Box | None:
    """A phase box cut to [a0, a1] along the flow; None when nothing of it is left. Its name is rewrapped to
    the cut width, or left out where it would not fit or would leave a single character on a line."""
    lo, hi = (b.y, b.y + b.h) if vertical else (b.x, b.x + b.w)
    lo, hi = max(lo, a0), min(hi, a1)
    if hi - lo < 1:
        return None
    if (lo, hi) == ((b.y, b.y + b.h) if vertical else (b.x, b.x + b.w)):
        return b
    pad = (b.h - b.inner_h) / 2 if vertical else (b.w - b.inner_w) / 2
    tb = b.blocks[0]
    text = b.tooltip
    if vertical:
        cut = replace(b, y=lo, h=hi - lo, inner_h=hi - lo - 2 * pad)
        fits = tb.height <= cut.inner_h
    else:
        tb = block(text, hi - lo - 2 * pad, tb.font_size, tb.line_height, tb.role)
        cut = replace(b, x=lo, w=hi - lo, inner_w=hi - lo - 2 * pad, blocks=(tb,))
        fits = (tb.height <= b.inner_h and not orphaned(tb.lines)
                and all(text_width(line, tb.font_size) <= cut.inner_w for line in tb.lines))
    return cut if fits else replace(cut, blocks=())
