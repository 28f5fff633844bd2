"""The print edition: the whole handbook on one page, for the browser's print-to-PDF.

Every part is the same Markdown as its web page, rendered again from the print
page's location (so links still work), with headings pushed one level down and
a page break before each part.
"""

from __future__ import annotations

import posixpath
import re

from . import order
from .edition import edition
from ..addresses import page_url, record_page
from .refs import expand_refs
from .text import escape_markdown

PRINT_PAGE = "print/index.md"
MAX_POSITIONS = 400
"""Above this the edition holds the policy chapters only: a 2,000-position book is printed per page, not whole."""

HEADING = re.compile(r"^(#{1,5})(\s)", re.M)
LINK_TARGET = re.compile(r"(\]\()([^)\s]+)")


PART_NUMBERS = "一二三四五六"


def print_parts(renderer) -> list[tuple[str, str, list[tuple[str, list[tuple[str, str, callable]]]]]]:
    """The edition's parts in the business's order: [(part id, title, [(group title, [(anchor, title,
    render)])])]. Groups are units (org-tree order) for positions and processes, 类别 for KPIs and
    courses; a part with one untitled group lists its records directly."""
    hb = renderer.hb
    parts = [("policies", "管理制度",
              [("", [(f"part-{cid}", ch.title, lambda cid=cid, ch=ch: _chapter_markdown(hb, cid, ch))
                     for cid, ch in hb.chapters.items()])])]
    if len(hb.positions) > MAX_POSITIONS:
        return parts

    def records(ids, render):
        return [(f"part-{rid}", hb.name_of(rid), lambda rid=rid: render(rid, PRINT_PAGE)) for rid in ids]

    parts.append(("units", "组织架构", [("", records(order.units_in_org_order(hb), renderer.unit))]))
    parts.append(("positions", "岗位说明书", [(hb.units[uid].name, records(ids, renderer.position))
                                            for uid, ids in order.positions_by_unit(hb)]))
    parts.append(("processes", "业务流程", [(hb.name_of(uid), records(ids, renderer.process))
                                         for uid, ids in order.processes_by_owner(hb)]))
    parts.append(("kpis", "考核指标", [(name, records(ids, renderer.kpi))
                                     for name, ids in order.by_category(hb, "kpis")]))
    parts.append(("courses", "培训课程", [(name, records(ids, renderer.course))
                                      for name, ids in order.by_category(hb, "courses")]))
    return [p for p in parts if any(items for _, items in p[2])]


def _cover(hb) -> list[str]:
    """Title page: organization, title, version, 生效日期 and approver of the latest release."""
    ed = edition(hb.meta)
    facts = []
    if ed:
        facts = [("版本", ed["version"]), ("生效日期", ed["date"])] + ([("批准", ed["approver"])] if ed["approver"] else [])
    rows = "".join(f"<tr><th>{k}</th><td>{_html(v)}</td></tr>" for k, v in facts)
    return ['<section class="hb-cover">', f'<p class="hb-cover-org">{_html(hb.meta.organization)}</p>',
            f'<p class="hb-cover-title">{_html(hb.meta.title)}</p>',
            f'<table class="hb-cover-facts">{rows}</table>' if rows else "", "</section>", ""]


def _toc(parts) -> list[str]:
    lines = ['<nav class="hb-print-toc"><h2 id="toc">目录</h2><ol class="hb-toc-parts">']
    for n, (pid, title, groups) in enumerate(parts):
        lines.append(f'<li><a href="#part-{pid}-start">{PART_NUMBERS[n]}、{_html(title)}</a>')
        for group, items in groups:
            if not items:
                continue
            if group:
                lines.append(f'<div class="hb-toc-group"><span>{_html(group)}</span>')
            lines.append("<ol>" + "".join(f'<li><a href="#{a}">{_html(t)}</a></li>' for a, t, _ in items) + "</ol>")
            if group:
                lines.append("</div>")
        lines.append("</li>")
    return lines + ["</ol></nav>", ""]


def print_edition(renderer) -> str:
    """Markdown of the whole handbook on one page: cover, grouped contents, then the parts
    (制度 / 组织 / 岗位 / 流程 / 指标 / 培训), each record rendered as on its own page."""
    hb = renderer.hb
    parts = print_parts(renderer)
    lines = [f"# {escape_markdown(hb.meta.title)}（打印版）", "",
             '<p class="hb-lead hb-screen-only">用浏览器的“打印 → 另存为 PDF”即可得到整本手册。</p>', ""]
    lines += _cover(hb) + _toc(parts)
    if len(hb.positions) > MAX_POSITIONS:
        lines += [f'<p class="hb-empty">岗位超过 {MAX_POSITIONS} 个，打印版只收录管理制度；组织、岗位和流程请在各页面单独打印，岗位说明书可下载 Word 版。</p>', ""]
    for n, (pid, title, groups) in enumerate(parts):
        lines += [f'<div class="hb-print-part" id="part-{pid}-start"></div>', "",
                  f"## {PART_NUMBERS[n]}、{title}", ""]
        for _, items in groups:
            for anchor, _, render in items:
                lines += [f'<div class="hb-print-chapter" id="{anchor}"></div>', "", _demote(render(), 2), ""]
    return "\n".join(lines)


def _chapter_markdown(hb, cid: str, chapter) -> str:
    """The chapter's Markdown as seen from the print page: relative links rebased, references expanded."""
    source = record_page("chapters", cid)

    def rebase(match):
        target = match.group(2)
        if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^/|^#", target):
            return match.group(0)
        return f"{match.group(1)}{rebase_link(target, source, PRINT_PAGE)}"

    body = expand_refs(LINK_TARGET.sub(rebase, chapter.body), PRINT_PAGE, hb)
    return body if body.lstrip().startswith("# ") else f"# {chapter.title}\n\n{body}"


def rebase_link(target: str, source: str, to_source: str) -> str:
    """A relative link written on page `source` (e.g. counter.md), rewritten for page `to_source` (print/index.md).

    MkDocs resolves a link to a file (credit.md, images/logo.png) from the source file's folder,
    but leaves a link to a folder (`../org/`) as written, so the browser resolves it from the
    page's address (counter/ with directory URLs). Each kind is rebased from its own base, so a
    link that works on the chapter page still works in the print edition.
    """
    path, hash_, fragment = target.partition("#")
    if not path:
        return target
    if "." in posixpath.basename(path):
        base, to = posixpath.dirname(source), posixpath.dirname(to_source)
    else:
        base, to = page_url(source).rstrip("/"), page_url(to_source).rstrip("/")
    moved = posixpath.relpath(posixpath.normpath(posixpath.join(base, path)), to or ".")
    if path.endswith("/") and not moved.endswith("/"):
        moved += "/"
    return f"{moved}{hash_}{fragment}"


def _demote(markdown: str, levels: int = 1) -> str:
    """# → ### (two levels) so each record nests under its part heading; never deeper than ######."""
    out, fenced = [], False
    for line in markdown.split("\n"):
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        if not fenced and line.startswith("#"):
            line = HEADING.sub(lambda m: ("#" * min(6, len(m.group(1)) + levels)) + m.group(2), line)
        out.append(line)
    return "\n".join(out)


def _html(text: str) -> str:
    from .text import escape_html

    return str(escape_html(text))
