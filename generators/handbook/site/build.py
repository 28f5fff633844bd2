"""`handbook build`: run MkDocs into a fresh directory and publish it atomically."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import ConfigurationError, MkDocsException

from .defaults import config_overrides
from .failures import internal_failure, old_inherit_hint, write_failure
from .output_dir import UnsafeOutputDir, check_output_dir
from .mkdocs_messages import build_messages, collected_warnings
from .project import config_file
from .publish import discard, new_build_dir, publish


class BuildFailed(Exception):
    """The build stopped; the published site was not touched."""


@dataclass(frozen=True)
class BuildResult:
    site: Path
    pages: int
    seconds: float



def _fail(built: Path | None, detail: str, warnings: list[str], root: Path | None = None):
    if built is not None:
        discard(built)
    if root is not None:  # MkDocs' English: chapter links become diagnostics at the chapter's line
        detail, warnings = build_messages(detail, warnings, root)
    shown = "\n".join(warnings[:30])
    raise BuildFailed(f"网站生成失败，已发布的网站保持不变。\n{detail}\n{shown}".rstrip()) from None


def build_site(root: Path, site_dir: Path | None = None, strict: bool = True, pdf: bool = False) -> BuildResult:
    """Build the site into a new folder and publish it; `pdf` also builds the PDF edition (as mkdocs.yml's
    `plugins: - handbook: {pdf: true}` does). Raises BuildFailed with a Chinese message."""
    started = time.perf_counter()
    path = config_file(root)
    if not path.is_file():
        raise BuildFailed(f"找不到 {path}。请在手册项目目录下运行，或用 --root 指定项目目录")
    built = None
    with collected_warnings() as warnings:
        try:
            config = load_config(str(path), strict=strict, **config_overrides(path, root))
            site = check_output_dir(root, Path(site_dir) if site_dir else Path(config.site_dir))
            built = new_build_dir(site)
            config.site_dir = str(built)
            if pdf and "handbook" in config.plugins:
                config.plugins["handbook"].config["pdf"] = True
            mkdocs_build(config)
        except UnsafeOutputDir as exc:
            _fail(None, str(exc), [])
        except ConfigurationError as exc:  # mkdocs.yml itself: MkDocs' message, and the fix for an old INHERIT line
            _fail(built, str(exc).strip() + old_inherit_hint(path), warnings, root)
        except (MkDocsException, SystemExit) as exc:  # a page or plugin stopped the build (strict mode: its warnings)
            _fail(built, write_failure(exc) or str(exc).strip(), warnings, root)
        except Exception as exc:  # noqa: BLE001 — a full disk, a file size limit, no write permission, or a bug
            _fail(built, internal_failure(exc), warnings)
    try:
        publish(site, built)
    except OSError as exc:
        _fail(built, f"切换到新网站时失败：{write_failure(exc) or exc}", [])
    pages = sum(1 for _ in built.rglob("index.html"))
    return BuildResult(site, pages, time.perf_counter() - started)
