"""What the revision page (修订记录) and the record pages need from history."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from ..book import Handbook
from .diff import compare
from .versions import VersionError, checkout, last_changed


def record_dates(root: Path, hb: Handbook) -> dict[str, str]:
    """Record id → date its file last changed in git."""
    dates = last_changed(root)
    return {rid: dates[file] for rid, (file, _) in hb.sources.items() if file in dates}


def release_notes(root: Path, hb: Handbook) -> dict[str, list[str]]:
    """Release version → its change list: hand-written lines, then the computed diff from the previous release."""
    notes: dict[str, list[str]] = {}
    previous = None
    for release in hb.meta.releases:
        lines = list(release.changes)
        if release.revision and previous and previous.revision:
            lines += _diff_lines(str(root), previous.revision, release.revision)
        notes[release.version] = lines
        previous = release
    return notes


@lru_cache(maxsize=64)
def _diff_lines(root: str, old: str, new: str) -> list[str]:
    """Cached per revision pair: revisions do not change, so a rebuild never recomputes them."""
    from ..pipeline import load_handbook

    try:
        # revisions come only from this project's own git history, never from a folder
        with checkout(Path(root), old, directories=False) as a, checkout(Path(root), new, directories=False) as b:
            before, _ = load_handbook(a)
            after, _ = load_handbook(b)
    except VersionError as exc:
        return [f"（无法读取版本：{exc}）"]
    if before is None or after is None:
        return ["（该版本的数据有错误，无法自动列出变化）"]
    return [change.sentence() for change in compare(before, after)]
