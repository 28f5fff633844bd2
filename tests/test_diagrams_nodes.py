"""Swimlane node kinds for BPMN gateways, milestones, call activities and extra start points (issue 14)."""

from __future__ import annotations

import pytest

from handbook.diagrams import FlowEdge, FlowNode, Lane, layout_swimlane, render_swimlane

LANES = [Lane("a", "甲", "#a"), Lane("b", "乙", "#b")]


def _flow():
    nodes = [FlowNode("first", "准备", "a", "#1"),
             FlowNode("fork", "同时进行", "a", "#2", gateway="parallel"),
             FlowNode("left", "甲做", "a", "#3", joint="乙", calls="另一流程"),
             FlowNode("right", "乙做", "b", "#4"),
             FlowNode("join", "都完成", "a", "#5", gateway="join"),
             FlowNode("done", "开班", "b", "#6", event=True)]
    edges = [FlowEdge("first", "fork"), FlowEdge("fork", "left"), FlowEdge("fork", "right"),
             FlowEdge("left", "join"), FlowEdge("right", "join"), FlowEdge("join", "done"), FlowEdge("done", "end")]
    return nodes, edges


def test_node_kinds_and_shapes():
    nodes, edges = _flow()
    layout = layout_swimlane(LANES, [], nodes, edges, starts=["right"])
    boxes = {b.id: b for b in layout.boxes}
    assert (boxes["fork"].kind, boxes["fork"].shape) == ("gateway-parallel", "diamond")
    assert (boxes["join"].kind, boxes["join"].shape) == ("gateway-join", "diamond")
    assert boxes["fork"].blocks[0].lines == ("+",) and boxes["join"].blocks[0].lines == ("+",)
    assert (boxes["done"].kind, boxes["done"].shape) == ("event", "pill")
    assert boxes["left"].kind == "call" and "会同 乙" in boxes["left"].lines and "转入 另一流程" in boxes["left"].lines
    starts = {c.target for c in layout.connectors if c.source == "start"}
    assert starts == {"first", "right"}
    # a fork's branches leave from different vertices of its diamond
    exits = {c.points[0] for c in layout.connectors if c.source == "fork"}
    assert len(exits) == 2


def test_boxes_never_overlap_and_text_fits():
    nodes, edges = _flow()
    layout = layout_swimlane(LANES, [], nodes, edges, starts=["right"])
    steps = [b for b in layout.boxes if b.kind not in ("lane", "band")]
    for i, a in enumerate(steps):
        assert a.text_height <= a.h
        for b in steps[i + 1:]:
            assert a.right <= b.x or b.right <= a.x or a.bottom <= b.y or b.bottom <= a.y, (a.id, b.id)


def test_unknown_start_is_refused():
    nodes, edges = _flow()
    with pytest.raises(ValueError):
        render_swimlane(LANES, [], nodes, edges, title="t", starts=["nowhere"])
