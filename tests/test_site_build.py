"""End-to-end: build real sites and check pages, links both ways, escaping and offline use."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import CASES, ROOT
from handbook.pipeline import load_handbook
from handbook.addresses import page_url, record_page
from handbook.site.linkcheck import check_site
from sitebuild import build_project, copy_project

EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["'](?:https?:)?//""", re.I)


@pytest.fixture(scope="module", params=["minimal", "sample", "synthetic", "training-school"])
def built(request, tmp_path_factory):
    """(handbook, site directory) for the fixture, the shipped sample, a small synthetic organization and a
    second real organization (a training school with a provincial agent, written from other source documents)."""
    base = tmp_path_factory.mktemp(request.param)
    if request.param == "synthetic":
        from handbook.synthetic import generate

        generate(base / "generated", 80, seed=3)
        source = base / "generated"
    else:
        source = CASES / request.param if request.param in ("minimal", "training-school") else ROOT
    project = copy_project(source, base / "project")
    hb, report = load_handbook(project)
    assert hb is not None, "\n".join(d.format() for d in report.errors)
    result = build_project(project, project / "site")
    return hb, result.site


def html(site: Path, kind: str, rid: str) -> str:
    return (site / page_url(record_page(kind, rid)) / "index.html").read_text(encoding="utf-8")


def href_to(kind: str, rid: str) -> str:
    return page_url(record_page(kind, rid))


def links(site: Path, kind: str, rid: str) -> set[str]:
    """Every link on a record's page, resolved to 'dir/#anchor' form relative to the site root."""
    import posixpath
    from urllib.parse import urlsplit

    from handbook.site.linkcheck import _Collector

    here = href_to(kind, rid)
    parser = _Collector()
    parser.feed(html(site, kind, rid))
    out = set()
    for href in parser.hrefs:
        parts = urlsplit(href)
        if parts.scheme or not parts.path:
            continue
        path = posixpath.normpath(posixpath.join(here, parts.path)) + "/"
        out.add(path + (f"#{parts.fragment}" if parts.fragment else ""))
    return out


def test_every_record_has_a_page(built):
    hb, site = built
    for kind in ("units", "positions", "kpis", "processes", "courses", "chapters"):
        for rid in getattr(hb, kind):
            page = html(site, kind, rid)
            assert hb.name_of(rid) in page
    for index in ("org", "positions", "kpis", "processes", "training", "changes", "search", "processes/matrix", "training/matrix"):
        assert (site / index / "index.html").exists()


def test_position_links_both_ways(built):
    hb, site = built
    for pid, pos in hb.positions.items():
        page = links(site, "positions", pid)
        assert href_to("units", pos.unit) in page, f"{pid} does not link its unit"
        assert href_to("positions", pid) in links(site, "units", pos.unit), f"unit {pos.unit} does not list {pid}"
        if pos.reports_to:
            assert href_to("positions", pos.reports_to) in page
            assert href_to("positions", pid) in links(site, "positions", pos.reports_to), "superior lacks subordinate"
        for entry in pos.kpis:
            assert href_to("kpis", entry.kpi) in page
            assert f'{href_to("positions", pid)}#kpi-{entry.kpi}' in links(site, "kpis", entry.kpi)
        for entry in pos.training:
            assert href_to("courses", entry.course) in page
            assert f'{href_to("positions", pid)}#training' in links(site, "courses", entry.course)


def test_position_lists_the_exact_steps_it_performs(built):
    hb, site = built
    for pid, proc in hb.processes.items():
        proc_page = html(site, "processes", pid)
        for step in proc.steps:
            assert f'id="step-{step.id}"' in proc_page
            if step.role in hb.positions:
                assert f'{href_to("processes", pid)}#step-{step.id}' in links(site, "positions", step.role)
                assert href_to("positions", step.role) in links(site, "processes", pid)


def test_chapter_references_become_links_with_current_names(built):
    hb, site = built
    from handbook.load.refs import chapter_refs

    for cid, chapter in hb.chapters.items():
        page = html(site, "chapters", cid)
        targets = {link.split("#")[0] for link in links(site, "chapters", cid)}
        for _, match in chapter_refs(chapter.body):
            target = match.group(1).strip()
            assert href_to(hb.kind_of(target), target) in targets
            assert "[[" + target not in page
            if not match.group(3):
                assert hb.name_of(target) in page


def test_no_broken_links_and_no_external_resources(built):
    _, site = built
    assert check_site(site) == []
    from handbook.site.linkcheck import count_links

    assert count_links(site) > 100
    for path in site.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert not EXTERNAL.search(text), f"{path} loads something from another host"
    hosts = re.compile(r"fonts\.googleapis|fonts\.gstatic|unpkg\.com/|cdn\.jsdelivr|cdnjs\.")
    for path in [*site.rglob("*.html"), *site.rglob("*.js"), *site.rglob("*.css")]:
        found = hosts.search(path.read_text(encoding="utf-8", errors="replace"))
        assert not found, f"{path} names a CDN or font host: {found.group(0)}"


def test_generated_nav_stays_short(built):
    hb, site = built
    home = (site / "index.html").read_text(encoding="utf-8")
    nav_links = re.findall(r'class="md-nav__link', home)
    assert len(nav_links) < 40 + len(hb.chapters)


def test_data_fields_are_shown_as_text(minimal, tmp_path):
    payload = '<script>window.__pwned=1</script><img src=x onerror=alert(1)> [x](javascript:alert(1)) {{ 7*7 }}'
    path = minimal / "data/positions/sales-manager.yaml"
    text = path.read_text(encoding="utf-8").replace("purpose: 带领销售团队完成任务", f"purpose: '{payload}'")
    path.write_text(text, encoding="utf-8")
    site = build_project(minimal, tmp_path / "site").site
    page = html(site, "positions", "sales-manager")
    assert "<script>window.__pwned" not in page and "<img src=x" not in page
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in page
    assert 'href="javascript:' not in page
    assert "{{ 7*7 }}" in page and ">49<" not in page


def test_fast_path_gives_the_same_html_as_plain_markdown(sample_site, tmp_path, monkeypatch):
    """The plugin keeps generated HTML blocks away from Markdown; the pages must not change for it."""
    import handbook.site.plugin as plugin

    _, fast = sample_site
    monkeypatch.setattr(plugin, "hold_out", lambda markdown: (markdown, []))
    project = copy_project(ROOT, tmp_path / "project")
    slow = build_project(project, tmp_path / "slow").site

    def normalised(path: Path) -> str:
        return re.sub(r"\n\s*\n", "\n", path.read_text(encoding="utf-8"))

    pages = sorted(p.relative_to(fast) for p in fast.rglob("*.html"))
    assert pages == sorted(p.relative_to(slow) for p in slow.rglob("*.html"))
    different = [str(p) for p in pages if normalised(fast / p) != normalised(slow / p)]
    assert different == []
