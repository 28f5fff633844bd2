"""Click's own words in Chinese: an editor's command-line mistakes and every help screen (cli_chinese.py)."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from conftest import ROOT
from handbook.cli import main
from test_cli import commands

ENGLISH_CHROME = re.compile(r"Usage:|Error:|Options:|Commands:|Try '|Show this message|\[default:|\[required\]|"
                            r"No such|Missing (argument|option)|Invalid value|\b(DIRECTORY|TEXT|INTEGER|PATH)\b")

MISTAKES = [
    (["chek"], "没有“chek”这个命令", "check"),
    (["check", "--rot", "x"], "没有“--rot”这个选项", "--root"),
    (["check", "--format", "xml"], "选项 --format 的值不对", "text、json"),
    (["search"], "缺少参数“查询词”", ""),
    (["demo", "--positions", "abc"], "选项 --positions 的值不对", "10 到 50000"),
    (["demo", "--positions", "5", "--out", "x"], "选项 --positions 的值不对", "10 到 50000"),
    (["import", "xlsx"], "缺少参数“文件”", ""),
    (["export", "docx", "--out"], "选项 --out 的写法不对", ""),
    (["export", "dcx"], "没有“dcx”这个命令", "docx"),
]


@pytest.mark.parametrize("args, message, hint", MISTAKES, ids=[" ".join(m[0]) for m in MISTAKES])
def test_a_command_line_mistake_is_explained_in_chinese(args, message, hint):
    result = CliRunner().invoke(main, args, prog_name="handbook")
    assert result.exit_code == 2, result.output
    assert message in result.output and hint in result.output, result.output
    assert "用法：handbook" in result.output and "错误：" in result.output
    assert not ENGLISH_CHROME.search(result.output), result.output
    assert "Traceback" not in result.output


def test_every_help_screen_is_in_chinese():
    screens = [[]] + [name.split() for name, _ in commands(main)] + [["export"], ["import"]]
    for args in screens:
        result = CliRunner().invoke(main, args + ["--help"], prog_name="handbook")
        assert result.exit_code == 0, (args, result.output)
        assert result.output.startswith("用法：handbook"), (args, result.output)
        assert "显示本帮助并退出" in result.output
        assert not ENGLISH_CHROME.search(result.output), (args, result.output)


def test_an_error_raised_by_a_command_loses_the_english_label():
    result = CliRunner().invoke(main, ["export", "docx", "no-such-position", "--root", str(ROOT)])
    assert result.exit_code == 1, result.output
    assert result.output.startswith("错误：") and "no-such-position" in result.output
    assert not ENGLISH_CHROME.search(result.output), result.output


def test_help_headings_use_the_chinese_colon_and_the_version_is_shown():
    result = CliRunner().invoke(main, ["export", "--help"], prog_name="handbook")
    assert "选项：" in result.output and "命令：" in result.output, result.output
    assert "选项:" not in result.output
    version = CliRunner().invoke(main, ["--version"], prog_name="handbook")
    assert version.exit_code == 0 and version.output.startswith("handbook ") and version.output.strip()[-1].isdigit()
