"""Lay the workbook's records into the staged data/, changing only what changed.

A record whose meaning equals the one already in data/ leaves its file untouched; a changed record is
merged into its own file with `yaml_update` (comments, key order and flow lists stay); a new record gets
a new file. A record that data/ has and the workbook lacks is never deleted silently: it is listed in
Chinese and its file stays, unless the caller asks for `delete_missing` (the CLI's --delete-missing).
"""

from __future__ import annotations

from pathlib import Path

from ..model import KIND_LABELS, KINDS, Meta
from .result import ImportResult, Rec
from .staging import Staging, ordered
from .yaml_update import (Existing, dump, existing_records, load_tree, merge, plain, same_meaning,
                          without_new_defaults)


def stage_workbook(records: list[Rec], staging: Staging, result: ImportResult, delete_missing: bool) -> list[Path]:
    """Write `records` (meta first, as `workbook.read_workbook` gives them) into `staging`.

    Returns the staged files that changed (new, merged or emptied); deleted files go to `result.removed`
    as their data_dir paths, kept missing records to `result.missing` and `result.warnings`."""
    data_dir = staging.data_dir
    existing = existing_records(data_dir, tuple(KINDS)) if data_dir.is_dir() else {}
    changed: dict[Path, object] = {}  # staged file → its edited tree (None: already written)
    in_lists: list[tuple[Path, int, Rec]] = []
    seen: set[tuple[str, str]] = set()
    _refuse_lost_columns([(rec, existing[(rec.kind, rec.data.get("id"))]) for rec in records  # before merging
                          if rec.absent and (rec.kind, rec.data.get("id")) in existing], result)
    for n, rec in enumerate(records):
        if rec.kind == "meta":
            _stage_meta(rec, staging, changed)
            continue
        key = (rec.kind, rec.data.get("id"))
        known = existing.get(key) if key not in seen else None
        seen.add(key)
        if known is None:
            changed[staging.write_record(rec, n)] = None
            continue
        staged = staging.staged(known.path)
        if known.index is None:
            staging.written[(staging.rel(staged), None)] = rec
        else:
            in_lists.append((staged, known.index, rec))
        _stage_known(rec, known, staged, changed)
    missing = {key: known for key, known in existing.items() if key not in seen}
    dropped = _drop_missing(missing, staging, changed, result) if delete_missing else {}
    if not delete_missing:
        _report_missing(missing, staging, result)
    for staged, index, rec in in_lists:  # list items after deleted ones move up
        index -= sum(1 for gone in dropped.get(staged, ()) if gone < index)
        staging.written[(staging.rel(staged), index)] = rec
    for target, tree in changed.items():
        if tree is not None:
            target.write_text(dump(tree), encoding="utf-8")
    return [target for target in changed if target.exists()]


def _stage_meta(rec: Rec, staging: Staging, changed: dict) -> None:
    """handbook.yaml: merged into the existing file when its meaning changed, else left alone."""
    target = staging.data / "handbook.yaml"
    data = ordered("meta", rec.data)
    old = load_tree(target)
    if old is None or not same_meaning(Meta, old, data):
        changed[target] = merge(old, without_new_defaults(Meta, old, data)) if isinstance(old, dict) else data
    staging.written[("data/handbook.yaml", None)] = rec


def _refuse_lost_columns(pairs: list[tuple[Rec, Existing]], result: ImportResult) -> None:
    """A column the workbook lacks (deleted, or a workbook from an older version) says nothing about its
    field; when records in data/ have a value there, importing would empty it in all of them. One
    problem per missing column, naming a few of those records; nothing is then written."""
    users: dict[tuple[str, str], list[str]] = {}
    for rec, known in pairs:
        for pattern, sheet, label in rec.absent:
            if _has_value(known.node, pattern):
                users.setdefault((sheet, label), []).append(str(rec.data.get("id")))
    for (sheet, label), ids in users.items():
        shown = "、".join(ids[:3]) + (f" 等 {len(ids)} 条记录" if len(ids) > 3 else "")
        result.problems.append(f"{sheet}：缺少列“{label}”，而 data/ 中 {shown} 填写了这一项；导入会把它们清空。"
                               f"请把这一列加回来（可以重新导出一份工作簿；不想看到时可以隐藏该列）")


def _has_value(node, pattern: tuple) -> bool:
    """Whether `node` (a record's plain or ruamel data) holds a non-empty value at `pattern` ("*": any item)."""
    if not pattern:
        return plain(node) not in (None, "", [], {}, 0, False)
    key, rest = pattern[0], pattern[1:]
    if key == "*":
        return isinstance(node, list) and any(_has_value(item, rest) for item in node)
    return isinstance(node, dict) and key in node and _has_value(node[key], rest)


def _stage_known(rec: Rec, known: Existing, staged: Path, changed: dict) -> None:
    """A record data/ already has: merged into its file (or its item of a list file) when its meaning differs."""
    model = KINDS[rec.kind]
    data = ordered(rec.kind, rec.data)
    if same_meaning(model, known.node, data):
        return
    data = without_new_defaults(model, known.node, data)
    if known.index is None:
        changed[staged] = merge(known.tree, data)
    else:
        known.tree[known.index] = merge(known.tree[known.index], data)
        changed[staged] = known.tree


def _what(key: tuple[str, str], known: Existing, staging: Staging) -> str:
    kind, rid = key
    return f"{KIND_LABELS.get(kind, kind)}“{rid}”（{staging.rel(staging.staged(known.path))}）"


def _report_missing(missing: dict[tuple[str, str], Existing], staging: Staging, result: ImportResult) -> None:
    """Records the workbook lacks, kept: listed in Chinese, their files untouched."""
    for key, known in sorted(missing.items(), key=lambda kv: (kv[1].path, kv[1].index or 0)):
        what = _what(key, known, staging)
        result.missing.append(what)
        result.warnings.append(f"工作簿中没有{what}，这条记录保留未动；确实要删除时请加 --delete-missing 再导入")


def _drop_missing(missing: dict[tuple[str, str], Existing], staging: Staging, changed: dict,
                  result: ImportResult) -> dict[Path, list[int]]:
    """Records the workbook lacks, deleted on request: a one-record file goes, a list file loses the item.

    Returns staged list file → the indexes removed from it. Deleted files go to `result.removed`
    (as data_dir paths; the CLI names each one)."""
    drop: dict[Path, list[int]] = {}
    trees: dict[Path, object] = {}
    for (kind, rid), known in missing.items():
        result.deleted[rid] = kind
        staged = staging.staged(known.path)
        if known.index is None:
            staged.unlink(missing_ok=True)
            result.removed.append(known.path)
        else:
            drop.setdefault(staged, []).append(known.index)
            trees[staged] = known.tree
    for staged, indexes in drop.items():
        for index in sorted(indexes, reverse=True):
            del trees[staged][index]
        changed[staged] = trees[staged]
    return drop
