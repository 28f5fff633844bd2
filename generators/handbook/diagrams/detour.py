"""Orthogonal routes through the free space of a finished layout, around every box.

Org charts draw dotted-line reports (虚线汇报) this way: the tree is laid out first, then each dashed
line finds its own way between the boxes. The search runs on a grid of CELL px over the chart (A*,
one unit per cell and TURN per bend, so routes are short with few bends); cells within CLEAR px of a box
are closed, and a cell on another line costs BUSY more, so a dashed line crosses the tree's lines but
never runs along one. A route leaves and enters at the middle of a box side.
"""

from __future__ import annotations

import heapq
import math
from typing import Sequence

from .boxes import simplify
from .shapes import Box

CELL = 6.0
CLEAR = 5.0
TURN = 6
BUSY = 12
SIDES = {"N": (0, -1), "S": (0, 1), "W": (-1, 0), "E": (1, 0)}


def _side_point(b: Box, side: str) -> tuple[float, float]:
    return {"N": (b.cx, b.y), "S": (b.cx, b.bottom), "W": (b.x, b.cy), "E": (b.right, b.cy)}[side]


def _busy(lines, nx: int, ny: int) -> set[tuple[int, int]]:
    """Cells that an orthogonal polyline of `lines` passes through."""
    out = set()
    for pts in lines:
        for (x1, y1), (x2, y2) in zip(pts, pts[1:]):
            i1, i2 = sorted((int(x1 // CELL), int(x2 // CELL)))
            j1, j2 = sorted((int(y1 // CELL), int(y2 // CELL)))
            out.update((i, j) for i in range(max(0, i1), min(nx, i2 + 1)) for j in range(max(0, j1), min(ny, j2 + 1)))
    return out


def route_around(boxes: Sequence[Box], source: Box, target: Box, width: float, height: float, lines=()
                 ) -> tuple[tuple[float, float], ...] | None:
    """Points of an orthogonal line from a side of `source` to a side of `target` that keeps CLEAR px
    away from every box of `boxes` (the two ends included) inside the chart (0, 0, width, height),
    and keeps off the polylines `lines` where it can. None when no such line exists."""
    nx, ny = math.ceil(width / CELL), math.ceil(height / CELL)
    busy = _busy(lines, nx, ny)
    closed = set()
    for b in boxes:
        for i in range(max(0, int((b.x - CLEAR) // CELL)), min(nx, int((b.right + CLEAR) // CELL) + 1)):
            for j in range(max(0, int((b.y - CLEAR) // CELL)), min(ny, int((b.bottom + CLEAR) // CELL) + 1)):
                cx, cy = (i + 0.5) * CELL, (j + 0.5) * CELL
                if b.x - CLEAR <= cx <= b.right + CLEAR and b.y - CLEAR <= cy <= b.bottom + CLEAR:
                    closed.add((i, j))

    def port(b: Box, side: str):
        dx, dy = SIDES[side]
        px, py = _side_point(b, side)
        cell = (int((px + dx * (CLEAR + CELL)) // CELL), int((py + dy * (CLEAR + CELL)) // CELL))
        return cell if 0 <= cell[0] < nx and 0 <= cell[1] < ny and cell not in closed else None

    ends = {port(target, s): s for s in SIDES if port(target, s)}

    def to_go(cell: tuple[int, int]) -> int:
        # A*: cells left to the nearest end; every step costs at least 1, so the route found is still the
        # cheapest, but the search no longer spreads over the whole chart (a 46-box chart took 1.8 s)
        return min((abs(cell[0] - e[0]) + abs(cell[1] - e[1]) for e in ends), default=0)

    queue, best, came = [], {}, {}
    for side, (dx, dy) in SIDES.items():
        cell = port(source, side)
        if cell:
            state = (cell, side)
            best[state], came[state] = 0, None
            heapq.heappush(queue, (to_go(cell), 0, state, side))
    while queue:
        _, cost, state, first = heapq.heappop(queue)
        if cost > best.get(state, math.inf):
            continue
        cell, heading = state
        if cell in ends:
            return _points(source, target, first, ends[cell], _cells(came, state))
        for d, (dx, dy) in SIDES.items():
            nxt = (cell[0] + dx, cell[1] + dy)
            if not (0 <= nxt[0] < nx and 0 <= nxt[1] < ny) or nxt in closed:
                continue
            step = cost + 1 + (TURN if d != heading else 0) + (BUSY if nxt in busy else 0)
            if step < best.get((nxt, d), math.inf):
                best[(nxt, d)], came[(nxt, d)] = step, state
                heapq.heappush(queue, (step + to_go(nxt), step, (nxt, d), first))
    return None


def _cells(came, state) -> list[tuple[int, int]]:
    out = []
    while state is not None:
        out.append(state[0])
        state = came[state]
    return out[::-1]


def _points(source: Box, target: Box, out_side: str, in_side: str, cells) -> tuple[tuple[float, float], ...]:
    """Box side → first cell centre (an L along the side), cells, last cell centre → target side."""
    centres = [((i + 0.5) * CELL, (j + 0.5) * CELL) for i, j in cells]
    sx, sy = _side_point(source, out_side)
    tx, ty = _side_point(target, in_side)
    first = (sx, centres[0][1]) if out_side in "NS" else (centres[0][0], sy)
    last = (tx, centres[-1][1]) if in_side in "NS" else (centres[-1][0], ty)
    return simplify([(sx, sy), first] + centres + [last, (tx, ty)])
