"""Diagrams in a real browser: the zoom toolbar, and real text widths against the layout's estimate."""

from __future__ import annotations

from pathlib import Path

import pytest

from browser import needs_browser, start_chromium
from handbook.diagrams.text import FONT_STACK
from handbook.diagrams import Band, FlowEdge, FlowNode, Lane, OrgNode, render_orgchart, render_swimlane, text_width

ASSETS = Path(__file__).resolve().parent.parent / "generators" / "handbook" / "assets"
pytestmark = [pytest.mark.browser, needs_browser]


def _wide_org() -> OrgNode:
    depts = tuple(
        OrgNode(f"d{j}", f"第{j}部门 Operations", f"d{j}/", "部门", "unit",
                tuple(OrgNode(f"p{j}-{i}", f"岗位（{i}）WWW专员", f"p{j}-{i}/", f"编制 {i}", "position")
                      for i in range(3)))
        for j in range(9))
    return OrgNode("root", "示例集团有限公司", "./", "集团", "unit", depts)


def _process() -> str:
    lanes = [Lane("a", "申请人", "a/"), Lane("b", "部门负责人 Manager", "b/")]
    nodes = [FlowNode("s1", "提交《费用报销单》及发票 MMM", "a", "#step-s1", "p"),
             FlowNode("s2", "金额是否超过限额？", "b", "#step-s2", "p", decision=True, approval="审批")]
    edges = [FlowEdge("s1", "s2"), FlowEdge("s2", "end", "否"), FlowEdge("s2", "s1", "是，退回修改")]
    return render_swimlane(lanes, [Band("p", "报销")], nodes, edges, title="报销流程")


def _page(tmp_path: Path, body: str, pre_script: str = "") -> str:
    page = tmp_path / "page.html"
    page.write_text(
        "<!doctype html><html><head><meta charset='utf-8'>"
        f"<style>body{{width:700px;font-family:sans-serif}}</style><style>{(ASSETS / 'diagrams.css').read_text()}</style>"
        f"</head><body>{body}<script>{pre_script}</script><script>{(ASSETS / 'diagrams.js').read_text()}</script>"
        "</body></html>", encoding="utf-8")
    return page.as_uri()


def test_zoom_toolbar_fits_wide_chart_and_zooms(tmp_path):
    svg = render_orgchart(_wide_org(), title="组织架构图")
    driver = start_chromium(tmp_path)
    try:
        driver.get(_page(tmp_path, svg))
        buttons = driver.execute_script(
            "return [...document.querySelectorAll('.hb-diagram-toolbar button')].map(b => b.textContent)")
        assert buttons == ["放大", "缩小", "适合宽度", "原始大小"]
        natural = driver.execute_script("return document.querySelector('svg.hb-diagram').viewBox.baseVal.width")
        width = lambda: driver.execute_script(  # noqa: E731
            "return document.querySelector('svg.hb-diagram').getBoundingClientRect().width")
        # on load: as wide as the column allows, but never smaller than readable (14 px box text → >= 11 px)
        opened = width()
        assert natural > 700 and opened >= natural * 11 / 14 - 1
        driver.execute_script("document.querySelectorAll('.hb-diagram-toolbar button')[0].click()")
        assert width() > opened * 1.2
        driver.execute_script("document.querySelectorAll('.hb-diagram-toolbar button')[3].click()")
        assert abs(width() - natural) < 1
        driver.execute_script("document.querySelectorAll('.hb-diagram-toolbar button')[2].click()")
        assert width() <= 702  # 适合宽度 shows the whole chart
    finally:
        driver.quit()


def test_instant_navigation_hook_and_idempotence(tmp_path):
    """With Material's document$ present the script subscribes; running twice wraps only once."""
    pre = "window.__calls=[];window.document$={subscribe:function(f){window.__init=f;f();}};"
    driver = start_chromium(tmp_path)
    try:
        driver.get(_page(tmp_path, _process(), pre))
        driver.execute_script("window.__init()")
        assert driver.execute_script("return document.querySelectorAll('.hb-diagram-wrap').length") == 1
    finally:
        driver.quit()


def test_rendered_text_fits_inside_boxes(tmp_path):
    """The estimate in text.py must not be smaller than what the browser's fonts really draw."""
    driver = start_chromium(tmp_path)
    try:
        driver.get(_page(tmp_path, render_orgchart(_wide_org(), title="t") + _process()))
        overflow = driver.execute_script("""
            const bad = [];
            for (const node of document.querySelectorAll('.hb-node')) {
              const shape = node.querySelector('.hb-shape').getBBox();
              for (const t of node.querySelectorAll('text')) {
                const b = t.getBBox();
                if (b.x < shape.x - 0.5 || b.x + b.width > shape.x + shape.width + 0.5) bad.push(t.textContent);
              }
            }
            return bad;""")
        assert overflow == []
    finally:
        driver.quit()


def test_width_estimate_is_not_below_real_font_metrics(tmp_path):
    """Measured in the diagram's own font stack, and in each fallback this machine can resolve it to."""
    samples = ["人力资源部经理", "（兼任）《制度》，。、：", "WWW MMM @%&#", "abcdefghijklmnopqrstuvwxyz",
               "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "0123456789", "HRBP 专员 Assistant-2", "“引号”…—", "Ünïcödé ßøå"]
    families = [FONT_STACK, "sans-serif", "'DejaVu Sans'", "'Noto Sans CJK SC'"]
    driver = start_chromium(tmp_path)
    try:
        driver.get(_page(tmp_path, "<svg class='hb-diagram' id='m' width='10' height='10'></svg>"))
        too_narrow = []
        for family in families:
            for s in samples:
                for size in (11, 12, 13, 14):
                    real = driver.execute_script("""
                        const t = document.createElementNS('http://www.w3.org/2000/svg', 'text');
                        t.setAttribute('font-size', arguments[1]); t.setAttribute('font-family', arguments[2]);
                        t.textContent = arguments[0];
                        document.getElementById('m').appendChild(t);
                        const w = t.getComputedTextLength(); t.remove(); return w;""", s, size, family)
                    if real > text_width(s, size) + 0.5:
                        too_narrow.append((family, s, size, round(real, 1), round(text_width(s, size), 1)))
        assert too_narrow == []
    finally:
        driver.quit()


def test_diagrams_name_their_font_stack():
    """The SVG itself carries the stack the width table was measured for; page CSS must not override it."""
    svg = render_orgchart(_wide_org(), title="t")
    head = svg[svg.index("<svg"): svg.index(">", svg.index("<svg"))]
    assert "font-family=" in head and "Noto Sans CJK SC" in head and "Microsoft YaHei" in head
    assert "font-family" not in (ASSETS / "diagrams.css").read_text()
