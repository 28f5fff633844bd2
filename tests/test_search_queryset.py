"""Query-set test: realistic queries must find the expected line near the top.

Two query sets: tests/search_queries.yaml on a fixture corpus, and
tests/search_queries_sample.yaml on the shipped sample handbook (entries built
the same way the site build builds them).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from handbook.search import SearchEntry, Searcher, build_index

HERE = Path(__file__).parent
QUERYSETS = [HERE / "search_queries.yaml", HERE / "search_queries_sample.yaml", HERE / "search_queries_school.yaml"]


def fixture_entries(path: Path) -> tuple[list[SearchEntry], list[list[str]]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [SearchEntry(**e) for e in data["entries"]], data.get("synonyms", [])


def corpus(spec: dict) -> tuple[list[SearchEntry], list[list[str]]]:
    if spec.get("source") == "handbook":
        from handbook.pipeline import load_handbook
        from handbook.render.search_entries import entries_for_handbook

        hb, report = load_handbook(HERE / spec["path"] if spec.get("path") else HERE.parent)
        assert hb is not None, [d.format() for d in report.errors]
        return entries_for_handbook(hb), [list(g) for g in hb.synonyms]
    return fixture_entries(HERE / spec["corpus"])


def relevant(result, query: dict) -> bool:
    return (result.id in query.get("expect", [])
            or any(result.url.startswith(u) for u in query.get("expect_url", [])))


@pytest.fixture(scope="module", params=QUERYSETS, ids=lambda p: p.stem)
def queryset(request):
    spec = yaml.safe_load(request.param.read_text(encoding="utf-8"))
    entries, synonyms = corpus(spec)
    return spec, Searcher(build_index(entries, synonyms))


def test_queryset(queryset, capsys):
    spec, searcher = queryset
    queries = spec["queries"]
    assert len(queries) >= 30
    failures, p1, r5, rr = [], 0, 0, 0.0
    kinds: dict[str, list[float]] = {}
    for q in queries:
        results = searcher.search(q["q"], limit=10)
        hits = [i for i, r in enumerate(results) if relevant(r, q)]
        first = hits[0] if hits else None
        p1 += first == 0
        r5 += first is not None and first < 5
        rr += 1 / (first + 1) if first is not None else 0
        kind = kinds.setdefault(q.get("kind", "word"), [0, 0, 0.0])
        kind[0] += 1
        kind[1] += first is not None and first < 5
        kind[2] += 1 / (first + 1) if first is not None else 0
        k = q.get("k", spec.get("k", 5))
        if first is None or first >= k:
            failures.append(f"{q['q']}: expected in top {k}, got {[r.id for r in results[:5]]}")
    n = len(queries)
    with capsys.disabled():
        print(f"\nsearch query set ({spec.get('source')}, {n} queries, "
              f"{len(searcher.entries)} entries): precision@1 = {p1 / n:.2f}, "
              f"recall@5 = {r5 / n:.2f}, MRR@10 = {rr / n:.2f}")
        for name, (m, hit, mrr) in sorted(kinds.items()):
            print(f"  {name:12} {m:3} queries  recall@5 = {hit / m:.2f}  MRR@10 = {mrr / m:.2f}")
    assert not failures, "\n".join(failures)
    assert p1 / n >= 0.8
    assert r5 / n >= 0.95
