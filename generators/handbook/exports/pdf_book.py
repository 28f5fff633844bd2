"""The PDF edition of the handbook (发文版): WeasyPrint lays out the same pages the site shows.

handbook_pdf(hb) gives the whole handbook, handbook_pdf(hb, part="positions") one part.
The document has:

* a cover with the title, organization, version, 生效日期 and approver (latest release);
* a table of contents with page numbers;
* one part per kind (管理制度, 组织架构, 岗位说明书, 业务流程, 考核指标, 培训课程), each record
  starting on a new page; the PDF's bookmarks hold every part (level 1) and every record
  (level 2), nothing deeper;
* page numbers and the title in the running header; cross-references are in-document links;
* Noto CJK fonts, which WeasyPrint embeds (subset) — no network is ever used: the base URL is
  a private scheme whose fetcher refuses everything;
* charts as vector SVG, fitted to the page; charts too large to stay legible on A4 get an A3 page.

Rendering goes through the same Renderer as the site (Markdown per record), converted with
Python-Markdown using the site's extensions, so the PDF never says something the site does not.
"""

from __future__ import annotations

import io
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path

import markdown

from ..addresses import SECTIONS, page_url, record_page
from ..render.pages import Renderer, RenderOptions
from ..render.print_edition import PRINT_PAGE, _chapter_markdown, _demote
from ..render.text import escape_html
from ..book import Handbook

PARTS: dict[str, str] = {
    "chapters": "管理制度",
    "units": "组织架构",
    "positions": "岗位说明书",
    "processes": "业务流程",
    "kpis": "考核指标",
    "courses": "培训课程",
}
"""The parts of the edition in order: data kind → part title."""

ASSETS = Path(__file__).resolve().parent.parent / "assets"
STYLE = Path(__file__).resolve().parent / "pdf.css"
PAPER_STYLE = ASSETS / "print.css"
"""The page rules the site's print edition uses too (landscape pages for wide charts): one stylesheet for both."""
HREF = re.compile(r'href="([^"]*)"')
LOCAL_LINK = re.compile(r'href="#rec-([^"]*)"')
ID_ATTR = re.compile(r'(?<!<clipPath)\sid="[^"]*"')
"""Element ids the PDF drops (see `_html`); a chart part's clip path keeps its id, which its drawing names."""
CHART = re.compile(r'<div class="hb-chart( hb-has-print)?">')
SVG_OPEN = re.compile(r"<svg\b[^>]*>")
PRINT_SVG = re.compile(r"<svg\b[^>]*\bhb-print-chart\b[^>]*>")
SVG_WIDTH = re.compile(r'\bwidth="([\d.]+)"')
SVG_HEIGHT = re.compile(r'\bheight="([\d.]+)"')
CSS_VAR = re.compile(r"var\(--[\w-]+,\s*((?:[^()]|\([^()]*\))+?)\)")
"""var(--name, fallback), the fallback possibly holding one level of parentheses: rgba(0, 0, 0, 0.04)."""
A4_LEGIBLE_PX = (1060, 1553)
"""The largest chart (width, height in px) whose 13 px labels still print at 6 pt or more when fitted into an
A4 portrait page's text area (174 × 245 mm); larger charts get a page of their own in A3 portrait, fitted
to its text area (labels about 5–6 pt for the tallest swimlanes)."""


class PdfUnavailable(RuntimeError):
    """WeasyPrint or the system library it needs (Pango) is missing; the message says what to install."""


@dataclass(frozen=True)
class Record:
    kind: str
    rid: str
    title: str
    html: str


CHUNK_RECORDS = 150
"""Records laid out in one WeasyPrint pass. WeasyPrint keeps a whole document's layout in memory
(about 2.5 MB a page), so a large part is laid out in chunks and the PDFs are joined with pypdf;
memory stays bounded whatever the size of the organization."""

RECORD_LINK = "hbrec:"
PAGE_LINK = "hbpage:"
"""Placeholder link schemes. WeasyPrint lays out each chunk alone and cannot link into another one, so every
link to a record ("hbrec:<n>", n the record's place in the edition) and every contents entry ("hbpage:<n>",
n a body page from 0) is written as such a URI, and resolved to a page of the joined PDF once all are laid out."""


@dataclass
class _Layout:
    """The laid-out body: one PDF per chunk, the bookmark entries (level, title, body page from 0) and the
    link targets (placeholder URI → (body page from 0, top of the target in CSS px from the page top or None))."""
    chunks: list[bytes]
    entries: list[tuple[int, str, int]]
    targets: dict[str, tuple[int, float | None]]
    pages: int = 0


def handbook_pdf(hb: Handbook, part: str | None = None) -> bytes:
    """The handbook (or one part: a key of PARTS) as PDF bytes.

    Body pages are numbered from 1 ("第 n 页"); the cover and the contents before them are not.
    Every contents entry and every link to a record is an internal link of the joined PDF, whichever chunk of
    CHUNK_RECORDS records holds it; the bookmarks reach every part and record.
    Raises KeyError for an unknown part, PdfUnavailable when WeasyPrint cannot be loaded.
    """
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as exc:  # OSError: libpango missing
        raise PdfUnavailable(f"无法生成 PDF：需要 WeasyPrint 和系统的 Pango 库（Debian: apt install libpango-1.0-0 "
                             f"libpangoft2-1.0-0）。原因：{exc}") from None
    from pypdf import PdfReader, PdfWriter

    kinds = [part] if part else list(PARTS)
    for kind in kinds:
        PARTS[kind]  # KeyError for an unknown part
    renderer = Renderer(hb, RenderOptions())
    anchors = _anchor_map(hb)
    flat = [(kind, record, i == 0) for kind in kinds for i, record in enumerate(_records(renderer, hb, kind, anchors))]
    body = _lay_out_body(hb, flat, HTML)
    front = HTML(string=_front_html(hb, body.entries), base_url="handbook-pdf:/", url_fetcher=_no_fetch).render()
    front_pages = len(front.pages)
    writer = PdfWriter()
    for n, data in enumerate([front.write_pdf(), *body.chunks]):
        reader = PdfReader(io.BytesIO(data))
        _retag_fonts(reader, n)
        writer.append(reader, import_outline=False)
    _resolve_links(writer, {uri: (front_pages + page, top) for uri, (page, top) in body.targets.items()})
    parent = None
    for level, title, page in body.entries:
        if level == 1:
            parent = writer.add_outline_item(title=title, page_number=front_pages + page)
        else:
            writer.add_outline_item(title=title, page_number=front_pages + page, parent=parent)
    writer.add_metadata({"/Title": hb.meta.title, "/Author": hb.meta.organization, "/Producer": "handbook + WeasyPrint"})
    writer.page_mode = "/UseOutlines"
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _lay_out_body(hb: Handbook, flat: list[tuple[str, Record, bool]], html_class) -> _Layout:
    """Lay out (part, record, first of its part) in chunks of CHUNK_RECORDS; each chunk's layout is dropped
    once it is written, only its PDF bytes, bookmarks and link targets are kept."""
    places = {record.rid: n for n, (_, record, _) in enumerate(flat)}
    body = _Layout([], [], {})
    for start in range(0, len(flat), CHUNK_RECORDS):
        piece = flat[start:start + CHUNK_RECORDS]
        html = _chunk_html(hb, piece, body.pages + 1, places)
        document = html_class(string=html, base_url="handbook-pdf:/", url_fetcher=_no_fetch).render()
        found = list(_bookmarks(document.make_bookmark_tree()))
        expected = [level for _, _, first in piece for level in ((1, 2) if first else (2,))]
        levels = expected if len(expected) == len(found) else [depth for depth, _, _ in found]
        body.entries += [(level, title, body.pages + page) for level, (_, title, page) in zip(levels, found)]
        for number, page in enumerate(document.pages):
            for name, box in page.anchors.items():
                if name.startswith("rec-") and name[4:] in places:  # a record over several pages: its first
                    body.targets.setdefault(f"{RECORD_LINK}{places[name[4:]]}", (body.pages + number, box[1]))
        body.pages += len(document.pages)
        body.chunks.append(document.write_pdf())
        del document
    body.targets.update({f"{PAGE_LINK}{page}": (page, None) for page in range(body.pages)})
    return body


def _resolve_links(writer, targets: dict[str, tuple[int, float | None]]) -> None:
    """Turn every placeholder URI link (RECORD_LINK, PAGE_LINK) of the joined PDF into an internal link:
    targets maps the URI to (page index in the joined PDF, top of the target in CSS px or None for the page top).
    The destination is /XYZ at that height, zoom unchanged (ISO 32000-1, 12.3.2.2); a placeholder without
    a target (none is expected) loses its link, never points at a wrong page."""
    from pypdf.generic import ArrayObject, FloatObject, NameObject, NullObject

    for page in writer.pages:
        annots = page.get("/Annots")
        if annots is None:
            continue
        keep = []
        for ref in annots.get_object():
            annot = ref.get_object()
            action = annot.get("/A")
            uri = str(action.get_object().get("/URI", "")) if action is not None else ""
            if not uri.startswith((RECORD_LINK, PAGE_LINK)):
                keep.append(ref)
                continue
            if uri not in targets:
                continue
            number, top = targets[uri]
            target = writer.pages[number]
            height = float(target.mediabox.top)
            y = height if top is None else max(0.0, height - top * 0.75)  # CSS px → pt, from the top
            del annot[NameObject("/A")]
            annot[NameObject("/Dest")] = ArrayObject([target.indirect_reference, NameObject("/XYZ"), NullObject(),
                                                      FloatObject(round(y, 2)), NullObject()])
            keep.append(ref)
        page[NameObject("/Annots")] = ArrayObject(keep)


def _retag_fonts(reader, n: int) -> None:
    """Give the font subsets of the n-th laid-out piece their own tag (ABCDEF+Name → HBAAAB+Name).

    Each WeasyPrint run subsets the fonts it used and may name two different subsets alike; in one
    joined PDF, two subsets with the same name would let a viewer or text extractor take glyphs from
    the wrong one. Subset tags are six capital letters (ISO 32000-1, 9.6.4)."""
    from pypdf.generic import NameObject

    letters = ""
    value = n
    for _ in range(4):
        value, digit = divmod(value, 26)
        letters = chr(ord("A") + digit) + letters
    seen: set[int] = set()
    for page in reader.pages:
        fonts = (page.get("/Resources") or {}).get("/Font") or {}
        for ref in fonts.values():
            font = ref.get_object()
            if id(font) in seen:
                continue
            seen.add(id(font))
            parts = [font] + [d.get_object() for d in font.get("/DescendantFonts", [])]
            for part in parts:
                for owner, key in ((part, "/BaseFont"), (part.get("/FontDescriptor"), "/FontName")):
                    owner = owner.get_object() if owner is not None else None
                    name = str(owner.get(key, "")) if owner is not None else ""
                    if len(name) > 8 and name[7] == "+":
                        owner[NameObject(key)] = NameObject(f"/HB{letters}{name[7:]}")


def _no_fetch(url: str, *args, **kwargs):
    """The edition is self-contained: nothing is fetched, from the network or from disk."""
    raise ValueError(f"PDF 版不读取外部资源：{url}")


def _bookmarks(tree, level: int = 1):
    """WeasyPrint's bookmark tree as (depth, title, page index) in document order."""
    for item in tree:
        label, destination, children = item[0], item[1], item[2]
        yield level, label, destination[0]
        yield from _bookmarks(children, level + 1)


def bookmark_count(hb: Handbook, part: str | None = None) -> int:
    """How many bookmarks handbook_pdf makes: one per non-empty part and one per record in it."""
    total = 0
    for kind in [part] if part else PARTS:
        records = len(hb.chapters if kind == "chapters" else getattr(hb, kind))
        total += (1 + records) if records else 0
    return total


def _css_string(text: str) -> str:
    """Text as a CSS string literal, safe inside a <style> element or a style attribute:
    quotes and backslashes escaped, < > & ' as CSS hex escapes, line breaks as spaces."""
    out = []
    for ch in text.replace("\n", " ").replace("\r", " "):
        if ch in '"\\':
            out.append("\\" + ch)
        elif ch in "<>&'":
            out.append(f"\\{ord(ch):x} ")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _head(hb: Handbook, extra_css: str = "") -> str:
    return ('<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
            f"<title>{escape_html(hb.meta.title)}</title>"
            f'<meta name="author" content="{escape_html(hb.meta.organization)}">'
            f"<style>{STYLE.read_text(encoding='utf-8')}{PAPER_STYLE.read_text(encoding='utf-8')}{extra_css}</style>"
            "</head><body>")


def _chunk_html(hb: Handbook, piece: list[tuple[str, Record, bool]], page_start: int, places: dict[str, int]) -> str:
    """One laid-out piece of the body: (part, record, first of its part) in order, pages numbered from page_start.
    Each part's section names the part for the running header, so a part continued from the last piece has it too.
    places: record id → place in the whole edition; a link to a record in it becomes a RECORD_LINK placeholder,
    a link to a record outside it (another part) plain text."""
    css = (f"@page {{ @top-right {{ content: {_css_string(hb.meta.title)} \"　\" string(part-title); }} }}"
           f"@page :first {{ counter-reset: page {page_start}; }}")
    out = [_head(hb, css)]
    current = None
    for kind, record, first in piece:
        if kind != current:
            if current is not None:
                out.append("</section>")
            out.append(f'<section class="part part-{kind}" style=\'string-set: part-title {_css_string(PARTS[kind])}\'>')
            current = kind
        if first:
            out.append(f'<h1 class="part-title">{PARTS[kind]}</h1>')
        html = LOCAL_LINK.sub(lambda m: (f'href="{RECORD_LINK}{places[m.group(1)]}"' if m.group(1) in places
                                         else 'data-link="off"'), record.html)
        out.append(f'<article class="record" id="rec-{record.rid}">{html}</article>')
    out.append("</section></body></html>" if current else "</body></html>")
    return "".join(out)


def _front_html(hb: Handbook, entries: list[tuple[int, str, int]]) -> str:
    """Cover and contents; the contents give each part's and record's printed page number."""
    toc = ['<nav class="toc"><h2 class="toc-title">目录</h2><ol>']
    open_part = False
    for level, title, page in entries:
        item = (f'<a href="{PAGE_LINK}{page}"><span class="toc-text">{escape_html(title)}</span>'
                f'<span class="toc-page">{page + 1}</span></a>')
        if level == 1:
            toc.append(("</ol></li>" if open_part else "") + f'<li class="toc-part">{item}<ol>')
            open_part = True
        else:
            toc.append(f"<li>{item}</li>")
    toc.append(("</ol></li>" if open_part else "") + "</ol></nav>")
    css = "@page { @bottom-center { content: none; } @top-right { content: none; } }"
    return _head(hb, css) + _cover(hb) + "".join(toc) + "</body></html>"


def _cover(hb: Handbook) -> str:
    meta = hb.meta
    rows = []
    if meta.releases:
        release = meta.releases[-1]
        rows += [("版本", release.version), ("生效日期", release.date), ("批准", release.approver)]
    else:
        rows += [("版本", "未发布")]
    facts = "".join(f"<tr><th>{label}</th><td>{escape_html(value)}</td></tr>" for label, value in rows if value)
    return (f'<section class="cover"><p class="cover-org">{escape_html(meta.organization)}</p>'
            f'<h1 class="cover-title">{escape_html(meta.title)}</h1>'
            f'<table class="cover-facts">{facts}</table>'
            + (f'<p class="cover-note">{escape_html(meta.description)}</p>' if meta.description else "")
            + "</section>")


def _anchor_map(hb: Handbook) -> dict[str, str]:
    """Site page path (as a link from the print page resolves) → in-document anchor."""
    out = {}
    for kind in SECTIONS:
        for rid in (hb.chapters if kind == "chapters" else getattr(hb, kind, {})):
            out[page_url(record_page(kind, rid)).rstrip("/")] = f"#rec-{rid}"
    for cid in hb.chapters:
        out[page_url(record_page("chapters", cid)).rstrip("/")] = f"#rec-{cid}"
    return out


def _records(renderer: Renderer, hb: Handbook, kind: str, anchors: dict[str, str]):
    if kind == "chapters":
        for cid, chapter in hb.chapters.items():
            yield Record(kind, cid, chapter.title, _html(_chapter_markdown(hb, cid, chapter), anchors, cid))
        return
    render = {"units": renderer.unit, "positions": renderer.position, "processes": renderer.process,
              "kpis": renderer.kpi, "courses": renderer.course}[kind]
    for rid in getattr(hb, kind):
        yield Record(kind, rid, hb.name_of(rid), _html(render(rid, PRINT_PAGE), anchors, rid))


def _charts(body: str) -> str:
    """Charts for paper: the diagram stylesheet inside every SVG; a chart block whose drawing (the print
    drawing, where the site made one) is too large to stay legible on A4 gets an A3 page of its own."""
    out, at = [], 0
    for match in CHART.finditer(body):
        drawing = (PRINT_SVG if match.group(1) else SVG_OPEN).search(body, match.end())
        wide = False
        if drawing is not None:
            width, height = SVG_WIDTH.search(drawing.group(0)), SVG_HEIGHT.search(drawing.group(0))
            wide = ((width is not None and float(width.group(1)) > A4_LEGIBLE_PX[0])
                    or (height is not None and float(height.group(1)) > A4_LEGIBLE_PX[1]))
        out += [body[at:match.start()], f'<div class="hb-chart{match.group(1) or ""}{" hb-chart-wide" if wide else ""}">']
        at = match.end()
    out.append(body[at:])
    return SVG_OPEN.sub(lambda m: m.group(0) + _svg_style(), "".join(out))


def _svg_style() -> str:
    """The site's diagram stylesheet for use inside each SVG: WeasyPrint styles an inline SVG only with
    the SVG's own <style>, and knows no CSS variables there, so each var(--x, fallback) becomes its fallback."""
    global _SVG_STYLE
    if _SVG_STYLE is None:
        css = (ASSETS / "diagrams.css").read_text(encoding="utf-8")
        css = CSS_VAR.sub(lambda m: m.group(1).strip(), css)
        css = css.replace("height: auto;", "").replace("max-width: none;", "")  # the HTML side sizes the SVG
        css = re.sub(r"\.hb-print-chart\s*\{\s*display:\s*none;?\s*\}", "", css)  # inside it, it must show
        # WeasyPrint clips centred text drawn with opacity < 1 (sublabels lost their first characters)
        css += " text { font-family: 'Noto Sans CJK SC', sans-serif; } .hb-diagram .hb-sublabel { opacity: 1; }"
        _SVG_STYLE = f"<style>{css}</style>"
    return _SVG_STYLE


_SVG_STYLE: str | None = None
_MD_EXTENSIONS = ["attr_list", "tables", "admonition", "md_in_html"]


def _html(text: str, anchors: dict[str, str], rid: str) -> str:
    """A record's Markdown as HTML: headings one level down (# → ##), links to other records as
    in-document links, any other link as plain text; element ids dropped (every record page has the
    same section ids, and links within a record are off)."""
    body = markdown.markdown(_demote(text), extensions=_MD_EXTENSIONS, output_format="html")
    body = ID_ATTR.sub("", body)  # only records are link targets (rec-…): every other id would become a named
    # destination, and a 2,000-position edition would carry hundreds of thousands of them
    body = _charts(body)

    def relink(match) -> str:
        href = match.group(1)
        if href.startswith("#") or re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", href):
            return 'data-link="off"'  # in-page anchors repeat across records; other hosts are not ours
        path, _, _ = href.partition("#")
        target = posixpath.normpath(posixpath.join(posixpath.dirname(PRINT_PAGE), path)).rstrip("/")
        anchor = anchors.get(target)
        return f'href="{anchor}"' if anchor else 'data-link="off"'

    return HREF.sub(relink, body)
