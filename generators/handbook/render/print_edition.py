"""The print edition: the whole handbook on one page, for the browser's print-to-PDF.

Every part is the same Markdown as its web page, rendered again from the print
page's location (so links still work), with headings pushed one level down and
a page break before each part.
"""

from __future__ import annotations

import posixpath
import re

from .links import record_page
from .refs import expand_refs
from .text import escape_markdown

PRINT_PAGE = "print/index.md"
MAX_POSITIONS = 400
"""Above this the edition holds the policy chapters only: a 2,000-position book is printed per page, not whole."""

HEADING = re.compile(r"^(#{1,5})(\s)", re.M)
LINK_TARGET = re.compile(r"(\]\()([^)\s]+)")


def print_edition(renderer) -> str:
    hb = renderer.hb
    parts: list[tuple[str, str, str]] = []  # (anchor, title, markdown)
    for cid, chapter in hb.chapters.items():
        parts.append((f"part-{cid}", chapter.title, _chapter_markdown(hb, cid, chapter)))
    kinds = [("units", renderer.unit), ("positions", renderer.position), ("processes", renderer.process),
             ("kpis", renderer.kpi), ("courses", renderer.course)]
    if len(hb.positions) > MAX_POSITIONS:
        kinds = []
    for kind, render in kinds:
        for rid in getattr(hb, kind):
            parts.append((f"part-{rid}", hb.name_of(rid), render(rid, PRINT_PAGE)))
    lines = [f"# {escape_markdown(hb.meta.title)}（打印版）", "", '<p class="hb-lead">用浏览器的“打印 → 另存为 PDF”即可得到整本手册。</p>', "",
             '<nav class="hb-print-toc"><h2 id="toc">目录</h2><ol>']
    lines += [f'<li><a href="#{anchor}">{_html(title)}</a></li>' for anchor, title, _ in parts]
    lines += ["</ol></nav>", ""]
    if len(hb.positions) > MAX_POSITIONS:
        lines += [f'<p class="hb-empty">岗位超过 {MAX_POSITIONS} 个，打印版只收录管理制度；组织、岗位和流程请在各页面单独打印，岗位说明书可下载 Word 版。</p>', ""]
    for anchor, _, markdown in parts:
        lines += [f'<div class="hb-print-chapter" id="{anchor}"></div>', "", _demote(markdown), ""]
    return "\n".join(lines)


def _chapter_markdown(hb, cid: str, chapter) -> str:
    """The chapter's Markdown as seen from the print page: relative links rebased, references expanded."""
    here = posixpath.dirname(record_page("chapters", cid))

    def rebase(match):
        target = match.group(2)
        if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^/|^#", target):
            return match.group(0)
        moved = posixpath.relpath(posixpath.normpath(posixpath.join(here, target)), posixpath.dirname(PRINT_PAGE))
        return f"{match.group(1)}{moved}"

    body = expand_refs(LINK_TARGET.sub(rebase, chapter.body), PRINT_PAGE, hb)
    return body if body.lstrip().startswith("# ") else f"# {chapter.title}\n\n{body}"


def _demote(markdown: str) -> str:
    """# → ## so each part nests under the edition's title."""
    out, fenced = [], False
    for line in markdown.split("\n"):
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        if not fenced and line.startswith("#"):
            line = HEADING.sub(lambda m: "#" + m.group(1) + m.group(2), line)
        out.append(line)
    return "\n".join(out)


def _html(text: str) -> str:
    from .text import escape_html

    return str(escape_html(text))
