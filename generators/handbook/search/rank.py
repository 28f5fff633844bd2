"""Matching and ranking: the reference implementation that search.js mirrors.

The rules are written out in README.md next to this file; any change here must
be made in assets/search.js too (tests/test_search_parity.py compares them).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from .index import haystack
from .normalise import normalise, normalise_with_map, phrase_of
from .segment import parts_of, split_terms

LITERAL, PARTS, SYNONYM, MISS = 3, 2, 1, 0
"""How a term matched an entry; higher is better."""


@dataclass(frozen=True)
class Result:
    id: str
    type: str
    title: str
    text: str
    url: str
    owner: str
    unit: str
    unit_name: str
    is_name: bool
    highlights: tuple[tuple[int, int], ...]  # [start, end) code-point ranges in `text`
    tier: int  # 0 name, 1 phrase, 2 all terms literal, 3 via synonyms

    def to_dict(self) -> dict:
        d = asdict(self)
        d["highlights"] = [list(r) for r in self.highlights]
        return d


@dataclass(frozen=True)
class Term:
    text: str
    synonyms: tuple[str, ...]
    parts: tuple[tuple[str, tuple[str, ...]], ...]  # (word, its synonyms); empty = no fallback

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
        if quality == LITERAL:
            return [self.text]
        words = [p for p, _ in self.parts]
        if quality == SYNONYM:
            words += list(self.synonyms) + [s for _, ps in self.parts for s in ps]
        return words


class Searcher:
    """An index prepared for repeated queries (vocabulary set, synonym map, split haystacks)."""

    def __init__(self, index: dict):
        col = {name: i for i, name in enumerate(index["fields"])}
        self._col = col
        self.rows = index["entries"]
        self.hays = [haystack(row[col["title"]], row[col["text"]], row[col["owner"]]) for row in self.rows]
        self.units = dict(index["units"])
        self.vocab = set(index["vocab"])
        self.max_len = max((len(w) for w in self.vocab), default=1)
        self.stopwords = index["stopwords"]
        self.type_rank = index["type_rank"]
        self.type_words = sorted(index["type_words"].items(), key=lambda item: (-len(item[0]), item[0]))
        self.fillers = index["fillers"]
        self.synonyms: dict[str, list[str]] = {}
        for group in index["synonyms"]:
            for word in group:
                others = self.synonyms.setdefault(word, [])
                others.extend(o for o in group if o != word and o not in others)

    def terms(self, query: str) -> tuple[str, list[Term]]:
        """The folded phrase and the AND-ed terms of a query."""
        folded = normalise(query)
        terms = []
        for t in split_terms(folded):
            parts = parts_of(t, self.vocab, self.max_len, self.stopwords) or []
            terms.append(Term(t, tuple(self.synonyms.get(t, ())),
                              tuple((p, tuple(self.synonyms.get(p, ()))) for p in parts)))
        return phrase_of(folded), terms

    def rewrite(self, query: str) -> tuple[str, str | None]:
        """Drop question words and take out one type word (the type hint), unless nothing would be left."""
        folded = normalise(query)
        for word in self.fillers:
            rest = folded.replace(word, " ")
            if phrase_of(rest):
                folded = rest
        for word, type_ in self.type_words:
            at = folded.rfind(word)
            if at >= 0:
                rest = folded[:at].rstrip("的 ") + " " + folded[at + len(word):]
                if phrase_of(rest):
                    return rest, type_
        return folded, None

    def search(self, query: str, *, type: str | None = None, unit: str | None = None,
               limit: int | None = 50) -> list[Result]:
        rewritten, hint = self.rewrite(query)
        if hint and not type:
            hinted = self._search(rewritten, hint, unit, limit)
            if hinted:
                return hinted
        return self._search(rewritten, type, unit, limit)

    def _search(self, query: str, type: str | None, unit: str | None, limit: int | None) -> list[Result]:
        phrase, terms = self.terms(query)
        if not terms:
            return []
        c = self._col
        scored = []
        for i, row in enumerate(self.rows):
            if (type and row[c["type"]] != type) or (unit and row[c["unit"]] != unit):
                continue
            hay = self.hays[i]
            qualities = [t.quality(hay) for t in terms]
            if MISS in qualities:
                continue
            title_n, text_n, owner_n = hay.split("\n")
            head = title_n + "\n" + owner_n
            if all(q == LITERAL for q in qualities):
                if row[c["is_name"]] and phrase_of(title_n) == phrase:
                    tier = 0
                else:
                    tier = 1 if phrase in hay else 2
            else:
                tier = 2 if SYNONYM not in qualities else 3
            if tier <= 1:
                in_text = 0 if tier == 0 or phrase in text_n else 1
            else:  # 商务助理 发票: the owner named in the query, the rest in the line itself, ranks first
                words = [w for t, q in zip(terms, qualities) for w in t.words(q)]
                in_line = [w.quality(text_n) != MISS for w in words]
                split = any(in_line) and not all(in_line) and all(
                    in_line[k] or w.quality(head) != MISS for k, w in enumerate(words))
                in_text = 0 if split else (1 if all(in_line) else 2)
            if row[c["is_name"]]:
                named = 0 if (phrase in phrase_of(title_n) if tier <= 1 else all(t.quality(title_n) for t in terms)) else 1
            else:
                named = 1
            rank = self.type_rank.get(row[c["type"]], 4)
            weak = sum(LITERAL - q for q in qualities)
            key = (tier, named, in_text, rank, weak, len(row[c["text"]]), row[c["id"]])
            scored.append((key, i, qualities))
        scored.sort(key=lambda s: s[0])
        if limit is not None:
            scored = scored[:limit]
        return [self._result(i, key[0], terms, qualities) for key, i, qualities in scored]

    def _result(self, i: int, tier: int, terms: list[Term], qualities: list[int]) -> Result:
        row, c = self.rows[i], self._col
        text = row[c["text"]]
        needles = [n for t, q in zip(terms, qualities) for n in t.needles(q)]
        return Result(
            id=row[c["id"]], type=row[c["type"]], title=row[c["title"]], text=text,
            url=row[c["url"]], owner=row[c["owner"]], unit=row[c["unit"]],
            unit_name=self.units.get(row[c["unit"]], ""), is_name=bool(row[c["is_name"]]),
            highlights=highlight(text, needles), tier=tier,
        )


def highlight(text: str, needles: list[str]) -> tuple[tuple[int, int], ...]:
    """Merged [start, end) ranges of every occurrence of every needle, in original-text offsets."""
    folded, starts, ends = normalise_with_map(text)
    spans: list[tuple[int, int]] = []
    for needle in needles:
        if not needle:
            continue
        at = folded.find(needle)
        while at >= 0:
            spans.append((starts[at], ends[at + len(needle) - 1]))
            at = folded.find(needle, at + 1)
    merged: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    return tuple(merged)


_last: tuple[dict, Searcher] | None = None


def search(index: dict, query: str, *, type: str | None = None, unit: str | None = None,
           limit: int | None = 50) -> list[Result]:
    """Search `index` (from build_index); the Searcher for the last index is reused."""
    global _last
    if _last is None or _last[0] is not index:
        _last = (index, Searcher(index))
    return _last[1].search(query, type=type, unit=unit, limit=limit)
