"""The phases of a swimlane chart (process phases as bands across all lanes): which step columns each
covers, where it runs along the flow, and its name wrapped into the phase strip.

Horizontal charts draw the strip as a row above the lanes; vertical charts as a narrow column beside them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

from .boxes import block
from .shapes import Band, FlowNode, TextBlock
from .text import orphaned, text_width

if TYPE_CHECKING:
    from .swimlane import AlongAxis

BAND_FONT, BAND_LH, BAND_PAD = 13.0, 17.0, 6.0
BAND_V_WIDTHS = (2, 3, 4, 6)
"""Vertical charts: the phase column is this many characters wide, the narrowest that fits."""


def band_runs(bands: Sequence[Band], nodes: Sequence[FlowNode]) -> list[tuple[Band, int, int]]:
    """Runs of consecutive step columns in one phase: (band, first column, last column). Columns count
    from 1 (column 0 is Start); a phase that comes back after another gets a second run."""
    band_of = {b.id: b for b in bands}
    runs: list[tuple[Band, int, int]] = []
    for c, node in enumerate(nodes, start=1):
        if node.phase in band_of:
            if runs and runs[-1][0].id == node.phase and runs[-1][2] == c - 1:
                runs[-1] = (runs[-1][0], runs[-1][1], c)
            else:
                runs.append((band_of[node.phase], c, c))
    return runs


def band_spans(runs: list[tuple[Band, int, int]], along: AlongAxis) -> list[tuple[Band, float, float]]:
    """Each run's (band, start, end) along the flow: from the middle of the gutter before its first
    column to the middle of the gutter after its last, 1 px in from each."""
    g_a, g_w = along.gutter, along.gutter_w
    return [(b, g_a[c0] + g_w[c0] / 2 + 1, g_a[c1 + 1] + g_w[c1 + 1] / 2 - 1) for b, c0, c1 in runs]


def band_labels(spans: list[tuple[Band, float, float]], vertical: bool) -> tuple[list[TextBlock], float]:
    """(the phase names as text blocks, across-extent of the phase strip; 0 without phases).

    Horizontal charts: a row above the lanes, each name wrapped to its span. Vertical charts: a narrow
    column beside the lanes, the narrowest of BAND_V_WIDTHS characters in which every name fits its span
    with balanced lines, none of them a single character (issue 15: "运营｜与评｜估" takes three
    characters, "运营与｜评估").
    """
    if spans and vertical:
        one_line = max(text_width(b.label, BAND_FONT) for b, *_ in spans) + 1  # always fits: a row is >= 2 lines high
        for inner in [chars * BAND_FONT + 1 for chars in BAND_V_WIDTHS if chars * BAND_FONT + 1 < one_line] + [one_line]:
            band_blocks = [block(b.label, inner, BAND_FONT, BAND_LH, "header") for b, *_ in spans]
            if all(tb.height + 2 * BAND_PAD <= a1 - a0 and not orphaned(tb.lines)
                   for tb, (_, a0, a1) in zip(band_blocks, spans)):
                break
        return band_blocks, inner + 2 * BAND_PAD
    if spans:
        band_blocks = [block(b.label, a1 - a0 - 2 * BAND_PAD, BAND_FONT, BAND_LH, "header") for b, a0, a1 in spans]
        return band_blocks, max(BAND_LH, max(tb.height for tb in band_blocks)) + 2 * BAND_PAD
    return [], 0.0
