"""Swimlane charts on paper: which drawing, on which A4 page, split where.

A chart prints whole when it fits a page at a legible scale; otherwise it is split along the flow into
parts, each repeating the lane headers, cut only where no box or label stands (between columns). Parts
stack across the flow: the parts of a wide, low chart sit one above the other on a page, the parts of
a tall, narrow one side by side.

Pages are A4 with 12 mm margins, portrait or landscape (the named page `chart-wide` of
assets/print.css, which the print edition in Chromium and the PDF edition in WeasyPrint both read).
Sizes are CSS px (96 per inch); text of FONT (13 px) prints at 13 × 0.75 × scale pt.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Sequence

from .boxes import block
from .shapes import Box, SwimlaneLayout
from .text import text_width

PAGES = {"portrait": (650.0, 930.0), "landscape": (990.0, 650.0)}
"""Room for a chart on A4 with 12 mm margins (px, width × height): the text area is 703 × 1032 px upright,
1032 × 703 px turned; less the theme's side margins (16 px each) and some slack for the line a chart sits on."""
LABEL_PT = 13 * 0.75
"""Step labels are 13 px: 9.75 pt at scale 1."""
MIN_SCALE = 7.2 / LABEL_PT
"""Below this scale step text would print under 7 pt (issue 15: legible on A4); 7.2 leaves room for rounding."""
GOOD_SCALE = 8.0 / LABEL_PT
"""At or above this scale (8 pt) a chart reads comfortably; among such drawings the one on fewest pages wins."""
PART_GAP = 12.0
"""Space between the parts of a split chart (px; print.css gives each part this margin)."""
MIN_CUT_GAP = 6.0
"""A cut needs at least this much free space along the flow between two boxes or labels."""


@dataclass(frozen=True)
class PaperPlan:
    """How one chart prints: `layout` (one of the chart's orientations) at `scale` on `page` pages
    ("portrait" | "landscape"), in parts cut at along-flow coordinates: part i runs from cuts[i] to
    cuts[i + 1] (cuts[0] is the end of the lane headers, the last cut the chart's far edge)."""

    layout: SwimlaneLayout
    page: str
    scale: float
    cuts: tuple[float, ...]
    pages: int

    @property
    def parts(self) -> list[tuple[float, float]]:
        return list(zip(self.cuts, self.cuts[1:]))


def _along(layout: SwimlaneLayout) -> tuple[float, float, float]:
    """(end of the lane headers, total extent, extent across) of a layout, in its flow direction."""
    if layout.vertical:
        return layout.body_y, layout.height, layout.width
    return layout.body_x, layout.width, layout.height


def cut_positions(layout: SwimlaneLayout) -> list[float]:
    """Where the chart may be cut along the flow (real coordinates): the middle of every stretch at least
    MIN_CUT_GAP long that no step, marker, participant box or edge label overlaps. Lane and phase headers
    and lines do not block a cut: lines continue in the next part, phase names are redrawn in each."""
    head, total, _ = _along(layout)
    spans = [(b.y, b.y + b.h) if layout.vertical else (b.x, b.x + b.w)
             for b in layout.boxes if b.kind not in ("lane", "band")]
    spans += [(c.label_box.y, c.label_box.y + c.label_box.h) if layout.vertical else
              (c.label_box.x, c.label_box.x + c.label_box.w) for c in layout.connectors if c.label_box]
    markers = [(b.y, b.y + b.h) if layout.vertical else (b.x, b.x + b.w) for b in layout.boxes if b.kind in ("start", "end")]
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


def _plan(layout: SwimlaneLayout, page: str) -> PaperPlan | None:
    """The layout on that page: the largest scale (at most 1) at which it fits across, split along."""
    head, total, across = _along(layout)
    width, height = PAGES[page]
    room_along, room_across = (height, width) if layout.vertical else (width, height)
    cuts = cut_positions(layout)
    points = [head] + [c for c in cuts if head < c < total] + [total]
    longest = max(b - a for a, b in zip(points, points[1:]))
    scale = min(1.0, room_across / across, room_along / (head + longest))
    parts = split(cuts, head, total, room_along / scale - head)
    if parts is None:
        return None
    per_page = max(1, math.floor((room_across + PART_GAP) / (across * scale + PART_GAP)))
    return PaperPlan(layout, page, scale, tuple(parts), math.ceil((len(parts) - 1) / per_page))


def plan_paper(layouts: Sequence[SwimlaneLayout], screen: SwimlaneLayout) -> PaperPlan:
    """The drawing for paper among the chart's orientations, on portrait or landscape pages.

    Most legible first (scale ≥ GOOD_SCALE, then ≥ MIN_SCALE), then fewest pages, then portrait, then
    the screen's orientation, then the larger scale. When no drawing reaches MIN_SCALE (very many lanes),
    the larger scale comes first: the least illegible drawing beats the one on fewest pages.
    """
    best, best_key = None, None
    for layout in layouts:
        for page in PAGES:
            plan = _plan(layout, page)
            if plan is None:
                continue
            legible = 2 if plan.scale >= GOOD_SCALE else 1 if plan.scale >= MIN_SCALE else 0
            key = (legible, plan.scale if legible == 0 else 0.0, -plan.pages, page == "portrait", layout.vertical == screen.vertical, plan.scale)
            if best_key is None or key > best_key:
                best, best_key = plan, key
    if best is None:  # no cut fits anywhere: the screen chart, whole, fitted to a portrait page
        head, total, across = _along(screen)
        scale = min(1.0, PAGES["portrait"][0] / screen.width, PAGES["portrait"][1] / screen.height)
        return PaperPlan(screen, "portrait", scale, (head, total), 1)
    return best


def window(layout: SwimlaneLayout, a0: float, a1: float) -> SwimlaneLayout:
    """What of `layout` shows in the stretch [a0, a1] along the flow, in the chart's own coordinates:
    the lane headers always; steps, markers, lines and labels that reach into the stretch; phase boxes
    cut to it, their name rewrapped to the cut width, or left out where it no longer fits."""
    v = layout.vertical

    def reach(x: float, y: float, w: float, h: float) -> bool:
        lo, hi = (y, y + h) if v else (x, x + w)
        return lo < a1 and hi > a0

    boxes = []
    for b in layout.boxes:
        if b.kind == "lane":
            boxes.append(b)
        elif b.kind == "band":
            cut = _cut_band(b, a0, a1, v)
            if cut is not None:
                boxes.append(cut)
        elif reach(b.x, b.y, b.w, b.h):
            boxes.append(b)
    connectors = tuple(c for c in layout.connectors
                       if reach(*_bounds(c.points)) or (c.label_box and reach(c.label_box.x, c.label_box.y,
                                                                              c.label_box.w, c.label_box.h)))
    return replace(layout, boxes=tuple(boxes), connectors=connectors)


def _bounds(points) -> tuple[float, float, float, float]:
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)


def _cut_band(b: Box, a0: float, a1: float, vertical: bool) -> Box | None:
    """A phase box cut to [a0, a1] along the flow; None when nothing of it is left."""
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
        fits = tb.height <= b.inner_h and all(text_width(line, tb.font_size) <= cut.inner_w for line in tb.lines)
    return cut if fits else replace(cut, blocks=())
