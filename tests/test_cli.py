"""The command line: help with examples, documented codes, exit codes, and the check cache."""

from __future__ import annotations

import re

from click.testing import CliRunner

from conftest import ROOT
from handbook.cli import main
from handbook.diagnostics import CODES


def commands(group, prefix=""):
    for name, command in sorted(group.commands.items()):
        if hasattr(command, "commands"):
            yield from commands(command, f"{prefix}{name} ")
        else:
            yield f"{prefix}{name}", command


def test_every_command_has_help_with_an_example_and_is_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name, command in commands(main):
        assert command.help, name
        if name != "codes":
            assert "示例：" in command.help, f"{name} has no example"
        assert f"handbook {name.split()[0]}" in readme, f"README does not mention handbook {name}"


def test_every_diagnostic_code_used_is_documented():
    used = set()
    for path in (ROOT / "generators/handbook").rglob("*.py"):
        used |= set(re.findall(r'"((?:yaml|schema|ref|org|kpi|position|step|content|id|file|text|unit|training|name|release|key)\.[a-z-]+|unused)"',
                               path.read_text(encoding="utf-8")))
    assert used, "no codes found"
    assert used <= set(CODES), used - set(CODES)
    result = CliRunner().invoke(main, ["codes"])
    for code in used:
        assert code in result.output


def test_check_exit_codes_and_cache(minimal):
    runner = CliRunner(mix_stderr=False) if "mix_stderr" in CliRunner.__init__.__code__.co_varnames else CliRunner()
    first = runner.invoke(main, ["check", "--root", str(minimal)])
    assert first.exit_code == 0 and "0 个错误" in first.output
    assert (minimal / ".handbook-cache/check.json").exists()
    again = runner.invoke(main, ["check", "--root", str(minimal)])
    assert again.output == first.output
    pos = minimal / "data/positions/sales-manager.yaml"
    pos.write_text(pos.read_text(encoding="utf-8").replace("weight: 40", "weight: 41"), encoding="utf-8")
    broken = runner.invoke(main, ["check", "--root", str(minimal)])
    assert broken.exit_code == 1
    assert "kpi.weights" in (broken.output + getattr(broken, "stderr", ""))
    assert "Traceback" not in broken.output


def test_check_outside_a_project_is_a_clear_error(tmp_path):
    result = CliRunner().invoke(main, ["check", "--root", str(tmp_path)])
    assert result.exit_code == 1 and "data" in result.output and "Traceback" not in result.output


def test_changes_between_two_directories(minimal, tmp_path):
    import shutil

    new = tmp_path / "new"
    shutil.copytree(minimal, new)
    pos = new / "data/positions/sales-manager.yaml"
    pos.write_text(pos.read_text(encoding="utf-8").replace("组织合同评审", "组织并主持合同评审")
                   .replace("reports_to: gm", "reports_to: gm\n"), encoding="utf-8")
    proc = new / "data/processes/contract-review.yaml"
    proc.write_text(proc.read_text(encoding="utf-8").replace("role: sales-dept", "role: sales-manager"), encoding="utf-8")
    result = CliRunner().invoke(main, ["changes", "--root", str(minimal), str(minimal), str(new)])
    assert result.exit_code == 0, result.output
    assert "职责改写：“组织合同评审” → “组织并主持合同评审”" in result.output
    assert "步骤“签订合同”改由其他角色负责：“销售部” → “销售经理”" in result.output
    as_json = CliRunner().invoke(main, ["changes", "--root", str(minimal), str(minimal), str(new), "--format", "json"])
    import json

    assert {c["what"] for c in json.loads(as_json.output)} == {"职责改写", "步骤“签订合同”改由其他角色负责"}


def test_terminal_search_names_each_record_and_says_when_nothing_matched():
    found = CliRunner().invoke(main, ["search", "--root", str(ROOT), "销售经理", "--limit", "3"])
    assert found.exit_code == 0, found.output
    first = found.output.splitlines()[0]
    assert first.startswith("[岗位] 销售经理（销售管理部）："), first  # the record's name, then where it sits
    nothing = CliRunner().invoke(main, ["search", "--root", str(ROOT), "qqqqzzzz"])
    assert nothing.exit_code == 0 and "没有找到与“qqqqzzzz”相关的内容" in nothing.output


def test_readable_ids_print_nothing_from_the_word_segmenter():
    """jieba logs "Building prefix dict…" in English on first use; an editor running import --simple must not see it."""
    import subprocess
    import sys

    run = subprocess.run([sys.executable, "-c", "from handbook.importer.ids import pinyin_slug; print(pinyin_slug('商务助理'))"],
                         capture_output=True, text=True, cwd=ROOT)
    assert run.stdout.strip() == "shangwu-zhuli" and run.stderr == "", run.stderr
