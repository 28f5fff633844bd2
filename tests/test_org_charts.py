"""Unit charts follow 汇报关系 (reports_to): the head directly under its unit, everyone under the
position they report to. Checked on the drawn SVG of every unit of the sample and a synthetic org."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from handbook.pipeline import load_handbook
from handbook.render import charts
from handbook.render.links import record_page

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


def _handbooks(tmp_path):
    from handbook.synthetic import generate

    generate(tmp_path / "synthetic", 60, seed=7)
    for root in (ROOT, tmp_path / "synthetic"):
        hb, report = load_handbook(root)
        assert hb is not None, report.errors[:3]
        yield hb


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
                assert {t for s, t in edges if s == uid} == {unit.head}, uid  # only the head hangs off the unit
                ux, uy, uw, uh = boxes[uid]
                hx, hy, hw, hh = boxes[unit.head]
                assert hy > uy + uh and abs((hx + hw / 2) - (ux + uw / 2)) < 0.5, uid  # directly below
                checked_heads += 1
            for pid in members:
                boss = hb.positions[pid].reports_to
                if boss in members and pid != unit.head:
                    assert (boss, pid) in edges, (uid, boss, pid)
                    checked_lines += 1
    assert checked_heads >= 10 and checked_lines >= 10
