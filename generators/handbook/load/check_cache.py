"""`handbook check` with nothing changed answers from a cache instead of re-reading everything.

The cache key is the list of every input file with its size and modification
time, plus the generator's own source files, so any edit (or an upgrade of the
tool) invalidates it. Stored under .handbook-cache/ in the project, never in
data/ or content/.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

CACHE_DIR = ".handbook-cache"
MAX_CACHE_BYTES = 64 * 1024 * 1024
PACKAGE = Path(__file__).resolve().parent.parent


def _scan(directory: Path, digest) -> None:
    for dirpath, dirnames, filenames in os.walk(directory):
        dirnames.sort()
        for name in sorted(filenames):
            path = os.path.join(dirpath, name)
            try:
                stat = os.stat(path)
            except OSError:  # a dangling link or a link loop: the check itself reports it
                digest.update(f"{path}\0missing\n".encode())
                continue
            digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())


def fingerprint(root: Path) -> str:
    digest = hashlib.sha1()
    for folder in (root / "data", root / "content"):
        _scan(folder, digest)
    try:  # check also validates mkdocs.yml (site/config_check.py)
        stat = os.stat(root / "mkdocs.yml")
        digest.update(f"mkdocs.yml\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    except OSError:
        digest.update(b"mkdocs.yml\0missing\n")
    for path in sorted(PACKAGE.rglob("*.py")):
        stat = path.stat()
        digest.update(f"{path}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def _path(root: Path) -> Path:
    return root / CACHE_DIR / "check.json"


def load(root: Path, key: str) -> dict | None:
    try:
        if _path(root).stat().st_size > MAX_CACHE_BYTES:  # size before reading, like every input
            return None
        cached = json.loads(_path(root).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return cached if cached.get("key") == key else None


def save(root: Path, key: str, result: dict) -> None:
    """Best effort: a read-only project simply runs without the cache."""
    try:
        path = _path(root)
        path.parent.mkdir(exist_ok=True)
        (path.parent / ".gitignore").write_text("*\n", encoding="utf-8")
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps({"key": key, **result}, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        pass
