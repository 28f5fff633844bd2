"""The thin MkDocs plugin: run the pipeline, add its pages and assets, wire events.

Everything else lives in the MkDocs-independent core; nothing generated is
written into content/ or data/.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config import config_options as opt
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from ..render.refs import expand_refs
from .assemble import SiteBuild, assemble
from .linkcheck import check_site

log = logging.getLogger("mkdocs.plugins.handbook")
THEME_DIR = Path(__file__).resolve().parent / "theme"


class HandbookConfig(Config):
    root = opt.Type(str, default=".")
    """The handbook project (with data/ and content/), relative to mkdocs.yml."""
    check_links = opt.Type(bool, default=True)


class HandbookPlugin(BasePlugin[HandbookConfig]):
    def on_config(self, config):
        root = (Path(config.config_file_path).parent / self.config.root).resolve()
        self.build: SiteBuild = assemble(root)
        if self.build.handbook is None:
            raise PluginError("数据有错误，未生成网站：\n" + "\n".join(d.format() for d in self.build.report.errors))
        for warning in self.build.report.warnings:
            log.info(warning.format())
        hb = self.build.handbook
        config.site_name = hb.meta.title
        config.nav = self.build.nav
        if THEME_DIR.is_dir():
            config.theme.dirs.insert(0, str(THEME_DIR))
        config.extra_css = list(self.build.css) + list(config.extra_css)
        config.extra_javascript = list(self.build.js) + list(config.extra_javascript)
        return config

    def on_files(self, files: Files, config) -> Files:
        for src, content in self.build.pages.items():
            if files.get_file_from_path(src) is not None:
                raise PluginError(f"content/{src} 与生成的页面重名，请给这个章节换一个文件名")
            files.append(File.generated(config, src, content=content))
        for src, content in self.build.assets.items():
            files.append(File.generated(config, src, content=content))
        return files

    def on_page_markdown(self, markdown: str, page, config, files) -> str:
        if page.file.src_uri in self.build.pages:
            return markdown
        return expand_refs(markdown, page.file.src_uri, self.build.handbook)

    def on_serve(self, server, config, builder):
        server.watch(str(self.build.root / "data"))
        return server

    def on_post_build(self, config):
        if not self.config.check_links:
            return
        problems = check_site(Path(config.site_dir))
        if problems:
            shown = "\n".join(problems[:50])
            more = f"\n……共 {len(problems)} 处" if len(problems) > 50 else ""
            raise PluginError(f"网站中有失效的内部链接：\n{shown}{more}")
