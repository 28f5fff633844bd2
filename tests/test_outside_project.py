"""Nothing from outside the project reaches the site: a release's `revision:` is read only from the
project's own git history (never a folder, never a git option)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import CASES
from handbook.history.releases import release_notes
from handbook.pipeline import load_handbook


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
                   check=True, capture_output=True)


def set_releases(root: Path, releases: list[dict]) -> None:
    path = root / "data/handbook.yaml"
    meta = yaml.safe_load(path.read_text(encoding="utf-8"))
    meta["releases"] = releases
    path.write_text(yaml.safe_dump(meta, allow_unicode=True), encoding="utf-8")


def test_release_revisions_come_only_from_this_projects_git(minimal, tmp_path):
    git(minimal, "init", "-q")
    git(minimal, "add", "-A")
    git(minimal, "commit", "-qm", "v1")
    git(minimal, "tag", "v1")
    pos = minimal / "data/positions/sales-manager.yaml"
    pos.write_text(pos.read_text(encoding="utf-8").replace("name: 销售经理", "name: 区域销售经理"), encoding="utf-8")
    git(minimal, "commit", "-qam", "v2")
    git(minimal, "tag", "v2")
    other = tmp_path / "other-company"
    shutil.copytree(CASES / "minimal", other)
    secret = other / "data/positions/gm.yaml"
    secret.write_text(secret.read_text(encoding="utf-8").replace("name: 总经理", "name: 别家公司的机密岗位"), encoding="utf-8")

    set_releases(minimal, [
        {"version": "1.0", "date": "2026-01-01", "revision": "v1"},
        {"version": "2.0", "date": "2026-02-01", "revision": "v2"},
        {"version": "3.0", "date": "2026-03-01", "revision": str(other)},
    ])
    hb, report = load_handbook(minimal)
    assert hb is not None, [d.format() for d in report.errors]
    notes = release_notes(minimal, hb)
    assert any("区域销售经理" in line for line in notes["2.0"]), notes["2.0"]  # the project's own history works
    assert not any("别家公司" in line for line in notes["3.0"]), "another folder's records were published"
    assert any("无法读取版本" in line for line in notes["3.0"])

    # never an option to git, even where validation has not run (`--remote=` would reach another host)
    from handbook.history.versions import VersionError, checkout

    with pytest.raises(VersionError):
        with checkout(minimal, "--remote=http://example.com/x", directories=False):
            pass
