"""A small offline link checker over the built HTML: every internal href and #anchor must exist.

Off-the-shelf checkers either need the network or a browser; this one reads
files only and runs in the build, so a broken link fails the build.
"""

from __future__ import annotations

import posixpath
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

SKIP_SCHEMES = ("http:", "https:", "mailto:", "tel:", "data:", "javascript:")


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("id", "name") and value:
                self.ids.add(value)
            elif name == "href" and value is not None and tag in ("a", "area"):
                self.hrefs.append(value)


def _parse(path: Path) -> _Collector:
    collector = _Collector()
    collector.feed(path.read_text(encoding="utf-8", errors="replace"))
    return collector


def check_site(site: Path) -> list[str]:
    """Return one line per broken link: 'page → href (reason)'."""
    pages = {p.relative_to(site).as_posix(): _parse(p) for p in sorted(site.rglob("*.html"))}
    problems = []
    for page, found in pages.items():
        if page == "404.html":  # served for any missing path, so its links are root-absolute by design
            continue
        for href in found.hrefs:
            reason = _broken(site, page, href, pages)
            if reason:
                problems.append(f"{page} → {href}（{reason}）")
    return problems


def count_links(site: Path) -> int:
    return sum(len(_parse(p).hrefs) for p in site.rglob("*.html"))


def _broken(site: Path, page: str, href: str, pages: dict) -> str | None:
    if not href or href.lower().startswith(SKIP_SCHEMES) or href.startswith("//"):
        return None
    parts = urlsplit(href)
    if parts.scheme or parts.netloc:
        return None
    target = page if not parts.path else posixpath.normpath(posixpath.join(posixpath.dirname(page), unquote(parts.path)))
    if target.startswith(".."):
        return "指向网站之外"
    file = site / target
    if file.is_dir() or parts.path.endswith("/"):
        target = posixpath.join(target, "index.html") if target != "." else "index.html"
        file = site / target
    if not file.exists():
        return "页面不存在"
    if parts.fragment and target in pages and unquote(parts.fragment) not in pages[target].ids:
        return f"锚点 #{parts.fragment} 不存在"
    return None
