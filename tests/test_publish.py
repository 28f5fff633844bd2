"""Atomic publishing: a failed, killed or concurrent build never damages the published site."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from handbook.site.build import BuildFailed, build_site
from handbook.site.linkcheck import check_site
from handbook.site.project import write_default_config
from handbook.site.publish import builds_dir


def snapshot(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): hashlib.sha1(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.fixture
def published(minimal):
    write_default_config(minimal)
    site = minimal / "site"
    build_site(minimal, site)
    return minimal, site, snapshot(site)


def test_failed_build_leaves_site_unchanged(published):
    project, site, before = published
    pos = project / "data/positions/sales-manager.yaml"
    pos.write_text(pos.read_text(encoding="utf-8").replace("weight: 40", "weight: 10"), encoding="utf-8")
    with pytest.raises(BuildFailed) as failure:
        build_site(project, site)
    assert "kpi.weights" in str(failure.value)
    assert snapshot(site) == before
    leftovers = [p for p in builds_dir(site).iterdir() if p.is_dir() and p.resolve() != site.resolve()]
    assert leftovers == [], "the failed build's directory should be removed"


def test_broken_link_in_chapter_fails_the_build(published):
    project, site, before = published
    chapter = project / "content/rules.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\n见[旧制度](old-rules.md)。\n", encoding="utf-8")
    with pytest.raises(BuildFailed):
        build_site(project, site)
    assert snapshot(site) == before


def test_killed_build_leaves_site_complete(published):
    project, site, before = published
    pos = project / "data/positions/sales-manager.yaml"
    pos.write_text(pos.read_text(encoding="utf-8").replace("带领销售团队完成任务", "新的岗位目的"), encoding="utf-8")
    started = time.monotonic()
    proc = subprocess.Popen([sys.executable, "-m", "handbook.cli", "build", "--root", str(project)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=project,
                            env={**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent / "generators")})
    # wait until the new build directory exists and has started to fill, then kill -9
    while time.monotonic() - started < 60:
        fresh = [p for p in builds_dir(site).iterdir() if p.is_dir() and p.resolve() != site.resolve()]
        if fresh and any(fresh[0].iterdir()):
            break
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert fresh, "the build never started writing"
    assert snapshot(site) == before, "the killed build must not have been published"
    assert check_site(site) == []
    # the next build cleans up and publishes normally
    build_site(project, site)
    assert "新的岗位目的" in (site / "positions/sales-manager/index.html").read_text(encoding="utf-8")


def test_concurrent_builds_do_not_corrupt(published):
    project, site, _ = published
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent / "generators")}
    procs = [subprocess.Popen([sys.executable, "-m", "handbook.cli", "build", "--root", str(project)], cwd=project,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env) for _ in range(2)]
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err.decode()
    assert site.is_symlink() and (site / "index.html").exists()
    assert check_site(site) == []
    assert (site / "positions/sales-manager/index.html").exists()


def test_broken_html_link_in_chapter_fails_the_build(published):
    """MkDocs checks Markdown links; raw HTML links are caught by the build's own link check."""
    project, site, before = published
    chapter = project / "content/rules.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + '\n<p><a href="../positions/nobody/">旧岗位</a></p>\n',
                       encoding="utf-8")
    with pytest.raises(BuildFailed) as failure:
        build_site(project, site)
    assert "positions/nobody" in str(failure.value)
    assert snapshot(site) == before


def test_write_failure_leaves_site_unchanged(published):
    """A full disk, simulated with a file size limit: the build fails cleanly and the old site stays."""
    project, site, before = published
    pos = project / "data/positions/sales-manager.yaml"
    pos.write_text(pos.read_text(encoding="utf-8").replace("带领销售团队完成任务", "磁盘满时的修改"), encoding="utf-8")
    limit = ("import resource, signal, sys; signal.signal(signal.SIGXFSZ, signal.SIG_IGN); "
             "resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, 20_000)); "
             "from handbook.cli import main; sys.argv = ['handbook', 'build', '--root', sys.argv[1]]; main()")
    done = subprocess.run([sys.executable, "-c", limit, str(project)], capture_output=True, text=True, cwd=project,
                          env={**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent / "generators")})
    assert done.returncode != 0
    assert "写入失败" in done.stderr and "Traceback" not in done.stderr
    assert snapshot(site) == before
    leftovers = [p for p in builds_dir(site).iterdir() if p.is_dir() and p.resolve() != site.resolve()]
    assert leftovers == []
