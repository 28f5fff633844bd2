"""Long run of the gate contract (issue 13): thousands of random single edits of the sample.

For each random mistake (tests/mutants.py: full-width punctuation, tabs, indentation,
control characters, ": " in text, YAML booleans, odd numbers, reference typos, deleted,
duplicated or swapped lines, unclosed brackets and quotes, reserved step ids, dates …):

- `handbook check` must not raise; when it fails, every diagnostic has a real file,
  a line, Chinese text and no library English or Python repr;
- when it passes, every page and every Word/Excel download is generated (the core of
  the build), and every `--build-every`-th passing mutant is also built by MkDocs.

    .venv/bin/python benchmarks/mutations.py                       # 5,000 mutations
    .venv/bin/python benchmarks/mutations.py --count 500 --seed 3 --build-every 25

Prints counts per mistake kind and outcome; each broken contract is saved under --out
as a project directory (mutation.txt says what was done) for `handbook check --root`.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
import traceback
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "generators")]

from handbook.pipeline import load_handbook  # noqa: E402
from handbook.render.memo import RenderMemo  # noqa: E402
from handbook.assemble import assemble  # noqa: E402
from mutants import contract_problems, random_mutant  # noqa: E402
from sitebuild import build_project, copy_project  # noqa: E402


class Project:
    """One copy of the sample, mutated and restored in place (a fresh copy per mutation costs more than the check)."""

    def __init__(self, parent: Path):
        self.root = copy_project(ROOT, parent / "project")
        self.pristine = {p: p.read_bytes() for p in self.root.rglob("*") if p.is_file()}
        self.clock = time.time_ns()

    def restore(self) -> None:
        for path in list(self.root.rglob("*")):
            if path.is_file() and path not in self.pristine:
                path.unlink()
        for path, data in self.pristine.items():
            if path.read_bytes() != data:
                path.write_bytes(data)
                self.touch(path)

    def touch(self, path: Path) -> None:
        """A new, unique mtime: the parse cache must never mistake a mutated file for its original."""
        import os

        self.clock += 1_000_000
        os.utime(path, ns=(self.clock, self.clock))


def run(count: int, seed: int, build_every: int, out: Path) -> int:
    rng = random.Random(seed)
    counts: dict[str, Counter] = defaultdict(Counter)
    broken = 0
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="handbook-mutations-") as tmp:
        project = Project(Path(tmp))
        cache: dict = {}
        memo = RenderMemo()
        passed = 0
        for n in range(count):
            kind, rel, line = random_mutant(rng, project.root)
            project.touch(project.root / rel)
            outcome, detail = _one(project.root, cache, memo, passed % build_every == build_every - 1, Path(tmp))
            if outcome.startswith("pass"):
                passed += 1
            counts[kind][outcome] += 1
            if outcome.startswith("BROKEN"):
                broken += 1
                _save(project.root, out / f"{n:05d}-{kind}", f"{kind} at {rel}:{line + 1} (seed {seed}, #{n})\n{detail}")
            project.restore()
            if (n + 1) % 500 == 0:
                print(f"  {n + 1} mutations, {time.perf_counter() - started:.0f} s, contract broken: {broken}", flush=True)
            if (n + 1) % 1000 == 0 and n + 1 < count:
                _print(counts, n + 1, broken, time.perf_counter() - started)
    _print(counts, count, broken, time.perf_counter() - started)
    return 1 if broken else 0


def _one(root: Path, cache: dict, memo, full_build: bool, tmp: Path) -> tuple[str, str]:
    try:
        hb, report = load_handbook(root, cache)
    except Exception:  # noqa: BLE001 — any exception breaks the contract; keep it for the report
        return "BROKEN: check raised", traceback.format_exc()
    problems = contract_problems(root, report)
    if problems:
        return "BROKEN: diagnostic", "\n".join(problems)
    if hb is None:
        return "check refused", ""
    try:
        build = assemble(root, cache, memo=memo)  # every page and every Word/Excel download
        if build.handbook is None:
            return "BROKEN: passed check, pages refused", "\n".join(d.format() for d in build.report.errors)
        if full_build:
            shutil.rmtree(tmp / "site", ignore_errors=True)
            build_project(root, tmp / "site")
            return "pass + MkDocs build", ""
    except Exception:  # noqa: BLE001
        return "BROKEN: passed check, build failed", traceback.format_exc()
    return "pass + pages and exports", ""


def _save(root: Path, target: Path, note: str) -> None:
    if target.exists():
        return
    shutil.copytree(root, target, symlinks=True, ignore=shutil.ignore_patterns(".handbook-cache", "site"))
    (target / "mutation.txt").write_text(note, encoding="utf-8")


def _print(counts: dict[str, Counter], total: int, broken: int, seconds: float) -> None:
    outcomes = sorted({o for c in counts.values() for o in c})
    width = max(len(k) for k in counts) + 2
    print(f"\n{'kind':{width}}" + "".join(f"{o[:26]:>28}" for o in outcomes))
    for kind in sorted(counts):
        print(f"{kind:{width}}" + "".join(f"{counts[kind][o]:>28}" for o in outcomes))
    totals = Counter()
    for c in counts.values():
        totals.update(c)
    print(f"{'total':{width}}" + "".join(f"{totals[o]:>28}" for o in outcomes))
    print(f"\n{total} mutations in {seconds:.0f} s ({seconds / total * 1000:.0f} ms each); contract broken: {broken}", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--build-every", type=int, default=100, help="full MkDocs build for every n-th mutant that passes check")
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "handbook-mutations")
    args = parser.parse_args()
    return run(args.count, args.seed, args.build_every, args.out)


if __name__ == "__main__":
    sys.exit(main())
