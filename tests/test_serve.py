"""`handbook serve` reacts to edits, and survives a broken edit with the last good site and a banner."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from handbook.site.project import write_default_config


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def wait_for(url: str, predicate, timeout: float = 60) -> str:
    deadline = time.monotonic() + timeout
    page = ""
    while time.monotonic() < deadline:
        page = fetch(url)
        if predicate(page):
            return page
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {url}; last page had {len(page)} chars")


@pytest.fixture
def server(minimal):
    write_default_config(minimal)
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent / "generators")}
    proc = subprocess.Popen([sys.executable, "-m", "handbook.cli", "serve", "--root", str(minimal), "-a", f"127.0.0.1:{port}"],
                            cwd=minimal, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        yield minimal, f"http://127.0.0.1:{port}/", proc
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def test_serve_reacts_to_edits_and_broken_edits(server):
    project, base, proc = server
    url = base + "positions/sales-manager/"
    wait_for(url, lambda page: "带领销售团队完成任务" in page)
    pos = project / "data/positions/sales-manager.yaml"
    good = pos.read_text(encoding="utf-8")

    pos.write_text(good.replace("带领销售团队完成任务", "带领团队开拓华东市场"), encoding="utf-8")
    wait_for(url, lambda page: "带领团队开拓华东市场" in page)

    pos.write_text(good.replace("带领销售团队完成任务", "带领团队开拓华东市场").replace("weight: 40", "weight: 45"), encoding="utf-8")
    page = wait_for(url, lambda page: "hb-build-errors" in page)
    assert "kpi.weights" in page and "data/positions/sales-manager.yaml" in page
    assert "带领团队开拓华东市场" in page, "the last good content stays visible"
    assert proc.poll() is None, "the server must survive a broken edit"

    pos.write_text(good.replace("带领销售团队完成任务", "修好以后的目的"), encoding="utf-8")
    page = wait_for(url, lambda page: "修好以后的目的" in page)
    assert "hb-build-errors" not in page
    proc.terminate()
    output = proc.communicate(timeout=20)[0].decode("utf-8", "replace")
    assert "Traceback" not in output
    assert "kpi.weights" in output, "errors are printed in the terminal too"
