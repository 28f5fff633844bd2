"""Text measuring and wrapping used by the diagram layouts."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from handbook.diagrams import text_width, wrap
from handbook.diagrams.text import clean, orphaned

ALPHABET = list("人力资源部审批流程，。、（）《》“”：") + list("abcdefXYZ0129 -_/.") + list('<>&"\'\t\n')


def test_widths():
    assert text_width("人力资源", 10) == 40
    assert text_width("，。（）", 10) == 40  # full-width punctuation is 1 em
    # Latin text: at least Microsoft YaHei's published advances (a 0.5525, b 0.6385, c 0.501 em), at most 1 em each
    assert 16.92 <= text_width("abc", 10) <= 30
    # the fresh-Debian figure from the reader-pages issue: DejaVu Sans digits, "0123456789" at 11 px is 70 px
    assert text_width("0123456789", 11) >= 70
    assert text_width("", 14) == 0


def test_wrap_cjk_and_words():
    assert wrap("人力资源部经理", 4 * 14, 14) == ["人力资源", "部经理"]
    assert wrap("Human Resources Dept", 7 * 10, 10) == ["Human", "Resources", "Dept"]
    assert wrap("   ", 100, 14) == []


def test_closing_punctuation_never_starts_a_line():
    lines = wrap("一二三四，五六", 4 * 10, 10)
    assert not any(line.startswith("，") for line in lines)


def test_long_word_is_split():
    lines = wrap("x" * 50, 60, 10)
    assert all(text_width(line, 10) <= 60 for line in lines) and "".join(lines) == "x" * 50


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=60), st.integers(2, 20), st.sampled_from([11.0, 12.0, 13.0, 14.0]))
def test_wrap_fits_and_loses_nothing(s, ems, font):
    width = ems * font
    lines = wrap(s, width, font)
    assert all(text_width(line, font) <= width for line in lines)
    assert all(line == line.strip() and line for line in lines)
    assert "".join(lines).replace(" ", "") == clean(s).replace(" ", "")


def test_no_orphaned_last_character():
    """Examples from the sample: a name must not end with one character on its own line."""
    assert wrap("营销中心总经理", 6 * 14, 14) == ["营销中心", "总经理"]
    assert wrap("产品选型与方案设计", 8 * 13, 13) == ["产品选型与", "方案设计"]
    # the audit's phase names, three characters wide: no line is a single character
    for name in ("运营与评估", "方案与评审", "签订与报备", "项目试点及推广"):
        lines = wrap(name, 3 * 13 + 1, 13)
        assert not orphaned(lines) and all(len(line) >= 2 for line in lines), lines
    # two characters wide, an odd-length name cannot avoid one: the caller is told, to widen (band_labels)
    assert orphaned(wrap("运营与评估", 2 * 13 + 1, 13))
    assert not orphaned(["审"]) and not orphaned(["审批"]) and orphaned(["审批", "后"]) and orphaned(["理。", "经"])


CJK = list("人力资源部审批流程营销中心总经理产品选型与方案设计")


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=CJK, min_size=3, max_size=40), st.integers(3, 12))
def test_balanced_lines_without_orphans(s, ems):
    font = 13.0
    lines = wrap(s, ems * font, font)
    greedy_count = len(wrap.__globals__["_greedy"](s, ems * font, font))
    assert len(lines) == greedy_count  # balancing never adds a line
    # never a single character on a line of its own, wherever it falls (a 1-character last line after a
    # 2-character line is still an orphan); three characters a line always leave room to avoid one
    assert not any(len(line) == 1 for line in lines) and not orphaned(lines), lines
    widths = [text_width(line, font) for line in lines]
    assert max(widths) - min(widths) <= 2 * font + 1e-9, lines  # balanced: lengths differ by at most two
