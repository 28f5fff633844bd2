"""The one rule for where a build may publish: the same for mkdocs.yml's site_dir and `--site-dir`.

Publishing replaces the output path with a link and later removes old builds, so
a careless path could move or delete user files. The output path is accepted only if:

- it does not contain the project, its data/ or content/, and does not lie inside
  data/ or content/ (a build there would replace the sources or nest sites);
- it does not exist yet, or is an empty folder, or it is a link made by a previous
  build (pointing into its `.<name>-builds` folder), or a plain folder that is
  recognisably a handbook build (it holds the search manifest and index.html) — the old layout;
- its `.<name>-builds` folder, if present, was made by this tool.

Every refusal says, in Chinese, what to do instead.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..search import MANIFEST_PATH

BUILDS_MARKER = ".handbook-builds"
"""Written into each `.<name>-builds` folder the tool creates (older ones have only `.lock`)."""

ADVICE = "请在 mkdocs.yml 的 site_dir 或命令的 --site-dir 中改用一个专用的输出目录（例如项目下的 site），该目录应当不存在或是以前生成的网站。"


class UnsafeOutputDir(Exception):
    """The output path is refused; the message says why and what to do, in Chinese."""


def absolute(path: Path) -> Path:
    """`path` made absolute with its parent resolved, but not the last part (which may be our link)."""
    path = Path(os.path.abspath(path))
    return path.parent.resolve() / path.name


def _within(path: Path, folder: Path) -> bool:
    return path == folder or path.is_relative_to(folder)


def is_handbook_build(folder: Path) -> bool:
    """A plain folder that an earlier build wrote: its search manifest and home page are there."""
    return (folder / MANIFEST_PATH).is_file() and (folder / "index.html").is_file()


def check_output_dir(root: Path, site: Path) -> Path:
    """Apply the rule; returns the absolute output path.

    `root`: the handbook project (with data/ and content/); `site`: the requested output
    path, relative to the working directory or absolute. Raises UnsafeOutputDir.
    """
    target = absolute(site)
    project = Path(root).resolve()
    sources = {"项目目录": project}
    for name in ("data", "content"):
        sources[f"{name}/"] = (project / name).resolve()
    for label, folder in sources.items():
        if _within(folder, target):
            raise UnsafeOutputDir(f"输出目录 {target} 包含{label} {folder}，发布网站会移走或删除它。{ADVICE}")
    for label in ("data/", "content/"):
        if _within(target, sources[label]):
            raise UnsafeOutputDir(f"输出目录 {target} 在 {label} 里面，网站会被当作数据或章节再次读入。{ADVICE}")
    _check_existing(target)
    _check_builds_folder(target)
    return target


def _check_existing(target: Path) -> None:
    from .publish import builds_dir

    if target.is_symlink():
        pointed = Path(os.path.join(target.parent, os.readlink(target)))
        if not absolute(pointed).is_relative_to(absolute(builds_dir(target))):
            raise UnsafeOutputDir(f"输出位置 {target} 是指向 {os.readlink(target)} 的链接，不是本工具生成的。"
                                  f"请先确认并移走这个链接。{ADVICE}")
        return
    if not target.exists():
        return
    if not target.is_dir():
        raise UnsafeOutputDir(f"输出位置 {target} 已经是一个文件。{ADVICE}")
    if not is_handbook_build(target) and any(target.iterdir()):  # an empty folder holds nothing to lose
        raise UnsafeOutputDir(f"输出目录 {target} 已存在，但不是手册生成的网站（里面可能有你的文件），为安全起见不会使用它。{ADVICE}")


def _check_builds_folder(target: Path) -> None:
    from .publish import builds_dir

    folder = builds_dir(target)
    if folder.exists() and not ((folder / BUILDS_MARKER).exists() or (folder / ".lock").exists()):
        raise UnsafeOutputDir(f"目录 {folder} 已存在，但不是本工具创建的（生成时会在其中清理旧版本）。"
                              f"请把它移走或改名，或换一个输出目录。{ADVICE}")
