"""`handbook serve`: MkDocs' live-reload server, watching data/ as well as content/.

Problems the operator must fix before anything is served (no mkdocs.yml, a bad address, a busy port)
are raised as ServeError with one Chinese line; the CLI shows them (click lives only in cli.py)."""

from __future__ import annotations

import errno
import logging
import socket
from pathlib import Path
from typing import Callable

from mkdocs.commands.serve import serve

from .mkdocs_messages import ChineseLog
from .defaults import config_overrides
from .project import config_file


class ServeError(Exception):
    """The preview cannot start; the message is one Chinese line that says what to do."""


class _QuietDirty(logging.Filter):
    """Dirty builds are deliberate here (the plugin tracks what changed); MkDocs' warning about them is noise."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "'dirty' build" not in record.getMessage()


def split_address(dev_addr: str) -> tuple[str, int]:
    """'127.0.0.1:8000' → ('127.0.0.1', 8000); raises ServeError (Chinese) when it is not host:port."""
    host, _, port = dev_addr.rpartition(":")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise ServeError(f"监听地址“{dev_addr}”应当写成 主机:端口，例如 127.0.0.1:8000")
    return host.strip("[]"), int(port)


def port_problem(host: str, port: int) -> str | None:
    """None when `port` can be listened on, else one Chinese line that suggests a free port."""
    try:
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
            probe.bind((host, port))
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            return f"端口 {port} 已被占用（可能另一个预览还开着）。请换一个端口：handbook serve -a {host}:{free_port(host, port)}"
        return f"无法在 {host}:{port} 上监听（{exc.strerror or exc}）。请检查地址，或换一个端口"
    return None


def free_port(host: str, start: int) -> int:
    """The first port after `start` (up to 99 further) that can be bound on `host`; 0 when none."""
    for port in range(start + 1, min(start + 100, 65535)):
        try:
            with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
                probe.bind((host, port))
            return port
        except OSError:
            continue
    return 0


def serve_site(root: Path, dev_addr: str, say: Callable[[str], None] = print) -> None:
    """Serve the project at `root` on `dev_addr` ('host:port') until interrupted, rebuilding on every save.

    `say` prints the one line for the operator (the preview address). Raises ServeError when mkdocs.yml is
    missing, the address is not host:port, or the port is taken (with a free port to use instead)."""
    path = config_file(root)
    if not path.is_file():
        raise ServeError(f"找不到 {path}。请在手册项目目录下运行，或用 --root 指定项目目录")
    problem = port_problem(*split_address(dev_addr))
    if problem:
        raise ServeError(problem)
    logging.basicConfig(level=logging.INFO, format="%(levelname)-4s - %(message)s")
    for handler in logging.getLogger().handlers:
        handler.addFilter(ChineseLog())
    logging.getLogger("mkdocs.commands.build").addFilter(_QuietDirty())
    say(f"预览地址：http://{dev_addr}/  （按 Ctrl+C 停止）")
    # dirty builds: the plugin marks unchanged generated pages, so a save rewrites only what it affects
    try:
        serve(str(path), dev_addr=dev_addr, livereload=True, build_type="dirty", **config_overrides(path, root))
    except OSError as exc:  # the port was taken between the probe and the server start
        if exc.errno == errno.EADDRINUSE:
            raise ServeError(port_problem(*split_address(dev_addr)) or f"端口已被占用：{dev_addr}") from None
        raise
