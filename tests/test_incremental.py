"""Incremental rendering must give exactly what a full render gives, while redoing little."""

from __future__ import annotations

import shutil

import pytest

from conftest import ROOT
from handbook.pipeline import load_handbook
from handbook.render.memo import RenderMemo
from handbook.render.pages import render_pages


@pytest.fixture
def sample(tmp_path):
    shutil.copytree(ROOT / "data", tmp_path / "data")
    shutil.copytree(ROOT / "content", tmp_path / "content")
    return tmp_path


def rebuild(root, cache, memo):
    hb, report = load_handbook(root, cache)
    assert hb is not None, [d.format() for d in report.errors]
    memo.rendered = memo.reused = 0
    return hb, render_pages(hb, memo=memo)


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


EDITS = [
    ("reword a duty", "data/positions/business-assistant.yaml", "text: 负责组织合同评审", "text: 牵头组织合同评审"),
    ("rename a KPI", "data/kpis/collection-rate.yaml", "name: 回款率", "name: 货款回收率"),
    ("change a headcount", "data/positions/sales-rep.yaml", "headcount:", "headcount: 9\nx_old_headcount:"),
    ("move a position", "data/positions/sales-planner.yaml", "unit: sales-dept", "unit: market-dept"),
    ("reassign a step", "data/processes/contract-review.yaml", "role: business-assistant", "role: sales-manager"),
    ("rename a chapter", "content/supervision.md", "title: 市场督导及检查制度", "title: 市场督导与检查制度"),
]


@pytest.mark.parametrize("label, file, old, new", EDITS, ids=[e[0] for e in EDITS])
def test_incremental_equals_full_render(sample, label, file, old, new):
    cache, memo = {}, RenderMemo()
    _, first = rebuild(sample, cache, memo)
    total = len(first)
    if "x_old_headcount" in new:  # replace the whole headcount line instead of adding a field
        path = sample / file
        lines = [l if not l.startswith("headcount:") else "headcount: 9" for l in path.read_text(encoding="utf-8").splitlines()]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    else:
        edit(sample / file, old, new)
    hb, pages = rebuild(sample, cache, memo)
    assert pages == render_pages(hb), "incremental output differs from a full render"
    assert pages != first, "the edit changed nothing visible"
    assert 0 < memo.rendered < total / 2, f"{label}: re-rendered {memo.rendered} of {total} pages"


def test_nothing_changed_renders_nothing(sample):
    cache, memo = {}, RenderMemo()
    rebuild(sample, cache, memo)
    _, _ = rebuild(sample, cache, memo)
    assert memo.rendered == 0 and memo.reused > 100


def test_incremental_site_build_equals_full_build_including_downloads(sample):
    """The live preview's path (parse cache + memo) gives the same pages and Word/Excel files as a fresh build."""
    from handbook.assemble import assemble

    cache, memo = {}, RenderMemo()
    assemble(sample, cache, downloads=True, memo=memo)
    edit(sample / "data/positions/business-assistant.yaml", "text: 负责组织合同评审", "text: 牵头组织合同评审")
    edit(sample / "data/kpis/collection-rate.yaml", "name: 回款率", "name: 货款回收率")
    memo.rendered = memo.reused = 0
    incremental = assemble(sample, cache, downloads=True, memo=memo)
    full = assemble(sample, downloads=True)
    assert incremental.pages == full.pages
    assert incremental.assets == full.assets
    assert memo.reused > memo.rendered > 0
