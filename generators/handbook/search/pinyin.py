"""Pinyin of the index vocabulary, computed with pypinyin at build time.

The browser has no pinyin dictionary; the index carries a compact table instead
(README.md "Pinyin"): the toneless reading of every character of the corpus (and
of the 6 763 characters of GB 2312, so a mistyped character outside the corpus still
has a sound), plus the words whose reading differs from their characters' default
readings (多音字 in context: 银行 yin hang, 长期 chang qi).
"""

from __future__ import annotations

from typing import Iterable

from .normalise import is_cjk


def _common_chars() -> str:
    """The 6 763 characters of GB 2312 (levels 1 and 2), in code order."""
    out = []
    for hi in range(0xB0, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                out.append(bytes((hi, lo)).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return "".join(out)


def pinyin_table(vocab: Iterable[str], texts: Iterable[str]) -> dict:
    """{"chars": [characters, their syllables joined by spaces], "words": {word: "syl syl"}}.

    `vocab`: folded vocabulary words; `texts`: folded corpus text (its characters
    get a reading). Syllables are lower-case, toneless, ü written v (pypinyin's
    NORMAL style with v_to_u off), as people type them: 女 = nv.
    """
    from pypinyin import Style, lazy_pinyin

    chars = {c for t in texts for c in t if is_cjk(c)} | set(_common_chars())
    vocab = sorted(set(vocab))
    chars |= {c for w in vocab for c in w if is_cjk(c)}
    ordered = sorted(chars)
    none = lambda chunk: [""] * len(chunk)  # noqa: E731 - a character without a reading
    # characters in one call: a list element is read on its own, no phrase across elements
    readings = {c: syl for c, syl in zip(ordered, lazy_pinyin(ordered, style=Style.NORMAL, errors=none))
                if syl.isascii() and syl.isalpha()}
    words = {}
    for w in vocab:  # one call per word: pypinyin segments a string into its phrases (应收会计 → kuai ji)
        if not all(c in readings for c in w):
            continue
        syls = lazy_pinyin(w, style=Style.NORMAL, errors=none)
        if len(syls) == len(w) and syls != [readings[c] for c in w] and all(s.isalpha() for s in syls):
            words[w] = " ".join(syls)
    return {"chars": ["".join(readings), " ".join(readings.values())], "words": words}


def fuzzy(syllable: str) -> str:
    """The syllable with the fuzzy-pinyin merges applied: shu → su, qing → qin, zhang → zan."""
    for a, b in (("zh", "z"), ("ch", "c"), ("sh", "s")):
        if syllable.startswith(a):
            syllable = b + syllable[2:]
            break
    for a, b in (("ang", "an"), ("eng", "en"), ("ing", "in")):
        if syllable.endswith(a):
            return syllable[:-len(a)] + b
    return syllable


class Pinyin:
    """Query-time lookups over a pinyin_table (Python side of search.js's Pinyin)."""

    def __init__(self, table: dict):
        chars, syls = table.get("chars", ["", ""])
        self.reading = dict(zip(chars, syls.split(" "))) if chars else {}
        self.words = table.get("words", {})

    def syllables(self, word: str) -> list[str] | None:
        """The word's toneless syllables, or None when a character has no reading."""
        if word in self.words:
            return self.words[word].split(" ")
        out = [self.reading.get(c) for c in word]
        return None if None in out else out
