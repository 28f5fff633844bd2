"""The `handbook` command. A thin layer: domain errors become Chinese `错误：` lines, never tracebacks."""

from __future__ import annotations

import difflib
import json
import sys
from pathlib import Path

import click

from .cli_chinese import ChineseGroup, UsageMistake
from .diagnostics import CODES
from .terminal import clean_standard_streams


def _root_option(func):
    return click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
                        show_default=True, help="手册项目目录（包含 data/、content/ 和 mkdocs.yml）")(func)


@click.group(cls=ChineseGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="handbook", message="handbook %(version)s", help="显示版本并退出")
def main():
    """管理手册生成器：检查 data/ 与 content/，生成可搜索、互相链接的手册网站。

    \b
    示例：
      handbook check              # 检查数据，列出所有问题
      handbook build              # 生成网站到 site/（失败时保留上一版）
      handbook serve              # 本地预览，保存文件后自动刷新
    """
    # before anything is printed: no control character from data may reach the terminal
    clean_standard_streams()


@main.command()
@_root_option
@click.option("--strict", is_flag=True, help="警告也视为错误")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", help="输出格式")
def check(root: Path, strict: bool, fmt: str):
    """检查数据和制度章节，一次列出全部问题（文件、行号、字段）。

    \b
    示例：
      handbook check
      handbook check --root tests/cases/minimal --strict
    """
    from .load import check_cache

    key = check_cache.fingerprint(root) if (root / "data").is_dir() else ""
    result = check_cache.load(root, key) if key else None
    if result is None:
        result = _run_check(root)
        if key:
            check_cache.save(root, key, result)
    items = result["diagnostics"]
    if fmt == "json":
        click.echo(json.dumps(items, ensure_ascii=False, indent=2))
    else:
        for d in items:
            click.echo(d["text"], err=d["severity"] == "error")
        click.echo(f"检查完成：{result['errors']} 个错误，{result['warnings']} 个警告{result['summary']}")
    if result["errors"] or (strict and result["warnings"]):
        sys.exit(1)


def _run_check(root: Path) -> dict:
    from .check import check_project

    hb, report = check_project(root)
    summary = ""
    if hb is not None:
        summary = (f"。共 {len(hb.units)} 个组织单元、{len(hb.positions)} 个岗位、{len(hb.kpis)} 项指标、"
                   f"{len(hb.processes)} 个流程、{len(hb.courses)} 门课程、{len(hb.chapters)} 个制度章节")
    return {"diagnostics": [{**d.__dict__, "text": d.format()} for d in report.sorted()],
            "errors": len(report.errors), "warnings": len(report.warnings), "summary": summary}


@main.command()
@_root_option
@click.option("--site-dir", type=click.Path(path_type=Path), default=None, help="输出目录，默认 mkdocs.yml 中的 site_dir")
@click.option("--pdf", is_flag=True, help="同时生成 PDF 版手册，并在首页提供下载（样例约需 40 秒）")
def build(root: Path, site_dir: Path | None, pdf: bool):
    """生成网站。先写入新目录，成功后才替换 site/，失败时上一版网站保持不变。

    \b
    示例：
      handbook build
      handbook build --site-dir /srv/www/handbook
      handbook build --pdf
    """
    from .site.build import BuildFailed, build_site

    # after a failed write, libraries' half-written zip files complain again when garbage-collected;
    # the build already said what went wrong, so keep those second tracebacks off the editor's screen
    sys.unraisablehook = lambda unraisable: None
    try:
        result = build_site(root, site_dir, pdf=pdf)
    except BuildFailed as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"网站已生成：{result.site}（{result.pages} 个页面，用时 {result.seconds:.1f} 秒）")


@main.command()
@_root_option
@click.option("-a", "--dev-addr", default="127.0.0.1:8000", show_default=True, help="监听地址")
def serve(root: Path, dev_addr: str):
    """本地预览：保存 data/ 或 content/ 中的文件后，浏览器自动刷新。

    数据有错时终端和浏览器都会显示问题，并继续显示上一次成功的版本。

    \b
    示例：
      handbook serve
      handbook serve -a 0.0.0.0:8080
    """
    from .site.serve import ServeError, serve_site

    try:
        serve_site(root, dev_addr, say=click.echo)
    except ServeError as exc:  # a busy port, a bad address, no mkdocs.yml: one line, no traceback
        raise click.ClickException(str(exc)) from None


@main.command()
@click.argument("directory", type=click.Path(path_type=Path), metavar="目录")
@click.option("--name", default=None, help="手册标题，默认“组织名称 + 管理手册”")
@click.option("--org", default=None, help="组织名称，默认“我的公司”")
@click.option("--sample", is_flag=True, help="复制完整的示例手册（营销中心），而不是起步的小手册")
def init(directory: Path, name: str | None, org: str | None, sample: bool):
    """新建一个手册项目：data/（组织、岗位、流程、指标、课程）、content/（制度章节）和 mkdocs.yml。

    生成的手册可以直接检查和生成网站；之后按本单位的实际情况修改 data/ 与 content/。

    \b
    示例：
      handbook init 我的手册 --org 某某科技有限公司
      handbook build --root 我的手册
      handbook init 示例 --sample
    """
    from .starter import InitError, create_project

    try:
        written = create_project(directory, name, org, sample)
    except InitError as exc:
        raise click.ClickException(str(exc)) from None
    shown = _shell_path(directory)
    click.echo(f"已新建手册项目：{directory}（{len(written)} 个文件）\n"
               f"下一步：handbook check --root {shown}，handbook serve --root {shown}")


def _shell_path(path: Path) -> str:
    """A path as it can be pasted into a command line: in double quotes when it has spaces or shell
    characters (double quotes work in bash, PowerShell and cmd alike)."""
    text = str(path)
    return f'"{text}"' if any(ch.isspace() or ch in "'&|;<>()$`*?![]{}#~" for ch in text) else text


@main.command()
@click.option("--positions", type=click.IntRange(10, 50000), default=200, show_default=True, help="岗位数量")
@click.option("--seed", type=int, default=1, show_default=True, help="随机种子（相同种子生成相同数据）")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), required=True, help="输出目录")
def demo(positions: int, seed: int, out: Path):
    """生成一个虚拟的大型组织（用于演示和性能测试）。

    \b
    示例：
      handbook demo --positions 2000 --seed 7 --out /tmp/big
      handbook build --root /tmp/big
    """
    from .site.project import write_default_config
    from .synthetic import generate

    if out.exists() and any(out.iterdir()):
        raise click.ClickException(f"{out} 不是空目录，请换一个输出目录")
    from .model import KIND_LABELS

    counts = generate(out, positions, seed)
    write_default_config(out)
    click.echo(f"已在 {out} 生成演示手册：" + "，".join(f"{KIND_LABELS.get(k, k)} {v} 个" for k, v in counts.items()))


@main.command("search")
@_root_option
@click.argument("query", nargs=-1, required=True, metavar="查询词...")
@click.option("--type", "type_", default=None, help="只看某一类，如 岗位职责、流程步骤")
@click.option("--limit", type=click.IntRange(min=1), default=10, show_default=True, help="最多列出几条结果")
def search_cmd(root: Path, query: tuple[str, ...], type_: str | None, limit: int):
    """在终端里搜索手册，规则与网站搜索相同。

    \b
    示例：
      handbook search 回款
      handbook search 合同评审 --type 流程步骤
    """
    from .pipeline import load_handbook
    from .render.search_entries import entries_for_handbook
    from .search import Searcher, TextCache, build_index
    from .search.rules import ENTRY_TYPES

    if type_ is not None and type_ not in ENTRY_TYPES:  # else "没有找到" would blame the query
        close = difflib.get_close_matches(type_, ENTRY_TYPES, n=1, cutoff=0.3)
        hint = f"是不是想写 {close[0]}？" if close else ""
        raise UsageMistake(f"没有“{type_}”这一类。{hint}可选的类：{'、'.join(ENTRY_TYPES)}")
    hb, report = load_handbook(root)
    if hb is None:
        raise click.ClickException("数据有错误，请先运行 handbook check")
    cache = TextCache()  # each text folded once, for the index and for the search
    index = build_index(entries_for_handbook(hb), hb.synonyms, cache=cache)
    results = Searcher(index, cache).search(" ".join(query), type=type_, limit=limit)
    if results.corrected:  # the same note as the site's: the query that ran instead
        click.echo(f"已按“{results.corrected}”搜索。")
    if not results:
        click.echo(f"没有找到与“{' '.join(query)}”相关的内容。")
    for result in results:
        where = result.title if result.owner in ("", result.title) else f"{result.title}（{result.owner}）"
        click.echo(f"[{result.type}] {where}：{result.text}\n    {result.url}")


@main.command()
@_root_option
@click.argument("old", metavar="旧版本")
@click.argument("new", required=False, metavar="[新版本]")
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "json"]), default="text", show_default=True)
def changes(root: Path, old: str, new: str | None, fmt: str):
    """列出两个版本之间的业务变化（岗位、职责、汇报关系、指标权重、流程步骤、培训计划）。

    旧版本和新版本可以是 git 版本（提交、标签、分支）或包含 data/ 的目录；不写新版本时与当前文件比较。

    \b
    示例：
      handbook changes v1.0              # 从标签 v1.0 到现在
      handbook changes HEAD~3 HEAD --format markdown > 发布说明.md
      handbook changes /backup/handbook . --format json
    """
    from .history.diff import compare
    from .history.report import as_json, as_markdown, as_text
    from .history.versions import VersionError, checkout
    from .pipeline import load_handbook

    def load(version: str | None):
        if version is None:
            hb, _ = load_handbook(root)
            return hb
        with checkout(root, version) as path:
            hb, _ = load_handbook(path)
            return hb

    try:
        before, after = load(old), load(new)
    except VersionError as exc:
        raise click.ClickException(str(exc)) from None
    if before is None or after is None:
        which = old if before is None else (new or "当前文件")
        raise click.ClickException(f"版本 {which} 的数据有错误，无法比较；请先用 handbook check 检查")
    found = compare(before, after)
    click.echo({"text": as_text, "markdown": as_markdown, "json": as_json}[fmt](found))


def _load_or_fail(root: Path):
    from .pipeline import load_handbook

    hb, report = load_handbook(root)
    if hb is None:
        raise click.ClickException(f"数据有 {len(report.errors)} 个错误，请先运行 handbook check 查看并修改")
    return hb


@main.group("export")
def export_group():
    """导出 Word 岗位说明书、Excel 表格和 PDF 版手册。"""


@export_group.command("docx")
@_root_option
@click.argument("position", required=False, metavar="[岗位]")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("exports"), show_default=True)
def export_docx(root: Path, position: str | None, out: Path):
    """导出岗位说明书（.docx）：指定岗位标识或岗位名称则只导出一个，否则导出全部。

    \b
    示例：
      handbook export docx sales-manager --out ~/岗位说明书
      handbook export docx 销售经理
      handbook export docx
    """
    from .diagnostics import did_you_mean
    from .exports.docx_jd import JobDescriptionWriter
    from .exports.names import jd_filename

    hb = _load_or_fail(root)
    by_name = [pid for pid, p in hb.positions.items() if p.name == position]
    if position and position not in hb.positions and len(by_name) == 1:
        position = by_name[0]  # editors know the name (销售经理) better than the id
    elif position and position not in hb.positions and by_name:
        raise click.ClickException(f"有 {len(by_name)} 个岗位叫“{position}”：{'、'.join(by_name)}，请写岗位标识")
    if position and position not in hb.positions:
        hint = did_you_mean(position, {pid: p.name for pid, p in hb.positions.items()})
        raise click.ClickException(f"没有岗位 “{position}”。{hint}")
    writer = JobDescriptionWriter(hb)
    out.mkdir(parents=True, exist_ok=True)
    written = set()
    for pid in [position] if position else list(hb.positions):
        path = out / jd_filename(hb, pid)
        path.write_bytes(writer.render(pid))
        written.add(path)
    click.echo(f"已导出 {len(written)} 份岗位说明书到 {out}")


@export_group.command("xlsx")
@_root_option
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("exports"), show_default=True)
def export_xlsx(root: Path, out: Path):
    """导出 Excel：整本手册数据、培训矩阵，以及每个岗位的绩效考核表。

    \b
    示例：
      handbook export xlsx --out ~/手册表格
    """
    from .exports import handbook_xlsx, has_kpi_sheet, kpi_sheet_xlsx, training_matrix_xlsx
    from .exports.names import handbook_filename, kpi_filename

    hb = _load_or_fail(root)
    (out / "考核表").mkdir(parents=True, exist_ok=True)
    (out / handbook_filename(hb, "数据", ".xlsx")).write_bytes(handbook_xlsx(hb))
    (out / handbook_filename(hb, "培训矩阵", ".xlsx")).write_bytes(training_matrix_xlsx(hb))
    with_kpis = [pid for pid in hb.positions if has_kpi_sheet(hb, pid)]
    written = set()
    for pid in with_kpis:
        path = out / "考核表" / kpi_filename(hb, pid)
        path.write_bytes(kpi_sheet_xlsx(hb, pid))
        written.add(path)
    skipped = len(hb.positions) - len(with_kpis)
    note = f"（{skipped} 个岗位没有考核指标，未生成考核表）" if skipped else ""
    click.echo(f"已导出整本手册、培训矩阵和 {len(written)} 张考核表到 {out}{note}")


@export_group.command("pdf")
@_root_option
@click.option("--part", type=click.Choice(["chapters", "units", "positions", "processes", "kpis", "courses"]), default=None,
              help="只导出一部分：chapters 管理制度、units 组织架构、positions 岗位说明书、processes 业务流程、kpis 考核指标、courses 培训课程")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("exports"), show_default=True)
def export_pdf(root: Path, part: str | None, out: Path):
    """导出 PDF 版手册（封面、目录、书签、页码），全部或其中一部分。

    \b
    示例：
      handbook export pdf --out ~/发文
      handbook export pdf --part positions
    """
    import time

    from .exports.names import handbook_filename
    from .exports.pdf_book import PARTS, PdfUnavailable, handbook_pdf

    hb = _load_or_fail(root)
    started = time.perf_counter()
    try:
        data = handbook_pdf(hb, part)
    except PdfUnavailable as exc:
        raise click.ClickException(str(exc)) from None
    out.mkdir(parents=True, exist_ok=True)
    target = out / handbook_filename(hb, PARTS[part] if part else "", ".pdf")
    target.write_bytes(data)
    click.echo(f"已导出 {target}（{len(data) / 1e6:.1f} MB，用时 {time.perf_counter() - started:.0f} 秒）")


@main.group("import")
def import_group():
    """从 Excel 导入数据到 data/。"""


@import_group.command("xlsx")
@_root_option
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path), metavar="文件")
@click.option("--simple", is_flag=True, help="简单格式：每行一条职责，列为 部门、岗位、职责（可选 权限、责任、编制、上级岗位）")
@click.option("--delete-missing", is_flag=True,
              help="删除工作簿中已经没有的记录（默认不删除：只列出这些记录，文件保留不动）；不能与 --simple 同用")
def import_xlsx(root: Path, file: Path, simple: bool, delete_missing: bool):
    """把 Excel 工作簿导入为 data/ 下的 YAML。全部行都正确才会写入；有错时 data/ 保持不变。

    工作簿格式与 handbook export xlsx 导出的“整本手册数据”相同；--simple 用于各部门常见的职责清单表。
    只改写内容有变化的记录，并保留文件中的注释和写法。data/ 中有、工作簿中没有的记录默认保留不动，
    并逐条列出；确实要删除它们时加 --delete-missing。

    \b
    示例：
      handbook import xlsx 手册数据.xlsx
      handbook import xlsx 手册数据.xlsx --delete-missing
      handbook import xlsx 职责清单.xlsx --simple
    """
    from .importer import import_simple_duties, import_workbook

    if simple and delete_missing:
        raise UsageMistake("--delete-missing 只用于整本手册数据工作簿；简单职责表只增加和修改岗位，从不删除记录")
    if simple:
        result = import_simple_duties(file, root / "data")
    else:
        result = import_workbook(file, root / "data", delete_missing=delete_missing)
    for warning in result.warnings:
        click.echo(f"警告：{warning}")
    if result.problems:
        from .importer.bounds import capped

        for problem in capped(result.problems):
            click.echo(problem, err=True)
        raise click.ClickException(f"有 {len(result.problems)} 处问题，未写入任何文件")
    _report_import(root, result)


def _report_import(root: Path, result) -> None:
    """What a successful import changed, in Chinese: files rewritten, deleted, records kept although missing."""
    from .starter import ensure_buildable

    created = ensure_buildable(root)
    extra = f"；新建了 {'、'.join(p.name for p in created)}，可以直接生成网站" if created else ""
    if result.missing:
        click.echo(f"工作簿中没有的 {len(result.missing)} 条记录已保留未动（见上方警告）；要删除请加 --delete-missing。")
    if not result.written and not result.removed and not created:
        click.echo("数据没有变化，未修改任何文件。")
        return
    for path in result.removed:
        click.echo(f"已删除（工作簿中已没有这条记录，按 --delete-missing 删除）：{path}")
    deleted = f"，删除 {len(result.removed)} 个文件" if result.removed else ""
    click.echo(f"已导入，改写 {len(result.written)} 个文件{deleted}{extra}。请运行 handbook check 检查。")


@main.command()
@_root_option
@click.option("--out-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="写到哪个目录，默认是 --root 项目下的 schema/（数据文件里的 ../../schema/ 正好指向它）")
def schema(root: Path, out_dir: Path | None):
    """导出数据文件的 JSON Schema（每类记录一个文件），供 VS Code 的 YAML 插件自动补全和检查。

    在数据文件第一行写 `# yaml-language-server: $schema=../../schema/positions.schema.json` 即可启用。
    组织单元类型、审批类型等取值列表按 --root 项目的 data/handbook.yaml（vocabularies）写入。

    \b
    示例：
      handbook schema --out-dir schema
    """
    from .model import KINDS, Meta, Synonyms
    from .vocab import project_vocab, schema_with_lists
    from .schema_labels import chinese_titles

    if out_dir is None and not (root / "data").is_dir():  # never create folders in a place that is no project
        raise click.ClickException(f"{root} 不是手册项目（其中没有 data/ 目录）。请用 --root 指定手册项目目录，"
                                   f"或用 --out-dir 指定写到哪里")
    out_dir = out_dir if out_dir is not None else root / "schema"  # where ../../schema/ from data/<kind>/ points
    out_dir.mkdir(parents=True, exist_ok=True)
    models = {**KINDS, "handbook": Meta, "synonyms": Synonyms}
    vocab = project_vocab(root)  # the project's own lists of unit kinds, approval kinds, stages…
    for kind, model in models.items():
        text = json.dumps(chinese_titles(schema_with_lists(kind, model.model_json_schema(), vocab)), ensure_ascii=False,
                          indent=2, sort_keys=True)
        (out_dir / f"{kind}.schema.json").write_text(text + "\n", encoding="utf-8")
    click.echo(f"已写入 {len(models)} 个 JSON Schema 到 {out_dir}")


@main.command()
def codes():
    """列出所有检查项代码及其含义。"""
    for code, meaning in CODES.items():
        click.echo(f"{code:22} {meaning}")


if __name__ == "__main__":
    main()
