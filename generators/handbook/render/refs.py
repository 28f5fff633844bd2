"""The short reference syntax of content chapters: [[id]], [[id|text]], [[id#anchor|text]].

Checked by resolve.py; rendered here as ordinary Markdown links so MkDocs
validates them like any other link and the text shows the record's current name.
"""

from __future__ import annotations

import posixpath

from ..book import Handbook
from ..load.refs import FENCE, INLINE_CODE, REF_PATTERN
from .chapter_sections import resolve_anchor
from ..addresses import record_page
from .text import escape_markdown


def expand_refs(markdown: str, src: str, hb: Handbook) -> str:
    out, fenced = [], False
    for line in markdown.split("\n"):
        if FENCE.match(line.lstrip()):
            fenced = not fenced
        elif not fenced:
            line = _outside_code(line, lambda text: REF_PATTERN.sub(lambda m: _link(m, src, hb), text))
        out.append(line)
    return "\n".join(out)


def _outside_code(line: str, change) -> str:
    """Apply `change` to the parts of a line that are not inline code."""
    out, last = [], 0
    for match in INLINE_CODE.finditer(line):
        out += [change(line[last:match.start()]), match.group(0)]
        last = match.end()
    return "".join(out + [change(line[last:])])


def _link(match, src: str, hb: Handbook) -> str:
    rid, anchor, text = (g.strip() if g else g for g in match.groups())
    kind = hb.kind_of(rid)
    if kind is None:  # resolve.py already failed the build; keep the text visible
        return escape_markdown(match.group(0))
    if anchor and kind == "chapters":  # [[credit#五、逾期账款处理]]: the heading as written names its anchor
        anchor = resolve_anchor(hb.chapters[rid].body, anchor) or anchor
    target = posixpath.relpath(record_page(kind, rid), posixpath.dirname(src) or ".")
    label = escape_markdown(text or hb.name_of(rid))
    return f"[{label}]({target}{'#' + anchor if anchor else ''})"
