"""What the browser shows while the data is invalid during `handbook serve`."""

from __future__ import annotations

from ..diagnostics import Diagnostic, Report
from ..safe_text import page_text
from ..assemble import SiteBuild


NO_GOOD_BUILD = "还没有成功生成过网站，请先改正下面的错误；改正并保存后，页面会自动刷新。"
"""Said when the data was wrong from the start: there is no earlier version to show."""


def error_banner(errors: list[Diagnostic], last_good: bool = True) -> str:
    """A fixed banner at the top of every page: the site below is the last good version, or, when
    `last_good` is False (the data never built), only that nothing has been built yet."""
    items = "".join(f"<li>{page_text(d.format())}</li>" for d in errors[:30])
    more = f"<li>……共 {len(errors)} 个错误</li>" if len(errors) > 30 else ""
    return (
        '<div id="hb-build-errors" role="alert" style="position:relative;z-index:10;background:#fdecea;'
        'color:#611a15;border-bottom:2px solid #d32f2f;padding:.8em 1.2em;font-size:.8rem;'
        'max-height:40vh;overflow:auto">'
        f"<strong>数据有 {len(errors)} 个错误，"
        f"{'下面显示的是上一次成功生成的版本。' if last_good else NO_GOOD_BUILD}</strong>"
        f'<ul style="margin:.4em 0 0 1.2em">{items}{more}</ul></div>'
    )


def error_only_build(root, report: Report) -> SiteBuild:
    """No good build yet: a one-page site that lists the problems.

    The list is one line of escaped HTML, never Markdown: a value that closes a
    code span or holds a blank line stays text (the plugin keeps the block out of Markdown)."""
    items = "".join(f"<li><code>{page_text(d.format())}</code></li>" for d in report.errors)
    page = f'# 数据有错误\n\n{NO_GOOD_BUILD}\n\n<ul class="hb-build-errors">{items}</ul>\n'
    build = SiteBuild(root, None, report, pages={"index.md": page})
    build.nav = [{"数据有错误": "index.md"}]
    return build
