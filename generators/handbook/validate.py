"""Schema validation: raw records → model objects, with every problem located.

pydantic does the checking; this module only translates its errors into plain
Chinese with the file, line and field path the editor needs.
"""

from __future__ import annotations

import difflib
import typing

from pydantic import BaseModel, ValidationError

from .diagnostics import Report
from .load.sources import RawRecord
from .model import KINDS, Meta, Synonyms

SINGLE_MODELS: dict[str, type[BaseModel]] = {"meta": Meta, "synonyms": Synonyms}
UNION_BRANCHES = {"str", "Item"}

FIELD_LABELS = {
    "id": "标识", "name": "名称", "unit": "所属组织", "reports_to": "直接上级", "headcount": "编制",
    "purpose": "岗位目的", "duties": "岗位职责", "authorities": "权限", "accountabilities": "责任",
    "qualifications": "任职资格", "kpis": "考核指标", "training": "培训计划", "parent": "上级组织",
    "head": "负责人岗位", "functions": "部门职能", "definition": "定义", "formula": "计算公式",
    "direction": "指标方向", "target": "目标值", "frequency": "考核周期", "evaluator": "考核人",
    "owner": "归口部门", "steps": "流程步骤", "phases": "阶段", "role": "负责角色", "branches": "分支",
    "category": "类别", "hours": "学时", "weight": "权重", "kind": "类型", "stage": "阶段",
    "chart": "泳道图方向",
}

TYPE_WORDS = {
    "string_type": "文字", "int_type": "整数", "int_parsing": "整数", "int_from_float": "整数",
    "float_type": "数字", "float_parsing": "数字", "list_type": "列表（每行以 - 开头）",
    "dict_type": "“字段: 值”的形式", "model_type": "“字段: 值”的形式", "model_attributes_type": "“字段: 值”的形式",
    "bool_type": "true 或 false", "bool_parsing": "true 或 false",
}


def validate_record(raw: RawRecord, report: Report, model: type[BaseModel] | None = None) -> BaseModel | None:
    model = model or KINDS.get(raw.kind) or SINGLE_MODELS[raw.kind]
    if not isinstance(raw.data, dict):
        report.error(raw.file, raw.line(), "schema.type", "记录应当是“字段: 值”的形式")
        return None
    try:
        return model.model_validate(raw.data)
    except ValidationError as exc:
        for problem in _unique(exc.errors(include_url=False), raw):
            _report_error(problem, raw, model, report)
        return None


def _strip_union(loc: tuple) -> tuple:
    return tuple(part for part in loc if part not in UNION_BRANCHES)


def _value_at(data, loc: tuple):
    for part in loc:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _unique(errors: list[dict], raw: RawRecord) -> list[dict]:
    """Keep one error per place: a union (text or {key, text}) reports only the branch the editor meant."""
    kept: dict[tuple, dict] = {}
    for err in errors:
        loc = err["loc"]
        branch = next((p for p in loc if p in UNION_BRANCHES), None)
        if branch:
            at = loc[: loc.index(branch)]
            meant_item = isinstance(_value_at(raw.data, at), dict)
            if (branch == "Item") != meant_item:
                continue
        key = _strip_union(loc)
        kept.setdefault(key, {**err, "loc": key})
    return list(kept.values())


def field_path(loc: tuple) -> str:
    text = ""
    for part in loc:
        text += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def label(loc: tuple) -> str:
    names = [p for p in loc if isinstance(p, str)]
    path = field_path(loc)
    word = FIELD_LABELS.get(names[-1]) if names else None
    return f"{path}（{word}）" if word else path


def _report_error(err: dict, raw: RawRecord, model: type[BaseModel], report: Report) -> None:
    loc, kind = err["loc"], err["type"]
    line = raw.line(*loc)
    code, message = "schema.value", None
    if kind == "missing":
        code, message = "schema.missing", "缺少这个必填字段"
    elif kind == "extra_forbidden":
        code, message = "schema.extra", _extra_message(loc, model)
    elif kind in TYPE_WORDS:
        code, message = "schema.type", f"应当是{TYPE_WORDS[kind]}，现在是 {_show(err.get('input'))}"
    elif kind == "literal_error":
        allowed = err.get("ctx", {}).get("expected", "")
        message = f"只能是 {allowed.replace(' or ', ', ')} 之一，现在是 {_show(err.get('input'))}"
    elif kind == "string_pattern_mismatch" and loc and loc[-1] in ("id", "key"):
        message = f"标识只能用小写英文字母、数字和连字符（-），并以字母或数字开头，例如 sales-manager；现在是 {_show(err.get('input'))}"
    elif kind == "string_pattern_mismatch":
        message = f"格式不对，应当像 2026-01-01；现在是 {_show(err.get('input'))}"
    elif kind in ("too_short", "string_too_short"):
        message = "不能为空"
    elif kind == "string_too_long":
        message = f"太长了，最多 {err.get('ctx', {}).get('max_length')} 个字符"
    elif kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        ctx = err.get("ctx", {})
        bound = {"greater_than": f"大于 {ctx.get('gt')}", "greater_than_equal": f"不小于 {ctx.get('ge')}",
                 "less_than": f"小于 {ctx.get('lt')}", "less_than_equal": f"不大于 {ctx.get('le')}"}[kind]
        message = f"应当{bound}，现在是 {_show(err.get('input'))}"
    if message is None:
        message = f"取值不符合要求（{err.get('msg')}）"
    report.error(raw.file, line, code, message, label(loc))


def _show(value) -> str:
    try:
        text = repr(value) if not isinstance(value, str) else f"“{value}”"
    except ValueError:  # an integer too long to print
        return "一个过长的数字"
    return text if len(text) <= 40 else text[:37] + "…"


def _extra_message(loc: tuple, model: type[BaseModel]) -> str:
    owner = _model_at(model, loc[:-1])
    allowed = list(owner.model_fields) if owner else []
    close = difflib.get_close_matches(str(loc[-1]), allowed, n=1, cutoff=0.5)
    hint = f"是不是想写 {close[0]}？" if close else ""
    listed = "、".join(allowed)
    return f"不认识这个字段。{hint}可用的字段有：{listed}"


def _model_at(model: type[BaseModel], loc: tuple) -> type[BaseModel] | None:
    """Follow a field path into nested models, skipping list indexes."""
    current: object = model
    for part in loc:
        if isinstance(part, int):
            continue
        fields = getattr(current, "model_fields", None)
        if not fields or part not in fields:
            return None
        current = fields[part].annotation
        # unwrap Optional[...] / list[...] / unions down to a model class
        for _ in range(3):
            if isinstance(current, type) and issubclass(current, BaseModel):
                break
            args = [a for a in typing.get_args(current) if isinstance(a, type) and issubclass(a, BaseModel)]
            inner = typing.get_args(current)
            current = args[0] if args else (inner[0] if inner else current)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None
