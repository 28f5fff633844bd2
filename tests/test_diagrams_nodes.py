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
    assert (boxes["done"].kind, boxes["done"].shape) == ("event", "double-circle")  # intermediate: flow in and out
    assert boxes["done:name"].lines == ("开班",) and boxes["done:name"].shape == "none"
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


@pytest.mark.parametrize("orientation", ["horizontal", "vertical"])
def test_events_are_circles_named_beside_them(orientation):
    """BPMN: Start is a thin circle named 开始, End a thick one named 结束; an event step is a circle (double:
    intermediate; plain: nothing flows into it) named 由…转入 / 开班. Every name sits next to its circle: 开始
    before it along the flow, 结束 after it; an event's on the far side of the flow line (below it in a
    horizontal chart, right of it in a vertical one).
    Flow lines end on the circle, never on a name; a loop back to an event enters it from the other side."""
    nodes = [FlowNode("first", "准备", "a", "#1"), FlowNode("m", "由合同评审流程转入", "b", "#m", event=True),
             FlowNode("x", "处理", "a", "#x"), FlowNode("d", "是否通过", "b", "#d", decision=True)]
    edges = [FlowEdge("first", "m"), FlowEdge("m", "x"), FlowEdge("x", "d"), FlowEdge("d", "m", "重来"),
             FlowEdge("d", "end", "通过")]
    layout = layout_swimlane(LANES, [], nodes, edges, orientation=orientation)
    boxes = {b.id: b for b in layout.boxes}
    assert (boxes["start"].shape, boxes["end"].shape, boxes["m"].shape) == ("circle", "circle", "double-circle")
    for cid, name in (("start", "开始"), ("end", "结束"), ("m", "由合同评审流程转入")):
        circle, label = boxes[cid], boxes[f"{cid}:name"]
        assert circle.w == circle.h and not circle.lines and "".join(label.lines) == name
        assert label.shape == "none" and label.kind == circle.kind
        near, far = (label.x, label.right) if orientation == "horizontal" else (label.y, label.bottom)
        c_near, c_far = (circle.x, circle.right) if orientation == "horizontal" else (circle.y, circle.bottom)
        if cid == "start":  # before Start and after End along the flow, where no line runs
            assert far <= c_near and abs((label.cy, label.cx)[orientation == "vertical"] - (circle.cy, circle.cx)[orientation == "vertical"]) < 1e-6
        elif cid == "end":
            assert near >= c_far and abs((label.cy, label.cx)[orientation == "vertical"] - (circle.cy, circle.cx)[orientation == "vertical"]) < 1e-6
        elif orientation == "horizontal":  # an event's past the flow line
            assert label.y >= circle.bottom and abs(label.cx - circle.cx) < 1e-6
        else:
            assert label.x >= circle.right and abs(label.cy - circle.cy) < 1e-6
        ends = [c.points[-1] for c in layout.connectors if c.target == cid]
        starts = [c.points[0] for c in layout.connectors if c.source == cid]
        assert ends or starts
        for x, y in ends + starts:  # on the circle's bounding square, never inside the name
            assert circle.x - 1e-6 <= x <= circle.right + 1e-6 and circle.y - 1e-6 <= y <= circle.bottom + 1e-6
            assert not (label.x < x < label.right and label.y < y < label.bottom)
    assert len([c for c in layout.connectors if c.target == "m"]) == 2  # the loop too
    svg = render_swimlane(LANES, [], nodes, edges, title="t", orientation=orientation)
    assert svg.count("<circle") == 4  # Start, End, and the event's two rings
    assert 'class="hb-shape hb-ring"' in svg and 'class="hb-name hb-event"' in svg
    assert 'class="hb-node hb-end"' in svg and ">结束<" in svg and ">开始<" in svg


def test_an_event_with_participants_has_its_name_inside():
    """Dotted lines to its participants leave the circle on both sides: the name goes inside a larger circle."""
    from handbook.diagrams import Part

    nodes = [FlowNode("first", "准备", "a", "#1"), FlowNode("m", "开班", "a", "#m", event=True, parts=(Part("b"),))]
    layout = layout_swimlane(LANES, [], nodes, [FlowEdge("first", "m"), FlowEdge("m", "end")])
    boxes = {b.id: b for b in layout.boxes}
    assert boxes["m"].lines == ("开班",) and "m:name" not in boxes and boxes["m"].shape == "double-circle"
    assert (boxes["m"].inner_w / 2) ** 2 + (boxes["m"].inner_h / 2) ** 2 <= (boxes["m"].w / 2 - 3) ** 2


def test_an_event_nothing_flows_into_is_a_start_event_and_one_nothing_leaves_an_end_event():
    from handbook.diagrams.flow_boxes import event_kind

    edges = [FlowEdge("start", "a"), FlowEdge("a", "b"), FlowEdge("b", "end"), FlowEdge("c", "a")]
    assert event_kind("c", edges) == "event-start" and event_kind("a", edges) == "event"
    assert event_kind("z", [FlowEdge("a", "z")]) == "event-end"
