"""Text folding shared by the index builder, the Python search and search.js.

Folding works one code point at a time so that every folded character can be
traced back to its source character: highlight ranges found in folded text are
mapped back onto the original text. The tables below are copied into the index
JSON (`fold`), so the browser applies exactly the same folding as Python.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from pathlib import Path

DROP = "\u00ad\u180e\u200b\u200c\u200d\u2060\ufeff"
"""Zero-width and soft-hyphen characters: invisible, so they must not break a match."""

SPACE = "\t\n\v\f\r"
"""Control whitespace folds to a plain space; NFKC already folds NBSP and U+3000."""

VARIANTS_FILE = Path(__file__).with_name("data") / "variants.txt"
"""Reviewed variant pairs (帐 → 账 …) folded after OpenCC's table."""

_CJK_BLOCKS = ((0x3400, 0x4DC0), (0x4E00, 0xA000), (0xF900, 0xFB00), (0x20000, 0x2A6E0),
               (0x2A700, 0x2EBF0), (0x30000, 0x31350))


def _variants() -> dict[str, str]:
    pairs: dict[str, str] = {}
    for line in VARIANTS_FILE.read_text(encoding="utf-8").splitlines():
        fields = line.split("#", 1)[0].split()
        if len(fields) == 2 and len(fields[0]) == len(fields[1]) == 1:
            pairs[fields[0]] = fields[1]
    return pairs


def _t2s_table() -> dict[str, str]:
    """Every character OpenCC's t2s converts to one other character, then the variant pairs.

    OpenCC converts a single character with its character table (TSCharacters,
    first candidate); phrase rules need context and cannot be applied per code
    point, which highlighting requires. Chains are resolved (帳 → 帐 → 账).
    """
    import opencc  # the library, not a copy of its tables

    convert = opencc.OpenCC("t2s").convert
    table: dict[str, str] = {}
    for lo, hi in _CJK_BLOCKS:
        for o in range(lo, hi):
            ch = chr(o)
            out = convert(ch)
            if out != ch and len(out) == 1:
                table[ch] = out
    variants = _variants()
    for ch, out in list(table.items()):
        table[ch] = variants.get(out, out)
    for ch, out in variants.items():
        table.setdefault(ch, out)
    return table


T2S = _t2s_table()
"""Traditional (and variant) character → Simplified, applied after NFKC and lower-casing."""


@lru_cache(maxsize=None)
def fold_char(ch: str) -> str:
    """Fold one code point: drop invisibles, NFKC (full-width -> half-width), lower-case, T->S."""
    if ch in DROP:
        return ""
    if ch in SPACE:
        return " "
    return "".join(T2S.get(c, c) for c in unicodedata.normalize("NFKC", ch).lower())


def normalise(text: str) -> str:
    """The folded form used for every comparison."""
    return "".join(fold_char(ch) for ch in text)


def normalise_with_map(text: str) -> tuple[str, list[int], list[int]]:
    """Folded text plus, for each folded character, the [start, end) of its source character."""
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for i, ch in enumerate(text):
        for c in fold_char(ch):
            out.append(c)
            starts.append(i)
            ends.append(i + 1)
    return "".join(out), starts, ends


def is_word_char(ch: str) -> bool:
    """Letters and digits of any script; everything else separates query terms (JS: [\\p{L}\\p{N}])."""
    return ch.isalnum()


def is_cjk(ch: str) -> bool:
    """Han ideographs: runs of these are segmented with the vocabulary."""
    o = ord(ch)
    return (0x3400 <= o <= 0x4DBF or 0x4E00 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF
            or 0x20000 <= o <= 0x3134F or o == 0x3007)


def phrase_of(folded: str) -> str:
    """The whole query as a phrase: edge separators stripped, inner spaces collapsed."""
    i, j = 0, len(folded)
    while i < j and not is_word_char(folded[i]):
        i += 1
    while j > i and not is_word_char(folded[j - 1]):
        j -= 1
    return " ".join(p for p in folded[i:j].split(" ") if p)


def fold_table() -> dict:
    """The folding data the browser needs, stored in the index."""
    return {
        "drop": DROP,
        "space": SPACE,
        "t2s": ["".join(T2S.keys()), "".join(T2S.values())],
    }
