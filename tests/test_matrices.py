"""Responsibility and training matrices: complete, and split into bounded sections for large organizations."""

from __future__ import annotations


import pytest

from conftest import ROOT
from handbook.pipeline import load_handbook
from handbook.render import matrices
from handbook.render.context import PageContext
from handbook.render.pages import render_pages
from handbook.flow import involvement_details


@pytest.fixture(scope="module")
def hb():
    handbook, report = load_handbook(ROOT)
    assert handbook is not None
    return handbook


def test_process_matrix_has_every_involvement(hb):
    for proc in hb.processes.values():
        table = matrices.process_matrix(hb, proc, PageContext(hb, "processes/x.md"))
        for step, (_, href, cells) in zip(proc.steps, table["rows"]):
            assert href == f"#step-{step.id}"
            for role, kind, condition in involvement_details(step):
                # a conditional involvement reads “审批（条件）” (issue 14); the kind always leads the cell part
                assert matrices.with_condition(kind, condition) in cells[role].split("/")
                assert role in table["roles"]


@pytest.mark.parametrize("limit", [5, 12, 40])
def test_sections_partition_positions_within_the_limit(hb, monkeypatch, limit):
    monkeypatch.setattr(matrices, "SECTION_LIMIT", limit)
    sections = matrices.matrix_sections(hb)
    covered = [pid for _, _, units in sections for uid in units for pid in hb.unit_positions.get(uid, ())]
    assert sorted(covered) == sorted(hb.positions), "every position in exactly one section"
    for uid, _, units in sections:
        size = sum(len(hb.unit_positions.get(u, ())) for u in units)
        assert size <= limit or not hb.child_units.get(uid) or units == {uid}


def test_large_handbooks_get_one_matrix_page_per_section(hb, monkeypatch):
    monkeypatch.setattr(matrices, "SECTION_LIMIT", 10)
    pages = render_pages(hb)
    sections = matrices.matrix_sections(hb)
    for base in ("processes/matrix", "training/matrix"):
        for uid, _, _ in sections:
            assert f"{base}/{uid}.md" in pages
            assert f"{uid}/" in pages[f"{base}.md"]
    training_rows = sum(pages[f"training/matrix/{uid}.md"].count('<th scope="row">') for uid, _, _ in sections)
    assert training_rows == len(hb.positions)
