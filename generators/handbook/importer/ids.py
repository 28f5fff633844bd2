"""Readable record ids from Chinese names: 商务助理 → shangwu-zhuli (pypinyin, words from jieba).

Used where the tool has to invent ids (the simple duty-list import); an id appears in URLs and
in references such as reports_to, so it should be something a person can read and type.
"""

from __future__ import annotations

import re

from ..model import ID_PATTERN

MAX_LENGTH = 64
_ID = re.compile(ID_PATTERN)
_NOT_ID = re.compile(r"[^a-z0-9]+")


def pinyin_slug(name: str) -> str:
    """Pinyin of `name` without tones, one hyphen-free run per word: 商务助理 → "shangwu-zhuli",
    销售管理部 → "xiaoshou-guanlibu"; Latin letters and digits are kept (lower case). "" when nothing is left."""
    import logging

    import jieba
    from pypinyin import Style, lazy_pinyin

    jieba.setLogLevel(logging.WARNING)  # its "Building prefix dict…" lines are not for editors

    words = []
    for word in jieba.lcut(name):
        syllables = lazy_pinyin(word, style=Style.NORMAL, errors=lambda chars: [chars])
        text = _NOT_ID.sub("-", "".join(syllables).lower()).strip("-")
        if text:
            words.append(text)
    return "-".join(words)[:MAX_LENGTH].strip("-")


def readable_id(name: str, taken: set[str], fallback: str, context: str = "") -> str:
    """A new id for a record called `name`, not in `taken` (which it joins).

    Tries the name's pinyin; when that is taken, the context's pinyin before it (e.g. the unit:
    xiaoshou-bu-shangwu-zhuli); then numbers: shangwu-zhuli-2, -3 … `fallback` ("unit", "pos")
    stands in when the name has no letters at all.
    """
    base = pinyin_slug(name) or fallback
    candidates = [base]
    if context:
        prefix = pinyin_slug(context)
        if prefix:
            candidates.append(f"{prefix}-{base}"[:MAX_LENGTH].strip("-"))
    for candidate in candidates:
        if candidate not in taken and _ID.match(candidate):
            taken.add(candidate)
            return candidate
    number = 2
    while True:
        suffix = f"-{number}"
        candidate = base[: MAX_LENGTH - len(suffix)].strip("-") + suffix
        if candidate not in taken:
            taken.add(candidate)
            return candidate
        number += 1
