"""Helpers to build a handbook project into a temporary site and serve it on 127.0.0.1."""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from contextlib import contextmanager
from pathlib import Path

from handbook.site.build import build_site
from handbook.site.project import write_default_config


def build_project(project: Path, site: Path):
    """Build `project` (adding a default mkdocs.yml if it has none) into `site`."""
    if not (project / "mkdocs.yml").exists():
        write_default_config(project)
    return build_site(project, site)


def copy_project(source: Path, target: Path) -> Path:
    shutil.copytree(source / "data", target / "data")
    if (source / "content").is_dir():
        shutil.copytree(source / "content", target / "content")
    write_default_config(target)
    return target


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextmanager
def serve_dir(directory: Path):
    """Serve a directory on 127.0.0.1 at a free port; yields the base URL."""
    handler = functools.partial(_Quiet, directory=str(directory.resolve()))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
