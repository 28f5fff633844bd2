"""Links written in policy chapters, checked before the build (the gate of issue 13).

MkDocs' strict build stops on a link to a missing page or heading; these checks
find the same problems at `handbook check` time, at the chapter's file and line:
- `[[credit#五、逾期账款处理]]`: a chapter section, by its anchor or its heading as written;
- `[[sales-manager#duties]]`: a section of a record's generated page;
- `[文字](credit.md#一目的)`, `[文字](#一目的)`, `[文字](positions/x.md)`: Markdown links.
"""

from __future__ import annotations

import re

from ..addresses import SECTION_KINDS
from ..diagnostics import did_you_mean
from ..load.refs import chapter_refs, malformed_refs, prose_lines
from ..model import KIND_LABELS


def check_chapter_anchor(r, chapter, target: str, anchor: str, line: int, chapters) -> str | None:
    """The page anchor for [[target#anchor]], or None after reporting it. Accepts the anchor or the heading as written."""
    from ..render.chapter_sections import resolve_anchor, sections

    if target not in chapters:
        return anchor  # record pages' anchors are checked on the built site
    found = resolve_anchor(chapters[target].body, anchor)
    if found is not None:
        return found
    titles = {a: t for a, t, _ in sections(chapters[target].body) if a}
    hint = did_you_mean(anchor, titles)
    listed = "、".join(list(titles.values())[:8])
    r.report.error(chapter.file, line, "content.anchor",
                   f"[[{target}#{anchor}]]：章节“{chapters[target].title}”里没有“{anchor}”这一节。"
                   + (hint or (f"现有的小节：{listed}" if listed else "这个章节没有二级标题")),
                   path=(), value=f"{target}#{anchor}")
    return None


MD_LINK = re.compile(r"(?<!!)\[[^\]\n]*\]\(\s*<?([^)\s>]+)>?(?:\s+[\"'][^)]*)?\)")
"""[text](target) links in a chapter; images are left to MkDocs."""
SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^//|^/")


def check_chapter_links(r, chapters) -> None:
    """Markdown links between chapters and to headings: the same checks MkDocs makes when it builds, at check time.

    `[文字](credit.md#五逾期账款处理)`, `[文字](#一目的)`: the chapter file and the heading must exist,
    else the strict build would stop. Links to generated pages and outside addresses are left to the build.
    """
    from ..render.chapter_sections import sections

    anchors = {cid: _anchors(ch.body, sections) for cid, ch in chapters.items()}
    for chapter in chapters.values():
        for offset, visible in prose_lines(chapter.body):
            for match in MD_LINK.finditer(visible):
                problem = _link_problem(match.group(1), chapter.id, chapters, anchors, r.records)
                if problem:
                    r.report.error(chapter.file, chapter.body_line + offset, "content.link",
                                   f"链接 {match.group(1)} {problem}", value=match.group(1))


def _anchors(body: str, sections) -> set:
    from ..render.chapter_sections import heading_anchors

    return {anchor for anchor, _, _ in sections(body) if anchor} | heading_anchors(body)


def _link_problem(target: str, here: str, chapters, anchors, records) -> str | None:
    if SCHEME.match(target):
        return None
    path, _, fragment = target.partition("#")
    folder, _, name = path.partition("/")
    if folder in SECTION_KINDS and name.endswith(".md") and "/" not in name and name != "index.md":
        kind = SECTION_KINDS[folder]
        rid = name[:-3]
        if records.get(rid, (None,))[0] != kind:
            pool = {i: i for i, (k, _, _) in records.items() if k == kind}
            return f"指向的{KIND_LABELS[kind]}页面不存在（没有标识为 {rid} 的{KIND_LABELS[kind]}）。{did_you_mean(rid, pool)}"
        return None
    if not path:
        page = here
    elif path.endswith(".md") and "/" not in path:
        page = path[:-3]
        if page not in chapters:
            hint = did_you_mean(page, {cid: ch.title for cid, ch in chapters.items()})
            return f"指向的章节文件 content/{path} 不存在。{hint}"
    else:
        return None  # generated pages and files: the built site's link check covers them
    if fragment and fragment not in anchors.get(page, ()):
        titles = {a: a for a in sorted(anchors.get(page, ()))}
        return f"指向的小节 #{fragment} 在章节 {page} 中不存在。{did_you_mean(fragment, titles)}"
    return None


_TITLED_ID = re.compile(r"^#{1,6}\s+(.+?)\s*\{#([^\s}]+)\}", re.M)
"""`## 岗位职责 {#duties}`: the section's Chinese title, shown beside its anchor in a did-you-mean."""
_EXPLICIT_ID = re.compile(r"""\{#([^\s}]+)|(?<![\w-])id=["']([^"']+)["']""")
"""An element id of a rendered page ({#duties}, id="definition"); a chart box's data-id is not one."""


def check_record_anchors(hb, report) -> None:
    """[[sales-manager#duties]]: the anchor must exist on the record's generated page, or the strict build stops.

    Runs on a linked Handbook (the page is rendered once per record that is linked with an anchor).
    """
    from ..render.chapter_sections import heading_anchors
    from ..render.links import step_anchor
    from ..render.pages import Renderer

    renderer, anchors = None, {}
    for chapter in hb.chapters.values():
        for offset, match in chapter_refs(chapter.body):
            rid, anchor = match.group(1).strip(), (match.group(2) or "").strip()
            kind = hb.kind_of(rid)
            if not anchor or kind in (None, "chapters"):
                continue
            if rid not in anchors:
                renderer = renderer or Renderer(hb)
                try:
                    page = getattr(renderer, {"units": "unit", "positions": "position", "kpis": "kpi", "processes": "process",
                                              "courses": "course"}[kind])(rid)
                except Exception:  # noqa: BLE001 — a handbook linked despite other errors may not render; those errors are reported
                    page = None
                found = {a or b for a, b in _EXPLICIT_ID.findall(page or "")}
                found |= heading_anchors(page or "")
                anchors[rid] = (found, {m.group(2): m.group(1) for m in _TITLED_ID.finditer(page or "")}, page is not None)
            found, titles, rendered = anchors[rid]
            if kind == "processes" and step_anchor(anchor) in found:
                continue  # [[contract-review#review]]: a step by its id (render/refs.py links it to step-review)
            if rendered and anchor not in found:
                sections = {a: titles[a] for a in sorted(found) if a in titles}  # the page's titled sections first
                lines = {a: a for a in sorted(found) if a not in titles and not re.search(r"-\d+$", a)}
                if kind == "processes":  # steps are named by their id: 是不是想写 review（评审是否通过）
                    lines.update({step.id: step.name for step in hb.processes[rid].steps})
                hint = did_you_mean(anchor, sections) or did_you_mean(anchor, lines)
                report.error(chapter.file, chapter.body_line + offset, "content.anchor",
                             f"[[{rid}#{anchor}]]：{hb.name_of(rid)}的页面上没有“{anchor}”这一节。{hint}",
                             value=f"{rid}#{anchor}")


def check_malformed_refs(r, chapters) -> None:
    """`[[teller|]]`, `[[]]`, `[[teller#]]`: a [[…]] that is not a reference would show as raw text; report it.

    A reference is [[标识]], [[标识#小节]] or [[标识|显示文字]] (load/refs.REF_PATTERN); errors are content.ref
    at the chapter's file and line.
    """
    for chapter in chapters.values():
        for offset, written in malformed_refs(chapter.body):
            r.report.error(chapter.file, chapter.body_line + offset, "content.ref",
                           f"引用 {written} 写法不完整，会原样显示在页面上。请写成 [[标识]]、[[标识#小节]] 或 "
                           f"[[标识|显示文字]]（# 和 | 后面不能为空）", value=written)
