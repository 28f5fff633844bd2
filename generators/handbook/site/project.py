"""A handbook project on disk: its mkdocs.yml, and the default one for new projects."""

from __future__ import annotations

from pathlib import Path

DEFAULT_CONFIG = Path(__file__).resolve().parent / "mkdocs.default.yml"


def config_file(root: Path) -> Path:
    return root / "mkdocs.yml"


def write_default_config(root: Path) -> Path:
    """A mkdocs.yml that inherits the packaged defaults, for `handbook demo` projects."""
    path = config_file(root)
    path.write_text(f"INHERIT: {DEFAULT_CONFIG}\n", encoding="utf-8")
    return path
