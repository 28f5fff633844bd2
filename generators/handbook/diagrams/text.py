"""Text measuring and line wrapping for diagram labels.

The layout runs at build time without a browser, so it cannot ask a font for
metrics. Instead every SVG names its font stack (`FONT_STACK`) and the layout
uses, per character, the largest advance width among the fonts that stack can
resolve to: Noto Sans CJK SC and DejaVu Sans (Debian, the fonts tests/run.sh
installs), Microsoft YaHei and SimSun (Windows); PingFang SC (macOS) is
narrower than DejaVu Sans for Latin text. The table `glyph_widths.json` is
written by `benchmarks/font_widths.py` from the fonts' advance widths (hmtx).
CJK ideographs and full-width forms are 1 em in all of them. Over-estimating
only costs a little white space; under-estimating would let text spill out of
its box.
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import cache
from pathlib import Path

FONT_STACK = '"PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", SimSun, sans-serif'
"""CSS font-family of every diagram; the width table bounds each of these fonts."""
_WIDTH_TABLE = Path(__file__).with_name("glyph_widths.json")
_UNKNOWN_NARROW_EM = 1.0
"""Characters outside the table and not East Asian wide: bounded by a full em."""
_NO_LINE_START = frozenset("，。、；：？！）》」』】〕〉｝］…—’”·%,.;:?!)]}>")
"""Closing punctuation stays on the line of the character before it (kinsoku)."""
_NO_LINE_END = frozenset("（《「『【〔〈｛［‘“([{<")
"""Opening punctuation stays on the line of the character after it."""
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_SPACES = re.compile(r"\s+")


def clean(s: str) -> str:
    """Drop characters XML cannot carry and collapse whitespace, as SVG would when rendering."""
    return _SPACES.sub(" ", _INVALID_XML.sub("", s)).strip()


@cache
def _glyph_widths() -> dict[str, float]:
    """Character → upper-bound advance width in em, from `glyph_widths.json`."""
    return json.loads(_WIDTH_TABLE.read_text(encoding="utf-8"))["widths"]


def char_width(ch: str) -> float:
    """Upper bound of the width of one character in em over the fonts of `FONT_STACK`."""
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Cc", "Cf"):
        return 0.0
    known = _glyph_widths().get(ch)
    if known is not None:
        return known
    if unicodedata.east_asian_width(ch) in ("F", "W", "A"):
        return 1.0  # ideographs, full-width forms and ambiguous marks (“”…—) are 1 em in CJK fonts
    return _UNKNOWN_NARROW_EM


def text_width(s: str, font_size: float) -> float:
    """Estimated rendered width of `s` in pixels at `font_size`."""
    return sum(char_width(ch) for ch in s) * font_size


def _is_word_char(ch: str) -> bool:
    """Characters that belong to a Latin word and must not be split from their neighbours."""
    return ch != " " and unicodedata.east_asian_width(ch) not in ("F", "W", "A")


def _tokens(s: str) -> list[str]:
    """Split into unbreakable pieces: Latin words, single CJK characters and single spaces."""
    tokens: list[str] = []
    for ch in s:
        if ch == " ":
            tokens.append(" ")
        elif tokens and tokens[-1] != " " and _is_word_char(ch) and _is_word_char(tokens[-1][-1]):
            tokens[-1] += ch
        elif tokens and tokens[-1] != " " and ch in _NO_LINE_START:
            tokens[-1] += ch
        elif tokens and tokens[-1] != " " and tokens[-1][-1] in _NO_LINE_END:
            tokens[-1] += ch
        else:
            tokens.append(ch)
    return tokens


def _split_long(token: str, max_width: float, font_size: float) -> list[str]:
    """Break a token wider than the line character by character (last resort for long words)."""
    parts, cur = [], ""
    for ch in token:
        if cur and text_width(cur + ch, font_size) > max_width:
            parts.append(cur)
            cur = ch
        else:
            cur += ch
    parts.append(cur)
    return parts


def wrap(s: str, max_width: float, font_size: float) -> list[str]:
    """Balanced line breaking: as few lines as greedy breaking at `max_width` pixels gives, but
    each line as short as that line count allows, and never a line that is a single CJK character
    unless the whole text is one ("营销中心总经｜理" becomes "营销中心｜总经理", "运营与评｜估" "运营｜与评估").

    CJK may break between any two characters, Latin words only at spaces
    (or, if a single word is too long, anywhere). Returns [] for blank text.
    Only a single character wider than `max_width` can exceed it. When `max_width` is too narrow for
    any break without an orphan (a five-character name two characters wide), the balanced break with
    one is returned: callers that may widen check `orphaned` (see bands.band_labels).
    """
    count = len(_greedy(s, max_width, font_size))
    if count < 2:
        return _greedy(s, max_width, font_size)
    return _balanced(s, max_width, font_size, count, orphans=False) or _balanced(s, max_width, font_size, count) \
        or _greedy(s, max_width, font_size)


def orphaned(lines: list[str] | tuple[str, ...]) -> bool:
    """Whether a wrapped label has a line that is a single CJK character (punctuation aside) although
    the label has more than one character: issue 15's "never a single orphaned character"."""
    return len(lines) > 1 and any(_is_orphan(line) for line in lines)


def _is_orphan(line: str) -> bool:
    core = line.strip("".join(_NO_LINE_START | _NO_LINE_END))
    return len(core) == 1 and _is_cjk(core)


def _pieces(s: str, max_width: float, font_size: float) -> list[tuple[str, bool]]:
    """Unbreakable pieces as (text, preceded by a space); words wider than a line are pre-split."""
    out: list[tuple[str, bool]] = []
    space = False
    for tok in _tokens(clean(s)):
        if tok == " ":
            space = bool(out)
            continue
        parts = _split_long(tok, max_width, font_size) if text_width(tok, font_size) > max_width else [tok]
        for k, part in enumerate(parts):
            out.append((part, space and k == 0))
        space = False
    return out


def _balanced(s: str, max_width: float, font_size: float, count: int, orphans: bool = True) -> list[str] | None:
    """Exactly `count` lines of at most `max_width`, minimising the sum of squared slack (even lengths);
    without `orphans`, no line may be a single CJK character. None if no such split exists.

    Dynamic programming over the unbreakable pieces.
    """
    pieces = _pieces(s, max_width, font_size)
    n = len(pieces)

    def line(i: int, j: int) -> str:
        return "".join((" " if sp and k > i else "") + t for k, (t, sp) in enumerate(pieces[i:j], start=i))

    inf = float("inf")
    best = [[inf] * (count + 1) for _ in range(n + 1)]
    back = [[0] * (count + 1) for _ in range(n + 1)]
    best[0][0] = 0.0
    for j in range(1, n + 1):
        for i in range(j - 1, -1, -1):
            text = line(i, j)
            w = text_width(text, font_size)
            if w > max_width and j - i > 1:
                break
            if not orphans and j - i == 1 and _is_orphan(text):
                continue
            for k in range(1, count + 1):
                if best[i][k - 1] < inf:
                    cost = best[i][k - 1] + (max_width - w) ** 2
                    if cost < best[j][k]:
                        best[j][k], back[j][k] = cost, i
    if best[n][count] == inf:
        return None
    lines, j = [], n
    for k in range(count, 0, -1):
        i = back[j][k]
        lines.append(line(i, j))
        j = i
    return lines[::-1]


def _is_cjk(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("F", "W")


def _greedy(s: str, max_width: float, font_size: float) -> list[str]:
    """Greedy line breaking: fill each line up to `max_width` pixels."""
    lines: list[str] = []
    cur = ""
    pending_space = False
    for tok in _tokens(clean(s)):
        if tok == " ":
            pending_space = bool(cur)
            continue
        candidate = cur + (" " if pending_space else "") + tok
        pending_space = False
        if text_width(candidate, font_size) <= max_width:
            cur = candidate
            continue
        if cur:
            lines.append(cur)
        if text_width(tok, font_size) <= max_width:
            cur = tok
        else:
            *full, cur = _split_long(tok, max_width, font_size)
            lines.extend(full)
    if cur:
        lines.append(cur)
    return lines
