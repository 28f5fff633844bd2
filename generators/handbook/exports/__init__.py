"""Word and Excel downloads of the handbook, and importing Excel back into data/.

export_files(hb) gives every download for the site build; position_downloads(id)
the links a position page shows. See README.md in this folder for the layouts.
"""

from __future__ import annotations

from ..resolve import Handbook
from .docx_jd import JobDescriptionWriter, job_description_docx
from .xlsx_book import handbook_xlsx, kpi_sheet_xlsx, training_matrix_xlsx

__all__ = ["HANDBOOK_DOWNLOADS", "export_files", "export_makers", "position_downloads", "job_description_docx", "kpi_sheet_xlsx",
           "handbook_xlsx", "training_matrix_xlsx"]


def docx_path(position_id: str) -> str:
    return f"downloads/docx/{position_id}.docx"


def kpi_path(position_id: str) -> str:
    return f"downloads/xlsx/kpi-{position_id}.xlsx"


HANDBOOK_PATH = "downloads/handbook.xlsx"
MATRIX_PATH = "downloads/training-matrix.xlsx"
HANDBOOK_DOWNLOADS = (("整本手册数据（Excel）", HANDBOOK_PATH), ("培训矩阵（Excel）", MATRIX_PATH))
"""Handbook-wide downloads, listed on the home page."""


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
        yield kpi_path(pid), lambda h, pid=pid: kpi_sheet_xlsx(h, pid)
    yield HANDBOOK_PATH, handbook_xlsx
    yield MATRIX_PATH, training_matrix_xlsx


def export_files(hb: Handbook) -> dict[str, bytes]:
    """Every download as site-root-relative path → bytes; deterministic for the same handbook."""
    return {path: make(hb) for path, make in export_makers(hb)}


def position_downloads(position_id: str) -> list[tuple[str, str]]:
    """(link text, site-root-relative path) of a position's downloads, for its page."""
    return [("岗位说明书（Word）", docx_path(position_id)), ("考核表（Excel）", kpi_path(position_id))]
