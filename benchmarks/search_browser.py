"""Search in the browser on a large synthetic organization: bytes and keystroke latency.

Not part of the test suite. Run:  python benchmarks/search_browser.py --positions 2000

1. generates an organization (handbook.synthetic) and builds it with the real pipeline (build_site);
2. serves the site on 127.0.0.1 (http.server, no compression) and opens a position page in headless
   Chromium, then measures
   (a) the index size, raw and gzip: all files, and manifest + first shard;
   (b) the bytes the browser downloaded from focusing the header box until the first result shows
       (Resource Timing transferSize; DevTools Network.loadingFinished as a cross-check);
   (c) keystroke → results latency, p50/p95, queries typed character by character: the first query
       while shards are still loading, then >= 30 queries with the index fully loaded. Measured
       inside the page (search.js's window.__hbSearchTiming): `dom` = input event → dropdown
       updated, `frame` = input event → the task after the next animation frame (painted).
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "generators"))

from handbook.search import MANIFEST_PATH  # noqa: E402
from handbook.site.build import build_site  # noqa: E402
from handbook.site.project import write_default_config  # noqa: E402
from handbook.synthetic import generate  # noqa: E402

CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"

FIRST_QUERY = "合同评审"
QUERIES = ["回款率", "合同评审", "销售经理 权限", "客户", "发票", "谁负责回款", "合同评审的步骤", "市场调研",
           "深圳分公司市场部经理", "kpi", "培训", "招聘", "费用报销", "信用额度", "退换货", "商务助理 发票",
           "货款回笼", "竞品分析", "库存", "对账", "促销", "品牌推广", "订单", "档案管理", "绩效考核",
           "成都分公司销售部业务代表", "客户投诉", "销售费用预算", "任职资格", "合同", "样衣", "招投标",
           "大客户", "终端业务员", "年度经营目标",
           # repairs (issue 16): pinyin, initials, typos, questions, Traditional, everyday words
           "fapiao", "hetong", "swzl", "合同评申", "回款律", "谁负责开发票", "新员工入职培训怎么安排",
           "應收帳款", "报账", "合同评审的流程"]


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def build(project: Path, positions: int) -> tuple[Path, str]:
    t = time.perf_counter()
    generate(project, positions)
    write_default_config(project)
    site = build_site(project).site
    return site, f"built {positions} positions in {time.perf_counter() - t:.0f} s"


def sizes(site: Path) -> dict:
    manifest = json.loads((site / MANIFEST_PATH).read_text(encoding="utf-8"))
    paths = [MANIFEST_PATH] + ["search/" + name for name, _ in manifest["shards"]]
    raw = {p: (site / p).read_bytes() for p in paths}
    gz = {p: len(gzip.compress(b, 6)) for p, b in raw.items()}
    first = paths[:2]
    return {"files": len(paths), "entries": sum(n for _, n in manifest["shards"]),
            "all_raw": sum(len(b) for b in raw.values()), "all_gzip": sum(gz.values()),
            "first_raw": sum(len(raw[p]) for p in first), "first_gzip": sum(gz[p] for p in first),
            "largest_shard_raw": max(len(raw[p]) for p in paths[1:])}


def serve(site: Path):
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def start_browser(profile: Path):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--no-first-run",
                "--window-size=1280,900", f"--user-data-dir={profile}"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_script_timeout(120)
    return driver


def devtools_bytes(driver) -> tuple[int, list[str]]:
    """Bytes per request since the last call: loadingFinished, else what dataReceived saw so far."""
    finished, partial, urls = {}, {}, {}
    for entry in driver.get_log("performance"):
        msg = json.loads(entry["message"])["message"]
        params = msg.get("params", {})
        if msg["method"] == "Network.requestWillBeSent":
            urls[params["requestId"]] = params["request"]["url"]
        elif msg["method"] == "Network.loadingFinished":
            finished[params["requestId"]] = params["encodedDataLength"]
        elif msg["method"] == "Network.dataReceived":
            partial[params["requestId"]] = partial.get(params["requestId"], 0) + params.get("encodedDataLength", 0)
    total = sum(finished.values()) + sum(v for k, v in partial.items() if k not in finished)
    return total, [urls.get(k, k).rsplit("/", 2)[-1] for k in finished]


def records(driver) -> list[dict]:
    return driver.execute_script("return (window.__hbSearchTiming || []).filter(r => r.source === 'header')")


def type_query(driver, box, query: str, click: bool = False) -> list[dict]:
    """Type `query` one character at a time; after each, wait for search.js to record that value.
    With `click`, the click that focuses the box and the first key go in one action (no round trip)."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.support.ui import WebDriverWait

    out = []
    typed = ""
    for k, ch in enumerate(query):
        typed += ch
        before = len(records(driver))
        if click and k == 0:
            ActionChains(driver).click(box).send_keys(ch).perform()
        else:
            box.send_keys(ch)
        WebDriverWait(driver, 60, poll_frequency=0.005).until(
            lambda d: any(r["q"] == typed and r["input"] is not None for r in records(d)[before:]))
        time.sleep(0.05)  # let the frame after it run
        recs = [r for r in records(driver)[before:] if r["q"] == typed and r["input"] is not None]
        out.append(recs[-1])
    return out


def run_browser(site: Path, base: str, profile: Path) -> dict:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    position = sorted((site / "positions").glob("*/index.html"))[0].parent.name
    driver = start_browser(profile)
    try:
        driver.get(base + f"positions/{position}/")
        WebDriverWait(driver, 60).until(lambda d: d.execute_script("return document.readyState") == "complete")
        time.sleep(0.5)
        devtools_bytes(driver)  # drop the page load
        t0 = driver.execute_script("performance.clearResourceTimings(); return performance.now()")
        box = driver.find_element(By.CSS_SELECTOR, ".hb-search__input")
        first = type_query(driver, box, FIRST_QUERY, click=True)
        first_shown = min(r["done"] for r in first)
        resources = driver.execute_script(
            "return performance.getEntriesByType('resource').map(e => ({name: e.name, start: e.startTime,"
            " end: e.responseEnd, bytes: e.transferSize}))")
        resources = [r for r in resources if "/search/" in r["name"]]
        t0 = min([r["start"] for r in resources] + [first[0]["input"]])  # focus: the manifest request starts
        before = [r for r in resources if r["start"] >= t0 - 1 and r["end"] <= first_shown]
        in_flight = [r for r in resources if r["start"] <= first_shown < r["end"]]
        WebDriverWait(driver, 120, poll_frequency=0.05).until(lambda d: d.execute_script(
            "return !!window.HandbookSearch && window.__hbSearchTiming &&"
            " window.__hbSearchTiming.some(r => r.pending === 0)"))
        loaded_at = driver.execute_script("return window.__hbSearchTiming.find(r => r.pending === 0).done")
        total_bytes, _ = devtools_bytes(driver)
        driver.execute_async_script("HandbookSearch.loadAll().then(() => arguments[0]())")
        full = []
        for q in QUERIES:
            box.send_keys(Keys.ESCAPE)  # search.js clears the box
            WebDriverWait(driver, 10).until(lambda d: box.get_attribute("value") == "")
            full += [dict(r, query=q) for r in type_query(driver, box, q)]
        assert all(r["pending"] == 0 for r in full)
        return {"position": position, "first": first, "first_shown_ms": first_shown - t0,
                "all_loaded_ms": loaded_at - t0, "bytes_before_first": sum(r["bytes"] for r in before),
                "files_before_first": [r["name"].rsplit("/", 1)[-1] for r in before],
                "in_flight_at_first": [r["name"].rsplit("/", 1)[-1] for r in in_flight],
                "first_input_ms": first[0]["input"] - t0,
                "timeline": [(r["name"].rsplit("/", 1)[-1], r["start"] - t0, r["end"] - t0) for r in resources],
                "devtools_bytes_until_loaded": total_bytes, "full": full,
                "entries": full[0]["entries"] if full else None}
    finally:
        driver.quit()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--positions", type=int, default=2000)
    parser.add_argument("--keep", action="store_true", help="keep the generated project and site")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="hb-search-bench-"))
    try:
        site, note = build(work / "project", args.positions)
        print(note)
        size = sizes(site)
        server, base = serve(site)
        try:
            got = run_browser(site, base, work / "chrome-profile")
        finally:
            server.shutdown()
            server.server_close()
        mb = 1024 * 1024
        print(f"\nindex: {size['entries']} entries in {size['files']} files "
              f"(manifest + {size['files'] - 1} shards, largest shard {size['largest_shard_raw'] / 1024:.0f} KiB)")
        print(f"{'measure':58} {'value':>18}")
        rows = [
            ("(a) index, all files, raw / gzip",
             f"{size['all_raw'] / mb:.2f} / {size['all_gzip'] / mb:.2f} MiB"),
            ("(a) manifest + first shard, raw / gzip",
             f"{size['first_raw'] / mb:.2f} / {size['first_gzip'] / mb:.2f} MiB"),
            ("(b) downloaded, focus → first result (transferSize)",
             f"{got['bytes_before_first'] / mb:.2f} MiB"),
            ("    files completed before the first result", ", ".join(got["files_before_first"])),
            ("    still in flight at the first result", ", ".join(got["in_flight_at_first"]) or "-"),
            ("(b) downloaded, focus → every shard in (DevTools)", f"{got['devtools_bytes_until_loaded'] / mb:.2f} MiB"),
            ("    focus → first key's input event", f"{got['first_input_ms']:.0f} ms"),
            ("    focus → first result shown", f"{got['first_shown_ms']:.0f} ms"),
            ("    focus → every shard loaded", f"{got['all_loaded_ms']:.0f} ms"),
        ]
        for label, value in rows:
            print(f"{label:58} {value:>18}")
        print("    index requests (ms after focus): " + ", ".join(
            f"{name} {start:.0f}–{end:.0f}" for name, start, end in got["timeline"]))
        first, full = got["first"], got["full"]
        print(f"\n(c) keystroke → results, ms (header dropdown, {CHROMIUM}, headless)")
        print(f"{'phase':44} {'keys':>5} {'dom p50':>8} {'dom p95':>8} {'frame p50':>9} {'frame p95':>9}")

        def line(label, recs):
            dom = [r["done"] - r["input"] for r in recs]
            frame = [r["paint"] - r["input"] for r in recs if r["paint"] is not None]
            print(f"{label:44} {len(recs):5} {percentile(dom, 50):8.1f} {percentile(dom, 95):8.1f} "
                  f"{percentile(frame, 50):9.1f} {percentile(frame, 95):9.1f}")

        line(f"first query {FIRST_QUERY!r}, while loading", first)
        for k, r in enumerate(first):
            print(f"    key {k + 1} {r['q']!r}: {r['done'] - r['input']:.1f} ms, shards pending {r['pending']}, "
                  f"entries searched {r['entries']}")
        line(f"{len(QUERIES)} queries, index fully loaded ({got['entries']} entries)", full)
        slow = sorted(full, key=lambda r: r["done"] - r["input"])[-3:]
        print("    slowest keys: " + ", ".join(f"{r['q']!r} {r['done'] - r['input']:.1f} ms" for r in slow))
        if args.keep:
            print(f"\nkept: {work}")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
