"""Loading a project: the stages from files to a checked, frozen Handbook, which renderers take.

`_load` is the one place that lists the stages, in the order they run. Every stage runs on
everything that parsed, even after errors in an earlier one, so one run lists every problem.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .addresses import RESERVED_PAGES
from .book import Chapter, Handbook
from .validate.rules import check_releases
from .validate.chapter_links import check_record_anchors
from .diagnostics import Report
from .gcpause import gc_paused
from .load.sources import RawChapter, RawRecord, Sources, read_project
from .load.yaml_source import Located
from .model import ID_PATTERN, ChapterMeta, Meta, Synonyms, Vocabularies
from .resolve import resolve
from .validate.records import validate_record
from .vocab import check_values

ID_RE = re.compile(ID_PATTERN)
H1 = re.compile(r"^#\s+(.+?)\s*#*\s*$", re.M)


def load_handbook(root: Path, cache: dict | None = None) -> tuple[Handbook | None, Report]:
    """Check a whole project; the Handbook is None when there are errors."""
    with gc_paused():
        return _load(root, cache)


def _load(root: Path, cache: dict | None) -> tuple[Handbook | None, Report]:
    """The stages, in order: read (load/), validate, resolve (resolve.py), check chapters against the book."""
    report = Report()
    sources = read_project(root, report, cache)
    valid = _validate(sources, report, cache)
    handbook, linked = resolve(valid.meta, valid.synonyms, valid.records, valid.chapters, report, valid.broken,
                               valid.failed_kinds)
    _check_content(root, valid, linked, report)
    return (handbook if not report.errors else None), report


@dataclass
class _Validated:
    """What validation kept: models of the records that validated, and the ids of those that did not."""

    meta: Meta | None
    synonyms: list
    records: list[tuple[RawRecord, object]]
    chapters: list[tuple[RawChapter, Chapter]]
    broken: list[tuple[str, str, str, RawRecord | RawChapter]]
    """(kind, id, name, raw) of records that failed: references to them are not reported again."""
    failed_kinds: frozenset[str]
    """Kinds of which some file could not be read or validated."""


def _validate(sources: Sources, report: Report, cache: dict | None) -> _Validated:
    """Validate every record, chapter and the handbook's own file; problems go to `report`."""
    meta_unreadable = any(kind == "meta" for kind, _ in sources.unreadable)  # its own error was reported
    no_data_dir = any(d.file == "data" and d.code == "file.unknown" for d in report.items)  # reported once
    meta_unreadable = meta_unreadable or no_data_dir
    meta = _single(sources.singles.get("meta"), report, None if meta_unreadable else "data/handbook.yaml")
    synonyms = _single(sources.singles.get("synonyms"), report, None)
    records, broken = [], []
    for raw in sources.records:
        obj = _validated(raw, report, cache)
        if obj is not None:
            records.append((raw, obj))
        elif (known := _known_id(raw.data) or _stem_id(raw.file, raw.path)) is not None:
            name = raw.data.get("name") if isinstance(raw.data, dict) else None
            broken.append((raw.kind, known, name if isinstance(name, str) else known, raw))
    for kind, file in sources.unreadable:  # a file that is not YAML at all: its name is its id by convention
        if (known := _stem_id(file, ())) is not None:
            broken.append((kind, known, known, RawRecord(kind, file, None, Located(None, {(): 1}))))
    chapters = []
    for raw in sources.chapters:
        chapter = _chapter(raw, report)
        if chapter is not None:
            chapters.append((raw, chapter))
        else:
            broken.append(("chapters", Path(raw.file).stem.lower(), Path(raw.file).stem, raw))
    if meta is not None:
        check_releases(meta, sources.singles["meta"], report)
    check_values(meta if isinstance(meta, Meta) else _vocabularies_only(sources.singles.get("meta")), records, report)
    validated = {id(raw) for raw, _ in records}
    failed_kinds = frozenset({kind for kind, _, _, _ in broken} | {kind for kind, _ in sources.unreadable}
                             | {raw.kind for raw in sources.records if id(raw) not in validated})
    groups = synonyms.groups if isinstance(synonyms, Synonyms) else []
    return _Validated(meta, groups, records, chapters, broken, failed_kinds)


def _check_content(root: Path, valid: _Validated, linked: Handbook | None, report: Report) -> None:
    """Links, images and anchors in chapters, against every record (those that failed included) and file.

    `linked`: the Handbook, or a best-effort one linked despite errors elsewhere, or None.
    """
    from .validate.chapter_targets import check_chapter_targets, content_files

    known = {obj.id: raw.kind for raw, obj in valid.records} | {rid: kind for kind, rid, _, _ in valid.broken}
    check_chapter_targets([c for _, c in valid.chapters], known, content_files(root), report)
    if linked is not None:  # also after other errors (best-effort link), so every problem is listed in one run
        check_record_anchors(linked, report)


def _vocabularies_only(raw: RawRecord | None) -> Meta | None:
    """When data/handbook.yaml fails validation elsewhere (a release's typo), its own lists still apply:
    a Meta holding only the vocabularies, if that part is valid by itself; else None (the defaults)."""
    data = raw.data if raw is not None and isinstance(raw.data, dict) else None
    if data is None or not data.get("vocabularies"):
        return None
    try:
        vocabularies = Vocabularies.model_validate(data["vocabularies"])
    except ValueError:  # pydantic's ValidationError; its problems were reported with the whole file
        return None
    return Meta.model_construct(title="", organization="", description="", vocabularies=vocabularies, releases=[])


def _valid_fields(data) -> ChapterMeta:
    """Front matter keeping only the fields that validate on their own (`order: 一` is dropped)."""
    kept = {}
    for key, value in (data.items() if isinstance(data, dict) else ()):
        try:
            ChapterMeta.model_validate({key: value})
        except ValueError:
            continue
        kept[key] = value
    return ChapterMeta.model_validate(kept)


def _stem_id(file: str, path: tuple) -> str | None:
    """positions/gm.yaml holds gm, by the editors' convention (one record per file)."""
    stem = Path(file).stem
    return stem if not path and ID_RE.match(stem) else None


def _known_id(data) -> str | None:
    """The id of a record that failed validation, when it has a usable one: references to it are not reported again."""
    rid = data.get("id") if isinstance(data, dict) else None
    return rid if isinstance(rid, str) and ID_RE.match(rid) else None


def _validated(raw: RawRecord, report: Report, cache: dict | None):
    """Validate a record, reusing the model while its file is unchanged (same parsed object)."""
    if cache is None:
        return validate_record(raw, report)
    key = ("model", raw.file, raw.path)
    hit = cache.get(key)
    if hit and hit[0] is raw.located:
        return hit[1]
    model = validate_record(raw, report)
    if model is not None:
        cache[key] = (raw.located, model)
    return model


def _single(raw: RawRecord | None, report: Report, required_file: str | None):
    if raw is None:
        if required_file:
            report.error(required_file, 0, "schema.missing", "缺少手册信息文件 data/handbook.yaml（至少写 title 和 organization）")
        return None
    return validate_record(raw, report)


def _chapter(raw: RawChapter, report: Report) -> Chapter | None:
    meta = ChapterMeta()
    if raw.located is not None:
        meta = validate_record(RawRecord("chapter", raw.file, raw.meta, raw.located), report, ChapterMeta)
        if meta is None:  # reported; the body is still checked with the fields that are valid
            meta = _valid_fields(raw.meta)
    path = Path(raw.file)
    chapter_id = path.stem.lower()
    problem = None
    if path.parent != Path("content"):
        problem = "制度章节请直接放在 content/ 目录下（不要放在子目录里），文件名就是章节的标识"
    elif not ID_RE.match(path.stem):
        problem = (f"文件名“{path.stem}”不能作为标识，请改用小写英文字母、数字和 -，例如 sales-expense.md"
                   "（大写字母和形似英文的字符会在不同系统上变成另一个文件名）")
    elif meta.id and meta.id != chapter_id:
        problem = f"front matter 中的 id（{meta.id}）与文件名（{chapter_id}）不一致；章节的标识就是文件名，请删除 id 或改文件名"
    elif chapter_id in RESERVED_PAGES:
        problem = f"文件名“{chapter_id}”与生成的栏目网址冲突（{', '.join(sorted(RESERVED_PAGES))} 不能用作章节名），请改名"
    if problem:
        report.error(raw.file, 1, "content.front-matter", problem, "id", path=("id",), value=path.stem)
        return None
    title_match = H1.search(raw.body)
    title = meta.title or (title_match.group(1) if title_match else path.stem)
    return Chapter(chapter_id, title, meta.order, raw.body, raw.file, raw.body_line)
