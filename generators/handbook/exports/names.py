"""File names people see when they download or export: 商务助理-岗位说明书.docx, not business-assistant.docx.

One function per kind of file, so the site's download attribute and `handbook export`
always agree. Site paths (the URL) stay the ASCII record ids; only the name a browser
saves under and the exported file's name are Chinese.
"""

from __future__ import annotations

import re
from collections import Counter

from ..resolve import Handbook

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


_name_counts: dict[int, tuple[object, Counter]] = {}


def _position_stem(hb: Handbook, pid: str) -> str:
    """The position's name; prefixed with its unit's name when another position has the same name."""
    pos = hb.positions[pid]
    held = _name_counts.get(id(hb.positions))
    if held is None or held[0] is not hb.positions:  # one count per handbook, not one per file
        _name_counts.clear()
        held = _name_counts[id(hb.positions)] = (hb.positions, Counter(p.name for p in hb.positions.values()))
    if held[1][pos.name] > 1:
        return f"{hb.name_of(pos.unit)}-{pos.name}"
    return pos.name


def jd_filename(hb: Handbook, pid: str) -> str:
    """商务助理-岗位说明书.docx"""
    return safe_filename(f"{_position_stem(hb, pid)}-岗位说明书", ".docx")


def kpi_filename(hb: Handbook, pid: str) -> str:
    """商务助理-绩效考核表.xlsx"""
    return safe_filename(f"{_position_stem(hb, pid)}-绩效考核表", ".xlsx")


def handbook_filename(hb: Handbook, what: str, suffix: str) -> str:
    """营销中心管理手册-数据.xlsx, 营销中心管理手册-培训矩阵.xlsx, 营销中心管理手册.pdf (what = "")."""
    return safe_filename(f"{hb.meta.title}-{what}" if what else hb.meta.title, suffix)
