"""Shared fixtures: copies of the small fixture handbook that tests may break."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CASES = Path(__file__).resolve().parent / "cases"
sys.path.insert(0, str(ROOT / "generators"))


@pytest.fixture
def minimal(tmp_path) -> Path:
    """A writable copy of tests/cases/minimal."""
    target = tmp_path / "hb"
    shutil.copytree(CASES / "minimal", target)
    return target


def line_of(path: Path, needle: str) -> int:
    """1-based line of the first line containing `needle` (so tests never hard-code line numbers)."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


def _built(source: Path, folder: Path) -> tuple:
    """(handbook, built site directory) of a copy of the project at `source`, made in `folder`."""
    from handbook.pipeline import load_handbook
    from sitebuild import build_project, copy_project

    project = copy_project(source, folder / "project")
    hb, report = load_handbook(project)
    assert hb is not None, [d.format() for d in report.errors]
    return hb, build_project(project, project / "site").site


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory):
    """(handbook, built site directory) of the shipped sample, built once per test session."""
    return _built(ROOT, tmp_path_factory.mktemp("sample-site"))


@pytest.fixture(scope="session")
def case_sites(tmp_path_factory):
    """case_sites(name) → (handbook, built site directory) of the organization tests/cases/<name>, built
    once per test session on first use. The sites are shared: tests only read them."""
    built: dict[str, tuple] = {}

    def get(case: str) -> tuple:
        if case not in built:
            built[case] = _built(CASES / case, tmp_path_factory.mktemp(f"{case}-site"))
        return built[case]

    return get


@pytest.fixture(scope="session")
def school_site_shared(case_sites):
    """(handbook, built site directory) of the second organization (tests/cases/training-school)."""
    return case_sites("training-school")


def errors(root: Path, code: str | None = None) -> list:
    """The errors `handbook check` finds in the project at `root` (data and content), optionally of one code."""
    from handbook.pipeline import load_handbook

    _, report = load_handbook(root)
    return [d for d in report.errors if code is None or d.code == code]
