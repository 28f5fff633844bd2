"""`handbook check` is the gate (issue 13): single-edit mutations of the shipped sample.

Each mutant in tests/mutants.py either fails check with its expected diagnostic
(file, line, code, Chinese words; consequences suppressed where marked), or
passes check, and then the site build with every Word/Excel download passes too.
The mutants that pass are applied together and built once, to keep this fast.
"""

from __future__ import annotations

import shutil
import zipfile
from collections import Counter
from pathlib import Path

import pytest

from conftest import ROOT
from handbook.pipeline import load_handbook
from mutants import MUTANTS, apply, mutant_problems
from sitebuild import build_project, copy_project


def fresh(tmp_path: Path) -> Path:
    project = tmp_path / "p"
    shutil.copytree(ROOT / "data", project / "data")
    shutil.copytree(ROOT / "content", project / "content")
    return project


def test_the_list_covers_every_mistake_kind():
    kinds = Counter(m.kind for m in MUTANTS)
    assert len(MUTANTS) >= 60 and len(kinds) >= 40
    files = {m.edit.file.split("/")[1] if m.edit.file.startswith("data/") else "content" for m in MUTANTS}
    assert {"positions", "units", "kpis", "courses", "processes", "handbook.yaml", "content"} <= files
    assert sum(m.expect is None for m in MUTANTS) >= 5, "edits that must pass check and build"


@pytest.mark.parametrize("mutant", MUTANTS, ids=[f"{i}-{m.kind}" for i, m in enumerate(MUTANTS)])
def test_mutant_gets_its_diagnostic(tmp_path, mutant):
    project = fresh(tmp_path)
    apply(project, mutant.edit)
    hb, report = load_handbook(project)  # never raises: a traceback fails the test
    assert not mutant_problems(project, mutant, report), "\n".join(mutant_problems(project, mutant, report))
    assert (hb is None) == bool(report.errors)


def test_mutants_that_pass_check_build_with_every_export(tmp_path):
    """check passes ⇒ build passes, Word and Excel included (all passing edits at once, one build)."""
    project = copy_project(ROOT, tmp_path / "p")
    passing = [m for m in MUTANTS if m.expect is None or m.severity == "warning"]
    for mutant in passing:
        apply(project, mutant.edit)
    hb, report = load_handbook(project)
    assert hb is not None, [d.format() for d in report.errors]
    site = build_project(project, tmp_path / "site").site
    docx = sorted((site / "downloads/docx").glob("*.docx"))
    xlsx = sorted((site / "downloads/xlsx").glob("*.xlsx")) + [site / "downloads/handbook.xlsx"]
    assert len(docx) == len(hb.positions) and len(xlsx) == len(hb.positions) + 1
    for path in docx + xlsx:
        assert zipfile.ZipFile(path).testzip() is None
    # the section link written as the reader sees the heading points at the heading's anchor
    credit = (site / "credit/index.html").read_text(encoding="utf-8")
    assert 'href="#五逾期账款处理"' in credit and 'id="五逾期账款处理"' in credit
