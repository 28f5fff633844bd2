"""Safe YAML reading that remembers the line of every value.

Why not yaml.safe_load: it loses line numbers, silently keeps the last of two
duplicate keys, and expands aliases (a "billion laughs" file exhausts memory).
Here the C parser only composes the node graph (aliases stay shared nodes, so
nothing is expanded) and a small converter turns nodes into plain values while
rejecting aliases, unknown tags, duplicate keys and runaway nesting.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

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
    """A file that cannot be turned into data; carries the code, line and Chinese message."""

    def __init__(self, code: str, line: int, message: str):
        super().__init__(message)
        self.code, self.line, self.message = code, line, message


@dataclass(frozen=True)
class Located:
    """Plain data plus the 1-based line of each path in it."""

    value: Any
    lines: dict

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
    """Parse one YAML document; `first_line` shifts lines for front matter inside Markdown."""
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + first_line) if mark else first_line
        raise YamlProblem("yaml.syntax", line, _syntax_message(exc)) from None
    except yaml.YAMLError as exc:
        raise YamlProblem("yaml.syntax", first_line, f"无法解析：{exc}") from None
    if node is None:
        return Located(None, {(): first_line})
    converter = _Converter(first_line)
    value = converter.convert(node, (), 0)
    return Located(value, converter.lines)


def _syntax_message(exc: yaml.MarkedYAMLError) -> str:
    problem = exc.problem or ""
    hints = {
        "mapping values are not allowed": "冒号位置不对：值里有冒号时请用引号括起来，或检查缩进",
        "could not find expected ':'": "缺少冒号，或缩进不一致",
        "found character '\\t'": "不能用 Tab 缩进，请改用空格",
        "did not find expected key": "缩进不一致，或列表项与字段混在同一层",
        "found undefined alias": "不支持 YAML 别名（*）",
        "found unexpected end of stream": "引号或括号没有闭合",
        "expected <document start>": "文件中只能有一个 YAML 文档，或缩进有误",
        "found unknown escape character": "双引号字符串中有无效的转义（\\），请改用单引号",
    }
    for key, text in hints.items():
        if key in problem:
            return f"YAML 语法错误：{text}"
    return f"YAML 语法错误：{problem or exc}"


class _Converter:
    def __init__(self, first_line: int):
        self.offset = first_line
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
        return self._scalar(node, line)

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
            try:
                key = str(self._scalar(key_node, key_line))
            except ValueError:  # an integer key too long to print
                raise YamlProblem("yaml.syntax", key_line, "字段名必须是简单文字") from None
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

    @staticmethod
    def _check_tag(node: yaml.Node, expected: str, line: int) -> None:
        if node.tag != expected:
            raise YamlProblem("yaml.tag", line, f"不支持的 YAML 标签 {node.tag}")
