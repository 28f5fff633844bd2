"""The command line as an editor types it: bare groups, extra words, flags given a value, output folders
that cannot be written, help wrapped the way Chinese reads, hints that can be pasted back."""

from __future__ import annotations

import re
import shlex

import pytest
from click.testing import CliRunner

from handbook.cli import main
from test_cli import commands
from test_cli_chinese import ENGLISH_CHROME

ENGLISH_PHRASE = re.compile(r"\b[A-Za-z]{2,} [a-z]{2,}\b|Traceback|Errno|Error:")
"""Two English words in a row (click's "Got unexpected extra argument", an OS's "No such file"), a
traceback or an errno: none of these belongs in what an editor reads."""


def run(*args, **extra):
    return CliRunner().invoke(main, list(args), prog_name="handbook", **extra)


@pytest.mark.parametrize("args", [[], ["export"], ["import"]], ids=["handbook", "export", "import"])
def test_a_group_typed_alone_shows_its_help_not_an_error(args):
    result = run(*args)
    assert result.output.startswith("用法：handbook") and "命令" in result.output, result.output
    assert "错误" not in result.output and "命令行的写法不对" not in result.output, result.output
    assert not ENGLISH_CHROME.search(result.output), result.output


@pytest.mark.parametrize("args, extra", [(["codes", "extra"], "extra"), (["init", "我的", "手册"], "手册"),
                                         (["check", "--root", ".", "多余"], "多余")])
def test_extra_words_are_named_in_chinese_with_the_quoting_hint(args, extra):
    result = run(*args)
    assert result.exit_code == 2, result.output
    assert f"多出了参数：{extra}" in result.output and "加引号" in result.output, result.output
    assert not ENGLISH_PHRASE.search(result.output.split("错误：", 1)[1]), result.output


def test_a_flag_given_a_value_is_told_it_takes_none():
    result = run("check", "--strict=yes")
    assert result.exit_code == 2
    assert "--strict 不需要写值" in result.output and "漏写" not in result.output, result.output


def test_the_tools_own_usage_mistake_is_shown_as_written(tmp_path):
    book = tmp_path / "book.xlsx"
    book.write_bytes(b"")
    result = run("import", "xlsx", str(book), "--simple", "--delete-missing", "--root", str(tmp_path))
    assert result.exit_code == 2
    assert "错误：--delete-missing 只用于整本手册数据工作簿" in result.output, result.output
    assert "命令行的写法不对" not in result.output and "加引号" not in result.output, result.output


@pytest.fixture
def blocked(tmp_path):
    """An output folder that cannot be created: its parent is a regular file."""
    plain = tmp_path / "a-file"
    plain.write_text("x", encoding="utf-8")
    return plain / "out"


@pytest.mark.parametrize("args", [
    ["export", "docx", "--root", "tests/cases/minimal", "--out"],
    ["export", "xlsx", "--root", "tests/cases/minimal", "--out"],
    ["schema", "--root", "tests/cases/minimal", "--out-dir"],
    ["init"],
    ["demo", "--positions", "10", "--out"],
], ids=["docx", "xlsx", "schema", "init", "demo"])
def test_an_output_folder_that_cannot_be_written_is_one_chinese_line(args, blocked):
    result = run(*args, str(blocked))
    assert result.exit_code == 1, result.output
    assert result.output.startswith("错误：") and str(blocked) in result.output, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert not ENGLISH_PHRASE.search(result.output.replace(str(blocked), "")), result.output


def test_schema_does_not_create_folders_for_a_root_that_is_no_project(tmp_path):
    nowhere = tmp_path / "no" / "such" / "project"
    result = run("schema", "--root", str(nowhere))
    assert result.exit_code == 1 and "不是手册项目" in result.output, result.output
    assert not (tmp_path / "no").exists()


def test_the_next_step_after_init_can_be_pasted_when_the_folder_has_a_space(tmp_path):
    folder = tmp_path / "城商行 手册"
    result = run("init", str(folder))
    assert result.exit_code == 0, result.output
    hint = result.output.split("下一步：", 1)[1].split("，")[0]
    words = shlex.split(hint)
    assert words == ["handbook", "check", "--root", str(folder)], hint


def _help_sources(group, prefix=()):
    """(args, docstring and option help) of every help screen."""
    yield list(prefix), group.help or ""
    for name, command in commands(group):
        texts = [command.help or ""] + [getattr(p, "help", None) or "" for p in command.params]
        yield name.split(), "\n".join(texts)


@pytest.mark.parametrize("width", [40, 60, 80, 120])
def test_help_never_splits_an_option_name_nor_puts_spaces_between_chinese_words(width):
    cjk_space = re.compile(r"(?<=[\u4e00-\u9fff，。；：、）])[ ](?=[\u4e00-\u9fff])")
    for args, source in _help_sources(main):
        result = run(*args, "--help", terminal_width=width)
        assert result.exit_code == 0, result.output
        lines = result.output.splitlines()
        for line, following in zip(lines, lines[1:]):
            assert not re.search(r"[a-z]-$", line), (args, width, line, following)  # --delete-\nmissing
        for match in cjk_space.finditer(result.output):
            pair = result.output[match.start() - 1:match.end() + 1]
            assert pair in source, (args, width, pair)  # a space the source wrote, not one wrapping added


def test_check_outside_a_project_reports_the_one_cause(tmp_path):
    result = run("check", "--root", str(tmp_path))
    assert result.exit_code == 1
    assert "找不到数据目录" in result.output and "检查完成：1 个错误" in result.output, result.output
    assert "缺少手册信息文件" not in result.output, result.output


@pytest.mark.parametrize("limit", ["0", "-3"])
def test_search_refuses_a_limit_below_one(limit):
    result = run("search", "回款", "--limit", limit)
    assert result.exit_code == 2, result.output
    assert "选项 --limit 的值不对，应为不小于 1 的整数" in result.output, result.output


def test_search_names_a_type_it_does_not_know_instead_of_finding_nothing():
    result = run("search", "回款", "--type", "流程步")
    assert result.exit_code == 2, result.output
    assert "没有“流程步”这一类。是不是想写 流程步骤？" in result.output and "没有找到" not in result.output, result.output
