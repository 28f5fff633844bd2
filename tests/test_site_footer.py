"""The footer a reader sees in Chromium (issue 15, item 7): version, 生效日期 and when the page's record or
chapter last changed in git; with nothing to say, no footer bar at all (never an empty black one)."""

from __future__ import annotations

import os
import subprocess

import pytest

from browser import needs_browser, start_chromium
from sitebuild import build_project, serve_dir

pytestmark = [pytest.mark.browser, needs_browser]

FOOTER_JS = """
const f = document.querySelector('footer');
if (!f) return null;
const bars = [...document.querySelectorAll('footer, .md-footer, .md-footer-meta')];
return {text: f.innerText, bg: getComputedStyle(f).backgroundColor, height: f.getBoundingClientRect().height,
        dark: bars.filter(b => ['rgb(0, 0, 0)', 'rgba(0, 0, 0, 0.87)'].includes(getComputedStyle(b).backgroundColor)).length}
"""


def _commit(project, message: str, date: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": f"{date}T12:00:00", "GIT_COMMITTER_DATE": f"{date}T12:00:00"}
    for args in (["add", "-A"], ["commit", "-q", "-m", message]):
        subprocess.run(["git", "-C", str(project), "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
                       check=True, env=env, capture_output=True)


def _footers(site, pages, tmp_path) -> dict:
    driver = start_chromium(tmp_path, 1280, 900)
    found = {}
    try:
        with serve_dir(site) as base:
            for page in pages:
                driver.get(base + page)
                found[page] = driver.execute_script(FOOTER_JS)
    finally:
        driver.quit()
    return found


def test_footer_shows_edition_and_the_pages_own_last_change(minimal, tmp_path):
    subprocess.run(["git", "init", "-q", str(minimal)], check=True)
    _commit(minimal, "first", "2026-02-03")
    position = minimal / "data/positions/sales-manager.yaml"
    position.write_text(position.read_text(encoding="utf-8").replace("带领销售团队完成任务", "带领团队开拓市场"),
                        encoding="utf-8")
    _commit(minimal, "second", "2026-03-15")
    site = build_project(minimal, tmp_path / "site").site
    found = _footers(site, ["positions/sales-manager/", "positions/gm/", "rules/", "positions/", ""], tmp_path)
    for page, footer in found.items():
        assert footer and footer["text"].strip() and footer["dark"] == 0, (page, footer)
        for text in ("版本 1.0", "生效日期 2026-01-01"):
            assert text in footer["text"], (page, footer["text"])
    assert "本页最近修改 2026-03-15" in found["positions/sales-manager/"]["text"]
    assert "本页最近修改 2026-02-03" in found["positions/gm/"]["text"]
    assert "本页最近修改 2026-02-03" in found["rules/"]["text"]  # a chapter: its content/ file's date
    assert "本页最近修改" not in found["positions/"]["text"]  # an index shows no single record


def test_nothing_to_say_means_no_footer_bar(minimal, tmp_path):
    """No release in data/handbook.yaml and no git history: no footer, not Material's empty dark bar."""
    meta = minimal / "data/handbook.yaml"
    meta.write_text("\n".join(line for line in meta.read_text(encoding="utf-8").splitlines()
                              if not line.startswith(("releases:", "  - {version"))) + "\n", encoding="utf-8")
    site = build_project(minimal, tmp_path / "site").site
    found = _footers(site, ["positions/sales-manager/", ""], tmp_path)
    assert found == {"positions/sales-manager/": None, "": None}


DATES_JS = """
const text = document.body.innerText;
const footer = document.querySelector('footer');
return {count: text.split(arguments[0]).length - 1, in_footer: !!footer && footer.innerText.includes(arguments[0])};
"""


def test_a_record_page_shows_its_last_change_once_and_the_print_edition_dates_each_record(minimal, tmp_path):
    """Issue 15 item 7: the page's last change is in the footer, not a second time in the body; the print
    edition (one page, no per-record footer) keeps the date in each record's section."""
    from handbook.addresses import page_url, record_page

    subprocess.run(["git", "init", "-q", str(minimal)], check=True)
    _commit(minimal, "first", "2026-02-03")
    site = build_project(minimal, tmp_path / "site").site
    records = [("positions", "sales-manager"), ("processes", "contract-review"), ("kpis", "sales-amount"),
               ("courses", "leadership"), ("units", "sales-dept")]
    driver = start_chromium(tmp_path, 1280, 900)
    try:
        with serve_dir(site) as base:
            for kind, rid in records:
                driver.get(base + page_url(record_page(kind, rid)))
                assert driver.execute_script(DATES_JS, "2026-02-03") == {"count": 1, "in_footer": True}, (kind, rid)
            driver.get(base + "print/")
            printed = driver.execute_script("return document.body.innerText")
    finally:
        driver.quit()
    assert printed.count("最近修改：2026-02-03") >= len(records)
