"""The documents HR hands out (issue 17): the complete 岗位说明书, a usable 考核表, the PDF edition,
Chinese file names, workbooks that print, header/footer codes, and imports that change only what changed.

Word and Excel files are re-opened with python-docx / openpyxl and laid out by LibreOffice; the PDF
edition is read back with pypdf. Slow artefacts (the sample's PDF, its export files) are built once.
"""

from __future__ import annotations

import html
import io
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from conftest import ROOT, line_of
from handbook.cli import main
from handbook.exports import export_files, position_downloads
from handbook.exports.docx_jd import job_description_docx
from handbook.exports.names import jd_filename, kpi_filename, safe_filename
from handbook.exports.xlsx_book import handbook_xlsx
from handbook.exports.xlsx_cells import header_footer_literal
from handbook.exports.xlsx_kpi import kpi_sheet_xlsx
from handbook.exports.xlsx_matrix import training_matrix_xlsx
from handbook.importer import import_workbook
from handbook.model import Position
from handbook.pipeline import load_handbook

LIBREOFFICE = shutil.which("libreoffice") or shutil.which("soffice")
needs_libreoffice = pytest.mark.skipif(LIBREOFFICE is None, reason="libreoffice 不在 PATH 上")


@pytest.fixture(scope="module")
def sample():
    hb, report = load_handbook(ROOT)
    assert hb is not None, [d.format() for d in report.errors]
    return hb


def _soffice(workdir: Path, files: list[str]) -> None:
    profile = (workdir / "lo-profile").as_uri()
    done = subprocess.run([LIBREOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                           "--outdir", "pdf", *files], cwd=workdir, capture_output=True, text=True, timeout=300,
                          env={**os.environ, "HOME": str(workdir)})
    assert done.returncode == 0, done.stderr


def _page_texts(pdf: Path) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(str(pdf)).pages]


# -- the model: new fields, checked with file, line and field -----------------------------------------------

def _check(root: Path):
    return load_handbook(root)[1]


def test_form_fields_are_validated_with_file_line_and_field(minimal):
    path = minimal / "data/positions/sales-manager.yaml"
    path.write_text(path.read_text(encoding="utf-8") + (
        "code: XS-01\n"
        "relations: {internal: [财务部], external: [客户]}\n"
        "environment: 办公室\n"
        "career:\n  promotion: [gm, sales-manger, sales-manager]\n"
        "approval:\n  drafted_by: 人力资源部\n  drafted_on: \"2026-02-30\"\n"), encoding="utf-8")
    errors = {(d.code, d.field): d for d in _check(minimal).errors}
    bad_day = errors[("position.date", "approval.drafted_on")]
    assert bad_day.file.endswith("sales-manager.yaml") and bad_day.line == line_of(path, "drafted_on")
    assert "2026-02-30" in bad_day.message and "不是真实存在的日期" in bad_day.message
    unknown = next(d for (code, field), d in errors.items() if code == "ref.unknown" and "career" in field)
    assert "sales-manger" in unknown.message and "sales-manager" in unknown.message  # did-you-mean
    assert unknown.line == line_of(path, "promotion")
    assert ("position.career", "career.promotion[3]") in errors  # a position cannot lead to itself


def test_approval_date_shape_is_checked(minimal):
    path = minimal / "data/positions/gm.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "approval:\n  approved_on: 2026/1/5\n  signed_by: x\n",
                    encoding="utf-8")
    errors = _check(minimal).errors
    shape = next(d for d in errors if d.field.startswith("approval.approved_on"))
    assert shape.code == "schema.value" and "2026-01-01" in shape.message and shape.line == line_of(path, "approved_on")
    extra = next(d for d in errors if d.field.startswith("approval.signed_by"))
    assert extra.code == "schema.extra" and "approved_by" in extra.message


def test_form_fields_in_json_schema():
    schema = Position.model_json_schema()
    for name in ("code", "relations", "environment", "career", "approval"):
        assert name in schema["properties"], name
    approval = schema["$defs"]["Approval"]["properties"]
    assert {"drafted_by", "drafted_on", "reviewed_by", "reviewed_on", "approved_by", "approved_on"} <= set(approval)


def test_handbook_changes_lists_form_field_changes(minimal):
    from handbook.history.diff import compare

    old, _ = load_handbook(minimal)
    path = minimal / "data/positions/sales-manager.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "code: XS-02\nrelations: {internal: [财务部]}\n"
                    "career: {promotion: [gm]}\napproval: {approved_by: 总经理, approved_on: \"2026-03-01\"}\n",
                    encoding="utf-8")
    new, report = load_handbook(minimal)
    assert new is not None, [d.format() for d in report.errors]
    changes = {c.what: c for c in compare(old, new) if c.record == "sales-manager"}
    assert changes["岗位编号调整"].after == "XS-02"
    assert changes["工作关系（内部协调）调整"].after == "财务部"
    assert changes["职业发展（晋升方向）调整"].after == "总经理"  # shown by name
    assert "2026-03-01" in changes["岗位说明书审批信息调整"].after


# -- Word: the complete 岗位说明书 ---------------------------------------------------------------------------

FORM_ORDER = ["岗位目的", "岗位职责", "权限", "责任", "工作关系", "工作环境", "任职资格", "考核指标",
              "参与的业务流程", "培训要求", "职业发展"]


def test_job_description_is_the_complete_form(sample):
    doc = Document(io.BytesIO(job_description_docx(sample, "business-assistant")))
    texts = [p.text for p in doc.paragraphs]
    headings = [t.split("、", 1)[1] for t in texts if re.match(r"^[一二三四五六七八九十]+、", t)]
    assert headings == FORM_ORDER  # every section has content here, in the standard order
    assert texts[1] == "商务助理　（某服饰集团国内营销中心）"
    basic = {row.cells[i].text: row.cells[i + 1].text for row in doc.tables[0].rows for i in (0, 2)}
    assert basic["岗位编号"] == "YX-XS-03" and basic["岗位名称"] == "商务助理" and basic["所属部门"] == "销售管理部"
    assert basic["直接上级"] == "销售经理" and basic["编制"] == "3 人"
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in doc.tables]
    relations = next(t for t in tables if t[0][0] == "内部协调")
    assert relations[1][0] == "外部联系" and "税务机关（发票业务）" in relations[1][1]
    career = next(t for t in tables if t[0][0] == "晋升方向")
    assert career[0][1] == "销售经理" and career[1] == ["轮换岗位", "应收会计、客户关系专员"]
    processes = next(t for t in tables if t[0] == ["业务流程", "步骤", "职责类型"])
    assert len(processes) == 1 + len(sample.role_steps["business-assistant"])
    approval = tables[-1]
    assert approval[0] == ["编制人", "销售管理部", "日期", "2025年12月10日"]
    assert approval[2] == ["批准人", "营销中心总经理", "日期", "2025年12月28日"]
    footer = doc.sections[0].footer.paragraphs[0].text
    assert footer.startswith("某服饰集团国内营销中心")


def test_empty_sections_are_left_out(minimal):
    hb, _ = load_handbook(minimal)
    doc = Document(io.BytesIO(job_description_docx(hb, "gm")))
    texts = [p.text for p in doc.paragraphs]
    assert "无" not in texts and not any("暂无" in t for t in texts)
    for absent in ("权限", "责任", "工作关系", "工作环境", "职业发展", "任职资格"):
        assert not any(t.endswith(f"、{absent}") for t in texts), absent
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert "无" not in cells


def test_organization_is_the_positions_own(sample):
    """A top-level unit that names its organization (another legal entity) heads its positions' forms."""
    from dataclasses import replace

    units = dict(sample.units)
    units["marketing-center"] = units["marketing-center"].model_copy(update={"organization": "乙公司"})
    other = replace(sample, units=units)
    doc = Document(io.BytesIO(job_description_docx(other, "business-assistant")))
    assert doc.paragraphs[1].text == "商务助理　（乙公司）"
    assert doc.sections[0].footer.paragraphs[0].text.startswith("乙公司")
    sheet = load_workbook(io.BytesIO(kpi_sheet_xlsx(other, "business-assistant"))).worksheets[0]
    assert sheet["F3"].value == "乙公司"  # 单位
    assert Document(io.BytesIO(job_description_docx(sample, "business-assistant"))).paragraphs[1].text == \
        "商务助理　（某服饰集团国内营销中心）"


@needs_libreoffice
def test_signature_block_never_alone_on_a_page(tmp_path, minimal):
    """Positions of growing length: wherever the 编制/审核/批准 block falls, the page it is on also holds
    the content before it (the last section), never the block alone."""
    hb, _ = load_handbook(minimal)
    from dataclasses import replace

    names = []
    for count in range(22, 46, 3):
        pos = hb.positions["gm"].model_copy(update={"duties": [f"第{i}项职责：制定年度营销目标并组织分解落实" for i in range(count)],
                                                   "career": hb.positions["gm"].career.model_copy(update={"note": "末段内容标记"})})
        variant = replace(hb, positions={**hb.positions, "gm": pos})
        name = f"jd-{count}.docx"
        (tmp_path / name).write_bytes(job_description_docx(variant, "gm"))
        names.append(name)
    _soffice(tmp_path, names)
    moved = 0
    for name in names:
        pages = _page_texts(tmp_path / "pdf" / name.replace(".docx", ".pdf"))
        at = [i for i, text in enumerate(pages) if "批准人" in text]
        assert len(at) == 1, name
        page = pages[at[0]]
        assert "末段内容标记" in page, (name, page[:200])  # the last section came along
        moved += at[0] > 0
    assert moved, "no variant put the block on a later page: the test proves nothing"


def test_form_labels_are_never_broken_across_lines(tmp_path, sample):
    """Every heading cell of the 岗位说明书's tables (the header row, and the label column of label/value
    tables) prints on one line in LibreOffice: a label such as 考核周期 must not wrap to 考核周 / 期."""
    from docx import Document

    labels, names = set(), []
    for pid in ("business-assistant", "sales-manager", "marketing-director"):
        if pid not in sample.positions:
            continue
        data = job_description_docx(sample, pid)
        (tmp_path / f"{pid}.docx").write_bytes(data)
        names.append(f"{pid}.docx")
        for table in Document(io.BytesIO(data)).tables:
            labels |= {cell.text for cell in table.rows[0].cells}
            if len(table.columns) in (2, 4):  # label | value (| label | value)
                labels |= {row.cells[0].text for row in table.rows}
    labels = {text for text in labels if 2 <= len(text) <= 8 and "\n" not in text}
    assert len(names) >= 2 and len(labels) >= 10, (names, labels)
    _soffice(tmp_path, names)
    printed = "\n".join(text for name in names for text in _page_texts(tmp_path / "pdf" / name.replace(".docx", ".pdf")))
    broken = sorted(text for text in labels if text not in printed)
    assert not broken, broken


# -- Excel: a usable 考核表 --------------------------------------------------------------------------------

def test_kpi_form_columns_scoring_and_row_heights(sample):
    wb = load_workbook(io.BytesIO(kpi_sheet_xlsx(sample, "business-assistant")))
    periods = {sample.kpis[e.kpi].frequency for e in sample.positions["business-assistant"].kpis}
    assert len(periods) > 1 and wb.sheetnames == [f"{p}考核" for p in ("月度", "季度", "半年度", "年度") if p in periods]
    total = 0
    for ws in wb.worksheets:
        head = [c.value for c in ws[4]]
        assert head[4:9] == ["评分标准", "目标值", "权重(%)", "数据来源", "考核人"]
        assert ws.print_title_rows == "$4:$4" and ws.page_setup.fitToWidth == 1
        period = ws["J2"].value
        row = 5
        while ws.cell(row, 2).value and ws.cell(row, 1).value != "合计":
            kpi = next(sample.kpis[e.kpi] for e in sample.positions["business-assistant"].kpis
                       if sample.kpis[e.kpi].name == ws.cell(row, 2).value)
            assert kpi.frequency == period
            assert ws.cell(row, 5).value  # 评分标准 always filled
            assert ws.cell(row, 8).value == kpi.source
            assert ws.cell(row, 9).value == (sample.name_of(kpi.evaluator) if kpi.evaluator else None)
            longest = max(len(str(ws.cell(row, c).value or "")) for c in (3, 4, 5))
            lines = longest / (ws.column_dimensions["C"].width / 2)
            assert ws.row_dimensions[row].height >= min(lines, 3) * 14, (ws.title, row)  # room for wrapped text
            total += ws.cell(row, 7).value
            row += 1
    assert total == 100  # the period sheets together hold every indicator


def test_no_form_and_no_link_without_kpis(minimal):
    path = minimal / "data/positions/gm.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("kpis:\n  - {kpi: sales-amount, weight: 100}\n", ""), encoding="utf-8")
    hb, report = load_handbook(minimal)
    assert hb is not None and not hb.positions["gm"].kpis, [d.format() for d in report.errors]
    assert "downloads/xlsx/kpi-gm.xlsx" not in export_files(hb)
    assert [d.label for d in position_downloads(hb, "gm")] == ["岗位说明书（Word）"]
    with pytest.raises(ValueError):
        kpi_sheet_xlsx(hb, "gm")
    out = minimal / "out"
    result = CliRunner().invoke(main, ["export", "xlsx", "--root", str(minimal), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (out / "考核表").iterdir()) == ["销售经理-绩效考核表.xlsx"]


def test_veto_items_are_listed_apart_and_levels_score_qualitative_kpis(sample):
    from handbook.exports._common import is_veto

    entries = sample.positions["business-assistant"].kpis
    vetoes = [sample.kpis[e.kpi].name for e in entries if is_veto(e, sample.kpis[e.kpi])]
    assert vetoes, "the sample has a 一票否决 item (business-assistant)"
    wb = load_workbook(io.BytesIO(kpi_sheet_xlsx(sample, "business-assistant")))
    for ws in wb.worksheets:
        column_b = [ws.cell(r, 2).value for r in range(1, ws.max_row + 1)]
        heading = next((r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "一票否决项（不计权重）"), None)
        for name in vetoes:
            rows = [r for r, v in enumerate(column_b, 1) if v == name] + \
                   [r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == name]
            assert all(heading and r > heading for r in rows), (ws.title, name)  # only below the veto heading
    doc = Document(io.BytesIO(job_description_docx(sample, "business-assistant")))
    texts = [p.text for p in doc.paragraphs]
    assert any(t.startswith("一票否决项") for t in texts)
    qualitative = next(k for k in sample.kpis.values() if k.levels)
    owner = next(pid for pid, pos in sample.positions.items() if any(e.kpi == qualitative.id for e in pos.kpis))
    cells = [c.value for ws in load_workbook(io.BytesIO(kpi_sheet_xlsx(sample, owner))).worksheets
             for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    scoring = next(v for v in cells if v.startswith(qualitative.levels[0].name))
    assert all(level.description in scoring for level in qualitative.levels)  # 评分标准 lists every level


# -- file names ----------------------------------------------------------------------------------------------

def test_chinese_file_names(sample, tmp_path):
    assert jd_filename(sample, "business-assistant") == "商务助理-岗位说明书.docx"
    assert kpi_filename(sample, "business-assistant") == "商务助理-绩效考核表.xlsx"
    assert safe_filename('a/b:c*?"<>|', ".pdf") == "a_b_c_.pdf" and safe_filename("..", ".docx") == "未命名.docx"
    runner = CliRunner()
    result = runner.invoke(main, ["export", "docx", "business-assistant", "--root", str(ROOT), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "商务助理-岗位说明书.docx").is_file()


def test_same_name_positions_get_their_unit_in_the_file_name(minimal):
    path = minimal / "data/positions/gm.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("name: 总经理", "name: 销售经理"), encoding="utf-8")
    hb, _ = load_handbook(minimal)
    names = {jd_filename(hb, pid) for pid in hb.positions}
    assert len(names) == 2 and all(n.endswith("-销售经理-岗位说明书.docx") for n in names)


def test_site_download_attributes(sample_site):
    hb, site = sample_site
    page = (site / "positions/business-assistant/index.html").read_text(encoding="utf-8")
    links = re.findall(r'<a href="([^"]+)" download="([^"]*)"', page)
    assert ("商务助理-岗位说明书.docx" in [name for _, name in links]
            and "商务助理-绩效考核表.xlsx" in [name for _, name in links])
    for href, _ in links:
        assert (site / "positions/business-assistant" / href).resolve().is_file(), href
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'download=""' not in home and f'download="{hb.meta.title}-数据.xlsx"' in home


# -- workbooks that print, and header/footer codes -----------------------------------------------------------------

def test_workbooks_print_across_pages_with_repeated_titles(sample):
    matrix = load_workbook(io.BytesIO(training_matrix_xlsx(sample))).active
    assert matrix.page_setup.fitToWidth >= 3 and matrix.page_setup.fitToHeight == 0  # 28 courses: several pages wide
    assert matrix.print_title_rows == "$2:$3" and matrix.print_title_cols == "$A:$B"
    book = load_workbook(io.BytesIO(handbook_xlsx(sample)))
    positions = book["岗位"]
    assert positions.print_title_rows == "$1:$1" and positions.print_title_cols == "$A:$B"
    assert positions.page_setup.fitToWidth >= 2  # 30 columns do not fit one page legibly


def test_data_text_is_never_a_header_code(minimal):
    meta = minimal / "data/handbook.yaml"
    meta.write_text(meta.read_text(encoding="utf-8").replace("title: 测试手册", "title: 手册 &F &A &Z &&P"), encoding="utf-8")
    hb, _ = load_handbook(minimal)
    assert header_footer_literal("a&Z") == "a&&Z"
    for data in (kpi_sheet_xlsx(hb, "sales-manager"), handbook_xlsx(hb), training_matrix_xlsx(hb)):
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            for name in z.namelist():
                if name.startswith("xl/worksheets/sheet"):
                    xml = z.read(name).decode("utf-8")
                    header = html.unescape(re.search(r"<oddHeader>(.*?)</oddHeader>", xml).group(1))
                    assert "手册 &&F &&A &&Z &&&&P" in header, header  # each & doubled: printed as written


@needs_libreoffice
def test_libreoffice_prints_forms_and_matrix(tmp_path, sample):
    (tmp_path / "kpi.xlsx").write_bytes(kpi_sheet_xlsx(sample, "business-assistant"))
    (tmp_path / "matrix.xlsx").write_bytes(training_matrix_xlsx(sample))
    _soffice(tmp_path, ["kpi.xlsx", "matrix.xlsx"])
    kpi_pages = _page_texts(tmp_path / "pdf/kpi.pdf")
    sheets = load_workbook(tmp_path / "kpi.xlsx").sheetnames
    assert len(kpi_pages) == len(sheets)  # each period's form on one page
    assert all("评分标准" in page and "考核人" in page for page in kpi_pages)
    assert all("被考核人签字" in page for page in kpi_pages)  # the signature line stays on its form's page
    matrix = _page_texts(tmp_path / "pdf/matrix.pdf")
    assert len(matrix) >= 3
    assert all("岗位" in page for page in matrix)  # the title rows/columns repeat on every page


# -- the PDF edition ----------------------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def sample_pdf(tmp_path_factory):
    """The sample's whole PDF edition, built once through the command line."""
    out = tmp_path_factory.mktemp("pdf")
    result = CliRunner().invoke(main, ["export", "pdf", "--root", str(ROOT), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out / "营销中心管理手册.pdf"


def _outline_count(items) -> int:
    return sum(_outline_count(item) if isinstance(item, list) else 1 for item in items)


def test_pdf_edition_of_the_sample(sample_pdf, sample):
    from handbook.exports.pdf_book import PARTS, bookmark_count

    reader = PdfReader(str(sample_pdf))
    records = len(sample.chapters) + sum(len(getattr(sample, kind)) for kind in PARTS if kind != "chapters")
    assert _outline_count(reader.outline) == bookmark_count(sample) == len(PARTS) + records
    assert [item.title for item in reader.outline if not isinstance(item, list)] == list(PARTS.values())
    assert len(reader.pages) > records  # every record starts on its own page
    cover = reader.pages[0].extract_text()
    release = sample.meta.releases[-1]
    assert all(text in cover for text in (sample.meta.title, release.version, release.date, release.approver))
    body = reader.get_destination_page_number(reader.outline[0])  # cover and contents are not numbered
    assert "第 1 页" in reader.pages[body].extract_text() and "第" not in cover
    assert f"第 {len(reader.pages) - body} 页" in reader.pages[-1].extract_text()
    first_position = reader.get_destination_page_number(reader.outline[list(PARTS).index("positions") * 2 + 1][0])
    assert "¶" not in reader.pages[first_position].extract_text()  # the site's permalink marks stay off paper
    contents = "".join(reader.pages[n].extract_text() for n in range(1, body))
    assert "目录" in contents and "商务助理" in contents
    fonts = set()
    for page in reader.pages[:40]:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = descendant["/FontDescriptor"].get_object()
            assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")), font["/BaseFont"]
            fonts.add(str(font["/BaseFont"]))
    assert any("Noto-Sans-CJK-SC" in f for f in fonts), fonts
    # a chart label: the first step and a lane of the first process whose chart prints turned, on the landscape
    # A4 page that holds its swimlane chart (the site's drawing for paper; assets/print.css)
    from handbook.render.charts import process_chart

    process = next(p for p in sample.processes.values()
                   if "hb-print-landscape" in str(process_chart(sample, p.id, "print/index.md")))
    parts = list(reader.outline)
    records = parts[parts.index(next(i for i in parts if not isinstance(i, list) and i.title == "业务流程")) + 1]
    first = reader.get_destination_page_number(records[list(sample.processes).index(process.id)])
    pages = [reader.pages[n] for n in range(first, first + 3)]
    chart = next(p for p in pages if float(p.mediabox.width) > float(p.mediabox.height))  # wide: landscape
    text = chart.extract_text().replace("\n", "")  # labels wrap inside their boxes
    assert process.steps[0].name in text and sample.name_of(process.steps[0].role) in text


def test_pdf_large_parts_are_laid_out_in_chunks(minimal, monkeypatch):
    """Chunks keep WeasyPrint's memory bounded; the joined PDF still has one bookmark tree and running numbers."""
    from handbook.exports import pdf_book

    hb, _ = load_handbook(minimal)
    monkeypatch.setattr(pdf_book, "CHUNK_RECORDS", 1)
    reader = PdfReader(io.BytesIO(pdf_book.handbook_pdf(hb, "positions")))
    assert [i.title for i in reader.outline if not isinstance(i, list)] == ["岗位说明书"]
    assert [i.title for i in reader.outline[1]] == [p.name for p in hb.positions.values()]
    second = reader.get_destination_page_number(reader.outline[1][1])
    body = reader.get_destination_page_number(reader.outline[0])
    assert f"第 {second - body + 1} 页" in reader.pages[second].extract_text()
    # only records are link targets: a 2,000-position edition must stay readable (pypdf limits array sizes)
    assert len(reader.named_destinations) <= len(hb.positions)


def _links(reader) -> list[tuple[int, int]]:
    """Every internal link of the PDF as (page it sits on, page it leads to); fails on a leftover placeholder."""
    out = []
    for number, page in enumerate(reader.pages):
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            action = annot.get("/A")
            uri = str(action.get_object().get("/URI", "")) if action is not None else ""
            assert not uri.startswith(("hbrec:", "hbpage:")), uri
            if "/Dest" in annot:
                out.append((number, reader.get_page_number(annot["/Dest"][0].get_object())))
    return out


def test_pdf_contents_and_links_between_chunks_work(minimal, monkeypatch):
    """Every contents entry leads to its record's page, and a link from one record to another leads to that record,
    when each record is laid out alone (CHUNK_RECORDS = 1: every link crosses chunks)."""
    from handbook.exports import pdf_book

    hb, _ = load_handbook(minimal)
    monkeypatch.setattr(pdf_book, "CHUNK_RECORDS", 1)
    reader = PdfReader(io.BytesIO(pdf_book.handbook_pdf(hb)))
    starts: dict[int, list[str]] = {}  # first page of a part or record → its titles
    for part in reader.outline:
        items = part if isinstance(part, list) else [part]
        for item in items:
            starts.setdefault(reader.get_destination_page_number(item), []).append(item.title)
    body = reader.get_destination_page_number(reader.outline[0])
    links = _links(reader)
    contents = {target for source, target in links if source < body}
    assert contents == set(starts)  # one entry per part and record, each clickable
    texts = [page.extract_text() for page in reader.pages]
    for target in contents:
        assert all(title in texts[target] for title in starts[target]), (starts[target], texts[target][:80])
    between = [(source, target) for source, target in links if source >= body]
    assert between, "the minimal handbook's records link to each other"
    for source, target in between:
        assert target in starts
        assert any(title in texts[source] for title in starts[target])  # the link's text names its target
    # the example: the unit 销售部 names its head 销售经理, whose 岗位说明书 the link opens
    unit = next(n for n, titles in starts.items() if "销售部" in titles)
    head = next(n for n, titles in starts.items() if "销售经理" in titles)
    assert (unit, head) in between


def test_pdf_one_part_and_site_download(tmp_path, minimal):
    from handbook.exports.pdf_book import bookmark_count
    from sitebuild import build_project

    runner = CliRunner()
    result = runner.invoke(main, ["export", "pdf", "--part", "kpis", "--root", str(minimal), "--out", str(tmp_path / "o")])
    assert result.exit_code == 0, result.output
    reader = PdfReader(str(tmp_path / "o" / "测试手册-考核指标.pdf"))
    hb, _ = load_handbook(minimal)
    assert _outline_count(reader.outline) == bookmark_count(hb, "kpis") == 1 + len(hb.kpis)
    site = build_project(minimal, minimal / "site").site
    from handbook.site.build import build_site

    site = build_site(minimal, minimal / "site", pdf=True).site
    assert (site / "downloads/handbook.pdf").read_bytes().startswith(b"%PDF")
    assert 'download="测试手册.pdf"' in (site / "index.html").read_text(encoding="utf-8")


# -- imports that change only what changed --------------------------------------------------------------------------

def _git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True,
                          env={**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid",
                               "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid"}).stdout


@pytest.fixture
def sample_repo(tmp_path):
    """A git repository holding a copy of the sample's data/ and content/, committed."""
    root = tmp_path / "hb"
    shutil.copytree(ROOT / "data", root / "data")
    shutil.copytree(ROOT / "content", root / "content")
    _git(root, "init", "-q")
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "base")
    return root


def test_unchanged_import_changes_no_file(sample_repo, sample, tmp_path):
    book = tmp_path / "book.xlsx"
    book.write_bytes(handbook_xlsx(sample))
    result = import_workbook(book, sample_repo / "data")
    assert result.ok, result.problems[:5]
    assert result.written == [] and result.removed == []
    assert _git(sample_repo, "status", "--porcelain") == ""


def test_one_cell_changes_one_record_and_keeps_its_comments(sample_repo, sample, tmp_path):
    book = tmp_path / "book.xlsx"
    book.write_bytes(handbook_xlsx(sample))
    wb = load_workbook(book)
    ws = wb["岗位"]
    keys = [c.value for c in ws[2]]
    row = next(r for r in ws.iter_rows(min_row=3) if r[0].value == "business-assistant")
    row[keys.index("environment")].value = "办公室工作，月末集中开票"
    wb.save(book)
    result = import_workbook(book, sample_repo / "data")
    assert result.ok, result.problems[:5]
    assert _git(sample_repo, "status", "--porcelain").split() == ["M", "data/positions/business-assistant.yaml"]
    diff = _git(sample_repo, "diff", "-U0").splitlines()
    changed = [line for line in diff if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    assert changed == ["-environment: 办公室工作，使用电脑、ERP 与 CRM 系统；月末、季末开票和对账集中，偶有加班",
                       "+environment: 办公室工作，月末集中开票"]
    text = (sample_repo / "data/positions/business-assistant.yaml").read_text(encoding="utf-8")
    assert "# 岗位编号：营销中心-销售管理部-序号" in text and "  - {kpi: invoice-accuracy, weight: 25}" in text


def test_import_reports_a_bad_promotion_target_at_its_cell(sample_repo, sample, tmp_path):
    book = tmp_path / "book.xlsx"
    book.write_bytes(handbook_xlsx(sample))
    wb = load_workbook(book)
    ws = wb["岗位"]
    keys = [c.value for c in ws[2]]
    row = next(r for r in ws.iter_rows(min_row=3) if r[0].value == "business-assistant")
    cell = row[keys.index("career.promotion")]
    cell.value = "sales-manger"
    wb.save(book)
    result = import_workbook(book, sample_repo / "data")
    assert not result.ok
    assert any(p.startswith(f"岗位!{cell.coordinate}") and "sales-manager" in p for p in result.problems), result.problems
    assert _git(sample_repo, "status", "--porcelain") == ""


def test_hostile_text_in_the_pdf_and_word_form_is_only_text():
    """Markup and template syntax in data fields print as written; nothing is fetched or run."""
    from handbook.exports.pdf_book import handbook_pdf

    hb, report = load_handbook(ROOT / "tests/cases/hostile")
    assert hb is not None, [d.format() for d in report.errors]
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(handbook_pdf(hb, "positions"))).pages)
    # pypdf decodes WeasyPrint's custom CMap encoding only in part (NULs between Latin letters, some digits lost)
    flat = text.replace("\n", "").replace("\x00", "")
    assert "<script>__pwned=" in flat and "</script>&F" in flat and "onload=window.__pwned" in flat
    doc = Document(io.BytesIO(job_description_docx(hb, "gm")))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert "<script>__pwned=3</script>&F" in cells and "编制 <svg onload=\"window.__pwned=5\">" in cells


def test_simple_import_keeps_comments_of_the_files_it_changes(minimal, tmp_path):
    from openpyxl import Workbook

    from handbook.importer import import_simple_duties

    path = minimal / "data/positions/sales-manager.yaml"
    path.write_text("# 编辑的说明：销售经理\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    gm_before = (minimal / "data/positions/gm.yaml").read_bytes()
    wb = Workbook()
    wb.active.append(["部门", "岗位", "职责", "编制"])
    wb.active.append(["销售部", "销售经理", "组织销售团队完成目标", 3])
    wb.active.append(["销售部", "销售内勤", "整理合同档案", 1])
    wb.save(tmp_path / "list.xlsx")
    result = import_simple_duties(tmp_path / "list.xlsx", minimal / "data")
    assert result.ok, result.problems
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# 编辑的说明：销售经理\n") and "headcount: 3" in text
    assert (minimal / "data/positions/gm.yaml").read_bytes() == gm_before
    assert (minimal / "data/positions/xiaoshou-neiqin.yaml").is_file()  # 销售内勤 → a readable id
