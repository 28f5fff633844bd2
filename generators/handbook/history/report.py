"""Change lists as terminal text, Markdown or JSON."""

from __future__ import annotations

import json
from itertools import groupby

from .diff import Change


def as_text(changes: list[Change]) -> str:
    if not changes:
        return "两个版本之间没有业务内容的变化。"
    lines = [f"共 {len(changes)} 处变化："]
    for kind, group in groupby(changes, key=lambda c: c.kind):
        lines.append(f"\n【{kind}】")
        lines += [f"  - {c.sentence()}" for c in group]
    return "\n".join(lines)


def as_markdown(changes: list[Change]) -> str:
    if not changes:
        return "两个版本之间没有业务内容的变化。\n"
    out = []
    for kind, group in groupby(changes, key=lambda c: c.kind):
        out.append(f"### {kind}\n")
        out += [f"- {_md(c.sentence())}" for c in group]
        out.append("")
    return "\n".join(out)


def as_json(changes: list[Change]) -> str:
    return json.dumps([c.as_dict() for c in changes], ensure_ascii=False, indent=2)


def _md(text: str) -> str:
    for ch in "\\`*_[]<>#|":
        text = text.replace(ch, "\\" + ch)
    return text
