"""Cost stays linear in unit-tree depth and process length (figures: benchmarks/shapes.py).

These tests count work and output, never time: a deep tree's breadcrumbs have a bounded
size, and placing the labels of a long process looks at a bounded number of neighbours per label.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from handbook.diagrams import FlowEdge, FlowNode, Lane, layout_swimlane
from handbook.diagrams import labels
from handbook.pipeline import load_handbook
from handbook.render.pages import Renderer, RenderOptions

sys.path.insert(0, str(Path(__file__).parent.parent / "benchmarks"))
from shapes import deep_tree  # noqa: E402 — the benchmark's own generator


def test_deep_unit_tree_pages_have_bounded_breadcrumbs(tmp_path):
    deep_tree(tmp_path, 120)
    hb, report = load_handbook(tmp_path)
    assert hb is not None, [d.format() for d in report.errors][:5]
    assert hb.unit_crumbs("u119") == ["u0", None, "u116", "u117", "u118", "u119"]
    assert hb.unit_crumbs("u3") == ["u0", "u1", "u2", "u3"]
    pages = Renderer(hb, RenderOptions()).all_pages()
    shallow, deep = pages["org/u5.md"], pages["org/u119.md"]
    assert deep.count("hb-crumbs") == 1 and "…" in deep
    assert len(deep) < 1.3 * len(shallow), "a deep unit's page grows with its depth"
    # headcounts include all sub-units, computed in one pass
    rows = [line for line in pages["org/index.md"].splitlines() if line.startswith("<tr><td>")]
    assert '<a href="../org/u0/">第0层单元</a></td><td>部门</td><td>—</td><td>—</td><td class="hb-num">1</td><td class="hb-num">120<' in rows[0]
    assert '<td class="hb-num">1</td><td class="hb-num">1</td></tr>' in rows[-1]


def _process(steps: int, lanes: int = 6):
    lane_list = [Lane(f"r{i}", f"角色{i}", f"#r{i}") for i in range(lanes)]
    nodes = [FlowNode(f"s{i}", f"步骤{i}", f"r{i % lanes}", f"#s{i}", decision=i % 10 == 9) for i in range(steps)]
    edges = []
    for i in range(steps - 1):
        edges.append(FlowEdge(f"s{i}", f"s{i + 1}", "通过" if i % 10 == 9 else ""))
        if i % 10 == 9:
            edges.append(FlowEdge(f"s{i}", f"s{i - 5}", "退回"))
    return lane_list, nodes, edges


@pytest.mark.parametrize("small,large", [(200, 800)])
def test_label_placement_work_is_linear_in_process_length(monkeypatch, small, large):
    calls = {"n": 0}
    real = labels._overlaps

    def counting(a, b, margin):
        calls["n"] += 1
        return real(a, b, margin)

    monkeypatch.setattr(labels, "_overlaps", counting)
    work = {}
    for n in (small, large):
        calls["n"] = 0
        lanes, nodes, edges = _process(n)
        layout_swimlane(lanes, [], nodes, edges)
        work[n] = calls["n"]
    assert work[large] < 1.5 * (large / small) * work[small], work


def test_a_tree_deeper_than_the_recursion_limit(tmp_path):
    """Every walk of the unit tree is iterative: 1,500 levels load, validate and split into matrix sections."""
    from handbook.render.matrices import SECTION_LIMIT, matrix_sections
    from handbook.render.staffing import unit_totals

    depth = sys.getrecursionlimit() + 500
    deep_tree(tmp_path, depth)
    hb, report = load_handbook(tmp_path)
    assert hb is not None, [d.format() for d in report.errors][:5]
    sections = matrix_sections(hb)
    covered = [uid for _, _, units in sections for uid in units]
    assert sorted(covered) == sorted(hb.units) and len(covered) == len(set(covered))
    assert max(len(units) for _, _, units in sections) <= SECTION_LIMIT
    assert unit_totals(hb)["u0"].people == depth
    assert len(hb.unit_crumbs(f"u{depth - 1}")) == 6


def test_a_deep_chain_of_large_units_shares_matrix_sections(tmp_path):
    """One position per level, 700 levels: the levels above the last 300 share a few sections, not one page each."""
    from handbook.render.matrices import SECTION_LIMIT, matrix_sections

    deep_tree(tmp_path, 700)
    hb, report = load_handbook(tmp_path)
    assert hb is not None
    sections = matrix_sections(hb)
    covered = sorted(uid for _, _, units in sections for uid in units)
    assert covered == sorted(hb.units)
    assert all(sum(len(hb.unit_positions.get(u, ())) for u in units) <= SECTION_LIMIT for _, _, units in sections)
    assert len(sections) <= 3, [label for _, label, _ in sections]
    assert "共 " in sections[0][1] and "各本级" in sections[0][1]
