"""What a template sees: the handbook plus link helpers bound to the page being rendered."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from ..book import Handbook
from ..addresses import record_page
from .links import relative_url
from .text import escape_html


@dataclass(frozen=True)
class PageContext:
    hb: Handbook
    src: str
    """The source path of the page being rendered, e.g. positions/x.md."""

    def href(self, target_src: str, anchor: str = "") -> str:
        return relative_url(self.src, target_src, anchor)

    def href_to(self, rid: str, anchor: str = "") -> str:
        return self.href(record_page(self.hb.kind_of(rid), rid), anchor)

    def link(self, rid: str | None, anchor: str = "", text: str | None = None) -> Markup:
        """<a> to a record showing its current name; '—' when there is none."""
        if not rid:
            return Markup("—")
        label = escape_html(text if text is not None else self.hb.name_of(rid))
        return Markup(f'<a href="{escape_html(self.href_to(rid, anchor))}">{label}</a>')

    def links(self, rids, sep: str = "、") -> Markup:
        return Markup(sep).join(self.link(rid) for rid in rids) if rids else Markup("—")
