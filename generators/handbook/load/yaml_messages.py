"""libyaml's English errors, retold in Chinese at the line an editor must change.

libyaml points at where it gave up (the problem mark), which for an unclosed
bracket or quote is the end of the file. The context mark (where the bracket or
key began) is where the editor must look, so those messages use it instead.
No English text from the library ever reaches the message.
"""

from __future__ import annotations

import re

import yaml


def _at(mark, first_line: int) -> tuple[int, int]:
    return (mark.line + first_line, mark.column + 1) if mark else (first_line, 1)


def syntax_problem(exc: yaml.MarkedYAMLError, text: str, first_line: int = 1) -> tuple[int, str]:
    """(line, Chinese message) for a libyaml error on `text`."""
    problem, context = exc.problem or "", exc.context or ""
    line, column = _at(exc.problem_mark, first_line)
    start_line, _ = _at(exc.context_mark, first_line) if exc.context_mark else (line, column)
    char = _char_at(text, exc.problem_mark)
    quote_line = _open_quote_line(text, line - first_line)
    if quote_line is not None and "quoted scalar" not in context:
        at = quote_line + first_line
        return at, f"第 {at} 行的引号没有闭合，请在文字末尾补上同样的引号"
    if "quoted scalar" in context:
        return start_line, f"第 {start_line} 行的引号没有闭合，请在文字末尾补上同样的引号"
    if "flow sequence" in context or "flow mapping" in context:
        opening, closing = ("[", "]") if "sequence" in context else ("{", "}")
        if "end of stream" in problem or "<stream end>" in problem or start_line != line:
            return start_line, f"第 {start_line} 行的“{opening}”没有闭合，请在这一行末尾补上“{closing}”"
        return line, (f"第 {line} 行第 {column} 列：方括号或花括号里的写法不对；各项之间用英文逗号分隔，"
                      "含有冒号、逗号或括号的文字请加引号")
    if "'\\t'" in problem or "tab character" in problem:
        return line, f"第 {line} 行第 {column} 列是 Tab 制表符；YAML 的缩进只能用空格，请把 Tab 换成空格"
    if "cannot start any token" in problem:
        return line, f"第 {line} 行第 {column} 列的“{char}”不能放在值的开头，请给这个值加引号，例如 '{char}…'"
    if "mapping values are not allowed" in problem:
        return line, (f"第 {line} 行第 {column} 列的冒号位置不对：如果冒号是文字的一部分，请给整段文字加引号"
                      "（例如 - '负责: 客户维护'）；否则请检查这一行的缩进")
    if "could not find expected ':'" in problem:
        return start_line, f"第 {start_line} 行缺少冒号：字段名后面要写英文冒号和一个空格（例如 name: 销售经理），或检查缩进"
    if "expected key" in problem or "expected '-' indicator" in problem or "block end" in problem:
        return line, f"第 {line} 行缩进不对：同一层的字段或列表项（- 开头）要从同一列开始，请与上面同级的行对齐"
    if "undefined alias" in problem or "alias" in context or "anchor" in context:
        return line, f"第 {line} 行的“&”或“*”是 YAML 的特殊符号（锚点、别名），不支持；如果是文字，请给整段文字加引号"
    if "escape character" in problem:
        return line, f"第 {line} 行第 {column} 列：双引号里的反斜杠（\\）写法无效，请改用单引号"
    if "block scalar" in context:
        return line, f"第 {line} 行：| 或 > 后面只能换行再写多行文字，请检查写法"
    if "document" in problem or "document" in context:
        return line, f"第 {line} 行：文件里只能有一份数据（不要写 --- 分隔多份），或缩进有误"
    return line, f"第 {line} 行第 {column} 列附近的 YAML 写法有误：请检查冒号、缩进、引号和括号；含有特殊符号的文字请加引号"


def _char_at(text: str, mark) -> str:
    if mark is None:
        return ""
    lines = text.split("\n")
    if mark.line < len(lines) and mark.column < len(lines[mark.line]):
        return lines[mark.line][mark.column]
    return ""


def reader_problem(exc: yaml.reader.ReaderError, text: str, first_line: int = 1) -> tuple[int, str]:
    """A character YAML refuses to read (the lint removes control characters first, so this is rare)."""
    line = text[: exc.position].count("\n") + first_line
    return line, f"第 {line} 行有 YAML 不允许的字符 U+{exc.character if isinstance(exc.character, int) else ord(exc.character):04X}，请删除它"


_QUOTED_START = re.compile(r"""(?:^|:\s+|-\s+|[\[{,]\s*)(["'])""")


def _open_quote_line(text: str, upto: int) -> int | None:
    """The first line (0-based, up to `upto`) where a value opens a quote that the line does not close.

    A double-quoted value may run over lines, so libyaml fails only where the next
    quote turns up, often lines later; the editor must look where the quote opened.
    """
    for number, line in enumerate(text.split("\n")[: upto + 1]):
        if line.lstrip().startswith("#"):
            continue
        match = _QUOTED_START.search(line)
        if not match:
            continue
        quote, rest = match.group(1), line[match.end():]
        closing = rest.replace("\\\\", "").replace('\\"', "") if quote == '"' else rest.replace("''", "")
        if quote not in closing:
            return number
    return None
