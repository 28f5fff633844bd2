"""Open vocabularies: the lists of allowed unit kinds, approval kinds, training stages,
KPI frequencies and course categories.

Each list has defaults (the values the tool always accepted, so every existing data
file keeps its meaning). data/handbook.yaml may replace a list (write the list) or
extend it ({add: [...]}) under `vocabularies`. A value outside its list is still an
error, with a did-you-mean, so typos are caught. The order of a list is its display
order (training stages: 入职 before 在岗 before 晋升).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from .model import Meta, Vocabularies, VocabularyChange, field_label

DEFAULTS: dict[str, tuple[str, ...]] = {
    "unit_kinds": ("集团", "公司", "中心", "部门", "科室", "分公司", "区域", "小组"),
    "approval_kinds": ("审核", "审批", "会签", "参与", "组织论证", "参与论证", "备案", "知会", "执行"),
    "training_stages": ("入职", "在岗", "晋升"),
    "kpi_frequencies": ("月度", "季度", "半年度", "年度"),
    "course_categories": (),  # empty: any category, in order of first use (render.order.category_order)
}
LABELS = {name: field_label(Vocabularies, name) for name in Vocabularies.model_fields}
"""Each list's Chinese name, the model's label (组织单元类型 …)."""
RESERVED_KINDS = frozenset({"负责"})
"""The matrices' word for the responsible role; it cannot also be an approval kind."""


@dataclass(frozen=True)
class Vocab:
    """The effective lists of one handbook: name → allowed values in display order."""

    lists: Mapping[str, tuple[str, ...]]

    def allowed(self, name: str) -> tuple[str, ...]:
        return self.lists[name]

    def is_open(self, name: str) -> bool:
        """An empty list (course categories by default) accepts any value."""
        return not self.lists[name]

    def accepts(self, name: str, value: str) -> bool:
        return self.is_open(name) or value in self.lists[name]

    def order(self, name: str, value: str) -> int:
        """Sort key: position in the list; values not in it sort last."""
        values = self.lists[name]
        return values.index(value) if value in values else len(values)


def effective(meta: Meta | None) -> Vocab:
    """The handbook's lists: defaults, replaced or extended by meta.vocabularies (duplicates dropped)."""
    lists: dict[str, tuple[str, ...]] = {}
    for name, default in DEFAULTS.items():
        own = getattr(meta.vocabularies, name) if meta is not None else None
        if own is None:
            values = list(default)
        elif isinstance(own, VocabularyChange):
            values = list(default) + list(own.add)
        else:
            values = list(own)
        lists[name] = tuple(dict.fromkeys(v.strip() for v in values if v.strip()))
    return Vocab(lists)


DEFAULT_VOCAB = effective(None)


def _values(kind: str, record) -> list[tuple[tuple, str | None, str]]:
    """(field path, value, list name) of every vocabulary value in one validated record."""
    if kind == "units":
        return [(("kind",), record.kind, "unit_kinds")]
    if kind == "kpis":
        return [(("frequency",), record.frequency, "kpi_frequencies")]
    if kind == "courses":
        return [(("category",), record.category, "course_categories")]
    if kind == "positions":
        return [(("training", i, "stage"), e.stage, "training_stages") for i, e in enumerate(record.training)]
    if kind == "processes":
        out = []
        for i, step in enumerate(record.steps):
            out.append((("steps", i, "approval"), step.approval, "approval_kinds"))
            out += [(("steps", i, "participants", j, "kind"), p.kind, "approval_kinds")
                    for j, p in enumerate(step.participants)]
        return out
    return []


def check_values(meta: Meta | None, records, report) -> None:
    """Report every value outside its list (code schema.value), with the list and a did-you-mean.

    records: [(RawRecord, validated model)]; runs beside schema validation so these problems are
    listed in the same run as every other one. Also rejects 负责 as an approval kind.
    """
    from .diagnostics import did_you_mean
    from .validate.records import label

    vocab = effective(meta)
    for name in ("approval_kinds",):
        for bad in RESERVED_KINDS & set(vocab.allowed(name)):
            report.error("data/handbook.yaml", 0, "schema.value",
                         f"“{bad}”是职责分工表对负责角色的称呼，不能再作为审批类型", f"vocabularies.{name}",
                         path=("vocabularies", name), value=bad)
    for raw, record in records:
        for path, value, name in _values(raw.kind, record):
            if value is None or vocab.accepts(name, value):
                continue
            allowed = vocab.allowed(name)
            hint = did_you_mean(value, {v: v for v in allowed})
            hint = hint.split("（")[0].replace("是不是想写：", "是不是想写 ") + "？" if hint else ""
            report.error(raw.file, raw.line(*path), "schema.value",
                         f"只能是{LABELS[name]}列表中的 {', '.join(allowed)} 之一，现在是“{value}”。{hint}"
                         f"确需新的取值，请在 data/handbook.yaml 的 vocabularies.{name} 中用 add 添加",
                         label(path), path=raw.path + path, value=value)


SCHEMA_PLACES = {
    # JSON Schema export: (model, or $defs name; field) → vocabulary
    "units": [(None, "kind", "unit_kinds")],
    "kpis": [(None, "frequency", "kpi_frequencies")],
    "courses": [(None, "category", "course_categories")],
    "positions": [("TrainingEntry", "stage", "training_stages")],
    "processes": [("Step", "approval", "approval_kinds"), ("Participant", "kind", "approval_kinds")],
}


def schema_with_lists(kind: str, schema: dict, vocab: Vocab) -> dict:
    """Add each vocabulary's allowed values (`enum`) to a record kind's exported JSON Schema, so editors
    complete and check them; an open list (course categories by default) gets no enum."""
    for owner, field_name, name in SCHEMA_PLACES.get(kind, ()):
        values = list(vocab.allowed(name))
        if not values:
            continue
        node = schema if owner is None else schema.get("$defs", {}).get(owner)
        prop = (node or {}).get("properties", {}).get(field_name)
        if prop is None:
            continue
        if "anyOf" in prop:  # Optional[str]: keep null allowed
            prop["anyOf"] = [{"enum": values, "type": "string"} if branch.get("type") == "string" else branch
                             for branch in prop["anyOf"]]
        else:
            prop["enum"] = values
    return schema


def project_vocab(root) -> Vocab:
    """The lists of the project at `root` (defaults when its data/handbook.yaml is missing or invalid)."""
    from pathlib import Path

    from pydantic import ValidationError
    from .load.yaml_source import YamlProblem, parse

    path = Path(root) / "data" / "handbook.yaml"
    try:
        located = parse(path.read_text(encoding="utf-8"))
        return effective(Meta.model_validate(located.value))
    except (OSError, UnicodeDecodeError, YamlProblem, ValidationError, TypeError, AttributeError):
        return DEFAULT_VOCAB
