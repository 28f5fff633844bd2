"""Search entries and the JSON index the browser downloads.

The index is plain data (no code), deterministic for the same input, and
carries everything search.js needs: the entries, the jieba vocabulary, synonym
groups and the folding tables. Folded haystacks are not stored (they would
double the size); both sides fold the entries when they load the index.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

from .normalise import fold_table, normalise, phrase_of
from .segment import STOPWORDS, build_vocabulary

FORMAT = "handbook-search/1"

ENTRY_TYPES = ("岗位", "岗位职责", "权限", "责任", "任职资格", "考核指标", "业务流程", "流程步骤", "业务要点",
               "组织单元", "部门职能", "课程", "制度")
"""Known types, in the order the type filter lists them."""

TYPE_RANK = {"岗位职责": 0, "流程步骤": 0, "部门职能": 1, "业务要点": 1, "权限": 2, "责任": 2, "任职资格": 3}
"""Within a tier, who does what (duties, steps) comes first, then functions and key points,
then authorities and accountabilities, then qualifications; whole records and policy text last (4)."""
TYPE_WORDS = {"岗位职责": "岗位职责", "职责": "岗位职责", "权限": "权限", "责任": "责任", "任职资格": "任职资格",
              "任职要求": "任职资格", "考核指标": "考核指标", "指标": "考核指标", "流程步骤": "流程步骤",
              "步骤": "流程步骤", "课程": "课程", "制度": "制度"}
"""A query word naming an entry type narrows to that type: 合同评审的步骤 = steps about 合同评审."""
FILLERS = ("什么", "怎么", "怎样", "如何", "哪些", "哪个", "哪里", "是否", "谁", "吗", "呢")
"""Question words dropped from a query: 谁负责回款 searches 负责 + 回款."""
LINE_TYPES = frozenset(TYPE_RANK)
"""Types whose entry is one sentence of a page."""

FIELDS = ("id", "type", "title", "text", "url", "owner", "unit", "is_name")

_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^//|^\\")


@dataclass(frozen=True)
class SearchEntry:
    id: str            # unique, e.g. "positions/business-assistant#duty-3"
    type: str          # one of ENTRY_TYPES
    title: str         # record name or section title
    text: str          # the matched line, plain text
    url: str           # site-root-relative, e.g. "positions/business-assistant/#duty-3"
    owner: str         # display: "商务助理 · 销售管理部"
    unit: str = ""     # org unit id for the filter
    unit_name: str = ""
    is_name: bool = False  # the record's own name: ranks first on an exact match


_FOLDED: dict[str, str] = {}
"""Text → folded text, kept across rebuilds in one process (the live preview)."""


def _folded(text: str) -> str:
    folded = _FOLDED.get(text)
    if folded is None:
        if len(_FOLDED) > 1_000_000:
            _FOLDED.clear()
        folded = _FOLDED[text] = normalise(text)
    return folded


def haystack(title: str, text: str, owner: str) -> str:
    """Folded title, text and owner joined by newlines (folding turns any newline into a space)."""
    return "\n".join((_folded(title), _folded(text), _folded(owner)))


def _check(entry: SearchEntry) -> None:
    if not entry.id:
        raise ValueError("search entry without id")
    if entry.type not in ENTRY_TYPES:
        raise ValueError(f"{entry.id}: unknown search entry type {entry.type!r}")
    if _SCHEME.search(entry.url):
        raise ValueError(f"{entry.id}: url must be site-root-relative, got {entry.url!r}")


def _synonym_groups(synonyms: Sequence[Sequence[str]]) -> list[list[str]]:
    groups: list[list[str]] = []
    for group in synonyms:
        words: list[str] = []
        for word in group:
            folded = phrase_of(normalise(word))
            if folded and folded not in words:
                words.append(folded)
        if len(words) >= 2:
            groups.append(words)
    return groups


def build_index(entries: Iterable[SearchEntry], synonyms: Sequence[Sequence[str]] = ()) -> dict:
    """JSON-serialisable index; entries sorted by id so output is byte-stable."""
    ordered = sorted(entries, key=lambda e: e.id)
    seen: set[str] = set()
    units: dict[str, str] = {}
    rows: list[list] = []
    hays: list[str] = []
    for e in ordered:
        _check(e)
        if e.id in seen:
            raise ValueError(f"duplicate search entry id {e.id!r}")
        seen.add(e.id)
        if e.unit:
            units.setdefault(e.unit, e.unit_name or e.unit)
        hay = haystack(e.title, e.text, e.owner)
        hays.append(hay)
        rows.append([e.id, e.type, e.title, e.text, e.url, e.owner, e.unit, 1 if e.is_name else 0])
    groups = _synonym_groups(synonyms)
    names = [normalise(e.title) for e in ordered if e.is_name]
    vocab = build_vocabulary((f for h in hays for f in h.split("\n")),
                             names + [w for g in groups for w in g])
    present = {e.type for e in ordered}
    return {
        "format": FORMAT,
        "fields": list(FIELDS),
        "types": [t for t in ENTRY_TYPES if t in present],
        "line_types": [t for t in ENTRY_TYPES if t in LINE_TYPES],
        "type_rank": TYPE_RANK,
        "type_words": {w: t for w, t in TYPE_WORDS.items() if t in present},
        "fillers": list(FILLERS),
        "units": [[uid, units[uid]] for uid in sorted(units)],
        "synonyms": groups,
        "stopwords": STOPWORDS,
        "fold": fold_table(),
        "vocab": vocab,
        "entries": rows,
    }


def dump_index(index: dict) -> str:
    """Compact, stable JSON text (non-ASCII kept as is: smaller for Chinese)."""
    return json.dumps(index, ensure_ascii=False, separators=(",", ":"))


def write_index(index: dict, path: str | Path, *, script: bool = True) -> Path:
    """Write the index where search.js expects it, e.g. <site>/search/handbook-index.json.

    With `script`, also write handbook-index.js (`window.HandbookSearchIndex = …`)
    next to it: browsers block fetch() on file:// pages, a script tag still loads.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    text = dump_index(index)
    path.write_text(text, encoding="utf-8")
    if script:
        path.with_suffix(".js").write_text(f"window.HandbookSearchIndex={text};\n", encoding="utf-8")
    return path


def load_index(path: str | Path) -> dict:
    index = json.loads(Path(path).read_text(encoding="utf-8"))
    if index.get("format") != FORMAT:
        raise ValueError(f"{path}: not a {FORMAT} index")
    return index
