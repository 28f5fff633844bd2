"""Rerun the hostile-contributor and careless-operator attacks of issue 11 and print held / FAILED.

Each attack runs against a fresh copy of a fixture project in a temporary folder,
through the real command (`python -m handbook.cli …`) where that is how the attack
arrives. Browser-only attacks (payloads running in Chromium, requests leaving the
host) are covered by tests/test_hostile.py, tests/test_serve_safety.py and
tests/test_offline_a11y.py; here their static half is checked.

    .venv/bin/python benchmarks/redteam.py            # all attacks
    .venv/bin/python benchmarks/redteam.py -k site    # only attacks whose name contains "site"
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.error
import urllib.request
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GENERATORS = ROOT / "generators"
CASES = ROOT / "tests" / "cases"
sys.path[:0] = [str(GENERATORS), str(ROOT / "tests"), str(ROOT / "benchmarks")]
ENV = {**os.environ, "PYTHONPATH": str(GENERATORS)}

ATTACKS: list[tuple[str, str, object]] = []


def attack(name: str, what: str):
    def register(func):
        ATTACKS.append((name, what, func))
        return func
    return register


# --------------------------------------------------------------------------- helpers
def project(tmp: Path, case: str = "minimal") -> Path:
    from handbook.site.project import write_default_config

    target = tmp / "parent" / "project"
    shutil.copytree(CASES / case / "data", target / "data")
    if (CASES / case / "content").is_dir():
        shutil.copytree(CASES / case / "content", target / "content")
    write_default_config(target)
    return target


def cli(*args: str, cwd: Path, timeout: float = 300, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "handbook.cli", *args], cwd=cwd, env=ENV, capture_output=True,
                          timeout=timeout, **kw)


def tree(folder: Path) -> dict:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def set_site_dir(proj: Path, value: str) -> None:
    with open(proj / "mkdocs.yml", "a", encoding="utf-8") as handle:
        handle.write(f"site_dir: {value}\n")


PEAK = """
import sys, runpy, time
started = time.perf_counter()
sys.argv = ["handbook", *sys.argv[1:]]
try:
    runpy.run_module("handbook.cli", run_name="__main__")
except SystemExit:
    pass
finally:
    peak = next(l.split()[1] for l in open("/proc/self/status") if l.startswith("VmHWM"))
    print(f"@@ {time.perf_counter() - started:.1f} {int(peak) // 1024}", file=sys.stderr)
"""


def measured(*args: str, cwd: Path, timeout: float = 300) -> tuple[subprocess.CompletedProcess, float, int]:
    done = subprocess.run([sys.executable, "-c", PEAK, *args], cwd=cwd, env=ENV, capture_output=True, timeout=timeout)
    figures = re.findall(rb"@@ ([\d.]+) (\d+)", done.stderr)
    seconds, peak = figures[-1] if figures else (b"0", b"0")
    return done, float(seconds), int(peak)


def markup_from_data(html: str) -> list[str]:
    from test_hostile import scan

    return scan(html)


# --------------------------------------------------------------------------- escaping
@attack("serve-error-page", "预览错误页（尚无成功版本）：`<img onerror>` 与含空行的值")
def _(tmp):
    proj = project(tmp)
    edit(proj / "data/positions/sales-manager.yaml", "reports_to: gm",
         'reports_to: "`<img src=x onerror=alert(1)>`"\nunit: "x\\n\\n<img src=x onerror=alert(2)>"')
    edit(proj / "data/positions/sales-manager.yaml", "unit: sales-dept\n", "")
    from test_serve import free_port

    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "handbook.cli", "serve", "--root", str(proj), "-a",
                             f"127.0.0.1:{port}"], cwd=proj, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        page = ""
        deadline = time.time() + 120
        while time.time() < deadline and "数据有错误" not in page:
            try:
                page = urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5).read().decode()
            except OSError:
                time.sleep(0.3)
        found = markup_from_data(page) + (["<img src=x"] if "<img src=x" in page else [])
        return not found and "alert(1)" in page, f"注入的标记：{found}" if found else "两条都作为文字显示"
    finally:
        proc.terminate()
        proc.wait(timeout=30)


@attack("serve-banner", "预览横幅（已有成功版本）中的数据值")
def _(tmp):
    from handbook.diagnostics import Diagnostic
    from handbook.site.errors import error_banner

    html = error_banner([Diagnostic("data/x.yaml", 1, "ref.unknown", "找不到 “<img src=x onerror=alert(1)>”")])
    return "<img" not in html, "已转义" if "<img" not in html else html[:80]


@attack("site-every-field", "构建的网站：每个字段都带脚本注入（tests/cases/hostile）")
def _(tmp):
    from sitebuild import build_project, copy_project

    site = build_project(copy_project(CASES / "hostile", tmp / "p"), tmp / "site").site
    found = {p.relative_to(site).as_posix(): markup_from_data(p.read_text(encoding="utf-8"))
             for p in site.rglob("*.html")}
    found = {k: v for k, v in found.items() if v}
    return not found, f"{len(list(site.rglob('*.html')))} 个页面无注入" if not found else str(found)[:120]


@attack("template-syntax", "数据中的 Jinja 语法 {{ 7*7 }} 不被执行")
def _(tmp):
    from sitebuild import build_project, copy_project

    site = build_project(copy_project(CASES / "hostile", tmp / "p"), tmp / "site").site
    html = (site / "kpis/sales-amount/index.html").read_text(encoding="utf-8")
    return "{{ 7*7 }}" in html and ">49<" not in html, "原样显示"


@attack("formula-injection", "导出的 Excel：=、+、-、@ 开头的数据不成为公式")
def _(tmp):
    import io

    from openpyxl import load_workbook

    from handbook.exports import export_files
    from handbook.pipeline import load_handbook

    from test_hostile import data_strings

    hb, _ = load_handbook(CASES / "hostile")
    risky = [s.lstrip("=+-@") for s in data_strings(hb) if s[:1] in "=+-@" and len(s) > 3]
    formulas = []  # the sheets' own formulas (weight sums, scores) are fine; data inside a formula is not
    for path, content in export_files(hb).items():
        if path.endswith(".xlsx"):
            for sheet in load_workbook(io.BytesIO(content)).worksheets:
                formulas += [f"{path}!{c.coordinate}" for row in sheet.iter_rows() for c in row
                             if c.data_type == "f" and any(r in str(c.value) for r in risky)]
    return not formulas, f"{len(risky)} 个危险文字均为文本" if not formulas else str(formulas[:3])


@attack("other-hosts", "网站不引用其他主机的脚本、样式或图片（静态检查）")
def _(tmp):
    from sitebuild import build_project, copy_project

    site = build_project(copy_project(CASES / "minimal", tmp / "p"), tmp / "site").site
    pattern = re.compile(r'<(?:script|link|img|iframe)\b[^>]*(?:src|href)="(?:https?:)?//', re.I)
    hits = [p.name for p in site.rglob("*.html") if pattern.search(p.read_text(encoding="utf-8"))]
    hits += [p.name for p in site.rglob("bundle.*.js") if "https://unpkg.com/" in p.read_text(encoding="utf-8")]
    return not hits, "无外部请求" if not hits else str(hits[:3])


@attack("terminal-escapes", "数据中的终端控制序列（改标题、清屏）不到达终端")
def _(tmp):
    proj = project(tmp)
    edit(proj / "data/positions/sales-manager.yaml", "reports_to: gm", r'reports_to: "gm\e]0;PWNED\a\e[2J\x9b31m"')
    out = b""
    for args in (["check"], ["check", "--format", "json"], ["build"]):
        done = cli(*args, "--root", ".", cwd=proj)
        out += done.stdout + done.stderr
    bad = [repr(c) for c in ("\x1b", "\x07", "\x9b") if c in out.decode("utf-8", "replace")]
    return not bad, "控制字符以 ␛ 等可见形式显示" if not bad else f"到达终端：{bad}"


# --------------------------------------------------------------------------- the output folder
@attack("site-dir-user-folder", "site_dir: ../pub（其中有用户文件），连续生成三次")
def _(tmp):
    proj = project(tmp)
    pub = proj.parent / "pub"
    pub.mkdir()
    (pub / "报告.docx").write_bytes(b"user")
    set_site_dir(proj, "../pub")
    before = tree(pub)
    codes = [cli("build", "--root", ".", cwd=proj).returncode for _ in range(3)]
    return tree(pub) == before and all(codes), "拒绝，用户文件原样保留" if tree(pub) == before else "用户文件被移动或删除"


@attack("site-dir-parent", "--site-dir 指向项目的上级目录，连续生成三次")
def _(tmp):
    proj = project(tmp)
    before = tree(proj.parent)
    for _ in range(3):
        cli("build", "--root", ".", "--site-dir", str(proj.parent), cwd=proj)
    return tree(proj.parent) == before and proj.parent.is_dir() and not proj.parent.is_symlink(), "拒绝，项目未动"


@attack("site-dir-data", "site_dir: data")
def _(tmp):
    proj = project(tmp)
    set_site_dir(proj, "data")
    before = tree(proj / "data")
    cli("build", "--root", ".", cwd=proj)
    ok = not (proj / "data").is_symlink() and tree(proj / "data") == before
    return ok, "拒绝，data/ 未动" if ok else "data/ 被替换"


@attack("site-dir-content-out", "--site-dir content/out 连续生成四次（网站嵌套）")
def _(tmp):
    proj = project(tmp)
    for _ in range(4):
        cli("build", "--root", ".", "--site-dir", "content/out", cwd=proj)
    ok = not (proj / "content/out").exists()
    return ok, "拒绝" if ok else f"{len(list((proj / 'content').rglob('index.html')))} 个页面进入 content/"


@attack("first-switch-kill", "从旧的普通 site/ 文件夹第一次切换时在每一步 kill -9")
def _(tmp):
    from test_output_dir import CRASH

    for step in range(1, 12):
        work = tmp / f"s{step}"
        site, built = work / "site", work / ".site-builds" / "20260101-000000-1-1"
        site.mkdir(parents=True)
        (site / "index.html").write_text("old")
        built.mkdir(parents=True)
        (built / "index.html").write_text("new")
        done = subprocess.run([sys.executable, "-c", CRASH, str(site), str(built), str(step)], env=ENV,
                              capture_output=True, text=True)
        if not (site / "index.html").exists():
            return False, f"第 {step} 步之后没有 site"
        if done.returncode == 0:
            return True, f"在全部 {step - 1} 个崩溃点 kill -9，site 始终存在"
    return False, "切换没有完成"


@attack("build-kill", "生成过程中 kill -9：已发布的网站完整")
def _(tmp):
    from handbook.site.build import build_site
    from handbook.site.publish import builds_dir

    proj = project(tmp)
    site = proj / "site"
    build_site(proj, site)
    before = tree(site)
    proc = subprocess.Popen([sys.executable, "-m", "handbook.cli", "build", "--root", "."], cwd=proj, env=ENV,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    while time.time() < deadline:
        fresh = [p for p in builds_dir(site).iterdir() if p.is_dir() and p.resolve() != site.resolve()
                 and not p.name.startswith("legacy")]
        if fresh and any(fresh[0].iterdir()):
            break
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    return tree(site) == before, "上一版网站完整"


@attack("full-disk", "磁盘写满（文件大小上限）：生成失败，网站不变")
def _(tmp):
    from handbook.site.build import build_site

    proj = project(tmp)
    build_site(proj, proj / "site")
    before = tree(proj / "site")
    edit(proj / "data/positions/sales-manager.yaml", "带领销售团队完成任务", "磁盘满时的修改")
    code = ("import resource, signal, sys; signal.signal(signal.SIGXFSZ, signal.SIG_IGN); "
            "resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, 20_000)); "
            "from handbook.cli import main; sys.argv = ['handbook', 'build', '--root', '.']; main()")
    done = subprocess.run([sys.executable, "-c", code], cwd=proj, env=ENV, capture_output=True, text=True)
    ok = done.returncode != 0 and "Traceback" not in done.stderr and tree(proj / "site") == before
    return ok, "清楚的错误，网站不变" if ok else done.stderr[-120:]


# --------------------------------------------------------------------------- reading input
@attack("zip-bomb-import", "2 MB 左右的 Excel 压缩炸弹（20 万行以上）导入")
def _(tmp):
    from handbook.importer.bounds import MAX_ROWS_PER_SHEET
    from test_import_bounds import zip_bomb

    bomb = zip_bomb(tmp / "bomb.xlsx", MAX_ROWS_PER_SHEET + 10)
    done, seconds, peak = measured("import", "xlsx", "--simple", "--root", str(tmp / "hb"), str(bomb), cwd=tmp)
    ok = "超过上限" in done.stderr.decode() and not (tmp / "hb/data").exists()
    return ok, f"{bomb.stat().st_size // 1024} KB 文件：{seconds:.1f} 秒，峰值 {peak} MB，拒绝"


@attack("problem-list-cap", "500 行错误的 Excel：问题清单有上限")
def _(tmp):
    from test_import_bounds import simple_workbook

    path = simple_workbook(tmp / "bad.xlsx", [["财务部", f"会计{n}", "记账", "两个"] for n in range(500)])
    done = cli("import", "xlsx", "--simple", "--root", str(tmp / "hb"), str(path), cwd=tmp)
    text = done.stderr.decode()
    return "另有 300 处问题未列出" in text, f"输出 {len(text.splitlines())} 行"


@attack("sparse-3gb", "data/ 下 3 GB 稀疏文件：先看大小，不读入内存")
def _(tmp):
    proj = project(tmp)
    with open(proj / "data/positions/huge.yaml", "wb") as handle:
        handle.truncate(3 * 1024**3)
    done, seconds, peak = measured("check", "--root", ".", cwd=proj)
    ok = b"yaml.too-large" in done.stdout + done.stderr and peak < 400
    return ok, f"{seconds:.1f} 秒，峰值 {peak} MB"


@attack("fifo-chapter", "content/ 下名为 .md 的管道文件：生成不阻塞")
def _(tmp):
    proj = project(tmp)
    os.mkfifo(proj / "content/pipe.md")
    try:
        done = cli("build", "--root", ".", cwd=proj, timeout=300)
    except subprocess.TimeoutExpired:
        return False, "build 卡住"
    return done.returncode == 0 and not (proj / "site/pipe").exists(), "不读取，生成正常完成"


@attack("symlink-outside", "data/ 与 content/ 中指向项目外的链接")
def _(tmp):
    from handbook.pipeline import load_handbook

    proj = project(tmp)
    other = tmp / "other"
    other.mkdir()
    (other / "x.yaml").write_text("id: secret\nname: 外部岗位\nunit: center\n", encoding="utf-8")
    (other / "x.md").write_text("# 外部\n", encoding="utf-8")
    (proj / "data/positions/secret.yaml").symlink_to(other / "x.yaml")
    (proj / "content/secret.md").symlink_to(other / "x.md")
    hb, report = load_handbook(proj)
    refused = {d.file for d in report.errors if d.code == "file.outside"}
    return refused == {"data/positions/secret.yaml", "content/secret.md"}, f"拒绝 {len(refused)} 个"


@attack("revision-folder", "发布记录的 revision: 指向另一个项目的文件夹")
def _(tmp):
    import yaml

    from handbook.history.releases import release_notes
    from handbook.pipeline import load_handbook

    proj = project(tmp)
    other = tmp / "other"
    shutil.copytree(CASES / "minimal", other)
    edit(other / "data/positions/gm.yaml", "name: 总经理", "name: 别家机密岗位")
    meta_path = proj / "data/handbook.yaml"
    meta = yaml.safe_load(meta_path.read_text(encoding="utf-8"))
    meta["releases"] = [{"version": "1", "date": "2026-01-01", "revision": str(proj)},
                        {"version": "2", "date": "2026-02-01", "revision": str(other)}]
    meta_path.write_text(yaml.safe_dump(meta, allow_unicode=True), encoding="utf-8")
    hb, _ = load_handbook(proj)
    lines = release_notes(proj, hb)["2"]
    return not any("别家" in line for line in lines), "未读取项目外的文件夹"


@attack("changes-args", "handbook changes 的恶意参数（git 选项、不存在的路径）")
def _(tmp):
    proj = project(tmp)
    outs = [cli("changes", "--root", ".", arg, cwd=proj) for arg in ("--output=/tmp/x", "../../etc", "HEAD;rm -rf .")]
    ok = all(o.returncode != 0 and b"Traceback" not in o.stderr for o in outs) and (proj / "data").is_dir()
    return ok, "均为清楚的错误"


@attack("yaml-bombs", "YAML 别名炸弹、!!python 标签、重复字段、过深嵌套")
def _(tmp):
    from handbook.pipeline import load_handbook

    proj = project(tmp)
    laughs = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n" for p, c in zip("abcdefgh", "bcdefghi"))
    (proj / "data/units/laughs.yaml").write_text(laughs, encoding="utf-8")
    (proj / "data/units/tag.yaml").write_text("id: !!python/object/apply:os.system ['echo pwned']\n", encoding="utf-8")
    (proj / "data/units/dup.yaml").write_text("id: a\nid: b\nname: x\n", encoding="utf-8")
    (proj / "data/units/deep.yaml").write_text("a: " + "[" * 100 + "]" * 100 + "\n", encoding="utf-8")
    _, report = load_handbook(proj)
    codes = {d.file.rsplit("/", 1)[-1]: d.code for d in report.errors}
    wanted = {"laughs.yaml": "yaml.alias", "tag.yaml": "yaml.tag", "dup.yaml": "yaml.duplicate-key", "deep.yaml": "yaml.too-deep"}
    return all(codes.get(k) == v for k, v in wanted.items()), str(codes)


@attack("path-in-id", "标识里写路径（../../x）")
def _(tmp):
    from handbook.pipeline import load_handbook

    proj = project(tmp)
    edit(proj / "data/positions/gm.yaml", "id: gm", "id: ../../gm")
    hb, report = load_handbook(proj)
    return hb is None and any("id" in d.field for d in report.errors), "被拒绝"


# --------------------------------------------------------------------------- cost and the preview
@attack("deep-unit-tree", "2,000 层深的组织树（完整生成）")
def _(tmp):
    from shapes import deep_tree

    deep_tree(tmp / "p", 2000)
    done, seconds, peak = measured("build", "--root", str(tmp / "p"), "--site-dir", str(tmp / "site"), cwd=tmp,
                                   timeout=900)
    return done.returncode == 0, f"{seconds:.0f} 秒，峰值 {peak} MB"


@attack("long-process", "5,000 步、带回退的流程（完整生成）")
def _(tmp):
    from shapes import long_process

    long_process(tmp / "p", 5000)
    done, seconds, peak = measured("build", "--root", str(tmp / "p"), "--site-dir", str(tmp / "site"), cwd=tmp,
                                   timeout=900)
    return done.returncode == 0, f"{seconds:.0f} 秒，峰值 {peak} MB"


@attack("preview-deleted-record", "预览中删除记录文件后，它的页面返回 404")
def _(tmp):
    from test_serve import free_port

    proj = project(tmp)
    record = proj / "data/positions/temp.yaml"
    record.write_text("id: temp\nname: 临时岗位\nunit: sales-dept\n", encoding="utf-8")
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "handbook.cli", "serve", "--root", str(proj), "-a",
                             f"127.0.0.1:{port}"], cwd=proj, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def status(url):
        try:
            return urllib.request.urlopen(url, timeout=5).status
        except urllib.error.HTTPError as exc:
            return exc.code
        except OSError:
            return 0

    url = f"http://127.0.0.1:{port}/positions/temp/"
    try:
        deadline = time.time() + 120
        while time.time() < deadline and status(url) != 200:
            time.sleep(0.3)
        record.unlink()
        deadline = time.time() + 60
        while time.time() < deadline and status(url) == 200:
            time.sleep(0.3)
        code = status(url)
        return code == 404, f"删除后 HTTP {code}"
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-k", default="", help="only attacks whose name contains this")
    args = parser.parse_args()
    held = failed = 0
    print(f"{'attack':<24} {'result':<7} detail")
    for name, what, func in ATTACKS:
        if args.k not in name:
            continue
        tmp = Path(tempfile.mkdtemp(prefix=f"redteam-{name}-"))
        started = time.perf_counter()
        try:
            ok, detail = func(tmp)
        except Exception as exc:  # noqa: BLE001 — an attack that crashes the tool is a failure to report
            ok, detail = False, f"{type(exc).__name__}: {exc}"
            traceback.print_exc(file=sys.stderr)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        held, failed = held + bool(ok), failed + (not ok)
        print(f"{name:<24} {'held' if ok else 'FAILED':<7} {what} — {detail}（{time.perf_counter() - started:.0f} 秒）",
              flush=True)
    print(f"\n{held} held, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
