"""Write imported records into existing YAML files the way an editor would: change only what changed.

An import compares each record with the one already in data/ by meaning (both validated by the
model, so `other: []` equals a missing `other`); an unchanged record's file is not touched. A
changed record is merged into its file with ruamel.yaml's round trip: comments, key order, flow
lists (`[a, b]`), `{kpi: x, weight: 25}` items and quoting stay as the editor wrote them, and only
the values that differ are replaced.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from pydantic import BaseModel, ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError

from ..load.input_files import read_input
from ..load.yaml_source import YamlProblem, decode, parse


def round_trip() -> YAML:
    """The ruamel.yaml settings that reproduce the sample's files byte for byte (see the tests)."""
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


@dataclass
class Existing:
    """A record already in data/: its file, its index when the file holds a list of records, and the file's tree."""

    path: Path
    index: int | None
    tree: object  # the whole file as ruamel nodes

    @property
    def node(self):
        return self.tree if self.index is None else self.tree[self.index]


def existing_records(data_dir: Path, kinds: tuple[str, ...]) -> dict[tuple[str, str], Existing]:
    """(kind, id) → Existing for every record under data_dir/<kind>/.

    Which records a file holds is read with the project's own safe loader (load/yaml_source), as the
    check reads it; the file is then loaded a second time as ruamel nodes, to merge into. Files either
    reader refuses are skipped (the project check reports them). The first file with an id wins."""
    out: dict[tuple[str, str], Existing] = {}
    for kind in kinds:
        folder = data_dir / kind
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*.y*ml")):
            places = _record_places(path, data_dir.parent)
            tree = load_tree(path) if places else None
            if tree is None:
                continue
            for index, rid in places:
                if _same_shape(tree, index, rid):
                    out.setdefault((kind, rid), Existing(path, index, tree))
    return out


def _record_places(path: Path, root: Path) -> list[tuple[int | None, str]]:
    """(index in a list file or None, id) of each record in a data file, read with the project's loader."""
    try:
        value = parse(decode(read_input(path, root))).value
    except (YamlProblem, OSError):
        return []
    if isinstance(value, dict) and isinstance(value.get("id"), str):
        return [(None, value["id"])]
    if isinstance(value, list):
        return [(i, item["id"]) for i, item in enumerate(value) if isinstance(item, dict) and isinstance(item.get("id"), str)]
    return []


def _same_shape(tree, index: int | None, rid: str) -> bool:
    """Whether the ruamel tree holds the record the loader found at `index` (they read the same text)."""
    node = tree if index is None else (tree[index] if isinstance(tree, list) and index < len(tree) else None)
    return isinstance(node, dict) and plain(node.get("id")) == rid


def load_tree(path: Path):
    """A YAML file as ruamel nodes, or None when it is missing or does not parse."""
    try:
        return round_trip().load(path.read_text(encoding="utf-8"))
    except (YAMLError, UnicodeDecodeError, OSError):
        return None


def same_meaning(model: type[BaseModel] | None, old, new) -> bool:
    """True when two records say the same thing: equal once validated by the model (defaults filled in).
    Without a model, or when either does not validate, plain equality decides."""
    old_plain, new_plain = plain(old), plain(new)
    if model is not None:
        try:
            return model.model_validate(old_plain) == model.model_validate(new_plain)
        except ValidationError:
            pass
    return old_plain == new_plain


def plain(node):
    """ruamel nodes as plain dict/list/str/int/float/bool, as the project's loader reads them
    (load/yaml_source: an unquoted date such as 2026-01-01 stays the text typed)."""
    if isinstance(node, date) and not isinstance(node, datetime):
        return node.isoformat()
    if isinstance(node, dict):
        return {str(k): plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [plain(v) for v in node]
    if isinstance(node, bool) or node is None:
        return node
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    if isinstance(node, str):
        return str(node)
    return node


def without_new_defaults(model: type[BaseModel] | None, old, new: dict) -> dict:
    """`new` (plain data of one record) less the fields `old` (its file's node) does not have and
    whose value is the model's default: an import writes only what changed, so a file without
    `order:` does not gain `order: 0` because the workbook shows the default in its 排序 column.
    Nested mappings lose new keys with empty values ("", [], {}, None) the same way."""
    if not isinstance(old, dict) or not isinstance(new, dict):
        return new
    out = {}
    for key, value in new.items():
        if key in old:
            out[key] = _without_new_empties(old[key], value)
            continue
        field = model.model_fields.get(key) if model is not None else None
        if field is not None and not field.is_required():
            try:
                default = field.get_default(call_default_factory=True)
            except Exception:  # a default that cannot be made here: keep the value
                default = object()
            if _same_default(default, value):
                continue
        out[key] = value
    return out


def _same_default(default, value) -> bool:
    if isinstance(default, BaseModel):
        default = default.model_dump()
    if value == default:
        return True
    return value in (None, "", [], {}) and default in (None, "", [], {})


def _without_new_empties(old, new):
    if isinstance(old, dict) and isinstance(new, dict):
        return {k: _without_new_empties(old[k], v) if k in old else v
                for k, v in new.items() if k in old or v not in (None, "", [], {})}
    return new


def merge(old, new):
    """`new` (plain data) laid into `old` (ruamel nodes): values that are equal keep their old node
    (and so their comments, quoting and flow style); mappings are merged key by key; lists of the
    same length item by item; a replaced list keeps the old list's flow style."""
    if isinstance(old, dict) and isinstance(new, dict):
        for key in [k for k in old if k not in new]:
            if plain(old[key]) not in (None, "", [], {}, 0, False):  # an empty value may stay: same meaning
                del old[key]
        for key, value in new.items():
            old[key] = merge(old[key], value) if key in old else _node(value, None)
        return old
    if isinstance(old, list) and isinstance(new, list):
        if len(old) == len(new):
            for i, value in enumerate(new):
                old[i] = merge(old[i], value)
            return old
        return _resized(old, new)
    if _scalar_equal(old, new):
        return old
    return _node(new, old)


def _scalar_equal(old, new) -> bool:
    a, b = plain(old), plain(new)
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool) and not isinstance(b, bool):
        return float(a) == float(b)
    return type(a) is type(b) and a == b


def _resized(old, new: list):
    """A list that gained or lost items: new nodes in `old`'s flow style, but each item equal to one of
    `old`'s keeps that old node and the comments ruamel keeps for it by position ("- 审查材料   # 主要职责")."""
    out = _node(new, old)
    used: set[int] = set()
    comments = getattr(getattr(old, "ca", None), "items", {})
    for i, value in enumerate(new):
        same = next((j for j, item in enumerate(old) if j not in used and plain(item) == plain(value)), None)
        if same is None:
            continue
        used.add(same)
        out[i] = old[same]
        if same in comments:
            out.ca.items[i] = comments[same]
    return out


def _node(value, like):
    """Plain data as ruamel nodes, in the flow style of `like` (the node it replaces) where there is one."""
    if isinstance(value, dict):
        node = CommentedMap((k, _node(v, None)) for k, v in value.items())
        if _is_flow(like):
            node.fa.set_flow_style()
        return node
    if isinstance(value, list):
        item_like = like[0] if isinstance(like, list) and like else None
        node = CommentedSeq(_node(v, item_like) for v in value)
        if _is_flow(like):
            node.fa.set_flow_style()
        return node
    return value


def _is_flow(node) -> bool:
    return isinstance(node, (CommentedMap, CommentedSeq)) and bool(node.fa.flow_style())


def dump(tree) -> str:
    out = io.StringIO()
    round_trip().dump(tree, out)
    return out.getvalue()
