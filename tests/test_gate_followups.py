"""Follow-ups to issue 13 (`handbook check` is the gate) from a tester's run: each kind that passed
check and then failed the build or an export, or that check reported badly, pinned by its example."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from conftest import ROOT, errors, line_of
from handbook.cli import main
from handbook.pipeline import load_handbook
from handbook.render.print_edition import rebase_link
from sitebuild import build_project, copy_project


@pytest.fixture
def sample(tmp_path):
    return copy_project(ROOT, tmp_path / "sample")


# --------------------------------------------------------------------------- 1. print edition keeps chapter links
@pytest.mark.parametrize("target, expected", [
    ("../org/", "../org/"),                     # folder link: from the page address counter/
    ("../org/#top", "../org/#top"),
    ("credit.md#一目的", "../credit.md#一目的"),  # file links: from the source folder
    ("images/logo.png", "../images/logo.png"),
    ("#here", "#here"),
])
def test_print_rebases_links_from_their_own_base(target, expected):
    assert rebase_link(target, "counter.md", "print/index.md") == expected


def test_relative_folder_link_in_chapter_builds(minimal, tmp_path):
    (minimal / "content/counter.md").write_text("# 柜面制度\n\n见 [组织](../org/)。\n", encoding="utf-8")
    assert errors(minimal) == []
    build_project(minimal, tmp_path / "site")
    printed = (tmp_path / "site/print/index.html").read_text(encoding="utf-8")
    assert 'href="../org/"' in printed


# --------------------------------------------------------------------------- 2/3. files, folders and raw HTML in chapters
@pytest.mark.parametrize("body, value, words", [
    ("![图](images/logo.png)", "images/logo.png", "content/images/logo.png"),
    ('<a href="nowhere/">x</a>', "nowhere/", "页面不存在"),
    ("[外链](../data/x.md)", "../data/x.md", "content/ 目录之外"),
    ("[组织](../../org/)", "../../org/", "网站之外"),
    ("[文件](files/rules.pdf)", "files/rules.pdf", "文件不存在"),
    ("[岗位](../positions/nobody/)", "../positions/nobody/", "页面不存在"),
    ("[下载](../downloads/)", "../downloads/", "页面不存在"),
])
def test_chapter_targets_the_build_would_reject(minimal, body, value, words):
    (minimal / "content/counter.md").write_text(f"# 柜面制度\n\n{body}\n", encoding="utf-8")
    [d] = errors(minimal)
    assert (d.code, d.file, d.line, d.value) == ("content.link", "content/counter.md", 3, value)
    assert words in d.message


def test_chapter_targets_that_exist_pass_check_and_build(minimal, tmp_path):
    (minimal / "content/images").mkdir()
    (minimal / "content/images/logo.png").write_bytes(b"\x89PNG")
    (minimal / "content/counter.md").write_text(
        "# 柜面制度\n\n![图](images/logo.png) [组织](../org/) <a href=\"../print/\">打印</a> [首页](../)\n"
        "[规则](rules.md) [修订](../changes/) [搜索](../search/) [岗位](../positions/) [流程](../processes/)\n"
        "[指标](../kpis/) [培训](../training/)\n", encoding="utf-8")
    assert errors(minimal) == []
    build_project(minimal, tmp_path / "site")  # check passed, so the build (with its link check) must pass
    assert (tmp_path / "site/images/logo.png").is_file()


def test_missing_image_every_one_reported_once(minimal):
    (minimal / "content/counter.md").write_text("# 柜面制度\n\n![图](a.png)\n\n![图](b.png)\n", encoding="utf-8")
    assert [d.line for d in errors(minimal, "content.link")] == [3, 5]


# --------------------------------------------------------------------------- 4. mkdocs.yml
def test_theme_override_without_name_builds(minimal, tmp_path):
    from sitebuild import write_default_config

    config = write_default_config(minimal)
    config.write_text(config.read_text(encoding="utf-8") + "theme:\n  palette:\n    primary: teal\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--root", str(minimal)])
    assert result.exit_code == 0, result.output
    build_project(minimal, tmp_path / "site")
    assert "teal" in (tmp_path / "site/index.html").read_text(encoding="utf-8")


def test_check_reports_mkdocs_config_errors(minimal):
    from sitebuild import write_default_config

    config = write_default_config(minimal)
    config.write_text(config.read_text(encoding="utf-8") + "use_directory_urls: 也许\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--root", str(minimal), "--format", "json"])
    assert result.exit_code == 1
    [d] = [d for d in json.loads(result.output) if d["code"] == "site.config"]
    assert d["file"] == "mkdocs.yml" and d["line"] == line_of(config, "use_directory_urls") and "有误" in d["message"]


# --------------------------------------------------------------------------- 5. handbook.yaml parts stand alone
def test_vocabularies_apply_when_a_release_is_wrong(sample):
    meta = sample / "data/handbook.yaml"
    text = meta.read_text(encoding="utf-8")
    text += 'vocabularies: {unit_kinds: {add: [支行, 营业网点]}}\n'
    text = text.replace("releases:\n", 'releases:\n  - {version: "0.9", date: "2025-03-01", approver: x, note: 首次发布}\n', 1)
    meta.write_text(text, encoding="utf-8")
    for unit in ("east-branch", "franchise-team"):
        path = sample / f"data/units/{unit}.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace("kind: 分公司", "kind: 支行").replace("kind: 小组", "kind: 营业网点"),
                        encoding="utf-8")
    [d] = errors(sample)
    assert (d.code, d.file, d.line) == ("schema.extra", "data/handbook.yaml", line_of(meta, "note:"))
    assert "summary（发布说明）" in d.message


@pytest.mark.parametrize("written, meant", [("note", "summary（发布说明）"), ("批准人", "approver（批准人）"), ("versoin", "version")])
def test_unknown_field_suggests_by_synonym_and_label(minimal, written, meant):
    meta = minimal / "data/handbook.yaml"
    text = meta.read_text(encoding="utf-8")
    assert text.rstrip().endswith("}")
    meta.write_text(text.rstrip() + f'\n  - {{version: "1.1", date: "2026-03-01", {written}: x}}\n', encoding="utf-8")
    found = [d for d in errors(minimal) if d.code == "schema.extra"]
    assert found and f"是不是想写 {meant}" in found[0].message


# --------------------------------------------------------------------------- 6. every problem in one run
def test_chapter_and_record_anchors_reported_together(sample):
    (sample / "content/counter.md").write_text("# 柜面制度\n\n见 [[credit#如何修订]]。\n\n见 [[sales-manager#dutys]]。\n",
                                               encoding="utf-8")
    found = sorted((d.line, d.code) for d in errors(sample))
    assert found == [(3, "content.anchor"), (5, "content.anchor")]
    [record] = [d for d in errors(sample) if d.line == 5]
    assert "duties（岗位职责）" in record.message


def test_front_matter_error_does_not_hide_body_problems(sample):
    process = sorted(p.stem for p in (sample / "data/processes").glob("*.yaml"))[0]
    (sample / "content/counter.md").write_text(
        f"---\norder: 一\n---\n# 柜面制度\n\n[[sales-manager#carer]]\n\n[[center-gm#relations]]\n\n[[{process}#step-nope]]\n",
        encoding="utf-8")
    found = errors(sample)
    assert sorted(d.line for d in found) == [2, 6, 8, 10], [d.format() for d in found]
    assert found[0].field.startswith("order")


# --------------------------------------------------------------------------- 7. consequences are not extra problems
def warnings(root, code):
    return [d for d in load_handbook(root)[1].warnings if d.code == code]


def test_syntax_error_in_a_position_does_not_make_its_unit_unused(sample):
    hb, _ = load_handbook(sample)
    unit, positions = next((u, ps) for u, ps in hb.unit_positions.items()
                           if u not in hb.child_units and u not in hb.secondary_positions)
    for pid in positions:  # the unit's only users all fail to parse
        path = sample / f"data/positions/{pid}.yaml"
        path.write_text(path.read_text(encoding="utf-8") + "\nduties: [未闭合\n", encoding="utf-8")
    assert errors(sample, "yaml.syntax") and warnings(sample, "unused") == []


def test_invalid_position_does_not_make_its_courses_unused(sample):
    hb, _ = load_handbook(sample)
    course, users = min(hb.course_positions.items(), key=lambda item: len(item[1]))
    for pid, *_ in users:  # every position that trains on the course gets an invalid name
        path = sample / f"data/positions/{pid}.yaml"
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace(f"name: {hb.positions[pid].name}", "name: no", 1), encoding="utf-8")
    assert errors(sample) and warnings(sample, "unused") == []


# --------------------------------------------------------------------------- 8. full-width characters named
def _position_with(root, line):
    path = root / "data/positions/sales-manager.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.rstrip("\n") + "\n" + line + "\n", encoding="utf-8")
    return path


def test_fullwidth_comma_in_an_id_list(sample):
    path = _position_with(sample, "dotted_reports_to: [center-gm，center-gm-assistant]")
    found = errors(sample)
    assert [d.code for d in found] == ["yaml.fullwidth"], [d.format() for d in found]
    assert found[0].line == line_of(path, "dotted_reports_to") and "全角逗号" in found[0].message


def test_fullwidth_space_after_colon(sample):
    path = sample / "data/positions/sales-manager.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("purpose: ", "purpose:\u3000", 1), encoding="utf-8")
    [d] = errors(sample)
    assert (d.code, d.line) == ("yaml.fullwidth", line_of(path, "purpose:")) and "全角空格" in d.message


def test_chinese_commas_in_text_lists_are_text(minimal):
    path = next((minimal / "data/positions").glob("*.yaml"))
    path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + "\nqualifications: [熟悉ERP，CRM系统]\n", encoding="utf-8")
    assert not [d for d in errors(minimal) if d.code == "yaml.fullwidth"]


# --------------------------------------------------------------------------- 9. invisible format characters
def test_format_characters_are_the_unicode_cf_category():
    import sys as _sys
    import unicodedata

    from handbook.load.yaml_lint import CONTROL

    cf = [chr(c) for c in range(_sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Cf"]
    assert [c for c in cf if not CONTROL.fullmatch(c)] == []


@pytest.mark.parametrize("char", ["\u200b", "\u200c", "\u200d", "\ufeff", "\u2060"])
def test_invisible_character_in_a_name(sample, char):
    path = sample / "data/positions/sales-manager.yaml"
    text = path.read_text(encoding="utf-8")
    name = next(line for line in text.splitlines() if line.startswith("name: "))
    path.write_text(text.replace(name, name[:8] + char + name[8:], 1), encoding="utf-8")
    [d] = errors(sample)
    assert (d.code, d.line, d.column) == ("text.control", line_of(path, "name: "), 9)
    assert f"U+{ord(char):04X}" in d.message


def test_invisible_character_in_a_chapter(minimal):
    (minimal / "content/counter.md").write_text("# 柜面制度\n\n大堂\u200b经理负责引导。\n", encoding="utf-8")
    report = load_handbook(minimal)[1]
    [d] = [d for d in report.errors + report.warnings if d.code == "text.control"]
    assert d.line == 3 and "U+200B" in d.message


# --------------------------------------------------------------------------- 10. smaller ones
@pytest.mark.parametrize("written", ["[[sales-manager|]]", "[[]]", "[[sales-manager#]]", "[[ ]]"])
def test_incomplete_reference_is_reported(sample, written):
    (sample / "content/counter.md").write_text(f"# 柜面制度\n\n见 {written}。\n", encoding="utf-8")
    [d] = errors(sample)
    assert (d.code, d.line) == ("content.ref", 3)


def test_boolean_written_in_chinese(sample):
    path = sample / "data/positions/business-assistant.yaml"
    text = path.read_text(encoding="utf-8")
    assert "veto: true" in text
    path.write_text(text.replace("veto: true", "veto: 是", 1), encoding="utf-8")
    [d] = errors(sample)
    assert (d.code, d.line) == ("schema.type", line_of(path, "veto:"))
    assert "true" in d.message and "false" in d.message and "“是/否”" in d.message


def test_headcount_in_words_mentions_undecided(sample):
    path = sample / "data/positions/sales-manager.yaml"
    text = path.read_text(encoding="utf-8")
    line = next(x for x in text.splitlines() if x.startswith("headcount:"))
    path.write_text(text.replace(line, "headcount: 两人", 1), encoding="utf-8")
    [d] = errors(sample)
    assert (d.code, d.line) == ("schema.type", line_of(path, "headcount:")) and "未定" in d.message


def test_build_headline_counts_the_problems_it_lists(minimal):
    from handbook.site.mkdocs_messages import build_messages

    (minimal / "content/counter.md").write_text("# 柜面制度\n\n![图](images/logo.png)\n", encoding="utf-8")
    warnings = ["Doc file 'counter.md' contains a link 'images/logo.png', but the target is not found among documentation files.",
                "Doc file 'print/index.md' contains a link 'images/logo.png', but the target is not found among documentation files."]
    headline, lines = build_messages("Aborted with 2 warnings in strict mode!", warnings, minimal)
    assert len(lines) == 1 and "content/counter.md:3" in lines[0]
    assert "有 1 个问题" in headline


def test_one_item_list_file_says_one_record_per_file(minimal):
    path = minimal / "data/kpis/new-kpi.yaml"
    path.write_text("- id: new-kpi\n  name: 新指标\n", encoding="utf-8")
    found = [d for d in errors(minimal) if d.file == "data/kpis/new-kpi.yaml"]
    assert found and all("一个文件写一条记录" in d.message for d in found if d.code == "schema.missing")
    assert any(d.code == "schema.missing" for d in found)


def test_a_step_linked_by_its_id_passes_check_and_build(minimal, tmp_path):
    """[[contract-review#review]] (a tester's [[claims-handling#investigate]]) passed check, then stopped the
    build: the chart box's data-id="review" was taken for an anchor. A step is now linked by its id (to
    #step-review); an unknown one is a check error with the steps as did-you-mean."""
    rules = minimal / "content/rules.md"
    rules.write_text(rules.read_text(encoding="utf-8") + "\n\n见 [[contract-review#review]]。\n", encoding="utf-8")
    assert errors(minimal) == []
    build_project(minimal, tmp_path / "site")
    assert "contract-review/#step-review" in (tmp_path / "site/rules/index.html").read_text(encoding="utf-8")
    rules.write_text(rules.read_text(encoding="utf-8") + "\n\n见 [[contract-review#reveiw]]。\n", encoding="utf-8")
    [found] = errors(minimal)
    assert found.code == "content.anchor" and found.line == line_of(rules, "reveiw") and "review" in found.message
