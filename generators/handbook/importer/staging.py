"""Staging: write the import into a copy of data/, check that copy, and swap it in only when all is valid.

1. `Staging` copies data_dir into a folder beside it (content/ is linked, not copied);
2. the import changes in the copy only the records whose meaning differs (merged with the round-trip
   writer `yaml_update`, so comments and layout stay) and adds new ones;
3. `Staging.check` runs the project's one check entry point (`check.check_project`) on the copy and maps
   each problem to its workbook cell (`cell_map`);
4. only with no problem at all, `Staging.commit` swaps the copy in for data_dir (two renames); otherwise
   the copy is deleted, so data_dir is never touched on error.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

import yaml

from ..check import check_project
from ..load.input_files import read_input
from ..load.yaml_source import YamlProblem, decode, parse
from ..exports.layout import DATA_SHEETS
from ..model import ID_PATTERN, KINDS, Meta
from . import cell_map
from .result import ImportResult, Rec

ID_RE = re.compile(ID_PATTERN)
STAGING_PREFIX = ".handbook-import-"


def plain_yaml(data) -> str:
    """A new record file: ordinary block YAML, keys in the order given, Chinese kept as written."""
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=False, width=4096)


def model_of(kind: str):
    """The pydantic model of a record kind (model.KINDS), Meta for "meta", else None."""
    return KINDS.get(kind) or (Meta if kind == "meta" else None)


def ordered(kind: str, data: dict) -> dict:
    """`data` with its keys in the model's field order (unknown keys last), as an editor would write it."""
    model = model_of(kind)
    if model is None:
        return data
    order = list(model.model_fields)
    return dict(sorted(data.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else len(order)))


class Staging:
    """A folder beside data_dir holding the new data/ (and a link to content/) until the swap.

    Use as a context manager: on exit the folder is removed, whether or not `commit` ran."""

    def __init__(self, data_dir: Path):
        self.data_dir = data_dir
        self.written: cell_map.Written = {}
        """Which workbook record each staged file (or list item) holds, for mapping problems to cells."""
        self._located: dict[str, dict] = {}

    def __enter__(self):
        parent = self.data_dir.parent
        parent.mkdir(parents=True, exist_ok=True)
        self.root = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=parent))
        self.data = self.root / "data"
        if self.data_dir.is_dir():
            shutil.copytree(self.data_dir, self.data, symlinks=True)
        else:
            self.data.mkdir()
        content = self.data_dir.parent / "content"
        self.has_content = content.is_dir()
        if self.has_content:
            (self.root / "content").symlink_to(content.resolve(), target_is_directory=True)
        return self

    def __exit__(self, *exc):
        link = self.root / "content"
        if link.is_symlink():
            link.unlink()
        shutil.rmtree(self.root, ignore_errors=True)

    def rel(self, staged: Path) -> str:
        """A staged path as the check reports it: "data/positions/x.yaml"."""
        return staged.relative_to(self.root).as_posix()

    def staged(self, original: Path) -> Path:
        """The staged copy of a file under data_dir."""
        return self.data / original.relative_to(self.data_dir)

    def write_record(self, rec: Rec, n: int) -> Path:
        """Write a new record into its own file (named by its id, or `_record-n` for an id the check will
        refuse); returns the staged path."""
        if rec.kind == "meta":
            rel = "data/handbook.yaml"
        else:
            rid = rec.data.get("id", "")
            name = rid if isinstance(rid, str) and ID_RE.match(rid) and len(rid) <= 64 else f"_record-{n}"
            rel = f"data/{rec.kind}/{name}.yaml"
        target = self.root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(plain_yaml(ordered(rec.kind, rec.data)), encoding="utf-8")
        self.written[(rel, None)] = rec
        return target

    def _stub_chapters(self, result: ImportResult) -> None:
        """Without content/, policy references cannot be checked: stand-in chapters keep them valid."""
        wanted = {p for rec in self.written.values() if rec.kind == "processes"
                  for p in rec.data.get("policies", []) if isinstance(p, str) and ID_RE.match(p)}
        if not wanted:
            return
        folder = self.root / "content"
        folder.mkdir(exist_ok=True)
        for pid in sorted(wanted):
            (folder / f"{pid}.md").write_text(f"# {pid}\n", encoding="utf-8")
        result.warnings.append(f"没有找到 content/ 目录，未检查“相关制度章节ID”：{'、'.join(sorted(wanted))}")

    def check(self, result: ImportResult) -> None:
        """Check the staged project with `check_project` (every problem at once; mkdocs.yml is not the
        import's business) and add each problem, located at its workbook cell, to `result`."""
        if not self.has_content:
            self._stub_chapters(result)
        _, report = check_project(self.root, site_config=False)
        for diag in report.sorted():
            line = cell_map.describe(diag, self.written, self._lines)
            if diag.code == "ref.unknown" and isinstance(diag.value, str) and diag.value in result.deleted:
                sheet = next(spec.name for spec in DATA_SHEETS if spec.kind == result.deleted[diag.value])
                line += f"如果是在“{sheet}”表中删除了它，请把它从这一格中一并删除或改掉"
            (result.problems if diag.severity == "error" else result.warnings).append(line)

    def _lines(self, rel: str) -> dict:
        """{field path: line} of a staged file, read once with the project's loader ({} when it does not read)."""
        if rel not in self._located:
            try:
                self._located[rel] = parse(decode(read_input(self.root / rel, self.root))).lines
            except (YamlProblem, OSError):
                self._located[rel] = {}
        return self._located[rel]

    def commit(self, result: ImportResult, staged: list[Path]) -> None:
        """Swap the staged data/ in for data_dir with two renames; restore on failure.
        `staged`: the staged files that changed, reported as written."""
        backup = self.root / "previous-data"
        had_old = self.data_dir.exists() or self.data_dir.is_symlink()
        if had_old:
            os.replace(self.data_dir, backup)
        try:
            os.replace(self.data, self.data_dir)
        except OSError:
            if had_old:
                os.replace(backup, self.data_dir)
            raise
        result.written = [self.data_dir / p.relative_to(self.data) for p in sorted(staged)]
