"""`handbook serve`: MkDocs' live-reload server, watching data/ as well as content/."""

from __future__ import annotations

import logging
from pathlib import Path

import click
from mkdocs.commands.serve import serve

from .project import config_file


class _QuietDirty(logging.Filter):
    """Dirty builds are deliberate here (the plugin tracks what changed); MkDocs' warning about them is noise."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "'dirty' build" not in record.getMessage()


def serve_site(root: Path, dev_addr: str) -> None:
    path = config_file(root)
    if not path.is_file():
        raise click.ClickException(f"找不到 {path}。请在手册项目目录下运行，或用 --root 指定项目目录")
    logging.basicConfig(level=logging.INFO, format="%(levelname)-7s - %(message)s")
    logging.getLogger("mkdocs.commands.build").addFilter(_QuietDirty())
    click.echo(f"预览地址：http://{dev_addr}/  （按 Ctrl+C 停止）")
    # dirty builds: the plugin marks unchanged generated pages, so a save rewrites only what it affects
    serve(str(path), dev_addr=dev_addr, livereload=True, build_type="dirty")
