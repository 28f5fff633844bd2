"""site/ is only the MkDocs adapter (issue 12): the core assembly imports no MkDocs, the caller passes the
project root, build failures are told by type and errno (never by English text), and serve raises its own
errors that only the CLI turns into click errors."""

from __future__ import annotations

import ast
import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from handbook.cli import main
from handbook.site.build import build_site
from handbook.site.defaults import config_overrides
from handbook.site.failures import OLD_INHERIT_HINT, internal_failure, old_inherit_hint, write_errno, write_failure
from handbook.site.project import write_default_config
from handbook.site.serve import ServeError, serve_site, split_address

PACKAGE = Path(__file__).resolve().parent.parent / "generators" / "handbook"


def _imports(path: Path) -> set[str]:
    """Every module `path` imports, absolute ('mkdocs.config') or relative to the package ('..site.x')."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            found.add("." * node.level + (node.module or ""))
    return found


def test_core_assembly_imports_no_mkdocs_and_site_imports_no_click():
    core = _imports(PACKAGE / "assemble.py")
    assert not any(name.split(".")[0] in ("mkdocs", "material") for name in core), core
    assert not any(name.lstrip(".").startswith("site") for name in core), core
    assert not (PACKAGE / "site" / "assemble.py").exists()
    for path in (PACKAGE / "site").glob("*.py"):
        assert not any(name.split(".")[0] == "click" for name in _imports(path)), path.name
    loaded = subprocess.run([sys.executable, "-c", "import sys, handbook.assemble; print(' '.join(sorted(sys.modules)))"],
                            capture_output=True, text=True, check=True, env={**os.environ, "PYTHONPATH": str(PACKAGE.parent)})
    assert not [m for m in loaded.stdout.split() if m.split(".")[0] in ("mkdocs", "material", "click")
                or m.startswith("handbook.site")]  # not even through the modules it imports


# -- the root comes from the caller --------------------------------------------------------------------------


@pytest.mark.parametrize("plugins, expected", [
    (["handbook"], [{"handbook": {"root": "R"}}]),
    (["search", {"handbook": {"pdf": True}}], ["search", {"handbook": {"pdf": True, "root": "R"}}]),
    ({"handbook": {"check_links": False}, "search": {}}, [{"handbook": {"check_links": False, "root": "R"}}, {"search": {}}]),
    ({"handbook": None}, [{"handbook": {"root": "R"}}]),
    (["search"], None),
])
def test_the_callers_root_reaches_the_plugin_with_its_other_options(tmp_path, plugins, expected):
    import yaml

    path = tmp_path / "mkdocs.yml"
    path.write_text(yaml.safe_dump({"site_name": "x", "docs_dir": "content", "plugins": plugins}), encoding="utf-8")
    overrides = config_overrides(path, tmp_path)
    if expected is None:
        assert "plugins" not in overrides
        return
    root = str(tmp_path.resolve())
    expected_text = yaml.safe_dump(expected).replace("root: R", f"root: {root}")
    assert yaml.safe_dump(list(overrides["plugins"])) == expected_text
    assert yaml.safe_dump(list(overrides["plugins"])) == expected_text  # read twice (each preview rebuild): unchanged
    assert "plugins" not in config_overrides(path)  # a plain `mkdocs build` keeps what mkdocs.yml says


def test_the_same_overrides_serve_every_rebuild(minimal):
    """`mkdocs serve` hands the same overrides to each rebuild's load_config; MkDocs consumes plugin entries."""
    from mkdocs.config import load_config

    (minimal / "mkdocs.yml").write_text("site_name: x\ndocs_dir: content\nplugins:\n  - handbook:\n      check_links: false\n",
                                        encoding="utf-8")
    overrides = config_overrides(minimal / "mkdocs.yml", minimal)
    for _ in range(2):
        plugin = load_config(str(minimal / "mkdocs.yml"), **overrides).plugins["handbook"]
        assert plugin.config.root == str(minimal.resolve()) and plugin.config.check_links is False


def test_build_uses_the_root_it_was_given_not_the_one_in_mkdocs_yml(minimal, tmp_path):
    """mkdocs.yml may name another folder for a plain `mkdocs build`; `handbook build --root` builds its own."""
    (minimal / "mkdocs.yml").write_text(
        "site_name: x\ndocs_dir: content\nplugins:\n  - handbook:\n      root: no-such-folder\n", encoding="utf-8")
    result = build_site(minimal, tmp_path / "out")
    page = (result.site / "positions" / "sales-manager" / "index.html").read_text(encoding="utf-8")
    assert "带领销售团队完成任务" in page
    plain = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(tmp_path / "plain")], cwd=minimal,
                           capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert plain.returncode != 0 and "数据有错误" in plain.stderr  # plain MkDocs honours the option: no data there


# -- build failures by type and errno ------------------------------------------------------------------------


def _chained(inner: BaseException, cause: bool) -> RuntimeError:
    try:
        try:
            raise inner
        except BaseException as exc:
            if cause:
                raise RuntimeError("library wrapper") from exc
            raise RuntimeError("library wrapper")
    except RuntimeError as outer:
        return outer


@pytest.mark.parametrize("code, reason", [(errno.ENOSPC, "磁盘已满"), (errno.EFBIG, "文件超过系统允许的大小"),
                                          (errno.EACCES, "没有写权限"), (errno.EROFS, "磁盘为只读")])
@pytest.mark.parametrize("how", ["raised", "cause", "context"])
def test_write_failures_are_told_by_errno_wherever_it_is_chained(code, reason, how):
    inner = OSError(code, os.strerror(code), "/srv/site/x.html")
    exc = inner if how == "raised" else _chained(inner, cause=how == "cause")
    assert write_errno(exc) == code
    message = write_failure(exc)
    assert message.startswith(f"写入失败（{reason}）") and internal_failure(exc) == message
    assert "/srv/site/x.html" in message  # the file it could not write, from the OSError however deep


def test_english_words_in_a_message_do_not_make_a_write_failure():
    """The old classifier searched the text for 'No space' and 'EFBIG'; the type and errno decide now."""
    exc = ValueError("No space left on device (EFBIG) file too large")
    assert write_errno(exc) is None and write_failure(exc) is None
    assert internal_failure(exc).startswith("生成时出现内部错误")
    assert write_failure(OSError(errno.ENOENT, "No such file or directory", "x")).startswith("写入失败（磁盘已满或没有写权限？）")


def test_lxml_write_failure_in_a_real_workbook_is_a_write_failure():
    """openpyxl writes through lxml, which hides the errno in its own error code (IO_EFBIG)."""
    code = (
        "import io, resource, signal, sys\n"
        "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
        "from openpyxl import Workbook\n"
        "from handbook.site.failures import write_failure\n"
        "wb = Workbook(); ws = wb.active\n"
        "for i in range(3000): ws.append(['岗位%d' % i, 'x' * 40])\n"
        "resource.setrlimit(resource.RLIMIT_FSIZE, (20000, 20000))\n"
        "try:\n    wb.save(io.BytesIO())\nexcept Exception as exc:\n    print(type(exc).__name__, write_failure(exc))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(PACKAGE.parent)})
    assert "写入失败（文件超过系统允许的大小）" in done.stdout, done.stdout + done.stderr


def test_a_file_size_limit_while_mkdocs_copies_the_theme_says_so(minimal):
    """MkDocs copying Material's bundle hits the limit (OSError EFBIG): the build names the reason."""
    write_default_config(minimal)
    limit = ("import resource, signal, sys; signal.signal(signal.SIGXFSZ, signal.SIG_IGN); "
             "resource.setrlimit(resource.RLIMIT_FSIZE, (100_000, 100_000)); "
             "from handbook.cli import main; sys.argv = ['handbook', 'build', '--root', sys.argv[1]]; main()")
    done = subprocess.run([sys.executable, "-c", limit, str(minimal)], capture_output=True, text=True, cwd=minimal,
                          env={**os.environ, "PYTHONPATH": str(PACKAGE.parent)})
    assert done.returncode != 0
    assert "写入失败（文件超过系统允许的大小）" in done.stderr and "Traceback" not in done.stderr
    assert not (minimal / "site").exists()


def test_old_inherit_hint_reads_the_setting_not_the_error_text(tmp_path):
    path = tmp_path / "mkdocs.yml"
    path.write_text("INHERIT: ../generators/handbook/site/mkdocs.default.yml\n"
                    "slug: !!python/name:pymdownx.slugs.slugify\n", encoding="utf-8")
    assert old_inherit_hint(path) == OLD_INHERIT_HINT
    path.write_text("INHERIT: base.yml\n", encoding="utf-8")
    assert old_inherit_hint(path) == ""
    path.write_text("site_name: 'mkdocs.default.yml'\n", encoding="utf-8")
    assert old_inherit_hint(path) == ""


# -- serve: its own errors, click only in the CLI --------------------------------------------------------------


@pytest.mark.parametrize("address", ["localhost", "127.0.0.1:0", "127.0.0.1:http", ":8000", "127.0.0.1:70000"])
def test_a_bad_address_is_a_serve_error(address):
    with pytest.raises(ServeError, match="主机:端口"):
        split_address(address)


def test_serve_without_mkdocs_yml_is_a_serve_error_and_one_cli_line(tmp_path):
    with pytest.raises(ServeError, match="找不到"):
        serve_site(tmp_path, "127.0.0.1:8000", say=lambda line: pytest.fail(line))
    result = CliRunner().invoke(main, ["serve", "--root", str(tmp_path), "-a", "127.0.0.1:8000"])
    assert result.exit_code != 0 and "找不到" in result.output and "Traceback" not in result.output
    write_default_config(tmp_path)
    result = CliRunner().invoke(main, ["serve", "--root", str(tmp_path), "-a", "nonsense"])
    assert result.exit_code != 0 and "主机:端口" in result.output and "Traceback" not in result.output


# -- the theme: Material's own header with the handbook search box ------------------------------------------


def test_header_has_the_search_box_and_the_title_escaped_once(minimal, tmp_path):
    from html.parser import HTMLParser

    title = 'A&B <研发> "手册"'
    meta = minimal / "data/handbook.yaml"
    meta.write_text(meta.read_text(encoding="utf-8").replace("title: 测试手册", f"title: '{title}'"), encoding="utf-8")
    write_default_config(minimal)
    result = build_site(minimal, tmp_path / "site")

    class Header(HTMLParser):
        def __init__(self):
            super().__init__()
            self.stack, self.logo_titles, self.search_in_header_nav = [], [], False

        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            classes = (attrs.get("class") or "").split()
            if "md-logo" in classes:
                self.logo_titles.append(attrs.get("title"))
            if tag == "input" and "hb-search__input" in classes:
                self.search_in_header_nav |= any("md-header__inner" in c for c in self.stack)
            if tag not in ("input", "img", "br", "meta", "link", "path"):
                self.stack.append(attrs.get("class") or "")

        def handle_endtag(self, tag):
            if self.stack and tag not in ("input", "img", "br", "meta", "link", "path"):
                self.stack.pop()

    parser = Header()
    parser.feed((result.site / "positions" / "sales-manager" / "index.html").read_text(encoding="utf-8"))
    assert parser.search_in_header_nav  # the handbook's box sits in Material's header bar
    assert parser.logo_titles and all(t == title for t in parser.logo_titles), parser.logo_titles
