"""Where a build publishes: one guarded rule for mkdocs.yml's site_dir and `--site-dir`.
No build ever moves or deletes a file the tool did not create."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from handbook.cli import main
from handbook.site.build import BuildFailed, build_site
from handbook.site.project import write_default_config
from handbook.site.publish import builds_dir

GENERATORS = str(Path(__file__).parent.parent / "generators")


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def set_site_dir(project: Path, site_dir: str) -> None:
    write_default_config(project)
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + f"site_dir: {site_dir}\n", encoding="utf-8")


def cli_build(project: Path, *extra: str):
    return CliRunner().invoke(main, ["build", "--root", str(project), *extra])


@pytest.fixture
def project(tmp_path, minimal):
    """The minimal project inside a parent folder that also holds someone's other files."""
    parent = tmp_path / "parent"
    parent.mkdir()
    target = parent / "handbook"
    minimal.rename(target)
    write_default_config(target)
    (parent / "notes.txt").write_text("别人的文件", encoding="utf-8")
    return target


def test_existing_folder_with_user_files_is_refused_by_mkdocs_yml(project):
    pub = project.parent / "pub"
    pub.mkdir()
    (pub / "report.docx").write_bytes(b"user file")
    (pub / "sub").mkdir()
    (pub / "sub/keep.txt").write_text("保留", encoding="utf-8")
    before = tree(pub)
    set_site_dir(project, "../pub")
    for _ in range(3):
        with pytest.raises(BuildFailed) as failure:
            build_site(project)
        assert "不是手册生成的网站" in str(failure.value) and "site_dir" in str(failure.value)
    assert tree(pub) == before and not pub.is_symlink()
    assert not builds_dir(pub).exists()


def test_site_dir_option_at_the_projects_parent_is_refused(project):
    parent = project.parent
    before = tree(parent)
    for _ in range(3):
        result = cli_build(project, "--site-dir", str(parent))
        assert result.exit_code != 0
        assert "包含项目目录" in result.output and "Traceback" not in result.output
    assert tree(parent) == before and parent.is_dir() and not parent.is_symlink()


def test_site_dir_option_at_the_project_itself_is_refused(project):
    result = cli_build(project, "--site-dir", str(project))
    assert result.exit_code != 0 and "包含项目目录" in result.output


@pytest.mark.parametrize("site_dir", ["data", "content", "data/site", "content/out"])
def test_output_in_or_at_sources_is_refused_by_both_routes(project, site_dir):
    sources = {name: tree(project / name) for name in ("data", "content")}
    set_site_dir(project, site_dir)
    with pytest.raises(BuildFailed) as failure:
        build_site(project)
    assert "site_dir" in str(failure.value)
    write_default_config(project)
    result = cli_build(project, "--site-dir", str(project / site_dir))
    assert result.exit_code != 0 and "--site-dir" in result.output
    for name in ("data", "content"):
        assert (project / name).is_dir() and not (project / name).is_symlink()
        assert tree(project / name) == sources[name]


def test_content_out_does_not_nest_sites(project, monkeypatch):
    monkeypatch.chdir(project)  # as an editor types it, in the project folder
    for _ in range(3):
        result = cli_build(project, "--site-dir", "content/out")
        assert result.exit_code != 0
    assert not (project / "content/out").exists()


def test_a_link_not_made_by_the_tool_is_refused(project, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "a.txt").write_text("x", encoding="utf-8")
    (project / "site").symlink_to(elsewhere)
    with pytest.raises(BuildFailed, match="不是本工具生成的"):
        build_site(project, project / "site")
    assert tree(elsewhere) == {"a.txt": b"x"}


def test_a_foreign_builds_folder_is_refused(project):
    foreign = builds_dir(project / "site")
    foreign.mkdir()
    (foreign / "mine").mkdir()
    (foreign / "mine/a.txt").write_text("x", encoding="utf-8")
    with pytest.raises(BuildFailed, match="不是本工具创建的"):
        build_site(project, project / "site")
    assert (foreign / "mine/a.txt").exists()


def test_builds_folder_cleaning_never_removes_other_entries(project):
    site = project / "site"
    build_site(project, site)
    stranger = builds_dir(site) / "my-backup"
    stranger.mkdir()
    (stranger / "a.txt").write_text("x", encoding="utf-8")
    for _ in range(3):
        build_site(project, site)
    assert (stranger / "a.txt").read_text(encoding="utf-8") == "x"


def test_old_plain_site_folder_is_switched_and_kept(project):
    site = project / "site"
    build_site(project, site)
    # the old layout: a plain folder holding a handbook build (and a file someone added)
    plain = project / "plain"
    os.system(f"cp -rL {site} {plain}")
    os.system(f"rm -rf {site} {builds_dir(site)}")
    plain.rename(site)
    (site / "added-by-hand.txt").write_text("x", encoding="utf-8")
    for _ in range(3):
        build_site(project, site)
    assert site.is_symlink() and (site / "index.html").is_file()
    legacy = [p for p in builds_dir(site).iterdir() if p.name.startswith("legacy-")]
    assert len(legacy) == 1 and (legacy[0] / "added-by-hand.txt").is_file(), "the old folder is kept, never deleted"


CRASH = """
import os, signal, sys
from pathlib import Path
from handbook.site import publish

limit = int(sys.argv[3])
calls = 0

def crashing(fn):
    def wrapper(*args, **kwargs):
        global calls
        result = fn(*args, **kwargs)
        calls += 1
        if calls >= limit:
            os.kill(os.getpid(), signal.SIGKILL)
        return result
    return wrapper

for name in ("rename", "replace", "symlink", "unlink", "mkdir"):
    setattr(os, name, crashing(getattr(os, name)))
publish._exchange = crashing(publish._exchange)
publish.publish(Path(sys.argv[1]), Path(sys.argv[2]))
print("done", calls)
"""


def test_kill_at_any_point_of_the_first_switch_leaves_a_site(tmp_path):
    """kill -9 after each file-system step of the switch from a plain folder: `site` is always there."""
    from handbook.site.publish import _exchange

    (tmp_path / "a").mkdir()
    (tmp_path / "b").symlink_to("a")
    if not _exchange(tmp_path / "a", tmp_path / "b"):
        pytest.skip("this file system cannot swap two paths atomically (renameat2 RENAME_EXCHANGE)")
    for step in range(1, 12):
        work = tmp_path / f"step{step}"
        site, built = work / "site", work / ".site-builds" / "20260101-000000-1-1"
        site.mkdir(parents=True)
        (site / "index.html").write_text("old", encoding="utf-8")
        built.mkdir(parents=True)
        (built / "index.html").write_text("new", encoding="utf-8")
        run = subprocess.run([sys.executable, "-c", CRASH, str(site), str(built), str(step)], capture_output=True,
                             text=True, env={**os.environ, "PYTHONPATH": GENERATORS})
        assert (site / "index.html").read_text(encoding="utf-8") in ("old", "new"), f"no site after step {step}"
        kept = [p for p in builds_dir(site).iterdir() if p.name.startswith("legacy-") and p.is_dir()]
        if (site / "index.html").read_text(encoding="utf-8") == "new":
            assert len(kept) == 1 and (kept[0] / "index.html").read_text(encoding="utf-8") == "old"
        if run.returncode == 0:
            assert "done" in run.stdout
            break
        assert run.returncode == -signal.SIGKILL
    else:
        pytest.fail("the switch never completed")


def test_an_empty_folder_made_for_the_site_is_accepted(project, tmp_path):
    www = tmp_path / "www"
    www.mkdir()
    result = cli_build(project, "--site-dir", str(www))
    assert result.exit_code == 0, result.output
    assert www.is_symlink() and (www / "index.html").is_file()
