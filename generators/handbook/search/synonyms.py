"""The synonym groups search uses: the package's base dictionary merged with a handbook's.

Source of the base groups: data/synonyms.yaml next to this module (each group reviewed;
see the comments there). A handbook's data/synonyms.yaml extends them: a handbook group
that shares a word with base groups is merged with them. A handbook group whose words all
start with "-" cancels: `- [-返点]` drops every base group containing 返点 (a handbook where
返点 means something else). `cancel` does the same from code.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Sequence

import yaml

BASE_FILE = Path(__file__).with_name("data") / "synonyms.yaml"


@lru_cache(maxsize=1)
def base_groups() -> tuple[tuple[str, ...], ...]:
    """The base dictionary: tuples of words, in file order."""
    data = yaml.safe_load(BASE_FILE.read_text(encoding="utf-8")) or {}
    return tuple(tuple(str(w) for w in group) for group in data.get("groups", []))


def merge_synonyms(groups: Sequence[Sequence[str]], *, base: bool = True,
                   cancel: Sequence[str] = ()) -> list[list[str]]:
    """Base groups (minus cancelled ones) with the handbook's `groups` merged in.

    Returns lists of words, base order first; a handbook group sharing a word with one
    or more base groups joins them into one group (its new words appended), any other
    handbook group is appended as is.
    """
    dropped = set(cancel)
    cancels = [g for g in groups if g and all(str(w).startswith("-") for w in g)]
    dropped |= {str(w)[1:].strip() for g in cancels for w in g}
    groups = [g for g in groups if not any(g is c for c in cancels)]
    out: list[list[str]] = [list(g) for g in base_groups() if not dropped & set(g)] if base else []
    for group in groups:
        words = [str(w) for w in group]
        hit = [g for g in out if set(g) & set(words)]
        if not hit:
            out.append(list(dict.fromkeys(words)))
            continue
        first = hit[0]
        for g in hit[1:]:
            first.extend(w for w in g if w not in first)
            out.remove(g)
        first.extend(w for w in words if w not in first)
    return out
