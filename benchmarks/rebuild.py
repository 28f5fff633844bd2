"""Rebuild benchmark: how fast an edit shows up, and how fast a no-change check is.

Not part of the test suite. Run:  python benchmarks/rebuild.py [--positions 2000] [--edits 3]

For the sample handbook and for a synthetic organization of N positions:
  - `handbook check` with nothing changed (second run, cache warm);
  - `handbook serve`: time from saving a one-field edit of a position to the
    served page showing it (polling the page every 50 ms), over several edits.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "generators"))
ENV = {**os.environ, "PYTHONPATH": str(ROOT / "generators")}

from handbook.site.project import write_default_config  # noqa: E402
from handbook.synthetic import generate  # noqa: E402


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def wait_for(url: str, text: str, timeout: float = 600) -> float:
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if text in fetch(url):
            return time.perf_counter() - started
        time.sleep(0.05)
    raise SystemExit(f"timed out waiting for {text!r} at {url}")


def check_seconds(project: Path) -> float:
    cmd = [sys.executable, "-m", "handbook.cli", "check", "--root", str(project)]
    subprocess.run(cmd, env=ENV, capture_output=True)  # fills the cache
    started = time.perf_counter()
    subprocess.run(cmd, env=ENV, capture_output=True)
    return time.perf_counter() - started


def serve_edits(project: Path, position: str, edits: int) -> tuple[float, list[float]]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{port}/positions/{position}/"
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "handbook.cli", "serve", "--root", str(project), "-a", f"127.0.0.1:{port}"],
                            env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        path = project / "data/positions" / f"{position}.yaml"
        original = path.read_text(encoding="utf-8")
        first_line = next(line for line in original.splitlines() if line.startswith("purpose:"))
        wait_for(url, "</html>")
        first = time.perf_counter() - started
        times = []
        for i in range(edits):
            marker = f"基准测试修改第{i + 1}次"
            path.write_text(original.replace(first_line, f"purpose: {marker}"), encoding="utf-8")
            times.append(wait_for(url, marker))
            time.sleep(1.5)  # let the server settle between edits
        return first, times
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def measure(label: str, project: Path, position: str, edits: int) -> dict:
    check = check_seconds(project)
    first, times = serve_edits(project, position, edits)
    return {"project": label, "check_unchanged_s": round(check, 2), "serve_first_build_s": round(first, 1),
            "edit_visible_s": [round(t, 2) for t in times], "edit_visible_median_s": round(statistics.median(times), 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--positions", type=int, default=2000)
    parser.add_argument("--edits", type=int, default=3)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="handbook-rebuild-"))
    try:
        sample = work / "sample"
        shutil.copytree(ROOT / "data", sample / "data")
        shutil.copytree(ROOT / "content", sample / "content")
        write_default_config(sample)
        results = [measure("sample", sample, "business-assistant", args.edits)]
        big = work / f"org-{args.positions}"
        generate(big, args.positions, 1)
        write_default_config(big)
        position = sorted(p.stem for p in (big / "data/positions").glob("*.yaml"))[len(list((big / "data/positions").glob("*.yaml"))) // 2]
        results.append(measure(f"synthetic {args.positions}", big, position, args.edits))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    for r in results:
        print(f"{r['project']:>16}: check (nothing changed) {r['check_unchanged_s']} s; serve first build "
              f"{r['serve_first_build_s']} s; edit visible after {r['edit_visible_s']} s (median {r['edit_visible_median_s']} s)")


if __name__ == "__main__":
    main()
