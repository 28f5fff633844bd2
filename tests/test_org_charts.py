"""Unit charts follow 汇报关系 (reports_to): the head directly under its unit, everyone under the
position they report to. Checked on the drawn SVG of every unit of the sample and a synthetic org."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from handbook.pipeline import load_handbook
from handbook.render import charts
from handbook.addresses import record_page

NS = "{http://www.w3.org/2000/svg}"
ROOT = Path(__file__).resolve().parent.parent


def _drawn(svg: str):
    """(edges as {(source, target)}, boxes as id → (x, y, w, h)) read back from the SVG."""
    root = ET.fromstring(svg[svg.index("<svg"): svg.rindex("</svg>") + 6])
    edges = {(g.get("data-source"), g.get("data-target")) for g in root.iter(NS + "g") if g.get("data-source")}
    boxes = {}
    for node in root.iter():
        if node.get("data-id") and node.find(NS + "rect") is not None:
            r = node.find(NS + "rect")
            boxes[node.get("data-id")] = tuple(float(r.get(k)) for k in ("x", "y", "width", "height"))
    return edges, boxes


def _charts(svgs: str):
    """Every org chart in a page's HTML: [(solid edges, dotted edges, {box id: kind}, boxes in drawing order,
    ids of boxes with a badge)]."""
    out = []
    for match in re.finditer(r'<svg [^>]*class="hb-diagram hb-orgchart[^"]*".*?</svg>', svgs, re.S):
        root = ET.fromstring(match.group(0))
        solid, dotted = [], []
        for g in root.iter(NS + "g"):
            if g.get("data-source"):
                edge = (g.get("data-source"), g.get("data-target"))
                (dotted if "hb-edge-dotted" in g.get("class", "") else solid).append(edge)
        nodes = [n for n in root.iter() if n.get("data-id") and "hb-node" in (n.get("class") or "")]
        kinds = {n.get("data-id"): n.get("class").split()[1] for n in nodes}
        badged = {n.get("data-id") for n in nodes if any(t.get("class") == "hb-badge" for t in n.iter())}
        out.append((solid, dotted, kinds, [n.get("data-id") for n in root.iter() if n.get("data-id")], badged))
    return out


CASES = ROOT / "tests" / "cases"
ORGANIZATIONS = [ROOT, CASES / "training-school", CASES / "city-bank", CASES / "hospital"]


def _handbooks(tmp_path):
    from handbook.synthetic import generate

    generate(tmp_path / "synthetic", 60, seed=7)
    for root in (*ORGANIZATIONS, tmp_path / "synthetic"):
        hb, report = load_handbook(root)
        assert hb is not None, report.errors[:3]
        yield hb


def _solid_edge_is_in_the_data(hb, source: str, target: str) -> bool:
    """A solid line is one of: unit → sub-unit (parent); unit → its head, or a position of it with no
    superior; position → a position that reports to it (whatever its unit); the head of a unit → a sub-unit."""
    units, positions = hb.units, hb.positions
    if source in units and target in units:
        return units[target].parent == source
    if source in units and target in positions:
        pos = positions[target]
        return pos.unit == source and (units[source].head == target or not pos.reports_to)
    if source in positions and target in positions:
        return positions[target].reports_to == source
    if source in positions and target in units:
        parent = units[target].parent
        return bool(parent) and units[parent].head == source
    return False


def _check_chart(hb, page: str, chart, members: set[str]) -> int:
    """Every edge of one drawn org chart against the data; returns the number of edges checked."""
    solid, dotted, kinds, order, badged = chart
    assert badged == {pid for pid in kinds if pid in members and hb.concurrent_posts.get(pid)}, page  # 兼任
    assert len(order) == len(set(order)), (page, "a box drawn twice")
    for source, target in solid:
        assert _solid_edge_is_in_the_data(hb, source, target), (page, source, target)
    for source, target in dotted:
        assert target in hb.positions[source].dotted_reports_to, (page, "dotted", source, target)
    parent = {t: s for s, t in solid}
    assert len(parent) == len(solid), (page, "a box with two superiors")
    for pid in members:  # every position of the unit, under its actual superior
        assert kinds.get(pid) == "hb-position", (page, pid)
        pos = hb.positions[pid]
        if hb.units[pos.unit].head == pid:
            assert parent.get(pid) == pos.unit, (page, "head not directly under its unit", pid)
        elif pos.reports_to:
            assert parent.get(pid) == pos.reports_to, (page, pid, "drawn under", parent.get(pid))
            if pos.reports_to not in members:  # a superior of another unit: a dashed box
                assert kinds[pos.reports_to] == "hb-outside", (page, pos.reports_to)
        for boss in pos.dotted_reports_to:
            assert (pid, boss) in dotted, (page, "dotted line missing", pid, boss)
    for bid, kind in kinds.items():
        if kind == "hb-outside":
            assert bid in hb.positions and bid not in members, (page, bid)
    return len(solid) + len(dotted)


def test_org_charts_draw_only_lines_the_data_gives(tmp_path):
    """Every solid line of the overview and of every unit chart of four organizations (and a synthetic
    one) is a reporting line, a unit's parent or a unit's head; every dotted line a dotted_reports_to;
    every position hangs under its actual superior: a superior of another unit is a dashed box (the
    hospital's 外科病区护士长 reports to 护理部主任, not to 普通外科主任)."""
    checked = outside = badges = 0
    for hb in _handbooks(tmp_path):
        overview = _charts(str(charts.overview_chart(hb, "org/index.md")))
        assert overview
        for chart in overview:
            checked += _check_chart(hb, "org/", chart, set())
            assert all(kind == "hb-unit" for kind in chart[2].values())
        for uid in hb.units:
            page = f"org/{uid}/"
            (chart,) = _charts(str(charts.unit_chart(hb, uid, record_page("units", uid))))
            checked += _check_chart(hb, page, chart, set(hb.unit_positions.get(uid, ())))
            outside += sum(kind == "hb-outside" for kind in chart[2].values())
            badges += len(chart[4])
    assert checked >= 200 and outside >= 3 and badges >= 4, (checked, outside, badges)
    hb, _ = load_handbook(CASES / "hospital")
    solid, _, kinds, _, _ = _charts(str(charts.unit_chart(hb, "surgery-dept", "org/surgery-dept.md")))[0]
    assert ("nursing-director", "ward-head-nurse") in solid and ("surgery-chief", "ward-head-nurse") not in solid
    assert kinds["nursing-director"] == "hb-outside"


def test_unit_charts_follow_reports_to(tmp_path):
    checked_heads = checked_lines = 0
    for hb in _handbooks(tmp_path):
        for uid, unit in hb.units.items():
            members = set(hb.unit_positions.get(uid, ()))
            if not members:
                continue
            edges, boxes = _drawn(str(charts.unit_chart(hb, uid, record_page("units", uid))))
            assert members <= set(boxes), uid  # every position drawn
            if unit.head in members:
                # only the head (and positions with no superior at all) hang off the unit
                assert {t for s, t in edges if s == uid} == {unit.head} | {
                    p for p in members if not hb.positions[p].reports_to}, uid
                ux, uy, uw, uh = boxes[uid]
                hx, hy, hw, hh = boxes[unit.head]
                assert hy > uy + uh and abs((hx + hw / 2) - (ux + uw / 2)) < 0.5, uid  # directly below
                checked_heads += 1
            for pid in members:
                boss = hb.positions[pid].reports_to
                if boss and pid != unit.head:
                    assert (boss, pid) in edges, (uid, boss, pid)
                    checked_lines += 1
    assert checked_heads >= 10 and checked_lines >= 10


# -- dotted-line reports (虚线汇报) and concurrent posts (兼任) -----------------------------------------

from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from browser import needs_browser, start_chromium  # noqa: E402
from handbook.diagrams import OrgLink, OrgNode, layout_orgchart, render_orgchart  # noqa: E402
from test_diagrams_layout import SETTINGS, assert_connectors, assert_no_overlap, org_trees  # noqa: E402

SCHOOL = ROOT / "tests" / "cases" / "training-school"


def _ids(node):
    yield node.id
    for c in node.children:
        yield from _ids(c)


@st.composite
def trees_with_dotted_lines(draw):
    root = draw(org_trees(max_nodes=40))
    ids = list(_ids(root))
    outside = []
    for i in range(draw(st.integers(0, 3))):  # some with subordinates of the chart (汇报关系 across units)
        kids = tuple(OrgNode(f"x{i}s{j}", "下级岗位", "#s", "编制 1", "position",
                             (OrgNode(f"x{i}s{j}t", "再下级", "#t", "编制 2", "position"),) if j % 2 else ())
                     for j in range(draw(st.integers(0, 3))))
        outside.append(OrgNode(f"x{i}", "外部岗位", "#x", "其他部门", "outside", kids))
    every = ids + [o.id for o in outside] + [k.id for o in outside for k in o.children]
    links = []
    for _ in range(draw(st.integers(0 if outside else 1, 4))):
        source, target = draw(st.sampled_from(every)), draw(st.sampled_from(every))
        if source != target:
            links.append(OrgLink(source, target))
    for o in outside:  # an outside box is there because of a line
        links.append(OrgLink(o.id, draw(st.sampled_from(ids))))
    return root, links, outside


@SETTINGS
@given(trees_with_dotted_lines())
def test_dotted_lines_run_between_boxes_without_crossing_any(case):
    root, links, outside = case
    layout = layout_orgchart(root, links=links, outside=outside)
    assert_no_overlap(layout.boxes)
    assert_connectors(layout, check_interiors=True)  # dashed lines end on their boxes, cross none
    dotted = [c for c in layout.connectors if c.dotted]
    assert [(c.source, c.target) for c in dotted] == [(link.source, link.target) for link in links]
    assert all(c.arrow for c in dotted) and ("dotted" in layout.legend) == bool(links)
    in_tree = set(_ids(root))
    tree = [b for b in layout.boxes if b.id in in_tree]
    for b in layout.boxes:
        if b.id not in in_tree:  # outside boxes, and what hangs under them: below the whole tree
            assert b.y >= max(t.bottom for t in tree)
        assert b.right <= layout.width and b.bottom <= (layout.legend_y if layout.legend else layout.height)
    drawn = {(c.source, c.target) for c in layout.connectors if not c.dotted}
    assert {(o.id, k.id) for o in outside for k in o.children} <= drawn  # under their outside superior
    assert layout == layout_orgchart(root, links=links, outside=outside)  # deterministic


def test_a_dotted_line_to_an_unknown_box_is_refused():
    with pytest.raises(ValueError, match="unknown"):
        layout_orgchart(OrgNode("a", "甲", "#"), links=[OrgLink("a", "nowhere")])


def test_charts_without_dotted_lines_or_concurrent_posts_are_unchanged():
    root = OrgNode("u", "部门", "#", "", "unit", (OrgNode("p", "经理", "#", "编制 1", "position"),))
    svg = render_orgchart(root, title="t")
    assert "hb-legend" not in svg and "hb-edge-dotted" not in svg


def _school_chart(hb, uid):
    return str(charts.unit_chart(hb, uid, record_page("units", uid)))


def test_school_unit_charts_draw_dotted_lines_and_concurrent_posts():
    """The second organization: 招生老师 (教务部) reports by a dotted line to 市场部副主管 (市场部); 外联推广
    (推广组) is held together with 市场督导 (市场部)."""
    hb, report = load_handbook(SCHOOL)
    assert hb is not None
    teaching = _school_chart(hb, "teaching-dept")
    edges, boxes = _drawn(teaching)
    root = ET.fromstring(teaching[teaching.index("<svg"): teaching.rindex("</svg>") + 6])
    dotted = [g for g in root.iter(NS + "g") if "hb-edge-dotted" in (g.get("class") or "")
              and g.get("data-source")]
    assert [(g.get("data-source"), g.get("data-target")) for g in dotted] == [("enrollment-teacher", "deputy-market-manager")]
    outside = [n for n in root.iter() if "hb-outside" in (n.get("class") or "")]
    assert [n.get("data-id") for n in outside] == ["deputy-market-manager"]
    assert outside[0].get("href", "").endswith("positions/deputy-market-manager/")
    path = dotted[0].find(NS + "path").get("d")
    start, end = re.findall(r"([\d.]+) ([\d.]+)", path)[0], re.findall(r"([\d.]+) ([\d.]+)", path)[-1]
    for (x, y), box in ((start, boxes["enrollment-teacher"]), (end, boxes["deputy-market-manager"])):
        bx, by, bw, bh = box
        x, y = float(x), float(y)
        assert bx - 0.05 <= x <= bx + bw + 0.05 and by - 0.05 <= y <= by + bh + 0.05
        assert min(abs(x - bx), abs(x - bx - bw), abs(y - by), abs(y - by - bh)) < 0.05  # on the box's edge
    assert "虚线汇报" in teaching and "hb-legend" in teaching
    market = _school_chart(hb, "market-dept")
    market_edges, _ = _drawn(market)
    assert {("enrollment-teacher", "deputy-market-manager"), ("agent-market-lead", "market-manager")} <= market_edges
    group = _school_chart(hb, "promotion-group")
    badge = re.search(r'data-id="outreach-promoter">.*?</a>', group, re.S).group(0)
    assert 'class="hb-badge"' in badge and ">兼任</tspan>" in badge
    assert "兼任（同一人同时担任的岗位）" in group and "hb-edge-dotted" not in group
    assert _school_chart(hb, "teaching-dept") == teaching  # deterministic


@pytest.mark.browser
@needs_browser
def test_dotted_lines_and_legend_render_dashed_and_inside_the_chart(tmp_path):
    """In Chromium with the site's stylesheet: the dotted-line report is drawn dashed, the outside box's
    outline too, and the legend lies inside the drawing (not clipped)."""
    from sitebuild import serve_dir

    hb, _ = load_handbook(SCHOOL)
    css = (ROOT / "generators/handbook/assets/diagrams.css").read_text(encoding="utf-8")
    body = _school_chart(hb, "market-dept") + _school_chart(hb, "promotion-group")
    (tmp_path / "index.html").write_text(f'<!DOCTYPE html><html><head><meta charset="utf-8"><style>{css}</style>'
                                         f"</head><body>{body}</body></html>", encoding="utf-8")
    driver = start_chromium(tmp_path)
    try:
        with serve_dir(tmp_path) as base:
            driver.get(base + "index.html")
            found = driver.execute_script("""
const out = [];
for (const svg of document.querySelectorAll('svg.hb-orgchart')) {
  const box = svg.getBoundingClientRect();
  const legend = [...svg.querySelectorAll('.hb-legend text')].map(t => t.getBoundingClientRect());
  const dashed = [...svg.querySelectorAll('.hb-edge-dotted path')].map(p => getComputedStyle(p).strokeDasharray);
  const outside = [...svg.querySelectorAll('.hb-outside .hb-shape')].map(r => getComputedStyle(r).strokeDasharray);
  out.push({legend: legend.map(r => [r.left - box.left, r.right - box.right, r.bottom - box.bottom]),
            dashed, outside});
}
return out;""")
    finally:
        driver.quit()
    market, group = found
    assert market["dashed"] and all(d not in ("none", "") for d in market["dashed"])
    assert market["outside"] and all(d not in ("none", "") for d in market["outside"])
    for chart in (market, group):
        assert chart["legend"]
        for left, right, bottom in chart["legend"]:
            assert left >= 0 and right <= 0.5 and bottom <= 0.5, chart["legend"]


def test_the_legend_wraps_into_rows_as_narrow_as_a_phone():
    """The school's 市场部 chart explains its marks (dotted line, 兼任, and the dashed box of the dotted-line
    superior from another unit). Its legend was one row, and on a 390 px phone the second entry lay
    off-screen; each row now fits LEGEND_ROW_MAX (a phone's column at the chart's own size), entries in
    their order, inside the drawing."""
    from handbook.diagrams.svg import LEGEND_FONT, LEGEND_ROW_MAX, LEGEND_X, legend_rows
    from handbook.diagrams.text import text_width

    hb, _ = load_handbook(SCHOOL)
    svg = _school_chart(hb, "market-dept")
    root = ET.fromstring(svg[svg.index("<svg"): svg.rindex("</svg>") + 6])
    height = float(root.get("viewBox").split()[3])
    texts = [t for t in root.iter(NS + "text") if t.get("class") == "hb-legend-text"]
    assert [t.text for t in texts] == ["虚线汇报（箭头指向虚线上级）", "兼任（同一人同时担任的岗位）",
                                       "其他单元的岗位（框内注明所属单元）"]
    rows = {}
    for t in texts:
        right = float(t.get("x")) + text_width(t.text, LEGEND_FONT)
        rows.setdefault(float(t.get("y")), []).append(right)
        assert right <= LEGEND_X + LEGEND_ROW_MAX and float(t.get("y")) < height
    assert len(rows) == len(legend_rows(("dotted", "badge", "outside"))) == 3
    for items in (("dotted",), ("badge",), ("dotted", "badge"), ("badge", "dotted"), ("dotted", "badge", "outside")):
        assert [i for row in legend_rows(items) for i in row] == list(items)


def test_the_legend_explains_dashed_boxes_only_where_a_chart_has_them():
    """A unit chart with a superior from another unit (the hospital's 外科: its ward head nurse reports to
    the nursing director) draws that superior as a dashed box, and the legend says what a dashed box is;
    a chart without one says nothing of it."""
    from handbook.render import charts

    hb, _ = load_handbook(CASES / "hospital")
    for uid in hb.units:
        svg = str(charts.unit_chart(hb, uid, f"org/{uid}/index.md"))
        has_box = 'class="hb-node hb-outside' in svg
        assert has_box == ("其他单元的岗位" in svg), uid
    assert "其他单元的岗位" in str(charts.unit_chart(hb, "surgery-dept", "org/surgery-dept/index.md"))
