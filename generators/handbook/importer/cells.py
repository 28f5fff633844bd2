"""One workbook cell → one field value, by the column's kind (see exports/layout.py for the kinds).

Every function here works on a single value; a value that cannot be converted raises BadCell with a
Chinese message that names the column, and the caller adds the cell reference.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime

import yaml

from ..exports import layout as L
from ..load.yaml_source import number_problem

KEYED_LINE = re.compile(r"^\[([a-z0-9][a-z0-9-]*)\]\s*(.+)$", re.S)
PAIR_FIELDS = {"phases": ("id", "name"), "participants": ("role", "kind"), "branches": ("to", "label")}
PAIR_HINTS = {"phases": "阶段ID:名称", "participants": "角色ID:类型", "branches": "目标步骤ID:条件"}
TRUE_WORDS = {"是", "true", "yes", "y", "1", "√", "✓", "对"}
FALSE_WORDS = {"否", "false", "no", "n", "0", ""}
CONDITION = re.compile(r"^([^（(]+)[（(](.+)[）)]$", re.S)
"""A participant kind with its condition: 审批（金额超过 5 万元）."""
LEVEL_LINE = re.compile(r"^([^:：（(]+?)\s*(?:[（(]\s*([0-9.]+)\s*分?\s*[）)])?\s*[:：]\s*(.+)$", re.S)


class BadCell(Exception):
    """A cell value that cannot be converted; the message names the column."""


def plain(value):
    """A cell value as str/number/bool/None: dates become YYYY-MM-DD, blank strings None."""
    if isinstance(value, str):
        value = value.strip()
        return value or None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def text(value) -> str:
    """A cell value as the text a person sees: True → 是, 2.0 → "2"."""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def split(value: str) -> list[str]:
    """A list cell: one item per line, or items joined with "；" (layout.LIST_SEP)."""
    parts = value.split("\n") if "\n" in value else value.split(L.LIST_SEP)
    return [p.strip() for p in parts if p.strip()]


def _yaml_number(value: str) -> bool:
    """Whether YAML would resolve `value`, typed plainly in a data file, to an int or float (so the gate applies).

    Uses PyYAML's implicit resolver only (no file is read): the same rule the loader's number gate follows."""
    tag = yaml.resolver.Resolver().resolve(yaml.ScalarNode, value.strip(), (True, False))
    return tag in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")


def _typed_number(col: L.Col, value) -> None:
    """Refuse a number cell whose typing would be read as another number.

    Text cells such as "010", "1:30", "0x10", "inf" or "nan" (and non-finite numbers)
    follow the same rule as numbers in data/*.yaml (`number_problem`, code yaml.number):
    they raise BadCell instead of silently becoming 10, 90, 16 or infinity.
    """
    try:
        finite = math.isfinite(float(value))  # "inf", "nan", "1e999" as text, or such a number
    except (TypeError, ValueError):
        finite = True
    if not finite:
        raise BadCell(f"{col.label}应当是具体的数值，现在是“{text(value)[:30]}”")
    if isinstance(value, str) and _yaml_number(value) and number_problem(value, value):
        raise BadCell(f"{col.label}“{value.strip()[:30]}”不是普通的数字写法（以 0 开头的 010、1:30、0x10、inf、nan 都会被读成"
                      f"别的数或不是数字）；请写成 12 或 1.5 这样的数字")


def _int(col: L.Col, value) -> int:
    if isinstance(value, bool):
        raise BadCell(f"{col.label}应当是整数，现在是“{text(value)}”")
    if isinstance(value, (int, float)) and float(value).is_integer():
        return int(value)
    if isinstance(value, str) and re.fullmatch(r"[+-]?\d+(\.0*)?", value):
        return int(float(value))
    raise BadCell(f"{col.label}应当是整数，现在是“{text(value)}”")


def _float(col: L.Col, value) -> int | float:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        number = float(value)
    else:
        try:
            number = float(str(value).rstrip("%％"))
        except ValueError:
            raise BadCell(f"{col.label}应当是数字，现在是“{text(value)}”") from None
    return int(number) if number.is_integer() else number


def _headcount(col: L.Col, value):
    if isinstance(value, str) and value.strip() == "未定":
        return "未定"
    return convert(L.Col(col.key, col.label, kind="int"), value)


def _items(col: L.Col, value: str) -> list:
    """Text lines, a keyed line written "[key] 文字" → {key, text}."""
    out = []
    for line in (p.strip() for p in value.split("\n")):
        match = KEYED_LINE.match(line) if line else None
        if match:
            out.append({"key": match.group(1), "text": match.group(2).strip()})
        elif line:
            out.append(line)
    return out


def _pairs(col: L.Col, value: str) -> list[dict]:
    """“a:b；c:d” → [{first: a, second: b} …]; a participant kind may carry a condition in brackets."""
    first, second = PAIR_FIELDS[col.key]
    out = []
    for part in split(value):
        pieces = re.split(r"[:：]", part, maxsplit=1)
        if len(pieces) != 2 or not pieces[0].strip() or not pieces[1].strip():
            raise BadCell(f"{col.label}中的“{part}”应写成“{PAIR_HINTS[col.key]}”的形式（用冒号分隔）")
        pair = {first: pieces[0].strip(), second: pieces[1].strip()}
        condition = CONDITION.match(pair[second]) if col.key == "participants" else None
        if condition:
            pair[second], pair["condition"] = condition.group(1).strip(), condition.group(2).strip()
        out.append(pair)
    return out


def _bool(col: L.Col, value: str) -> bool:
    word = value.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise BadCell(f"{col.label}只能填“是”或留空，现在是“{value}”")


def _levels(col: L.Col, value: str) -> list[dict]:
    """“优（100）：全年无投诉” lines → [{name, score, description}]; raises BadCell for a line of another shape."""
    out = []
    for line in (part.strip() for part in value.split("\n")):
        if not line:
            continue
        match = LEVEL_LINE.match(line)
        if not match:
            raise BadCell(f"{col.label}中的“{line}”应写成“等级（得分）：标准”或“等级：标准”")
        level = {"name": match.group(1).strip(), "description": match.group(3).strip()}
        if match.group(2):
            score = float(match.group(2))
            level["score"] = int(score) if score.is_integer() else score
        out.append(level)
    return out


_BY_VALUE = {"headcount": _headcount, "int": _int, "float": _float}
"""Kinds converted from the cell value as it is (number or text)."""
_BY_TEXT = {
    "levels": _levels,
    "list": lambda col, value: split(value),
    "items": _items,
    "pairs": _pairs,
    "bool": _bool,
    "next": lambda col, value: [] if value.strip() == L.NEXT_NONE else split(value),
}
"""Kinds converted from the cell's text; any other kind is plain text."""


def convert(col: L.Col, value):
    """Cell value (as `plain` gives it) → field value for the column's kind; None for a blank cell.

    Raises BadCell with a Chinese message naming the column."""
    if value is None:
        return None
    if col.kind in ("int", "float") and not isinstance(value, bool):
        _typed_number(col, value.rstrip("%％") if isinstance(value, str) and col.kind == "float" else value)
    if col.kind in _BY_VALUE:
        return _BY_VALUE[col.kind](col, value)
    if col.kind in _BY_TEXT:
        return _BY_TEXT[col.kind](col, text(value))
    return text(value)


def vocabulary(value: str):
    """A vocabulary cell back to handbook.yaml: “追加：a；b” → {add: [a, b]}, “a；b” → [a, b]."""
    if value.startswith(L.VOCAB_ADD):
        return {"add": split(value[len(L.VOCAB_ADD):])}
    return split(value)


def set_path(data: dict, key: str, value) -> None:
    """Dotted keys (qualifications.skills) build nested dicts."""
    *parents, last = key.split(".")
    for part in parents:
        data = data.setdefault(part, {})
    data[last] = value
