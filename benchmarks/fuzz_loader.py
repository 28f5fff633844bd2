"""Long fuzz run of the loader/validator, outside the test suite.

Uses the mutators of tests/test_fuzz_loader.py on copies of tests/cases/minimal and
checks the same invariants (no exception, no hang, errors with real file and line,
Chinese messages, the expected code for each targeted category).

    .venv/bin/python benchmarks/fuzz_loader.py                    # 10,000 cases
    .venv/bin/python benchmarks/fuzz_loader.py --cases 500 --seed 7 --only alias,deep
    .venv/bin/python benchmarks/fuzz_loader.py --replay /tmp/handbook-fuzz/bytes-123

Every failing case is saved as a directory holding the mutated project (hb/), what
was done (mutation.txt) and the traceback or broken invariants (failure.txt); run
`handbook check --root <dir>/hb` or `--replay <dir>` to reproduce it.
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

import test_fuzz_loader as fz  # noqa: E402  (the generators and checks live with the property tests)

KEEP_PER_SIGNATURE = 5
"""Reproducers kept per distinct failure signature (one bug may fire hundreds of times)."""


def signature(mutation: fz.Mutation, outcome: fz.Outcome, found: list[str]) -> str:
    if outcome.error is not None:
        return f"{type(outcome.error).__name__}: {str(outcome.error)[:80]}"
    return f"{mutation.category}: {found[0].split(':')[0][:80]}"


def save(out: Path, name: str, root: Path, mutation: fz.Mutation, outcome: fz.Outcome, found: list[str]) -> Path:
    target = out / name
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    if root.exists():
        shutil.copytree(root, target / "hb", symlinks=True)
    (target / "mutation.txt").write_text(f"{mutation.category}: {mutation.note}\nfile: {mutation.file}\n"
                                         f"expect: {sorted(mutation.expect)} valid: {mutation.valid}\n", encoding="utf-8")
    detail = "\n".join(found)
    if outcome.error is not None:
        detail += "\n\n" + "".join(traceback.format_exception(outcome.error))
    (target / "failure.txt").write_text(detail, encoding="utf-8")
    return target


def replay(directory: Path) -> None:
    outcome = fz.run_load(directory / "hb")
    if outcome.error is not None:
        traceback.print_exception(outcome.error)
        return
    for d in outcome.report.sorted():
        print(d.format())
    print("handbook:", "ok" if outcome.handbook is not None else "none", f"({outcome.seconds * 1000:.0f} ms)")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--only", default="", help="comma-separated categories: " + ", ".join(fz.MUTATORS))
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "handbook-fuzz",
                        help="where reproducers of failures go")
    parser.add_argument("--time-limit", type=float, default=fz.TIME_LIMIT, help="seconds before a load counts as hung")
    parser.add_argument("--replay", type=Path, help="load a saved reproducer and print its diagnostics")
    args = parser.parse_args(argv)
    if args.replay:
        replay(args.replay)
        return 0
    categories = [c for c in args.only.split(",") if c] or list(fz.MUTATORS)
    unknown = set(categories) - set(fz.MUTATORS)
    if unknown:
        parser.error(f"unknown categories: {', '.join(sorted(unknown))}")

    per_category: dict[str, Counter] = defaultdict(Counter)
    codes_cases, codes_total = Counter(), Counter()
    failures: dict[str, list[Path]] = defaultdict(list)
    failure_counts: Counter = Counter()
    slowest: list[tuple[float, str]] = []
    max_growth = 0.0
    rss_start = fz.peak_rss_mb()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="hb-fuzz-") as tmp:
        for i in range(args.cases):
            category = categories[i % len(categories)]
            seed = args.seed * 1_000_003 + i
            work = Path(tmp) / str(i)
            work.mkdir()
            try:
                root, mutation = fz.mutate_copy(category, random.Random(seed), work)
            except Exception:  # a mutator bug, not a loader bug: report it and go on
                per_category[category]["mutator error"] += 1
                print(f"mutator {category} seed {seed} failed:\n{traceback.format_exc()}", file=sys.stderr)
                shutil.rmtree(work, ignore_errors=True)
                continue
            outcome = fz.run_load(root, args.time_limit)
            found = fz.problems(root, mutation, outcome)
            marker = mutation.extra.get("marker")
            if marker is not None and marker.exists():
                found.append("a YAML tag executed code")
            max_growth = max(max_growth, outcome.rss_growth_mb)
            slowest = sorted(slowest + [(outcome.seconds, f"{category} seed {seed}: {mutation.note[:60]}")])[-5:]
            counts = per_category[category]
            counts["cases"] += 1
            if isinstance(outcome.error, fz.Hang):
                counts["hang"] += 1
            elif outcome.error is not None:
                counts["exception"] += 1
            elif outcome.handbook is not None:
                counts["success"] += 1
            else:
                counts["error report"] += 1
            if outcome.report is not None:
                seen = set()
                for d in outcome.report.items:
                    key = d.code if d.severity == "error" else f"{d.code} (warning)"
                    codes_total[key] += 1
                    seen.add(key)
                codes_cases.update(seen)
            if found:
                counts["failed"] += 1
                sig = signature(mutation, outcome, found)
                failure_counts[sig] += 1
                if len(failures[sig]) < KEEP_PER_SIGNATURE:
                    failures[sig].append(save(args.out, f"{category}-{seed}", root, mutation, outcome, found))
            shutil.rmtree(work, ignore_errors=True)
            if (i + 1) % 1000 == 0:
                print(f"… {i + 1:,} cases, {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    total = time.perf_counter() - started

    columns = ["cases", "success", "error report", "exception", "hang", "failed"]
    print(f"\n{args.cases:,} cases (seed {args.seed}) in {total:.1f} s "
          f"({total / max(args.cases, 1) * 1000:.1f} ms per case)")
    print(f"peak RSS {fz.peak_rss_mb():.0f} MB (at start {rss_start:.0f} MB; largest growth during one load "
          f"{max_growth:.0f} MB)\n")
    print(f"{'category':<11}" + "".join(f"{c:>14}" for c in columns))
    for category in categories:
        counts = per_category[category]
        print(f"{category:<11}" + "".join(f"{counts[c]:>14,}" for c in columns))
    all_counts = sum(per_category.values(), Counter())
    print(f"{'total':<11}" + "".join(f"{all_counts[c]:>14,}" for c in columns))
    print("\ndiagnostic codes: cases reporting it / diagnostics in all")
    for code, n in sorted(codes_cases.items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"  {code:<28}{n:>8,}{codes_total[code]:>10,}")
    print("\nslowest loads:")
    for seconds, what in reversed(slowest):
        print(f"  {seconds * 1000:8.0f} ms  {what}")
    if failure_counts:
        print(f"\nfailures ({sum(failure_counts.values()):,}), reproducers in {args.out}:")
        for sig, n in failure_counts.most_common():
            print(f"  {n:>6,}  {sig}")
            for path in failures[sig]:
                print(f"          {path}")
    else:
        print("\nno failures")
    return 1 if failure_counts else 0


if __name__ == "__main__":
    sys.exit(main())
