"""Word/Excel exports: content and structure, formulas, formula injection, determinism, LibreOffice."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import time
import zipfile
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from handbook.exports import export_files, position_downloads
from handbook.exports import layout as L
from handbook.exports.docx_jd import job_description_docx
from handbook.exports.xlsx_book import handbook_xlsx
from handbook.exports.xlsx_cells import put
from handbook.exports.xlsx_kpi import kpi_sheet_xlsx
from handbook.exports.xlsx_matrix import training_matrix_xlsx
from handbook.model import Course, Kpi, Meta, Position, Process, Qualifications, Release, Step, Unit, field_label
from handbook.pipeline import load_handbook

CASES = Path(__file__).resolve().parent / "cases"
PAYLOADS = ["=cmd|' /C calc'!A0", "@SUM(1)", "+1 负责财务管理", "-开头的职责", "\t=1+1", "#N/A"]


@pytest.fixture(scope="module")
def hb():
    handbook, report = load_handbook(CASES / "minimal")
    assert handbook is not None, [d.format() for d in report.errors]
    return handbook


@pytest.fixture(scope="module")
def rich():
    handbook, report = load_handbook(CASES / "import" / "rich")
    assert handbook is not None, [d.format() for d in report.errors]
    return handbook


def _docx(data: bytes):
    return Document(io.BytesIO(data))


def _texts(doc) -> list[str]:
    return [p.text for p in doc.paragraphs]


# -- Word -------------------------------------------------------------------------------------------

def _pairs(table) -> dict[str, str]:
    return {row.cells[i].text: row.cells[i + 1].text for row in table.rows for i in (0, 2)}


def test_job_description_basic_table(hb):
    doc = _docx(job_description_docx(hb, "sales-manager"))
    assert _texts(doc)[0] == "岗位说明书"
    table = doc.tables[0]
    assert table.style.name == "Table Grid"
    cells = _pairs(table)
    assert cells["岗位名称"] == "销售经理"
    assert cells["所属部门"] == "销售部"
    assert cells["直接上级"] == "总经理"
    assert cells["直接下级"] == "—"  # never "无"
    assert cells["编制"] == "2 人"
    assert "岗位编号" in cells
    gm_cells = _pairs(_docx(job_description_docx(hb, "gm")).tables[0])
    assert gm_cells["直接下级"] == "销售经理" and gm_cells["直接上级"] == "—"


def test_job_description_sections_in_order(hb):
    texts = _texts(_docx(job_description_docx(hb, "sales-manager")))
    headings = [t for t in texts if "、" in t[:3]]
    assert headings == ["一、岗位目的", "二、岗位职责", "三、权限", "四、责任", "五、任职资格", "六、考核指标",
                        "七、参与的业务流程", "八、培训要求"]
    positions = [texts.index(h) for h in headings]
    assert texts[positions[0] + 1] == "带领销售团队完成任务"
    duties = texts[positions[1] + 1: positions[2]]
    assert duties == ["1. 组织合同评审", "2. 编制销售费用预算"]
    assert texts[positions[2] + 1] == "1. 对限额资金有支配权"
    assert texts[positions[3] + 1] == "1. 对确保货款及时回笼负责"
    assert "无" not in texts
    approval = [[c.text for c in row.cells] for row in _docx(job_description_docx(hb, "sales-manager")).tables[-1].rows]
    assert [row[0] for row in approval] == ["编制人", "审核人", "批准人", "任职人确认"]
    assert all(row[2] == "日期" for row in approval)


def test_job_description_kpi_training_and_qualification_tables(hb):
    doc = _docx(job_description_docx(hb, "sales-manager"))
    quals = {row.cells[0].text: row.cells[1].text for row in doc.tables[1].rows}
    # only the rows that have content, labelled as the model labels the fields (学历, 技能要求)
    assert quals == {field_label(Qualifications, "education"): "本科", field_label(Qualifications, "skills"): "谈判"}
    kpi = [[c.text for c in row.cells] for row in doc.tables[2].rows]
    assert kpi[0] == ["指标", "评分标准", "目标值", "考核周期", "权重"]  # the model's labels (Kpi.frequency: 考核周期)
    assert kpi[1][0] == "销售额" and kpi[1][2:] == ["1000万元", "月度", "60%"]
    assert "达到目标值 1000万元 得满分" in kpi[1][1]
    assert kpi[2][0] == "回款率" and kpi[2][2] == "≥95%"
    assert sum(float(row[4].rstrip("%")) for row in kpi[1:-1]) == 100
    assert kpi[-1][0] == "合计" and kpi[-1][-1] == "100%"
    processes = [[c.text for c in row.cells] for row in doc.tables[3].rows]
    assert processes[0] == ["业务流程", "步骤", "职责类型"] and len(processes) > 1
    training = [[c.text for c in row.cells] for row in doc.tables[4].rows]
    assert training == [["培训阶段", "课程", "学时", "必修/选修"], ["晋升", "团队领导力", "8", "选修"]]


def test_job_description_fonts_header_and_properties(hb):
    data = job_description_docx(hb, "sales-manager")
    doc = _docx(data)
    styles = zipfile.ZipFile(io.BytesIO(data)).read("word/styles.xml").decode("utf-8")
    assert 'w:eastAsia="宋体"' in styles and 'w:eastAsia="黑体"' in styles
    normal = doc.styles["Normal"].element.rPr.rFonts
    assert normal.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia") == "宋体"
    header = doc.sections[0].header.paragraphs[0].text
    assert "测试手册" in header and "1.0" in header
    assert doc.core_properties.created.year == 2026 and doc.core_properties.modified.date().isoformat() == "2026-01-01"
    assert doc.sections[0].page_width.mm == pytest.approx(210, abs=0.5)


def test_job_description_escapes_markup(rich):
    doc = _docx(job_description_docx(rich, "sales-rep"))
    assert "3. 合同金额 < 10万 & 质量 > 合格" in _texts(doc)
    cfo = _texts(_docx(job_description_docx(rich, "cfo")))
    assert "1. @SUM(1)" in cfo and "2. -开头的职责" in cfo


def test_writer_matches_single_export(rich):
    from handbook.exports.docx_jd import JobDescriptionWriter

    writer = JobDescriptionWriter(rich)
    assert all(writer.render(pid) == job_description_docx(rich, pid) for pid in rich.positions)


def test_unknown_position_raises(hb):
    with pytest.raises(KeyError):
        job_description_docx(hb, "nobody")


# -- Excel: KPI sheet ---------------------------------------------------------------------------------

def test_kpi_sheet_cells_and_formulas(hb):
    wb = load_workbook(io.BytesIO(kpi_sheet_xlsx(hb, "sales-manager")))
    assert wb.sheetnames == ["绩效考核表"]  # one period: one sheet
    ws = wb["绩效考核表"]
    assert ws["A1"].value == "销售经理绩效考核表"
    labels = [c.value for row in ws.iter_rows(min_row=2, max_row=3) for c in row if c.value]
    for label in ("岗位：", "部门：", "考核周期：", "被考核人：", "考核期间："):
        assert label in labels
    assert ws["C2"].value == "销售经理" and ws["F2"].value == "销售部" and ws["J2"].value == "月度"
    assert [c.value for c in ws[4]] == ["序号", "指标", "定义", "计算公式", "评分标准", "目标值", "权重(%)", "数据来源",
                                        "考核人", "实际值", "得分", "加权得分"]
    assert [ws.cell(5, c).value for c in (1, 2, 3, 4, 6, 7)] == [1, "销售额", "考核期内实现的销售收入", "实际销售收入", "1000万元", 60]
    assert ws["B6"].value == "回款率" and ws["G6"].value == 40
    assert ws["E6"].value and "≥95%" in ws["E6"].value  # 评分标准 from thresholds or target
    assert ws["J5"].value is None and ws["K5"].value is None  # inputs
    for row in (5, 6):
        cell = ws.cell(row, 12)
        assert cell.data_type == "f" and f"K{row}*G{row}/100" in cell.value
        assert cell.number_format == "0.00"
    assert ws["A7"].value == "合计"
    assert ws["G7"].value == "=SUM(G5:G6)" and ws["L7"].value == "=SUM(L5:L6)"
    assert ws.freeze_panes == "A5"
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows == "$4:$4"
    assert ws.column_dimensions["C"].width >= 20
    assert any("K5:K6" in str(dv.sqref) for dv in ws.data_validations.dataValidation)


def test_kpi_sheet_single_indicator(rich):
    data = kpi_sheet_xlsx(rich, "sales-rep")
    ws = load_workbook(io.BytesIO(data)).active
    assert ws["B5"].value == "回款率" and ws["G6"].value == "=SUM(G5:G5)"


# -- Excel: whole workbook -------------------------------------------------------------------------------

def test_handbook_workbook_sheets_and_rows(hb):
    wb = load_workbook(io.BytesIO(handbook_xlsx(hb)))
    assert wb.sheetnames == ["说明", "手册信息", "组织单元", "岗位", "岗位职责", "考核指标", "岗位指标",
                             "流程", "流程步骤", "培训课程", "培训计划"]
    pos = wb["岗位"]
    assert [c.value for c in pos[1]][:5] == ["岗位ID", "岗位名称", "所属部门ID", "直接上级ID", "编制"]  # the model's labels
    assert [c.value for c in pos[2]][:5] == ["id", "name", "unit", "reports_to", "headcount"]
    assert pos.row_dimensions[2].hidden
    rows = {r[0]: r for r in pos.iter_rows(min_row=3, values_only=True)}
    assert rows["sales-manager"][:5] == ("sales-manager", "销售经理", "sales-dept", "gm", 2)
    duties = [r[:6] for r in wb["岗位职责"].iter_rows(min_row=3, values_only=True)]
    assert ("sales-manager", "销售经理", "职责", 2, "编制销售费用预算", "budget") in duties
    assert ("sales-manager", "销售经理", "权限", 1, "对限额资金有支配权", None) in duties
    links = [r[:4] for r in wb["岗位指标"].iter_rows(min_row=3, values_only=True)]
    assert ("sales-manager", "sales-amount", 60, None) in links and ("sales-manager", "collection-rate", 40, None) in links
    steps = list(wb["流程步骤"].iter_rows(min_row=3, values_only=True))
    head = [c.value for c in wb["流程步骤"][2]]
    review = dict(zip(head, steps[1]))
    assert review["branches"] == "sign:通过；draft:退回" and review["decision"] == "是" and review["approval"] == "审批"
    assert dict(zip(head, steps[2]))["participants"] == "gm:会签"
    plan = [r[:4] for r in wb["培训计划"].iter_rows(min_row=3, values_only=True)]
    assert ("sales-manager", "leadership", "选修", "晋升") in plan
    meta = wb["手册信息"]
    assert meta["B2"].value == "测试手册" and meta["B3"].value == "测试公司"
    assert [c.value for c in meta[8]][:4] == ["1.0", "2026-01-01", "总经理", "首次发布"]
    readme = [c.value for c in wb["说明"]["C"] if c.value]
    assert "qualifications.skills" in readme and "branches" in readme


def test_layout_covers_every_model_field():
    for model, covered in L.COVERED_FIELDS.items():
        assert set(model.model_fields) == covered, model.__name__
    assert {Unit, Position, Kpi, Process, Step, Course, Meta, Release} <= set(L.COVERED_FIELDS)


def test_training_matrix(hb, rich):
    ws = load_workbook(io.BytesIO(training_matrix_xlsx(hb))).active
    assert ws.title == "培训矩阵"
    assert ws["A2"].value == "部门" and ws["B2"].value == "岗位"
    assert ws["C2"].value == "领导力" and ws["C3"].value.startswith("团队领导力")
    rows = {ws.cell(r, 2).value: (ws.cell(r, 1).value, ws.cell(r, 3).value) for r in range(4, 6)}
    assert rows == {"总经理": ("营销中心", "必修·在岗"), "销售经理": ("销售部", "选修·晋升")}
    ws = load_workbook(io.BytesIO(training_matrix_xlsx(rich))).active
    header = {ws.cell(3, c).value.split("（")[0].rstrip("\n"): c for c in range(3, ws.max_column + 1) if ws.cell(3, c).value}
    cfo = next(r for r in range(4, ws.max_row + 1) if ws.cell(r, 2).value == "财务总监")
    assert ws.cell(cfo, header["财务基础"]).value == "必修·入职"
    assert ws.cell(cfo, header["战略管理"]).value == "选修·晋升"
    assert ws.cell(cfo, 1).value == "财务部"


# -- formula injection ---------------------------------------------------------------------------------------

def test_formula_injection_is_written_as_text(rich):
    """Data text starting with = + - @ (or tab) must never become a formula or an error value."""
    wb = load_workbook(io.BytesIO(handbook_xlsx(rich)))
    found = {}
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{ws.title}!{cell.coordinate} became a formula: {cell.value!r}"
                if cell.value in PAYLOADS:
                    found[cell.value] = cell
    assert {"=cmd|' /C calc'!A0", "@SUM(1)", "+1 负责财务管理", "-开头的职责", "#N/A"} <= set(found)
    for value, cell in found.items():
        assert cell.data_type == "s"
        if value[0] in "=+-@":
            assert cell.quotePrefix, value
    book = load_workbook(io.BytesIO(kpi_sheet_xlsx(rich, "ceo")))
    cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value == "=营业收入-营业成本"]
    assert len(cells) == 1 and cells[0].data_type == "s" and cells[0].quotePrefix
    for ws in book.worksheets:  # the only formulas are our own: 加权得分 per row and the two sums
        formulas = [c.coordinate for row in ws.iter_rows() for c in row if c.data_type == "f"]
        rows = ws.max_row
        assert formulas and all(c[0] in "GL" for c in formulas), (ws.title, formulas, rows)


def test_put_keeps_any_payload_as_text(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    for row, payload in enumerate(PAYLOADS + ["\r=2+2", "=HYPERLINK(\"http://x\")"], 1):
        put(ws, row, 1, payload)
    wb.save(tmp_path / "p.xlsx")
    sheet = zipfile.ZipFile(tmp_path / "p.xlsx").read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet and "<f " not in sheet
    back = load_workbook(tmp_path / "p.xlsx").active
    assert all(back.cell(r, 1).data_type == "s" for r in range(1, back.max_row + 1))


# -- determinism and the site build ---------------------------------------------------------------------------

def test_exports_are_deterministic(rich):
    first, second = export_files(rich), export_files(rich)
    assert first.keys() == second.keys()
    for path in first:
        assert first[path] == second[path], path
        for info in zipfile.ZipFile(io.BytesIO(first[path])).infolist():
            assert info.date_time == (2026, 2, 15, 0, 0, 0), (path, info.filename)


def test_export_files_paths_and_downloads(hb):
    files = export_files(hb)
    assert sorted(files) == sorted([
        "downloads/docx/gm.docx", "downloads/docx/sales-manager.docx",
        "downloads/xlsx/kpi-gm.xlsx", "downloads/xlsx/kpi-sales-manager.xlsx",
        "downloads/handbook.xlsx", "downloads/training-matrix.xlsx"])
    for path, data in files.items():
        assert zipfile.is_zipfile(io.BytesIO(data)), path
    assert position_downloads(hb, "gm") == [("岗位说明书（Word）", "downloads/docx/gm.docx", "总经理-岗位说明书.docx"),
                                            ("考核表（Excel）", "downloads/xlsx/kpi-gm.xlsx", "总经理-绩效考核表.xlsx")]
    assert all(path in files for _, path, _ in position_downloads(hb, "sales-manager"))


def test_export_files_is_fast(rich):
    start = time.perf_counter()
    files = export_files(rich)
    elapsed = time.perf_counter() - start
    per_position = elapsed / len(rich.positions)
    assert len(files) == 2 * len(rich.positions) + 2
    assert per_position < 1.0, f"{per_position:.2f}s per position"


# -- LibreOffice ----------------------------------------------------------------------------------------------

LIBREOFFICE = shutil.which("libreoffice") or shutil.which("soffice")
needs_libreoffice = pytest.mark.skipif(
    LIBREOFFICE is None,
    reason="libreoffice 不在 PATH 上（apt-get install libreoffice-writer-nogui libreoffice-calc-nogui）")


def _soffice(tmp_path: Path, args: list[str]) -> subprocess.CompletedProcess:
    profile = (tmp_path / "lo-profile").as_uri()  # own profile: parallel runs must not share one
    return subprocess.run([LIBREOFFICE, f"-env:UserInstallation={profile}", "--headless", *args],
                          cwd=tmp_path, capture_output=True, text=True, timeout=180,
                          env={**os.environ, "HOME": str(tmp_path)})


@needs_libreoffice
def test_libreoffice_opens_every_export(tmp_path, rich):
    files = export_files(rich)
    names = {"jd.docx": files["downloads/docx/cfo.docx"], "kpi.xlsx": files["downloads/xlsx/kpi-ceo.xlsx"],
             "handbook.xlsx": files["downloads/handbook.xlsx"], "matrix.xlsx": files["downloads/training-matrix.xlsx"]}
    for name, data in names.items():
        (tmp_path / name).write_bytes(data)
    done = _soffice(tmp_path, ["--convert-to", "pdf", "--outdir", "pdf", *names])
    assert done.returncode == 0, done.stderr
    for name in names:
        pdf = tmp_path / "pdf" / (Path(name).stem + ".pdf")
        assert pdf.exists() and pdf.stat().st_size > 1000, (name, done.stdout, done.stderr)
        assert pdf.read_bytes().startswith(b"%PDF")


@needs_libreoffice
def test_libreoffice_computes_kpi_formulas(tmp_path, hb):
    wb = load_workbook(io.BytesIO(kpi_sheet_xlsx(hb, "sales-manager")))
    ws = wb.active
    ws["K5"], ws["K6"] = 80, 90  # 60% × 80 + 40% × 90 = 84
    wb.save(tmp_path / "filled.xlsx")
    done = _soffice(tmp_path, ["--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir", "csv", "filled.xlsx"])
    assert done.returncode == 0, done.stderr
    rows = [line.split(",") for line in (tmp_path / "csv" / "filled.csv").read_text(encoding="utf-8").splitlines()]
    assert float(rows[4][11]) == 48 and float(rows[5][11]) == 36
    assert float(rows[6][6]) == 100 and float(rows[6][11]) == 84
