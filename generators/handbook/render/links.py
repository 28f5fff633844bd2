"""Relative links between pages, and the anchors of list lines and steps.

Links are relative so the handbook works under any intranet path prefix, and even
from the file system. Where each page lives is addresses.py.
"""

from __future__ import annotations

from ..addresses import page_url

ANCHOR_PREFIX = {
    "duties": "duty",
    "authorities": "authority",
    "accountabilities": "responsibility",
    "functions": "function",
    "key_points": "point",
}


def relative_url(from_src: str, to_src: str, anchor: str = "") -> str:
    """The href from page `from_src` to page `to_src` (both source paths).

    Up to the site root, then down: not always the shortest path, but cheap,
    and links are computed hundreds of thousands of times for a large org.
    """
    here, there = page_url(from_src), page_url(to_src)
    suffix = f"#{anchor}" if anchor else ""
    if here == there:
        return (suffix or "./")
    return "../" * here.count("/") + (there or ("./" if not here else "")) + suffix


def item_anchor(field: str, index: int, key: str | None = None) -> str:
    """A stable anchor for a list line: its key when given, else its 1-based position."""
    return f"{ANCHOR_PREFIX[field]}-{key or index + 1}"


def step_anchor(step_id: str) -> str:
    """The anchor of a process step on its process page (and in the swimlane chart's links)."""
    return f"step-{step_id}"
