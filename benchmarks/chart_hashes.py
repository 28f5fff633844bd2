"""Fingerprint of every chart a project draws: one SHA-256 per process, unit and overview chart.

A refactoring of the diagram engine must keep its output byte-identical; run this before and after
and compare (`diff`). Not part of the test suite. Run:
    python benchmarks/chart_hashes.py [PROJECT_DIR ...]   # default: the sample and every tests/cases/* project
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "generators"))


def chart_hashes(root: Path) -> list[tuple[str, str]]:
    """[(chart name, sha256 of its markup)] for every chart of the project at `root`, in a fixed order."""
    from handbook.check import check_project
    from handbook.render import charts

    hb, report = check_project(root, site_config=False)
    if hb is None:
        return [("(check failed)", str(len(report.errors)))]
    out = [("overview", charts.overview_chart(hb, "org/index.md"))]
    out += [(f"unit {uid}", charts.unit_chart(hb, uid, f"org/{uid}.md")) for uid in sorted(hb.units)]
    out += [(f"process {pid}", charts.process_chart(hb, pid, f"processes/{pid}.md")) for pid in sorted(hb.processes)]
    return [(name, hashlib.sha256(str(markup).encode()).hexdigest()) for name, markup in out]


def main() -> None:
    roots = [Path(p) for p in sys.argv[1:]] or [HERE.parent] + sorted(
        p for p in (HERE.parent / "tests" / "cases").iterdir() if (p / "data").is_dir())
    for root in roots:
        for name, digest in chart_hashes(root):
            print(f"{root.name or root}\t{name}\t{digest}")


if __name__ == "__main__":
    main()
