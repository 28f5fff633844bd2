"""Property tests of the diagram layouts: geometry invariants and safe, deterministic SVG."""

from __future__ import annotations

import itertools
import re
import xml.etree.ElementTree as ET

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from handbook.diagrams import (END, Band, FlowEdge, FlowNode, Lane, OrgNode, Part, layout_orgchart, layout_swimlane,
                               render_orgchart, render_swimlane, text_width)
from handbook.diagrams.orgchart import MAX_WIDTH
from handbook.diagrams.svg import BLOCK_GAP
from handbook.diagrams.text import orphaned

EPS = 1e-6
CJK_ONLY = re.compile(r"[\u4e00-\u9fff]+")
NS = "{http://www.w3.org/2000/svg}"
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                          HealthCheck.data_too_large])

ALPHABET = list("组织架构人力资源部财务审批流程岗位经理专员总监办公室，。、（）《》“”：") + list("abcXYZ019 -_/") + list('<>&"\'')
labels = st.text(alphabet=ALPHABET, min_size=1, max_size=40)
short_labels = st.text(alphabet=ALPHABET, max_size=8)


# ------------------------------------------------------------------ strategies


@st.composite
def org_trees(draw, max_depth: int = 4, max_nodes: int = 200) -> OrgNode:
    counter = itertools.count()
    budget = [draw(st.integers(1, max_nodes))]

    def build(depth: int) -> OrgNode:
        i = next(counter)
        budget[0] -= 1
        kids = []
        if depth < max_depth and budget[0] > 0:
            for _ in range(draw(st.integers(0, min(budget[0], 20)))):
                if budget[0] <= 0:
                    break
                kids.append(build(depth + 1))
        kind = draw(st.sampled_from(["unit", "position"]))
        return OrgNode(f"n{i}", draw(labels), f"../n{i}/?a=1&b=<{i}>", draw(short_labels), kind, tuple(kids))

    return build(0)


@st.composite
def processes(draw, lane_counts=st.integers(1, 8)):
    n_lanes = draw(lane_counts)
    lanes = [Lane(f"l{i}", draw(labels), f"../roles/l{i}/#x&y") for i in range(n_lanes)]
    bands = [Band(f"b{i}", draw(labels)) for i in range(draw(st.integers(1, 4)))] if draw(st.booleans()) else []
    n = draw(st.integers(1, 25))
    sorted_phases = draw(st.booleans())
    nodes, edges = [], []
    for i in range(n):
        if bands:
            phase = f"b{min(len(bands) - 1, i * len(bands) // n)}" if sorted_phases else \
                draw(st.sampled_from([None] + [b.id for b in bands]))
        else:
            phase = None
        parts = tuple(Part(f"l{draw(st.integers(0, n_lanes - 1))}", draw(st.sampled_from(["会签", "审核", ""])))
                      for _ in range(draw(st.integers(0, 2)) if draw(st.integers(0, 3)) == 0 else 0))
        decision = draw(st.integers(0, 3)) == 0
        event = not decision and draw(st.integers(0, 5)) == 0  # a milestone: a circle, named beside or inside it
        nodes.append(FlowNode(id=f"s{i}", label=draw(labels), lane=f"l{draw(st.integers(0, n_lanes - 1))}",
                              url=f"#step-s{i}", phase=phase, decision=decision, event=event,
                              approval=draw(st.sampled_from([None, None, "审核", "审批", "会签", "组织论证"])),
                              parts=parts))
    targets = st.sampled_from([f"s{j}" for j in range(n)] + [END])
    for i, node in enumerate(nodes):
        nxt = f"s{i + 1}" if i + 1 < n else END
        if node.decision:
            branch = [nxt] + [draw(targets) for _ in range(draw(st.integers(1, 2)))]
            edges += [FlowEdge(node.id, t, draw(short_labels)) for t in branch]
        else:
            edges.append(FlowEdge(node.id, nxt))
            if draw(st.integers(0, 5)) == 0:
                edges.append(FlowEdge(node.id, draw(targets), draw(short_labels)))
    return lanes, bands, nodes, edges


# ------------------------------------------------------------------ geometry checks


def overlap(a, b, eps=EPS) -> bool:
    """Interiors intersect (touching edges is fine)."""
    return a.x < b.x + b.w - eps and b.x < a.x + a.w - eps and a.y < b.y + b.h - eps and b.y < a.y + a.h - eps


def assert_no_overlap(boxes):
    ordered = sorted(boxes, key=lambda b: b.x)
    for i, a in enumerate(ordered):
        for b in ordered[i + 1:]:
            if b.x >= a.x + a.w:
                break
            assert not overlap(a, b), (a.id, b.id)


def on_boundary(p, b) -> bool:
    x, y = p
    inside = b.x - EPS <= x <= b.x + b.w + EPS and b.y - EPS <= y <= b.y + b.h + EPS
    edge = min(abs(x - b.x), abs(x - b.x - b.w), abs(y - b.y), abs(y - b.y - b.h)) < EPS
    return inside and edge


def segment_hits_interior(p, q, b) -> bool:
    (x1, y1), (x2, y2) = p, q
    if y1 == y2:
        return b.y + EPS < y1 < b.y + b.h - EPS and max(x1, x2) > b.x + EPS and min(x1, x2) < b.x + b.w - EPS
    return b.x + EPS < x1 < b.x + b.w - EPS and max(y1, y2) > b.y + EPS and min(y1, y2) < b.y + b.h - EPS


def assert_connectors(layout, check_interiors: bool):
    by_id = {b.id: b for b in layout.boxes}
    for c in layout.connectors:
        assert len(c.points) >= 2
        for (x1, y1), (x2, y2) in zip(c.points, c.points[1:]):
            assert x1 == x2 or y1 == y2, c  # orthogonal
            assert (x1, y1) != (x2, y2)
        assert on_boundary(c.points[0], by_id[c.source]), c
        assert on_boundary(c.points[-1], by_id[c.target]), c
        if check_interiors:
            for p, q in zip(c.points, c.points[1:]):
                for b in layout.boxes:
                    assert not segment_hits_interior(p, q, b), (c.source, c.target, b.id)


def _segments(c):
    return [(p, q) for p, q in zip(c.points, c.points[1:])]


def collinear_overlap(s1, s2) -> bool:
    (a, b), (c, d) = s1, s2
    if a[1] == b[1] == c[1] == d[1]:
        lo, hi = max(min(a[0], b[0]), min(c[0], d[0])), min(max(a[0], b[0]), max(c[0], d[0]))
        return hi - lo > EPS
    if a[0] == b[0] == c[0] == d[0]:
        lo, hi = max(min(a[1], b[1]), min(c[1], d[1])), min(max(a[1], b[1]), max(c[1], d[1]))
        return hi - lo > EPS
    return False


def assert_no_orphans(layout):
    """Issue 15: no line of a Chinese label is a single character unless the label is one (any box: steps,
    lane and phase names, badges, org boxes; and edge labels)."""
    blocks = [blk.lines for b in layout.boxes for blk in b.blocks]
    blocks += [c.label_box.lines for c in getattr(layout, "connectors", ()) if c.label_box]
    for lines in blocks:
        if CJK_ONLY.fullmatch("".join(lines)):
            assert not orphaned(lines), lines


def assert_text_fits(layout):
    assert_no_orphans(layout)
    for b in layout.boxes:
        assert b.inner_w <= b.w + EPS and b.inner_h <= b.h + EPS
        shown = [blk for blk in b.blocks if blk.lines]
        used_h = sum(blk.height for blk in shown) + BLOCK_GAP * max(0, len(shown) - 1)
        assert used_h <= b.inner_h + EPS, b.id
        for blk in shown:
            for line in blk.lines:
                assert text_width(line, blk.font_size) <= b.inner_w + EPS, (b.id, line)
        if b.shape == "diamond":  # the text rectangle must fit inside the rhombus
            assert b.inner_w / b.w + b.inner_h / b.h <= 1 + EPS
        if b.shape in ("circle", "double-circle"):  # ... or inside the circle
            assert (b.inner_w / 2) ** 2 + (b.inner_h / 2) ** 2 <= (min(b.w, b.h) / 2) ** 2 + EPS
        assert 0 <= b.x and b.x + b.w <= layout.width + EPS and 0 <= b.y and b.y + b.h <= layout.height + EPS


def assert_svg(svg: str, layout, cls: str):
    root = ET.fromstring(svg)
    assert root.tag == NS + "svg"
    assert root.get("role") == "group" and cls in root.get("class").split()  # links inside: not an image
    assert root.get("viewBox") == f"0 0 {root.get('width')} {root.get('height')}"
    assert root.find(NS + "title") is not None
    links = {}
    for el in root.iter():
        assert el.tag not in (NS + "script", NS + "foreignObject", "script")
        assert not any(k.lower().startswith("on") for k in el.attrib), el.attrib
        if el.tag == NS + "a":
            links[el.get("data-id")] = el
    for b in layout.boxes:
        if not b.url:
            continue
        a = links.get(b.id)
        assert a is not None, b.id
        assert a.get("href") == b.url
        spans = [t.text or "" for t in a.iter(NS + "tspan")]
        assert spans == list(b.lines)


# ------------------------------------------------------------------ org chart


@SETTINGS
@given(org_trees())
def test_orgchart_properties(root):
    layout = layout_orgchart(root)
    n = sum(1 for _ in _walk(root))
    assert len(layout.boxes) == n
    assert_no_overlap(layout.boxes)
    assert_connectors(layout, check_interiors=True)
    assert_text_fits(layout)
    assert len(layout.connectors) == n - 1
    assert layout.width <= MAX_WIDTH
    for c1, c2 in itertools.combinations(layout.connectors, 2):
        if c1.source != c2.source:
            assert not any(collinear_overlap(s, t) for s in _segments(c1) for t in _segments(c2)), (c1, c2)
    svg = render_orgchart(root, title='组织架构图 <"&">')
    assert svg == render_orgchart(root, title='组织架构图 <"&">')
    assert_svg(svg, layout, "hb-orgchart")


def _walk(node):
    yield node
    for c in node.children:
        yield from _walk(c)


def realistic_org(n_depts: int = 13) -> OrgNode:
    """About 150 boxes: a company, departments with sections, and many positions."""
    ids = itertools.count()

    def pos(name):
        i = next(ids)
        return OrgNode(f"p{i}", name, f"../positions/p{i}/", f"编制 {i % 5 + 1}", "position")

    def unit(name, kids, kind="部门"):
        i = next(ids)
        return OrgNode(f"u{i}", name, f"../units/u{i}/", kind, "unit", tuple(kids))

    depts = []
    for j in range(n_depts):
        kids = [pos(f"第{j}部岗位{k}高级专员") for k in range(6 + j % 5)]
        if j % 3 == 0:
            kids = [unit(f"第{j}部{s}科", [pos(f"{s}科岗位{k}") for k in range(3)], "科室") for s in "一二"] + kids
        depts.append(unit(f"第{j}业务管理部", kids))
    return unit("示例集团股份有限公司", [pos("总经理"), pos("副总经理")] + depts, "集团")


def test_large_orgchart_stays_narrow():
    root = realistic_org()
    layout = layout_orgchart(root)
    assert len(layout.boxes) >= 150
    assert layout.width < 4000
    assert_no_overlap(layout.boxes)
    assert_connectors(layout, check_interiors=True)


def test_many_leaves_are_stacked_not_spread():
    kids = tuple(OrgNode(f"p{i}", f"岗位{i}", f"p{i}/", "编制 1", "position") for i in range(12))
    layout = layout_orgchart(OrgNode("u", "人力资源部", "u/", "部门", "unit", kids))
    assert layout.width < 3 * 160
    assert layout.height > 5 * 40


def test_few_children_form_a_classic_row():
    kids = tuple(OrgNode(f"p{i}", f"岗位{i}", f"p{i}/", "", "position") for i in range(3))
    layout = layout_orgchart(OrgNode("u", "部", "u/", "", "unit", kids))
    tops = {b.y for b in layout.boxes if b.id != "u"}
    assert len(tops) == 1


def test_units_and_positions_are_styled_apart():
    root = OrgNode("u", "部", "u/", "", "unit", (OrgNode("p", "岗", "p/", "编制 2", "position"),))
    svg = render_orgchart(root, title="t")
    assert 'class="hb-node hb-unit"' in svg and 'class="hb-node hb-position"' in svg
    assert "编制 2" in svg


# ------------------------------------------------------------------ swimlane


def _along(layout, b):
    """(along start, along end, across start, across end) of a box: steps flow along, lanes stack across."""
    return (b.y, b.y + b.h, b.x, b.x + b.w) if layout.vertical else (b.x, b.x + b.w, b.y, b.y + b.h)


def _lane_span(layout, r):
    return (r.x, r.x + r.w) if layout.vertical else (r.y, r.y + r.h)


def _crosses_label(lab, p, q) -> bool:
    """The segment p-q passes through the label's rectangle."""
    (x1, y1), (x2, y2) = p, q
    return (min(x1, x2) < lab.x + lab.w - EPS and max(x1, x2) > lab.x + EPS
            and min(y1, y2) < lab.y + lab.h - EPS and max(y1, y2) > lab.y + EPS)


@SETTINGS
@given(processes(), st.sampled_from(["horizontal", "vertical", "auto"]))
def test_swimlane_properties(proc, orientation):
    lanes, bands, nodes, edges = proc
    layout = layout_swimlane(lanes, bands, nodes, edges, orientation=orientation)
    if orientation != "auto":
        assert layout.vertical == (orientation == "vertical")
    boxes = {b.id: b for b in layout.boxes}
    assert len(boxes) == len(layout.boxes)
    assert_no_overlap(layout.boxes)
    assert_connectors(layout, check_interiors=True)
    assert_text_fits(layout)

    # steps in step order along the flow, each in its lane (and its participants in theirs); phases in bands
    along = [_along(layout, boxes[n.id]) for n in nodes]
    assert [a[0] for a in along] == sorted(a[0] for a in along) and len({a[0] for a in along}) == len(along)
    assert _along(layout, boxes["start"])[1] <= along[0][0] and _along(layout, boxes["end"])[0] >= along[-1][1]
    rows = {r.id: r for r in layout.lanes}
    assert [r.id for r in layout.lanes] == [lane.id for lane in lanes]
    for n in nodes:
        for lane, bid in [(n.lane, n.id)] + [(p.lane, f"{n.id}@{p.lane}") for p in n.parts if p.lane != n.lane]:
            _, _, c0, c1 = _along(layout, boxes[bid])
            r0, r1 = _lane_span(layout, rows[lane])
            assert r0 < c0 and c1 < r1, bid
        if n.phase is not None and bands:
            a0, a1, _, _ = _along(layout, boxes[n.id])
            spans = [(s.y, s.y + s.h) if layout.vertical else (s.x, s.x + s.w) for s in layout.bands if s.id == n.phase]
            assert any(s0 <= a0 and a1 <= s1 for s0, s1 in spans)

    # every edge drawn; gateways are diamonds; labels never cover a box
    flows = [c for c in layout.connectors if not c.association]
    assert len(flows) >= len({(e.source, e.target, e.label) for e in edges}) + 1
    assert len(layout.connectors) - len(flows) == sum(len({p.lane for p in n.parts} - {n.lane}) for n in nodes)
    for n in nodes:
        assert (boxes[n.id].shape == "diamond") == n.decision
    for c in flows:
        if c.label.strip():
            assert c.label_box is not None
            lab = c.label_box
            assert 0 <= lab.x and lab.x + lab.w <= layout.width and 0 <= lab.y and lab.y + lab.h <= layout.height
            assert not any(overlap(lab, b) for b in layout.boxes), (c.source, c.target)
        src, dst = _along(layout, boxes[c.source]), (_along(layout, boxes[c.target]) if c.target != END else None)
        assert c.back == (c.target != END and dst[0] <= src[0])

    labels = [c.label_box for c in layout.connectors if c.label_box]
    assert not any(overlap(a, b) for a, b in itertools.combinations(labels, 2))

    # unrelated edges never share a line
    for c1, c2 in itertools.combinations(layout.connectors, 2):
        if c1.source != c2.source and c1.target != c2.target:
            assert not any(collinear_overlap(s, t) for s in _segments(c1) for t in _segments(c2)), (c1, c2)

    svg = render_swimlane(lanes, bands, nodes, edges, title="流程 <&>", orientation=orientation)
    assert svg == render_swimlane(lanes, bands, nodes, edges, title="流程 <&>", orientation=orientation)
    assert_svg(svg, layout, "hb-swimlane")
    assert "开始" in svg and "结束" in svg


def _lanes(n):
    return [Lane(f"l{i}", f"角色{i}", f"../l{i}/") for i in range(n)]


@pytest.mark.parametrize("orientation", ["horizontal", "vertical"])
def test_decision_branches_and_back_edge_use_channels(orientation):
    nodes = [FlowNode("a", "提交申请", "l0", "#step-a"),
             FlowNode("b", "是否同意？", "l1", "#step-b", decision=True, approval="审批"),
             FlowNode("c", "归档", "l0", "#step-c")]
    edges = [FlowEdge("a", "b"), FlowEdge("b", "c", "同意"), FlowEdge("b", "a", "退回"), FlowEdge("c", END)]
    layout = layout_swimlane(_lanes(2), [], nodes, edges, orientation=orientation)
    back = [c for c in layout.connectors if c.back]
    assert len(back) == 1
    across = (lambda p: p[0]) if layout.vertical else (lambda p: p[1])  # noqa: E731
    lo, hi = (layout.body_x, layout.body_right) if layout.vertical else (layout.body_y, layout.body_bottom)
    assert any(across(p) < lo or across(p) > hi for p in back[0].points)
    # the loop enters its target through the side facing the channel, not where forward arrows come in
    target = next(b for b in layout.boxes if b.id == "a")
    forward_ends = {c.points[-1] for c in layout.connectors if c.target == "a" and not c.back}
    assert back[0].points[-1] not in forward_ends
    assert across(back[0].points[-1]) in ((target.x, target.right) if layout.vertical else (target.y, target.bottom))
    assert {c.label for c in layout.connectors if c.label_box} == {"同意", "退回"}
    svg = render_swimlane(_lanes(2), [], nodes, edges, title="t", orientation=orientation)
    assert "审批" in svg and "<polygon" in svg and 'href="#step-b"' in svg
    assert ("hb-vertical" in svg) == (orientation == "vertical")


def test_rejects_unknown_references():
    with pytest.raises(ValueError):
        layout_swimlane(_lanes(1), [], [FlowNode("a", "x", "nope", "#a")], [])
    with pytest.raises(ValueError):
        layout_swimlane(_lanes(1), [], [FlowNode("a", "x", "l0", "#a")], [FlowEdge("a", "zzz")])


def test_hostile_urls_are_neutralised():
    root = OrgNode("u", "部", "javascript:alert(1)", "", "unit")
    assert "javascript" not in render_orgchart(root, title="t")


def test_sample_charts_keep_labels_clear_and_loops_apart(monkeypatch):
    """Issue 15's examples (新业务拓展流程: "批准试点" on two parallel lines, the loop "修改方案" merging
    into a forward arrow) as a rule over every chart of the sample and a synthetic organization."""
    import tempfile
    from pathlib import Path

    from handbook.diagrams import swimlane
    from handbook.pipeline import load_handbook
    from handbook.render import charts
    from handbook.synthetic import generate

    drawn = []
    real = swimlane._layout  # both orientations of every chart: the screen's and the print edition's
    monkeypatch.setattr(swimlane, "_layout", lambda *a, **k: drawn.append(real(*a, **k)) or drawn[-1])
    with tempfile.TemporaryDirectory() as tmp:
        generate(Path(tmp), 60, seed=7)
        for root in (Path(__file__).resolve().parent.parent, Path(tmp)):
            hb, _ = load_handbook(root)
            for pid in hb.processes:
                charts.process_chart(hb, pid, "processes/x/index.md")
    labels = loops = 0
    for layout in drawn:
        boxes = {b.id: b for b in layout.boxes}
        segments = [(p, q) for c in layout.connectors for p, q in zip(c.points, c.points[1:])]
        for c in layout.connectors:
            if c.label_box:
                labels += 1
                assert not any(_crosses_label(c.label_box, p, q) for p, q in segments), c.label
            if c.back:
                loops += 1
                forward_ends = {o.points[-1] for o in layout.connectors if o.target == c.target and not o.back}
                # only a diamond whose four vertices are all taken may share one
                assert c.points[-1] not in forward_ends or boxes[c.target].shape == "diamond", (c.source, c.target)
    assert labels >= 120 and loops >= 20


@pytest.mark.parametrize("orientation", ["horizontal", "vertical"])
def test_bpmn_node_kinds_and_participants(orientation):
    """Gateways are diamonds (parallel with a "+"), a hand-off to another process has a thick border,
    an event is a double circle; a step with participants appears in their lanes, linked by dotted lines."""
    nodes = [FlowNode("a", "提交申请", "l0", "#step-a", parts=(Part("l1", "会签"), Part("l2", "审核"))),
             FlowNode("fork", "同时办理", "l0", "#step-fork", gateway="parallel"),
             FlowNode("b", "合同评审", "l1", "#step-b", calls="合同评审流程"),
             FlowNode("c", "资料归档", "l2", "#step-c"),
             FlowNode("m", "签约完成", "l0", "#step-m", event=True)]
    edges = [FlowEdge("a", "fork"), FlowEdge("fork", "b"), FlowEdge("fork", "c"), FlowEdge("b", "m"),
             FlowEdge("c", "m"), FlowEdge("m", END)]
    layout = layout_swimlane(_lanes(3), [], nodes, edges, orientation=orientation)
    boxes = {b.id: b for b in layout.boxes}
    assert boxes["fork"].shape == "diamond" and boxes["fork"].kind == "gateway-parallel"
    assert boxes["b"].kind == "call" and boxes["m"].shape == "double-circle"
    assert {"a@l1", "a@l2"} <= set(boxes) and boxes["a@l1"].kind == "participant"
    assert sum(1 for c in layout.connectors if c.association) == 2
    assert_connectors(layout, check_interiors=True)
    svg = render_swimlane(_lanes(3), [], nodes, edges, title="t", orientation=orientation)
    assert ">+<" in svg and "hb-edge-assoc" in svg and "会签" in svg and "转入 合同评审流程" in svg
    with pytest.raises(ValueError):
        layout_swimlane(_lanes(1), [], [FlowNode("a", "x", "l0", "#a", parts=(Part("nope"),))], [])
