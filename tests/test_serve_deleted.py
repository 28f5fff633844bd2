"""The live preview drops the page of a record whose file was deleted (404, not the stale page)."""

from __future__ import annotations

import urllib.error
import urllib.request

from test_serve import server, wait_for  # noqa: F401 — the fixture starts `handbook serve`

CLERK = """id: temp-clerk
name: 临时文员
unit: sales-dept
reports_to: sales-manager
purpose: 整理单据
duties: [整理销售单据]
"""


def status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code
    except OSError:
        return 0


def test_deleted_record_page_is_gone(server):  # noqa: F811
    project, base, proc = server
    record = project / "data/positions/temp-clerk.yaml"
    record.write_text(CLERK, encoding="utf-8")
    url = base + "positions/temp-clerk/"
    wait_for(url, lambda page: "临时文员" in page)
    record.unlink()
    wait_for(base + "positions/", lambda page: "临时文员" not in page and "销售经理" in page)
    assert status(url) == 404
    assert status(base + "positions/sales-manager/") == 200
