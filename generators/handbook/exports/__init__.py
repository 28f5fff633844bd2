"""Word and Excel downloads of the handbook, and importing Excel back into data/.

export_files(hb) gives every download for the site build; position_downloads(hb, id)
the links a position page shows. See README.md in this folder for the layouts.
"""

from __future__ import annotations

from typing import NamedTuple

from ..book import Handbook
from .docx_jd import JobDescriptionWriter, job_description_docx
from .names import handbook_filename, jd_filename, kpi_filename
from .xlsx_book import handbook_xlsx
from .xlsx_kpi import kpi_sheet_xlsx
from .xlsx_matrix import training_matrix_xlsx

__all__ = ["Download", "export_files", "export_makers", "handbook_downloads", "position_downloads", "job_description_docx",
           "kpi_sheet_xlsx", "handbook_xlsx", "training_matrix_xlsx", "has_kpi_sheet"]


class Download(NamedTuple):
    """A link to a download: link text, site-root-relative path, and the file name the browser saves it under."""

    label: str
    path: str
    filename: str


def docx_path(position_id: str) -> str:
    return f"downloads/docx/{position_id}.docx"


def kpi_path(position_id: str) -> str:
    return f"downloads/xlsx/kpi-{position_id}.xlsx"


HANDBOOK_PATH = "downloads/handbook.xlsx"
MATRIX_PATH = "downloads/training-matrix.xlsx"
PDF_PATH = "downloads/handbook.pdf"


def has_kpi_sheet(hb: Handbook, position_id: str) -> bool:
    """A 考核表 exists only for a position with KPIs: an empty form helps nobody."""
    return bool(hb.positions[position_id].kpis)


def handbook_downloads(hb: Handbook, pdf: bool = False) -> tuple[Download, ...]:
    """Handbook-wide downloads, listed on the home page; the PDF edition when the site is built with it."""
    out = [Download("整本手册数据（Excel）", HANDBOOK_PATH, handbook_filename(hb, "数据", ".xlsx")),
           Download("培训矩阵（Excel）", MATRIX_PATH, handbook_filename(hb, "培训矩阵", ".xlsx"))]
    if pdf:
        out.insert(0, Download("整本手册（PDF）", PDF_PATH, handbook_filename(hb, "", ".pdf")))
    return tuple(out)


def export_makers(hb: Handbook):
    """(site-root path, function(handbook) → bytes) for every download.

    Separate functions per file let the live preview redo only the files whose inputs changed.
    The Word package is prepared once, on first use, and shared by all positions.
    """
    shared: dict[str, JobDescriptionWriter] = {}

    def word(h: Handbook, pid: str) -> bytes:
        if "writer" not in shared:
            shared["writer"] = JobDescriptionWriter(h)
        return shared["writer"].render(pid)

    for pid in hb.positions:
        yield docx_path(pid), lambda h, pid=pid: word(h, pid)
        if has_kpi_sheet(hb, pid):
            yield kpi_path(pid), lambda h, pid=pid: kpi_sheet_xlsx(h, pid)
    yield HANDBOOK_PATH, handbook_xlsx
    yield MATRIX_PATH, training_matrix_xlsx


def export_files(hb: Handbook) -> dict[str, bytes]:
    """Every download as site-root-relative path → bytes; deterministic for the same handbook."""
    return {path: make(hb) for path, make in export_makers(hb)}


def position_downloads(hb: Handbook, position_id: str) -> list[Download]:
    """The downloads a position's page links to; no 考核表 link for a position without KPIs."""
    out = [Download("岗位说明书（Word）", docx_path(position_id), jd_filename(hb, position_id))]
    if has_kpi_sheet(hb, position_id):
        out.append(Download("考核表（Excel）", kpi_path(position_id), kpi_filename(hb, position_id)))
    return out
