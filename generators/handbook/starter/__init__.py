"""`handbook init`: a new handbook project from the packaged starter (or the full sample).

The starter lives in this package (starter/data, starter/content) so it works with a
non-editable install; starter/sample links to the repository's own data/ and content/,
which the wheel carries as package data.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..site.project import config_file, write_default_config

HERE = Path(__file__).resolve().parent
STARTER, SAMPLE = HERE, HERE / "sample"
PLACEHOLDERS = ("__TITLE__", "__ORG__")


class InitError(Exception):
    """The project cannot be created here; the message is in Chinese and says why."""


def _yaml_text(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _copy_tree(src: Path, dest: Path, replace: dict[str, str]) -> list[Path]:
    written = []
    for path in sorted(src.rglob("*")):
        if not path.is_file() or "__pycache__" in path.parts or path.suffix == ".py":
            continue
        target = dest / path.relative_to(src)
        target.parent.mkdir(parents=True, exist_ok=True)
        text = path.read_text(encoding="utf-8")
        for old, new in replace.items():
            text = text.replace(old, new)
        target.write_text(text, encoding="utf-8")
        written.append(target)
    return written


def create_project(dest: Path, name: str | None = None, org: str | None = None, sample: bool = False) -> list[Path]:
    """Create a buildable handbook in `dest` (created if missing; must not hold data/, content/ or mkdocs.yml).

    name: the handbook title (default “<org>管理手册”); org: the organization's name (default 我的公司).
    With sample=True the full sample handbook is copied instead (name/org then replace its title/organization).
    Returns the files written. Raises InitError when dest already holds a project or is a file.
    """
    dest = Path(dest)
    if dest.exists() and not dest.is_dir():
        raise InitError(f"{dest} 是一个文件，请指定一个目录")
    clashes = [p for p in ("data", "content", "mkdocs.yml") if (dest / p).exists()]
    if clashes:
        raise InitError(f"{dest} 中已经有 {'、'.join(clashes)}，不会覆盖。请换一个目录，或先移走这些文件")
    dest.mkdir(parents=True, exist_ok=True)
    if sample:
        source = SAMPLE
        if not (source / "data" / "handbook.yaml").is_file():
            raise InitError("安装包中没有示例手册（starter/sample），请重新安装 handbook")
        written = _copy_tree(source / "data", dest / "data", {})
        written += _copy_tree(source / "content", dest / "content", {})
        if name or org:
            _set_meta(dest / "data" / "handbook.yaml", name, org)
        written.append(write_default_config(dest, name or _title_of(dest)))
        return written + _gitignore(dest)
    org = org or "我的公司"
    title = name or f"{org}管理手册"
    replace = {"__TITLE__": _yaml_text(title), "__ORG__": _yaml_text(org)}
    written = _copy_tree(STARTER / "data", dest / "data", replace)
    written += _copy_tree(STARTER / "content", dest / "content", {})
    written.append(write_default_config(dest, title))
    return written + _gitignore(dest)


GITIGNORE = """# handbook 生成的文件，不必放进版本库
/site
/.site-builds/
/.site.link-*
/exports/
.handbook-cache/
"""
"""What `handbook build`, `export` and `schema` write into a project: kept out of the editors' git history."""


def _gitignore(dest: Path) -> list[Path]:
    """Write dest/.gitignore unless the folder already has one (an existing file is never changed)."""
    path = dest / ".gitignore"
    if path.exists():
        return []
    path.write_text(GITIGNORE, encoding="utf-8")
    return [path]


def _title_of(root: Path) -> str:
    import yaml

    meta = yaml.safe_load((root / "data" / "handbook.yaml").read_text(encoding="utf-8"))
    return str(meta.get("title") or "管理手册")


def _set_meta(path: Path, name: str | None, org: str | None) -> None:
    """Rewrite the title/organization lines of a copied handbook.yaml, keeping everything else."""
    lines = path.read_text(encoding="utf-8").split("\n")
    for i, line in enumerate(lines):
        if name and line.startswith("title:"):
            lines[i] = f"title: {_yaml_text(name)}"
        if org and line.startswith("organization:"):
            lines[i] = f"organization: {_yaml_text(org)}"
    path.write_text("\n".join(lines), encoding="utf-8")


def ensure_buildable(root: Path) -> list[Path]:
    """After an import: give `root` what a build needs besides data/ (content/ and a minimal mkdocs.yml).

    Never overwrites: returns only what it created (an empty list when the project was complete).
    The site name comes from data/handbook.yaml's title when it can be read.
    """
    import yaml

    created = []
    if not (root / "content").exists():
        (root / "content").mkdir(parents=True)
        created.append(root / "content")
    if not config_file(root).exists():
        title = "管理手册"
        try:
            meta = yaml.safe_load((root / "data" / "handbook.yaml").read_text(encoding="utf-8"))
            title = str(meta.get("title") or title)
        except (OSError, yaml.YAMLError, AttributeError):
            pass
        created.append(write_default_config(root, title))
    return created
