"""Edge labels of a swimlane chart: sized from their text, then placed next to their own line.

Placement works in real coordinates, after every route is known: each label tries spots along its
route and takes the first that covers no box, no earlier label and no line (relaxing those in turn).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Sequence

from .shapes import FlowEdge
from .text import text_width, wrap

EDGE_FONT, EDGE_LH, EDGE_LABEL_W = 12.0, 15.0, 84.0
SIDES = ((0.0, True), (1.0, False))
"""Per direction of a segment (0: horizontal, 1: vertical): extra clearance in px, and whether the
label tries the side of lower coordinates first (above a horizontal line; a vertical one: right first)."""


@dataclass(frozen=True)
class EdgeLabel:
    """An edge's label text wrapped to EDGE_LABEL_W, and its box size (px, real space: text is horizontal)."""

    lines: tuple[str, ...]
    w: float
    h: float
    font_size: float = EDGE_FONT
    line_height: float = EDGE_LH


def size_edge_labels(edges: Sequence[FlowEdge]) -> dict[int, EdgeLabel]:
    """Edge index → its label, for every edge with a label (an empty or blank one has none)."""
    out = {}
    for i, e in enumerate(edges):
        lines = tuple(wrap(e.label, EDGE_LABEL_W, EDGE_FONT))
        if lines:
            out[i] = EdgeLabel(lines, max(text_width(x, EDGE_FONT) for x in lines) + 4, len(lines) * EDGE_LH)
    return out


def _segments(points):
    return list(zip(points, points[1:]))


def _overlaps(a: tuple[float, float, float, float], b: tuple[float, float, float, float], margin: float) -> bool:
    ax, ay, aw, ah = a
    bx, by, bw, bh = b
    return ax < bx + bw + margin and bx < ax + aw + margin and ay < by + bh + margin and by < ay + ah + margin


def _label_candidates(points, w: float, h: float):
    """Rectangles next to the route: first the classic spots (by the start, the middle, the end of
    each segment), then more spots along it, then the same a little further from the line.

    One rule for both directions of a segment, with the axes swapped: a label goes above a horizontal
    segment first, then below; right of a vertical one first, then left, 1 px further off."""
    for gap in (3.0, 10.0, 18.0):
        for fractions in (None, (0.1, 0.3, 0.7, 0.9)):
            for p, q in _segments(points):
                axis = 0 if p[1] == q[1] else 1  # the coordinate the segment runs along
                size, across_size = (w, h) if axis == 0 else (h, w)
                clear, low_side_first = SIDES[axis]
                high, low = p[1 - axis] + gap + clear, p[1 - axis] - gap - clear - across_size
                for a in _spots(p[axis], q[axis], size, fractions):
                    for c in ((low, high) if low_side_first else (high, low)):
                        yield (a, c, w, h) if axis == 0 else (c, a, w, h)


def _spots(a1: float, a2: float, size: float, fractions) -> list[float]:
    """Starts of a label `size` long beside a segment from a1 to a2 (one axis): by the start, the middle,
    the end, a quarter and three quarters in; or centred at each of `fractions` of its length."""
    lo, hi = min(a1, a2), max(a1, a2)
    if fractions is None:
        return [a1 + 4 if a2 > a1 else a1 - 4 - size, (lo + hi - size) / 2, a2 - 12 - size if a2 > a1 else a2 + 12,
                lo + (hi - lo - size) / 4, lo + 3 * (hi - lo - size) / 4]
    return [lo + f * (hi - lo) - size / 2 for f in fractions]


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
