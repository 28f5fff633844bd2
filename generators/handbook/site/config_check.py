"""`handbook check` reads mkdocs.yml the way the build will, so a settings error stops check, not the build (issue 13)."""

from __future__ import annotations

import re
from pathlib import Path

from .mkdocs_messages import collected_warnings, translate
from .project import config_file

CONFIG_VALUE = re.compile(r"^Config value '([^']+)'")



def check_site_config(root: Path, report) -> None:
    """Load `root`/mkdocs.yml with MkDocs (plugins included, as the build does) and report each error it finds.

    Errors go to `report` as code site.config at mkdocs.yml and the line of the setting named, in Chinese
    (mkdocs_messages.translate). A project without mkdocs.yml is not checked: the build says it is missing.
    """
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    from .defaults import config_overrides

    path = config_file(root)
    if not path.is_file():
        return
    with collected_warnings() as warnings:
        try:
            load_config(str(path), **config_overrides(path, root))
        except (MkDocsException, SystemExit, Exception) as exc:  # noqa: BLE001 — any failure here would stop the build
            problems = [line for line in warnings if CONFIG_VALUE.match(line)] or [str(exc).strip() or type(exc).__name__]
        else:
            return
    text = _text(path)
    for line in problems:
        match = CONFIG_VALUE.match(line)
        report.error("mkdocs.yml", _line_of(text, match.group(1)) if match else 0, "site.config",
                     translate(line), value=match.group(1) if match else None)


def _text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def _line_of(text: str, key: str) -> int:
    top = re.compile(rf"^{re.escape(key.split('.')[0])}\s*:", re.M)
    match = top.search(text)
    return text[: match.start()].count("\n") + 1 if match else 0
