"""Split a policy chapter into its sections, with the anchors the page gets.

Anchors are not re-derived: the chapter is run through Python-Markdown with the
site's toc settings (pymdownx's Unicode slugify, as mkdocs.yml configures it), and
the ids come from the toc extension itself — including its numbering of repeated
headings (目的, 目的_1) and ids taken by {#id} attributes. Section text is the
Markdown rendered to HTML and reduced to its text, so no Markdown syntax (tables,
rules, emphasis, links) reaches a search result; [[id]] references read as names.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from typing import Callable

import markdown
from markdown.extensions.toc import TocExtension
from pymdownx.slugs import slugify

from ..load.refs import FENCE, replace_refs

HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*(?:\{[^}]*\})?\s*#*\s*$")
EXTENSIONS = ("attr_list", "tables", "admonition")
"""Block extensions of mkdocs.default.yml that change what is a heading or a paragraph."""


def _markdown() -> markdown.Markdown:
    return markdown.Markdown(extensions=[*EXTENSIONS, TocExtension(slugify=slugify(case="lower"))])


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)

    def handle_starttag(self, tag, attrs) -> None:
        if tag in ("p", "li", "tr", "td", "th", "br", "div", "h1", "h2", "h3", "h4", "h5", "h6"):
            self.parts.append(" ")


def plain(text: str, name_of: Callable[[str], str] | None = None) -> str:
    """Markdown → the text a reader sees, on one line ([[id]] → the record's name)."""
    parser = _Text()
    parser.feed(_markdown().convert(_names(text, name_of)))
    parser.close()
    return re.sub(r"\s+", " ", "".join(parser.parts)).strip()


def _names(body: str, name_of: Callable[[str], str] | None) -> str:
    """[[id]] / [[id|text]] → text or the record's name, outside code (as refs.py links them)."""
    def ref(m: re.Match) -> str:
        if m.group(3):
            return m.group(3).strip()
        rid = m.group(1).strip()
        return name_of(rid) if name_of else rid

    return replace_refs(body, ref)


def _toc(body: str) -> list[tuple[int, str, str]]:
    """(level, id, name) of every heading, in document order, from Python-Markdown's toc."""
    md = _markdown()
    md.convert(body)
    out: list[tuple[int, str, str]] = []

    def walk(tokens):
        for t in tokens:
            out.append((t["level"], t["id"], html.unescape(t["name"])))
            walk(t["children"])

    walk(md.toc_tokens)
    return out


def sections(body: str, name_of: Callable[[str], str] | None = None) -> list[tuple[str, str, str]]:
    """[(anchor, title, plain text)] — ## and ### sections; the part before the first ## has anchor ''.

    Deeper headings stay inside their section's text. `name_of`: record id → name, for
    [[id]] references (ids are kept when it is None).
    """
    named = _names(body, name_of)
    toc = _toc(named)
    out: list[tuple[str, str, list[str]]] = [("", "", [])]
    fenced, k = False, 0
    for line in named.split("\n"):
        if FENCE.match(line.lstrip()):
            fenced = not fenced
        match = None if fenced else HEADING.match(line)
        if match:
            level = len(match.group(1))
            while k < len(toc) and toc[k][0] != level:  # a setext heading the line scan does not see
                k += 1
            if k >= len(toc):  # not a heading to Markdown after all (e.g. inside an indented block)
                out[-1][2].append(line)
                continue
            _, anchor, title = toc[k]
            k += 1
            if level in (2, 3):
                out.append((anchor, title, []))
                continue
            if level == 1:
                continue
        out[-1][2].append(line)
    return [(a, t, plain("\n".join(lines))) for a, t, lines in out if "".join(lines).strip() or a]


def resolve_anchor(body: str, wanted: str) -> str | None:
    """The anchor of the section `wanted` names: its anchor (一目的), or its heading as the reader sees it
    (一、目的, 五、逾期账款处理); None when the chapter has no such section."""
    found = [(anchor, title) for anchor, title, _ in sections(body) if anchor]
    for anchor, title in found:
        if wanted in (anchor, title):
            return anchor
    slug = slugify(case="lower")(plain(wanted), "-")
    return next((anchor for anchor, _ in found if anchor == slug), None)


def heading_anchors(body: str) -> set[str]:
    """Every heading id the page gets (all levels, {#id} attributes and toc numbering included)."""
    return {anchor for _, anchor, _ in _toc(body)}
