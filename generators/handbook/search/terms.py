"""A query term and how it matches a haystack (README.md sections 2–3, 5): shared by ranking and repairs."""

from __future__ import annotations

from dataclasses import dataclass

LITERAL, PARTS, SYNONYM, MISS = 3, 2, 1, 0
"""How a term matched an entry; higher is better."""


@dataclass(frozen=True)
class Term:
    text: str
    synonyms: tuple[str, ...]
    parts: tuple[tuple[str, tuple[str, ...]], ...]  # (word, its synonyms); empty = no fallback
    shown: str = ""  # how the term reads in 已按“…”搜索 (pinyin: the words it spells)

    def __post_init__(self):
        if not self.shown:
            object.__setattr__(self, "shown", self.text)

    def quality(self, hay: str) -> int:
        if self.text in hay:
            return LITERAL
        if self.parts and all(p in hay for p, _ in self.parts):
            return PARTS
        if any(s in hay for s in self.synonyms):
            return SYNONYM
        if self.parts and all(p in hay or any(s in hay for s in ps) for p, ps in self.parts):
            return SYNONYM
        return MISS

    def words(self, quality: int) -> list["Term"]:
        """The units that matched: the term itself, or each of its parts when it matched in parts."""
        if quality == LITERAL or not self.parts:
            return [self]
        return [Term(p, ps, ()) for p, ps in self.parts]

    def needles(self, quality: int) -> list[str]:
        """The strings to highlight, given how the term matched."""
        if quality == MISS:
            return []
        if quality == LITERAL:
            return [self.text]
        words = [p for p, _ in self.parts]
        if quality == SYNONYM:
            words += list(self.synonyms) + [s for _, ps in self.parts for s in ps]
        return words
