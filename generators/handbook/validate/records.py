"""Schema validation: raw records → model objects, with every problem located.

pydantic does the checking; this module only translates its errors into plain
Chinese with the file, line and field path the editor needs.
"""

from __future__ import annotations

import difflib
import typing

from pydantic import BaseModel, ValidationError

from ..diagnostics import Report
from ..load.sources import RawRecord
from ..model import FIELD_LABELS, HEADCOUNT_UNKNOWN, KIND_LABELS, KINDS, Meta, Synonyms, field_label

SINGLE_MODELS: dict[str, type[BaseModel]] = {"meta": Meta, "synonyms": Synonyms}
UNION_BRANCHES = {"str", "constrained-str", "Item"}
"""pydantic names a union's branches in error locations; the editor never sees these names."""


def _all_fields() -> frozenset:
    from ..load.yaml_lint import field_names

    return field_names()


TYPE_WORDS = {
    "string_type": "文字", "int_type": "整数", "int_parsing": "整数", "int_from_float": "整数",
    "float_type": "数字", "float_parsing": "数字", "list_type": "列表（每行以 - 开头）",
    "dict_type": "“字段: 值”的形式", "model_type": "“字段: 值”的形式", "model_attributes_type": "“字段: 值”的形式",
    "bool_type": "true 或 false", "bool_parsing": "true 或 false",
}


def validate_record(raw: RawRecord, report: Report, model: type[BaseModel] | None = None) -> BaseModel | None:
    """A model object, or None after reporting every problem of the record (file, line, field, value)."""
    model = model or KINDS.get(raw.kind) or SINGLE_MODELS[raw.kind]
    if not isinstance(raw.data, dict):
        report.error(raw.file, raw.line(), "schema.type", "记录应当是“字段: 值”的形式", path=raw.path)
        return None
    if _misplaced(raw, model, report):
        return None
    try:
        return model.model_validate(raw.data)
    except ValidationError as exc:
        problems = [p for p in _unique(exc.errors(include_url=False), raw) if not _already_reported(p["loc"], raw)]
        for problem in _collapse_colon_text(problems, raw, report):
            _report_error(problem, raw, model, report)
        return None


def _already_reported(loc: tuple, raw: RawRecord) -> bool:
    """The reader already said what is wrong with this value (a number YAML would change, a control character)."""
    full = raw.path + tuple(loc)
    return any(full[: len(flag)] == flag for flag in raw.located.flagged)


def _misplaced(raw: RawRecord, model: type[BaseModel], report: Report) -> bool:
    """A record whose fields fit another folder's kind exactly: say where it belongs, instead of nine unknown fields."""
    if raw.kind not in KINDS:
        return False
    keys = set(raw.data)
    if keys <= set(model.model_fields):
        return False
    for kind, other in KINDS.items():
        required = {name for name, f in other.model_fields.items() if f.is_required()}
        if kind != raw.kind and keys <= set(other.model_fields) and required <= keys:
            report.error(raw.file, raw.line(), "file.misplaced",
                         f"这是一条{KIND_LABELS[kind]}记录（有 {'、'.join(sorted(keys - set(model.model_fields)))} 等字段），"
                         f"应当放在 data/{kind}/ 目录下，不是 data/{raw.kind}/", path=raw.path)
            return True
    return False


def _collapse_colon_text(problems: list[dict], raw: RawRecord, report: Report) -> list[dict]:
    """Text with ": " inside becomes a one-field mapping; say so once, instead of one error per model field."""
    out, done = [], set()
    for problem in problems:
        loc = problem["loc"]
        at = next((loc[:n] for n in range(1, len(loc) + 1) if _colon_text(_value_at(raw.data, loc[:n]))), None)
        if at is None:
            out.append(problem)
            continue
        if at in done:
            continue
        done.add(at)
        (key, value), = _value_at(raw.data, at).items()
        typed = f"{key}: {value if value is not None else ''}".strip()
        report.error(raw.file, raw.line(*at), "schema.colon",
                     f"这一行的文字里有“: ”（冒号加空格），YAML 把它拆成了“字段: 值”；请给整行文字加引号，例如 - '{typed}'",
                     label(at), path=raw.path + tuple(at), value=typed)
    return out


def _colon_text(value) -> bool:
    if not isinstance(value, dict) or len(value) != 1:
        return False
    (key, inner), = value.items()
    return key not in _all_fields() and (inner is None or isinstance(inner, (str, int, float)))


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


def label(loc: tuple, model: type[BaseModel] | None = None) -> str:
    """“path（中文名）”: the field's label from the model's table (model.field_label), read in the model that holds
    the field when `model` (the record's model) is given, else by the field name alone."""
    names = [p for p in loc if isinstance(p, str)]
    path = field_path(loc)
    owner = _model_at(model, loc[:-1]) if model is not None and names else None
    word = (field_label(owner, names[-1]) if isinstance(owner, type) and issubclass(owner, BaseModel)
            and names[-1] in owner.model_fields else FIELD_LABELS.get(names[-1]) if names else None)
    return f"{path}（{word}）" if word else path


def _report_error(err: dict, raw: RawRecord, model: type[BaseModel], report: Report) -> None:
    loc, kind = err["loc"], err["type"]
    line = raw.line(*loc)
    code, message = "schema.value", None
    if kind == "missing":
        code, message = "schema.missing", "缺少这个必填字段" + _single_item_list_hint(raw)
    elif kind == "extra_forbidden":
        code, message = "schema.extra", _extra_message(loc, model)
    elif kind in ("bool_type", "bool_parsing"):
        code, message = "schema.type", (f"只能写 true（是）或 false（否），现在是 {_show(err.get('input'))}；"
                                        "“是/否”“对/错”等中文不能用，请改成 true 或 false")
    elif kind in TYPE_WORDS and loc and loc[-1] == "headcount":
        code, message = "schema.type", (f"编制应当是人数（整数，例如 2），现在是 {_show(err.get('input'))}；"
                                        f"人数尚未确定时写 {HEADCOUNT_UNKNOWN}")
    elif kind in TYPE_WORDS:
        code, message = "schema.type", f"应当是{TYPE_WORDS[kind]}，现在是 {_show(err.get('input'))}"
    elif kind == "literal_error":
        allowed = err.get("ctx", {}).get("expected", "")
        message = f"只能是 {allowed.replace(' or ', ', ')} 之一，现在是 {_show(err.get('input'))}"
    elif kind == "string_pattern_mismatch" and loc and loc[-1] in ("id", "key"):
        message = f"标识只能用小写英文字母、数字和连字符（-），并以字母或数字开头，例如 sales-manager；现在是 {_show(err.get('input'))}"
    elif kind == "string_pattern_mismatch":
        message = f"格式不对，应当像 2026-01-01；现在是 {_show(err.get('input'))}"
    elif kind == "finite_number":
        message = f"应当是一个有限的数字，现在是 {_show(err.get('input'))}"
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
        message = f"取值不符合要求，现在是 {_show(err.get('input'))}"
    typed = raw.located.typed.get(raw.path + tuple(loc))
    if kind == "string_type" and typed is not None:
        message = quote_hint(typed)
    elif typed is not None:
        message = message.replace(_show(err.get("input")), f"“{typed}”")
    report.error(raw.file, line, code, message, label(loc, model), path=raw.path + tuple(loc),
                 value=typed if typed is not None else _data(err.get("input")))


def quote_hint(typed: str) -> str:
    """Text was expected, YAML read something else (no → false, 1.0 → a number): echo what was typed, say to quote it."""
    if not typed.strip() or typed.strip() in ("~", "null", "Null", "NULL"):
        return "这里是空的；不需要的话请删除这一行，否则请写上内容"
    if typed.lower() in ("yes", "no", "on", "off", "true", "false", "y", "n"):
        meaning = "是/否（true 或 false）"
    elif typed.lower() in ("null", "~"):
        meaning = "空值"
    else:
        meaning = "数字"
    return f"应当是文字，这里写的是 {typed}，YAML 会把它当成{meaning}；如果就是要写这几个字，请加引号：'{typed}'"


def _data(value):
    """A value fit for JSON output (the diagnostic's data)."""
    return value if isinstance(value, (str, int, float, bool, type(None), list, dict)) else str(value)


def _show(value) -> str:
    """A value as the editor would write it in YAML: never a Python repr."""
    if value is None:
        return "空的"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        text = f"“{value}”"
    elif isinstance(value, (int, float)):
        try:
            text = f"{value:g}" if isinstance(value, float) else str(value)
        except ValueError:  # an integer too long to print
            return "一个过长的数字"
    elif isinstance(value, list):
        text = "一个列表（" + "、".join(_show(v) for v in value[:3]) + ("…" if len(value) > 3 else "") + "）"
    elif isinstance(value, dict):
        text = "“字段: 值”的形式（" + "、".join(str(k) for k in list(value)[:3]) + "）"
    else:
        text = "无法识别的值"
    return text if len(text) <= 40 else text[:37] + "…"


def _single_item_list_hint(raw: RawRecord) -> str:
    """A file that is a one-item list (`- id: a`): the leading “- ” is most likely a slip."""
    whole = raw.located.value
    if raw.path and isinstance(whole, list) and len(whole) == 1:
        return "。这个文件以“- ”开头，是记录列表；一个文件写一条记录即可：请去掉开头的“- ”，并让各字段顶格写"
    return ""


def _extra_message(loc: tuple, model: type[BaseModel]) -> str:
    owner = _model_at(model, loc[:-1])
    allowed = list(owner.model_fields) if owner else []
    close = _meant_field(str(loc[-1]), allowed)
    hint = f"是不是想写 {label((close,))}？" if close else ""
    listed = "、".join(allowed)
    return f"不认识这个字段。{hint}可用的字段有：{listed}"


FIELD_SYNONYMS: dict[str, tuple[str, ...]] = {
    "note": ("summary", "description", "changes"), "notes": ("summary", "description", "changes"),
    "remark": ("summary", "description"), "remarks": ("summary", "description"),
    "comment": ("summary", "description"), "memo": ("summary", "description"),
    "desc": ("description", "summary"), "purpose": ("description",), "title": ("name",),
}
"""Words editors write for a field under another name, most likely meaning first (only fields the record has are offered)."""


def _meant_field(written: str, allowed: list[str]) -> str | None:
    """The field an unknown key most likely means: a spelling slip, a synonym (note → summary),
    or the field's Chinese label (说明 → summary（发布说明）, 批准人 → approver)."""
    for field in FIELD_SYNONYMS.get(written.lower(), ()):
        if field in allowed:
            return field
    close = difflib.get_close_matches(written, allowed, n=1, cutoff=0.5)
    if close:
        return close[0]
    by_label = {FIELD_LABELS[f]: f for f in allowed if FIELD_LABELS.get(f)}
    for word, field in by_label.items():
        if written and (written in word or word in written):
            return field
    close = difflib.get_close_matches(written, list(by_label), n=1, cutoff=0.5)
    return by_label[close[0]] if close else None


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
