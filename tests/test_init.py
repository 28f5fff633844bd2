"""`handbook init`, packaged site defaults, and projects outside this repository (issue 14, part 1)."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import Workbook

from handbook.cli import main
from handbook.pipeline import load_handbook

ROOT = Path(__file__).resolve().parent.parent


def _run(args, cwd: Path):
    old = Path.cwd()
    os.chdir(cwd)
    try:
        return CliRunner().invoke(main, args, catch_exceptions=False)
    finally:
        os.chdir(old)


def test_init_then_build_from_another_folder(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    project = tmp_path / "我的手册"
    result = _run(["init", str(project), "--org", "某某科技有限公司"], elsewhere)
    assert result.exit_code == 0, result.output
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    assert "INHERIT" not in config and "generators/" not in config  # nothing tied to this repository
    hb, report = load_handbook(project)
    assert hb is not None and not report.warnings, [d.format() for d in report.sorted()]
    assert hb.meta.organization == "某某科技有限公司" and hb.meta.title == "某某科技有限公司管理手册"
    assert len(hb.units) >= 3 and len(hb.positions) >= 3 and hb.processes and hb.chapters
    result = _run(["build", "--root", str(project)], elsewhere)
    assert result.exit_code == 0, result.output
    home = (project / "site" / "index.html").read_text(encoding="utf-8")
    assert "某某科技有限公司" in home and 'lang="zh"' in home  # Material in Chinese: the packaged defaults apply
    assert "fonts.googleapis" not in home
    assert (project / "site" / "processes" / "expense-reimbursement" / "index.html").exists()
    assert not (elsewhere / "site").exists()


def test_an_old_inherit_line_gets_a_fix_in_the_message(tmp_path):
    project = tmp_path / "hb"
    assert _run(["init", str(project)], tmp_path).exit_code == 0
    (project / "mkdocs.yml").write_text("INHERIT: generators/handbook/site/mkdocs.default.yml\n", encoding="utf-8")
    result = _run(["build", "--root", str(project)], tmp_path)
    assert result.exit_code != 0 and "不再需要 INHERIT" in result.output and "Traceback" not in result.output


def test_init_refuses_to_overwrite(tmp_path):
    project = tmp_path / "hb"
    assert _run(["init", str(project)], tmp_path).exit_code == 0
    before = (project / "data" / "handbook.yaml").read_text(encoding="utf-8")
    result = _run(["init", str(project), "--org", "别的公司"], tmp_path)
    assert result.exit_code != 0 and "不会覆盖" in result.output
    assert (project / "data" / "handbook.yaml").read_text(encoding="utf-8") == before


def test_init_sample_copies_the_sample_and_checks_clean(tmp_path):
    project = tmp_path / "示例"
    assert _run(["init", str(project), "--sample", "--name", "试用手册"], tmp_path).exit_code == 0
    hb, report = load_handbook(project)
    sample, _ = load_handbook(ROOT)
    assert hb is not None and not report.errors
    assert hb.meta.title == "试用手册" and hb.meta.organization == sample.meta.organization
    assert set(hb.positions) == set(sample.positions) and set(hb.chapters) == set(sample.chapters)


def test_project_mkdocs_yml_overrides_only_what_it_names(tmp_path):
    project = tmp_path / "hb"
    assert _run(["init", str(project)], tmp_path).exit_code == 0
    with open(project / "mkdocs.yml", "a", encoding="utf-8") as fh:
        fh.write("theme:\n  name: material\n  palette:\n    primary: teal\n")
    # plain MkDocs, run inside the project, uses the same plugin and defaults
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(tmp_path / "out")], cwd=project,
                   check=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    home = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert 'data-md-color-primary="teal"' in home  # the override
    assert 'lang="zh"' in home and "navigation.top" in home  # the defaults it did not name


def test_simple_import_into_empty_folder_is_buildable(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["部门", "岗位", "职责", "权限", "编制", "上级岗位"])
    ws.append(["总经办", "总经理", "主持全面工作", "人事任免权", 1, None])
    ws.append(["销售部", "销售经理", "完成销售目标", None, 2, "总经理"])
    ws.append(["销售部", "兼职推广员", "发放宣传品", None, "未定", "销售经理"])
    wb.save(tmp_path / "职责清单.xlsx")
    project = tmp_path / "新项目"
    result = _run(["import", "xlsx", "--simple", "--root", str(project), str(tmp_path / "职责清单.xlsx")], tmp_path)
    assert result.exit_code == 0, result.output
    assert (project / "mkdocs.yml").exists() and (project / "content").is_dir()
    result = _run(["build", "--root", str(project)], tmp_path)
    assert result.exit_code == 0, result.output
    listing = (project / "site" / "positions" / "index.html").read_text(encoding="utf-8")
    assert "销售经理" in listing and "编制未定" in listing and "另有 1 个岗位编制未定" in listing


@pytest.mark.slow
def test_non_editable_install_starts_and_builds_a_handbook(tmp_path):
    """`pip install .` (a real wheel build) into a fresh venv; only the handbook package comes from the wheel.

    To keep the suite fast the new venv borrows the test venv's third-party libraries through a .pth
    line (a path line: the editable install's own finder there is not activated), so what is tested
    is that the installed package alone carries its templates, assets, site defaults and starter.
    """
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    py = venv / "bin" / "python"
    site = subprocess.run([py, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          check=True, capture_output=True, text=True).stdout.strip()
    Path(site, "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    subprocess.run([py, "-m", "pip", "install", "-q", "--no-deps", str(ROOT)], check=True, cwd=tmp_path)
    where = subprocess.run([py, "-c", "import handbook; print(handbook.__file__)"], check=True,
                           capture_output=True, text=True, cwd=tmp_path).stdout
    assert where.startswith(str(venv)), where  # the installed copy, not this repository
    handbook = venv / "bin" / "handbook"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run([handbook, "init", "我的手册"], check=True, cwd=tmp_path, env=env)
    subprocess.run([handbook, "build", "--root", "我的手册"], check=True, cwd=tmp_path, env=env)
    assert (tmp_path / "我的手册" / "site" / "positions" / "sales-manager" / "index.html").exists()
    subprocess.run([handbook, "export", "docx", "--root", "我的手册", "--out", "word"], check=True, cwd=tmp_path, env=env)
    assert (tmp_path / "word" / "销售经理-岗位说明书.docx").stat().st_size > 0  # the starter's 销售经理
    # the PDF edition's stylesheet ships with the package
    subprocess.run([handbook, "export", "pdf", "--part", "kpis", "--root", "我的手册", "--out", "pdf"], check=True,
                   cwd=tmp_path, env=env)
    assert [p.suffix for p in (tmp_path / "pdf").iterdir()] == [".pdf"]
    # the synthetic organization's word lists (synthetic/data/*.yaml) ship with the package
    subprocess.run([handbook, "demo", "--positions", "10", "--out", "demo"], check=True, cwd=tmp_path, env=env)
    assert any((tmp_path / "demo" / "data" / "positions").glob("*.yaml"))
    subprocess.run([handbook, "init", "示例", "--sample"], check=True, cwd=tmp_path, env=env)
    checked = subprocess.run([handbook, "check", "--root", "示例"], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert checked.returncode == 0 and "0 个错误" in checked.stdout, checked.stdout + checked.stderr


def test_init_keeps_generated_files_out_of_git_and_never_replaces_a_gitignore(tmp_path):
    fresh = tmp_path / "fresh"
    assert _run(["init", str(fresh)], tmp_path).exit_code == 0
    subprocess.run(["git", "init", "-q", str(fresh)], check=True)
    for generated in ("site/index.html", ".site-builds/b1/index.html", "exports/a.docx", ".handbook-cache/x"):
        (fresh / generated).parent.mkdir(parents=True, exist_ok=True)
        (fresh / generated).write_text("x", encoding="utf-8")
    status = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"], cwd=fresh,
                            capture_output=True, text=True, check=True).stdout
    assert "data/" in status and "mkdocs.yml" in status
    assert not any(g in status for g in ("site/", ".site-builds", "exports/", ".handbook-cache")), status
    existing = tmp_path / "existing"
    existing.mkdir()
    (existing / ".gitignore").write_text("mine\n", encoding="utf-8")
    assert _run(["init", str(existing)], tmp_path).exit_code == 0
    assert (existing / ".gitignore").read_text(encoding="utf-8") == "mine\n"
