"""Safe YAML reading that remembers the line of every value.

Why not yaml.safe_load: it loses line numbers, silently keeps the last of two
duplicate keys, and expands aliases (a "billion laughs" file exhausts memory).
Here the C parser only composes the node graph (aliases stay shared nodes, so
nothing is expanded) and a small converter turns nodes into plain values while
rejecting aliases, unknown tags, duplicate keys and runaway nesting.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from .yaml_lint import CONTROL, Note, control_message, lint
from .yaml_messages import reader_problem, syntax_problem

try:  # the libyaml parser is 10x faster; fall back to pure Python where it is missing
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _Loader

MAX_BYTES = 4 * 1024 * 1024
MAX_DEPTH = 40
MAX_NODES = 200_000
"""A handbook file has hundreds of values; a million-item list is a mistake or an attack, and slow."""

Path = tuple
"""A field path such as ("duties", 3) or ("qualifications", "skills", 0)."""

_SCALAR_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}
_constructor = yaml.constructor.SafeConstructor()


class YamlProblem(Exception):
    """A file that cannot be turned into data; carries the code, line and Chinese message.

    `notes` are the problems found before it (full-width punctuation, tabs, control
    characters): they are usually its cause, and are reported with it.
    """

    def __init__(self, code: str, line: int, message: str, notes: tuple = ()):
        super().__init__(message)
        self.code, self.line, self.message, self.notes = code, line, message, tuple(notes)


@dataclass(frozen=True)
class Located:
    """Plain data plus the 1-based line of each path in it."""

    value: Any
    lines: dict
    notes: tuple = ()
    """Problems that did not stop reading (Note objects, with a `path` where known), reported with the file."""
    typed: dict = field(default_factory=dict)
    """Path → the text as typed, for values YAML turned into something else (no → False, 1.0 → 1.0)."""
    flagged: frozenset = frozenset()
    """Paths already reported by the reader, so validation does not report them a second time."""

    def line_of(self, path: tuple) -> int:
        """The line of the deepest known prefix of `path` (pydantic locations may go deeper)."""
        for end in range(len(path), -1, -1):
            line = self.lines.get(tuple(path[:end]))
            if line:
                return line
        return 1


def decode(raw: bytes) -> str:
    """UTF-8 with or without BOM; other encodings get a message with the line of the first bad byte."""
    if len(raw) > MAX_BYTES:
        raise YamlProblem("yaml.too-large", 1, f"文件有 {len(raw) // 1024} KB，超过上限 {MAX_BYTES // 1024 // 1024} MB，请拆分成多个文件")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise YamlProblem("yaml.encoding", line, "文件含有非 UTF-8 字节，请用 UTF-8 编码另存（GBK 等编码不支持）") from None


def parse(text: str, first_line: int = 1) -> Located:
    """Parse one YAML document; `first_line` shifts lines for front matter inside Markdown.

    Raises YamlProblem when the text is not YAML at all. Problems that leave the data
    readable (a full-width colon, a control character, a number YAML would change)
    come back in `Located.notes`, so the file's other fields are still checked.
    """
    notes, repaired = lint(text, first_line)
    try:
        node = yaml.compose(repaired, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        line, message = syntax_problem(exc, repaired, first_line)
        raise _after_notes("yaml.syntax", line, message, notes) from None
    except yaml.reader.ReaderError as exc:
        line, message = reader_problem(exc, repaired, first_line)
        raise _after_notes("yaml.syntax", line, message, notes) from None
    except yaml.YAMLError:
        raise _after_notes("yaml.syntax", first_line, "YAML 写法有误，请检查冒号、缩进、引号和括号", notes) from None
    if node is None:
        return Located(None, {(): first_line}, tuple(notes))
    converter = _Converter(first_line, repaired)
    value = converter.convert(node, (), 0)
    return Located(value, converter.lines, tuple(notes) + tuple(converter.notes), converter.typed,
                   frozenset(converter.flagged))


def _after_notes(code: str, line: int, message: str, notes: list[Note]) -> YamlProblem:
    """A syntax error after a tab or full-width indentation on an earlier line is its consequence: say the cause only.

    (Full-width colons, commas and dashes were repaired exactly before parsing, so an error left
    after them is a problem of its own and is reported too.)"""
    causes = [n for n in notes if n.line <= line and (n.code == "yaml.tab" or "全角空格" in n.message)]
    if causes:
        first = causes[0]
        return YamlProblem(first.code, first.line, first.message, [n for n in notes if n is not first])
    return YamlProblem(code, line, message, notes)


class _Converter:
    def __init__(self, first_line: int, text: str = ""):
        self.offset = first_line
        self.text_lines = text.split("\n")
        self.notes: list = []
        self.typed: dict = {}
        self.flagged: set = set()
        self.lines: dict = {}
        self.seen: set[int] = set()
        self.nodes = 0

    def convert(self, node: yaml.Node, path: tuple, depth: int) -> Any:
        line = node.start_mark.line + self.offset
        if depth > MAX_DEPTH:
            raise YamlProblem("yaml.too-deep", line, f"嵌套超过 {MAX_DEPTH} 层，请检查缩进")
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise YamlProblem("yaml.too-large", line, f"文件里的条目超过 {MAX_NODES} 个，请拆分成多个文件")
        if id(node) in self.seen:
            raise YamlProblem("yaml.alias", line, "不支持 YAML 锚点和别名（& 和 *），请把内容直接写出来")
        self.seen.add(id(node))
        self.lines[path] = line
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode):
            self._check_tag(node, "tag:yaml.org,2002:seq", line)
            return [self.convert(item, path + (i,), depth + 1) for i, item in enumerate(node.value)]
        value = self._scalar(node, line)
        return self._checked(node, value, path, line)

    def _mapping(self, node: yaml.MappingNode, path: tuple, depth: int) -> dict:
        self._check_tag(node, "tag:yaml.org,2002:map", node.start_mark.line + self.offset)
        out: dict = {}
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + self.offset
            if not isinstance(key_node, yaml.ScalarNode):
                raise YamlProblem("yaml.syntax", key_line, "字段名必须是简单文字")
            if id(key_node) in self.seen:
                raise YamlProblem("yaml.alias", key_line, "不支持 YAML 锚点和别名（& 和 *），请把内容直接写出来")
            self.seen.add(id(key_node))
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise YamlProblem("yaml.alias", key_line, "不支持 YAML 合并键（<<）")
            if key_node.tag not in _SCALAR_TAGS:
                self._scalar(key_node, key_line)  # raises the tag problem
            key = key_node.value  # a field name as typed: `no:` is the name "no", not False
            if key in out:
                first = self.lines.get(path + (key,), "?")
                raise YamlProblem("yaml.duplicate-key", key_line, f"字段 {key} 重复出现（第 {first} 行已有），请删除其中一个")
            out[key] = self.convert(value_node, path + (key,), depth + 1)
            self.lines[path + (key,)] = key_line
        return out

    def _scalar(self, node: yaml.Node, line: int) -> Any:
        if node.tag not in _SCALAR_TAGS:
            raise YamlProblem("yaml.tag", line, f"不支持的 YAML 标签 {node.tag}，数据里只能有文字、数字、列表和字段")
        if node.tag in ("tag:yaml.org,2002:str", "tag:yaml.org,2002:timestamp"):
            return node.value  # dates stay text: 2026-01-01 is what the editor typed
        if node.tag == "tag:yaml.org,2002:null":
            return None
        build = {"int": _constructor.construct_yaml_int, "float": _constructor.construct_yaml_float,
                 "bool": _constructor.construct_yaml_bool}[node.tag.rsplit(":", 1)[1]]
        try:
            return build(node)  # the direct builders do not cache nodes, unlike construct_object
        except (ValueError, KeyError, IndexError, TypeError, OverflowError):
            kind = {"int": "整数", "float": "数字", "bool": " true 或 false"}[node.tag.rsplit(":", 1)[1]]
            raise YamlProblem("yaml.tag", line, f"“{str(node.value)[:30]}”不是有效的{kind}（数字过长或标签写法不对）") from None

    def _checked(self, node: yaml.ScalarNode, value: Any, path: tuple, line: int) -> Any:
        """Refuse numbers YAML would change, remember what was typed, and catch control characters and merged items."""
        if node.tag != "tag:yaml.org,2002:str" and not node.style:
            self.typed[path] = node.value
        if node.tag in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float"):
            problem = number_problem(node.value, value)
            if problem:
                shown = node.value if len(node.value) <= 30 else node.value[:27] + "…"
                self._note(path, line, node, "yaml.number", f"“{shown}”{problem}")
                return node.value
        if isinstance(value, str):
            bad = CONTROL.search(value)
            if bad:  # the value stays as written (the terminal layer shows control characters visibly)
                shown = value if len(value) <= 60 else value[:57] + "…"
                self._note(path, line, node, "text.control",
                           f"{control_message(line, node.start_mark.column + 1, bad.group())}：“{shown}”")
            if not node.style and node.end_mark.line > node.start_mark.line:
                self._merged_lines(node, path)
        return value

    def _note(self, path: tuple, line: int, node, code: str, message: str, severity: str = "error") -> None:
        note = Note(line, node.start_mark.column + 1, code, message, severity, path)
        self.notes.append(note)
        if severity == "error":
            self.flagged.add(path)

    def _merged_lines(self, node: yaml.ScalarNode, path: tuple) -> None:
        """A plain text running onto a line that looks like a sibling item: the indentation is off."""
        for number in range(node.start_mark.line + 1, node.end_mark.line + 1):
            if number >= len(self.text_lines):
                break
            text = self.text_lines[number].strip()
            if _LOOKS_LIKE_ITEM.match(text):
                line = number + self.offset
                first = node.start_mark.line + self.offset
                self._note(path, line, node, "yaml.indent",
                           f"第 {line} 行的缩进与同级的项不一致，被并进了第 {first} 行的内容；"
                           "同一列表的“-”或同一层的字段要从同一列开始，请对齐", "warning")
                return

    @staticmethod
    def _check_tag(node: yaml.Node, expected: str, line: int) -> None:
        if node.tag != expected:
            raise YamlProblem("yaml.tag", line, f"不支持的 YAML 标签 {node.tag}")


_LOOKS_LIKE_ITEM = re.compile(r"^(?:-(?:\s|$)|[A-Za-z_][A-Za-z0-9_]*:(?:\s|$))")
_PLAIN_INT = re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$")
_PLAIN_FLOAT = re.compile(r"^[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$")


def number_problem(typed: str, value: Any) -> str:
    """Why a number as typed must not be read (YAML 1.1 would change it), or "" when it is fine.

    YAML 1.1 reads 010 as 8 (octal), 0x10 as 16, 1:30 as 90 (base 60) and 1_000 as
    1000; .inf and .nan are not amounts. Plain decimals are read as typed.
    """
    text = typed.strip()
    try:
        value = str(value)
    except ValueError:  # more digits than Python prints
        value = "一个很大的数"
    if len(text) > 30:
        text = text[:27] + "…"
    if ":" in typed:
        return "会被 YAML 读成六十进制（1:30 变成 90）；学时请写成小数（例如 1.5），时间或编号请加引号"
    if re.match(r"^[-+]?\.(inf|nan)$", text, re.I):
        return "不是一个有限的数字，请写具体的数值"
    if re.match(r"^[-+]?0[0-9_]+$", text):
        return f"以 0 开头，会被 YAML 读成八进制（变成 {value}）；请去掉前面的 0，编号请加引号（例如 '{text}'）"
    if re.match(r"^[-+]?0[xXoObB]", text):
        return f"会被 YAML 读成{'十六' if text.lstrip('+-')[1] in 'xX' else '八' if text.lstrip('+-')[1] in 'oO' else '二'}进制（变成 {value}）；请写十进制数字，编号请加引号"
    if "_" in text:
        return "中间有下划线，会被 YAML 去掉；请直接写数字，编号请加引号"
    if not (_PLAIN_INT.match(text) or _PLAIN_FLOAT.match(text)):
        return "不是普通的数字写法，请写成 12 或 1.5 这样的数字"
    if isinstance(value, float) and not math.isfinite(value):
        return "太大了，超出了数字的范围"
    return ""
