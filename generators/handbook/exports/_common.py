"""Helpers shared by the Word and Excel exports: fixed timestamps, stable zips, display text."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from ..model import Item, Kpi, KpiWeight, Meta

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


def text_of(item) -> str:
    """The text of a duty/authority/… line (plain string or {key, text})."""
    return item.text if isinstance(item, Item) else item


def key_of(item) -> str:
    return item.key if isinstance(item, Item) else ""


def target_text(kpi: Kpi, entry: KpiWeight | None = None) -> str:
    """The target shown to people: the position's own target, else the library's, with the unit."""
    target = (entry.target if entry and entry.target else None) or kpi.target
    if not target:
        return ""
    if kpi.unit and not target.endswith(kpi.unit) and _numeric(target):
        return f"{target}{kpi.unit}"
    return target


def _numeric(text: str) -> bool:
    try:
        float(text.lstrip("≥≤><=约 ").rstrip())
        return True
    except ValueError:
        return False


def weight_text(weight: float) -> str:
    return f"{weight:g}%"


def hours_text(hours: float) -> str:
    return f"{hours:g}"
