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



def test_search_entries_show_the_same_target_text_as_the_page(targets):
    """The search index is one more reader of a KPI target: it shows 1000万元, never the raw 1000."""
    from handbook.render.search_entries import entries_for_handbook

    hb = targets
    entries = {e.id: e for e in entries_for_handbook(hb)}
    line = entries["positions/sales-manager#kpis"].text
    for entry in hb.positions["sales-manager"].kpis:
        kpi = hb.kpis[entry.kpi]
        assert f"{kpi.name}（" in line and f"目标值 {target_text(kpi, entry)}）" in line, line
    assert "目标值 1000万元" in line and "目标值 98%" in line, line
    assert entries["kpis/sales-amount#target"].text.startswith("目标值：1000万元（"), entries["kpis/sales-amount#target"].text
    assert entries["kpis/collection-rate#target"].text.startswith("目标值：≥95%（")


# -- field labels: the model's table, everywhere ---------------------------------------------------------------------

LABEL_SUFFIXES = ("", "ID", "(%)")
"""What an Excel header may add to the model's label: the cell holds ids of other records, or a percentage."""


def test_every_label_in_word_excel_the_page_and_the_schema_is_the_models(targets, tmp_path):
    from handbook.exports import layout as L
    from handbook.exports.xlsx_book import handbook_xlsx
    from handbook.model import (RECORD_NOUNS, Course, Kpi, KpiWeight, Position, Process, Qualifications, Release,
                                Step, TrainingEntry, Unit, field_label)
    from handbook.validate.records import label

    hb = targets
    # the words differ where the field means something else: the model says so, not a table in an export
    assert field_label(Position, "unit") == "所属部门" and field_label(Kpi, "unit") == "计量单位"
    assert label(("unit",), Kpi) == "unit（计量单位）" and label(("unit",), Position) == "unit（所属部门）"

    models = {"组织单元": Unit, "岗位": Position, "考核指标": Kpi, "岗位指标": KpiWeight, "流程": Process,
              "流程步骤": Step, "培训课程": Course, "培训计划": TrainingEntry}
    wb = load_workbook(io.BytesIO(handbook_xlsx(hb)))
    checked = 0
    for sheet, model in models.items():
        ws = wb[sheet]
        for head, key in zip((c.value for c in ws[L.HEADER_ROW]), (c.value for c in ws[L.KEY_ROW])):
            if key == "id":
                assert head == RECORD_NOUNS[model.__name__] + "ID", (sheet, key, head)
            elif key.split(".")[0] in model.model_fields:
                assert head in {field_label(model, key) + s for s in LABEL_SUFFIXES}, (sheet, key, head)
                checked += 1
    assert checked > 80
    releases = {c.key: c.label for c in L.RELEASES.cols}
    assert releases == {key: field_label(Release, key) for key in releases}

    form = load_workbook(io.BytesIO(kpi_sheet_xlsx(hb, "sales-manager"))).active
    heads = [c.value for c in form[4]]
    assert heads[1:9] == [field_label(KpiWeight, "kpi"), field_label(Kpi, "definition"), field_label(Kpi, "formula"),
                          field_label(Kpi, "thresholds"), field_label(Kpi, "target"),
                          field_label(KpiWeight, "weight") + "(%)", field_label(Kpi, "source"),
                          field_label(Kpi, "evaluator")]

    doc = Document(io.BytesIO(job_description_docx(hb, "sales-manager")))
    basic = {row.cells[i].text for row in doc.tables[0].rows for i in (0, 2)}
    assert {field_label(Position, f) for f in ("code", "name", "unit", "grade", "reports_to", "headcount")} <= basic
    headings = [p.text.split("、", 1)[-1] for p in doc.paragraphs if p.style.name.startswith("Heading")]
    for field in ("purpose", "duties", "kpis", "qualifications", "training"):
        assert field_label(Position, field) in headings, (field, headings)
    quals = next(t for t in doc.tables if t.rows[0].cells[0].text == field_label(Qualifications, "education"))
    assert {row.cells[0].text for row in quals.rows} <= {field_label(Qualifications, f) for f in Qualifications.model_fields}
    kpis = next(t for t in doc.tables if t.rows[0].cells[0].text == field_label(KpiWeight, "kpi"))
    assert [c.text for c in kpis.rows[0].cells][2:] == [field_label(Kpi, "target"), field_label(Kpi, "frequency"),
                                                        field_label(KpiWeight, "weight")]

    page = Renderer(hb, RenderOptions()).position("sales-manager")
    shown = set(re.findall(r"<th>([^<]*)</th>", page))
    for path in ("name", "unit", "reports_to", "headcount", "qualifications.education", "qualifications.skills",
                 "qualifications.competencies"):
        assert field_label(Position, path) in shown, (path, shown)
    assert {field_label(Kpi, "target"), field_label(Kpi, "frequency")} <= shown

    from handbook.schema_labels import chinese_titles

    for model in (Unit, Position, Kpi, Process, Course):
        schema = chinese_titles(model.model_json_schema())  # what `handbook schema` writes
        for name, prop in schema["properties"].items():
            assert prop.get("title") == field_label(model, name), (model.__name__, name, prop.get("title"))
        nested = next((d for d in schema.get("$defs", {}).values() if d["title"] == "任职资格"), None)
        if nested:
            assert all(prop["title"] == field_label(Qualifications, name) for name, prop in nested["properties"].items())


# -- the page templates name every model field by the model's label --------------------------------------------------

TEMPLATE_MODELS = {"position.md.j2": "Position", "unit.md.j2": "Unit", "kpi.md.j2": "Kpi", "process.md.j2": "Process",
                   "course.md.j2": "Course"}
"""The record a template's `## 标题 {#field}` sections belong to."""
VARIABLES = {"pos": ("Position",), "unit": ("Unit",), "child": ("Unit",), "kpi": ("Kpi",), "proc": ("Process",),
             "course": ("Course",), "step": ("Step",), "q": ("Qualifications",), "career": ("Career",), "a": ("Approval",),
             "release": ("Release",), "level": ("Level",), "part": ("Participant",), "entry": ("KpiWeight", "TrainingEntry")}
"""Template variables → the model(s) of what they hold (`entry` is a KPI or a training line of a position)."""
KINDS_OF_HB = {"positions": "Position", "units": "Unit", "kpis": "Kpi", "processes": "Process", "courses": "Course"}
NOT_A_FIELD_HEADING = {("process.md.j2", "chart")}
"""`## 流程图 {#chart}` shows the chart itself; Process.chart is only its orientation (泳道图方向)."""
STAGE_GRIDS = {("position.md.j2", "a")}
"""The 编制/审核/批准 × 人员/日期 grid of a job description (variable `a`, the Approval): each cell is a field
(drafted_by 编制人 …) that neither its row (the stage) nor its column (人员, 日期) names alone."""
LABEL_CALL = re.compile(r'\{\{\s*label\("(\w+)",\s*"([\w.]+)"\)\s*\}\}')
FIELD_REF = re.compile(r"\b(?:(" + "|".join(VARIABLES) + r")|hb\.(" + "|".join(KINDS_OF_HB) + r")\[[^\]]+\])\.([a-z_]+(?:\.[a-z_]+)*)")


def _shown(header: str) -> str | None:
    """A header as the page shows it (label() calls evaluated); None when it depends on the data ({% if %})."""
    from handbook.render.pages import template_label

    if "{%" in header:
        return None
    return LABEL_CALL.sub(lambda m: template_label(m.group(1), m.group(2)), header).strip()


def _field_of(cell: str) -> tuple[tuple[str, ...], str] | None:
    """(candidate models, field path) of what a table cell shows: the field its first {{ … }} or {% for … %} reads;
    None when that expression reads none (a derived value: a count, the responsible roles, a link to a record)."""
    first = re.search(r"\{\{(.*?)\}\}|\{%-?\s*for\b(.*?)%\}", cell)
    if first and "|length" in first.group(0):
        return None  # a count of the field's items (步骤数), not the field
    for var, kind, path in FIELD_REF.findall(first.group(0)) if first else ():
        if path.split(".")[0] != "id":  # an id is a key, never shown as the field itself
            return (VARIABLES[var] if var else (KINDS_OF_HB[kind],)), path
    return None


def _matches(shown: str, models: tuple[str, ...], path: str) -> bool:
    from handbook import model

    labels = set()
    for name in models:
        try:
            labels.add(model.field_label(getattr(model, name), path))
        except (KeyError, TypeError):
            continue  # e.g. kpi.effective_direction: a property, not a field
    return not labels or shown in labels or any(part in labels for part in shown.split(" / "))


def label_mismatches(name: str, source: str) -> tuple[list[str], int]:
    """Every field heading of a template that is not the model's label, and how many were checked.

    Three places name a field: a fact row `<th>H</th><td>{{ x.field }}</td>`, a table column (`<thead>` header i
    over the row's cell i) and a section `## H {#field}` of the page's record."""
    from handbook import model

    pairs = re.findall(r"<th>((?:(?!</th>).)*)</th>\s*<td[^>]*>(.*?)</td>", source)
    for head, body in re.findall(r"<thead><tr>(.*?)</tr></thead>\s*<tbody>\s*(.*?)</tr>", source, re.S):
        pairs += zip(re.findall(r"<th[^>]*>(.*?)</th>", head), re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", body, re.S))
    bad, checked = [], 0
    for header, cell in pairs:
        found, shown = _field_of(cell), _shown(header)
        if found is None or shown is None or any(re.search(rf"\b{var}\.", cell) for n, var in STAGE_GRIDS if n == name):
            continue
        checked += 1
        if not _matches(shown, *found):
            bad.append(f"{name}: “{shown}” shows {found[1]} of {'/'.join(found[0])}")
    record = TEMPLATE_MODELS.get(name)
    for header, anchor in re.findall(r"^##\s+(.+?)\s+\{#([\w-]+)\}\s*$", source, re.M):
        field = anchor.replace("-", "_")
        if record and field in getattr(model, record).model_fields and (name, field) not in NOT_A_FIELD_HEADING:
            checked += 1
            if not _matches(_shown(header) or header, (record,), field):
                bad.append(f"{name}: section “{header}” is {record}.{field}")
    return bad, checked


def test_every_template_names_model_fields_by_the_models_label():
    from handbook.render.pages import TEMPLATES

    total = 0
    for path in sorted(TEMPLATES.glob("*.j2")):
        bad, checked = label_mismatches(path.name, path.read_text(encoding="utf-8"))
        assert not bad, bad
        total += checked
    assert total >= 80, total  # the check found the headings it is about


@pytest.mark.parametrize("name,before,after", [
    ("kpi.md.j2", '{{ label("Kpi", "unit") }}', "单位"),                 # Kpi.unit is 计量单位
    ("kpis_index.md.j2", '{{ label("Kpi", "frequency") }}', "周期"),     # a column header
    ("course.md.j2", '{{ label("Course", "outline") }} {#outline}', "大纲 {#outline}"),  # a section
    ("position.md.j2", '{{ label("Position", "reports_to") }}', "直属上级"),
])
def test_a_template_that_hard_codes_another_word_for_a_field_fails(name, before, after):
    from handbook.render.pages import TEMPLATES

    source = (TEMPLATES / name).read_text(encoding="utf-8")
    assert before in source
    assert not label_mismatches(name, source)[0]
    assert label_mismatches(name, source.replace(before, after, 1))[0]
    literal = LABEL_CALL.sub(lambda m: _shown(m.group(0)), source)  # the same words written out are fine
    assert not label_mismatches(name, literal)[0]
