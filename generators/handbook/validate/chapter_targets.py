"""Links, images and raw-HTML addresses in chapters that point at files and folders, checked before the build.

chapter_links.py checks links between chapters and to records' pages; this module checks the
rest by the rule the built site's link check (site/linkcheck.py) applies, so that a chapter
which passes `handbook check` also passes the build (issue 13):
- a Markdown link or image to a file (images/logo.png, ../data/x.md) is resolved by MkDocs
  from the chapter's folder: the file must exist under content/;
- a Markdown link to a folder (../org/) and any raw-HTML href/src are left as written, so the
  browser resolves them from the chapter page's address (counter/): they must name a page or
  file of the site;
- nothing may point above the site's root.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from urllib.parse import unquote

from ..addresses import GENERATED_FOLDERS, GENERATED_PAGES, SECTION_KINDS, page_url, record_page
from ..load.refs import prose_lines

MD_TARGET = re.compile(r"(!?)\[[^\]\n]*\]\(\s*<?([^)\s>]+)>?(?:\s+[\"'][^)]*)?\)")
"""[text](target) and ![alt](target)."""
HTML_TARGET = re.compile(r"<(?:a|img|area|source|link)\b[^>]*?\b(?:href|src)\s*=\s*[\"']([^\"']*)[\"']", re.I)
SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^//|^/")
GENERATED_FILES = tuple(f"{folder}/" for folder in GENERATED_FOLDERS)
"""Addresses inside the folders the build writes files to (addresses.GENERATED_FOLDERS)."""


def content_files(root: Path) -> set[str]:
    """Paths (relative to content/, with /) of every file under content/; empty when there is none."""
    content = root / "content"
    if not content.is_dir():
        return set()
    return {p.relative_to(content).as_posix() for p in content.rglob("*") if p.is_file()}


def check_chapter_targets(chapters, records: dict[str, str], files: set[str], report) -> None:
    """Report every link, image and raw-HTML address in `chapters` that the built site's link check would reject.

    `chapters`: book.Chapter objects; `records`: id → kind of every record (also those that
    failed validation); `files`: content_files(root). Errors go to `report` as content.link at the
    chapter's file and line.
    """
    pages = {page_url(record_page("chapters", c.id)).rstrip("/") for c in chapters}
    pages |= {posixpath.dirname(f) for f in files if f.endswith("index.md")}
    for chapter in chapters:
        source = record_page("chapters", chapter.id)
        for offset, visible in prose_lines(chapter.body):
            found = [(bool(m.group(1)), m.group(2), False) for m in MD_TARGET.finditer(visible)]
            found += [(False, m.group(1), True) for m in HTML_TARGET.finditer(visible)]
            for image, target, raw_html in found:
                problem = _problem(target, source, image, raw_html, pages, records, files)
                if problem:
                    report.error(chapter.file, chapter.body_line + offset, "content.link",
                                 f"{'图片' if image else '链接'} {target} {problem}", value=target)


def _handled_elsewhere(path: str) -> bool:
    """Links chapter_links.check_chapter_links already checks: to a chapter (x.md) or a record page (positions/x.md)."""
    folder, _, name = path.partition("/")
    return (path.endswith(".md") and "/" not in path) or (
        folder in SECTION_KINDS and name.endswith(".md") and "/" not in name and name != "index.md")


def _problem(target, source, image, raw_html, pages, records, files) -> str | None:
    if SCHEME.match(target):
        return None
    path = unquote(target.split("#", 1)[0].split("?", 1)[0])
    if not path:
        return None
    is_file = "." in posixpath.basename(path.rstrip("/")) and not path.endswith("/")
    if is_file and not raw_html:  # MkDocs resolves it from the chapter's folder
        if not image and _handled_elsewhere(path):
            return None
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(source), path))
        if resolved.startswith(".."):
            return "指向 content/ 目录之外：网站只发布 content/ 里的文件。请把文件放进 content/（例如 content/images/），再按章节所在位置写相对路径"
        if resolved.endswith(".md"):
            return None if resolved[:-3] in pages or resolved in files else f"指向的页面不存在（找不到 content/{resolved}）"
        return None if resolved in files else f"指向的文件不存在（找不到 content/{resolved}）。请把文件放进 content/ 或改正路径"
    base = page_url(source).rstrip("/")
    resolved = posixpath.normpath(posixpath.join(base, path))
    if resolved.startswith(".."):
        return "指向网站之外：相对链接最多退到网站首页"
    if resolved == "." or resolved in pages or resolved in files:
        return None
    head, _, rest = resolved.partition("/")
    if rest and resolved.startswith(GENERATED_FILES):
        return None
    if head in (*SECTION_KINDS, *GENERATED_PAGES) and not rest:
        return None
    kind = SECTION_KINDS.get(head)
    if kind and rest.rstrip("/") and "/" not in rest.rstrip("/"):
        rid = rest.rstrip("/")
        rid = rid[:-5] if rid.endswith(".html") else rid
        if records.get(rid) == kind:
            return None
    return f"指向的页面不存在（在网站里是 {resolved}）"
