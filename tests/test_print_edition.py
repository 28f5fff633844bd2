"""The print edition: parts in the business's order, a cover with the edition, and charts that stay
legible on A4 — measured in the PDF Chromium prints (poppler's pdftotext gives each word's box in pt)."""

from __future__ import annotations

import base64
import re
import shutil
import statistics
import subprocess
import xml.etree.ElementTree as ET

import pytest

from browser import needs_browser, start_chromium
from handbook.render import order
from handbook.render.edition import edition
from sitebuild import serve_dir

MIN_PT = 7.0


def _page(site) -> str:
    return (site / "print" / "index.html").read_text(encoding="utf-8")


def test_parts_in_business_order_with_grouped_contents(sample_site):
    hb, site = sample_site
    html = _page(site)
    toc = html[html.index('class="hb-print-toc"'): html.index("</nav>", html.index('class="hb-print-toc"'))]
    parts = re.findall(r'<a href="#part-([a-z]+)-start">[一二三四五六]、([^<]+)</a>', toc)
    assert [t for _, t in parts] == ["管理制度", "组织架构", "岗位说明书", "业务流程", "考核指标", "培训课程"]
    # positions grouped by unit in org-tree order; the first group is the root unit, its head first
    groups = re.findall(r'<div class="hb-toc-group"><span>([^<]+)</span>', toc)
    by_unit = [hb.units[uid].name for uid, _ in order.positions_by_unit(hb)]
    assert groups[:len(by_unit)] == by_unit
    root = order.units_in_org_order(hb)[0]
    first_position = re.search(r'<span>' + re.escape(hb.units[root].name) + r'</span>\s*<ol><li><a href="#part-([^"]+)"',
                               toc).group(1)
    assert first_position == hb.units[root].head
    # the body follows the contents
    body_order = re.findall(r'<div class="hb-print-chapter" id="part-([^"]+)"', html)
    toc_order = [a for a in re.findall(r'<li><a href="#part-([^"]+)">', toc) if not a.endswith("-start")]
    assert body_order == toc_order and len(body_order) == len(set(body_order))


def test_cover_names_the_edition_and_hint_is_screen_only(sample_site):
    hb, site = sample_site
    html = _page(site)
    ed = edition(hb.meta)
    cover = html[html.index('class="hb-cover"'): html.index("</section>", html.index('class="hb-cover"'))]
    for text in (ed["version"], ed["date"], ed["approver"], "生效日期"):
        assert text in cover
    hint = re.search(r'<p class="([^"]*)">用浏览器', html)
    assert "hb-screen-only" in hint.group(1).split()


@pytest.mark.browser
@needs_browser
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils 未安装（tests/run.sh 会安装）")
def test_printed_charts_are_legible_on_a4(sample_site, tmp_path):
    hb, site = sample_site
    driver = start_chromium(tmp_path)
    try:
        with serve_dir(site) as base:
            driver.get(base + "print/")
            pdf = driver.execute_cdp_cmd("Page.printToPDF", {"preferCSSPageSize": True, "printBackground": True})
    finally:
        driver.quit()
    (tmp_path / "book.pdf").write_bytes(base64.b64decode(pdf["data"]))
    subprocess.run(["pdftotext", "-bbox", str(tmp_path / "book.pdf"), str(tmp_path / "book.html")], check=True)
    words = ET.parse(tmp_path / "book.html").getroot().iter("{http://www.w3.org/1999/xhtml}word")
    sizes: dict[str, list[float]] = {}  # CJK glyphs are 1 em: font size = word length / characters
    for w in words:
        text = w.text or ""
        if len(text) >= 2 and all("\u4e00" <= ch <= "\u9fff" for ch in text):
            width, height = float(w.get("xMax")) - float(w.get("xMin")), float(w.get("yMax")) - float(w.get("yMin"))
            sizes.setdefault(text, []).append(max(width, height) / len(text))  # turned charts run downwards
    # step text as drawn in the charts of the print page: every tspan of a step or gateway box
    html = _page(site)
    lines = set(re.findall(r'<(?:a|g) [^>]*class="hb-node hb-(?:step|decision)"[^>]*>.*?</(?:a|g)>', html, re.S))
    step_lines = {t for node in lines for t in re.findall(r"<tspan[^>]*>([^<]+)</tspan>", node)}
    found = [h for text in step_lines for h in sizes.get(text, [])]
    assert len(found) >= 50, len(found)
    median = statistics.median(found)
    share = sum(1 for h in found if h >= MIN_PT) / len(found)
    print(f"\nchart step text in the printed PDF: median {median:.1f} pt, smallest {min(found):.1f} pt, "
          f"{share:.0%} of {len(found)} lines >= {MIN_PT} pt")
    assert median >= MIN_PT and share >= 0.8  # the rest: charts of 11+ lanes, see the report
    text = subprocess.run(["pdftotext", "-l", "2", str(tmp_path / "book.pdf"), "-"], capture_output=True, text=True).stdout
    assert "生效日期" in text and "用浏览器" not in text
    assert "放大" not in subprocess.run(["pdftotext", str(tmp_path / "book.pdf"), "-"], capture_output=True,
                                       text=True).stdout  # no zoom toolbar on paper
