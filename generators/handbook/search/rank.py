"""Matching and ranking (README.md sections 2–5): the Python engine. Terms are in terms.py,
the repairs of a term that matches nothing (section 2b) in repair.py.

assets/search-engine.js (+ search-repairs.js) implements the same rules for the browser. Both must pass the shared
test vectors (vectors.yaml next to this file; tests/test_search_vectors.py), and
tests/test_search_parity.py compares the two on whole query sets.
"""

from __future__ import annotations

from dataclasses import dataclass

from .cache import TextCache
from .index import SearchIndex, haystack
from .normalise import normalise, normalise_with_map, phrase_of
from .pinyin import Pinyin
from .repair import Repairs
from .rules import PROCESS_TYPE, STEP_TYPE
from .segment import parts_of, split_terms
from .terms import LITERAL, MISS, SYNONYM, Term

GROUPED = 4
"""Tier of a process step listed under its process (合同评审的步骤) without matching the terms."""


def step_number(title: str) -> int:
    """A step entry's position in its process: its title reads "3. 合同审批"."""
    head = title.split(".", 1)[0]
    return int(head) if head.isdigit() else 0


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


class Results(list):
    """Search results plus how the query was read (search.js: the array's `hint` and `corrected`).

    `hint`: the entry type a type word in the query narrowed to (shown in the filter
    controls), or None. `corrected`: the query actually searched when a term was
    corrected, expanded from pinyin or dropped (shown as 已按“…”搜索), else None.
    """

    hint: str | None = None
    corrected: str | None = None


class Searcher(Repairs):
    """An index prepared for repeated queries (vocabulary set, synonym map, folded haystacks).

    Everything it derives (haystacks, typo masks, pinyin keys) belongs to this object: keep
    one Searcher per index for repeated queries. `cache`: the TextCache build_index used, so
    the texts it folded are not folded again (titles and owners repeat on every line anyway)."""

    def __init__(self, index: SearchIndex, cache: TextCache | None = None):
        self.entries = index.entries
        cache = cache if cache is not None else TextCache()
        known = cache.folded

        def fold(text: str) -> str:
            return known.get(text) or cache.lookup(known, text, normalise)

        self.hays = [haystack(e.title, e.text, e.owner, fold) for e in self.entries]
        self.unit_names = dict(index.units)
        self.vocab = set(index.vocab)
        self.vocab_list = index.vocab
        self.max_len = max((len(w) for w in self.vocab), default=1)
        self.stopwords = index.stopwords
        self.type_rank = index.type_rank
        self.other_rank = index.other_rank
        self.type_words = sorted(index.type_words.items(), key=lambda item: (-len(item[0]), item[0]))
        self.fillers = index.fillers
        self.pinyin = Pinyin(index.pinyin)
        self._masks: dict[str, list[str]] | None = None
        self._all: str | None = None
        self._py_words: dict[str, tuple[list[str], list[str]]] | None = None
        self._freq = dict(zip(index.vocab, index.vocab_freq))
        self.leftovers = index.leftovers
        self.max_corrections = index.max_corrections
        self.names = [i for i, e in enumerate(self.entries) if e.is_name]
        self.synonyms: dict[str, list[str]] = {}
        absent = set(index.absent)  # words in no entry: a key, never worth looking for
        for group in index.synonyms:
            for word in group:
                others = self.synonyms.setdefault(word, [])
                others.extend(o for o in group if o != word and o not in others and o not in absent)

    def terms(self, query: str) -> tuple[str, list[Term]]:
        """The folded phrase and the AND-ed terms of a query."""
        folded = normalise(query)
        return phrase_of(folded), [self.term(t) for t in split_terms(folded)]

    def rewrite(self, query: str, hints: bool = True) -> tuple[str, str | None]:
        """Drop question words (and then the leftovers of a question: 负责, 处理 …) and take out one
        type word (the type hint), unless nothing would be left."""
        folded = normalise(query)
        question = False
        for word in self.fillers:
            rest = folded.replace(word, " ")
            if phrase_of(rest):
                question = question or rest != folded
                folded = rest
        if question:  # 谁负责催收: 负责 only carried the question
            for word in self.leftovers:
                rest = folded.replace(word, " ")
                if phrase_of(rest):
                    folded = rest
        if not hints:
            return folded, None
        for word, type_ in self.type_words:
            at = folded.rfind(word)
            if at >= 0:
                rest = folded[:at].rstrip("的 ") + " " + folded[at + len(word):]
                if phrase_of(rest):
                    return rest, type_
        return folded, None

    def search(self, query: str, *, type: str | None = None, unit: str | None = None,
               limit: int | None = 50, exact: bool = False, no_hint: bool = False) -> Results:
        """Results for `query` (README.md sections 2–4). `exact` turns off the repairs of
        section 2b (typo correction, pinyin, dropping what matches nothing); `no_hint` keeps a
        type word out of the query without filtering by it (the reader cleared the implied filter)."""
        rewritten, hint = self.rewrite(query)
        if hint and self._named(phrase_of(normalise(query))):
            rewritten, hint = self.rewrite(query, hints=False)  # 制度与流程管理部 is a name, not a filter
        if no_hint:
            hint = None
        phrase, terms = self.terms(rewritten)
        changed = False
        results, used = self._hinted(phrase, terms, hint, type, unit, limit)
        if not results and not exact:  # a result matches every term: only an empty list can hide a dead one
            terms, changed = self.repair(terms)
            if changed:
                phrase = " ".join(t.text for t in terms)
                results, used = self._hinted(phrase, terms, hint, type, unit, limit)
        if not results and not exact and len(terms) >= 2:  # a leftover word (怎么安排) must not empty the list
            for k in range(len(terms) - 1, -1, -1):
                rest = terms[:k] + terms[k + 1:]
                results, used = self._hinted(" ".join(t.text for t in rest), rest, hint, type, unit, limit)
                if results:
                    terms, changed = rest, True
                    break
        grouped = self._group_steps(" ".join(t.text for t in terms) if changed else rewritten,
                                    hint, type, unit, limit, terms, results)
        out = Results(grouped if grouped is not None else results)
        out.hint = used
        out.corrected = " ".join(t.shown for t in terms) if changed else None
        return out

    def _hinted(self, phrase: str, terms: list[Term], hint: str | None, type: str | None,
                unit: str | None, limit: int | None) -> tuple[list[Result], str | None]:
        if hint and not type:
            hinted = self._search(phrase, terms, hint, unit, limit)
            if hinted:
                return hinted, hint
        return self._search(phrase, terms, type, unit, limit), None

    def _named(self, phrase: str) -> bool:
        """Whether a record's name contains the whole (folded) query."""
        return bool(phrase) and any(phrase in phrase_of(normalise(self.entries[i].title)) for i in self.names)

    def term(self, text: str) -> Term:
        parts = parts_of(text, self.vocab, self.max_len, self.stopwords) or []
        return Term(text, tuple(self.synonyms.get(text, ())),
                    tuple((p, tuple(self.synonyms.get(p, ()))) for p in parts))

    def _group_steps(self, rewritten: str, hint: str | None, type: str | None, unit: str | None,
                     limit: int | None, terms: list[Term], results: list[Result]) -> list[Result] | None:
        """合同评审的步骤 / 合同评审流程: the process record first, then its steps in order, then the rest."""
        phrase = phrase_of(rewritten)
        if type or not (hint == STEP_TYPE or phrase.endswith("流程")):
            return None
        core = phrase[:-2] if hint != STEP_TYPE and phrase.endswith("流程") else phrase
        core = phrase_of(core.rstrip(self.stopwords + " "))  # 投标流程有哪些步骤: the trailing 有 goes
        best = None
        for i in self.names:
            e = self.entries[i]
            if e.type != PROCESS_TYPE or (unit and e.unit != unit):
                continue
            title = phrase_of(normalise(e.title))
            if core and core in title:
                key = (len(title), e.id)
                if best is None or key < best[0]:
                    best = (key, i)
        if best is None:
            return None
        proc = self.entries[best[1]].id
        steps = [i for i, e in enumerate(self.entries) if e.type == STEP_TYPE and e.id.startswith(proc + "#")]
        steps.sort(key=lambda i: (step_number(self.entries[i].title), self.entries[i].id))
        head = [best[1], *steps]
        ids = {self.entries[i].id for i in head}
        out = [self._grouped(i, phrase, terms) for i in head] + [r for r in results if r.id not in ids]
        return out if limit is None else out[:limit]

    def _grouped(self, i: int, phrase: str, terms: list[Term]) -> Result:
        scored = self._score(i, phrase, terms)
        if scored is None:
            return self._result(i, GROUPED, terms, [MISS] * len(terms))
        return self._result(i, scored[0][0], terms, scored[1])

    def _search(self, phrase: str, terms: list[Term], type: str | None, unit: str | None,
                limit: int | None) -> list[Result]:
        if not terms:
            return []
        scored = []
        for i, e in enumerate(self.entries):
            if (type and e.type != type) or (unit and e.unit != unit):
                continue
            s = self._score(i, phrase, terms)
            if s is not None:
                scored.append((s[0], i, s[1]))
        scored.sort(key=lambda s: s[0])
        if limit is not None:
            scored = scored[:limit]
        return [self._result(i, key[0], terms, qualities) for key, i, qualities in scored]

    def _score(self, i: int, phrase: str, terms: list[Term]) -> tuple[tuple, list[int]] | None:
        """(sort key, term qualities) of entry i, or None when a term misses it."""
        e, hay = self.entries[i], self.hays[i]
        qualities = [t.quality(hay) for t in terms]
        if MISS in qualities:
            return None
        title_n, text_n, owner_n = hay.split("\n")
        head = title_n + "\n" + owner_n
        if all(q == LITERAL for q in qualities):
            if e.is_name and phrase_of(title_n) == phrase:
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
        if e.is_name:
            named = 0 if (phrase in phrase_of(title_n) if tier <= 1 else all(t.quality(title_n) for t in terms)) else 1
            if tier == 3 and named == 0 and not all(t.quality(title_n) == LITERAL for t in terms):
                named = 1  # a name reached only through a synonym does not outrank the lines that say it
        else:
            named = 1
        rank = self.type_rank.get(e.type, self.other_rank)
        weak = sum(LITERAL - q for q in qualities)
        return (tier, named, in_text, rank, weak, len(e.text), e.id), qualities

    def _result(self, i: int, tier: int, terms: list[Term], qualities: list[int]) -> Result:
        e = self.entries[i]
        needles = [n for t, q in zip(terms, qualities) for n in t.needles(q)]
        return Result(id=e.id, type=e.type, title=e.title, text=e.text, url=e.url, owner=e.owner, unit=e.unit,
                      unit_name=self.unit_names.get(e.unit, ""), is_name=e.is_name,
                      highlights=highlight(e.text, needles), tier=tier)


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


def search(index: SearchIndex, query: str, *, type: str | None = None, unit: str | None = None,
           limit: int | None = 50, exact: bool = False, no_hint: bool = False) -> Results:
    """One query against `index` (a new Searcher each call: keep a Searcher for repeated queries)."""
    return Searcher(index).search(query, type=type, unit=unit, limit=limit, exact=exact, no_hint=no_hint)
