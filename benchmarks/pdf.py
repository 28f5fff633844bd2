"""Time and size of the PDF edition: the sample, and a synthetic organization of N positions.

Usage: python benchmarks/pdf.py [--positions 2000] [--part positions]
Prints one line per handbook: positions, pages, bookmarks, internal links, seconds, megabytes, peak memory.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "generators"))

from pypdf import PdfReader  # noqa: E402

from handbook.exports.pdf_book import handbook_pdf  # noqa: E402
from handbook.pipeline import load_handbook  # noqa: E402


_DONE = [0, 0.0]
"""Records laid out so far and the start time of the handbook being measured (reset by measure)."""


def _progress() -> None:
    """Print one line per laid-out piece, so a long run shows its rate."""
    from handbook.exports import pdf_book

    original = pdf_book._chunk_html
    done = _DONE

    def chunk_html(hb, piece, page_start, *rest):
        done[0] += len(piece)
        print(f"  … {done[0]} 条记录，第 {page_start} 页起，已用 {time.perf_counter() - done[1]:.0f} 秒", flush=True)
        return original(hb, piece, page_start, *rest)

    pdf_book._chunk_html = chunk_html


def measure(label: str, root: Path, part: str | None) -> None:
    hb, report = load_handbook(root)
    assert hb is not None, [d.format() for d in report.errors][:5]
    started = time.perf_counter()
    _DONE[:] = [0, started]
    data = handbook_pdf(hb, part)
    seconds = time.perf_counter() - started
    reader = PdfReader(__import__("io").BytesIO(data))
    outline = reader.outline

    def count(items):
        return sum(count(i) if isinstance(i, list) else 1 for i in items)

    links = sum(1 for page in reader.pages for annot in page.get("/Annots") or [] if "/Dest" in annot.get_object())
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{label}: {len(hb.positions)} 个岗位, 部分 {part or '全部'}: {len(reader.pages)} 页, {count(outline)} 个书签, {links} 个内部链接, "
          f"{seconds:.1f} 秒, {len(data) / 1e6:.1f} MB, 内存峰值 {peak:.0f} MB", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--positions", type=int, default=0, help="also measure a synthetic handbook of this size")
    parser.add_argument("--part", default=None, help="one part only (positions, processes …)")
    parser.add_argument("--skip-sample", action="store_true")
    parser.add_argument("--root", type=Path, default=None, help="measure this handbook instead of generating one")
    args = parser.parse_args()
    _progress()
    if args.root:
        measure(str(args.root), args.root, args.part)
        return
    if not args.skip_sample:
        measure("示例手册", ROOT, args.part)
    if args.positions:
        from handbook.synthetic import generate

        with tempfile.TemporaryDirectory() as tmp:
            generate(Path(tmp), args.positions, 1)
            measure("虚拟组织（handbook demo）", Path(tmp), args.part)

if __name__ == "__main__":
    main()
