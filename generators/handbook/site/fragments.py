"""Keep generated HTML blocks out of Markdown's way.

Generated pages are mostly raw HTML blocks (tables, lists, diagrams), which
Python-Markdown passes through unchanged, but only after parsing every tag
twice (its raw-HTML stash, then MkDocs' anchor collector): half of the build
time of a large handbook. The plugin swaps each such block for a placeholder
before Markdown runs and puts it back into the HTML afterwards. Headings stay
Markdown, so the title, table of contents and permalinks are MkDocs' own.
The core's pages are unchanged Markdown; this is only how MkDocs is fed.
"""

from __future__ import annotations

import re

BLOCK_START = re.compile(r"<(?:table|p|ol|ul|div|nav|form|figure|section|dl)[\s>]")
PLACEHOLDER = "<!--hb-fragment-{}-->"
FENCE = re.compile(r"^\s*(```|~~~)")
ID = re.compile(r'\sid="([^"]+)"')


def hold_out(markdown: str) -> tuple[str, list[str]]:
    """(Markdown with placeholders, the HTML blocks taken out)."""
    lines = markdown.split("\n")
    out: list[str] = []
    fragments: list[str] = []
    block: list[str] | None = None
    fenced = False
    for i, line in enumerate(lines):
        if block is not None:
            if line.strip() and not line.startswith("#"):
                block.append(line)
                continue
            fragments.append("\n".join(block))
            out += [PLACEHOLDER.format(len(fragments) - 1)] + ([""] if line.strip() else [])
            block = None
        if FENCE.match(line):
            fenced = not fenced
        starts_block = not fenced and BLOCK_START.match(line) and (i == 0 or not lines[i - 1].strip())
        if starts_block:
            block = [line]
        else:
            out.append(line)
    if block is not None:
        fragments.append("\n".join(block))
        out.append(PLACEHOLDER.format(len(fragments) - 1))
    return "\n".join(out), fragments


PLACEHOLDER_RE = re.compile(r"<!--hb-fragment-(\d+)-->")


def put_back(html: str, fragments: list[str]) -> str:
    """Each placeholder's first occurrence becomes its fragment, in one pass over the page
    (one str.replace per fragment rescanned the whole page: quadratic for a 5,000-step process)."""
    used: set[int] = set()

    def swap(match: re.Match) -> str:
        n = int(match.group(1))
        if n >= len(fragments) or n in used:
            return match.group(0)
        used.add(n)
        return fragments[n]

    return PLACEHOLDER_RE.sub(swap, html)


def fragment_ids(fragments: list[str]) -> set[str]:
    """Anchor ids inside the fragments, so MkDocs can still validate links to them."""
    return {m.group(1) for fragment in fragments for m in ID.finditer(fragment)}
