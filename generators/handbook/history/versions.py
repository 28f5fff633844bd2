"""Versions of the handbook's data: a directory, or a git revision checked out to a temp dir."""

from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from contextlib import contextmanager
from pathlib import Path

TRACKED = ("data", "content")


class VersionError(Exception):
    """The version named by the editor cannot be found."""


def _git(root: Path, *args: str, binary: bool = False):
    done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, check=False)
    if done.returncode != 0:
        raise VersionError(done.stderr.decode("utf-8", "replace").strip() or "git 命令失败")
    return done.stdout if binary else done.stdout.decode("utf-8", "replace")


@contextmanager
def checkout(root: Path, version: str, directories: bool = True):
    """Yield a directory holding data/ and content/ as they were in `version`.

    `version`: a git revision of the project's own repository, or (only with
    `directories`, as `handbook changes` allows) a directory containing data/.
    Data files (a release's `revision:`) pass directories=False: a published page
    must never show another folder's records. Raises VersionError."""
    as_dir = Path(version)
    if not as_dir.is_absolute():
        as_dir = Path.cwd() / as_dir
    if directories and as_dir.is_dir() and (as_dir / "data").is_dir():
        yield as_dir
        return
    if not version or version.startswith("-"):  # never an option to git (--remote=… would reach another host)
        raise VersionError(f"“{version}”不是 git 版本（提交、标签或分支）")
    try:
        prefix = _git(root, "rev-parse", "--show-prefix").strip()
        _git(root, "rev-parse", "--verify", "--quiet", f"{version}^{{commit}}")
    except (VersionError, FileNotFoundError):
        raise VersionError(f"“{version}”既不是包含 data/ 的目录，也不是 git 版本（提交、标签或分支）") from None
    paths = [f"{prefix}{name}" for name in TRACKED]
    existing = [p for p in paths if _git(root, "ls-tree", "-d", "--name-only", version, p.rstrip("/")).strip()]
    with tempfile.TemporaryDirectory(prefix="handbook-version-") as tmp:
        if existing:
            archive = _git(root, "archive", "--format=tar", version, *existing, binary=True)
            with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
                tar.extractall(tmp, filter="data")
        yield Path(tmp) / prefix if prefix else Path(tmp)


def last_changed(root: Path) -> dict[str, str]:
    """Project-relative file path → date (YYYY-MM-DD) of the last commit touching it; {} without git."""
    try:
        log = _git(root, "log", "--format=%x00%cs", "--name-only", "--relative", "--", *TRACKED)
    except (VersionError, FileNotFoundError):
        return {}
    dates: dict[str, str] = {}
    date = ""
    for line in log.splitlines():
        if line.startswith("\x00"):
            date = line[1:]
        elif line and line not in dates:
            dates[line] = date
    return dates
