"""The synthetic organization generator (`handbook demo`): valid, consistent, deterministic, varied."""

from __future__ import annotations

import importlib.util
import random
import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

from handbook.model import ID_PATTERN, KINDS, Meta, Synonyms
from handbook.synthetic import generate
from handbook.synthetic.emit import dumps

N = 60
ID_RE = re.compile(ID_PATTERN)
REF_RE = re.compile(r"\[\[([^\]|]+)(?:\|[^\]]*)?\]\]")


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _load(root: Path) -> dict:
    """All records by kind (validated model objects), plus chapters {id: (front matter, body)}."""
    out = {kind: {} for kind in KINDS}
    for kind, model in KINDS.items():
        for path in sorted((root / "data" / kind).glob("*.yaml")):
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            record = model.model_validate(data)
            assert path.stem == record.id
            out[kind][record.id] = record
    out["meta"] = Meta.model_validate(yaml.safe_load((root / "data" / "handbook.yaml").read_text(encoding="utf-8")))
    out["synonyms"] = Synonyms.model_validate(
        yaml.safe_load((root / "data" / "synonyms.yaml").read_text(encoding="utf-8")))
    chapters = {}
    for path in sorted((root / "content").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        assert text.startswith("---\n")
        head, body = text[4:].split("\n---\n", 1)
        front = yaml.safe_load(head)
        assert set(front) == {"id", "title", "order"}
        chapters[front["id"]] = (front, body)
    out["chapters"] = chapters
    return out


@pytest.fixture(scope="module")
def trees(tmp_path_factory):
    base = tmp_path_factory.mktemp("synthetic")
    counts = {}
    for name, seed in (("a", 1), ("b", 1), ("c", 2)):
        counts[name] = generate(base / name, N, seed)
    return base, counts


@pytest.fixture(scope="module")
def hb(trees):
    base, _ = trees
    return _load(base / "a")


def test_same_seed_gives_identical_bytes(trees):
    base, counts = trees
    a, b = _files(base / "a"), _files(base / "b")
    assert a.keys() == b.keys()
    assert all(a[k] == b[k] for k in a)
    assert counts["a"] == counts["b"]


def test_other_seed_gives_other_data(trees):
    base, _ = trees
    a, c = _files(base / "a"), _files(base / "c")
    shared = a.keys() & c.keys()
    changed = [k for k in shared if a[k] != c[k]]
    assert len(changed) > 0.8 * len(shared)
    assert a.keys() != c.keys() or changed


def test_counts_match_files_and_are_proportional(trees, hb):
    _, counts = trees
    got = {kind: len(hb[kind]) for kind in KINDS}
    got["chapters"] = len(hb["chapters"])
    assert counts["a"] == got
    assert got["positions"] == N
    assert N / 14 <= got["units"] <= N / 4
    assert 25 <= got["kpis"] <= 2 * max(25, N / 20)
    assert 15 <= got["processes"] <= 2 * max(15, N / 40)
    assert 15 <= got["courses"] <= 2 * max(15, N / 50)
    assert got["chapters"] >= 6


def test_counts_scale_with_positions(tmp_path):
    n = 800
    counts = generate(tmp_path / "big", n, 3)
    assert counts["positions"] == n
    assert n / 14 <= counts["units"] <= n / 5
    assert max(25, n / 20) * 0.6 <= counts["kpis"] <= max(25, n / 20) * 1.6
    assert counts["processes"] == max(15, n // 40)
    assert max(15, n / 50) * 0.6 <= counts["courses"] <= max(15, n / 50) * 1.6
    kinds = {p.parent.name for p in (tmp_path / "big" / "data").rglob("*.yaml")}
    assert {"units", "positions", "kpis", "processes", "courses"} <= kinds
    branches = [p for p in (tmp_path / "big" / "data" / "units").glob("*.yaml")
                if "kind: 分公司" in p.read_text(encoding="utf-8")]
    assert len(branches) >= 8


def test_ids_are_valid_and_unique_across_kinds(hb):
    seen = Counter()
    for kind in KINDS:
        seen.update(list(hb[kind]))
    seen.update(list(hb["chapters"]))
    assert all(count == 1 for count in seen.values()), [i for i, c in seen.items() if c > 1]
    assert all(ID_RE.match(i) and len(i) <= 64 for i in seen)


def test_references_resolve(hb):
    units, positions, kpis = hb["units"], hb["positions"], hb["kpis"]
    processes, courses, chapters = hb["processes"], hb["courses"], hb["chapters"]
    everything = set(units) | set(positions) | set(kpis) | set(processes) | set(courses) | set(chapters)
    for u in units.values():
        assert u.parent is None or u.parent in units
        assert u.head is None or (u.head in positions and positions[u.head].unit == u.id)
    assert sum(1 for u in units.values() if u.parent is None) == 1
    for p in positions.values():
        assert p.unit in units
        assert p.reports_to is None or p.reports_to in positions
        assert all(k.kpi in kpis for k in p.kpis)
        assert all(t.course in courses for t in p.training)
    for k in kpis.values():
        assert k.evaluator in positions or k.evaluator in units
    for pr in processes.values():
        assert pr.owner in units
        assert all(k in kpis for k in pr.kpis)
        assert all(c in chapters for c in pr.policies)
        step_ids = {s.id for s in pr.steps}
        phase_ids = {ph.id for ph in pr.phases}
        for s in pr.steps:
            assert s.role in positions or s.role in units
            assert all(part.role in positions or part.role in units for part in s.participants)
            targets = list(s.next or []) + [b.to for b in s.branches]
            assert all(t == "end" or t in step_ids for t in targets)
            assert s.phase is None or s.phase in phase_ids
    refs = 0
    for front, body in chapters.values():
        for ref in REF_RE.findall(body):
            assert ref in everything, ref
            refs += 1
    assert refs >= 10


def test_reporting_lines_form_one_tree(hb):
    positions = hb["positions"]
    tops = [p.id for p in positions.values() if p.reports_to is None]
    assert len(tops) == 1
    for p in positions.values():
        seen = set()
        cur = p
        while cur.reports_to is not None:
            assert cur.id not in seen, f"cycle at {cur.id}"
            seen.add(cur.id)
            cur = positions[cur.reports_to]
        assert cur.id == tops[0]


def test_position_contents(hb):
    for p in hb["positions"].values():
        assert 3 <= len(p.kpis) <= 6, p.id
        weights = [k.weight for k in p.kpis]
        assert sum(weights) == 100 and all(w == int(w) for w in weights), p.id
        assert len({k.kpi for k in p.kpis}) == len(p.kpis)
        assert 5 <= len(p.duties) <= 12, p.id
        assert 3 <= len(p.authorities) <= 6, p.id
        assert 3 <= len(p.accountabilities) <= 6, p.id
        assert 3 <= len(p.training) <= 8, p.id
        assert len({t.course for t in p.training}) == len(p.training)
        assert p.headcount >= 1
        assert p.qualifications.education and p.qualifications.experience and p.qualifications.knowledge
        assert len(p.name) <= 80


def test_every_kpi_and_course_is_used(hb):
    used_kpis = {k.kpi for p in hb["positions"].values() for k in p.kpis}
    used_courses = {t.course for p in hb["positions"].values() for t in p.training}
    assert used_kpis == set(hb["kpis"])
    assert used_courses == set(hb["courses"])
    assert {c.category for c in hb["courses"].values()} >= {"营销类", "素质类", "领导力", "管理技能"}


def test_processes_are_well_formed(hb):
    with_phases = with_back_edges = approvals = 0
    for pr in hb["processes"].values():
        steps = pr.steps
        assert 5 <= len(steps) <= 15, pr.id
        index = {s.id: i for i, s in enumerate(steps)}
        assert len(index) == len(steps)
        if pr.phases:
            with_phases += 1
            assert all(s.phase for s in steps)
        reach, todo = set(), [steps[0].id]
        while todo:
            sid = todo.pop()
            if sid in reach or sid == "end":
                continue
            reach.add(sid)
            s = steps[index[sid]]
            if s.decision:
                assert len(s.branches) >= 2 and all(b.label for b in s.branches), (pr.id, s.id)
                nxt = [b.to for b in s.branches]
            elif s.next is not None:
                nxt = list(s.next)
            else:
                nxt = [steps[index[sid] + 1].id] if index[sid] + 1 < len(steps) else []
            with_back_edges += any(t != "end" and index[t] < index[sid] for t in nxt)
            todo.extend(nxt)
        assert reach == set(index), (pr.id, set(index) - reach)
        assert all(len(s.name) <= 40 for s in steps)
        approvals += sum(1 for s in steps if s.approval in ("审核", "审批", "会签"))
        roles = {s.role for s in steps}
        assert len(roles) >= 2, pr.id
    assert with_phases >= 2 and with_back_edges >= 3 and approvals >= 10


def test_text_is_varied(hb):
    positions = list(hb["positions"].values())
    duties = [d for p in positions for d in p.duties]
    assert len(set(duties)) > 0.8 * len(duties)
    names = [p.name for p in positions]
    assert len(set(names)) > 0.9 * len(names)
    assert not any(re.search(r"岗位\d", n) for n in names)
    purposes = [p.purpose for p in positions]
    assert len(set(purposes)) > 0.5 * len(purposes)
    kinds = Counter(u.kind for u in hb["units"].values())
    assert kinds["分公司"] >= 1 and kinds["部门"] >= 3


def test_chapters_have_sections(hb):
    for front, body in hb["chapters"].values():
        assert isinstance(front["order"], int) and front["title"]
        assert body.count("\n## ") + body.startswith("## ") >= 3


def test_meta(hb):
    meta = hb["meta"]
    assert meta.title and meta.organization and meta.releases
    assert hb["synonyms"].groups and all(len(g) >= 2 for g in hb["synonyms"].groups)


def test_rerun_replaces_own_tree_but_refuses_foreign_data(tmp_path):
    out = tmp_path / "demo"
    generate(out, 40, 5)
    first = _files(out)
    generate(out, 30, 5)  # smaller: stale files must be gone
    generate(out, 40, 5)
    assert _files(out) == first
    foreign = tmp_path / "foreign"
    (foreign / "data").mkdir(parents=True)
    (foreign / "data" / "handbook.yaml").write_text("title: x\norganization: y\n", encoding="utf-8")
    with pytest.raises(FileExistsError):
        generate(foreign, 40, 1)
    with pytest.raises(ValueError):
        generate(tmp_path / "tiny", 5, 1)


def test_emitter_round_trips_awkward_strings():
    rng = random.Random(7)
    alphabet = [chr(c) for c in range(0x80)] + list("中文：#- '\"\u00a0\u2028\u3000\ufeff\u0085😀")
    samples = ["yes", "No", "null", "~", "2024-01-01", "1.5", "0x1f", "a: b", "a #c", "-x", "? x",
               "中文 #注释", "中文:", "true", "ON", ".inf", "<<", "=", "CRM系统", "≥95%", "|x|", ""]
    samples += ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 8))) for _ in range(3000)]
    for s in samples:
        doc = {"k": s, "list": [s, {"inner": s}], "nested": [[s]], "n": 3, "f": 2.5, "b": True, "e": []}
        assert yaml.safe_load(dumps(doc)) == doc, repr(s)


@pytest.mark.skipif(importlib.util.find_spec("handbook.pipeline") is None, reason="handbook check not available")
def test_handbook_check_passes_without_warnings(trees):
    from handbook.pipeline import load_handbook

    base, _ = trees
    handbook, report = load_handbook(base / "a")
    problems = [d.format() for d in report.sorted()]
    assert handbook is not None and not problems, problems[:10]
