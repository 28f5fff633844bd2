"""Each phase of the swimlane layout on its own, on small processes built here (issue 12).

The whole-chart properties (no overlap, edges on boxes, deterministic output) are in
test_diagrams_layout.py; these pin down what each phase hands to the next.
"""

from __future__ import annotations

import pytest

from handbook.diagrams import END, START, Band, FlowEdge, FlowNode, Lane, Part
from handbook.diagrams.flow_boxes import STEP_W, STEP_W_V, part_id, size_boxes, size_names
from handbook.diagrams.flowgrid import gateway_ports, grid, route_edges
from handbook.diagrams.labels import EDGE_LABEL_W, _label_candidates, place_labels, size_edge_labels
from handbook.diagrams.swimlane import (GUTTER_MIN, HEADER_PAD, HEADER_W, LOOP_OFFSET, MARGIN, STRIP_MIN, _Flow,
                                        _Resolver, across_axis, along_axis, band_labels, band_runs, band_spans,
                                        lane_content, lane_headers, place_boxes, plan_gutters, plan_strips)
from handbook.diagrams.text import orphaned, text_width

LANES = [Lane("a", "甲部门", "#a"), Lane("b", "乙部门", "#b"), Lane("c", "丙部门", "#c")]


def node(nid, lane, **kw):
    return FlowNode(nid, kw.pop("label", f"步骤{nid}"), lane, f"#{nid}", **kw)


def review_process():
    """s1 (a) → d (b, a decision with a participant in c) → yes: s2 (c), no: back to s1; s2 → End."""
    nodes = [node("s1", "a", phase="p1"), node("d", "b", decision=True, parts=(Part("c", "会签"),), phase="p1"),
             node("s2", "c", phase="p2")]
    edges = [FlowEdge("s1", "d"), FlowEdge("d", "s2", "同意"), FlowEdge("d", "s1", "退回修改"), FlowEdge("s2", END)]
    return nodes, edges


def phases(vertical=False):
    """Every phase up to the coordinates, as _layout runs them."""
    nodes, edges = review_process()
    flow = _Flow(vertical)
    g = grid(LANES, nodes, edges)
    sized = size_boxes(nodes, g, narrow=vertical)
    ext = {k: flow.ext(b.w, b.h) for k, b in sized.items()}
    ports = gateway_ports(nodes, g)
    router, routes = route_edges(nodes, g, ports)
    labels = size_edge_labels(g.edges)
    label_ext = {i: flow.ext(lab.w, lab.h) for i, lab in labels.items()}
    return dict(nodes=nodes, g=g, sized=sized, ext=ext, ports=ports, router=router, routes=routes,
                labels=labels, label_ext=label_ext, flow=flow)


# ------------------------------------------------------------------ phase 1: lanes and columns


def test_grid_puts_steps_in_columns_and_participants_beside_their_step():
    nodes, edges = review_process()
    g = grid(LANES, nodes, edges)
    assert [lane.id for lane in g.lanes] == ["a", "b", "c"]
    assert g.columns == [[START], ["s1"], ["d", part_id("d", "c")], ["s2"], [END]]
    assert g.col[part_id("d", "c")] == g.col["d"] == 2 and g.row[part_id("d", "c")] == 2
    assert g.associations == [("d", part_id("d", "c"))]
    assert g.row[START] == g.row["s1"] and g.row[END] == g.row["s2"]  # End sits beside the step that ends
    assert g.edges[0] == FlowEdge(START, "s1") and len(g.edges) == 5


def test_grid_chains_participants_outwards_and_adds_further_starts():
    nodes = [node("x", "b", parts=(Part("a"), Part("c"))), node("y", "a")]
    g = grid(LANES, nodes, [FlowEdge("x", "y")], starts=["y", "y"])
    assert g.associations == [("x", part_id("x", "a")), ("x", part_id("x", "c"))]
    assert g.edges[:2] == [FlowEdge(START, "x"), FlowEdge(START, "y")]  # one more start, once


@pytest.mark.parametrize("bad, message", [
    (dict(nodes=[node("s", "z")]), "unknown lane"),
    (dict(nodes=[node("s", "a"), node("s", "b")]), "duplicate step"),
    (dict(nodes=[node(END, "a")]), "reserved"),
    (dict(nodes=[node("s", "a")], edges=[FlowEdge("s", "nowhere")]), "unknown step"),
    (dict(nodes=[node("s", "a", parts=(Part("z"),))]), "participant in unknown lane"),
])
def test_grid_refuses_bad_references(bad, message):
    with pytest.raises(ValueError, match=message):
        grid(LANES, bad["nodes"], bad.get("edges", []))


def test_size_boxes_shapes_by_kind_and_narrow_boxes_for_vertical_charts():
    nodes = [node("t", "a", approval="组织论证"), node("d", "a", decision=True), node("p", "a", gateway="parallel"),
             node("m", "a", event=True), node("q", "b", parts=(Part("c", "审核"),))]
    g = grid(LANES, nodes, [])
    wide, narrow = size_boxes(nodes, g), size_boxes(nodes, g, narrow=True)
    assert (wide["t"].shape, wide["d"].shape, wide["p"].shape, wide["m"].shape) == ("rect", "diamond", "diamond", "circle")
    assert wide["t"].blocks[0].role == "badge" and wide["t"].blocks[0].lines == ("组织论证",)
    assert wide["p"].blocks[0].lines == ("+",) and wide["p"].kind == "gateway-parallel"
    part = wide[part_id("q", "c")]
    assert part.kind == "participant" and part.blocks[0].lines == ("审核",) and "丙部门" in part.tooltip
    assert wide["t"].w == STEP_W and narrow["t"].w == STEP_W_V < STEP_W
    assert narrow["t"].h >= wide["t"].h  # narrower boxes grow downwards
    assert {START, END} <= set(wide) and wide[START].shape == wide[END].shape == "circle"
    names = size_names(nodes, wide)
    assert names[START].lines == ("开始",) and names[END].lines == ("结束",) and names["m"].lines == ("步骤m",)
    assert names[END].kind == "end" and names[START].id == "start:name" and set(names) == {START, END, "m"}


# ------------------------------------------------------------------ phase 2: gateways and routes


def test_gateway_branches_leave_from_their_own_vertices():
    p = phases()
    g, ports = p["g"], p["ports"]
    by_edge = {(e.source, e.target): ports[i] for i, e in enumerate(g.edges)}
    assert by_edge[("s1", "d")] == "E" and by_edge[(START, "s1")] == "E"  # not a gateway: along the flow
    # the decision's participant sits below it (lane c): the south vertex is blocked, the branch to the
    # lower lane leaves from the side, the loop from the top
    assert by_edge[("d", "s2")] != "S" and by_edge[("d", "s1")] == "N"
    assert len({by_edge[("d", "s2")], by_edge[("d", "s1")]}) == 2


def test_route_edges_draws_same_lane_hops_straight_and_loops_through_a_channel():
    nodes = [node("x", "a"), node("y", "a"), node("z", "b")]
    edges = [FlowEdge("x", "y"), FlowEdge("y", "z"), FlowEdge("z", "x", "重做")]
    g = grid(LANES, nodes, edges)
    ports = gateway_ports(nodes, g)
    router, routes = route_edges(nodes, g, ports)
    straight = g.edges.index(FlowEdge("x", "y"))
    assert routes[straight] == [(("E", "x"), ("M", "x")), (("W", "y"), ("M", "y"))]
    loop = g.edges.index(FlowEdge("z", "x", "重做"))
    assert any(ref[0] == "H" for _, ref in routes[loop])  # through a channel outside the lanes
    assert sum(len(items) for items in router.channels.values()) == 1


# ------------------------------------------------------------------ phase 3: room for the routes


def test_plan_gutters_separates_crossing_edges_and_leaves_room_for_exit_labels():
    p = phases()
    gutters = plan_gutters(p["router"], p["g"], p["label_ext"], p["ports"])
    assert len(gutters.width) == len(p["g"].columns) + 1 and min(gutters.width) >= GUTTER_MIN
    for k, items in p["router"].gutters.items():  # two edges in one gutter never share a slot where they overlap
        for cls1, e1, lo1, hi1 in items:
            for cls2, e2, lo2, hi2 in items:
                if e1 < e2 and lo1 <= hi2 and lo2 <= hi1:
                    assert (gutters.base[(k, cls1)] + gutters.slot[(k, cls1, e1)]
                            != gutters.base[(k, cls2)] + gutters.slot[(k, cls2, e2)])
    # a labelled branch leaving the decision along the flow needs its label's length in the next gutter
    for i, e in enumerate(p["g"].edges):
        if p["ports"][i] == "E" and i in p["label_ext"]:
            k = p["g"].col[e.source] + 1
            assert gutters.width[k] >= p["label_ext"][i][0] + 8


def test_plan_strips_sizes_every_strip_and_colours_the_channel():
    p = phases()
    strips = plan_strips(p["router"], p["g"], p["label_ext"], p["ports"])
    assert set(strips.height) == {(r, s) for r in range(3) for s in ("T", "B")}
    assert min(strips.height.values()) >= STRIP_MIN
    loop = next(i for i, e in enumerate(p["g"].edges) if e.label == "退回修改")
    # the loop leaves the decision upwards with its label: the top strip of lane b holds the label
    assert strips.height[(1, "T")] >= p["label_ext"][loop][1] + 8
    assert all(track < strips.chan_n[side] for (side, _), track in strips.chan_track.items())


def test_lane_headers_widen_a_low_lane_for_a_long_name_without_changing_the_input():
    lanes = [Lane("a", "一个名字很长很长很长很长很长很长的部门", "")]
    strip_h = {(0, "T"): 14.0, (0, "B"): 14.0}
    blocks, along, widened = lane_headers(lanes, [40.0], strip_h, vertical=False)
    assert along == HEADER_W and strip_h == {(0, "T"): 14.0, (0, "B"): 14.0}
    assert widened[(0, "T")] == widened[(0, "B")] > 14.0
    assert widened[(0, "T")] + 40.0 + widened[(0, "B")] == pytest.approx(blocks[0].height + 2 * HEADER_PAD)
    blocks_v, along_v, same = lane_headers(lanes, [40.0], strip_h, vertical=True)
    assert same == strip_h and along_v == max(b.height for b in blocks_v) + 2 * HEADER_PAD
    assert len(blocks_v[0].lines) > 1  # wrapped to the lane's width


def test_lane_content_is_the_largest_box_across_with_a_minimum():
    p = phases()
    content = lane_content(p["g"], p["ext"])
    assert content[1] == p["ext"]["d"][1]  # the diamond is the lane's largest box
    assert all(c >= 40.0 for c in content)


# ------------------------------------------------------------------ phase 4: coordinates


def test_along_axis_alternates_gutters_and_columns_without_gaps():
    p = phases()
    gutters = plan_gutters(p["router"], p["g"], p["label_ext"], p["ports"])
    along = along_axis(p["g"], p["ext"], gutters.width, HEADER_W)
    assert along.gutter[0] == MARGIN + HEADER_W
    for k in range(len(p["g"].columns)):
        assert along.col[k] == along.gutter[k] + gutters.width[k]
        assert along.gutter[k + 1] == along.col[k] + along.col_w[k]
    assert along.total == along.gutter[-1] + gutters.width[-1] + MARGIN
    for k, members in enumerate(p["g"].columns):  # a column is as long as its longest box
        assert along.col_w[k] == max(p["ext"][m][0] for m in members)
    k = p["g"].col["d"]  # slots are centred in their gutter
    slots = [along.slot(gutters, k, cls, e) for (kk, cls, e) in gutters.slot if kk == k]
    if slots:
        assert min(slots) - along.gutter[k] == pytest.approx(along.gutter[k] + along.gutter_w[k] - max(slots))


def test_band_runs_split_a_phase_that_comes_back_and_skip_unknown_phases():
    bands = [Band("p1", "准备"), Band("p2", "执行")]
    nodes = [node("a", "a", phase="p1"), node("b", "a", phase="p1"), node("c", "a", phase="p2"),
             node("d", "a", phase="p1"), node("e", "a", phase="nope"), node("f", "a")]
    runs = band_runs(bands, nodes)
    assert [(b.id, c0, c1) for b, c0, c1 in runs] == [("p1", 1, 2), ("p2", 3, 3), ("p1", 4, 4)]


def test_band_spans_meet_in_the_gutters_and_labels_fit_them():
    p = phases()
    gutters = plan_gutters(p["router"], p["g"], p["label_ext"], p["ports"])
    along = along_axis(p["g"], p["ext"], gutters.width, HEADER_W)
    spans = band_spans(band_runs([Band("p1", "准备阶段"), Band("p2", "执行")], p["nodes"]), along)
    (b1, a0, a1), (b2, c0, c1) = spans
    assert a0 < along.col[1] and a1 > along.col[2] + along.col_w[2] and a1 < c0 < along.col[3]
    assert c0 - a1 == pytest.approx(2.0)  # 1 px in from the middle of the shared gutter
    blocks, across = band_labels(spans, vertical=False)
    assert len(blocks) == 2 and across >= blocks[0].height
    blocks_v, across_v = band_labels(spans, vertical=True)
    assert all(tb.height + 12 <= hi - lo for tb, (_, lo, hi) in zip(blocks_v, spans))
    assert across_v <= text_width("准备阶段", 13.0) + 1 + 12  # never wider than the one-line name
    assert band_labels([], vertical=False) == ([], 0.0) == band_labels([], vertical=True)


def test_vertical_phase_names_widen_rather_than_orphan_a_character():
    """The audit's "运营｜与评｜估": two characters wide the five-character name leaves one alone; the
    phase column takes three characters instead. Even-length names keep the narrow column."""
    spans = [(Band("p1", "运营与评估"), 0.0, 300.0), (Band("p2", "签约"), 300.0, 600.0)]
    blocks, across = band_labels(spans, vertical=True)
    assert blocks[0].lines == ("运营与", "评估") and not orphaned(blocks[0].lines)
    assert across == 3 * 13.0 + 1 + 12
    narrow, across_narrow = band_labels([(Band("p1", "运营评估"), 0.0, 300.0)], vertical=True)
    assert narrow[0].lines == ("运营", "评估") and across_narrow == 2 * 13.0 + 1 + 12


def test_across_axis_stacks_lanes_between_the_channels_and_centres_content():
    p = phases()
    strips = plan_strips(p["router"], p["g"], p["label_ext"], p["ports"])
    content = lane_content(p["g"], p["ext"])
    across = across_axis(content, strips, 30.0)
    assert across.band == MARGIN and across.body > MARGIN + 30.0  # the top channel lies between
    for r in range(3):
        assert across.lane_ext[r] == strips.height[(r, "T")] + content[r] + strips.height[(r, "B")]
        assert across.lane_mid[r] == pytest.approx(across.content_top[r] + content[r] / 2)
        if r:
            assert across.lane[r] == pytest.approx(across.lane[r - 1] + across.lane_ext[r - 1])
    assert across.body_end == pytest.approx(across.lane[2] + across.lane_ext[2])
    assert across.total > across.body_end + MARGIN  # the bottom channel lies between


def _coordinates(vertical=False):
    p = phases(vertical)
    gutters = plan_gutters(p["router"], p["g"], p["label_ext"], p["ports"])
    strips = plan_strips(p["router"], p["g"], p["label_ext"], p["ports"])
    content = lane_content(p["g"], p["ext"])
    along = along_axis(p["g"], p["ext"], gutters.width, HEADER_W)
    across = across_axis(content, strips, 0.0)
    fbox = place_boxes(p["g"], p["ext"], along, across)
    return p, fbox, _Resolver(fbox, p["sized"], along, across, gutters, strips)


def test_place_boxes_centres_each_box_in_its_cell():
    p, fbox, at = _coordinates()
    for k, members in enumerate(p["g"].columns):
        for nid in members:
            a, c, ea, ec = fbox[nid]
            assert a + ea / 2 == pytest.approx(at.along.col[k] + at.along.col_w[k] / 2)
            assert c + ec / 2 == pytest.approx(at.across.lane_mid[p["g"].row[nid]])


def test_resolver_turns_symbolic_points_into_flow_coordinates():
    p, fbox, at = _coordinates()
    a, c, ea, ec = fbox["s1"]
    assert (at.a(("E", "s1")), at.a(("W", "s1")), at.a(("C", "s1"))) == (a + ea, a, a + ea / 2)
    assert (at.c(("T", "s1")), at.c(("B", "s1")), at.c(("M", "s1"))) == (c, c + ec, c + ec / 2)
    assert at.c(("Q", "s1", "top")) == pytest.approx(c + ec / 2 - min(LOOP_OFFSET, ec / 4))
    _, dc, _, dh = fbox["d"]
    assert at.c(("Q", "d", "top")) == dc + dh / 2  # a diamond has one vertex per side: no offset
    for i, route in p["routes"].items():  # every point of every route resolves inside the chart's body
        for ar, cr in route:
            assert MARGIN <= at.a(ar) <= at.along.total - MARGIN
            assert MARGIN <= at.c(cr) <= at.across.total - MARGIN


# ------------------------------------------------------------------ phase 5: labels


def test_edge_labels_are_sized_from_their_wrapped_text():
    labels = size_edge_labels([FlowEdge("a", "b"), FlowEdge("a", "c", "  "), FlowEdge("a", "d", "退回申请人补充材料后重新提交")])
    assert list(labels) == [2]
    lab = labels[2]
    assert len(lab.lines) > 1 and lab.w <= EDGE_LABEL_W + 4 and lab.h == len(lab.lines) * lab.line_height


def test_label_candidates_are_one_rule_for_both_directions():
    """A vertical segment's candidates are a horizontal one's with the axes swapped (sides in the other
    order, 1 px further off the line)."""
    w, h = 30.0, 12.0
    across = list(_label_candidates([(0.0, 50.0), (100.0, 50.0)], w, h))
    down = list(_label_candidates([(50.0, 0.0), (50.0, 100.0)], h, w))
    assert len(across) == len(down) > 0
    for (x, y, cw, ch), (dx, dy, dw, dh) in zip(across[0::2], down[1::2]):  # above ↔ left
        assert (dy, dw, dh) == (x, ch, cw) and dx == y - 1
    for (x, y, cw, ch), (dx, dy, dw, dh) in zip(across[1::2], down[0::2]):  # below ↔ right
        assert (dy, dw, dh) == (x, ch, cw) and dx == y + 1
    assert across[0] == (4.0, 50.0 - 3.0 - h, w, h)  # first: just after the start, above the line
    back = list(_label_candidates([(100.0, 50.0), (0.0, 50.0)], w, h))
    assert back[0] == (100.0 - 4.0 - w, 50.0 - 3.0 - h, w, h)  # a line running backwards starts at its right


def test_place_labels_keeps_clear_of_boxes_lines_and_each_other():
    routes = [((0.0, 50.0), (200.0, 50.0)), ((0.0, 80.0), (200.0, 80.0))]
    sizes = {0: (40.0, 14.0), 1: (40.0, 14.0)}
    box = (0.0, 20.0, 30.0, 20.0)  # where the first label would go (above the start of line 0)
    placed = place_labels(routes, sizes, [box], 300.0, 200.0)

    def overlaps(a, b):
        return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]

    assert set(placed) == {0, 1} and not overlaps(placed[0], placed[1])
    for rect in placed.values():
        assert not overlaps(rect, box) and 0 <= rect[0] and rect[0] + rect[2] <= 300 and rect[1] >= 0
        for (x1, y1), (x2, _) in routes:
            assert not overlaps(rect, (x1, y1 - 0.5, x2 - x1, 1.0))
