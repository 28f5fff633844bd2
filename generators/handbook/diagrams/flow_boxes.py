"""Boxes of a swimlane chart, sized before they are placed: steps, gateways, events, Start/End markers
and participants' boxes.

Events are drawn as BPMN readers expect: small circles on the flow line, each named beside it in a box of
its own (`size_names`). The Start marker is a thin circle named "开始", the End marker a thick one named
"结束"; an event step (a milestone, a hand-off in from another process) is a double circle (intermediate
event), thin when no flow enters it and thick when none leaves it.

Text is always horizontal, so a box has the same real size in horizontal and vertical charts; only
vertical charts use narrower (taller) boxes, since lanes side by side must stay narrow.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Sequence

from math import ceil, hypot

from .boxes import block, blocks_height, rect_box, tooltip
from .shapes import END, START, Box, FlowNode, TextBlock
from .svg import BLOCK_GAP, RING_GAP
from .text import text_width

if TYPE_CHECKING:
    from .flowgrid import Grid

FONT, LH = 13.0, 17.0
BADGE_FONT, BADGE_LH = 11.0, 15.0
STEP_W, STEP_PAD_X, STEP_PAD_Y, STEP_MIN_H = 124.0, 8.0, 7.0, 44.0
DIAMOND_WIDTHS = (140.0, 172.0, 204.0)
STEP_W_V, DIAMOND_WIDTHS_V = 100.0, (116.0, 136.0, 156.0)
"""Vertical charts: lanes side by side must stay narrow, boxes grow downwards instead."""
DIAMOND_MIN_H = 64.0
MARKER_D, EVENT_D, MARKER_PAD = 30.0, 32.0, 3.0
"""Diameters (px) of the Start/End circles and of an event step's circle; clearance around text inside one."""
START_TEXT, END_TEXT = "开始", "结束"
NAME_GAP = 4.0
"""Between a circle and its name beside it, px."""
NAME_W, NAME_W_V = 108.0, 66.0
"""An event's name wraps to this width: below its circle in horizontal charts (as wide as a step's text),
beside it in vertical ones (five characters, so the lane stays about as wide as a step)."""

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
    marked +), a circle for an event (intermediate; see `size_boxes` for start and end events);
    approval kind as a badge on top. `task` draws any node as a plain
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
        return _event_box(node, box_id)
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
    """The Start or End marker: a circle MARKER_D px across; its word goes beside it (`size_names`)."""
    return Box(0, 0, MARKER_D, MARKER_D, id, "", id, "circle", (), 0.0, 0.0, text)


def named_beside(node: FlowNode) -> bool:
    """Whether an event step's name goes beside its circle (`size_names`); an event with participants has
    dotted lines leaving it on both sides of the flow line, so its name goes inside a larger circle."""
    return node.kind == "event" and not node.parts


def _event_box(node: FlowNode, box_id: str) -> Box:
    """An event step: a double circle (intermediate event; see `size_boxes`), EVENT_D px across, or just
    large enough for its name inside when that cannot go beside it."""
    tip = tooltip(node.label, "事件")
    if named_beside(node):
        return Box(0, 0, EVENT_D, EVENT_D, box_id, node.url, "event", "double-circle", (), 0.0, 0.0, tip)
    b = block(node.label, NAME_W_V, FONT, LH, "label")
    inner_w, inner_h = max([text_width(line, FONT) for line in b.lines] + [0.0]), b.height
    d = max(EVENT_D, ceil(2 * (hypot(inner_w / 2, inner_h / 2) + MARKER_PAD + RING_GAP)))
    return Box(0, 0, d, d, box_id, node.url, "event", "double-circle", (b,), inner_w, inner_h, tip)


def event_kind(node_id: str, edges) -> str:
    """BPMN event type of an event step from the flow (`edges`: the grid's, Start's included): "event-start"
    with no flow into it, "event-end" with none out of it, else "event" (intermediate)."""
    if not any(e.target == node_id for e in edges):
        return "event-start"
    return "event" if any(e.source == node_id for e in edges) else "event-end"


def size_names(nodes: Sequence[FlowNode], sized: dict[str, Box], narrow: bool = False) -> dict[str, Box]:
    """Circle id → the box of its name at (0, 0), in real px, for the Start and End markers ("开始", "结束")
    and the events named beside their circle: wrapped to NAME_W (NAME_W_V in vertical charts, `narrow`),
    with no outline (shape "none"), id "<circle id>:name" and the circle's kind. The layout places it
    beside the circle, on the far side of the flow line (swimlane.place_names)."""
    texts = {START: START_TEXT, END: END_TEXT} | {node.id: node.label for node in nodes if named_beside(node)}
    out = {}
    for cid, text in texts.items():
        owner = sized[cid]
        b = block(text, NAME_W_V if narrow else NAME_W, FONT, LH, "label")
        w = ceil(max([text_width(line, FONT) for line in b.lines] + [0.0])) + 2  # whole px, as the circle
        out[cid] = Box(0, 0, w, b.height, f"{cid}:name", owner.url, owner.kind, "none", (b,), w, b.height,
                       owner.tooltip)
    return out


def part_id(node_id: str, lane: str) -> str:
    """Id of the participant box of step `node_id` in `lane`."""
    return f"{node_id}@{lane}"


def size_boxes(nodes: Sequence[FlowNode], g: Grid, narrow: bool = False) -> dict[str, Box]:
    """Every box at (0, 0) with its real width and height (text is always horizontal); `narrow` for
    vertical charts. An event step is a double circle (intermediate event), a plain one when no flow
    enters it (start event, kind "event-start") or leaves it ("event-end", drawn thick). Names of
    circles are boxes of their own: `size_names`."""
    sized = {START: _marker_box(START, START_TEXT), END: _marker_box(END, END_TEXT)}
    lane_label = {lane.id: lane for lane in g.lanes}
    for node in nodes:
        sized[node.id] = _step_box(node, narrow=narrow)
        if node.kind == "event" and event_kind(node.id, g.edges) != "event":
            sized[node.id] = replace(sized[node.id], kind=event_kind(node.id, g.edges), shape="circle")
        for p in node.parts:
            pid = part_id(node.id, p.lane)
            if pid in g.col and pid not in sized:
                sized[pid] = _step_box(node, id=pid, task=True, badge=p.label or "参与", narrow=narrow)
                sized[pid] = replace(sized[pid], kind="participant",
                                     tooltip=tooltip(lane_label[p.lane].label, p.label, node.label))
    return sized
