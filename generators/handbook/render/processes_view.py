"""Small helpers the templates use for the richer model: step kinds, responsible roles, KPI entries, course length."""

from __future__ import annotations

from ..flow import is_exclusive, responsible, start_indexes  # noqa: F401 — re-exported to templates

STEP_KINDS = {"判断": "排他网关（判断）", "并行": "并行网关（分叉）", "汇合": "并行网关（汇合）"}


def step_kind(step) -> str:
    """What a step is, in words, when it is not a plain task: 排他网关、并行网关、里程碑、转入其他流程."""
    if is_exclusive(step):
        return STEP_KINDS["判断"]
    if step.gateway:
        return STEP_KINDS[step.gateway]
    if step.milestone:
        return "里程碑"
    return ""


def is_start(process, index: int) -> bool:
    return index in start_indexes(process)


def course_length(course) -> str:
    """“8 学时” or “3 天”."""
    if course.days is not None:
        return f"{course.days:g} 天"
    return f"{course.hours:g} 学时" if course.hours is not None else "—"


def with_unit(value: str, unit: str) -> str:
    """A KPI value as people read it: a bare number gets the indicator's unit (“95” + “%” → “95%”, “≥95” → “≥95%”);
    text that already ends with the unit, or is not a number (“无重大投诉”), is kept as written."""
    if unit and value and not value.endswith(unit) and _numeric(value):
        return f"{value}{unit}"
    return value


def target_text(kpi, entry=None) -> str:
    """The one way a KPI target is shown (page, PDF, Word, Excel): the position's own target (entry.target),
    else the library's (kpi.target), with the unit by with_unit; "" when neither is set."""
    target = (entry.target if entry is not None and entry.target else None) or kpi.target
    return with_unit(target, kpi.unit) if target else ""


def _numeric(text: str) -> bool:
    """A number, possibly after a comparison sign or 约: “95”, “≥ 98.5”, “约 30”."""
    try:
        float(text.lstrip("≥≤><=约 ").rstrip())
        return True
    except ValueError:
        return False


def weight_text(entry) -> str:
    """A position's KPI entry: “30%” or “一票否决”."""
    return "一票否决" if entry.veto else f"{entry.weight:g}%"


def weighted(entries) -> list:
    return [e for e in entries if not e.veto]


def vetoes(entries) -> list:
    return [e for e in entries if e.veto]
