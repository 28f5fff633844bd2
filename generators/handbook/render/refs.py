"""Chapter references ([[id]], [[id|text]], [[id#anchor|text]]) rendered as Markdown links.

The syntax is load/refs.py and resolve.py checks the targets; here they become ordinary Markdown links, so MkDocs
validates them like any other link and the text shows the record's current name.
"""

from __future__ import annotations

import posixpath

from ..book import Handbook
from ..load.refs import replace_refs
from .chapter_sections import resolve_anchor
from .links import step_anchor
from ..addresses import record_page
from .text import escape_markdown


def expand_refs(markdown: str, src: str, hb: Handbook) -> str:
    """The chapter `markdown` with each [[…]] outside code written as a Markdown link from page `src`."""
    return replace_refs(markdown, lambda m: _link(m, src, hb))


def _link(match, src: str, hb: Handbook) -> str:
    rid, anchor, text = (g.strip() if g else g for g in match.groups())
    kind = hb.kind_of(rid)
    if kind is None:  # resolve.py already failed the build; keep the text visible
        return escape_markdown(match.group(0))
    if anchor and kind == "chapters":  # [[credit#五、逾期账款处理]]: the heading as written names its anchor
        anchor = resolve_anchor(hb.chapters[rid].body, anchor) or anchor
    elif anchor and kind == "processes" and any(s.id == anchor for s in hb.processes[rid].steps):
        anchor = step_anchor(anchor)  # [[contract-review#review]]: a step by its id
    target = posixpath.relpath(record_page(kind, rid), posixpath.dirname(src) or ".")
    label = escape_markdown(text or hb.name_of(rid))
    return f"[{label}]({target}{'#' + anchor if anchor else ''})"
