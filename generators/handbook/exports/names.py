"""File names people see when they download or export: 商务助理-岗位说明书.docx, not business-assistant.docx.

One function per kind of file, so the site's download attribute and `handbook export`
always agree. Site paths (the URL) stay the ASCII record ids; only the name a browser
saves under and the exported file's name are Chinese.
"""

from __future__ import annotations

import re
from collections import Counter

from ..book import Handbook

_FORBIDDEN = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]+')
"""Characters Windows, macOS or Linux refuse in a file name, and control characters."""
MAX_STEM = 80
"""Characters of the name before the extension; long names stay clear of the 255-byte limit in UTF-8."""


def safe_filename(stem: str, suffix: str) -> str:
    """`stem` made safe on every desktop system, plus `suffix` (".docx").

    Forbidden characters become "_", leading/trailing dots and spaces go, and the
    stem is cut to MAX_STEM characters. An empty result becomes "未命名".
    """
    text = _FORBIDDEN.sub("_", stem).strip(" .")
    text = text[:MAX_STEM].rstrip(" .") or "未命名"
    return f"{text}{suffix}"


_stems: dict[int, tuple[object, dict[str, str]]] = {}


def _base_stem(hb: Handbook, pid: str, counts: Counter) -> str:
    """The position's name; prefixed with its unit's name when another position has the same name."""
    pos = hb.positions[pid]
    if counts[pos.name] > 1:
        return f"{hb.name_of(pos.unit)}-{pos.name}"
    return pos.name


def _unique_stems(hb: Handbook) -> dict[str, str]:
    """{position id: file stem}, distinct for every position of `hb` once made safe.

    Names that collide after `safe_filename` (柜员/复核员 and 柜员_复核员 both give
    柜员_复核员), compared case-insensitively as Windows and macOS do, get the position
    id appended (柜员_复核员-teller), so no export or download overwrites another.
    Deterministic: depends only on the handbook's names and ids.
    """
    counts = Counter(p.name for p in hb.positions.values())
    safe = {pid: safe_filename(_base_stem(hb, pid, counts), "") for pid in hb.positions}
    seen = Counter(stem.casefold() for stem in safe.values())
    out: dict[str, str] = {}
    for pid, stem in safe.items():
        if seen[stem.casefold()] > 1:
            room = MAX_STEM - len("-岗位说明书") - len(pid) - 1
            stem = f"{stem[:max(room, 1)].rstrip(' .')}-{safe_filename(pid, '')}"
        out[pid] = stem
    return out


def _position_stem(hb: Handbook, pid: str) -> str:
    """The stem `_unique_stems` gives `pid`; computed once per handbook, not once per file."""
    held = _stems.get(id(hb.positions))
    if held is None or held[0] is not hb.positions:
        _stems.clear()
        held = _stems[id(hb.positions)] = (hb.positions, _unique_stems(hb))
    return held[1][pid]


def jd_filename(hb: Handbook, pid: str) -> str:
    """商务助理-岗位说明书.docx"""
    return safe_filename(f"{_position_stem(hb, pid)}-岗位说明书", ".docx")


def kpi_filename(hb: Handbook, pid: str) -> str:
    """商务助理-绩效考核表.xlsx"""
    return safe_filename(f"{_position_stem(hb, pid)}-绩效考核表", ".xlsx")


def handbook_filename(hb: Handbook, what: str, suffix: str) -> str:
    """营销中心管理手册-数据.xlsx, 营销中心管理手册-培训矩阵.xlsx, 营销中心管理手册.pdf (what = "")."""
    return safe_filename(f"{hb.meta.title}-{what}" if what else hb.meta.title, suffix)
