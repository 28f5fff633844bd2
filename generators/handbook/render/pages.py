"""Render the resolved handbook into Markdown pages: {source path: Markdown}.

Independent of MkDocs: the site plugin (or any other static-site tool) only
has to add these pages to its build.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable, Mapping

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from .. import model as data_model
from ..gcpause import gc_paused
from ..book import Handbook
from ..flow import successors
from ..model import item_key, item_text
from . import charts, matrices, processes_view, staffing
from .context import PageContext
from ..addresses import record_page
from .links import item_anchor, step_anchor
from .memo import RenderMemo, Recorder, tracked
from . import order
from .print_edition import PRINT_PAGE, print_edition
from .text import escape_html, escape_markdown, number

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
STAGE_ORDER = {"入职": 0, "在岗": 1, "晋升": 2}


@dataclass(frozen=True)
class RenderOptions:
    dates: Mapping[str, str] = field(default_factory=dict)
    """Record id → date it last changed (from git), shown in the print edition (see `_no_date`)."""
    downloads: Callable[[object, str], list] | None = None
    """(handbook, position id) → [(label, site-root path, file name)] of its export files, when exports are built."""
    release_changes: Callable[[object], list[str]] = lambda release: []
    handbook_downloads: tuple = ()
    """(label, site-root path, file name) of handbook-wide downloads, shown on the home page."""


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)), autoescape=True, trim_blocks=True, lstrip_blocks=True,
        undefined=StrictUndefined, keep_trailing_newline=True, finalize=_finalize,
        comment_start_string="{%#", comment_end_string="#%}",  # "{#id}" is Markdown's heading-anchor syntax
    )
    env.filters["md"] = escape_markdown
    env.filters["num"] = number
    env.globals.update(anchor=item_anchor, step_anchor=step_anchor, by_stage=by_stage, item_key=item_key, item_text=item_text,
                       step_name=step_name, phase_name=phase_name, next_steps=successors)
    return env


def _finalize(value):
    """Line breaks in data fields stay visible, and never end a raw HTML block."""
    return value if isinstance(value, Markup) else escape_html(value)


def by_stage(entries, vocab=None):
    """Training entries in the order of the handbook's training stages (入职, 在岗, 晋升 by default)."""
    if vocab is not None:
        return sorted(entries, key=lambda e: (vocab.order("training_stages", e.stage), e.kind != "必修"))
    return sorted(entries, key=lambda e: (STAGE_ORDER.get(e.stage, 9), e.kind != "必修"))


_STEP_NAMES: dict[int, tuple] = {}
"""id(process) → (process, {step id: name}): one table per process, so a 5,000-step process is not rescanned per lookup."""


def step_name(process, step_id: str) -> str:
    hit = _STEP_NAMES.get(id(process))
    if hit is None or hit[0] is not process:
        if len(_STEP_NAMES) > 10_000:  # the live preview makes new process objects on every edit
            _STEP_NAMES.clear()
        names: dict[str, str] = {}
        for step in process.steps:
            names.setdefault(step.id, step.name)
        hit = _STEP_NAMES[id(process)] = (process, names)
    return hit[1].get(step_id, step_id)


def phase_name(process, phase_id) -> str:
    return next((ph.name for ph in process.phases if ph.id == phase_id), "")


TOTAL = "__total__"


def _no_date(rid: str) -> None:
    """A record's own page shows when it last changed once, in the footer (site/theme/partials/footer.html,
    from assemble.page_dates); only the print edition, one page for every record, dates each record's
    section in its body."""
    return None


def template_label(model: str, path: str) -> str:
    """A field's label for the templates, by model class name: label("Position", "qualifications.skills")."""
    return data_model.field_label(getattr(data_model, model), path)


@dataclass
class Renderer:
    hb: Handbook
    options: RenderOptions = field(default_factory=RenderOptions)
    memo: RenderMemo | None = None
    """Given, pages whose inputs did not change since the memo's build are reused."""

    def __post_init__(self):
        self.env = environment()
        headcounts = staffing.unit_totals(self.hb)
        headcounts[TOTAL] = staffing.total(self.hb.positions.values())
        extra = {"dates": dict(self.options.dates), "headcounts": headcounts}
        self.source = self.hb
        if self.memo is not None:
            self.changed = self.memo.stale_keys(self.hb, extra)
            self.memo.handbook, self.memo.extra = self.hb, extra
            self.recorder = Recorder()
            self.hb, extra = tracked(self.hb, self.recorder, extra)
        self.dates, self.headcounts = extra["dates"], extra["headcounts"]

    def page(self, template: str, src: str, **values) -> str:
        p = PageContext(self.hb, src)
        downloads = None
        if self.options.downloads:
            downloads = lambda pid: [(label, p.href("index.md") + path, filename)
                                     for label, path, filename in self.options.downloads(self.hb, pid)]
        return self.env.get_template(template).render(
            hb=self.hb, p=p, headcount=self.headcounts.get, own_headcount=self.own_headcount,
            last_changed=self.dates.get if src == PRINT_PAGE else _no_date, downloads=downloads, release_changes=self.options.release_changes,
            total_headcount=lambda: self.headcounts[TOTAL], position_headcount=staffing.position_headcount,
            length=processes_view.course_length, flow=processes_view, label=template_label,
            handbook_downloads=[(label, p.href("index.md") + path, filename)
                                for label, path, filename in self.options.handbook_downloads],
            **values)

    def own_headcount(self, uid: str) -> staffing.Headcount:
        return staffing.total(self.hb.positions[pid] for pid in self.hb.unit_positions.get(uid, ()))

    def build(self, src: str, make) -> str:
        """Render one page, or reuse it from the memo when nothing it read has changed."""
        if self.memo is None:
            return make()
        cached = self.memo.reusable(src, self.changed)
        if cached is not None:
            self.memo.reused += 1
            return cached
        self.recorder.start()
        try:
            content = make()
        finally:
            reads = self.recorder.stop()
        self.memo.pages[src], self.memo.reads[src] = content, reads
        self.memo.rendered += 1
        return content

    # -- one function per page kind; `src` is where the page is shown (the print edition differs)
    def position(self, pid: str, src: str | None = None) -> str:
        return self.page("position.md.j2", src or record_page("positions", pid), pos=self.hb.positions[pid])

    def unit(self, uid: str, src: str | None = None) -> str:
        src = src or record_page("units", uid)
        return self.page("unit.md.j2", src, unit=self.hb.units[uid], chart=charts.unit_chart(self.hb, uid, src))

    def kpi(self, kid: str, src: str | None = None) -> str:
        return self.page("kpi.md.j2", src or record_page("kpis", kid), kpi=self.hb.kpis[kid])

    def course(self, cid: str, src: str | None = None) -> str:
        return self.page("course.md.j2", src or record_page("courses", cid), course=self.hb.courses[cid])

    def process(self, pid: str, src: str | None = None) -> str:
        src = src or record_page("processes", pid)
        proc = self.hb.processes[pid]
        p = PageContext(self.hb, src)
        matrix = matrices.matrix_html(p, **matrices.process_matrix(self.hb, proc, p))
        return self.page("process.md.j2", src, proc=proc, chart=charts.process_chart(self.hb, pid, src), matrix=matrix)

    def page_makers(self):
        """(source path, function that renders it) for every page of the site."""
        hb = self.hb
        yield "index.md", lambda: self.page("home.md.j2", "index.md")
        yield "org/index.md", lambda: self.page("units_index.md.j2", "org/index.md", units_in_order=order.units_top_down(hb),
                                                chart=charts.overview_chart(hb, "org/index.md"))
        yield "positions/index.md", lambda: self.page("positions_index.md.j2", "positions/index.md",
                                                      positions_by_unit=_positions_by_unit(hb))
        yield "kpis/index.md", lambda: self.page("kpis_index.md.j2", "kpis/index.md",
                                                 kpis_by_category=order.by_category(hb, "kpis"))
        yield "processes/index.md", lambda: self.page("processes_index.md.j2", "processes/index.md",
                                                      processes_by_owner=order.processes_by_owner(hb))
        yield "training/index.md", lambda: self.page("courses_index.md.j2", "training/index.md",
                                                     courses_by_category=_courses_by_category(hb))
        yield "changes/index.md", lambda: self.page("changes.md.j2", "changes/index.md")
        yield "search/index.md", lambda: '# 搜索\n\n<div id="hb-search-page"></div>\n'
        yield PRINT_PAGE, lambda: print_edition(self)
        yield from self.matrix_makers()
        for kind, render in (("units", self.unit), ("positions", self.position), ("kpis", self.kpi),
                             ("processes", self.process), ("courses", self.course)):
            for rid in self.source.__getattribute__(kind):
                yield record_page(kind, rid), lambda render=render, rid=rid: render(rid)

    def matrix_makers(self):
        """One page per handbook-wide matrix; for a large organization, an index plus one page per section."""
        split = len(self.source.positions) > matrices.SECTION_LIMIT
        sections = matrices.matrix_sections(self.source) if split else []
        for base, (title, intro, build) in matrices.MATRIX_PAGES.items():
            src = f"{base}.md"
            if not split:
                yield src, lambda src=src, title=title, intro=intro, build=build: self.matrix_page(src, title, intro, build)
                continue
            listing = [(label, f"{base}/{uid}.md", units) for uid, label, units in sections]
            yield src, lambda src=src, title=title, intro=intro, listing=listing: self.page(
                "matrix_page.md.j2", src, title=title, intro=intro, matrix=None,
                sections=[(label, page, sum(len(self.hb.unit_positions.get(u, ())) for u in units))
                          for label, page, units in listing])
            for label, page, units in listing:
                yield page, lambda page=page, title=title, label=label, intro=intro, build=build, units=units: \
                    self.matrix_page(page, f"{title}：{label}", intro, build, units)

    def matrix_page(self, src: str, title: str, intro: str, build, units=None) -> str:
        p = PageContext(self.hb, src)
        table = matrices.matrix_html(p, **build(self.hb, p, units))
        return self.page("matrix_page.md.j2", src, title=title, intro=intro, matrix=table, sections=None)

    def all_pages(self) -> dict[str, str]:
        with gc_paused():
            pages = {src: self.build(src, make) for src, make in self.page_makers()}
        if self.memo is not None:  # forget pages that no longer exist
            for src in {s for s in self.memo.pages if s.endswith(".md")} - set(pages):
                del self.memo.pages[src], self.memo.reads[src]
        return dict(sorted(pages.items()))


def _positions_by_unit(hb: Handbook):
    rank = {uid: i for i, uid in enumerate(order.units_top_down(hb))}
    return sorted(hb.positions.items(), key=lambda item: (rank.get(item[1].unit, 0), item[1].order, item[0]))


def _courses_by_category(hb: Handbook):
    return [(name, [(cid, hb.courses[cid]) for cid in ids]) for name, ids in order.by_category(hb, "courses")]


def render_pages(hb: Handbook, options: RenderOptions | None = None, memo: RenderMemo | None = None) -> dict[str, str]:
    return Renderer(hb, options or RenderOptions(), memo).all_pages()
