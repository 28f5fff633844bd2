"""Query splitting and vocabulary segmentation.

The browser cannot run jieba, so jieba runs once at build time to collect the
corpus vocabulary; at query time a CJK run is split into the fewest vocabulary
words (a tiny dynamic programme that search.js repeats line for line).
"""

from __future__ import annotations

import logging
from typing import Iterable

from .cache import TextCache
from .normalise import is_cjk, is_word_char

STOPWORDS = "的了和与及或在对把被是之其等由吗呢吧啊呀么要该有"
"""Single characters dropped from a segmented run: 合同的评审 still means 合同 + 评审,
工程施工由谁负责 means 工程施工 + 负责 (particles and leftovers of a question)."""


def _vocabulary_words(text: str) -> tuple[str, ...]:
    """The CJK words (2+ characters) jieba finds in `text`, sorted."""
    import jieba  # build time only

    # HMM=False: only dictionary words, which is what query splitting needs, at twice the speed
    found = {run for word in jieba.lcut_for_search(text, HMM=False) for run in runs(word)
             if len(run) >= 2 and is_cjk(run[0])}
    return tuple(sorted(found))


def build_vocabulary(texts: Iterable[str], words: Iterable[str] = (), counts: dict[str, int] | None = None,
                     cache: TextCache | None = None) -> list[str]:
    """Sorted CJK words (2+ characters) that jieba finds in the folded corpus, plus `words`.

    `counts`, if given, receives for each word the number of distinct texts jieba found it in
    (its document frequency: how repairs choose among candidate words). `cache` remembers each
    text's words for the next build (cache.py); without one nothing is kept.
    """
    import jieba

    jieba.setLogLevel(logging.WARNING)
    cache = cache if cache is not None else TextCache()
    vocab = {run for word in words for run in runs(word) if len(run) >= 2 and is_cjk(run[0])}
    for text in set(texts):  # owners and titles repeat on every line of a page: each distinct text once
        found = cache.lookup(cache.words, text, _vocabulary_words)
        vocab.update(found)
        if counts is not None:
            for w in found:
                counts[w] = counts.get(w, 0) + 1
    return sorted(vocab)


def split_terms(folded_query: str) -> list[str]:
    """Terms of a folded query: maximal runs of letters/digits, first occurrence order, no duplicates."""
    terms: list[str] = []
    current: list[str] = []
    for ch in folded_query + " ":
        if is_word_char(ch):
            current.append(ch)
        elif current:
            term = "".join(current)
            if term not in terms:
                terms.append(term)
            current = []
    return terms


def runs(term: str) -> list[str]:
    """Split a term into alternating CJK / non-CJK runs: kpi考核 -> kpi, 考核."""
    out: list[str] = []
    for ch in term:
        if out and is_cjk(out[-1][-1]) == is_cjk(ch):
            out[-1] += ch
        else:
            out.append(ch)
    return out


def segment(run: str, vocab: set[str], max_len: int, allow_whole: bool) -> list[str]:
    """Fewest pieces (then fewest single characters); a piece is a vocabulary word or one character.

    `allow_whole=False` forbids the run itself as a piece, so a known word still
    yields its sub-words (合同评审 -> 合同, 评审) for the scattered-match fallback.
    """
    n = len(run)
    best: list[tuple[int, int] | None] = [None] * (n + 1)
    back = [0] * (n + 1)
    best[0] = (0, 0)
    for i in range(1, n + 1):
        for j in range(max(0, i - max_len), i):
            prev = best[j]
            if prev is None:
                continue
            single = i - j == 1
            if not single and (run[j:i] not in vocab or (j == 0 and i == n and not allow_whole)):
                continue
            cand = (prev[0] + 1, prev[1] + (1 if single else 0))
            if best[i] is None or cand < best[i]:
                best[i] = cand
                back[i] = j
    pieces: list[str] = []
    i = n
    while i > 0:
        pieces.append(run[back[i]:i])
        i = back[i]
    return pieces[::-1]


def lenient_parts(term: str, vocab: set[str], max_len: int, stopwords: str = STOPWORDS) -> list[str] | None:
    """The vocabulary words of a term, every lone character dropped (the last repair of a term that
    matches nothing: 开发票 → 发票), or None when no word is left."""
    pieces: list[str] = []
    for run in runs(term):
        if is_cjk(run[0]):
            pieces.extend(segment(run, vocab, max(max_len, 1), allow_whole=True))
        else:
            pieces.append(run)
    kept = [p for i, p in enumerate(pieces) if not (len(p) == 1 and is_cjk(p)) and p not in pieces[:i]]
    return kept or None


def parts_of(term: str, vocab: set[str], max_len: int, stopwords: str = STOPWORDS) -> list[str] | None:
    """The words a term splits into for the scattered-match fallback, or None.

    Stop characters are dropped. Any other lone character (开 in 负责开发票) is
    dropped too when at least two words remain; with fewer, the term has no parts
    (回款率 must not fall back to every line about 回款). One word is enough when only
    stop characters were dropped (工程施工由 → 工程施工).
    """
    term_runs = runs(term)
    pieces: list[str] = []
    for run in term_runs:
        if is_cjk(run[0]):
            pieces.extend(segment(run, vocab, max(max_len, 1), allow_whole=len(term_runs) > 1))
        else:
            pieces.append(run)
    kept: list[str] = []
    stray = stopped = False
    for piece in pieces:
        if len(piece) == 1 and is_cjk(piece):
            if piece in stopwords:
                stopped = True
            else:
                stray = True
            continue
        if piece not in kept:
            kept.append(piece)
    if len(kept) >= 2 or (len(kept) == 1 and stopped and not stray and kept[0] != term):
        return kept
    return None
