"""Search entries and the index built from them.

build_index() turns the entries into a SearchIndex: the entries (sorted by id) plus everything
both engines need to search them: the jieba vocabulary and its pinyin, synonym groups, the
folding table and the rule words of rules.py. files.py writes it as the files the site serves
(the one index format, README.md "Files") and reads them back.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from typing import Iterable, Sequence

from .cache import TextCache
from .normalise import fold_table, normalise, phrase_of
from .pinyin import pinyin_table
from .rules import ENTRY_TYPES, FILLERS, LEFTOVERS, MAX_CORRECTIONS, OTHER_RANK, TYPE_RANK, TYPE_WORDS
from .segment import STOPWORDS, build_vocabulary
from .synonyms import merge_synonyms

_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^//|^\\")


@dataclass(frozen=True)
class SearchEntry:
    id: str            # unique, e.g. "positions/business-assistant#duty-3"
    type: str          # one of rules.ENTRY_TYPES
    title: str         # record name or section title
    text: str          # the matched line, plain text
    url: str           # site-root-relative, e.g. "positions/business-assistant/#duty-3"
    owner: str         # display: "商务助理 · 销售管理部"
    unit: str = ""     # org unit id for the filter
    unit_name: str = ""
    is_name: bool = False  # the record's own name: ranks first on an exact match


@dataclass(frozen=True)
class SearchIndex:
    """What both engines search: the manifest fields (README.md "Files") and the entries.

    Built by build_index, written by files.index_files, read back by files.read_index.
    """

    types: list[str]              # entry types present, in filter order
    type_rank: dict[str, int]     # rules.TYPE_RANK
    other_rank: int               # rules.OTHER_RANK: the rank of every other type
    type_words: dict[str, str]    # rules.TYPE_WORDS, only for types present
    fillers: list[str]            # rules.FILLERS
    leftovers: list[str]          # rules.LEFTOVERS
    max_corrections: int          # rules.MAX_CORRECTIONS
    units: list[list[str]]        # [[unit id, name]], by id
    synonyms: list[list[str]]     # folded synonym groups
    absent: list[str]             # synonym words found in no entry (never worth looking for)
    stopwords: str                # segment.STOPWORDS
    fold: dict                    # normalise.fold_table()
    vocab: list[str]              # sorted CJK words (segment.build_vocabulary)
    vocab_freq: list[int]         # per vocab word: the number of distinct texts it occurs in
    pinyin: dict                  # pinyin.pinyin_table
    entries: tuple[SearchEntry, ...] = ()  # sorted by id; unit_name as in `units`

    @classmethod
    def manifest_keys(cls) -> tuple[str, ...]:
        """The fields stored in the manifest, in file order (every field but the entries)."""
        return tuple(f.name for f in dataclasses.fields(cls) if f.name != "entries")

    def manifest(self) -> dict:
        return {k: getattr(self, k) for k in self.manifest_keys()}


def haystack(title: str, text: str, owner: str, fold=normalise) -> str:
    """Folded title, text and owner joined by newlines (folding turns any newline into a space)."""
    return "\n".join((fold(title), fold(text), fold(owner)))


def _check(entry: SearchEntry) -> None:
    if not entry.id:
        raise ValueError("search entry without id")
    if entry.type not in ENTRY_TYPES:
        raise ValueError(f"{entry.id}: unknown search entry type {entry.type!r}")
    if _SCHEME.search(entry.url):
        raise ValueError(f"{entry.id}: url must be site-root-relative, got {entry.url!r}")


def _synonym_groups(synonyms: Sequence[Sequence[str]]) -> list[list[str]]:
    groups: list[list[str]] = []
    for group in synonyms:
        words: list[str] = []
        for word in group:
            folded = phrase_of(normalise(word))
            if folded and folded not in words:
                words.append(folded)
        if len(words) >= 2:
            groups.append(words)
    return groups


def _checked_entries(entries: Iterable[SearchEntry]) -> tuple[tuple[SearchEntry, ...], dict[str, str]]:
    """Entries sorted by id, each checked, with the unit names (the first name given for a unit wins)."""
    ordered = sorted(entries, key=lambda e: e.id)
    seen: set[str] = set()
    units: dict[str, str] = {}
    for e in ordered:
        _check(e)
        if e.id in seen:
            raise ValueError(f"duplicate search entry id {e.id!r}")
        seen.add(e.id)
        if e.unit:
            units.setdefault(e.unit, e.unit_name or e.unit)
    same = tuple(e if e.unit_name == units.get(e.unit, "") else dataclasses.replace(e, unit_name=units.get(e.unit, ""))
                 for e in ordered)
    return same, units


def build_index(entries: Iterable[SearchEntry], synonyms: Sequence[Sequence[str]] = (), *,
                base: bool = True, cancel: Sequence[str] = (), cache: TextCache | None = None) -> SearchIndex:
    """The index of `entries`; the same input always gives an equal index (entries sorted by id).

    `synonyms`: the handbook's groups, merged into the base dictionary (data/synonyms.yaml of
    this package) unless `base` is False; `cancel`: words whose base groups are dropped
    (README.md "Synonyms"). `cache`: a TextCache the caller keeps between builds (the live
    preview); without one nothing outlives the call. Raises ValueError for an entry without
    id, of an unknown type, with a URL that has a scheme, or with a duplicate id.
    """
    ordered, units = _checked_entries(entries)
    cache = cache if cache is not None else TextCache()

    def fold(text: str) -> str:
        return cache.lookup(cache.folded, text, normalise)

    hays = [haystack(e.title, e.text, e.owner, fold) for e in ordered]
    groups = _synonym_groups(merge_synonyms(synonyms, base=base, cancel=cancel))
    names = [fold(e.title) for e in ordered if e.is_name]
    counts: dict[str, int] = {}
    vocab = build_vocabulary((f for h in hays for f in h.split("\n")),
                             names + [w for g in groups for w in g], counts=counts, cache=cache)
    corpus = "\0".join(hays)  # a synonym found in no entry is never looked for (both engines)
    present = {e.type for e in ordered}
    return SearchIndex(
        types=[t for t in ENTRY_TYPES if t in present],
        type_rank=dict(TYPE_RANK),
        other_rank=OTHER_RANK,
        type_words={w: t for w, t in TYPE_WORDS.items() if t in present},
        fillers=list(FILLERS),
        leftovers=list(LEFTOVERS),
        max_corrections=MAX_CORRECTIONS,
        units=[[uid, units[uid]] for uid in sorted(units)],
        synonyms=groups,
        absent=sorted({w for g in groups for w in g if w not in corpus}),
        stopwords=STOPWORDS,
        fold=fold_table(),
        vocab=vocab,
        vocab_freq=[counts.get(w, 0) for w in vocab],
        pinyin=pinyin_table(vocab, hays),
        entries=ordered,
    )
