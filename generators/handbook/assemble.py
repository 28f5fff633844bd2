"""Everything the site needs from the core, in one object: pages, assets, nav, page dates.

This is the seam between the core and the MkDocs adapter in site/: it imports nothing from MkDocs
or site/, and another static-site tool would only need to consume a SiteBuild. The project is read
through the one check entry point (check.check_project); mkdocs.yml is the adapter's business.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .addresses import record_page
from .book import Handbook
from .check import check_project
from .diagnostics import Report
from .exports import PDF_PATH, export_makers, handbook_downloads, position_downloads
from .history.releases import record_dates, release_notes
from .render.memo import RenderMemo
from .render.pages import Renderer, RenderOptions
from .render.search_entries import entries_for_handbook
from .search import build_index, index_files

ASSETS = Path(__file__).resolve().parent / "assets"
ASSET_PREFIX = "assets/handbook/"


@dataclass
class SiteBuild:
    root: Path
    handbook: Handbook | None
    report: Report
    pages: dict[str, str] = field(default_factory=dict)
    assets: dict[str, str | bytes] = field(default_factory=dict)
    nav: list = field(default_factory=list)
    css: list[str] = field(default_factory=list)
    js: list[str] = field(default_factory=list)
    page_dates: dict[str, str] = field(default_factory=dict)
    """Page source path (positions/x.md, a chapter's x.md) → date (YYYY-MM-DD) its record's file last
    changed in git; pages of no single record (indexes, matrices) and projects without git have none."""


DOWNLOADS_MAX_POSITIONS = 500
"""Word/Excel files cost ~20 ms per position; above this the site build leaves them to `handbook export`."""


def assemble(root: Path, cache: dict | None = None, options: RenderOptions | None = None,
             downloads: bool | None = None, memo: RenderMemo | None = None, pdf: bool = False) -> SiteBuild:
    """`downloads`: None = automatic (on unless the organization is very large).
    `cache` and `memo` let the live preview reuse parsed files and rendered pages.
    `pdf`: also lay out the PDF edition (tens of seconds) and link it from the home page."""
    hb, report = check_project(root, cache, site_config=False)  # the adapter has loaded mkdocs.yml itself
    build = SiteBuild(root, hb, report)
    if hb is None:
        return build
    if downloads is None:
        downloads = len(hb.positions) <= DOWNLOADS_MAX_POSITIONS
    options = options or default_options(root, hb, downloads, pdf)
    renderer = Renderer(hb, options, memo)
    build.pages = renderer.all_pages()
    build.assets = dict(static_assets())
    if downloads:  # through the renderer, so the live preview redoes only files whose inputs changed
        for path, make in export_makers(hb):
            build.assets[path] = renderer.build(path, lambda make=make: make(renderer.hb))
    if pdf:
        from .exports.pdf_book import handbook_pdf

        build.assets[PDF_PATH] = handbook_pdf(hb)
    search_index = build_index(entries_for_handbook(hb), hb.synonyms, cache=memo.search_texts if memo else None)
    build.assets.update(index_files(search_index, scripts=True))
    build.css = sorted(src for src in build.assets if src.endswith(".css"))
    build.js = sorted(src for src in build.assets if src.endswith(".js"))
    build.nav = navigation(hb)
    build.page_dates = page_dates(hb, options.dates)
    return build


def page_dates(hb: Handbook, dates) -> dict[str, str]:
    """Page source path → the last-change date of the record (or chapter) the page shows.

    `dates`: record id → date, as history.releases.record_dates gives (chapters included)."""
    found = {}
    for rid, date in dates.items():
        kind = hb.kind_of(rid)
        if kind is not None:
            found[record_page(kind, rid)] = date
    return found


def default_options(root: Path, hb: Handbook, downloads: bool, pdf: bool = False) -> RenderOptions:
    dates = record_dates(root, hb)
    notes = release_notes(root, hb)
    return RenderOptions(dates=dates, release_changes=lambda release: notes.get(release.version, []),
                         downloads=position_downloads if downloads else None,
                         handbook_downloads=handbook_downloads(hb, pdf) if downloads else
                         tuple(d for d in handbook_downloads(hb, pdf) if d.path == PDF_PATH))


def static_assets():
    for path in sorted(ASSETS.rglob("*")):
        if path.is_file() and path.suffix in (".css", ".js"):
            yield ASSET_PREFIX + path.relative_to(ASSETS).as_posix(), path.read_text(encoding="utf-8")


def navigation(hb: Handbook) -> list:
    """A short navigation: index pages only. Record pages are reached from them.

    Listing thousands of positions in the sidebar of every page is what makes
    large MkDocs sites slow and heavy (see DESIGN.md §4).
    """
    chapters = [{chapter.title: record_page("chapters", cid)} for cid, chapter in hb.chapters.items()]
    nav = [
        {"首页": "index.md"},
        {"组织架构": "org/index.md"},
        {"岗位说明书": "positions/index.md"},
        {"业务流程": [{"流程一览": "processes/index.md"}, {"职责分工总表": "processes/matrix.md"}]},
        {"考核指标": "kpis/index.md"},
        {"培训": [{"课程目录": "training/index.md"}, {"培训矩阵": "training/matrix.md"}]},
    ]
    if chapters:
        nav.append({"管理制度": chapters})
    nav += [{"修订记录": "changes/index.md"}, {"打印版": "print/index.md"}, {"搜索": "search/index.md"}]
    return nav
