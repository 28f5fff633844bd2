"""Untrusted text on its way out: to a page our servers produce, or to the terminal.

Data values and diagnostics quoting them may carry markup (`<img onerror=…>`),
Markdown that closes a code span, or terminal control sequences (`ESC ]0;…BEL`
retitles the window, `ESC [2J` clears it). Two rules, each in one place:

- `visible_controls`: every control character except newline and tab becomes a
  visible stand-in (C0 → its Unicode "control picture" such as ␛, others → [U+XXXX]).
- `page_text`: the single escaping rule for text on pages any server of ours
  produces (the preview's error page and banner, 404 pages, site name): visible
  controls, then the renderer's own HTML escaping (`render.text.escape_html`).
"""

from __future__ import annotations

import re

_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
"""C0 except \\t and \\n, DEL, C1, and the bidirectional overrides (text that reads differently than it is)."""


def _stand_in(match: re.Match) -> str:
    code = ord(match.group(0))
    if code < 0x20:
        return chr(0x2400 + code)  # ␀ … ␟, e.g. ESC → ␛, CR → ␍
    return "␡" if code == 0x7F else f"[U+{code:04X}]"


def visible_controls(text: str) -> str:
    """`text` with control characters replaced by visible stand-ins; newline and tab kept."""
    return _CONTROLS.sub(_stand_in, text)


def page_text(value: object, one_line: bool = False) -> str:
    """`value` as HTML text content or a quoted attribute value, safe on any page.

    Escapes & < > " ' (so neither HTML nor a Markdown code span can be closed),
    turns newlines into <br> (the result is one source line, so a blank line in a
    value cannot end a raw-HTML block), or into spaces with `one_line` (titles).
    Returns a plain str ready to be concatenated into HTML.
    """
    from .render.text import escape_html

    text = visible_controls("" if value is None else str(value))
    if one_line:
        text = " ".join(text.split())
    return str(escape_html(text))
