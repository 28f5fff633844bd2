"""Per-text work of index building, kept by a caller between builds.

The live preview re-indexes the whole handbook on every save, and almost every text is the
same as last time; folding a text and asking jieba for its words are the costly steps. A
TextCache remembers both. The caller owns it: build_index(..., cache=...) uses the one it is
given, or a fresh one for that call only. Nothing is kept between calls otherwise; a Searcher
owns what it derives from its index.

The only process-wide tables are derived from the package itself: normalise.T2S (OpenCC's
table, computed once), normalise.fold_char (memoised per code point: at most one entry per
character ever seen) and synonyms.base_groups (data/synonyms.yaml, read once).
"""

from __future__ import annotations

from typing import Callable, TypeVar

T = TypeVar("T")

LIMIT = 1_000_000
"""Texts per table; a longer preview session starts the table over rather than grow."""


class TextCache:
    """Text → folded text, and text → its vocabulary words (jieba). `clear()` empties both."""

    def __init__(self, limit: int = LIMIT):
        self.limit = limit
        self.folded: dict[str, str] = {}
        self.words: dict[str, tuple[str, ...]] = {}

    def lookup(self, table: dict[str, T], text: str, compute: Callable[[str], T]) -> T:
        """table[text], computed with `compute(text)` and stored the first time."""
        value = table.get(text)
        if value is None:
            if len(table) >= self.limit:
                table.clear()
            value = table[text] = compute(text)
        return value

    def clear(self) -> None:
        self.folded.clear()
        self.words.clear()
