"""Diagram benchmark: time to lay out and draw every chart, and the size of the largest ones.

Not part of the test suite. Run:  python benchmarks/diagrams.py [--positions 2000]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "generators"))

from handbook import diagrams  # noqa: E402
from handbook.pipeline import load_handbook  # noqa: E402
from handbook.render import charts  # noqa: E402
from handbook.addresses import record_page  # noqa: E402
from handbook.synthetic import generate  # noqa: E402


def size(svg: str) -> tuple[int, int, int]:
    """(boxes, width, height) read back from the SVG."""
    start = svg.index("<svg")
    head = svg[start: svg.index(">", start)]
    width = float(head.split('width="')[1].split('"')[0])
    height = float(head.split('height="')[1].split('"')[0])
    return svg.count("<a "), round(width), round(height)


def measure(label: str, root: Path) -> None:
    hb, report = load_handbook(root)
    assert hb is not None, report.errors[:3]
    started = time.perf_counter()
    overview = charts.overview_chart(hb, "org/index.md")
    t_overview = time.perf_counter() - started
    started = time.perf_counter()
    units = {uid: charts.unit_chart(hb, uid, record_page("units", uid)) for uid in hb.units}
    t_units = time.perf_counter() - started
    started = time.perf_counter()
    flows = {pid: charts.process_chart(hb, pid, record_page("processes", pid)) for pid in hb.processes}
    t_flows = time.perf_counter() - started
    biggest_unit = max(units.items(), key=lambda item: size(item[1])[0])
    biggest_flow = max(flows.items(), key=lambda item: size(item[1])[0])
    print(f"{label}: {len(hb.units)} units, {len(hb.processes)} processes")
    print(f"  overview chart   {t_overview * 1000:8.0f} ms   boxes/width/height {size(overview)}")
    print(f"  all unit charts  {t_units * 1000:8.0f} ms   largest {biggest_unit[0]}: {size(biggest_unit[1])}")
    print(f"  all swimlanes    {t_flows * 1000:8.0f} ms   largest {biggest_flow[0]}: {size(biggest_flow[1])}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--positions", type=int, nargs="+", default=[2000])
    args = parser.parse_args()
    measure("sample", HERE.parent)
    for n in args.positions:
        with tempfile.TemporaryDirectory() as tmp:
            generate(Path(tmp), n, 1)
            measure(f"synthetic {n}", Path(tmp))
    nodes = tuple(diagrams.OrgNode(f"d{i}", f"部门{i}", "#", "部门", "unit",
                                   tuple(diagrams.OrgNode(f"p{i}-{j}", f"岗位名称较长的岗位{j}", "#", "编制 2", "position")
                                         for j in range(14))) for i in range(12))
    root = diagrams.OrgNode("root", "营销中心", "#", "中心", "unit", nodes)
    started = time.perf_counter()
    svg = diagrams.render_orgchart(root, title="171 boxes")
    print(f"synthetic 171-box org chart: {(time.perf_counter() - started) * 1000:.0f} ms, boxes/width/height {size(svg)}")


if __name__ == "__main__":
    main()
