"""Every page `handbook serve` produces shows data as text: the error page (no good build yet),
the banner over the last good site, 404s and the listings, with the hostile fixture's text in them.

The diagnostics quote the values they complain about, so each hostile string from
tests/cases/hostile is fed in as an unknown reference; the issue's two examples
(a value closing a Markdown code span, a value with a blank line) are among them.
"""

from __future__ import annotations

import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
import yaml

from browser import have_browser, start_chromium
from conftest import CASES
from handbook.pipeline import load_handbook
from handbook.safe_text import page_text, visible_controls
from sitebuild import copy_project
from test_hostile import MARKERS, data_strings, scan
from test_serve import free_port, wait_for

CODE_SPAN = "`<img src=x onerror=alert(1)>`"
BLANK_LINE = "x\n\n<img src=x onerror=alert(2)>"


def hostile_values() -> list[str]:
    hb, _ = load_handbook(CASES / "hostile")
    values = sorted({s for s in data_strings(hb) if any(c in s for c in "<`[{&")})
    return [CODE_SPAN, BLANK_LINE] + values


def break_with(project: Path, values: list[str]) -> None:
    """Make sales-manager reference every value (each becomes a diagnostic quoting it)."""
    path = project / "data/positions/sales-manager.yaml"
    record = yaml.safe_load(path.read_text(encoding="utf-8"))
    record["reports_to"] = values[0]
    record["unit"] = values[1]
    record["kpis"] = record["kpis"] + [{"kpi": v, "weight": 1} for v in values[2:]]
    path.write_text(yaml.safe_dump(record, allow_unicode=True, sort_keys=False), encoding="utf-8")


def status_and_body(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8")


@pytest.fixture(scope="module")
def driver(tmp_path_factory):
    if not have_browser():
        pytest.skip("Debian chromium/chromium-driver 未安装（tests/run.sh 会安装）")
    d = start_chromium(tmp_path_factory.mktemp("chrome"))
    d.set_page_load_timeout(30)
    yield d
    d.quit()


def browser_findings(driver, url: str) -> list[str]:
    """Alerts, injected <img src=x>/<script> elements and payload markers on the page at `url`."""
    from selenium.common.exceptions import NoAlertPresentException

    driver.get(url)
    time.sleep(0.5)
    found = []
    try:
        driver.switch_to.alert.dismiss()
        found.append("an alert opened")
    except NoAlertPresentException:
        pass
    injected = driver.execute_script(
        "return [...document.querySelectorAll('img[src=\"x\"], iframe, svg[onload], [onerror], details[ontoggle]')]"
        ".map(e => e.outerHTML.slice(0, 60))")
    found += [f"element {e}" for e in injected]
    for marker in MARKERS:
        if driver.execute_script(f"return typeof window.{marker} !== 'undefined'"):
            found.append(f"window.{marker} set")
    return found


def test_page_text_is_the_one_rule():
    assert page_text(CODE_SPAN) == "`&lt;img src=x onerror=alert(1)&gt;`"
    assert "\n" not in page_text(BLANK_LINE) and "<img" not in page_text(BLANK_LINE)
    assert page_text('a"b\'c') == "a&#34;b&#39;c"
    assert page_text("标题\n第二行", one_line=True) == "标题 第二行"
    assert visible_controls("a\x1b]0;x\x07b\x1b[2J\tc\n\u202e") == "a␛]0;x␇b␛[2J\tc\n[U+202E]"


@pytest.mark.browser
def test_serve_pages_show_hostile_values_as_text(tmp_path, driver):
    project = copy_project(CASES / "hostile", tmp_path / "project")
    good = (project / "data/positions/sales-manager.yaml").read_text(encoding="utf-8")
    values = hostile_values()
    break_with(project, values)
    port = free_port()
    import os
    import subprocess
    import sys

    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent / "generators")}
    proc = subprocess.Popen([sys.executable, "-m", "handbook.cli", "serve", "--root", str(project),
                             "-a", f"127.0.0.1:{port}"], cwd=project, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}/"
    bad_404 = base + urllib.parse.quote("<script>window.__pwned=404</script>/")
    failures: list[str] = []

    def check(url: str, expect_text: bool) -> None:
        status, body = status_and_body(url)
        failures.extend(f"{url}: markup {p}" for p in scan(body))
        failures.extend(f"{url}: {f}" for f in browser_findings(driver, url))
        if expect_text:
            text = driver.execute_script("return document.body.innerText")
            for value in (CODE_SPAN, "<img src=x onerror=alert(2)>"):
                if value not in text:
                    failures.append(f"{url}: {value!r} not shown as text")

    try:
        # 1. no good build yet: the error page
        page = wait_for(base, lambda p: "数据有错误" in p, timeout=120)
        assert "alert(1)" in page
        check(base, expect_text=True)
        check(bad_404, expect_text=False)
        # 2. a good build, then a broken edit: the banner over the last good pages and listings
        (project / "data/positions/sales-manager.yaml").write_text(good, encoding="utf-8")
        wait_for(base + "positions/sales-manager/", lambda p: "hb-build-errors" not in p and "销售经理" in p, timeout=120)
        break_with(project, values)
        wait_for(base + "positions/", lambda p: "hb-build-errors" in p, timeout=120)
        for path in ("", "positions/", "positions/sales-manager/", "org/", "kpis/"):
            check(base + path, expect_text=True)
        check(bad_404, expect_text=False)
        assert status_and_body(bad_404)[0] == 404
    finally:
        proc.terminate()
        output = proc.communicate(timeout=30)[0].decode("utf-8", "replace")
    assert failures == []
    assert "Traceback" not in output
    assert "\x1b" not in output
