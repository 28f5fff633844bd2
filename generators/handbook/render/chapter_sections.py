"""Split a policy chapter into its sections, with the same anchors the page gets.

Anchors come from pymdownx's Unicode slugify, which mkdocs.yml also configures
for the table of contents, so 一、目的 becomes #一目的 on the page and here.
"""

from __future__ import annotations

import re

from pymdownx.slugs import slugify

from ..resolve import FENCE, REF_PATTERN

HEADING = re.compile(r"^(#{1,3})\s+(.+?)\s*(?:\{\s*#([^}\s]+)[^}]*\})?\s*#*\s*$")
MARKUP = re.compile(r"[*_`>#|]|\[([^\]]*)\]\([^)]*\)")
_slug = slugify(case="lower")


def plain(text: str) -> str:
    text = REF_PATTERN.sub(lambda m: (m.group(3) or m.group(1)).strip(), text)
    return re.sub(r"\s+", " ", MARKUP.sub(lambda m: m.group(1) or "", text)).strip()


def sections(body: str) -> list[tuple[str, str, str]]:
    """[(anchor, title, plain text)] — the part before the first ## has anchor ''."""
    out: list[tuple[str, str, list[str]]] = [("", "", [])]
    used: dict[str, int] = {}
    fenced = False
    for line in body.split("\n"):
        if FENCE.match(line.lstrip()):
            fenced = not fenced
        match = None if fenced else HEADING.match(line)
        if match and len(match.group(1)) > 1:
            title = plain(match.group(2))
            anchor = match.group(3) or _unique(_slug(title, "-"), used)
            out.append((anchor, title, []))
        elif match:  # the chapter's own # title
            continue
        elif line.strip():
            out[-1][2].append(line)
    return [(a, t, plain(" ".join(lines))) for a, t, lines in out if lines or a]


def _unique(slug: str, used: dict[str, int]) -> str:
    """Python-Markdown's toc appends _1, _2 … to repeated ids."""
    if slug not in used:
        used[slug] = 0
        return slug
    used[slug] += 1
    return f"{slug}_{used[slug]}"


def resolve_anchor(body: str, wanted: str) -> str | None:
    """The anchor of the section `wanted` names: its anchor (一目的), or its heading as the reader sees it
    (一、目的, 五、逾期账款处理); None when the chapter has no such section."""
    found = [(anchor, title) for anchor, title, _ in sections(body) if anchor]
    for anchor, title in found:
        if wanted in (anchor, title):
            return anchor
    slug = _slug(plain(wanted), "-")
    return next((anchor for anchor, _ in found if anchor == slug), None)
