"""岗位说明书 as a Word document, in the usual Chinese form layout.

Layout (the standard HR form): title, a bordered basic-information table (岗位编号,
岗位名称, 所属部门, 岗位等级, 直接上级, 直接下级, 编制), then numbered sections in this
order, each only when it has content (never "无"): 岗位目的, 岗位职责, 权限, 责任,
工作关系 (内部协调 / 外部联系), 工作环境, 任职资格, 考核指标 (一票否决 items apart),
参与的业务流程, 培训要求, 职业发展; last the 编制 / 审核 / 批准 block with dates. The
block and what precedes it are kept together (keep-with-next), so the block never
sits alone on a page. The header carries the handbook title and version, the footer
the position's own organization (a writer per legal entity) and the page number. Fonts: 宋体 for body text and 黑体 for headings, set through
w:rFonts/@w:eastAsia so Word and WPS render Chinese with them.

The output is deterministic: core properties are dated with the latest release
and the zip is rewritten with fixed entry dates (see _common.stable_zip).
"""

from __future__ import annotations

import io
import re
import zipfile
from xml.sax.saxutils import escape

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt, RGBColor

from ..book import Handbook
from ..model import Course, Kpi, KpiWeight, Position, Qualifications, TrainingEntry, field_label, item_text
from ..render.processes_view import course_length, target_text
from ..render.staffing import position_headcount
from ._common import fixed_datetime, hours_text, is_veto, scoring_text, version_text, weight_text

BODY_FONT = "宋体"
HEADING_FONT = "黑体"
LATIN_FONT = "Times New Roman"
LABEL_FILL = "E7E6E6"
SECTIONS = ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三", "十四")
EMPTY = "—"


def job_description_docx(hb: Handbook, position_id: str) -> bytes:
    """The 岗位说明书 of one position as .docx bytes; KeyError for an unknown id."""
    return JobDescriptionWriter(hb).render(position_id)


BODY_MARK = "@@HANDBOOK-BODY@@"
TITLE_MARK = "@@HANDBOOK-TITLE@@"


class JobDescriptionWriter:
    """Renders the 岗位说明书 of many positions of one handbook.

    The package (styles, fonts, header, footer, theme, core properties) is built
    with python-docx once; each position only adds its body XML and title, so a
    site build with hundreds of positions stays fast. Nothing outlives the object.
    """

    def __init__(self, hb: Handbook):
        self.hb = hb
        self.when = fixed_datetime(hb.meta)
        doc = Document()
        _setup(doc, hb)
        _append_body(doc, [_p(BODY_MARK)])
        props = doc.core_properties
        props.title = TITLE_MARK
        props.subject = hb.meta.title
        props.author = hb.meta.organization
        props.last_modified_by = hb.meta.organization
        props.keywords = "岗位说明书"
        props.comments = version_text(hb.meta)
        props.revision = 1
        props.created = props.modified = props.last_printed = self.when
        self.entries = _package_entries(doc)
        self.others: dict[str, "JobDescriptionWriter"] = {}
        self.templates: dict[str, tuple[str, str]] = {}
        for name, blob in self.entries:
            text = blob.decode("utf-8") if name.endswith(".xml") else ""
            if BODY_MARK in text:
                at = text.index(BODY_MARK)
                start, end = text.rindex("<w:p>", 0, at), text.index("</w:p>", at) + len("</w:p>")
                self.templates[name] = (text[:start], text[end:])
            elif TITLE_MARK in text:
                self.templates[name] = tuple(text.split(TITLE_MARK, 1))

    def render(self, position_id: str) -> bytes:
        """The .docx of one position; a position of another legal entity (its top unit's `organization`)
        gets that entity's name in its subtitle, footer and document properties."""
        org = self.hb.organization_of(position_id)
        if org != self.hb.meta.organization:
            return self._for_organization(org).render(position_id)
        pos = self.hb.positions[position_id]
        fill = {BODY_MARK: "".join(_body_xml(self.hb, position_id)), TITLE_MARK: escape(f"{pos.name}岗位说明书")}
        writer = _FixedDateZip(self.when)
        for name, blob in self.entries:
            if name in self.templates:
                head, tail = self.templates[name]
                mark = BODY_MARK if blob.count(BODY_MARK.encode()) else TITLE_MARK
                blob = (head + fill[mark] + tail).encode("utf-8")
            writer.write(name, blob)
        writer.close()
        return writer.buffer.getvalue()

    def _for_organization(self, org: str) -> "JobDescriptionWriter":
        if org not in self.others:
            self.others[org] = JobDescriptionWriter(_with_organization(self.hb, org))
        return self.others[org]


def _with_organization(hb: Handbook, org: str) -> Handbook:
    """The same handbook, headed by another legal entity (for that entity's documents)."""
    import dataclasses

    return dataclasses.replace(hb, meta=hb.meta.model_copy(update={"organization": org}))


def _body_xml(hb: Handbook, pid: str) -> list[str]:
    """The document body as WordprocessingML fragments, in the standard form's order.

    Built as text and parsed once: python-docx's element-by-element API costs
    about 0.4 ms per table cell, which adds up in every site build.
    """
    pos = hb.positions[pid]
    out = [_p("岗位说明书", style="Title"),
           _p(f"{pos.name}　（{hb.organization_of(pid)}）", style="Subtitle")]
    out += _basic_table(hb, pid)
    for number, (heading, body) in zip(SECTIONS, _sections(hb, pid)):
        out.append(_p(f"{number}、{heading}", style="Heading1"))
        out += body
    out += _approval_block(pos)
    return _keep_last_with_next(out)


def _sections(hb: Handbook, pid: str) -> list[tuple[str, list[str]]]:
    """(heading, fragments) of every section that has content, in the form's order."""
    pos = hb.positions[pid]
    sections = [
        (_label("purpose"), [_p(pos.purpose)] if pos.purpose else []),
        (_label("duties"), _numbered([item_text(d) for d in pos.duties])),
        (_label("authorities"), _numbered([item_text(a) for a in pos.authorities])),
        (_label("accountabilities"), _numbered([item_text(a) for a in pos.accountabilities])),
        (_label("relations"), _pairs([(_label("relations.internal"), "；".join(pos.relations.internal)),
                                      (_label("relations.external"), "；".join(pos.relations.external))])),
        (_label("environment"), [_p(pos.environment)] if pos.environment else []),
        (_label("qualifications"), _qualifications(pos.qualifications)),
        (_label("kpis"), _kpi_table(hb, pid)),
        ("参与的业务流程", _process_table(hb, pid)),  # derived from the processes, not a field
        (_label("training"), _training_table(hb, pid)),
        (_label("career"), _career(hb, pid)),
    ]
    return [(heading, body) for heading, body in sections if body]


APPROVAL_ROWS = (("drafted_by", "drafted_on"), ("reviewed_by", "reviewed_on"), ("approved_by", "approved_on"))
"""The 编制 / 审核 / 批准 rows: (who, when) fields of the position's approval, labelled by the model."""


def _label(path: str) -> str:
    """A Position field's label (dotted into nested models), as the model owns it: model.field_label."""
    return field_label(Position, path)


def _approval_block(pos) -> list[str]:
    """编制 / 审核 / 批准 with dates; blanks stay open for handwriting. Kept together as one block."""
    a = pos.approval
    rows = [[_c(_label(f"approval.{who}"), True), _c(getattr(a, who)), _c("日期", True),
             _c(_date_text(getattr(a, when)), center=True)] for who, when in APPROVAL_ROWS]
    rows.append([_c("任职人确认", True), _c(""), _c("日期", True), _c("")])
    return [_p("", before=12, keep=True), _table([28, 67, 22, 49], rows, keep=True, tall_mm=9)]


def _date_text(text: str | None) -> str:
    """2025-12-28 → 2025年12月28日; blank when not filled in."""
    if not text:
        return ""
    year, month, day = text.split("-")
    return f"{year}年{int(month)}月{int(day)}日"


def _keep_last_with_next(fragments: list[str]) -> list[str]:
    """Tie the last section's final paragraph or table row to the approval block that follows it.

    The approval block is the last two fragments; the fragment before it gets keep-with-next on
    its paragraphs (a table: on the paragraphs of its last row), so Word and LibreOffice move
    that content onto the block's page instead of leaving the block alone.
    """
    if len(fragments) < 3:
        return fragments
    before = fragments[-3]
    if before.startswith("<w:tbl>"):
        at = before.rindex("<w:tr>")
        before = before[:at] + before[at:].replace("<w:p><w:pPr>", "<w:p><w:pPr><w:keepNext/>")
    else:
        before = _keep(before)
    return fragments[:-3] + [before] + fragments[-2:]


def _keep(paragraph: str) -> str:
    if paragraph.startswith("<w:p><w:pPr>"):
        return paragraph.replace("<w:p><w:pPr>", "<w:p><w:pPr><w:keepNext/>", 1)
    return paragraph.replace("<w:p>", "<w:p><w:pPr><w:keepNext/></w:pPr>", 1)


def _append_body(doc, fragments: list[str]) -> None:
    body = doc.element.body
    parsed = parse_xml(f'<w:body {nsdecls("w")}>{"".join(fragments)}</w:body>')
    anchor = body.sectPr  # content goes before the section properties
    for child in list(parsed):
        if anchor is not None:
            anchor.addprevious(child)
        else:  # pragma: no cover - the default template always has a sectPr
            body.append(child)


class _FixedDateZip:
    """A zip whose entries all carry one fixed date, so the bytes depend on content only."""

    def __init__(self, when):
        self.buffer = io.BytesIO()
        self.zip = zipfile.ZipFile(self.buffer, "w")
        self.stamp = (max(when.year, 1980), when.month, when.day, 0, 0, 0)

    def write(self, name: str, blob: bytes) -> None:
        entry = zipfile.ZipInfo(name, date_time=self.stamp)
        entry.compress_type = zipfile.ZIP_DEFLATED
        entry.external_attr = 0o644 << 16
        entry.create_system = 0
        self.zip.writestr(entry, blob, compresslevel=6)

    def close(self) -> None:
        self.zip.close()


class _Recorder:
    """Stands in for python-docx's PhysPkgWriter and keeps the entries in order."""

    def __init__(self):
        self.entries: list[tuple[str, bytes]] = []

    def write(self, pack_uri, blob: bytes) -> None:
        self.entries.append((pack_uri.membername, blob))


def _package_entries(doc) -> list[tuple[str, bytes]]:
    """(zip member name, bytes) of the package, in python-docx's order."""
    package = doc.part.package
    try:
        from docx.opc.pkgwriter import PackageWriter

        parts = list(package.parts)
        for part in parts:
            part.before_marshal()
        recorder = _Recorder()
        PackageWriter._write_content_types_stream(recorder, parts)
        PackageWriter._write_pkg_rels(recorder, package.rels)
        PackageWriter._write_parts(recorder, parts)
        return recorder.entries
    except AttributeError:  # pragma: no cover - python-docx internals moved: save and read back
        out = io.BytesIO()
        doc.save(out)
        with zipfile.ZipFile(out) as saved:
            return [(info.filename, saved.read(info.filename)) for info in saved.infolist()]


# -- document setup ------------------------------------------------------------

def _fonts(rpr, east_asia: str, latin: str = LATIN_FONT) -> None:
    """Explicit fonts on a run or style rPr; theme attributes would override them, so they go."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:eastAsia"), east_asia)
    fonts.set(qn("w:cs"), latin)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:eastAsia"), "zh-CN")


def _style(doc, name: str, east_asia: str, size: float, bold: bool = False,
           align=None, before: float = 0, after: float = 0) -> None:
    style = doc.styles[name]
    style.font.size = Pt(size)
    style.font.bold = bold
    style.font.italic = False
    style.font.color.rgb = RGBColor(0, 0, 0)
    _fonts(style.element.get_or_add_rPr(), east_asia)
    fmt = style.paragraph_format
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    if align is not None:
        fmt.alignment = align
    ppr = style.element.get_or_add_pPr()
    border = ppr.find(qn("w:pBdr"))  # the template's Title has a bottom rule
    if border is not None:
        ppr.remove(border)


def _setup(doc, hb: Handbook) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(25)
    section.left_margin = section.right_margin = Mm(22)
    section.header_distance = section.footer_distance = Mm(12)

    _style(doc, "Normal", BODY_FONT, 10.5, after=2)
    doc.styles["Normal"].paragraph_format.line_spacing = 1.25
    _style(doc, "Title", HEADING_FONT, 22, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=4)
    _style(doc, "Subtitle", BODY_FONT, 12, align=WD_ALIGN_PARAGRAPH.CENTER, after=12)
    _style(doc, "Heading 1", HEADING_FONT, 14, bold=True, before=12, after=6)
    for name in ("Header", "Footer"):
        _style(doc, name, BODY_FONT, 9)

    header = section.header.paragraphs[0]
    header.text = f"{hb.meta.title}　{version_text(hb.meta)}"
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run(f"{hb.meta.organization}　第 ")
    _field(footer, "PAGE", "1")
    footer.add_run(" 页 / 共 ")
    _field(footer, "NUMPAGES", "1")
    footer.add_run(" 页")


def _field(paragraph, code: str, shown: str) -> None:
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), f" {code} ")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = shown
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


# -- body fragments ---------------------------------------------------------------------

_BAD_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _runs(text: str, bold: bool = False, size: float | None = None) -> str:
    props = ("<w:b/>" if bold else "") + (f'<w:sz w:val="{int(size * 2)}"/>' if size else "")
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    lines = _BAD_XML.sub("", text).split("\n")
    inner = "<w:br/>".join(f'<w:t xml:space="preserve">{escape(line)}</w:t>' for line in lines)
    return f"<w:r>{rpr}{inner}</w:r>" if text else ""


def _p(text: str, style: str | None = None, before: float | None = None, hanging_mm: float | None = None,
       center: bool = False, bold: bool = False, size: float | None = None, tight: bool = False,
       keep: bool = False) -> str:
    ppr = f'<w:pStyle w:val="{style}"/>' if style else ""
    ppr += "<w:keepNext/>" if keep else ""
    if before is not None or tight:
        spacing = f' w:before="{int((before or 0) * 20)}"' if before is not None else ""
        spacing += ' w:after="0" w:line="240" w:lineRule="auto"' if tight else ""
        ppr += f"<w:spacing{spacing}/>"
    if hanging_mm:
        twips = _twips(hanging_mm)
        ppr += f'<w:ind w:left="{twips}" w:hanging="{twips}"/>'
    if center:
        ppr += '<w:jc w:val="center"/>'
    return f"<w:p>{f'<w:pPr>{ppr}</w:pPr>' if ppr else ''}{_runs(text, bold, size)}</w:p>"


def _twips(mm: float) -> int:
    return round(mm * 1440 / 25.4)


def _cell(text: str, width_mm: float, label: bool = False, center: bool = False, span: int = 1,
          keep: bool = False) -> str:
    tcpr = f'<w:tcW w:w="{_twips(width_mm)}" w:type="dxa"/>'
    if span > 1:
        tcpr += f'<w:gridSpan w:val="{span}"/>'
    if label:
        tcpr += f'<w:shd w:val="clear" w:color="auto" w:fill="{LABEL_FILL}"/>'
    tcpr += '<w:vAlign w:val="center"/>'
    return f"<w:tc><w:tcPr>{tcpr}</w:tcPr>{_p(text, center=label or center, bold=label, tight=True, keep=keep)}</w:tc>"


def _table(widths_mm: list[float], rows: list[list[tuple]], header: bool = False, keep: bool = False,
           tall_mm: float | None = None) -> str:
    """A 'Table Grid' table; a row is a list of (text, label, center, span) cells.

    keep: the rows stay on one page together (keep-with-next on all rows but the last; rows never split).
    tall_mm: a minimum row height, for handwriting.
    """
    grid = "".join(f'<w:gridCol w:w="{_twips(w)}"/>' for w in widths_mm)
    out = [f'<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="{_twips(sum(widths_mm))}" w:type="dxa"/>'
           '<w:jc w:val="center"/><w:tblLayout w:type="fixed"/>'
           '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/>'
           f"</w:tblPr><w:tblGrid>{grid}</w:tblGrid>"]
    for index, row in enumerate(rows):
        props = "<w:cantSplit/>" if keep else ""
        props += f'<w:trHeight w:val="{_twips(tall_mm)}" w:hRule="atLeast"/>' if tall_mm else ""
        props += "<w:tblHeader/>" if header and index == 0 else ""  # repeat on each page
        trpr = f"<w:trPr>{props}</w:trPr>" if props else ""
        keep_row = keep and index < len(rows) - 1
        cells, col = [], 0
        for text, label, center, span in row:
            cells.append(_cell(text, sum(widths_mm[col:col + span]), label, center, span, keep_row))
            col += span
        out.append(f"<w:tr>{trpr}{''.join(cells)}</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def _c(text: str, label: bool = False, center: bool = False, span: int = 1) -> tuple:
    return (text, label, center, span)


def _basic_table(hb: Handbook, pid: str) -> list[str]:
    """岗位编号, 岗位名称, 所属部门, 岗位等级, 直接上级, 直接下级, 编制 (and the unit's place in the organization)."""
    pos = hb.positions[pid]
    boss = hb.positions[pos.reports_to].name if pos.reports_to else EMPTY
    subordinates = "、".join(hb.positions[s].name for s in hb.subordinates.get(pid, ())) or EMPTY
    unit_chain = [hb.units[u].name for u in hb.unit_path(pos.unit)]
    rows = [
        [_c(_label("code"), True), _c(pos.code or EMPTY), _c(_label("name"), True), _c(pos.name)],
        [_c(_label("unit"), True), _c(unit_chain[-1] if unit_chain else pos.unit), _c(_label("grade"), True),
         _c(pos.grade or EMPTY)],
        [_c(_label("reports_to"), True), _c(boss), _c(_label("headcount"), True), _c(position_headcount(pos))],
        [_c("直接下级", True), _c(subordinates, span=3)],
    ]
    rows += _relation_rows(hb, pid)
    if len(unit_chain) > 1:
        rows.append([_c("组织归属", True), _c(" / ".join(unit_chain), span=3)])
    return [_table([28, 55, 28, 55], rows)]


def _relation_rows(hb: Handbook, pid: str) -> list[list[tuple]]:
    """虚线汇报, 同时归属 and 兼任 rows, only for positions that have them."""
    pos, rows = hb.positions[pid], []
    names = lambda ids: "、".join(hb.name_of(i) for i in ids)  # noqa: E731
    if pos.dotted_reports_to:
        rows.append([_c(_label("dotted_reports_to"), True), _c(names(pos.dotted_reports_to), span=3)])
    if pos.other_units:
        rows.append([_c(_label("other_units"), True), _c(names(pos.other_units), span=3)])
    if hb.concurrent_posts.get(pid):
        rows.append([_c(_label("concurrent"), True), _c("由同一人兼任：" + names(hb.concurrent_posts[pid]), span=3)])
    return rows


def _numbered(lines: list[str]) -> list[str]:
    return [_p(f"{number}. {line}", hanging_mm=7) for number, line in enumerate(lines, 1)]


def _pairs(rows: list[tuple[str, str]]) -> list[str]:
    """A two-column label/value table of the rows that have a value; [] when none has."""
    filled = [(label, value) for label, value in rows if value]
    if not filled:
        return []
    return [_table([28, 138], [[_c(label, True), _c(value)] for label, value in filled])]


def _qualifications(q) -> list[str]:
    text = {name: value if isinstance(value, str) else "；".join(value) for name, value in q}
    return _pairs([(field_label(Qualifications, name), text[name]) for name in
                   ("education", "major", "experience", "knowledge", "skills", "competencies", "other")])


def _kpi_table(hb: Handbook, pid: str) -> list[str]:
    """Weighted indicators with their 评分标准 and 周期; 一票否决 items follow in their own table."""
    entries = hb.positions[pid].kpis
    weighted = [e for e in entries if not is_veto(e, hb.kpis[e.kpi])]
    vetoes = [e for e in entries if is_veto(e, hb.kpis[e.kpi])]
    out = []
    if weighted:
        heads = [field_label(KpiWeight, "kpi"), field_label(Kpi, "thresholds"), field_label(Kpi, "target"),
                 field_label(Kpi, "frequency"), field_label(KpiWeight, "weight")]
        rows = [[_c(h, True) for h in heads]]
        for entry in weighted:
            kpi = hb.kpis[entry.kpi]
            rows.append([_c(kpi.name), _c(scoring_text(kpi, entry) or kpi.formula),
                         _c(target_text(kpi, entry) or EMPTY, center=True), _c(kpi.frequency, center=True),
                         _c(weight_text(entry.weight), center=True)])
        rows.append([_c("合计", True, span=4), _c(weight_text(sum(e.weight for e in weighted)), center=True)])
        out.append(_table([34, 66, 24, 22, 20], rows, header=True))  # 22 mm: 考核周期 on one line
    if vetoes:
        out.append(_p("一票否决项（不计权重，出现即当期考核不合格）：", before=6, bold=True))
        rows = [[_c(h, True) for h in (field_label(KpiWeight, "kpi"), "否决条件")]]
        for entry in vetoes:
            kpi = hb.kpis[entry.kpi]
            rows.append([_c(kpi.name), _c(kpi.definition or kpi.formula)])
        out.append(_table([46, 120], rows, header=True))
    return out


def _process_table(hb: Handbook, pid: str) -> list[str]:
    """The process steps this position performs or takes part in (as on its web page)."""
    refs = hb.role_steps.get(pid, ())
    if not refs:
        return []
    rows = [[_c(h, True) for h in ("业务流程", "步骤", "职责类型")]]
    for ref in refs:
        proc = hb.processes[ref.process]
        step = next((s.name for s in proc.steps if s.id == ref.step), ref.step)
        rows.append([_c(proc.name), _c(step), _c(ref.involvement, center=True)])
    return [_table([60, 76, 30], rows, header=True)]


def _training_table(hb: Handbook, pid: str) -> list[str]:
    entries = sorted(hb.positions[pid].training, key=lambda e: hb.vocab.order("training_stages", e.stage))
    if not entries:
        return []
    rows = [[_c(h, True) for h in (field_label(TrainingEntry, "stage"), field_label(TrainingEntry, "course"),
                                   field_label(Course, "hours"), field_label(TrainingEntry, "kind"))]]
    for entry in entries:
        course = hb.courses[entry.course]
        rows.append([_c(entry.stage, center=True), _c(course.name), _c(hours_text(course.hours) if course.hours is not None else course_length(course), center=True),
                     _c(entry.kind, center=True)])
    return [_table([24, 92, 22, 28], rows, header=True)]


def _career(hb: Handbook, pid: str) -> list[str]:
    career = hb.positions[pid].career
    return _pairs([
        (_label("career.promotion"), "、".join(hb.name_of(t) for t in career.promotion)),
        (_label("career.rotation"), "、".join(hb.name_of(t) for t in career.rotation)),
        (_label("career.note"), career.note),
    ])
