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


SCHOOL = ROOT / "tests" / "cases" / "training-school"


@pytest.mark.parametrize("root", [ROOT, SCHOOL], ids=["sample", "school"])
def test_category_columns_follow_the_declared_order_in_sections_and_in_excel(root, monkeypatch):
    """Issue 15: the school declares course_categories [招生实务, 营销技能, 管理技能]; its matrix showed
    营销技能 first (order of first use). Every section page and the Excel 培训矩阵 use order.category_order;
    the workbook's rows follow the org tree as the site's do."""
    from io import BytesIO

    from openpyxl import load_workbook

    from handbook.exports.xlsx_matrix import training_matrix_xlsx
    from handbook.render import order

    book, report = load_handbook(root)
    assert book is not None
    courses, processes = order.category_order(book, "courses"), order.category_order(book, "processes")
    if root == SCHOOL:
        assert courses == list(book.vocab.allowed("course_categories"))
    monkeypatch.setattr(matrices, "SECTION_LIMIT", 4)
    p = PageContext(book, "training/matrix.md")
    for _, _, units in matrices.matrix_sections(book) + [("", "", None)]:
        for build, expected in ((matrices.training_matrix, courses), (matrices.handbook_process_matrix, processes)):
            table = build(book, p, units)
            names = [name for name, _ in table["column_groups"]]
            assert names == [c for c in expected if c in names]
            kind = "courses" if build is matrices.training_matrix else "processes"
            records = getattr(book, kind)
            assert [records[rid].category or "其他" for rid in table["roles"]] == [
                name for name, n in table["column_groups"] for _ in range(n)]
    ws = load_workbook(BytesIO(training_matrix_xlsx(book))).active
    heads = [ws.cell(2, c).value for c in range(3, ws.max_column + 1)]
    assert [h for h in heads if h] == courses
    rows = [ws.cell(r, 2).value for r in range(4, 4 + len(book.positions))]
    assert rows == [book.positions[pid].name for _, ids in order.positions_by_unit(book) for pid in ids]


def test_a_matrix_too_wide_for_a4_prints_as_narrower_tables():
    """A process with very many roles (a tester's 33-role 大客户项目导入流程 made its 步骤 × 角色 table 919 px
    wide on a 703 px page, and Chromium shrank every printed page, charts included, to 6 pt): on paper the
    matrix is several tables of consecutive role columns, each fitting A4 with its names across and
    repeating every step; the screen keeps the whole table."""
    import re

    from handbook.diagrams.text import text_width

    bank, _ = load_handbook(ROOT / "tests" / "cases" / "city-bank")
    proc = bank.processes["annual-budget"]
    p = PageContext(bank, "processes/annual-budget.md")
    table = matrices.process_matrix(bank, proc, p)
    html = str(matrices.matrix_html(p, **table))
    screen = re.findall(r'<div class="hb-matrix-wrap hb-screen-only".*?</div>', html, re.S)
    paper = re.findall(r'<div class="hb-matrix-wrap hb-print-only".*?</div>', html, re.S)
    assert len(screen) == 1 and len(paper) > 1
    heads = [re.findall(r'<th scope="col">(.*?)</th>', t) for t in screen + paper]
    assert sum(len(h) for h in heads[1:]) == len(heads[0]) == len(table["roles"])  # each role once on paper
    widths = {r: matrices.column_width(bank.name_of(r), [c[r] for _, _, c in table["rows"] if r in c])
              for r in table["roles"]}
    start = 0
    for t, h in zip(paper, heads[1:]):
        names = [re.sub(r"<[^>]+>", "", x) for x in h]
        columns = table["roles"][start:start + len(h)]
        assert names == [bank.name_of(r) for r in columns]
        assert matrices.ROW_HEAD_PX + sum(widths[r] + matrices.CELL_PAD_PX for r in columns) <= matrices.PAGE_WIDTH_PX
        assert all(widths[r] >= text_width(bank.name_of(r), matrices.HEADER_FONT_PX) for r in columns)
        assert len(re.findall(r'<th scope="row">', t)) == len(proc.steps)
        start += len(h)
    assert matrices.paper_column_groups([100.0] * 3) == [3]  # a matrix that fits stays one table
