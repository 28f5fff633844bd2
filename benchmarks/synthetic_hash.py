"""Hash of the synthetic generator's output for fixed (positions, seed).

Run it before and after a change that must not alter the output (moving the word lists into data files,
refactoring build.py) and compare the lines. Usage: python benchmarks/synthetic_hash.py [repository root]
"""

from __future__ import annotations

import hashlib
import sys
import tempfile
from pathlib import Path

ROOT = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "generators"))

from handbook.synthetic import generate  # noqa: E402

for positions, seed in ((40, 1), (300, 7), (2000, 1)):
    with tempfile.TemporaryDirectory() as tmp:
        generate(Path(tmp), positions, seed)
        digest = hashlib.sha256()
        files = sorted(p for p in Path(tmp).rglob("*") if p.is_file())
        for path in files:
            digest.update(str(path.relative_to(tmp)).encode() + b"\0" + path.read_bytes() + b"\0")
        print(f"positions={positions} seed={seed} files={len(files)} sha256={digest.hexdigest()}", flush=True)
