"""Every search link lands on an element that exists: over every entry of the sample and of
each tests/cases organisation, the built page at the entry's URL has the entry's #anchor.

Chapter anchors come from Python-Markdown's toc itself (render/chapter_sections.py), so
repeated headings (目的, 目的_1) and {#id} attributes agree with the page by construction;
this test checks the built HTML, not the code that computes them.
"""

from __future__ import annotations

import urllib.parse
from html.parser import HTMLParser
from pathlib import Path

import pytest

from handbook.pipeline import load_handbook
from handbook.render.search_entries import entries_for_handbook

HERE = Path(__file__).parent
CASES = [HERE / "cases" / "minimal", HERE / "cases" / "hostile", HERE / "cases" / "import" / "rich",
         HERE / "cases" / "training-school"]


class _Ids(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name == "id" and value is not None:
                self.ids.add(value)


def _ids(page: Path, cache: dict[Path, set[str]]) -> set[str]:
    if page not in cache:
        parser = _Ids()
        parser.feed(page.read_text(encoding="utf-8"))
        cache[page] = parser.ids
    return cache[page]


def missing_anchors(hb, site: Path) -> list[str]:
    """Entries whose URL's page or #anchor is not in the built site."""
    cache: dict[Path, set[str]] = {}
    missing = []
    entries = entries_for_handbook(hb)
    assert entries
    for e in entries:
        path, _, anchor = e.url.partition("#")
        page = site / urllib.parse.unquote(path) / "index.html"
        if not page.is_file():
            missing.append(f"{e.id}: no page {page.relative_to(site)}")
        elif anchor and urllib.parse.unquote(anchor) not in _ids(page, cache):
            missing.append(f"{e.id}: {path} has no #{anchor}")
    return missing


def test_sample_search_links_have_their_anchors(sample_site):
    hb, site = sample_site
    assert not missing_anchors(hb, site)


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_case_search_links_have_their_anchors(case, tmp_path):
    from sitebuild import build_project, copy_project

    project = copy_project(case, tmp_path / "project")
    hb, report = load_handbook(project)
    assert hb is not None, [d.format() for d in report.errors]
    site = build_project(project, project / "site").site
    assert not missing_anchors(hb, site)


def test_repeated_headings_get_the_toc_numbering(tmp_path):
    """Two 目的 and three 范围 in one chapter, one heading with its own {#id}: the ids the page gets."""
    from sitebuild import build_project, copy_project

    project = copy_project(HERE / "cases" / "minimal", tmp_path / "project")
    (project / "content").mkdir(exist_ok=True)
    (project / "content" / "repeats.md").write_text(
        "# 重复标题\n\n## 目的\n\n甲。\n\n## 范围\n\n乙。\n\n### 目的\n\n丙。\n\n## 范围\n\n丁。\n\n"
        "## 范围 {#scope-x}\n\n戊。\n\n## 范围\n\n己，见 [[sales-manager]]。\n\n---\n\n| 表 | 格 |\n|---|---|\n| 一 | 二 |\n",
        encoding="utf-8")
    hb, report = load_handbook(project)
    assert hb is not None, [d.format() for d in report.errors]
    site = build_project(project, project / "site").site
    assert not missing_anchors(hb, site)
    chapter = {e.id: e for e in entries_for_handbook(hb) if e.id.startswith("chapters/repeats")}
    assert {"chapters/repeats#目的", "chapters/repeats#目的_1", "chapters/repeats#范围", "chapters/repeats#范围_1",
            "chapters/repeats#scope-x", "chapters/repeats#范围_2"} <= set(chapter)
    last = chapter["chapters/repeats#范围_2"].text
    assert "销售经理" in last and "[[" not in last and "---" not in last and "|" not in last
