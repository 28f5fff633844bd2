"""Measure glyph advance widths of the diagram font stack and (re)write the layout's width table.

Diagram labels are laid out at build time, without a browser, so the layout needs an upper
bound of each character's width over every font the SVG's font stack can resolve to
(`handbook.diagrams.text.FONT_STACK`). This script reads the advance widths (hmtx) of the fonts
installed on this machine with fontTools and combines them with published tables of fonts that
cannot be installed here, then prints the per-font figures and writes
`generators/handbook/diagrams/glyph_widths.json`.

Fonts and sources:
- DejaVu Sans: Debian's default `sans-serif` for Latin text (fonts-dejavu-core), measured here.
- Noto Sans CJK SC: installed by tests/run.sh (fonts-noto-cjk), measured here.
- Microsoft YaHei (Windows): advance widths of the ASCII glyphs as published in an
  outline export of msyh (units of 1/1000 em), copied into YAHEI_ASCII below.
- SimSun (Windows): a fixed-pitch font whose ASCII glyphs are half width, 0.5 em each.
- PingFang SC (macOS): no published table was available; its Latin glyphs are narrower than
  DejaVu Sans's, which bounds them.

Not part of the test suite. Needs fontTools (`pip install fonttools`). Run:
    python benchmarks/font_widths.py [--write]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from fontTools.ttLib import TTCollection, TTFont

HERE = Path(__file__).resolve().parent
TABLE = HERE.parent / "generators" / "handbook" / "diagrams" / "glyph_widths.json"
ASCII = [chr(c) for c in range(0x20, 0x7F)]
LATIN1 = [chr(c) for c in range(0xA0, 0x250) if chr(c).isprintable()]
DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
NOTO_CJK = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
YAHEI_ASCII = {
    " ": 295.5, "!": 312.0, "#": 638.0, "$": 586.0, "%": 889.5, "&": 870.0, "'": 256.0, "(": 333.5,
    ")": 333.5, "*": 455.0, "+": 741.5, ",": 240.5, "-": 432.5, ".": 240.5, "/": 427.0, ":": 240.5,
    ";": 240.5, "<": 741.5, "=": 741.5, ">": 741.5, "?": 482.5, "@": 1031.0, "A": 703.5, "B": 627.0,
    "C": 668.5, "D": 761.5, "E": 549.5, "F": 531.0, "G": 743.5, "H": 773.0, "I": 293.5, "J": 395.5,
    "K": 634.5, "L": 513.0, "M": 977.0, "N": 812.5, "O": 814.5, "P": 611.5, "Q": 814.5, "R": 652.5,
    "S": 577.0, "T": 573.0, "U": 746.5, "V": 676.0, "W": 1017.5, "X": 645.0, "Y": 603.5, "Z": 620.0,
    "[": 333.5, "]": 333.5, "^": 741.5, "_": 448.0, "a": 552.5, "b": 638.5, "c": 501.0, "d": 639.5,
    "e": 567.0, "f": 346.5, "g": 639.5, "h": 615.5, "i": 266.0, "j": 267.0, "k": 544.0, "l": 266.0,
    "m": 937.0, "n": 616.0, "o": 635.5, "p": 638.5, "q": 639.5, "r": 381.5, "s": 462.5, "t": 372.5,
    "u": 616.0, "v": 524.5, "w": 789.5, "x": 506.5, "y": 529.0, "z": 491.5, "|": 269.0,
    **dict.fromkeys("0123456789", 586.0),
}
"""Microsoft YaHei Regular ASCII advances, 1/1000 em (the glyphs `"`, `\\`, `` ` ``, `{`, `}`, `~` are not in the source)."""


def font_widths(font: TTFont, chars: list[str]) -> dict[str, float]:
    """Advance widths in em of those `chars` the font has a glyph for."""
    cmap = font.getBestCmap()
    hmtx = font["hmtx"]
    upm = font["head"].unitsPerEm
    return {ch: hmtx[cmap[ord(ch)]][0] / upm for ch in chars if ord(ch) in cmap}


def noto_sc() -> TTFont:
    """The Simplified Chinese face of the Noto Sans CJK collection."""
    for font in TTCollection(str(NOTO_CJK)).fonts:
        if font["name"].getDebugName(1) == "Noto Sans CJK SC":
            return font
    raise SystemExit("Noto Sans CJK SC not found in " + str(NOTO_CJK))


def measure() -> dict[str, dict[str, float]]:
    """Per font: character → width in em."""
    chars = ASCII + LATIN1
    return {
        "DejaVu Sans": font_widths(TTFont(str(DEJAVU)), chars),
        "Noto Sans CJK SC": font_widths(noto_sc(), chars),
        "Microsoft YaHei": {ch: w / 1000 for ch, w in YAHEI_ASCII.items()},
        "SimSun": dict.fromkeys(ASCII, 0.5),
    }


def upper_bounds(per_font: dict[str, dict[str, float]]) -> dict[str, float]:
    """Max width over the fonts, rounded up to 1/1000 em."""
    out: dict[str, float] = {}
    for widths in per_font.values():
        for ch, w in widths.items():
            out[ch] = max(out.get(ch, 0.0), w)
    return {ch: -(-round(w * 1e6) // 1000) / 1000 for ch, w in sorted(out.items())}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="rewrite the shipped table")
    args = parser.parse_args()
    per_font = measure()
    bounds = upper_bounds(per_font)
    print(f"{'sample':<12}" + "".join(f"{name:>18}" for name in per_font) + f"{'bound':>10}")
    for sample in ("0123456789", "WWW MMM", "abcdefghij", "HRBP-2026"):
        row = [sum(per_font[n].get(ch, 0) for ch in sample) for n in per_font]
        print(f"{sample:<12}" + "".join(f"{w:>18.3f}" for w in row) + f"{sum(bounds[c] for c in sample):>10.3f}")
    shipped = json.loads(TABLE.read_text(encoding="utf-8"))["widths"] if TABLE.exists() else {}
    changed = sum(1 for ch, w in bounds.items() if shipped.get(ch) != w)
    print(f"{len(bounds)} characters; {changed} differ from the shipped table")
    if args.write:
        TABLE.write_text(json.dumps({"fonts": list(per_font), "unit": "em", "widths": bounds},
                                    ensure_ascii=False, indent=0, sort_keys=True) + "\n", encoding="utf-8")
        print("wrote", TABLE)


if __name__ == "__main__":
    main()
