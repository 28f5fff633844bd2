"""Atomic publishing: build into a fresh directory, then switch `site` to it in one step.

`site` is a symlink to .site-builds/<build>. Switching is os.replace() of a
symlink, which is atomic on POSIX: readers and a web server see either the old
complete site or the new one, never a half-written mix. A failed or killed
build leaves only an orphan directory, cleaned up by the next build.

The first switch from an old plain `site/` folder swaps the folder and a
prepared link in one step (Linux renameat2 RENAME_EXCHANGE), so `site` never
goes missing; the old folder is kept as `legacy-*` and never removed, since
the tool cannot know it created everything in it. Only directories named like
the tool's own builds are ever cleaned up. Where to publish is checked first
by output_dir.check_output_dir.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import os
import re
import shutil
import time
from contextlib import contextmanager
from pathlib import Path

KEEP_PREVIOUS = 1
BUILD_NAME = re.compile(r"\d{8}-\d{6}-\d+-\d+")
"""How the tool names a build directory (see new_build_dir); nothing else is ever removed."""


def builds_dir(site: Path) -> Path:
    return site.parent / f".{site.name}-builds"


def _ensure_builds_dir(site: Path) -> Path:
    from .output_dir import BUILDS_MARKER

    base = builds_dir(site)
    base.mkdir(parents=True, exist_ok=True)
    (base / BUILDS_MARKER).touch()
    return base


def new_build_dir(site: Path) -> Path:
    base = _ensure_builds_dir(site)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    path = base / f"{stamp}-{os.getpid()}-{time.monotonic_ns() % 1_000_000}"
    path.mkdir()
    return path


@contextmanager
def publish_lock(site: Path):
    """Serialise the switch (and the clean-up) between builds started at the same time."""
    base = _ensure_builds_dir(site)
    with open(base / ".lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def publish(site: Path, built: Path) -> None:
    with publish_lock(site):
        if site.exists() and not site.is_symlink():
            _first_switch(site, built)
        else:
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


def _first_switch(site: Path, built: Path) -> None:
    """Replace an old plain `site/` folder by the link to `built` without a moment with no `site`.

    The link is made under a temporary name inside the builds folder, then swapped with the
    folder in one step; the folder stays there as legacy-<time> (never removed by the tool)."""
    legacy = builds_dir(site) / f"legacy-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}"
    legacy.symlink_to(os.path.relpath(built, site.parent))  # a link text relative to `site`'s folder
    if _exchange(legacy, site):
        return
    # no RENAME_EXCHANGE (not Linux, or an old kernel/file system): two renames; a crash in
    # between leaves the old folder safe under legacy-* and the next build puts the link back
    legacy.unlink()
    temp = site.parent / f".{site.name}.link-{os.getpid()}"
    if temp.is_symlink() or temp.exists():
        temp.unlink()
    temp.symlink_to(os.path.relpath(built, site.parent))
    site.rename(legacy)
    os.replace(temp, site)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths (Linux renameat2). False where the system cannot do it."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(err, os.strerror(err), str(b))


def _clean(site: Path, keep: set[Path]) -> None:
    """Remove old builds and orphans of killed builds, keeping the newest previous one.
    Only directories named like the tool's builds (BUILD_NAME) are candidates."""
    current = site.resolve()
    older = sorted((p for p in builds_dir(site).iterdir()
                    if BUILD_NAME.fullmatch(p.name) and p.is_dir() and not p.is_symlink() and p.resolve() != current),
                   reverse=True)
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
