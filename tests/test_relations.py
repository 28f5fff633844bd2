"""The one table of relations (book.RELATIONS): every reverse is computed, matches its forward field,
is properly typed, and is tracked by the live preview's change tracker."""

from __future__ import annotations

import dataclasses
import re
import subprocess
import sys
from pathlib import Path

import pytest

from handbook.addresses import RESERVED_PAGES, RESERVED_RECORD_IDS, SECTIONS, record_page, reserved_id
from handbook.book import LOOKUPS, RECORD_KINDS, RELATIONS, Handbook
from handbook.pipeline import load_handbook
from handbook.render.memo import TRACKED, Recorder, tracked

ROOT = Path(__file__).resolve().parent.parent
BOOKS = {"sample": ROOT, "training-school": ROOT / "tests/cases/training-school"}
REF = re.compile(r"\[\[([^\[\]|#\n]+?)[\]|#]")
"""A [[target…]] in a chapter, written independently of load/refs.py."""


@pytest.fixture(scope="module")
def books() -> dict[str, Handbook]:
    loaded = {}
    for name, root in BOOKS.items():
        hb, report = load_handbook(root)
        assert hb is not None, report.errors
        loaded[name] = hb
    return loaded


def _walk(obj, path: str) -> list:
    """The values at a field path such as "steps[].participants[].role" (every list is stepped into)."""
    values = [obj]
    for part in path.replace("[]", "").split("."):
        found = []
        for value in values:
            value = getattr(value, part)
            found.extend(value if isinstance(value, (list, tuple)) else [value])
        values = [v for v in found if v not in (None, "")]
    return values


def _forward_pairs(hb: Handbook, rel) -> set[tuple[str, str]]:
    """(target id, source record id) for every reference written in `rel`'s forward fields."""
    pairs = set()
    for rid, record in getattr(hb, rel.source).items():
        for path in rel.forward:
            for value in _walk(record, path):
                targets = REF.findall(value) if rel.source == "chapters" else [value]
                for target in (t.strip() for t in targets):
                    pairs.add((target, rid))
                    if rel.symmetric:
                        pairs.add((rid, target))
    return pairs


def _source_of(entry) -> str:
    """The record that wrote the reference an entry of a reverse list stands for."""
    if isinstance(entry, str):
        return entry
    for name in ("position", "process"):
        if hasattr(entry, name):
            return getattr(entry, name)
    raise AssertionError(f"no source in {entry!r}")


@pytest.mark.parametrize("name", BOOKS)
def test_every_reverse_relation_matches_its_forward_field(books, name):
    hb = books[name]
    for rel in RELATIONS:
        reverse = getattr(hb, rel.reverse)
        backward = {(target, _source_of(entry)) for target, entries in reverse.items() for entry in entries}
        assert backward == _forward_pairs(hb, rel), rel.reverse
        assert all(hb.kind_of(target) in rel.target for target in reverse), rel.reverse
        assert list(reverse) == sorted(reverse), rel.reverse


@pytest.mark.parametrize("name", BOOKS)
def test_every_relation_is_populated_where_authors_wrote_it(books, name):
    hb = books[name]
    for rel in RELATIONS:
        written = _forward_pairs(hb, rel)
        assert bool(getattr(hb, rel.reverse)) == bool(written), rel.reverse
    if name == "training-school":  # the fixture uses every relation, so none can silently stay empty
        assert all(getattr(hb, rel.reverse) for rel in RELATIONS), [r.reverse for r in RELATIONS if not getattr(hb, r.reverse)]


def test_relation_table_is_the_handbook_fields():
    fields = {f.name: f for f in dataclasses.fields(Handbook)}
    mappings = {name for name, f in fields.items() if str(f.type).startswith("Mapping[")}
    reverses = [rel.reverse for rel in RELATIONS]
    assert len(set(reverses)) == len(reverses) == 13
    assert set(reverses) == mappings - set(RECORD_KINDS) - {"sources"}
    for rel in RELATIONS:  # typed entries, not bare tuples
        assert re.fullmatch(r"Mapping\[str, tuple\[\w+, \.\.\.\]\]", str(fields[rel.reverse].type)), rel.reverse
        assert rel.source in RECORD_KINDS and set(rel.target) <= set(RECORD_KINDS) and rel.forward


def test_memo_tracks_exactly_the_handbook_lookups(books):
    mappings = {f.name for f in dataclasses.fields(Handbook) if str(f.type).startswith("Mapping[")}
    assert set(TRACKED) == set(LOOKUPS) == mappings
    hb = books["training-school"]
    recorder = Recorder()
    watched, _ = tracked(hb, recorder, {})
    for name in TRACKED:
        key = next(iter(getattr(hb, name)))
        recorder.start()
        getattr(watched, name).get(key)
        assert (name, key) in recorder.stop(), name


def test_reserved_names_come_from_the_address_layout():
    assert set(SECTIONS.values()) <= RESERVED_PAGES and "index" in RESERVED_PAGES
    assert {"changes", "search", "print", "assets", "downloads"} <= RESERVED_PAGES
    for kind in SECTIONS:
        for rid in RESERVED_RECORD_IDS:
            assert reserved_id(kind, rid)
            assert record_page(kind, rid).rsplit("/", 1)[0] == SECTIONS[kind]
    assert not reserved_id("chapters", "matrix") and not reserved_id("positions", "sales-manager")


def test_loading_imports_nothing_from_rendering():
    code = "import sys, handbook.pipeline; print([m for m in sys.modules if m.startswith('handbook.render')])"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
