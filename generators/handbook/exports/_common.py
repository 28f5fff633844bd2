"""Helpers shared by the Word and Excel exports: fixed timestamps, stable zips, display text."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from ..model import Meta
from ..render.processes_view import target_text, with_unit

STAGE_ORDER = {"入职": 0, "在岗": 1, "晋升": 2}
EPOCH = dt.datetime(2000, 1, 1)
"""Timestamp used when the handbook has no release yet."""


def fixed_datetime(meta: Meta) -> dt.datetime:
    """The date of the latest release (releases[-1]) at midnight; a constant when there is none.

    Exports carry this instead of "now" so the same data always gives the same bytes.
    """
    if meta.releases:
        return dt.datetime.strptime(meta.releases[-1].date, "%Y-%m-%d")
    return EPOCH


def version_text(meta: Meta) -> str:
    if not meta.releases:
        return "未发布"
    release = meta.releases[-1]
    return f"版本 {release.version}（{release.date} 生效）"


def stable_zip(data: bytes, when: dt.datetime) -> bytes:
    """Rewrite an OOXML zip with fixed entry dates and attributes, keeping entry order.

    python-docx and openpyxl stamp every zip entry with the current time, so two
    saves of the same document differ; this makes the bytes depend on content only.
    """
    stamp = (max(when.year, 1980), when.month, when.day, 0, 0, 0)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            entry.create_system = 0
            dst.writestr(entry, src.read(info.filename), compresslevel=6)
    return out.getvalue()




def weight_text(weight: float) -> str:
    return f"{weight:g}%"


def hours_text(hours: float) -> str:
    return f"{hours:g}"


def is_veto(entry, kpi) -> bool:
    """A 一票否决 item: scored pass/fail outside the weights. Read from the position's entry or the
    library indicator, whichever the model carries (`veto`); False when the model has no such field."""
    return bool(getattr(entry, "veto", False) or getattr(kpi, "veto", False))


def kpi_levels(kpi) -> list[tuple[str, str]]:
    """(level name, description) of a qualitative indicator scored by levels (优/良/中/差 …); [] otherwise.

    Accepts levels written as objects with name/level and description/text, as mappings, or as plain text.
    """
    out = []
    for level in getattr(kpi, "levels", None) or []:
        if isinstance(level, str):
            out.append((level, ""))
            continue
        get = level.get if isinstance(level, dict) else (lambda key, default="": getattr(level, key, default))
        name = get("name", "") or get("level", "") or get("label", "")
        text = get("description", "") or get("text", "") or ""
        score = get("score", None)
        if score not in (None, ""):
            name = f"{name}（{score:g}分）" if isinstance(score, (int, float)) else f"{name}（{score}）"
        out.append((str(name), str(text)))
    return out


def scoring_text(kpi, entry=None) -> str:
    """评分标准 of an indicator, for people: its levels; else thresholds; else the target and direction.

    Rules (the usual ones in Chinese KPI forms): 越高越好 → "≥ 优秀值 为优秀，≥ 合格值 为合格，低于合格值不得分";
    越低越好 mirrors it with ≤. With only a target: reaching it scores full marks, otherwise pro rata.
    """
    levels = kpi_levels(kpi)
    if levels:
        return "\n".join(f"{name}：{text}" if text else name for name, text in levels)
    high = kpi.effective_direction != "越低越好"
    sign = "≥" if high else "≤"
    unit = kpi.unit or ""

    def shown(value: str) -> str:
        """The value with the sign the direction implies, unless the editor wrote one (≥98%)."""
        value = with_unit(value, unit)
        return value if value.startswith(("≥", "≤", ">", "<", "=")) else f"{sign}{value}"

    t = kpi.thresholds
    if t and (t.excellent or t.passing):
        parts = []
        if t.excellent:
            parts.append(f"{shown(t.excellent)} 为优秀（100 分）")
        if t.passing:
            parts.append(f"{shown(t.passing)} 为合格（60 分）")
            parts.append("未达合格值为 0 分" if high else "超过合格值为 0 分")
        return "；".join(parts)
    target = target_text(kpi, entry)
    if not target:
        return ""
    if high:
        return f"达到目标值 {target} 得满分；未达到按实际值 ÷ 目标值 × 100 计分"
    return f"不超过目标值 {target} 得满分；超出部分按比例扣分"
