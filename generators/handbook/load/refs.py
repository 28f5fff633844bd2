"""The `[[ref]]` syntax of content chapters, and the prose lines in which it counts.

Chapters refer to records as [[id]], [[id|text]] or [[id#anchor|text]]. A reference
inside fenced code or inline code is an example, not a reference: those spans are
skipped (fences) or blanked to spaces (inline code, so columns stay true).
"""

from __future__ import annotations

import re
from typing import Callable, Iterator

REF_PATTERN = re.compile(r"\[\[([^\[\]|#\n]+?)(?:#([^\[\]|\n]+?))?(?:\|([^\[\]\n]+?))?\]\]")
"""Content chapters refer to records as [[id]], [[id|text]] or [[id#anchor|text]]: groups target, anchor, text."""
FENCE = re.compile(r"^(```|~~~)")
INLINE_CODE = re.compile(r"(`+)(.+?)\1")
"""`[[x]]` inside inline code is an example, not a reference."""
REF_LIKE = re.compile(r"\[\[[^\[\]\n]*\]\]")
"""Anything written as [[…]] on one line: a reference when it also matches REF_PATTERN, else a malformed one."""


def prose_lines(body: str) -> Iterator[tuple[int, str]]:
    """Yield (line offset, line) for the lines of a chapter outside fenced code, with inline code blanked
    (same length, so columns stay true): the text in which references and links count."""
    fenced = False
    for offset, line in enumerate(body.split("\n")):
        if FENCE.match(line.lstrip()):
            fenced = not fenced
            continue
        if not fenced:
            yield offset, INLINE_CODE.sub(lambda m: " " * len(m.group(0)), line)


def chapter_refs(body: str) -> Iterator[tuple[int, re.Match]]:
    """Yield (line offset, match) for [[…]] references outside fenced code blocks."""
    for offset, visible in prose_lines(body):
        for match in REF_PATTERN.finditer(visible):
            yield offset, match


def ref_targets(body: str) -> Iterator[str]:
    """The record ids a chapter body refers to, in order of appearance (repeats included)."""
    for _, match in chapter_refs(body):
        yield match.group(1).strip()


def malformed_refs(body: str) -> Iterator[tuple[int, str]]:
    """Yield (line offset, text) for each [[…]] outside code that is not a reference ([[]], [[x|]], [[x#]])."""
    for offset, visible in prose_lines(body):
        for match in REF_LIKE.finditer(visible):
            if not REF_PATTERN.fullmatch(match.group(0)):
                yield offset, match.group(0)


def replace_refs(body: str, replace: Callable[[re.Match], str]) -> str:
    """`body` with every reference outside code replaced by `replace(match)`; code is left as written."""
    out, fenced = [], False
    for line in body.split("\n"):
        if FENCE.match(line.lstrip()):
            fenced = not fenced
        elif not fenced:
            pieces, last = [], 0
            for code in INLINE_CODE.finditer(line):
                pieces += [REF_PATTERN.sub(replace, line[last:code.start()]), code.group(0)]
                last = code.end()
            line = "".join(pieces + [REF_PATTERN.sub(replace, line[last:])])
        out.append(line)
    return "\n".join(out)
