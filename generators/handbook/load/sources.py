"""Find and read the files of a handbook project: data/**/*.yaml and content/**/*.md.

Reading is separate from validation so every file is read once, its problems
collected, and the rest of the project still checked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..diagnostics import Report, did_you_mean
from ..model import KINDS
from .input_files import read_input
from .yaml_lint import CONTROL, scan_controls
from .yaml_source import Located, YamlProblem, decode, parse

SINGLE_FILES = {"handbook.yaml": "meta", "synonyms.yaml": "synonyms"}
FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)(?:\r?\n)---[ \t]*(?:\r?\n|\Z)", re.S)


@dataclass(frozen=True)
class RawRecord:
    """One record as written, before validation."""

    kind: str
    file: str
    data: object
    located: Located
    path: tuple = ()
    """Where the record sits in its file: () for a one-record file, (i,) in a list."""

    def line(self, *fields) -> int:
        return self.located.line_of(self.path + tuple(fields))


@dataclass(frozen=True)
class RawChapter:
    """A Markdown chapter: front matter fields plus the body and where it starts."""

    file: str
    meta: dict
    located: Located | None
    body: str
    body_line: int


@dataclass
class Sources:
    records: list[RawRecord] = field(default_factory=list)
    singles: dict[str, RawRecord] = field(default_factory=dict)
    chapters: list[RawChapter] = field(default_factory=list)
    unreadable: list[tuple[str, str]] = field(default_factory=list)
    """(kind, file) of record files that could not be read: references to their ids are not reported again."""


def read_project(root: Path, report: Report, cache: dict | None = None) -> Sources:
    """Read every data and content file under `root`, reporting unreadable ones.

    `cache` (optional) maps a file's path to (mtime_ns, size, parsed) so a
    rebuild only re-reads files that changed.
    """
    sources = Sources()
    data_dir, content_dir = root / "data", root / "content"
    if not data_dir.is_dir():
        report.error("data", 0, "file.unknown", f"找不到数据目录 {data_dir}，请在手册项目根目录下运行，或用 --root 指定")
        return sources
    for path in sorted(data_dir.rglob("*")):
        if _readable(root, path, report):
            _read_data_file(root, path, sources, report, cache)
    if content_dir.is_dir():
        for path in sorted(content_dir.rglob("*.md")):
            if not _readable(root, path, report):
                continue
            chapter = _read_chapter(root, path, report, cache)
            if chapter:
                sources.chapters.append(chapter)
    return sources


def _readable(root: Path, path: Path, report: Report) -> bool:
    """Editors' lock files (.#x.yaml, often dangling links), dangling links and folders are skipped;
    anything else is read, and read_input reports pipes, devices and links out of the project."""
    if path.name.startswith((".#", "~$")) or path.name.endswith(("~", ".swp")):
        return False
    try:
        if not path.exists() or path.is_dir():  # exists() is False for a dangling link
            return False
        if not path.is_file():  # a pipe or device: reading it could block; say so, and build without it
            report.warning(_rel(root, path), 0, "file.unknown", "不是普通文件（可能是设备或管道），不读取")
            return False
        return True
    except OSError:  # a name too long, a link loop
        return False


def _rel(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()


def _cached(path: Path, cache: dict | None, read):
    try:
        stat = None if cache is None else path.stat()
    except OSError:  # a dangling link: read() says so
        stat = None
    if stat is None:
        return read()
    key = (stat.st_mtime_ns, stat.st_size)
    hit = cache.get(str(path))
    if hit and hit[0] == key:
        return hit[1]
    value = read()
    cache[str(path)] = (key, value)
    return value


def _parse_file(path: Path, root: Path) -> Located | YamlProblem:
    try:
        return parse(decode(read_input(path, root)))
    except YamlProblem as problem:
        return problem


def _read_data_file(root: Path, path: Path, sources: Sources, report: Report, cache) -> None:
    rel = _rel(root, path)
    parts = path.relative_to(root / "data").parts
    if path.suffix not in (".yaml", ".yml"):
        if not path.name.startswith("."):
            report.warning(rel, 0, "file.unknown", "data/ 下只读取 .yaml 文件，这个文件被忽略")
        return
    if len(parts) == 1:
        kind = SINGLE_FILES.get(parts[0])
        if not kind:
            hint = did_you_mean(parts[0], {k: k for k in SINGLE_FILES})
            report.error(rel, 0, "file.unknown", f"data/ 根目录只能放 handbook.yaml 和 synonyms.yaml；记录请放进 {', '.join(f'data/{k}/' for k in KINDS)} {hint}")
            return
    else:
        kind = parts[0]
        if kind not in KINDS:
            hint = did_you_mean(kind, {k: k for k in KINDS})
            report.error(rel, 0, "file.unknown", f"不认识的目录 data/{kind}/。{hint}")
            return
    located = _cached(path, cache, lambda: _parse_file(path, root))
    if isinstance(located, YamlProblem):
        report_notes(rel, located.notes, report)
        report.error(rel, located.line, located.code, located.message)
        sources.unreadable.append((kind, rel))
        return
    report_notes(rel, located.notes, report)
    _collect_records(kind, rel, located, sources, report)


def report_notes(rel: str, notes, report: Report) -> None:
    """Problems the reader found without giving up on the file (full-width punctuation, numbers, control characters)."""
    from ..validate.records import label  # deferred: validation imports this module

    for note in notes:
        add = report.error if note.severity == "error" else report.warning
        add(rel, note.line, note.code, note.message, label(note.path) if note.path else "",
            path=note.path, column=note.column)


def _collect_records(kind: str, rel: str, located: Located, sources: Sources, report: Report) -> None:
    value = located.value
    if value is None:
        report.error(rel, 1, "yaml.empty", "文件是空的；不需要的文件请直接删除")
    elif kind in SINGLE_FILES.values():
        sources.singles[kind] = RawRecord(kind, rel, value, located)
    elif isinstance(value, dict):
        sources.records.append(RawRecord(kind, rel, value, located))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            sources.records.append(RawRecord(kind, rel, item, located, (i,)))
    else:
        report.error(rel, 1, "schema.type", "文件内容应当是一条记录（字段: 值）或记录列表（- 开头）")


def _read_chapter(root: Path, path: Path, report: Report, cache) -> RawChapter | None:
    rel = _rel(root, path)

    def read():
        try:
            return decode(read_input(path, root))
        except YamlProblem as problem:
            return problem

    text = _cached(path, cache, read)
    if isinstance(text, YamlProblem):
        report.error(rel, text.line, text.code, text.message)
        return None
    report_notes(rel, scan_controls(text), report)
    text = CONTROL.sub("", text)
    match = FRONT_MATTER.match(text)
    if not match:
        return RawChapter(rel, {}, None, text, 1)
    body_line = text[: match.end()].count("\n") + 1
    try:
        located = parse(match.group(1), first_line=2)
    except YamlProblem as problem:
        report_notes(rel, problem.notes, report)
        report.error(rel, problem.line, "content.front-matter", problem.message)
        return None
    report_notes(rel, located.notes, report)
    meta = located.value if isinstance(located.value, dict) else {}
    if located.value is not None and not isinstance(located.value, dict):
        report.error(rel, 2, "content.front-matter", "front matter 应当是“字段: 值”的形式")
    return RawChapter(rel, meta, located, text[match.end():], body_line)
