"""The thin MkDocs plugin: run the pipeline, add its pages and assets, wire events.

Everything else lives in the MkDocs-independent core; nothing generated is
written into content/ or data/.
"""

from __future__ import annotations

import logging
import stat
from pathlib import Path

from markupsafe import Markup
from mkdocs.config import config_options as opt
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from ..load.input_files import inside
from ..load.yaml_source import MAX_BYTES
from ..render.edition import edition
from ..render.memo import RenderMemo
from ..render.print_edition import PRINT_PAGE
from ..render.refs import expand_refs
from ..safe_text import page_text
from ..assemble import SiteBuild, assemble
from .defaults import apply_defaults
from .errors import NO_GOOD_BUILD, error_banner, error_only_build
from .fragments import fragment_ids, hold_out, put_back
from .linkcheck import check_site

log = logging.getLogger("mkdocs.plugins.handbook")


class GeneratedFile(File):
    """A generated page or asset that knows whether it differs from the previous build,
    so MkDocs' dirty builds (the live preview) rewrite only what changed."""

    changed = True

    def is_modified(self) -> bool:
        return self.changed


THEME_DIR = Path(__file__).resolve().parent / "theme"


class HandbookConfig(Config):
    root = opt.Type(str, default=".")
    """The handbook project (with data/ and content/). `handbook build`/`serve` pass it, absolute
    (site/defaults.config_overrides); for a plain `mkdocs build` it is read relative to mkdocs.yml."""
    check_links = opt.Type(bool, default=True)
    pdf = opt.Type(bool, default=False)
    """Also build the PDF edition and offer it on the home page (`handbook build --pdf`); never in the live preview."""


class HandbookPlugin(BasePlugin[HandbookConfig]):
    """Defining on_startup makes MkDocs keep this instance across `serve` rebuilds,
    so the parse cache and the last good build survive an invalid edit.
    (A programmatic build() does not call on_startup: the defaults below are a one-off build.)"""

    serving = False
    cache: dict | None = None
    memo: RenderMemo | None = None
    last_good: SiteBuild | None = None
    written: dict | None = None
    layout: tuple = ()

    def on_startup(self, *, command, dirty):
        self.serving = command == "serve"
        self.cache: dict = {}
        self.memo = RenderMemo() if self.serving else None
        self.last_good: SiteBuild | None = None
        self.written: dict[str, object] = {}
        """Generated file → (content, footer date) written by the previous build (live preview only)."""
        self.outputs: dict[str, str] = {}
        """Generated file → where the preview wrote it, to remove pages of deleted records."""
        self.layout: tuple = ()

    def on_config(self, config):
        apply_defaults(config)
        root = project_root(config.config_file_path, self.config.root)
        build = assemble(root, self.cache, memo=self.memo, pdf=self.config.pdf and not self.serving)
        self.errors = build.report.errors
        for warning in build.report.warnings:
            log.info(warning.format())
        if build.handbook is None:
            text = "\n".join(d.format() for d in self.errors)
            if not self.serving:
                raise PluginError("数据有错误，未生成网站：\n" + text)
            if self.last_good is not None:
                log.error("数据有错误，继续显示上一次成功的版本：\n" + text)
            else:
                log.error(f"数据有错误，{NO_GOOD_BUILD}\n" + text)
            build = self.last_good or error_only_build(root, build.report)
        elif self.serving:
            self.last_good = build
        self.build = build
        self.fragments: dict[str, list[str]] = {}
        self.handwritten: set[str] = {PRINT_PAGE.replace(".md", ".html")}
        """Pages with editors' own links: the build checks these. Generated pages link only to records
        that exist (resolve.py checked them), and the test suite link-checks whole built sites."""
        hb = self.build.handbook
        # Material prints site_name unescaped in many places: it must arrive as HTML-safe text, marked as
        # such (Markup) so the places that do escape it (`| e` on the logo's title) do not escape it twice
        config.site_name = Markup(page_text(hb.meta.title, one_line=True) if hb else "数据有错误")
        config.extra["hb_edition"] = edition(hb.meta) if hb else None
        config.nav = self.build.nav
        if THEME_DIR.is_dir():
            config.theme.dirs.insert(0, str(THEME_DIR))
        config.extra_css = list(self.build.css) + list(config.extra_css)
        config.extra_javascript = list(self.build.js) + list(config.extra_javascript)
        return config

    def on_files(self, files: Files, config) -> Files:
        _drop_unsafe_chapters(files, self.build.root)
        written = self.written
        # what every page shows around its content; when it changes, every page must be rewritten
        layout = (config.site_name, repr(config.nav), tuple(d.format() for d in self.errors),
                  repr(config.extra.get("hb_edition")))
        if written is not None and layout != self.layout:
            written.clear()
            self.layout = layout
        generated = {**self.build.pages, **self.build.assets}
        if written is not None:
            self._forget_removed(generated, config)
        for src, content in generated.items():
            if src in self.build.pages and files.get_file_from_path(src) is not None:
                raise PluginError(f"content/{src} 与生成的页面重名，请给这个章节换一个文件名")
            file = GeneratedFile.generated(config, src, content=content)
            if written is not None:  # the footer shows the page's date: a new date rewrites the page too
                shown = (content, self.build.page_dates.get(src))
                file.changed = written.get(src) != shown
                written[src] = shown
                self.outputs[src] = file.abs_dest_path
            files.append(file)
        return files

    def _forget_removed(self, generated: dict, config) -> None:
        """Live preview: a record deleted since the last build loses its page (a 404, not a stale page).

        Only files this plugin wrote into MkDocs' own temporary preview folder are removed."""
        site = Path(config.site_dir).resolve()
        for src in [src for src in self.outputs if src not in generated]:
            path = Path(self.outputs.pop(src))
            self.written.pop(src, None)
            if path.resolve().is_relative_to(site) and path.is_file():
                path.unlink()
                if path.parent != site and not any(path.parent.iterdir()):
                    path.parent.rmdir()

    def on_page_markdown(self, markdown: str, page, config, files) -> str:
        if page.file.src_uri in self.build.pages:
            markdown, self.fragments[page.file.src_uri] = hold_out(markdown)
            return markdown
        if self.build.handbook is None:
            return markdown
        self.handwritten.add(page.file.dest_uri)
        return expand_refs(markdown, page.file.src_uri, self.build.handbook)

    def on_page_content(self, html: str, page, config, files) -> str:
        fragments = self.fragments.pop(page.file.src_uri, None)
        if fragments is None:
            return html
        if page.present_anchor_ids is not None:
            page.present_anchor_ids |= fragment_ids(fragments)
        return put_back(html, fragments)

    def on_page_context(self, context, page, config, nav):
        """The footer (theme/partials/footer.html) shows when the page's record last changed."""
        context["hb_page_changed"] = self.build.page_dates.get(page.file.src_uri)
        return context

    def on_post_page(self, output: str, page, config) -> str:
        """While serving an invalid edit, every page carries the list of problems."""
        if not self.errors:
            return output
        return _after_body(output, error_banner(self.errors, last_good=self.last_good is not None))

    def on_serve(self, server, config, builder):
        server.watch(str(self.build.root / "data"))
        return server

    def on_post_build(self, config):
        disarm_cdn_fallbacks(Path(config.site_dir))
        if self.serving and self.errors and self.last_good is None:
            log.warning("数据有错误，这次只生成了列出错误的页面；各岗位、流程等页面要等改正错误后才会生成")
        if not self.config.check_links or self.errors or self.serving:
            return
        problems = check_site(Path(config.site_dir), only=self.handwritten)
        if problems:
            shown = "\n".join(problems[:50])
            more = f"\n……共 {len(problems)} 处" if len(problems) > 50 else ""
            raise PluginError(f"网站中有失效的内部链接：\n{shown}{more}")


def project_root(config_file: str, option: str) -> Path:
    """The handbook project: the `root` option as the caller passed it (absolute), or, when a plain
    `mkdocs build`/`serve` left it as written in mkdocs.yml, relative to that file's folder."""
    root = Path(option)
    return (root if root.is_absolute() else Path(config_file).parent / root).resolve()


def _drop_unsafe_chapters(files: Files, root: Path) -> None:
    """Chapters MkDocs would read itself that the loader refused (links leading out of the project,
    pipes, files over the size limit): while the preview shows the last good site, they stay unread."""
    for file in list(files):
        if file.abs_src_path is None or not file.src_uri.endswith(".md"):
            continue
        path = Path(file.abs_src_path)
        try:
            unsafe = (not inside(path, root) or not stat.S_ISREG(path.stat().st_mode)
                      or path.stat().st_size > MAX_BYTES)
        except OSError:
            unsafe = True
        if unsafe:
            files.remove(file)


CDN = "https://unpkg.com/"


def disarm_cdn_fallbacks(site: Path) -> None:
    """Material's bundle would fetch a ResizeObserver polyfill (very old browsers) and Mermaid
    (pages with mermaid blocks; we have none) from unpkg.com. On an intranet that can only hang
    or fail, so the URLs become inert data: URLs and no page load can reach another host."""
    for bundle in (site / "assets" / "javascripts").glob("bundle.*.js"):
        text = bundle.read_text(encoding="utf-8")
        if CDN in text:
            bundle.write_text(text.replace(CDN, "data:text/javascript,//offline/"), encoding="utf-8")


def _after_body(html: str, banner: str) -> str:
    start = html.find("<body")
    end = html.find(">", start) + 1 if start >= 0 else 0
    return html[:end] + banner + html[end:]
