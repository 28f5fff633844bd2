"""A handbook project on disk: its mkdocs.yml, and the minimal one new projects get."""

from __future__ import annotations

from pathlib import Path

DEFAULT_CONFIG = Path(__file__).resolve().parent / "mkdocs.default.yml"
"""The packaged site defaults; the handbook plugin applies them (site/defaults.py)."""

MINIMAL_CONFIG = """\
# 网站设置。默认设置（Material 主题、中文界面、不访问外网等）由 handbook 插件提供，
# 这里只写需要改动的项，例如：
#   theme:
#     name: material       # 改主题设置时必须写上这一行（MkDocs 要求）
#     palette:
#       primary: teal
site_name: {site_name}          # 网站标题以 data/handbook.yaml 的 title 为准
docs_dir: content
plugins:
  - handbook
"""


def config_file(root: Path) -> Path:
    return root / "mkdocs.yml"


def write_default_config(root: Path, site_name: str = "管理手册") -> Path:
    """Write a minimal mkdocs.yml (docs_dir and the plugin; defaults come from the package).

    Works from any folder and with a non-editable install: it names no file path.
    """
    path = config_file(root)
    path.write_text(MINIMAL_CONFIG.format(site_name=_yaml_text(site_name)), encoding="utf-8")
    return path


def _yaml_text(text: str) -> str:
    """A YAML scalar that stays plain text whatever the name contains."""
    import json

    return json.dumps(text, ensure_ascii=False)
