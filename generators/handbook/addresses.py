"""The site's address layout: where every page lives, and which names the layout reserves.

Pages are addressed by their source path (positions/x.md); the site uses directory
URLs (positions/x/). Records live in one folder per kind beside that section's
index and matrix pages; chapters live at the top level beside the generated pages.
Loading checks ids against the reserved names here, rendering builds its links from
the same layout, so a name the site uses can never be taken by a record or chapter.
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
SECTION_KINDS = {folder: kind for kind, folder in SECTIONS.items()}
"""Folder of record pages → record kind."""

GENERATED_PAGES = ("changes", "search", "print")
"""Top-level pages the build writes besides the home page and the record sections."""
GENERATED_FOLDERS = ("assets", "downloads", "search")
"""Folders of files the build writes (styles, Word/Excel downloads, the search index); not pages themselves."""

RESERVED_PAGES = frozenset(SECTIONS.values()) | {"index"} | set(GENERATED_PAGES) | set(GENERATED_FOLDERS)
"""Top-level names the generated site uses; a content chapter may not take them."""
RESERVED_RECORD_IDS = frozenset({"index", "matrix"})
"""Record pages live beside their section's index and matrix pages (positions/index.md, training/matrix.md)."""


def reserved_id(kind: str, rid: str) -> bool:
    """True when a record of `kind` may not use `rid`: its page would replace a section page (id.reserved).

    Chapters are checked against RESERVED_PAGES when they are read (content.front-matter), not here.
    """
    return kind != "chapters" and rid in RESERVED_RECORD_IDS


def record_page(kind: str, rid: str) -> str:
    """The source path of a record's page: positions/x.md; a chapter's is x.md at the top level."""
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
