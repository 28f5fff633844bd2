"""Query-set test: realistic queries must find the expected line near the top.

Runs on tests/cases/search_corpus.yaml for now; when the build provides
`entries_for_handbook`, set `source: handbook` in tests/search_queries.yaml and
the same test measures the real sample handbook.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from handbook.search import SearchEntry, Searcher, build_index

HERE = Path(__file__).parent
QUERYSET = HERE / "search_queries.yaml"


def fixture_entries(path: Path) -> tuple[list[SearchEntry], list[list[str]]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [SearchEntry(**e) for e in data["entries"]], data.get("synonyms", [])


def corpus(spec: dict) -> tuple[list[SearchEntry], list[list[str]]]:
    if spec.get("source") == "handbook":
        try:  # provided later by the build: real handbook data -> search entries
            from handbook.search.entries import entries_for_handbook
        except ImportError:
            pytest.skip("entries_for_handbook() is not available yet")
        return entries_for_handbook(HERE.parent / spec.get("data", "data"))
    return fixture_entries(HERE / spec["corpus"])


def relevant(result, query: dict) -> bool:
    return (result.id in query.get("expect", [])
            or any(result.url.startswith(u) for u in query.get("expect_url", [])))


@pytest.fixture(scope="module")
def queryset():
    spec = yaml.safe_load(QUERYSET.read_text(encoding="utf-8"))
    entries, synonyms = corpus(spec)
    return spec, Searcher(build_index(entries, synonyms))


def test_queryset(queryset, capsys):
    spec, searcher = queryset
    queries = spec["queries"]
    assert len(queries) >= 30
    failures, p1, r5, rr = [], 0, 0, 0.0
    for q in queries:
        results = searcher.search(q["q"], limit=10)
        hits = [i for i, r in enumerate(results) if relevant(r, q)]
        first = hits[0] if hits else None
        p1 += first == 0
        r5 += first is not None and first < 5
        rr += 1 / (first + 1) if first is not None else 0
        k = q.get("k", spec.get("k", 5))
        if first is None or first >= k:
            failures.append(f"{q['q']}: expected in top {k}, got {[r.id for r in results[:5]]}")
    n = len(queries)
    with capsys.disabled():
        print(f"\nsearch query set ({spec.get('source')}, {n} queries, "
              f"{len(searcher.rows)} entries): precision@1 = {p1 / n:.2f}, "
              f"recall@5 = {r5 / n:.2f}, MRR = {rr / n:.2f}")
    assert not failures, "\n".join(failures)
    assert p1 / n >= 0.8
