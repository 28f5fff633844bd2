"""One fact in one place (issue 12) across the page, the PDF, Word and Excel: a KPI target is shown
the same way everywhere, and every field label comes from the model's table.

The files are re-opened with python-docx, openpyxl and pypdf; the page is the Markdown the site renders.
"""

from __future__ import annotations

import io
import re

import pytest
import yaml
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from handbook.exports.docx_jd import job_description_docx
from handbook.exports.xlsx_kpi import kpi_sheet_xlsx
from handbook.pipeline import load_handbook
from handbook.render.pages import Renderer, RenderOptions
from handbook.render.processes_view import target_text


@pytest.fixture
def targets(minimal):
    """The minimal handbook with a bare-number target on a position entry (98, unit %) besides the library's
    bare 1000 (unit 万元) and the written-out ≥95%."""
    path = minimal / "data/positions/sales-manager.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for entry in data["kpis"]:
        if entry["kpi"] == "collection-rate":
            entry["target"] = "98"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    hb, report = load_handbook(minimal)
    assert hb is not None, [d.format() for d in report.errors]
    return hb


def _cells(row_html: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row_html)]


def test_a_kpi_target_reads_the_same_on_the_page_in_pdf_word_and_excel(targets):
    from handbook.exports.pdf_book import handbook_pdf

    hb = targets
    pos = hb.positions["sales-manager"]
    expected = {entry.kpi: target_text(hb.kpis[entry.kpi], entry) for entry in pos.kpis}
    assert expected == {"sales-amount": "1000万元", "collection-rate": "98%"}  # the unit joins a bare number
    assert target_text(hb.kpis["collection-rate"]) == "≥95%"  # written out already: kept as written

    page = Renderer(hb, RenderOptions()).position("sales-manager")
    for kid, text in expected.items():
        row = re.search(rf'<tr id="kpi-{kid}">(.*?)</tr>', page).group(1)
        assert _cells(row)[2] == text, row
    kpi_page = Renderer(hb, RenderOptions()).kpi("sales-amount")
    assert "<td>1000万元</td>" in kpi_page

    doc = Document(io.BytesIO(job_description_docx(hb, "sales-manager")))
    table = next(t for t in doc.tables if [c.text for c in t.rows[0].cells][:3] == ["指标", "评分标准", "目标值"])
    shown = {row.cells[0].text: row.cells[2].text for row in table.rows[1:-1]}
    assert shown == {hb.kpis[kid].name: text for kid, text in expected.items()}

    ws = load_workbook(io.BytesIO(kpi_sheet_xlsx(hb, "sales-manager"))).active
    heads = [c.value for c in ws[4]]
    column = heads.index("目标值")
    shown = {row[1].value: row[column].value for row in ws.iter_rows(min_row=5) if row[1].value in
             {hb.kpis[kid].name for kid in expected}}
    assert shown == {hb.kpis[kid].name: text for kid, text in expected.items()}

    reader = PdfReader(io.BytesIO(handbook_pdf(hb, "positions")))
    record = next(item for item in reader.outline[1] if item.title == pos.name)
    first = reader.get_destination_page_number(record)
    text = "".join(reader.pages[n].extract_text() for n in range(first, first + 2)).replace("\n", " ")
    for kid, value in expected.items():
        assert re.search(rf"{hb.kpis[kid].name}.*?{re.escape(value)}", text), (value, text[:400])
