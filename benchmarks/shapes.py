"""Time and peak memory of a full `handbook build` for the shapes that once cost the square:

- a unit tree N levels deep (breadcrumbs, ancestors, the print edition);
- a process of N steps with back edges (swimlane edge routing);
- a wide organisation of N positions (`handbook demo`).

Each build runs in its own process; peak memory is that process's VmHWM.

    .venv/bin/python benchmarks/shapes.py                      # 2,000 levels, 5,000 steps, 10,000 positions
    .venv/bin/python benchmarks/shapes.py --depth 200 400 --steps 500 --positions 0
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
GENERATORS = ROOT / "generators"
sys.path.insert(0, str(GENERATORS))

RUN = """
import sys, time
from pathlib import Path
from handbook.cli import main
started = time.perf_counter()
try:
    main(["build", "--root", sys.argv[1], "--site-dir", sys.argv[2]], standalone_mode=False)
finally:
    peak = next(l.split()[1] for l in open("/proc/self/status") if l.startswith("VmHWM"))
    print(f"@@ {time.perf_counter() - started:.1f} {int(peak) // 1024}", flush=True)
"""


def _write(path: Path, data) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _base(project: Path) -> None:
    from handbook.site.project import write_default_config

    _write(project / "data/handbook.yaml", {"title": "基准手册", "organization": "基准公司"})
    _write(project / "data/kpis/k.yaml", {"id": "k", "name": "指标", "definition": "定义", "formula": "公式"})
    (project / "content").mkdir(parents=True, exist_ok=True)
    write_default_config(project)


def deep_tree(project: Path, depth: int) -> None:
    """Units u0 ⊃ u1 ⊃ … ⊃ u{depth-1}, one position in each."""
    _base(project)
    for i in range(depth):
        unit = {"id": f"u{i}", "name": f"第{i}层单元", "kind": "部门"}
        if i:
            unit["parent"] = f"u{i - 1}"
        _write(project / f"data/units/u{i}.yaml", unit)
        pos = {"id": f"p{i}", "name": f"第{i}层岗位", "unit": f"u{i}", "purpose": "目的", "duties": ["职责"],
               "kpis": [{"kpi": "k", "weight": 100}]}
        if i:
            pos["reports_to"] = f"p{i - 1}"
        _write(project / f"data/positions/p{i}.yaml", pos)


def long_process(project: Path, steps: int, lanes: int = 8) -> None:
    """One process of `steps` steps over `lanes` roles; every 10th step is a decision looping back 5 steps."""
    _base(project)
    _write(project / "data/units/u.yaml", {"id": "u", "name": "部门"})
    for r in range(lanes):
        _write(project / f"data/positions/r{r}.yaml", {"id": f"r{r}", "name": f"角色{r}", "unit": "u",
                                                        "kpis": [{"kpi": "k", "weight": 100}]})
    items = []
    for i in range(steps):
        step = {"id": f"s{i}", "name": f"步骤{i}", "role": f"r{i % lanes}"}
        if i % 10 == 9 and i + 1 < steps:
            step.update(decision=True, branches=[{"to": f"s{i + 1}", "label": "通过"}, {"to": f"s{i - 5}", "label": "退回"}])
        items.append(step)
    _write(project / "data/processes/long.yaml", {"id": "long", "name": "长流程", "owner": "u", "steps": items})


def wide_org(project: Path, positions: int) -> None:
    from handbook.synthetic import generate
    from handbook.site.project import write_default_config

    generate(project, positions, 1)
    write_default_config(project)


def measure(label: str, make, size: int) -> None:
    work = Path(tempfile.mkdtemp(prefix="hb-shapes-"))
    try:
        project = work / "project"
        make(project, size)
        done = subprocess.run([sys.executable, "-c", RUN, str(project), str(work / "site")], capture_output=True,
                              text=True, env={**os.environ, "PYTHONPATH": str(GENERATORS)})
        figures = [line for line in done.stdout.splitlines() if line.startswith("@@ ")]
        seconds, peak = figures[-1].split()[1:] if figures else ("?", "?")
        ok = "ok" if done.returncode == 0 else "FAILED: " + (done.stderr.strip().splitlines() or ["?"])[-1][:80]
        print(f"{label:<28} {size:>7}  {seconds:>8} s  {peak:>6} MB  {ok}", flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--depth", type=int, nargs="*", default=[2000])
    parser.add_argument("--steps", type=int, nargs="*", default=[5000])
    parser.add_argument("--positions", type=int, nargs="*", default=[10000])
    args = parser.parse_args()
    print(f"{'shape':<28} {'size':>7}  {'build':>10}  {'peak':>9}")
    for n in args.depth:
        if n:
            measure("unit tree depth (levels)", deep_tree, n)
    for n in args.steps:
        if n:
            measure("process (steps, back edges)", long_process, n)
    for n in args.positions:
        if n:
            measure("organisation (positions)", wide_org, n)


if __name__ == "__main__":
    main()
