"""What Chinese editors type into YAML that YAML does not mean: found before parsing.

An input method left in full-width mode gives `name：销售经理`, `－ 负责…` or a
full-width space as indentation; Word pastes control characters such as \\v.
libyaml reports these lines away, in English, or not at all. This module finds
each one at its own line and column, names the character and the fix, and
returns a repaired text (same lines) so the rest of the file can still be checked.
"""

from __future__ import annotations

import re
from functools import lru_cache
from dataclasses import dataclass

FORMAT_CHARS = ("\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f\u202a-\u202e"
                "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f"
                "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f")
"""Unicode format characters (category Cf: zero-width space U+200B, joiners U+200C/D, word joiner U+2060,
BOM U+FEFF inside text, direction marks): invisible, so `大堂\u200b经理` looks like 大堂经理 but is another name.
tests/test_gate_followups.py checks this list against unicodedata."""
CONTROL = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff{FORMAT_CHARS}]")
"""Characters no handbook text may contain: C0/C1 controls (except tab, CR, LF), DEL, non-characters
and format characters. U+2028/2029 are kept: the pages escape them (tests/cases/hostile)."""

CONTROL_NAMES = {
    "\x0b": "垂直制表符 \\v（Word 里的手动换行）",
    "\x0c": "换页符 \\f",
    "\x07": "响铃符（Word 表格里常见）",
    "\x00": "空字符",
    "\x08": "退格符",
    "\x1b": "终端转义符 ESC",
    "\x7f": "删除符 DEL",
    "\u200b": "零宽空格 U+200B",
    "\u200c": "零宽非连接符 U+200C",
    "\u200d": "零宽连接符 U+200D",
    "\u2060": "零宽连字符 U+2060",
    "\ufeff": "零宽不换行空格（字节顺序标记）U+FEFF",
    "\u00ad": "软连字符 U+00AD",
    "\u200e": "从左到右标记 U+200E",
    "\u200f": "从右到左标记 U+200F",
}

FULLWIDTH = {
    "：": ("全角冒号", "英文冒号“:”（后面再加一个空格）"),
    "，": ("全角逗号", "英文逗号“,”"),
    "\u3000": ("全角空格", "两个英文空格"),
    "－": ("全角减号", "英文减号“-”（后面再加一个空格）"),
}
"""Full-width character → (its name, what to type instead), as the message says it."""

_KEY_COLON = re.compile(r"^(\s*(?:-\s+)?)([A-Za-z_][A-Za-z0-9_]*)[ \t]*(：)")
_FLOW_KEY_COLON = re.compile(r"[{,][ \t]*([A-Za-z_][A-Za-z0-9_]*)[ \t]*(：)")
_FLOW_COMMA = re.compile(r"(，)[ \t]*([A-Za-z_][A-Za-z0-9_]*)[ \t]*[:：]")
_DASH = re.compile(r"^([ \t]*)(－)")
_WIDE_AFTER_COLON = re.compile(r"(?:^[ \t]*(?:-[ \t]+)?|[{,][ \t]*)([A-Za-z_][A-Za-z0-9_]*)[ \t]*:(\u3000+)")
_FLOW_ID_COMMA = re.compile(r"(?<=[a-z0-9])[ \t]*(，)[ \t]*(?=[a-z0-9])")
_ID_LIST = re.compile(r"^\[[ \t]*[a-z0-9][a-z0-9-]*(?:[ \t]*[,，][ \t]*[a-z0-9][a-z0-9-]*)*[ \t]*\]$")
"""`[ops-head，personal-head]`: a full-width comma between two ids in a flow list (Chinese text keeps its commas)."""
_WIDE_INDENT = re.compile(r"^[ \u3000]*\u3000")
_TAB_INDENT = re.compile(r"^([ ]*(?:-[ ]+)?)\t")


@dataclass(frozen=True)
class Note:
    """One problem found in the text: 1-based line, 1-based column, code, Chinese message."""

    line: int
    column: int
    code: str
    message: str
    severity: str = "error"
    path: tuple = ()
    """The field path of the value, when the problem is inside one."""


@lru_cache(maxsize=1)
def field_names() -> frozenset:
    """Every field name of the data model: `ERP：系统维护` is text, `name：销售经理` is a mistyped key."""
    from ..model import Strict

    names, todo = set(), [Strict]
    while todo:
        model = todo.pop()
        names.update(model.model_fields)
        todo.extend(model.__subclasses__())
    return frozenset(names)


def control_name(char: str) -> str:
    """The Chinese name of a control character, e.g. 垂直制表符 \\v; others by code point (控制字符 U+0001)."""
    import unicodedata

    kind = "格式字符" if unicodedata.category(char) == "Cf" else "控制字符"
    return CONTROL_NAMES.get(char, f"{kind} U+{ord(char):04X}")


def control_message(line: int, column: int, char: str) -> str:
    """The message for a control character at a 1-based line and column."""
    return f"第 {line} 行第 {column} 列有不可见的{control_name(char)}，请删除它（从 Word 或网页复制文字时常会带进来）"


def scan_controls(text: str, first_line: int = 1) -> list[Note]:
    """Every control character in `text`, at its line and column."""
    notes = []
    for number, line in enumerate(text.split("\n")):
        for match in CONTROL.finditer(line):
            at = first_line + number
            notes.append(Note(at, match.start() + 1, "text.control", control_message(at, match.start() + 1, match.group())))
    return notes


def lint(text: str, first_line: int = 1) -> tuple[list[Note], str]:
    """(problems, repaired text). The repaired text has the same lines, so lines stay right."""
    notes = scan_controls(text, first_line)
    text = CONTROL.sub(" ", text)
    out = []
    for number, line in enumerate(text.split("\n")):
        at = first_line + number
        line = _fullwidth(line, at, notes)
        out.append(line)
    return notes, "\n".join(out)


def _note_wide(notes: list[Note], at: int, column: int, char: str) -> None:
    name, fix = FULLWIDTH[char]
    notes.append(Note(at, column, "yaml.fullwidth", f"第 {at} 行第 {column} 列是{name}“{char}”，请改成{fix}"))


def _fullwidth(line: str, at: int, notes: list[Note]) -> str:
    """Report and repair full-width punctuation where YAML expects its ASCII twin."""
    if _WIDE_INDENT.match(line):
        column = line.index("\u3000") + 1
        _note_wide(notes, at, column, "\u3000")
        indent = len(line) - len(line.lstrip(" \u3000"))
        line = line[:indent].replace("\u3000", "  ") + line[indent:]
    tab = _TAB_INDENT.match(line)
    if tab:
        column = tab.end()
        notes.append(Note(at, column, "yaml.tab", f"第 {at} 行第 {column} 列是 Tab 制表符；YAML 的缩进只能用空格，请把 Tab 换成空格"))
    dash = _DASH.match(line)
    if dash:
        _note_wide(notes, at, dash.start(2) + 1, "－")
        line = line[: dash.start(2)] + "-" + (" " if line[dash.end(2):dash.end(2) + 1] not in (" ", "") else "") + line[dash.end(2):]
    for match in reversed([m for m in _WIDE_AFTER_COLON.finditer(line) if m.group(1) in field_names()]):
        column = match.start(2) + 1
        notes.append(Note(at, column, "yaml.fullwidth",
                          f"第 {at} 行第 {column} 列：冒号后面是全角空格“　”，请改成一个英文空格（YAML 只认英文空格）"))
        line = line[: match.start(2)] + " " + line[match.end(2):]
    if "[" in line:
        line = _flow_list_commas(line, at, notes)
    key = _KEY_COLON.match(line)
    if key and key.group(2) in field_names():
        _note_wide(notes, at, key.start(3) + 1, "：")
        line = line[: key.start(3)] + ": " + line[key.end(3):]
    if "{" in line:
        for pattern, key_group, char_group in ((_FLOW_KEY_COLON, 1, 2), (_FLOW_COMMA, 2, 1)):
            while True:
                match = next((m for m in pattern.finditer(line) if m.group(key_group) in field_names()), None)
                if not match:
                    break
                char = match.group(char_group)
                _note_wide(notes, at, match.start(char_group) + 1, char)
                line = line[: match.start(char_group)] + ("," if char == "，" else ":") + " " + line[match.end(char_group):]
    return line


def _flow_list_commas(line: str, at: int, notes: list[Note]) -> str:
    """Report and repair full-width commas between ids inside [...] on this line."""
    out, depth, start = [], 0, 0
    for i, char in enumerate(line):
        if char == "[":
            if depth == 0:
                out.append(line[start:i])
                start = i
            depth += 1
        elif char == "]" and depth:
            depth -= 1
            if depth == 0:
                out.append(_repair_commas(line[start:i + 1], start, at, notes))
                start = i + 1
    out.append(line[start:])
    return "".join(out)


def _repair_commas(part: str, offset: int, at: int, notes: list[Note]) -> str:
    if "，" not in part or not _ID_LIST.match(part):
        return part
    for match in _FLOW_ID_COMMA.finditer(part):
        _note_wide(notes, at, offset + match.start(1) + 1, "，")
    return _FLOW_ID_COMMA.sub(", ", part)
