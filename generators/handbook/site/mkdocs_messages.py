"""MkDocs' English log lines, retold in Chinese for editors and operators.

Build warnings about a chapter become handbook diagnostics with the chapter's
file and line (`content/credit.md:16: 错误 [content.link] …`); the live preview's
log lines (Building documentation…, Serving on …) become Chinese too. A line
this module does not know is shown after “MkDocs 报告：” so nothing is lost.
"""

from __future__ import annotations

import logging
import re
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from ..diagnostics import Diagnostic


class _Collect(logging.Handler):
    def __init__(self, lines: list[str]):
        super().__init__(logging.WARNING)
        self.lines = lines

    def emit(self, record):
        self.lines.append(record.getMessage())


@contextmanager
def collected_warnings() -> Iterator[list[str]]:
    """MkDocs' warnings and errors logged inside the block, as message lines (the list fills as they are logged),
    so a failed config load or strict build can say why."""
    lines: list[str] = []
    handler = _Collect(lines)
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        yield lines
    finally:
        logger.removeHandler(handler)

_LINK = re.compile(r"Doc file '([^']+)' contains (?:a|an unrecognized relative|an absolute) link '([^']*)'(.*)")
_REASONS = [
    (re.compile(r"but the target(?: '[^']*')? is not found among documentation files"), "指向的页面不存在"),
    (re.compile(r"but there is no such anchor on this page"), "指向的小节在本页不存在"),
    (re.compile(r"but the doc '([^']*)' does not contain an anchor '([^']*)'"), "指向的页面 {0} 里没有小节 {1}"),
    (re.compile(r"it was left as is"), "不是可识别的站内链接（请写到 .md 文件，或写完整网址）"),
]
_LOG = [
    (re.compile(r"^Building documentation\.*$"), "正在生成网站……"),
    (re.compile(r"^Cleaning site directory$"), "正在清理输出目录"),
    (re.compile(r"^Documentation built in ([\d.]+) seconds$"), "生成完毕，用时 {0} 秒"),
    (re.compile(r"^Serving on (\S+)$"), "预览地址：{0}"),
    (re.compile(r"^Detected file changes$"), "检测到文件修改"),
    (re.compile(r"^Reloading browsers$"), "正在刷新浏览器"),
    (re.compile(r"^Browser connected: (\S+)$"), "浏览器已连接：{0}"),
    (re.compile(r"^Shutting down\.*$"), "正在停止预览……"),
    (re.compile(r"^Watching paths for changes: (.*)$"), "正在监视文件变化：{0}"),
    (re.compile(r"^Aborted with a BuildError!?$"), "网站生成中止"),
    (re.compile(r"^Aborted with (\d+) warnings? in strict mode!?$"), "有 {0} 个问题，网站生成中止（严格模式）"),
    (re.compile(r"^Config value '([^']+)': (.*)$"), "mkdocs.yml 的设置 {0} 有误：{1}"),
]
LEVELS = {"DEBUG": "调试", "INFO": "信息", "WARNING": "警告", "ERROR": "错误", "CRITICAL": "严重错误"}


def link_diagnostic(line: str, root: Path) -> Diagnostic | None:
    """'Doc file 'credit.md' contains a link …' → a diagnostic at content/credit.md and the line of the link."""
    match = _LINK.match(line)
    if not match:
        return None
    doc, href, rest = match.groups()
    reason = next((text.format(*m.groups()) for pattern, text in _REASONS if (m := pattern.search(rest))), "有误")
    file = f"content/{doc}"
    path = root / file
    if not path.is_file():  # a generated page (the print edition repeats every chapter's links): the chapter says it
        return None
    number = next((i for i, text in enumerate(path.read_text(encoding="utf-8").split("\n"), 1) if href in text), 1)
    return Diagnostic(file, number, "content.link", f"链接 {href} {reason}", value=href)


def translate(line: str) -> str:
    """One MkDocs log or error line in Chinese."""
    text = line.strip()
    stamp = re.match(r"^(\[[\d:]+\] )", text)
    prefix = stamp.group(1) if stamp else ""
    text = text[len(prefix):]
    for pattern, template in _LOG:
        match = pattern.match(text)
        if match:
            return prefix + template.format(*match.groups())
    english = re.search(r"[A-Za-z]{3,} [a-z]{2,}", text) and not re.search(r"[\u4e00-\u9fff]", text)
    return prefix + (f"MkDocs 报告：{text}" if english else text)


_COUNT = re.compile(r"有 \d+ 个问题")


def build_messages(detail: str, warnings: list[str], root: Path) -> tuple[str, list[str]]:
    """(Chinese headline, Chinese lines) for a failed build: chapter problems as diagnostics first."""
    diagnostics, others = [], []
    for line in warnings:
        found = link_diagnostic(line, root)
        if found is not None:
            if found not in diagnostics:
                diagnostics.append(found)
        elif not _LINK.match(line):
            others.append(translate(line))
    lines = [d.format() for d in sorted(diagnostics)] + [line for line in others if line]
    headline = "\n".join(translate(part) for part in detail.split("\n")) if detail else ""
    if lines:  # MkDocs counts its warnings; the same problem seen again on a generated page is listed once
        headline = _COUNT.sub(f"有 {len(lines)} 个问题", headline)
    return headline, lines


class ChineseLog(logging.Filter):
    """Rewrites MkDocs' log records in Chinese (the serve log); attach to the handler that prints them."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg, record.args = translate(record.getMessage()), ()
        record.levelname = LEVELS.get(record.levelname, record.levelname)
        return True
