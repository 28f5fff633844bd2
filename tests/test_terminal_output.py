"""Control characters from data never reach the terminal: every command's output shows them visibly."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from handbook.site.project import write_default_config

GENERATORS = str(Path(__file__).parent.parent / "generators")
ESCAPES = r'"gm\e]0;PWNED\a\e[2J\x9b31m\r伪造的行"'
"""Retitle the window, clear the screen, an 8-bit CSI, a carriage return that overwrites the line."""


def run(*args: str, cwd: Path) -> str:
    done = subprocess.run([sys.executable, "-m", "handbook.cli", *args], capture_output=True, cwd=cwd, timeout=300,
                          env={**os.environ, "PYTHONPATH": GENERATORS})
    return (done.stdout + done.stderr).decode("utf-8")


def test_check_and_build_show_control_characters_visibly(minimal):
    write_default_config(minimal)
    pos = minimal / "data/positions/sales-manager.yaml"
    pos.write_text(pos.read_text(encoding="utf-8").replace("reports_to: gm", f"reports_to: {ESCAPES}"), encoding="utf-8")
    for args in (["check", "--root", "."], ["check", "--root", ".", "--format", "json"], ["build", "--root", "."]):
        out = run(*args, cwd=minimal)
        assert "reports_to" in out, out
        assert not any(c in out for c in "\x1b\x07\x9b\r"), f"{args}: a control character reached the terminal"
    out = run_in_terminal("check", "--root", ".", cwd=minimal)
    assert "\x1b]0" not in out and "\x1b[2J" not in out and "\x07" not in out


def test_control_characters_in_file_names_are_shown_visibly(minimal):
    """Diagnostics quote file names as they are; the command's output layer makes their controls visible."""
    (minimal / "data/positions/a\x1b]0;PWNED\x07\x1b[2Jb.yaml").write_text("id: x\n", encoding="utf-8")
    out = run_in_terminal("check", "--root", ".", cwd=minimal)
    assert "a␛]0;PWNED␇␛[2Jb.yaml" in out
    assert "\x1b" not in out and "\x07" not in out


def run_in_terminal(*args: str, cwd: Path) -> str:
    """Run with a real pseudo-terminal as stdout/stderr (click strips some sequences only when not a terminal)."""
    import pty

    master, slave = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "handbook.cli", *args], stdout=slave, stderr=slave, cwd=cwd,
                            env={**os.environ, "PYTHONPATH": GENERATORS})
    os.close(slave)
    chunks = []
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    proc.wait(timeout=300)
    os.close(master)
    return b"".join(chunks).decode("utf-8", "replace").replace("\r\n", "\n")
