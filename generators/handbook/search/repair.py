"""Repairs of a term that matches nothing (README.md 2b): pinyin, typos, stray characters.
The browser's side is assets/search-repairs.js.

A mixin of rank.Searcher: it reads the searcher's vocabulary (`vocab`, `vocab_list`, `max_len`,
`stopwords`), `pinyin`, `hays`, document frequencies (`_freq`), `max_corrections`, and builds
terms with its `term()`. The typo masks and pinyin keys it derives are kept on the searcher.
"""

from __future__ import annotations

from .normalise import is_cjk
from .pinyin import fuzzy
from .segment import lenient_parts
from .terms import MISS, Term


class Repairs:
    def alive(self, term: Term) -> bool:
        """Whether some entry matches the term (literally, in parts or through a synonym).

        A word is looked up once in all haystacks joined (a dead term needs no entry-by-entry
        scan unless each of its parts occurs somewhere)."""
        if self._all is None:
            self._all = "\0".join(self.hays)
        anywhere = self._all.__contains__
        if anywhere(term.text) or any(map(anywhere, term.synonyms)):
            return True
        if not term.parts or not all(anywhere(p) or any(map(anywhere, ps)) for p, ps in term.parts):
            return False
        return any(term.quality(h) != MISS for h in self.hays)

    def repair(self, terms: list[Term]) -> tuple[list[Term], bool]:
        """Terms that match nothing (README.md 2b). Returns (terms, changed).

        In order: Latin letters → the words their pinyin spells; a typo → the term with a
        vocabulary word one character away that sounds the same (合同评申 → 合同评审); stray
        characters → dropped, each remaining word its own term (开发票 → 发票); a vocabulary
        word one character away that sounds different; else the term is dropped.
        """
        out, changed = [], False
        for t in terms:
            if self.alive(t):
                out.append(t)
                continue
            changed = True
            if t.text.isascii() and t.text.isalpha() and len(t.text) >= 2:
                spelt = self.pinyin_term(t.text)
                if spelt is not None:
                    out.append(spelt)
                continue
            fixed = self.correct(t.text, same_sound=True)
            if fixed is not None:
                out.append(fixed)
                continue
            words = [w for w in (lenient_parts(t.text, self.vocab, self.max_len, self.stopwords) or [])
                     if self.alive(self.term(w))]
            if words:
                out.extend(self.term(w) for w in words)
                continue
            fixed = self.correct(t.text, same_sound=False)
            if fixed is not None:
                out.append(fixed)
        if changed and not out:
            return terms, False
        return out, changed

    def frequency(self, word: str) -> int:
        """The word's document frequency from the index (vocab_freq), 0 if unknown; chooses among repairs."""
        return self._freq.get(word, 0)

    def pinyin_words(self, latin: str) -> tuple[list[str], list[str]]:
        """Vocabulary words whose full pinyin is `latin` (fapiao), and those whose initials are (swzl)."""
        if self._py_words is None:
            self._py_words = {}
            for w in self.vocab_list:
                syls = self.pinyin.syllables(w)
                if not syls:
                    continue
                self._py_words.setdefault("".join(syls), ([], []))[0].append(w)
                self._py_words.setdefault("".join(x[0] for x in syls), ([], []))[1].append(w)
        return self._py_words.get(latin, ([], []))

    def pinyin_term(self, latin: str) -> Term | None:
        """The term a Latin word spells: the most frequent word with that full pinyin, else with
        those initials (the other candidates become its synonyms); else a run of words whose full
        pinyin, concatenated, is `latin` (shichangdudao → 市场督导)."""
        full, initials = self.pinyin_words(latin)
        for found in (full, initials if len(latin) >= 2 else []):
            if found:
                ranked = sorted(found, key=lambda w: (-self.frequency(w), w))
                best = self.term(ranked[0])
                extra = tuple(w for w in ranked[1:6] if w not in best.synonyms)
                return Term(best.text, best.synonyms + extra, best.parts, shown=ranked[0])
        n = len(latin)
        best: list[list[str] | None] = [None] * (n + 1)
        best[0] = []
        for i in range(1, n + 1):
            for j in range(i):
                if best[j] is None:
                    continue
                found = self.pinyin_words(latin[j:i])[0]
                if not found:
                    continue
                word = min(found, key=lambda w: (-self.frequency(w), w))
                cand = best[j] + [word]
                if best[i] is None or len(cand) < len(best[i]):
                    best[i] = cand
        if best[n] and len(best[n]) >= 2:
            term = self.term("".join(best[n]))
            if self.alive(term):
                return term
        return None

    def correct(self, text: str, same_sound: bool = False) -> Term | None:
        """The term with one window replaced by a vocabulary word one character away.

        Candidates: longest window first, then a replacement with the same sound
        (pinyin, toneless) as the typed character, then code-point order; the first
        whose corrected term matches something wins.
        """
        if self._masks is None:
            self._masks = {}
            for w in self.vocab_list:
                for k in range(len(w)):
                    self._masks.setdefault(w[:k] + "?" + w[k + 1:], []).append(w)
        cands = []
        for size in range(len(text), 1, -1):
            for start in range(len(text) - size + 1):
                window = text[start:start + size]
                if window in self.vocab or not all(is_cjk(ch) for ch in window):
                    continue
                for k in range(size):
                    for w in self._masks.get(window[:k] + "?" + window[k + 1:], ()):
                        a, b = self.pinyin.syllables(window[k]), self.pinyin.syllables(w[k])
                        same = 0 if a and b and fuzzy(a[0]) == fuzzy(b[0]) else 1
                        cands.append((-size, same, w, start))
        tried = 0
        for _, different, w, start in sorted(set(cands)):
            if same_sound and different:
                continue
            tried += 1
            if tried > self.max_corrections:
                break
            fixed = self.term(text[:start] + w + text[start + len(w):])
            if self.alive(fixed):
                return fixed
        return None
