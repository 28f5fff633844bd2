"""Incremental rendering: re-render only the pages whose inputs changed.

While a page renders, every lookup in the handbook's mappings is recorded
(which record, which reverse relation, or "all of them" for index pages). On
the next build a page is reused when none of the keys it read changed. This
keeps a one-field edit in a 2,000-position handbook to a handful of pages,
without hand-written dependency rules that would drift from the templates.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Iterator

from ..book import LOOKUPS, Handbook
from ..search.cache import TextCache

ALL = "*"
TRACKED = LOOKUPS
"""The mappings whose reads are logged: every record kind, the sources, and every relation of book.RELATIONS."""


class TrackedMapping(Mapping):
    """A read-only mapping that logs the keys read into the recorder's current page."""

    def __init__(self, name: str, data: Mapping, recorder: "Recorder"):
        self._name, self._data, self._recorder = name, data, recorder

    def __getitem__(self, key):
        self._recorder.read(self._name, key)
        return self._data[key]

    def get(self, key, default=None):
        self._recorder.read(self._name, key)
        return self._data.get(key, default)

    def __contains__(self, key) -> bool:
        self._recorder.read(self._name, key)
        return key in self._data

    def __iter__(self) -> Iterator:
        self._recorder.read(self._name, ALL)
        return iter(self._data)

    def __len__(self) -> int:
        self._recorder.read(self._name, ALL)
        return len(self._data)


class Recorder:
    """Collects, per page, the (mapping, key) pairs it read; pages may nest (the print edition)."""

    def __init__(self):
        self._stack: list[set] = []

    def read(self, name: str, key) -> None:
        if self._stack:
            self._stack[-1].add((name, key))

    def start(self) -> None:
        self._stack.append(set())

    def stop(self) -> frozenset:
        reads = self._stack.pop()
        if self._stack:
            self._stack[-1].update(reads)
        return frozenset(reads)


def tracked(hb: Handbook, recorder: Recorder, extra: dict[str, Mapping]) -> tuple[Handbook, dict[str, Mapping]]:
    """A Handbook whose mappings log reads, plus tracked versions of `extra` lookups (e.g. dates)."""
    wrapped = {name: TrackedMapping(name, getattr(hb, name), recorder) for name in TRACKED}
    return (dataclasses.replace(hb, **wrapped),
            {name: TrackedMapping(name, data, recorder) for name, data in extra.items()})


@dataclasses.dataclass
class RenderMemo:
    """What the previous build rendered and read; kept by the live-preview server between builds."""

    handbook: Handbook | None = None
    extra: dict = dataclasses.field(default_factory=dict)
    pages: dict = dataclasses.field(default_factory=dict)
    reads: dict = dataclasses.field(default_factory=dict)
    reused: int = 0
    rendered: int = 0
    search_texts: TextCache = dataclasses.field(default_factory=TextCache)
    """The search index's per-text work (folding, jieba words), reused by the next build's build_index."""

    def stale_keys(self, hb: Handbook, extra: dict[str, Mapping]) -> dict[str, set] | None:
        """Per mapping, the keys whose value differs from the previous build; None = everything is stale."""
        old = self.handbook
        if old is None or old.meta != hb.meta or set(extra) != set(self.extra):
            return None
        changed: dict[str, set] = {}
        for name in TRACKED:
            changed[name] = _diff(getattr(old, name), getattr(hb, name))
        for name, data in extra.items():
            changed[name] = _diff(self.extra[name], data)
        return changed

    def reusable(self, src: str, changed: dict[str, set] | None) -> str | None:
        if changed is None or src not in self.pages:
            return None
        for name, key in self.reads[src]:
            keys = changed.get(name)
            if keys is None or (keys and (key == ALL or key in keys)):
                return None
        return self.pages[src]


def _diff(old: Mapping, new: Mapping) -> set:
    keys = set(old) | set(new)
    return {k for k in keys if old.get(k) is not new.get(k) and old.get(k) != new.get(k)}
