"""Symbolic orthogonal routing on the swimlane grid (lanes x columns, one node per column).

A route is a list of points whose coordinates are references ("right edge of
node s", "slot of edge 3 in gutter 5", "track of edge 3 in lane 1's bottom
strip"...). The router records which gutter slots, strip tracks and channel
tracks each edge needs, with abstract intervals that only serve to detect
conflicts; swimlane.py then colours the intervals and resolves coordinates.
"""

from __future__ import annotations

from collections import defaultdict

CLS_OFFSET = {"exit": -0.25, "both": 0.0, "enter": 0.25}
"""Within a gutter, slots of edges leaving the column on the left come first, then
edges that just change lane, then edges entering the column on the right."""
CLS_ORDER = ("exit", "both", "enter")


def colour(intervals: list[tuple[float, float, int]]) -> tuple[dict[int, int], int]:
    """First-fit interval colouring, shortest intervals first (they get the inner tracks).

    Closed intervals: segments that merely touch still get different tracks,
    so two edges never meet end to end on the same line.
    """
    tracks: list[list[tuple[float, float]]] = []
    out: dict[int, int] = {}
    for lo, hi, key in sorted(intervals, key=lambda t: (t[1] - t[0], t[0], t[2])):
        for i, used in enumerate(tracks):
            if all(hi < a or b < lo for a, b in used):
                used.append((lo, hi))
                out[key] = i
                break
        else:
            out[key] = len(tracks)
            tracks.append([(lo, hi)])
    return out, len(tracks)


class Router:
    """Symbolic routes on the lane/column grid (see module docstring)."""

    def __init__(self, col: dict[str, int], row: dict[str, int], n_lanes: int,
                 extra_cells: frozenset[tuple[int, int]] = frozenset(),
                 busy_vertices: frozenset[tuple[str, str]] = frozenset()):
        """`extra_cells` are further occupied (lane, column) cells (participant boxes); `busy_vertices`
        are (gateway, "N"|"S") vertices its own branches leave from, which loops must not enter."""
        self.col, self.row, self.n_lanes = col, row, n_lanes
        self.cells = {(row[n], col[n]) for n in col} | set(extra_cells)
        self.busy_vertices = busy_vertices
        self.claims: dict[int, list[tuple[float, float, str, str]]] = defaultdict(list)
        self.gutters: dict[int, list[tuple[str, int, float, float]]] = defaultdict(list)
        self.strips: dict[tuple[int, str], list[tuple[int, float, float]]] = defaultdict(list)
        self.channels: dict[str, list[tuple[int, float, float]]] = defaultdict(list)

    # abstract coordinates, only used to detect conflicts
    def _xe(self, n): return 2 * self.col[n] + 1.5
    def _xw(self, n): return 2 * self.col[n] + 0.5
    def _xc(self, n): return 2 * self.col[n] + 1.0
    def _xg(self, k, cls): return 2 * k + CLS_OFFSET[cls]
    def _yl(self, r): return 3 * r + 1.5
    def _ys(self, r, side): return 3 * r + (0.5 if side == "T" else 2.5)
    def _yh(self, side): return -1.0 if side == "top" else 3 * self.n_lanes + 1.0

    def _empty(self, r: int, c0: int, c1: int) -> bool:
        return all((r, c) not in self.cells for c in range(c0, c1 + 1))

    def _column_free(self, c: int, r0: int, r1: int) -> bool:
        """No box in column c strictly between lanes r0 and r1."""
        lo, hi = min(r0, r1), max(r0, r1)
        return all((r, c) not in self.cells for r in range(lo + 1, hi))

    def _claim(self, r: int, lo: float, hi: float, s: str, t: str) -> bool:
        """Reserve a run along lane r's centre line unless an unrelated edge already uses part of it."""
        for a, b, s2, t2 in self.claims[r]:
            if a <= hi and lo <= b and s != s2 and t != t2:
                return False
        self.claims[r].append((lo, hi, s, t))
        return True

    def _gut(self, k, cls, e, y0, y1):
        self.gutters[k].append((cls, e, min(y0, y1), max(y0, y1)))

    def straight(self, e: int, s: str, t: str) -> list | None:
        """Same lane, nothing in between: a single horizontal line."""
        cu, ru, cv, rv = self.col[s], self.row[s], self.col[t], self.row[t]
        if cv > cu and rv == ru and self._empty(ru, cu + 1, cv - 1) and self._claim(ru, self._xe(s), self._xw(t), s, t):
            return [(("E", s), ("M", s)), (("W", t), ("M", t))]
        return None

    def route(self, e: int, s: str, t: str, port: str) -> list:
        cu, ru, cv, rv = self.col[s], self.row[s], self.col[t], self.row[t]
        M_s, M_t, W_t = ("M", s), ("M", t), ("W", t)
        if cv <= cu:
            return self._back(e, s, t, port)
        if port == "E":
            if rv != ru:
                cls = "both" if cv == cu + 1 else "exit"  # drop to the target lane right after the source
                if self._empty(rv, cu + 1, cv - 1) and self._claim(rv, self._xg(cu + 1, cls), self._xw(t), s, t):
                    self._gut(cu + 1, cls, e, self._yl(ru), self._yl(rv))
                    g = ("G", cu + 1, cls, e)
                    return [(("E", s), M_s), (g, M_s), (g, M_t), (W_t, M_t)]
                cls = "both" if cv == cu + 1 else "enter"  # stay in the source lane, drop before the target
                if self._empty(ru, cu + 1, cv - 1) and self._claim(ru, self._xe(s), self._xg(cv, cls), s, t):
                    self._gut(cv, cls, e, self._yl(ru), self._yl(rv))
                    g = ("G", cv, cls, e)
                    return [(("E", s), M_s), (g, M_s), (g, M_t), (W_t, M_t)]
            side = "B" if rv >= ru else "T"  # detour along a strip of the source lane
            ys = ("S", ru, side, e)
            self._gut(cu + 1, "exit", e, self._yl(ru), self._ys(ru, side))
            self.strips[(ru, side)].append((e, self._xg(cu + 1, "exit"), self._xg(cv, "enter")))
            self._gut(cv, "enter", e, self._ys(ru, side), self._yl(rv))
            g1, g2 = ("G", cu + 1, "exit", e), ("G", cv, "enter", e)
            return [(("E", s), M_s), (g1, M_s), (g1, ys), (g2, ys), (g2, M_t), (W_t, M_t)]
        down = port == "S"
        y0 = ("B", s) if down else ("T", s)
        c = ("C", s)
        if (rv > ru if down else rv < ru) and self._empty(rv, cu + 1, cv - 1) and self._column_free(cu, ru, rv) \
                and (rv, cu) not in self.cells and self._claim(rv, self._xc(s), self._xw(t), s, t):
            return [(c, y0), (c, M_t), (W_t, M_t)]
        side = "B" if down else "T"
        ys = ("S", ru, side, e)
        self.strips[(ru, side)].append((e, self._xc(s), self._xg(cv, "enter")))
        self._gut(cv, "enter", e, self._ys(ru, side), self._yl(rv))
        g = ("G", cv, "enter", e)
        return [(c, y0), (c, ys), (g, ys), (g, M_t), (W_t, M_t)]

    def _back(self, e: int, s: str, t: str, port: str) -> list:
        """Loops run through the channel above or below all lanes.

        They enter the target through its top (or bottom) vertex, facing the channel, so they never
        merge into the forward arrows that enter it from the left; only when a box sits in the way,
        or the target is a gateway whose vertices carry branches, they enter from the left.
        """
        cu, ru, cv, rv = self.col[s], self.row[s], self.col[t], self.row[t]

        def open_from(side: str) -> bool:
            vertex = "N" if side == "top" else "S"
            edge_r = -1 if side == "top" else self.n_lanes
            return (t, vertex) not in self.busy_vertices and self._column_free(cv, edge_r, rv)

        if port == "E":
            side = "top" if ru + rv < self.n_lanes - 1 else "bottom"
            other = "bottom" if side == "top" else "top"
            if not open_from(side) and open_from(other):
                side = other
        else:
            side = "bottom" if port == "S" else "top"
        yh = ("H", side, e)
        from_top = open_from(side)
        x_in = self._xc(t) if from_top else self._xg(cv, "enter")
        if from_top:
            tail = [(("C", t), yh), (("C", t), ("T", t) if side == "top" else ("B", t))]
        else:
            g2 = ("G", cv, "enter", e)
            self._gut(cv, "enter", e, self._yh(side), self._yl(rv))
            near = ("Q", t, side)  # off the middle, towards the channel: not where forward arrows end
            tail = [(g2, yh), (g2, near), (("W", t), near)]
        if port == "E":
            g1 = ("G", cu + 1, "exit", e)
            self._gut(cu + 1, "exit", e, self._yl(ru), self._yh(side))
            self.channels[side].append((e, x_in, self._xg(cu + 1, "exit")))
            return [(("E", s), ("M", s)), (g1, ("M", s)), (g1, yh)] + tail
        c = ("C", s)
        self.channels[side].append((e, x_in, self._xc(s)))
        return [(c, ("B", s) if port == "S" else ("T", s)), (c, yh)] + tail


def decision_ports(s: str, targets: list[tuple[int, str]], col, row, n_lanes: int,
                   blocked: frozenset[str] = frozenset()) -> dict[int, str]:
    """Give each branch of a decision its own vertex: same lane right, lower lanes bottom, upper lanes top.

    `blocked` vertices ("N"/"S") face the gateway's own participant boxes and are not used.
    """
    cu, ru = col[s], row[s]
    prefs = {}
    for e, t in targets:
        cv, rv = col[t], row[t]
        if cv <= cu:
            prefs[e] = "N" if 2 * ru < n_lanes - 1 else "S"
        else:
            prefs[e] = "E" if rv == ru else ("S" if rv > ru else "N")
    ports: dict[int, str] = {}
    free = [p for p in ("E", "S", "N") if p not in blocked]
    for e, _ in targets:
        if prefs[e] in free:
            ports[e] = prefs[e]
            free.remove(prefs[e])
    for e, _ in targets:
        if e not in ports:
            ports[e] = free.pop(0) if free else "E"
    return ports
