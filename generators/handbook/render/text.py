"""Escaping: data fields always reach the reader as text, never as markup.

Generated pages are mostly raw HTML blocks inside Markdown (Markdown leaves
them alone), so every template value is HTML-escaped by default. Headings stay
Markdown (for the table of contents) and use `escape_markdown`, which also
neutralises links, emphasis and attribute lists.
"""

from __future__ import annotations

import html
import re

from markupsafe import Markup, escape

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~])")


def escape_markdown(value: object) -> Markup:
    """Text safe in Markdown paragraphs and headings."""
    if isinstance(value, Markup):
        return value
    text = "" if value is None else str(value)
    text = _MD_SPECIAL.sub(r"\\\1", text)
    text = html.escape(text, quote=True)
    # headings and table cells are single lines
    return Markup(re.sub(r"\s*\n\s*", " ", text))


def escape_html(value: object) -> Markup:
    """For text inside raw HTML blocks: Markdown does not parse there, so only HTML-escape."""
    if isinstance(value, Markup):
        return value
    text = escape("" if value is None else value)
    return Markup(text.replace("\n", "<br>")) if "\n" in text else text


def number(value: float) -> str:
    """30.0 → 30, 12.5 → 12.5."""
    return f"{value:g}"
