"""Org chart layout: a top-down tree that stays narrow for large organisations.

Each subtree is laid out as a rectangular block (relative coordinates) and
blocks are packed side by side, so boxes of different subtrees can never
overlap. Width is kept in check the way HR charts do it:

* many leaf children (more than `STACK_THRESHOLD`) hang in two columns on both
  sides of a vertical trunk instead of spreading horizontally;
* if the chart is still wider than `max_width`, every group of two or more
  leaves is stacked, and then subtrees below some depth are drawn as indented
  lists (trunk on the left, children stacked to the right), trying the
  deepest cut-off first;
* if that is not enough (a node with very many sub-units), long rows of
  children wrap into several rows hung left and right of a trunk; only as a
  last resort the whole chart becomes an indented list.

Connectors are orthogonal: parent bottom -> bus -> child top, or trunk ->
horizontal stub -> side of the child.

Dotted-line reports (虚线汇报) are drawn once the tree stands: a dashed line with an arrow to the
dotted-line superior, routed around every box (detour.py). A superior or subordinate from another
unit is drawn as a dashed box in a row below the tree, with the positions that report to it across
units hanging under it. A post held together with another (兼任) carries a badge. A legend under the chart explains whichever of these marks (and the dashed boxes of other units) the chart shows.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from typing import Sequence

from .boxes import block, rect_box, simplify, tooltip
from .detour import route_around
from .shapes import Box, Connector, OrgLayout, OrgLink, OrgNode
from .svg import BLOCK_GAP, legend_size, orgchart_svg

BOX_W = 136.0
PAD_X, PAD_Y = 8.0, 7.0
MIN_H = 46.0
LABEL_FONT, LABEL_LH = 14.0, 18.0
SUB_FONT, SUB_LH = 12.0, 15.0
H_GAP = 16.0  # between sibling blocks
V_GAP = 36.0  # between a parent and a row of children (bus in the middle)
STACK_GAP = 10.0  # between stacked boxes
TRUNK_GAP = 14.0  # from a trunk to the stacked boxes beside it
INDENT = 18.0  # trunk offset from the left edge of a parent in list mode
MARGIN = 12.0
STACK_THRESHOLD = 4
MAX_WIDTH = 2400.0
BADGE_FONT, BADGE_LH = 11.0, 15.0
OUTSIDE_GAP = 40.0  # between the tree and the row of boxes from other units


@dataclass
class _Block:
    """A laid-out subtree in coordinates relative to its top-left corner."""

    width: float
    height: float
    anchor: float  # x of the root box centre
    boxes: list[Box] = field(default_factory=list)
    lines: list[tuple[list[tuple[float, float]], str, str]] = field(default_factory=list)

    def shifted(self, dx: float, dy: float) -> "_Block":
        boxes = [Box(b.x + dx, b.y + dy, b.w, b.h, b.id, b.url, b.kind, b.shape, b.blocks, b.inner_w, b.inner_h,
                     b.tooltip) for b in self.boxes]
        lines = [([(x + dx, y + dy) for x, y in pts], s, t) for pts, s, t in self.lines]
        return _Block(self.width, self.height, self.anchor + dx, boxes, lines)

    @property
    def root(self) -> Box:
        return self.boxes[0]


def _node_box(node: OrgNode) -> Box:
    inner = BOX_W - 2 * PAD_X
    blocks = (block(node.label, inner, LABEL_FONT, LABEL_LH, "label"),
              block(node.sublabel, inner, SUB_FONT, SUB_LH, "sublabel"))
    if node.badge:
        blocks = (block(node.badge, inner, BADGE_FONT, BADGE_LH, "badge"),) + blocks
    kind = node.kind if node.kind in ("position", "outside") else "unit"
    return rect_box(x=0, y=0, w=BOX_W, min_h=MIN_H, pad_x=PAD_X, pad_y=PAD_Y, gap=BLOCK_GAP, blocks=blocks,
                    id=node.id, url=node.url, kind=kind, tooltip=tooltip(node.badge, node.label, node.sublabel))


class _Planner:
    """Lays out one tree under one choice of (list-mode depth, stacking threshold)."""

    def __init__(self, list_depth: int, threshold: int, per_row: int | None = None):
        self.list_depth = list_depth
        self.threshold = threshold
        self.per_row = per_row

    def layout(self, node: OrgNode, depth: int = 0) -> _Block:
        box = _node_box(node)
        if not node.children:
            return _Block(box.w, box.h, box.w / 2, [box])
        if depth >= self.list_depth:
            return self._list(node, box, depth)
        leaves = [c for c in node.children if not c.children]
        if len(leaves) > self.threshold:
            branches = [c for c in node.children if c.children]
            return self._stacked(box, leaves, branches, depth)
        kids = [self.layout(c, depth + 1) for c in node.children]
        if self.per_row and len(kids) > self.per_row:
            return self._wrapped(box, kids)
        return self._row(box, kids, top=box.h + V_GAP)

    def _place_row(self, children: list[_Block], top: float) -> tuple[list[_Block], float]:
        """Children side by side at `top`; returns them and the midpoint of their anchors."""
        placed, x = [], 0.0
        for c in children:
            placed.append(c.shifted(x, top))
            x += c.width + H_GAP
        return placed, (placed[0].anchor + placed[-1].anchor) / 2

    def _row(self, box: Box, children: list[_Block], top: float) -> _Block:
        """Classic tree level: parent centred over a bus that drops to each child."""
        placed, mid = self._place_row(children, top)
        trunk = max(mid, box.w / 2)
        return self._assemble(box, trunk, [(c, trunk - mid) for c in placed], extra=[])

    def _wrapped(self, box: Box, kids: list[_Block]) -> _Block:
        """Too many children for one row: several rows, each split left and right of a trunk."""
        halves, need = self._split(kids)
        trunk = max(box.w / 2, need)
        return self._assemble(box, trunk, [(c, 0.0) for c in self._place_split(halves, trunk, box.h + V_GAP)], extra=[])

    def _split(self, kids: list[_Block]) -> tuple[list[tuple[list[_Block], list[_Block]]], float]:
        """Rows of at most `per_row` blocks, halved; also the trunk x the left halves need."""
        assert self.per_row
        rows = [kids[i:i + self.per_row] for i in range(0, len(kids), self.per_row)]
        halves = [(r[:(len(r) + 1) // 2], r[(len(r) + 1) // 2:]) for r in rows]
        return halves, max(_span(left) for left, _ in halves) + TRUNK_GAP

    @staticmethod
    def _place_split(halves, trunk: float, top: float) -> list[_Block]:
        placed = []
        for left, right in halves:
            for x, group in ((trunk - TRUNK_GAP - _span(left), left), (trunk + TRUNK_GAP, right)):
                for b in group:
                    placed.append(b.shifted(x, top))
                    x += b.width + H_GAP
            top += max(b.height for b in left + right) + V_GAP
        return placed

    def _stacked(self, box: Box, leaves: list[OrgNode], branches: list[OrgNode], depth: int) -> _Block:
        """Leaves in two columns either side of a trunk, branch subtrees in a row below them.

        Leaves come first (in their given order), as in HR charts where staff
        positions hang directly under the head and sub-units follow below.
        """
        leaf_boxes = [_node_box(c) for c in leaves]
        y = box.h + V_GAP / 2
        rows = []  # (one or two boxes, top, height)
        for i in range(0, len(leaf_boxes), 2):
            pair = leaf_boxes[i:i + 2]
            rh = max(b.h for b in pair)
            rows.append((pair, y, rh))
            y += rh + STACK_GAP
        half = TRUNK_GAP + BOX_W
        kids = [self.layout(c, depth + 1) for c in branches]
        row_top = y - STACK_GAP + V_GAP
        if self.per_row and len(kids) > self.per_row:
            halves, need = self._split(kids)
            trunk = max(half, box.w / 2, need)
            placed, mid = self._place_split(halves, trunk, row_top), trunk
        else:
            placed, mid = self._place_row(kids, row_top) if kids else ([], 0.0)
            trunk = max(half, box.w / 2, mid)
        extra: list[tuple[Box, str]] = []
        for pair, top, rh in rows:
            for side, b in zip(("left", "right"), pair):
                bx = trunk - half if side == "left" else trunk + TRUNK_GAP
                extra.append((_moved(b, bx, top + (rh - b.h) / 2), side))
        return self._assemble(box, trunk, [(c, trunk - mid) for c in placed], extra=extra)

    def _assemble(self, box: Box, trunk: float, kids: list[tuple[_Block, float]],
                  extra: list[tuple[Box, str]]) -> _Block:
        """Put the parent box at `trunk`, shift child blocks, and draw all connectors."""
        parent = _moved(box, trunk - box.w / 2, 0)
        boxes, lines = [parent], []
        bottom = parent.bottom
        for b, side in extra:
            boxes.append(b)
            edge = b.right if side == "left" else b.x
            lines.append(([(trunk, bottom), (trunk, b.cy), (edge, b.cy)], parent.id, b.id))
        for child, dx in kids:
            c = child.shifted(dx, 0)
            boxes += c.boxes
            lines += c.lines
            top = c.root
            bus_y = top.y - V_GAP / 2  # children blocks of one row share their top, so they share the bus
            lines.append(([(trunk, bottom), (trunk, bus_y), (top.cx, bus_y), (top.cx, top.y)], parent.id, top.id))
        width = max(b.right for b in boxes)
        height = max(b.bottom for b in boxes)
        return _Block(width, height, trunk, boxes, lines)

    def _list(self, node: OrgNode, box: Box, depth: int) -> _Block:
        """Indented list: trunk near the parent's left edge, children blocks stacked to its right."""
        boxes, lines = [box], []
        trunk = INDENT
        x = INDENT + TRUNK_GAP
        y = box.h + STACK_GAP
        for c in node.children:
            child = self.layout(c, depth + 1).shifted(x, y)
            boxes += child.boxes
            lines += child.lines
            lines.append(([(trunk, box.h), (trunk, child.root.cy), (child.root.x, child.root.cy)], box.id, c.id))
            y += child.height + STACK_GAP
        return _Block(max(b.right for b in boxes), y - STACK_GAP, box.w / 2, boxes, lines)


def _span(blocks: list[_Block]) -> float:
    """Width of blocks placed side by side."""
    return sum(b.width for b in blocks) + H_GAP * max(0, len(blocks) - 1)


def _moved(b: Box, x: float, y: float) -> Box:
    return Box(x, y, b.w, b.h, b.id, b.url, b.kind, b.shape, b.blocks, b.inner_w, b.inner_h, b.tooltip)


def _depth(node: OrgNode) -> int:
    return 1 + max((_depth(c) for c in node.children), default=0)


def layout_orgchart(root: OrgNode, *, max_width: float = MAX_WIDTH, links: Sequence[OrgLink] = (),
                    outside: Sequence[OrgNode] = ()) -> OrgLayout:
    """Lay out the tree; prefer the classic shape, fall back to list mode from the deepest level up.

    `links`: dotted-line reports between boxes of the tree or of `outside` (boxes from other units, drawn
    dashed in a row below the tree; an outside box's children, the chart's positions that report to it,
    hang under it as a small tree). Raises ValueError for a link to an unknown box or a duplicate id.
    """
    depth = _depth(root)
    best: _Block | None = None
    plans = [(d, t, None) for d in range(depth, 0, -1) for t in (STACK_THRESHOLD, 1)]
    plans += [(d, 1, r) for d in range(depth, 0, -1) for r in (8, 6, 4, 2)] + [(0, 1, None)]
    for list_depth, threshold, per_row in plans:
        blk = _Planner(list_depth, threshold, per_row).layout(root)
        if best is None or blk.width < best.width:
            best = blk
        if blk.width + 2 * MARGIN <= max_width:
            best = blk
            break
    assert best is not None
    blk = best.shifted(MARGIN, MARGIN)
    connectors = tuple(Connector(simplify(pts), s, t, arrow=False) for pts, s, t in blk.lines)
    layout = OrgLayout(blk.width + 2 * MARGIN, blk.height + 2 * MARGIN, tuple(blk.boxes), connectors)
    badges = any(_has_badge(node) for node in (root, *outside))
    if not (links or outside or badges):
        return layout
    return _with_dotted_lines(layout, links, outside, max(blk.width, max_width / 2), badges)


def _has_badge(node: OrgNode) -> bool:
    return bool(node.badge) or any(_has_badge(c) for c in node.children)


def _with_dotted_lines(layout: OrgLayout, links: Sequence[OrgLink], outside: Sequence[OrgNode], row_width: float,
                       badges: bool) -> OrgLayout:
    """The outside boxes in rows below the tree, each link as a dashed line around the boxes, the legend."""
    boxes, connectors = list(layout.boxes), list(layout.connectors)
    x, y, row_h = MARGIN, layout.height - MARGIN + OUTSIDE_GAP, 0.0
    for node in outside:  # a box, or a small tree: the chart's positions that report to it
        b = _Planner(_depth(node), STACK_THRESHOLD).layout(node)
        if x > MARGIN and x + b.width > MARGIN + row_width:
            x, y, row_h = MARGIN, y + row_h + STACK_GAP, 0.0
        b = b.shifted(x, y)
        boxes += b.boxes
        connectors += [Connector(simplify(pts), s, t, arrow=False) for pts, s, t in b.lines]
        x, row_h = x + b.width + H_GAP, max(row_h, b.height)
    by_id = {b.id: b for b in boxes}
    if len(by_id) != len(boxes):
        raise ValueError("duplicate box id in org chart")
    width = max(layout.width, max(b.right for b in boxes) + MARGIN)
    height = max(b.bottom for b in boxes) + MARGIN + (OUTSIDE_GAP / 2 if outside else 0)
    for link in links:
        if link.source not in by_id or link.target not in by_id:
            raise ValueError(f"dotted line between unknown boxes {link.source!r} → {link.target!r}")
        pts = route_around(boxes, by_id[link.source], by_id[link.target], width, height,
                           [c.points for c in connectors])
        if pts is None:  # never in a laid-out tree: boxes always have gaps between them
            raise ValueError(f"no free path for the dotted line {link.source!r} → {link.target!r}")
        connectors.append(Connector(pts, link.source, link.target, dotted=True))
    legend = (("dotted",) if links else ()) + (("badge",) if badges else ()) + (("outside",) if outside else ())
    legend_w, legend_h = legend_size(legend)
    width = max(width, legend_w + 2 * MARGIN)
    return OrgLayout(width, height + legend_h, tuple(boxes), tuple(connectors), legend, height)


def render_orgchart(root: OrgNode, *, title: str, links: Sequence[OrgLink] = (),
                    outside: Sequence[OrgNode] = ()) -> str:
    """Inline SVG of the org chart; every box links to its node's url (see `layout_orgchart`)."""
    return orgchart_svg(layout_orgchart(root, links=links, outside=outside), title)
