"""Reading one input file safely: inside the project, a regular file, and small enough.

The size comes from stat() before any byte is read, and the read itself is
bounded, so a 3 GB (or sparse, or growing) file costs no memory. A file or link
that resolves outside the project is refused: a handbook publishes only its own data.
"The project" is its folder plus wherever its data/ and content/ folders themselves
lead (a project may keep them elsewhere on purpose, as the Excel import's staging does);
a link further down that leads out is refused.
"""

from __future__ import annotations

import stat
from pathlib import Path

from .yaml_source import MAX_BYTES, YamlProblem


def project_bounds(root: Path) -> tuple[Path, ...]:
    """The resolved folders a project's input files may lie in: the project, its data/ and content/."""
    return tuple({(root / sub).resolve() for sub in ("", "data", "content")})


def inside(path: Path, root: Path) -> bool:
    """Whether `path`, with every link followed, lies inside the project `root` (see project_bounds)."""
    try:
        real = path.resolve()
        return any(real.is_relative_to(folder) for folder in project_bounds(root))
    except (OSError, RuntimeError):  # a link loop
        return False


def read_input(path: Path, root: Path, limit: int = MAX_BYTES) -> bytes:
    """The bytes of the input file `path` of the project `root`, at most `limit` bytes.

    Raises YamlProblem with code file.outside (resolves outside the project),
    file.unknown (not a regular file, e.g. a FIFO or device) or yaml.too-large.
    """
    if not inside(path, root):
        raise YamlProblem("file.outside", 0, "这个文件（或它所在的目录）是指向项目以外的链接，为安全起见不读取；"
                                             "请把文件本身复制到项目中")
    try:
        info = path.stat()
    except OSError as exc:
        raise YamlProblem("file.unknown", 0, f"无法读取：{exc.strerror}") from None
    if not stat.S_ISREG(info.st_mode):
        raise YamlProblem("file.unknown", 0, "不是普通文件（可能是设备或管道），不读取")
    if info.st_size > limit:
        raise _too_large(info.st_size, limit)
    with open(path, "rb") as handle:
        raw = handle.read(limit + 1)
    if len(raw) > limit:  # grew after stat()
        raise _too_large(len(raw), limit)
    return raw


def _too_large(size: int, limit: int) -> YamlProblem:
    return YamlProblem("yaml.too-large", 1, f"文件有 {size // 1024} KB，超过上限 {limit // 1024 // 1024} MB，请拆分成多个文件")
