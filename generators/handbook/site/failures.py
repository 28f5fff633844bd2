"""Why a site build failed, told by the exception's type and errno, never by its English text.

A write can fail deep inside a library: MkDocs copying a theme file raises OSError itself, a library may
raise its own type with the OSError chained as `__cause__`/`__context__`, and lxml (used by openpyxl and
python-docx to write Word/Excel downloads) reports a failed write as SerialisationError whose argument is
libxml2's error code (`IO_EFBIG`, `IO_ENOSPC` …), the errno under another name. `write_errno` finds the
errno on any of these; `build_failure` turns an exception into the Chinese reason `handbook build` prints.
"""

from __future__ import annotations

import errno
from pathlib import Path

import yaml

from ..os_errors import REASONS

WRITE_REASONS = {code: REASONS[code] for code in
                 (errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EACCES, errno.EPERM, errno.EROFS)}
"""The write failures an operator can act on, worded as everywhere else (os_errors.REASONS); other errnos are
said as WRITE_FAILED with the system's own text."""

WRITE_FAILED = "写入失败（磁盘已满或没有写权限？）"
"""Said for an I/O failure whose errno has no entry in WRITE_REASONS."""

OLD_INHERIT_HINT = ("\n提示：网站默认设置现在由安装的 handbook 插件提供，mkdocs.yml 中不再需要 INHERIT 一行。"
                    "请删除它，只保留 site_name、docs_dir: content 和 plugins: [handbook]（可用 handbook init 生成示例）。")
OLD_DEFAULTS_FILE = "mkdocs.default.yml"
"""The file older projects named in `INHERIT:` (inside this repository, before the plugin supplied defaults)."""


def write_errno(exc: BaseException | None) -> int | None:
    """The errno of the first I/O failure on `exc` or the exceptions it chains (`__cause__`, else
    `__context__`); None when nothing on the chain carries one."""
    found = _io_failure(exc)
    return found[0] if found else None


def _io_failure(exc: BaseException | None) -> tuple[int, BaseException] | None:
    """(errno, the exception that carries it) for the first I/O failure on the chain, or None."""
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        code = _own_errno(exc)
        if code is not None:
            return code, exc
        exc = exc.__cause__ or exc.__context__
    return None


def _own_errno(exc: BaseException) -> int | None:
    if isinstance(exc, OSError) and exc.errno:
        return exc.errno
    try:
        from lxml.etree import SerialisationError
    except ImportError:  # lxml comes with python-docx; without it there is no such error to read
        return None
    if isinstance(exc, SerialisationError) and exc.args and isinstance(exc.args[0], str):
        # libxml2's error code for a failed write is the errno's name with IO_ in front (xmlerror.h)
        name = exc.args[0]
        return getattr(errno, name[3:], None) if name.startswith("IO_E") else None
    return None


def write_failure(exc: BaseException) -> str | None:
    """'写入失败（reason）：details' when `exc` (or what it chains) is an I/O failure, else None."""
    found = _io_failure(exc)
    if found is None:
        return None
    code, carrier = found
    reason = WRITE_REASONS.get(code)
    detail = str(carrier) if isinstance(carrier, OSError) else f"{type(carrier).__name__}: {carrier}"
    return f"{f'写入失败（{reason}）' if reason else WRITE_FAILED}：{detail}"


def internal_failure(exc: BaseException) -> str:
    """What is said for a failure that is neither a settings problem nor an I/O failure."""
    return write_failure(exc) or f"生成时出现内部错误：{type(exc).__name__}: {exc}"


def old_inherit_hint(config_path: Path) -> str:
    """OLD_INHERIT_HINT when the project's mkdocs.yml still inherits the packaged defaults file by path
    (`INHERIT: …/mkdocs.default.yml`), else "". Reads the file's YAML node tree (no tag is constructed,
    so MkDocs' `!!python/…` and `!ENV` tags are harmless); an unreadable file gives ""."""
    try:
        node = yaml.compose(config_path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return ""
    if not isinstance(node, yaml.MappingNode):
        return ""
    for key, value in node.value:
        if key.value == "INHERIT" and isinstance(value, yaml.ScalarNode):
            return OLD_INHERIT_HINT if Path(value.value).name == OLD_DEFAULTS_FILE else ""
    return ""
