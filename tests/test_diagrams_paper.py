"""Charts on paper (diagrams/paper.py): cuts never run through a box or a label, every part fits its
A4 page at the chosen scale, every step prints in exactly one part, and the choice is deterministic."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from handbook.diagrams import Band, FlowEdge, FlowNode, Lane, layout_swimlane, render_swimlane_with_print
from handbook.diagrams.paper import (MIN_SCALE, PAGES, _span, cut_positions, lane_cut_positions, phase_strip_end,
                                     plan_paper, split, window)
from test_diagrams_layout import SETTINGS, processes

ROOT = Path(__file__).resolve().parent.parent
NS = "{http://www.w3.org/2000/svg}"


def _check_plan(plan):
    layout = plan.layout
    head = layout.body_y if layout.vertical else layout.body_x
    total = layout.height if layout.vertical else layout.width
    across = layout.width if layout.vertical else layout.height
    assert plan.cuts[0] == head and plan.cuts[-1] == total
    assert plan.lane_cuts[0] == phase_strip_end(layout) and plan.lane_cuts[-1] == across
    assert all(a < b for a, b in plan.parts) and all(c0 < c1 for c0, c1 in plan.lane_groups)
    width, height = PAGES[plan.page]
    room_along, room_across = (height, width) if layout.vertical else (width, height)
    for a0, a1, c0, c1 in plan.tiles:  # each part, headers included, fits its page at the plan's scale
        assert (head + a1 - a0) * plan.scale <= room_along + 1e-6
        assert (plan.header + c1 - c0) * plan.scale <= room_across + 1e-6
    assert 0 < plan.scale <= 1 and plan.header >= plan.lane_cuts[0]
    for along, cuts in ((True, plan.cuts), (False, plan.lane_cuts)):  # no cut through a box or a label
        blockers = [_span(layout, b.x, b.y, b.w, b.h, along) for b in layout.boxes if b.kind not in ("lane", "band")]
        blockers += [_span(layout, c.label_box.x, c.label_box.y, c.label_box.w, c.label_box.h, along)
                     for c in layout.connectors if c.label_box]
        for cut in cuts[1:-1]:
            assert not any(lo < cut < hi for lo, hi in blockers), (along, cut)
    for a0, a1 in plan.parts:  # no stretch holds only the Start or End marker
        inside = [b.kind for b in layout.boxes if b.kind not in ("lane", "band")
                  and a0 <= _span(layout, b.x, b.y, b.w, b.h)[0] < a1]
        assert set(inside) - {"start", "end"}, (a0, a1, inside)
    for b in layout.boxes:  # every step, marker and participant box prints in exactly one part
        if b.kind not in ("lane", "band"):
            lo, hi = _span(layout, b.x, b.y, b.w, b.h)
            clo, chi = _span(layout, b.x, b.y, b.w, b.h, along=False)
            assert sum(a0 <= lo and hi <= a1 and c0 <= clo and chi <= c1 for a0, a1, c0, c1 in plan.tiles) == 1, b.id


@SETTINGS
@given(processes())
def test_paper_plans_cut_between_boxes_and_fit_the_page(proc):
    lanes, bands, nodes, edges = proc
    layouts = [layout_swimlane(lanes, bands, nodes, edges, orientation=o) for o in ("vertical", "horizontal")]
    plan = plan_paper(layouts, layouts[1])
    _check_plan(plan)
    assert plan == plan_paper(layouts, layouts[1])  # deterministic


@settings(SETTINGS, max_examples=30)
@given(processes(st.integers(12, 24)))
def test_plans_of_charts_with_many_roles_cut_between_lanes_and_fit_the_page(proc):
    """The same for charts with 12 to 24 roles, where lane groups come in."""
    test_paper_plans_cut_between_boxes_and_fit_the_page.hypothesis.inner_test(proc)


def _long_process(steps: int, lanes: int = 3):
    lane_list = [Lane(f"r{i}", f"角色{i}", "") for i in range(lanes)]
    nodes = [FlowNode(f"s{i}", f"第{i}步处理事项", f"r{i % lanes}", f"#s{i}") for i in range(steps)]
    edges = [FlowEdge(f"s{i}", f"s{i + 1}") for i in range(steps - 1)]
    return lane_list, [], nodes, edges


def test_a_long_low_chart_splits_into_parts_stacked_on_a_page():
    proc = _long_process(30)
    layouts = [layout_swimlane(*proc, orientation=o) for o in ("vertical", "horizontal")]
    plan = plan_paper(layouts, layouts[1])
    _check_plan(plan)
    assert plan.scale == 1.0 and len(plan.parts) > 1
    assert plan.pages < len(plan.parts)  # three lanes are low: several parts share a page
    assert len(plan.lane_groups) == 1  # three lanes print whole across
    lengths = [a1 - a0 for a0, a1 in plan.parts]
    assert max(lengths) - min(lengths) <= max(b.w if not plan.layout.vertical else b.h
                                              for b in plan.layout.boxes if b.kind == "step") * 2 + 200


def test_a_small_chart_prints_as_it_is_on_screen():
    drawings = render_swimlane_with_print(*_long_process(3), title="小流程")
    assert drawings.paper == "" and drawings.page == "portrait" and drawings.parts == 1


def test_split_refuses_a_stretch_longer_than_the_room_and_balances_parts():
    assert split([100.0], 0.0, 300.0, 150.0) is None
    # the fewest parts (three) and, of those, the most even: not the greedy 0–110–210–300
    assert split([90.0, 100.0, 110.0, 200.0, 210.0], 0.0, 300.0, 160.0) == [0.0, 100.0, 200.0, 300.0]
    assert split([], 0.0, 100.0, 150.0) == [0.0, 100.0]


def test_a_window_keeps_the_lane_headers_and_only_what_reaches_into_it():
    layout = layout_swimlane(*_long_process(12), orientation="horizontal")
    cuts = cut_positions(layout)
    a0, a1 = cuts[2], cuts[5]
    part = window(layout, a0, a1)
    assert [b for b in part.boxes if b.kind == "lane"] == [b for b in layout.boxes if b.kind == "lane"]
    steps = [b for b in part.boxes if b.kind == "step"]
    assert steps and all(a0 < b.x and b.x + b.w < a1 for b in steps)
    assert len(steps) == sum(1 for b in layout.boxes if b.kind == "step" and a0 < b.x < a1)


def _paper_svgs(markup: str) -> list[str]:
    return [s for s in re.findall(r"<svg\b.*?</svg>", markup, re.S) if "hb-print-chart" in s[:s.index(">")]]


def _step_ids(svg: str) -> list[str]:
    return re.findall(r'class="hb-node hb-(?:step|decision|call|event|gateway-[a-z]+)" data-id="([^"]+)"', svg)


CASES = ROOT / "tests" / "cases"


@pytest.mark.parametrize("root", [ROOT, CASES / "training-school", CASES / "city-bank", CASES / "hospital"],
                         ids=["sample", "school", "bank", "hospital"])
def test_every_step_prints_once_at_a_legible_size(root):
    """Issue 15: every chart of three organizations prints with step text ≥ 7 pt; a split chart holds each
    step in exactly one part, and each part is well-formed SVG that repeats the headers of its lanes: all of
    them, or (a chart with very many roles: the bank's budget process has 18) a run of neighbouring lanes,
    the runs of one stretch together holding every lane once."""
    from handbook.pipeline import load_handbook
    from handbook.render import charts

    hb, _ = load_handbook(root)
    grouped = 0
    for pid, proc in hb.processes.items():
        markup = str(charts.process_chart(hb, pid, "processes/x/index.md"))
        assert markup == str(charts.process_chart(hb, pid, "processes/x/index.md"))  # deterministic
        screen = re.search(r"<svg\b.*?</svg>", markup, re.S).group(0)
        papers = _paper_svgs(markup) or [screen]
        printed = [i for svg in papers for i in _step_ids(svg)]
        assert sorted(printed) == sorted(_step_ids(screen)), pid
        lanes = re.findall(r'data-id="(lane:[^"]+)"', screen)
        seen = []
        for svg in papers:
            ET.fromstring(svg)
            head = svg[:svg.index(">")]
            view_w, view_h = map(float, re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', head).groups())
            scale = float(re.search(r'width="([\d.]+)"', head).group(1)) / view_w
            assert scale >= MIN_SCALE - 0.05 / view_w, (pid, scale)  # the width attribute has one decimal
            shown = re.findall(r'data-id="(lane:[^"]+)"', svg)
            start = lanes.index(shown[0])
            assert shown == lanes[start:start + len(shown)], pid  # neighbouring lanes, in the chart's order
            seen += shown
            page = "landscape" if "hb-print-landscape" in markup[:markup.index("<svg")] else "portrait"
            width, height = PAGES[page]
            assert view_w * scale <= width + 0.5 and view_h * scale <= height + 0.5, (pid, page)
        assert set(seen) == set(lanes), pid
        grouped += any(len(re.findall(r'data-id="lane:', svg)) < len(lanes) for svg in papers)
    if root.name in ("city-bank", "hospital"):  # 18 and 17 roles
        assert grouped, "the process with the most roles prints in lane groups"


@pytest.mark.parametrize("lanes", [20, 24])
def test_a_chart_with_very_many_roles_prints_legibly_in_lane_groups(lanes):
    """Many roles (an emergency-rescue chart with 14 roles and their participants): no drawing of the whole
    chart reaches 7 pt on A4 (it was 2.8 pt, then 6.2 pt); split into groups of neighbouring lanes, each part
    repeating the phase names and its lane headers, it prints at 7 pt or more, each lane in one group."""
    from handbook.diagrams.paper import _plans

    layouts = [layout_swimlane(*_long_process(14, lanes), orientation=o) for o in ("vertical", "horizontal")]
    plans = [p for layout in layouts for page in PAGES for p in _plans(layout, page)]
    whole = [p for p in plans if len(p.lane_cuts) == 2]
    assert whole and max(p.scale for p in whole) < MIN_SCALE  # the case: nothing whole is legible
    plan = plan_paper(layouts, layouts[1])
    _check_plan(plan)
    assert plan.scale >= MIN_SCALE and len(plan.lane_groups) > 1
    assert set(plan.lane_cuts[1:-1]) <= set(lane_cut_positions(plan.layout))
    drawings = render_swimlane_with_print(*_long_process(14, lanes), title="多角色流程")
    svgs = _paper_svgs(drawings.paper)
    assert len(svgs) == drawings.parts == len(plan.tiles)
    numbers = [re.search(r'class="hb-part-number"[^>]*>([^<]+)<', svg).group(1) for svg in svgs]
    assert numbers == [f"{i}/{len(svgs)}" for i in range(1, len(svgs) + 1)]


def test_a_part_where_only_lines_pass_is_not_printed():
    """A lane group with no step in some stretch would print a page of empty lanes: it is left out."""
    lane_list = [Lane(f"r{i}", f"角色{i}", "") for i in range(24)]
    # the first twelve steps in the first lanes, the last twelve in the last lanes
    nodes = [FlowNode(f"s{i}", f"第{i}步处理事项", f"r{i % 6 if i < 12 else 18 + i % 6}", f"#s{i}") for i in range(24)]
    edges = [FlowEdge(f"s{i}", f"s{i + 1}") for i in range(23)]
    layouts = [layout_swimlane(lane_list, [], nodes, edges, orientation=o) for o in ("vertical", "horizontal")]
    plan = plan_paper(layouts, layouts[1])
    _check_plan(plan)
    assert len(plan.lane_groups) > 1 and len(plan.tiles) < len(plan.parts) * len(plan.lane_groups)


def test_a_phase_name_cut_by_a_part_never_leaves_one_character_on_a_line():
    """A phase box cut narrow by a part boundary rewraps its name; where that would orphan a character
    (issue 15: never a single orphaned character, e.g. 审｜批 in a stub one character wide, under a phase
    strip two lines deep) the stub carries no name."""
    from handbook.diagrams.paper import _cut_band
    from handbook.diagrams.text import orphaned

    bands = [Band("a", "审批"), Band("b", "签订合同并报备归档留存以及后续的客户回访和满意度调查工作")]
    nodes = [FlowNode(f"s{i}", f"第{i}步", "r0", f"#s{i}", phase="a" if i < 3 else "b") for i in range(4)]
    layout = layout_swimlane([Lane("r0", "角色", "")], bands, nodes,
                             [FlowEdge(f"s{i}", f"s{i + 1}") for i in range(3)], orientation="horizontal")
    band = next(b for b in layout.boxes if b.id == "band:a")
    assert max(len(b.lines) for b in layout.boxes if b.kind == "band") >= 2  # the strip holds two lines
    named = set()
    for width in range(8, int(band.w), 1):
        cut = _cut_band(band, band.x, band.x + width, False)
        assert not orphaned(cut.lines), (width, cut.lines)
        named.add(bool(cut.lines))
    assert named == {True, False}  # wide stubs carry the name, the narrowest do not


def test_a_chart_that_fits_a_page_whole_is_not_cut_in_two():
    """A horizontal chart a little wider than the page (684 px) printed in two parts at full size when its
    vertical drawing fits the page whole at full size (the bank's 租赁项目审批流程): fewer parts win."""
    lanes = [Lane("a", "租赁业务经理", ""), Lane("b", "租赁公司总经理", "")]
    nodes = [FlowNode("s0", "项目立项", "a", ""), FlowNode("s1", "租赁公司审批", "b", "")]
    layouts = [layout_swimlane(lanes, [], nodes, [FlowEdge("s0", "s1")], orientation=o)
               for o in ("vertical", "horizontal")]
    assert layouts[1].width > PAGES["portrait"][0]  # the case: the horizontal drawing is wider than the page
    plan = plan_paper(layouts, screen=layouts[1])
    _check_plan(plan)
    assert len(plan.tiles) == 1 and plan.scale == 1.0 and plan.layout.vertical
