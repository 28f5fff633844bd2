"""Serialisation of layouts to inline SVG strings.

All text and attribute values pass through `_text`/`_attr` (XML escaping);
nothing here emits scripts or event handlers. Numbers are rounded to one
decimal so output is stable across platforms and byte-identical per input.
"""

from __future__ import annotations

import re
from xml.sax.saxutils import escape

from .boxes import blocks_height
from .shapes import Box, Connector, Label, OrgLayout, SwimlaneLayout
from .text import FONT_STACK, clean, text_width

SVG_NS = "http://www.w3.org/2000/svg"
NUMBER_FONT = 12.0
"""Size (px) of the part number ("3/8") in the corner of every part of a chart split for paper."""
BLOCK_GAP = 4.0
"""Vertical gap between text blocks in a box; layouts size boxes with the same value."""
_UNSAFE_URL = re.compile(r"^\s*(javascript|vbscript|data)\s*:", re.IGNORECASE)


def num(v: float) -> str:
    """Format a coordinate: one decimal, no trailing zeros, never "-0"."""
    s = f"{round(v, 1):.1f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def _text(s: str) -> str:
    return escape(clean(s))


def _attr(s: str) -> str:
    return escape(clean(s), {'"': "&quot;", "'": "&apos;"})


def safe_url(url: str) -> str:
    """Links come from the caller; refuse script-capable schemes all the same."""
    return "#" if _UNSAFE_URL.match(clean(url)) else url


def _el(tag: str, attrs: list[tuple[str, str]], body: str | None = None) -> str:
    a = "".join(f' {k}="{v}"' for k, v in attrs)
    return f"<{tag}{a}/>" if body is None else f"<{tag}{a}>{body}</{tag}>"


def _baseline(top: float, line_height: float, font_size: float) -> float:
    """Baseline of a line box: half-leading plus ~0.85 em ascent (CJK fonts)."""
    return top + (line_height - font_size) / 2 + 0.85 * font_size


def _text_lines(lines, cx: float, top: float, font_size: float, line_height: float, cls: str) -> str:
    spans = "".join(
        _el("tspan", [("x", num(cx)), ("y", num(_baseline(top + i * line_height, line_height, font_size)))], _text(line))
        for i, line in enumerate(lines))
    return _el("text", [("class", cls), ("x", num(cx)), ("font-size", num(font_size)), ("text-anchor", "middle")], spans)


def _box_text(box: Box) -> str:
    """Text blocks stacked and centred in the box; a badge block gets a tag background."""
    shown = [b for b in box.blocks if b.lines]
    top = box.cy - blocks_height(tuple(shown), BLOCK_GAP) / 2
    out = []
    for b in shown:
        if b.role == "badge":
            w = max(text_width(line, b.font_size) for line in b.lines) + 8
            out.append(_el("rect", [("class", "hb-badge"), ("x", num(box.cx - w / 2)), ("y", num(top)),
                                    ("width", num(w)), ("height", num(b.height)), ("rx", "3")]))
        out.append(_text_lines(b.lines, box.cx, top, b.font_size, b.line_height, f"hb-{b.role}"))
        top += b.height + BLOCK_GAP
    return "".join(out)


RING_GAP = 3.0
"""Between the two rings of a double circle (a BPMN intermediate event), px."""


def _shape(box: Box) -> str:
    """The outline of a box by its shape: a circle (an event; "double-circle": two rings) is inscribed in
    the box; "none" draws nothing."""
    x, y, w, h = box.x, box.y, box.w, box.h
    if box.shape == "none":
        return ""
    if box.shape in ("circle", "double-circle"):
        rings = (min(w, h) / 2,) + ((min(w, h) / 2 - RING_GAP,) if box.shape == "double-circle" else ())
        return "".join(_el("circle", [("class", "hb-shape" if i == 0 else "hb-shape hb-ring"), ("cx", num(box.cx)),
                                      ("cy", num(box.cy)), ("r", num(r))]) for i, r in enumerate(rings))
    if box.shape == "diamond":
        pts = f"{num(x + w / 2)},{num(y)} {num(x + w)},{num(y + h / 2)} {num(x + w / 2)},{num(y + h)} {num(x)},{num(y + h / 2)}"
        return _el("polygon", [("class", "hb-shape"), ("points", pts)])
    return _el("rect", [("class", "hb-shape"), ("x", num(x)), ("y", num(y)), ("width", num(w)), ("height", num(h)),
                        ("rx", num(min(4, w / 2)))])


def box_svg(box: Box) -> str:
    """One node: shape and text, wrapped in a link when the box has a url."""
    inner = (_el("title", [], _text(box.tooltip)) if box.tooltip else "") + _shape(box) + _box_text(box)
    # a box without an outline (an event's name) is text beside a node, not a node of its own
    attrs = [("class", f"hb-node hb-{box.kind}" if box.shape != "none" else f"hb-name hb-{box.kind}"),
             ("data-id", _attr(box.id))]
    if box.url:
        return _el("a", [("href", _attr(safe_url(box.url)))] + attrs, inner)
    return _el("g", attrs, inner)


def _arrowhead(points) -> str:
    (x1, y1), (x2, y2) = points[-2], points[-1]
    dx, dy = (x2 > x1) - (x2 < x1), (y2 > y1) - (y2 < y1)
    length, half = 8.0, 4.0
    bx, by = x2 - dx * length, y2 - dy * length
    pts = [(x2, y2), (bx - dy * half, by + dx * half), (bx + dy * half, by - dx * half)]
    return _el("polygon", [("class", "hb-arrowhead"), ("points", " ".join(f"{num(a)},{num(b)}" for a, b in pts))])


def _label_svg(lab: Label) -> str:
    return _text_lines(lab.lines, lab.x + lab.w / 2, lab.y, lab.font_size, lab.line_height, "hb-edge-label")


def connector_svg(c: Connector) -> str:
    d = "M" + " L".join(f"{num(x)} {num(y)}" for x, y in c.points)
    cls = "hb-edge hb-edge-assoc" if c.association else ("hb-edge hb-edge-back" if c.back else "hb-edge")
    cls = "hb-edge hb-edge-dotted" if c.dotted else cls
    out = _el("path", [("class", "hb-line"), ("d", d), ("fill", "none")])
    if c.arrow and len(c.points) >= 2:
        out += _arrowhead(c.points)
    return _el("g", [("class", cls), ("data-source", _attr(c.source)), ("data-target", _attr(c.target))], out)


def _document(width: float, height: float, title: str, cls: str, body: list[str], extra: str = "",
              scale: float = 1.0) -> str:
    """The <svg> element: viewBox in layout px (rounded up); drawn `scale` times that size."""
    w, h = -(-width // 1), -(-height // 1)  # ceil
    head = (f'<svg xmlns="{SVG_NS}" viewBox="0 0 {num(w)} {num(h)}" width="{num(w * scale)}" '
            f'height="{num(h * scale)}" role="group" aria-label="{_attr(title)}" class="hb-diagram {cls}" '
            f'font-family="{_attr(FONT_STACK)}"{extra}>')
    return "\n".join([head, _el("title", [], _text(title))] + body + ["</svg>"])


LEGEND_TEXT = {"dotted": "虚线汇报（箭头指向虚线上级）", "badge": "兼任（同一人同时担任的岗位）",
               "outside": "其他单元的岗位（框内注明所属单元）"}
LEGEND_FONT = 12.0
LEGEND_SAMPLE, LEGEND_SEP = 36.0, 24.0
LEGEND_X, LEGEND_ROW_H = 12.0, 22.0
LEGEND_ROW_MAX = 330.0
"""Widest legend row (layout px). A chart opens at most at its own size, in a phone's reading column
of about 355 px (390 px less the page's margins): a row this wide, LEGEND_X in from the chart's left
edge, is read there without scrolling sideways. An entry that would pass it starts the next row."""


def _entry_width(item: str) -> float:
    return LEGEND_SAMPLE + text_width(LEGEND_TEXT[item], LEGEND_FONT)


def legend_rows(items) -> list[tuple[str, ...]]:
    """The legend's entries ("dotted", "badge", "outside") in rows of at most LEGEND_ROW_MAX px, in their order."""
    rows: list[list[str]] = []
    for item in items:
        row = rows[-1] if rows else None
        if row and sum(_entry_width(i) + LEGEND_SEP for i in row) + _entry_width(item) <= LEGEND_ROW_MAX:
            row.append(item)
        else:
            rows.append([item])
    return [tuple(r) for r in rows]


def legend_size(items) -> tuple[float, float]:
    """(width, height) in layout px of the legend (see `_legend`), for the layout to make room; (0, 0)
    without entries. The width counts from LEGEND_X, the chart's left margin."""
    rows = legend_rows(items)
    width = max((sum(_entry_width(i) for i in r) + LEGEND_SEP * (len(r) - 1) for r in rows), default=0.0)
    return width, LEGEND_ROW_H * len(rows)


def _legend_entry(item: str, x: float, y: float) -> list[str]:
    """A sample of the mark at (x, y), top left, and the text saying what it means."""
    if item == "dotted":
        out = [connector_svg(Connector(((x, y + 7), (x + 30, y + 7)), "", "", dotted=True))]
    elif item == "outside":  # the dashed outline of a box from another unit (diagrams.css)
        out = [_el("rect", [("class", "hb-legend-outside"), ("x", num(x)), ("y", num(y)), ("width", "30"),
                            ("height", "15"), ("rx", "3")])]
    else:
        out = [_el("rect", [("class", "hb-badge"), ("x", num(x)), ("y", num(y)), ("width", "30"),
                            ("height", "15"), ("rx", "3")]),
               _text_lines(("兼任",), x + 15, y, 11.0, 15.0, "hb-badge")]
    out.append(_el("text", [("class", "hb-legend-text"), ("x", num(x + LEGEND_SAMPLE)),
                            ("y", num(_baseline(y, 15.0, LEGEND_FONT))), ("font-size", num(LEGEND_FONT))],
                   _text(LEGEND_TEXT[item])))
    return out


def _legend(layout: OrgLayout) -> str:
    """Under the chart: a sample of each mark the chart uses and what it means, in rows (`legend_rows`)."""
    out = []
    for k, row in enumerate(legend_rows(layout.legend)):
        x, y = LEGEND_X, layout.legend_y + 4 + k * LEGEND_ROW_H
        for item in row:
            out += _legend_entry(item, x, y)
            x += _entry_width(item) + LEGEND_SEP
    return _el("g", [("class", "hb-legend")], "".join(out))


def orgchart_svg(layout: OrgLayout, title: str) -> str:
    body = [_el("g", [("class", "hb-edges")], "".join(connector_svg(c) for c in layout.connectors)),
            _el("g", [("class", "hb-nodes")], "".join(box_svg(b) for b in layout.boxes))]
    if layout.legend:
        body.append(_legend(layout))
    return _document(layout.width, layout.height, title, "hb-orgchart", body)


def _swimlane_layers(layout: SwimlaneLayout, boxes) -> list[str]:
    """Backgrounds first (lanes, band columns), then edges, then `boxes` and the edge labels on top."""
    bg = []
    for i, lane in enumerate(layout.lanes):
        bg.append(_el("rect", [("class", f"hb-lane-bg hb-lane-{i % 2}"), ("x", num(lane.x)), ("y", num(lane.y)),
                               ("width", num(lane.w)), ("height", num(lane.h))]))
    for i, band in enumerate(layout.bands):
        bg.append(_el("rect", [("class", f"hb-band-bg hb-band-{i % 2}"), ("x", num(band.x)), ("y", num(band.y)),
                               ("width", num(band.w)), ("height", num(band.h))]))
    labels = [_label_svg(c.label_box) for c in layout.connectors if c.label_box]
    return [_el("g", [("class", "hb-background")], "".join(bg)),
            _el("g", [("class", "hb-edges")], "".join(connector_svg(c) for c in layout.connectors)),
            _el("g", [("class", "hb-nodes")], "".join(box_svg(b) for b in boxes)),
            _el("g", [("class", "hb-edge-labels")], "".join(labels))]


def _swimlane_cls(layout: SwimlaneLayout, extra_cls: str) -> str:
    cls = "hb-swimlane hb-vertical" if layout.vertical else "hb-swimlane hb-horizontal"
    return cls + (f" {extra_cls}" if extra_cls else "")


def swimlane_svg(layout: SwimlaneLayout, title: str, *, extra_cls: str = "", scale: float = 1.0) -> str:
    """The whole chart; `scale` sets its drawn size (paper), `extra_cls` further classes on the <svg>."""
    axis, end = layout.head
    return _document(layout.width, layout.height, title, _swimlane_cls(layout, extra_cls),
                     _swimlane_layers(layout, layout.boxes), f' data-head-{axis}="{num(end)}"', scale)


def swimlane_part_svg(layout: SwimlaneLayout, title: str, tile: tuple[float, float, float, float], *,
                      strip: float, header: float, number: str, scale: float, clip_id: str,
                      extra_cls: str = "") -> str:
    """One part of a chart split for paper (see diagrams/paper.py): `tile` is (a0, a1, c0, c1), the stretch
    [a0, a1] along the flow of the lanes in [c0, c1] across it, in px of `layout`. The part shows the lane
    headers of those lanes, the phase names (which end at `strip` across) cut to the stretch, in a strip
    `header` px deep, and the stretch itself; what lies outside is clipped. `number` ("3/8") is printed in
    the corner above the lane headers. The part is drawn `scale` times its size; a dashed line marks each
    side where the chart goes on in another part. `clip_id` must be unique in the page (the part uses it
    and `clip_id`-phases)."""
    a0, a1, c0, c1 = tile
    head, v = layout.head[1], layout.vertical
    full_along, full_across = (layout.height, layout.width) if v else (layout.width, layout.height)
    length, breadth = head + (a1 - a0), header + (c1 - c0)
    width, height = (breadth, length) if v else (length, breadth)

    def real(a: float, c: float) -> tuple[float, float]:
        return (c, a) if v else (a, c)

    def rect(a: float, c: float, ea: float, ec: float) -> list[tuple[str, str]]:
        (x, y), (w, h) = real(a, c), real(ea, ec)
        return [("x", num(x)), ("y", num(y)), ("width", num(w)), ("height", num(h))]

    def clipped(cid: str, da: float, dc: float, inner: str) -> str:
        dx, dy = real(da, dc)
        return _el("g", [("clip-path", f"url(#{_attr(cid)})")],
                   _el("g", [("transform", f"translate({num(dx)} {num(dy)})")], inner))

    phases_id = clip_id + "-phases"
    lanes = "".join(box_svg(b) for b in layout.boxes if b.kind == "lane")
    bands = "".join(box_svg(b) for b in layout.boxes if b.kind == "band")
    body = "".join(_swimlane_layers(layout, [b for b in layout.boxes if b.kind not in ("lane", "band")]))
    clips = (_el("clipPath", [("id", _attr(clip_id))], _el("rect", rect(head, header, a1 - a0, c1 - c0)))
             + _el("clipPath", [("id", _attr(phases_id))], _el("rect", rect(head, 0, a1 - a0, header))))
    dx, dy = real(0, header - c0)
    out = [_el("defs", [], clips),
           _el("g", [("class", "hb-nodes"), ("transform", f"translate({num(dx)} {num(dy)})")], lanes),
           clipped(phases_id, head - a0, header - strip, bands),
           clipped(clip_id, head - a0, header - c0, body)]
    x, y = real(head / 2, header / 2)
    out.append(_el("text", [("class", "hb-part-number"), ("x", num(x)), ("y", num(y + NUMBER_FONT * 0.35)),
                            ("font-size", num(NUMBER_FONT)), ("text-anchor", "middle")], _text(number)))
    for along, at, goes_on in ((True, head, a0 > head + 0.5), (True, length, a1 < full_along - 0.5),
                               (False, header, c0 > strip + 0.5), (False, breadth, c1 < full_across - 0.5)):
        if goes_on:
            (x1, y1), (x2, y2) = (real(at, 0), real(at, breadth)) if along else (real(0, at), real(length, at))
            out.append(_el("line", [("class", "hb-cut"), ("x1", num(x1)), ("y1", num(y1)), ("x2", num(x2)),
                                    ("y2", num(y2))]))
    return _document(width, height, title, _swimlane_cls(layout, extra_cls), out, "", scale)
