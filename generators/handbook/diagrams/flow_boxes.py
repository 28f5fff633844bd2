"""Boxes of a swimlane chart, sized before they are placed: steps, gateways, events, Start/End markers
and participants' boxes.

Text is always horizontal, so a box has the same real size in horizontal and vertical charts; only
vertical charts use narrower (taller) boxes, since lanes side by side must stay narrow.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Sequence

from .boxes import block, blocks_height, rect_box, tooltip
from .shapes import END, START, Box, FlowNode, TextBlock
from .svg import BLOCK_GAP

if TYPE_CHECKING:
    from .flowgrid import Grid

FONT, LH = 13.0, 17.0
BADGE_FONT, BADGE_LH = 11.0, 15.0
STEP_W, STEP_PAD_X, STEP_PAD_Y, STEP_MIN_H = 124.0, 8.0, 7.0, 44.0
DIAMOND_WIDTHS = (140.0, 172.0, 204.0)
STEP_W_V, DIAMOND_WIDTHS_V = 100.0, (116.0, 136.0, 156.0)
"""Vertical charts: lanes side by side must stay narrow, boxes grow downwards instead."""
DIAMOND_MIN_H = 64.0
MARKER_W, MARKER_H = 56.0, 30.0
START_TEXT, END_TEXT = "开始", "结束"

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
