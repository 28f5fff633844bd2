"""Geometry shared by both layouts: text boxes that wrap, then grow in height; tidy connector paths."""

from __future__ import annotations

from .shapes import Box, TextBlock
from .text import clean, wrap


def block(text: str, inner_w: float, font_size: float, line_height: float, role: str) -> TextBlock:
    """Wrap `text` into a block that fits `inner_w`; never truncates, so the box grows instead."""
    return TextBlock(tuple(wrap(text, inner_w, font_size)), font_size, line_height, role)


def blocks_height(blocks: tuple[TextBlock, ...], gap: float) -> float:
    """Total height of stacked blocks with `gap` between non-empty ones."""
    shown = [b for b in blocks if b.lines]
    return sum(b.height for b in shown) + gap * max(0, len(shown) - 1)


def rect_box(*, x: float, y: float, w: float, min_h: float, pad_x: float, pad_y: float, gap: float,
             blocks: tuple[TextBlock, ...], id: str, url: str, kind: str, shape: str = "rect",
             tooltip: str = "") -> Box:
    """A rectangle just tall enough for its text (at least `min_h`)."""
    inner_h = blocks_height(blocks, gap)
    h = max(min_h, inner_h + 2 * pad_y)
    return Box(x, y, w, h, id, url, kind, shape, blocks, w - 2 * pad_x, h - 2 * pad_y, tooltip)


def tooltip(*parts: str) -> str:
    return " · ".join(p for p in (clean(x) for x in parts) if p)


def simplify(points: list[tuple[float, float]]) -> tuple[tuple[float, float], ...]:
    """Drop repeated points and middle points of straight runs."""
    out: list[tuple[float, float]] = []
    for p in points:
        p = (round(p[0], 3), round(p[1], 3))
        if out and p == out[-1]:
            continue
        if len(out) >= 2 and (out[-2][0] == out[-1][0] == p[0] or out[-2][1] == out[-1][1] == p[1]):
            out[-1] = p
        else:
            out.append(p)
    return tuple(out)
