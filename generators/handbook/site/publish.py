"""Atomic publishing: build into a fresh directory, then switch `site` to it in one step.

`site` is a symlink to .site-builds/<build>. Switching is os.replace() of a
symlink, which is atomic on POSIX: readers and a web server see either the old
complete site or the new one, never a half-written mix. A failed or killed
build leaves only an orphan directory, cleaned up by the next build.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import time
from contextlib import contextmanager
from pathlib import Path

KEEP_PREVIOUS = 1


def builds_dir(site: Path) -> Path:
    return site.parent / f".{site.name}-builds"


def new_build_dir(site: Path) -> Path:
    base = builds_dir(site)
    base.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    path = base / f"{stamp}-{os.getpid()}-{time.monotonic_ns() % 1_000_000}"
    path.mkdir()
    return path


@contextmanager
def publish_lock(site: Path):
    """Serialise the switch (and the clean-up) between builds started at the same time."""
    base = builds_dir(site)
    base.mkdir(parents=True, exist_ok=True)
    with open(base / ".lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def publish(site: Path, built: Path) -> None:
    with publish_lock(site):
        if site.exists() and not site.is_symlink():
            # an old plain directory: keep it as a build so the switch stays one rename
            legacy = new_build_dir(site)
            legacy.rmdir()
            site.rename(legacy)
            _point(site, legacy)
        _point(site, built)
        _clean(site, keep={built})


def discard(built: Path) -> None:
    shutil.rmtree(built, ignore_errors=True)


def _point(site: Path, target: Path) -> None:
    temp = site.parent / f".{site.name}.link-{os.getpid()}"
    if temp.is_symlink() or temp.exists():
        temp.unlink()
    temp.symlink_to(os.path.relpath(target, site.parent))
    os.replace(temp, site)


def _clean(site: Path, keep: set[Path]) -> None:
    """Remove old builds and orphans of killed builds, keeping the newest previous one."""
    current = site.resolve()
    older = sorted((p for p in builds_dir(site).iterdir() if p.is_dir() and p.resolve() != current), reverse=True)
    for path in older[KEEP_PREVIOUS:]:
        if path not in keep and _is_stale(path):
            shutil.rmtree(path, ignore_errors=True)


def _is_stale(path: Path, seconds: float = 3600) -> bool:
    """A build directory still being written by a concurrent build is young; leave it alone."""
    try:
        return time.time() - path.stat().st_mtime > seconds or not _pid_alive(int(path.name.split("-")[2]))
    except (ValueError, IndexError, OSError):
        return True


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
