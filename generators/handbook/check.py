"""The one `check` entry point: every problem in a project, collected in one pass that keeps going.

`handbook check`, the live preview, `handbook build` and `handbook import` all call `check_project`, so
they agree on what is an error. The data and chapters are checked by `pipeline.load_handbook` (its stages); the
settings in mkdocs.yml are read by MkDocs itself in `site/config_check` (the only place that needs MkDocs).
"""

from __future__ import annotations

from pathlib import Path

from .diagnostics import Report
from .pipeline import load_handbook
from .book import Handbook


def check_project(root: Path, cache: dict | None = None, *, site_config: bool = True) -> tuple[Handbook | None, Report]:
    """Check the project at `root` (a folder with data/, content/ and mkdocs.yml).

    Returns (handbook, report): the resolved Handbook, or None when the report holds any error; the report
    lists every error and warning found, each with file, line, field path and value. `cache` lets the live
    preview reuse parsed files. `site_config=False` skips mkdocs.yml, for callers that have just loaded it
    with MkDocs themselves (the plugin) or that never change it (the importer's staging copy).
    Raises nothing for bad input: unreadable files, YAML errors and broken references are diagnostics.
    """
    handbook, report = load_handbook(root, cache)
    if site_config:
        from .site.config_check import check_site_config

        check_site_config(root, report)
    return (None if report.errors else handbook), report
