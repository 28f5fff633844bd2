"""Where every record's page lives, and relative links between pages.

Pages are addressed by their source path (positions/x.md); the site uses
directory URLs (positions/x/). Links are relative so the handbook works under
any intranet path prefix, and even from the file system.
"""

from __future__ import annotations

SECTIONS = {
    "units": "org",
    "positions": "positions",
    "kpis": "kpis",
    "processes": "processes",
    "courses": "training",
}
"""Record kind → folder of its pages."""

RESERVED_PAGES = frozenset(SECTIONS.values()) | {"index", "changes", "search", "print", "assets", "downloads"}
"""Top-level names the generated site uses; a content chapter may not take them."""

ANCHOR_PREFIX = {
    "duties": "duty",
    "authorities": "authority",
    "accountabilities": "responsibility",
    "functions": "function",
    "key_points": "point",
}


def record_page(kind: str, rid: str) -> str:
    if kind == "chapters":
        return f"{rid}.md" if "/" not in rid else rid
    return f"{SECTIONS[kind]}/{rid}.md"


def page_url(src: str) -> str:
    """positions/x.md → positions/x/ ; index.md → '' ; org/index.md → org/."""
    stem = src[:-3] if src.endswith(".md") else src
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


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
    return f"step-{step_id}"
