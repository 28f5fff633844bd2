"""Follow-ups to issue 13 (`handbook check` is the gate) from a tester's run: each kind that passed
check and then failed the build or an export, or that check reported badly, pinned by its example."""

from __future__ import annotations

import pytest

from conftest import ROOT
from handbook.pipeline import load_handbook
from handbook.render.print_edition import rebase_link
from sitebuild import build_project, copy_project


def errors(root, code=None):
    hb, report = load_handbook(root)
    return [d for d in report.errors if code is None or d.code == code]


@pytest.fixture
def sample(tmp_path):
    return copy_project(ROOT, tmp_path / "sample")


# --------------------------------------------------------------------------- 1. print edition keeps chapter links
@pytest.mark.parametrize("target, expected", [
    ("../org/", "../org/"),                     # folder link: from the page address counter/
    ("../org/#top", "../org/#top"),
    ("credit.md#一目的", "../credit.md#一目的"),  # file links: from the source folder
    ("images/logo.png", "../images/logo.png"),
    ("#here", "#here"),
])
def test_print_rebases_links_from_their_own_base(target, expected):
    assert rebase_link(target, "counter.md", "print/index.md") == expected


def test_relative_folder_link_in_chapter_builds(minimal, tmp_path):
    (minimal / "content/counter.md").write_text("# 柜面制度\n\n见 [组织](../org/)。\n", encoding="utf-8")
    assert errors(minimal) == []
    build_project(minimal, tmp_path / "site")
    printed = (tmp_path / "site/print/index.html").read_text(encoding="utf-8")
    assert 'href="../org/"' in printed
