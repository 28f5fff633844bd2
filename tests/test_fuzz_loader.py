"""The loader and validator on hostile input: mutated copies of the minimal fixture.

Whatever an editor (or a broken editor plugin, or an attacker with write access
to data/) puts into the project, `load_handbook` must come back with either a
Handbook and no errors, or at least one error diagnostic that names a real file
and line in plain Chinese. It must never raise, never hang and never blow up
memory (alias bombs, deep nesting, huge files).

The mutators below are plain functions of a `random.Random`, so the same code
drives the hypothesis tests here (via `st.randoms()`, which shrinks) and the
long run in benchmarks/fuzz_loader.py (via seeded `random.Random`).
"""

from __future__ import annotations

import re
import resource
import shutil
import signal
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import CASES, line_of
from handbook.diagnostics import CODES
from handbook.pipeline import load_handbook

MINIMAL = CASES / "minimal"
DATA_FILES = sorted(p.relative_to(MINIMAL).as_posix() for p in (MINIMAL / "data").rglob("*.yaml"))
RECORD_FILES = [f for f in DATA_FILES if f.count("/") == 2]
CONTENT_FILES = sorted(p.relative_to(MINIMAL).as_posix() for p in (MINIMAL / "content").rglob("*.md"))
ALL_FILES = DATA_FILES + CONTENT_FILES
MAX_BYTES = 4 * 1024 * 1024  # yaml_source.MAX_BYTES, restated so a silent change of the limit shows up here
TIME_LIMIT = 10.0  # seconds per load; a normal load of the fixture takes ~10 ms
CJK = re.compile(r"[\u3400-\u9fff]")


# --------------------------------------------------------------------------- mutations
@dataclass
class Mutation:
    category: str
    note: str
    file: str | None = None
    expect: frozenset = frozenset()
    """At least one error with one of these codes must be reported for `file`."""
    valid: bool = False
    """The mutation keeps the project valid: load must succeed."""
    extra: dict = field(default_factory=dict)


# Tokens for byte-level noise: YAML syntax, Markdown/front matter, broken UTF-8, control bytes, odd Unicode.
NOISE = [b":", b": ", b"-", b"- ", b"[", b"]", b"{", b"}", b",", b"&a ", b"*a", b"!", b"!!python/name:os.system ",
         b"|", b">", b"'", b'"', b"%", b"@", b"`", b"#", b"?", b"\t", b"\n", b"\r", b"\r\n", b"  ", b"---\n", b"...\n",
         b"\x00", b"\xff", b"\xc3", b"\xe4\xbd", b"\xef\xbb\xbf", b"\x85", b"\x1b", b"\x7f", b"~", b"null", b"0x",
         "：".encode(), "，".encode(), "\u200b".encode(), "\u2028".encode(), "\u202e".encode(), "經理".encode(),
         "😀".encode(), b"[[", b"]]", b"[[no-such-id]]", b"\\", b"\\u", b"<<: ", b"9" * 30, b"1e999", b".nan"]

VALUES = [0, -1, 1.5, 10**6, True, None, "", " ", "两个", "x" * 300, [], ["a"], {}, {"a": 1}, [[1]],
          "2026-13-45", "sales-manager", "Sales", "销售经理", "<script>alert(1)</script>", "end", "gm", "rules",
          float("inf"), -0.0, "\u200bgm", "ｇｍ"]

TRADITIONAL = str.maketrans("销经总门会评审领导团队额测试册业营务签订费预论岗职责权资质训课级时计划标准质量", "銷經總門會評審領導團隊額測試冊業營務簽訂費預論崗職責權資質訓課級時計劃標準質量")

TAGS = ["!!python/object/apply:os.system ['touch {marker}']", "!!python/object/new:os.system ['touch {marker}']",
        "!!python/name:os.system", "!!python/module:os", "!!python/object:builtins.object {{}}",
        "!<tag:yaml.org,2002:python/object/apply:os.system> ['touch {marker}']", "!!binary aGk=", "!!set {{a: null}}",
        "!!omap [{{a: 1}}]", "!!pairs [{{a: 1}}]", "!custom x", "!!map []", "!!seq {{}}", "!!str [1]", "!!int [1]"]


def _read(root: Path, rel: str) -> bytes:
    return (root / rel).read_bytes()


def _write(root: Path, rel: str, data: bytes | str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)


def m_bytes(rng, root: Path) -> Mutation:
    """Random insertions, deletions, replacements and line shuffles in one file."""
    rel = rng.choice(ALL_FILES)
    data = bytearray(_read(root, rel))
    ops = []
    for _ in range(rng.randint(1, 4)):
        op = rng.choice(["insert", "delete", "replace", "dup-line", "swap-lines", "random-bytes"])
        at = rng.randint(0, len(data))
        if op == "insert":
            data[at:at] = rng.choice(NOISE)
        elif op == "delete":
            del data[at:at + rng.randint(1, 8)]
        elif op == "replace":
            data[at:at + 1] = rng.choice(NOISE)
        elif op == "random-bytes":
            data[at:at] = bytes(rng.randint(0, 255) for _ in range(rng.randint(1, 6)))
        else:
            lines = bytes(data).split(b"\n")
            i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
            if op == "dup-line":
                lines.insert(j, lines[i])
            else:
                lines[i], lines[j] = lines[j], lines[i]
            data = bytearray(b"\n".join(lines))
        ops.append(f"{op}@{at}")
    _write(root, rel, bytes(data))
    return Mutation("bytes", " ".join(ops), rel)


def _dicts(value, path=()):
    if isinstance(value, dict):
        yield path, value
        for key, item in value.items():
            yield from _dicts(item, path + (key,))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _dicts(item, path + (i,))


def _rename(rng, key: str) -> str:
    options = [key[:-1] or "x", key + key[-1:], key.upper(), key.title(), key + "：", key.replace("_", "-"),
               "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in key), " " + key, key + "\u200b"]
    return rng.choice(options)


def m_structure(rng, root: Path) -> Mutation:
    """Drop, rename or add keys, or change a value's type, on the parsed data; then dump it again."""
    rel = rng.choice(DATA_FILES)
    data = yaml.safe_load(_read(root, rel).decode("utf-8"))
    path, target = rng.choice(list(_dicts(data)))
    op = rng.choice(["drop", "rename", "add", "retype", "retype", "retype-list-item"])
    expect: frozenset = frozenset()
    key = rng.choice(sorted(target)) if target else None
    if op == "drop" and key is not None:
        del target[key]
    elif op == "rename" and key is not None:
        target[_rename(rng, key)] = target.pop(key)
    elif op == "add" or key is None:
        op = "add"
        target["zz_" + rng.choice(["extra", "note", "备注", "dutys", "x"])] = rng.choice(VALUES)
        expect = frozenset({"schema.extra"})
    elif op == "retype":
        target[key] = rng.choice(VALUES)
    else:
        lists = [(k, v) for k, v in target.items() if isinstance(v, list) and v]
        if lists:
            k, items = rng.choice(lists)
            items[rng.randrange(len(items))] = rng.choice(VALUES)
            key = k
        else:
            target[key] = rng.choice(VALUES)
    _write(root, rel, yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    return Mutation("structure", f"{op} {'.'.join(map(str, path + (key,)))}", rel, expect)


EMPTY_TEXTS = ["", " ", "\n\n", "# 只有注释\n", "---\n", "~\n", "null\n", "...\n", "\ufeff", "[]\n", "{}\n", "''\n"]


def m_empty(rng, root: Path) -> Mutation:
    rel = rng.choice(ALL_FILES)
    text = rng.choice(EMPTY_TEXTS)
    _write(root, rel, text)
    is_none = text.strip().lstrip("\ufeff") in ("", "# 只有注释", "---", "~", "null")
    expect = frozenset({"yaml.empty"}) if rel.startswith("data/") and is_none else frozenset()
    return Mutation("empty", repr(text), rel, expect)


def m_huge(rng, root: Path) -> Mutation:
    """A file over the 4 MB limit: must give yaml.too-large at once, without parsing it."""
    rel = rng.choice(ALL_FILES)
    size = rng.randint(MAX_BYTES + 1, MAX_BYTES + 2 * 1024 * 1024)
    shape = rng.choice(["comment", "long-value", "many-items", "append"])
    original = _read(root, rel)
    if shape == "comment":
        data = b"# " + b"x" * size
    elif shape == "long-value":
        data = b"name: " + "好".encode() * (size // 3 + 1)
    elif shape == "many-items":
        data = b"- a\n" * (size // 4 + 1)
    else:
        data = original + b"\n# " + b"y" * size
    _write(root, rel, data)
    return Mutation("huge", f"{shape} {len(data)} bytes", rel, frozenset({"yaml.too-large"}))


def nest(kind: str, depth: int) -> str:
    if kind == "flow-list":
        return "[" * depth + "1" + "]" * depth
    if kind == "flow-map":
        return "{a: " * depth + "1" + "}" * depth
    if kind == "mixed":
        return "".join("[" if i % 2 else "{a: " for i in range(depth)) + "1" + "".join(
            "]" if i % 2 else "}" for i in reversed(range(depth)))
    if kind == "unclosed":
        return "[" * depth
    if kind == "block-map":
        return "\n" + "".join("  " * (i + 1) + "a:\n" for i in range(depth - 1)) + "  " * depth + "a: 1"
    if kind == "block-list":
        return "\n" + "".join("  " * (i + 1) + "-\n" for i in range(depth - 1)) + "  " * depth + "- 1"
    raise ValueError(kind)


def m_deep(rng, root: Path) -> Mutation:
    rel = rng.choice(DATA_FILES)
    kind = rng.choice(["flow-list", "flow-map", "mixed", "unclosed", "block-map", "block-list"])
    depth = rng.choice([41, 45, 100, 200, 200, rng.randint(41, 900)])
    if kind.startswith("block"):
        depth = min(depth, 300)
    where = rng.choice(["append", "whole"])
    if where == "append":
        _write(root, rel, _read(root, rel) + f"\nzz_deep: {nest(kind, depth)}\n".encode())
    else:
        _write(root, rel, nest(kind, depth).lstrip("\n") + "\n")
    expect = {"yaml.too-deep"} if kind != "unclosed" else {"yaml.syntax", "yaml.too-deep"}
    if where == "whole" and kind.startswith("block"):
        expect = {"yaml.too-deep", "yaml.syntax"}
    return Mutation("deep", f"{kind} x{depth} {where}", rel, frozenset(expect))


def alias_bomb(rng) -> str:
    width, levels = rng.randint(2, 12), rng.randint(2, 12)
    style = rng.choice(["flow", "block", "mapping", "key", "merge", "scalar", "single"])
    if style == "merge":
        return "base: &b {id: x, name: y}\nrecord:\n  <<: *b\n  extra: 1\n"
    if style == "scalar":
        return "a: &s 销售\nb: *s\n"
    if style == "single":
        return "a: &x [1, 2]\nb: [*x]\n"
    if style == "key":  # an alias used as a mapping key is refused like any other alias
        return "a: &k kk\n? *k\n: 1\n"
    lines = [f"l0: &l0 [{', '.join(['lol'] * width)}]"]
    for i in range(1, levels):
        refs = ", ".join([f"*l{i - 1}"] * width)
        if style == "flow":
            lines.append(f"l{i}: &l{i} [{refs}]")
        elif style == "mapping":
            lines.append(f"l{i}: &l{i} {{{', '.join(f'k{j}: *l{i - 1}' for j in range(width))}}}")
        else:
            lines.append(f"l{i}: &l{i}\n" + "".join(f"  - *l{i - 1}\n" for _ in range(width)).rstrip("\n"))
    return "\n".join(lines) + "\n"


def m_alias(rng, root: Path) -> Mutation:
    rel = rng.choice(DATA_FILES + CONTENT_FILES)
    bomb = alias_bomb(rng)
    if rel.endswith(".md"):
        body = _read(root, rel).decode("utf-8").split("---\n", 2)
        text = "---\n" + bomb + "---\n" + (body[2] if len(body) > 2 else "# 标题\n")
        code = "content.front-matter"
    elif rng.random() < 0.5:
        text = bomb
        code = "yaml.alias"
    else:
        text = _read(root, rel).decode("utf-8") + "\n" + bomb
        code = "yaml.alias"
    _write(root, rel, text)
    return Mutation("alias", bomb.splitlines()[-1][:60], rel, frozenset({code}), extra={"bomb": True})


def m_tag(rng, root: Path) -> Mutation:
    rel = rng.choice(DATA_FILES + CONTENT_FILES)
    marker = root.parent / "PWNED"
    tag = rng.choice(TAGS).format(marker=marker)
    text = _read(root, rel).decode("utf-8")
    if rel.endswith(".md"):
        text = text.replace("order: 1", f"order: {tag}", 1)
        code = "content.front-matter"
    else:
        lines = text.split("\n")
        keyed = [i for i, line in enumerate(lines) if re.match(r"^[a-z_]+: \S", line)]
        if keyed and rng.random() < 0.7:
            i = rng.choice(keyed)
            lines[i] = lines[i].split(":", 1)[0] + ": " + tag
        else:
            lines.append(f"zz_tag: {tag}")
        text = "\n".join(lines)
        code = "yaml.tag"
    if rel.startswith("data/") and rng.random() < 0.2:  # a %TAG directive that maps a handle onto the python namespace
        text = "%TAG !p! tag:yaml.org,2002:python/\n---\n" + text.replace(tag, "!p!object/apply:os.system ['true']")
    _write(root, rel, text)
    return Mutation("tag", tag[:50], rel, frozenset({code}), extra={"marker": marker})


def m_dupkey(rng, root: Path) -> Mutation:
    rel = rng.choice(DATA_FILES)
    text = _read(root, rel).decode("utf-8")
    shape = rng.choice(["top", "quoted", "nested-flow", "int-str"])
    if shape == "top":
        keys = [line for line in text.split("\n") if re.match(r"^[a-z_]+:", line)]
        text += "\n" + rng.choice(keys) + "\n"
    elif shape == "quoted":
        key = re.match(r"^([a-z_]+):", text, re.M).group(1)
        text += f'\n"{key}": 重复\n'
    elif shape == "nested-flow":
        text += "\nzz_dup: {a: 1, b: 2, a: 3}\n"
    else:
        text += "\nzz_dup:\n  1: a\n  '1': b\n"
    _write(root, rel, text)
    return Mutation("dupkey", shape, rel, frozenset({"yaml.duplicate-key"}))


def m_encoding(rng, root: Path) -> Mutation:
    rel = rng.choice(ALL_FILES)
    text = _read(root, rel).decode("utf-8")
    shape = rng.choice(["gbk", "gb18030", "big5", "utf-16", "bom", "bom-twice", "one-gbk-line", "latin-1-byte"])
    if shape in ("gbk", "gb18030"):
        data, expect = text.encode(shape), {"yaml.encoding"}
    elif shape == "big5":
        data, expect = text.translate(TRADITIONAL).encode("big5", errors="replace"), {"yaml.encoding"}
    elif shape == "utf-16":
        data, expect = text.encode("utf-16"), {"yaml.encoding"}
    elif shape == "bom":
        _write(root, rel, b"\xef\xbb\xbf" + text.encode("utf-8"))
        return Mutation("encoding", shape, rel, valid=True)
    elif shape == "bom-twice":
        data, expect = b"\xef\xbb\xbf\xef\xbb\xbf" + text.encode("utf-8"), set()
    elif shape == "one-gbk-line":
        lines = text.split("\n")
        i = rng.randrange(len(lines))
        head, tail = "\n".join(lines[:i]), "\n".join(lines[i + 1:])
        data = (head + "\n" if i else "").encode() + (lines[i] + " 备注").encode("gbk") + \
            ("\n" + tail if i + 1 < len(lines) else "").encode()
        _write(root, rel, data)
        return Mutation("encoding", shape, rel, frozenset({"yaml.encoding"}), extra={"line": i + 1})
    else:
        at = rng.randint(0, len(text))
        data, expect = text[:at].encode() + b"\xe9" + text[at:].encode(), {"yaml.encoding"}
    _write(root, rel, data)
    return Mutation("encoding", shape, rel, frozenset(expect))


ODD = ["\u200b", "\u200d", "\ufeff", "\u00a0", "\u3000", "\u202e", "\u0301", "😀", "\u2028", "\u0085", "\x0b", "\x0c"]


def m_unicode(rng, root: Path) -> Mutation:
    rel = rng.choice(ALL_FILES)
    text = _read(root, rel).decode("utf-8")
    shape = rng.choice(["fullwidth-colon", "fullwidth-comma", "zwsp-id", "zwsp-value", "traditional", "odd-char",
                        "escape-nul", "escape-surrogate", "fullwidth-key"])
    valid, expect = False, frozenset()
    lines = text.split("\n")
    keyed = [i for i, line in enumerate(lines) if re.match(r"^\s*-?\s*[a-z_]+: \S", line)] or [0]
    i = rng.choice(keyed)
    if shape == "fullwidth-colon":
        lines[i] = lines[i].replace(": ", "：", 1) if rng.random() < 0.5 else lines[i].replace(": ", "： ", 1)
    elif shape == "fullwidth-comma":
        text2 = "\n".join(lines).replace(", ", "，")
        lines = text2.split("\n")
    elif shape == "zwsp-id":
        ids = [j for j, line in enumerate(lines) if line.startswith("id: ")]
        if ids and rel.startswith("data/"):
            j = ids[0]
            at = rng.randint(4, len(lines[j]))
            lines[j] = lines[j][:at] + "\u200b" + lines[j][at:]
            expect = frozenset({"text.control"})  # an invisible character is refused wherever it is
    elif shape == "zwsp-value":
        names = [j for j, line in enumerate(lines) if re.match(r"^(name|purpose|definition|title): ", line)]
        if names:
            j = rng.choice(names)
            lines[j] = lines[j] + "\u200b"
            expect = frozenset({"text.control"})
    elif shape == "traditional":  # free text only: enum values such as 审批 or 会签 must stay as they are
        enums = ("kind", "approval", "frequency", "direction", "stage")
        lines = [line if any(word in line for word in enums) else line.translate(TRADITIONAL) for line in lines]
        valid = True
    elif shape == "odd-char":
        at = rng.randint(0, len(lines[i]))
        lines[i] = lines[i][:at] + rng.choice(ODD) + lines[i][at:]
    elif shape == "escape-nul":
        lines[i] = re.sub(r": (.*)$", r': "\\0\\x01\\u0007\1"', lines[i], count=1) if '"' not in lines[i] else lines[i]
    elif shape == "escape-surrogate":
        lines[i] = re.sub(r": (.*)$", r': "\\ud800\1"', lines[i], count=1) if '"' not in lines[i] else lines[i]
    elif shape == "fullwidth-key":
        lines[i] = re.sub(r"^(\s*-?\s*)([a-z_]+)", lambda m: m.group(1) + "".join(chr(ord(c) + 0xFEE0) for c in m.group(2)),
                          lines[i], count=1)
    _write(root, rel, "\n".join(lines))
    return Mutation("unicode", f"{shape} line {i + 1}", rel, expect, valid)


def m_case(rng, root: Path) -> Mutation:
    """Ids that collide after case folding: uppercase ids are refused with a clear message."""
    shape = rng.choice(["upper-id", "copy-upper", "chapter-upper"])
    if shape == "chapter-upper":
        src = rng.choice(CONTENT_FILES)
        stem = Path(src).stem
        twin = f"content/{stem[:1].upper() + stem[1:]}.md"
        shutil.copy(root / src, root / twin)
        return Mutation("case", f"{twin} next to {src}", twin, frozenset({"content.front-matter"}))
    rel = rng.choice(RECORD_FILES)
    text = _read(root, rel).decode("utf-8")
    rid = re.search(r"^id: (\S+)", text, re.M).group(1)
    upper = rng.choice([rid.upper(), rid.title(), rid[:1].upper() + rid[1:]])
    if shape == "upper-id":
        _write(root, rel, text.replace(f"id: {rid}", f"id: {upper}", 1))
        return Mutation("case", f"{rid} -> {upper}", rel, frozenset({"schema.value"}), extra={"upper": upper})
    twin = str(Path(rel).with_name(upper + ".yaml"))
    _write(root, twin, text.replace(f"id: {rid}", f"id: {upper}", 1))
    return Mutation("case", f"{twin} next to {rel}", twin, frozenset({"schema.value"}), extra={"upper": upper})


def m_semantic(rng, root: Path) -> Mutation:
    """Valid YAML and types, wrong meaning: bad references, cycles, weights, headcounts, branches."""
    shape = rng.choice(["cycle-unit", "cycle-position", "self-report", "bad-ref", "weights", "headcount",
                        "branch", "policy", "chapter-ref", "kind"])
    expect = frozenset()
    if shape == "cycle-unit":
        _write(root, "data/units/center.yaml", _read(root, "data/units/center.yaml") + b"parent: sales-dept\n")
        rel, expect = "data/units/center.yaml", {"org.cycle"}
    elif shape in ("cycle-position", "self-report"):
        target = "sales-manager" if shape == "cycle-position" else "gm"
        _write(root, "data/positions/gm.yaml", _read(root, "data/positions/gm.yaml") + f"reports_to: {target}\n".encode())
        rel, expect = "data/positions/gm.yaml", {"org.cycle"}
    elif shape == "bad-ref":
        rel = "data/positions/sales-manager.yaml"
        field_name = rng.choice(["unit: sales-dept", "reports_to: gm", "{kpi: sales-amount", "{course: leadership"])
        wrong = rng.choice(["sales-dep", "销售部", "nobody", "contract-review", "rules", "end"])
        key = field_name.split(":")[0]
        text = _read(root, rel).decode("utf-8").replace(field_name, f"{key}: {wrong}", 1)
        _write(root, rel, text)
        expect = {"ref.unknown", "ref.kind"}
    elif shape == "weights":
        rel = "data/positions/sales-manager.yaml"
        w = rng.choice(["59", "60.5", "0.001", "100"])
        _write(root, rel, _read(root, rel).decode("utf-8").replace("weight: 60}", f"weight: {w}}}"))
        expect = {"kpi.weights", "schema.value"}
    elif shape == "headcount":
        rel = "data/positions/sales-manager.yaml"
        _write(root, rel, _read(root, rel).decode("utf-8").replace("headcount: 2", f"headcount: {rng.choice([0, -3])}"))
        expect = {"position.headcount"}
    elif shape == "branch":
        rel = "data/processes/contract-review.yaml"
        new = rng.choice(["{to: sgn, label: 通过}", "{to: sign, label: ''}", "{to: end, label: 通过}"])
        _write(root, rel, _read(root, rel).decode("utf-8").replace("{to: sign, label: 通过}", new))
        expect = {"ref.unknown", "schema.value", "step.unreachable"}
    elif shape == "policy":
        rel = "data/processes/contract-review.yaml"
        _write(root, rel, _read(root, rel).decode("utf-8").replace("policies: [rules]", "policies: [rule]"))
        expect = {"ref.unknown"}
    elif shape == "chapter-ref":
        rel = rng.choice(CONTENT_FILES)
        _write(root, rel, _read(root, rel) + "\n见 [[sales-managr]] 和 [[ gm |总经理]]。\n".encode())
        expect = {"content.ref"}
    else:
        rel = "data/units/center.yaml"
        _write(root, rel, _read(root, rel).decode("utf-8").replace("kind: 中心", "kind: 中心部"))
        expect = {"schema.value"}
    return Mutation("semantic", shape, rel, frozenset(expect))


def m_files(rng, root: Path) -> Mutation:
    """Stray, misplaced and missing files."""
    shape = rng.choice(["txt", "unknown-dir", "root-yaml", "sub-chapter", "reserved-chapter", "chinese-chapter",
                        "no-handbook", "no-data", "no-content", "list-file", "yml", "dir-named-yaml",
                        "dangling-link", "loop-link", "nested-kind-dir"])
    rel, expect, valid = None, frozenset(), False
    if shape == "txt":
        _write(root, "data/positions/notes.txt", "备注")
        valid = True  # a warning only
    elif shape == "unknown-dir":
        rel = "data/position/x.yaml"
        _write(root, rel, "id: x\nname: 某岗位\n")
        expect = {"file.unknown"}
    elif shape == "root-yaml":
        rel = "data/handbok.yaml"
        _write(root, rel, "title: x\n")
        expect = {"file.unknown"}
    elif shape == "sub-chapter":
        rel = "content/sub/more.md"
        _write(root, rel, "# 更多\n")
        expect = {"content.front-matter"}
    elif shape == "reserved-chapter":
        rel = f"content/{rng.choice(['search', 'org', 'index', 'assets', 'print'])}.md"
        _write(root, rel, "# 保留\n")
        expect = {"content.front-matter"}
    elif shape == "chinese-chapter":
        rel = "content/销售制度.md"
        _write(root, rel, "# 销售制度\n")
        expect = {"content.front-matter"}
    elif shape == "no-handbook":
        (root / "data/handbook.yaml").unlink()
        rel, expect = "data/handbook.yaml", {"schema.missing"}
    elif shape == "no-data":
        shutil.rmtree(root / "data")
        rel, expect = "data", {"file.unknown"}
    elif shape == "no-content":
        shutil.rmtree(root / "content")  # the process's policies: [rules] now points nowhere
        rel, expect = "data/processes/contract-review.yaml", {"ref.unknown"}
    elif shape == "list-file":
        rel = "data/courses/more.yaml"
        _write(root, rel, "- {id: c1, name: 课程一, category: 通用, hours: 2}\n- {id: c2, name: 课程二, category: 通用, hours: 1}\n")
        valid = True
    elif shape == "yml":
        (root / "data/courses/leadership.yaml").rename(root / "data/courses/leadership.yml")
        valid = True
    elif shape == "dir-named-yaml":
        (root / "data/positions/x.yaml").mkdir()
        valid = True
    elif shape == "dangling-link":
        (root / "data/positions/ghost.yaml").symlink_to(root / "nowhere.yaml")
        valid = True
    elif shape == "loop-link":
        (root / "data/positions/loop").symlink_to(root / "data")
        valid = True
    else:
        rel = "data/positions/sales/extra.yaml"
        _write(root, rel, "id: extra\nname: 额外岗位\nunit: sales-dept\n")
        valid = True
    return Mutation("files", shape, rel, frozenset(expect), valid)


MUTATORS = {
    "bytes": m_bytes, "structure": m_structure, "empty": m_empty, "huge": m_huge, "deep": m_deep,
    "alias": m_alias, "tag": m_tag, "dupkey": m_dupkey, "encoding": m_encoding, "unicode": m_unicode,
    "case": m_case, "semantic": m_semantic, "files": m_files,
}


# --------------------------------------------------------------------------- running and checking
class Hang(Exception):
    pass


@contextmanager
def time_limit(seconds: float):
    """Raise Hang in the main thread after `seconds` (libyaml returns to Python per event, so this fires)."""
    def on_alarm(signum, frame):
        raise Hang(f"load_handbook took more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # ru_maxrss is in KiB on Linux


@dataclass
class Outcome:
    handbook: object = None
    report: object = None
    seconds: float = 0.0
    rss_growth_mb: float = 0.0
    error: BaseException | None = None


def run_load(root: Path, limit: float = TIME_LIMIT) -> Outcome:
    before = peak_rss_mb()
    started = time.perf_counter()
    outcome = Outcome()
    try:
        with time_limit(limit):
            outcome.handbook, outcome.report = load_handbook(root)
    except Exception as exc:  # noqa: BLE001 - anything escaping is the finding
        outcome.error = exc
    outcome.seconds = time.perf_counter() - started
    outcome.rss_growth_mb = peak_rss_mb() - before
    return outcome


def _line_count(path: Path) -> int:
    text = path.read_bytes().decode("utf-8", errors="replace")
    return max(text.count("\n"), len(text.splitlines())) + 1


def problems(root: Path, mutation: Mutation, outcome: Outcome) -> list[str]:
    """Everything wrong with one outcome; [] when the loader behaved."""
    if outcome.error is not None:
        return [f"raised {type(outcome.error).__name__}: {str(outcome.error)[:200]}"]
    out = []
    hb, report = outcome.handbook, outcome.report
    errors = report.errors
    if hb is not None and errors:
        out.append("a Handbook together with errors")
    if hb is None and not errors:
        out.append("no Handbook and no error")
    for d in report.items:
        where = f"{d.file}:{d.line} [{d.code}]"
        if d.code not in CODES:
            out.append(f"{where}: unknown code")
        if d.severity not in ("error", "warning"):
            out.append(f"{where}: severity {d.severity!r}")
        if not isinstance(d.message, str) or not d.message.strip() or not CJK.search(d.message):
            out.append(f"{where}: message is not Chinese text: {d.message!r}")
        if not isinstance(d.line, int) or d.line < 0:
            out.append(f"{where}: negative line")
        if d.code.startswith("yaml.") and d.line < 1:
            out.append(f"{where}: yaml.* without a line")
        missing_meta = d.file == "data/handbook.yaml" and d.code == "schema.missing"
        path = root / d.file
        if d.file == "data" or missing_meta:
            continue
        if ".." in Path(d.file).parts or not d.file.startswith(("data/", "content/")) or not path.is_file():
            out.append(f"{where}: names no existing file under data/ or content/")
        elif d.line > _line_count(path):
            out.append(f"{where}: line beyond the end of the file ({_line_count(path)} lines)")
        try:
            d.format()
        except Exception as exc:  # noqa: BLE001
            out.append(f"{where}: format() raised {exc!r}")
    if mutation.valid and errors:
        out.append("expected a valid project, got " + "; ".join(e.format()[:120] for e in errors[:3]))
    if mutation.expect:
        hits = [d for d in errors if d.code in mutation.expect and (mutation.file is None or d.file == mutation.file)]
        if not hits:
            got = "; ".join(e.format()[:120] for e in errors[:4]) or "nothing"
            out.append(f"expected {sorted(mutation.expect)} for {mutation.file}, got {got}")
    if "line" in mutation.extra and not any(d.line == mutation.extra["line"] for d in errors if d.file == mutation.file):
        out.append(f"expected an error at line {mutation.extra['line']}")
    if outcome.seconds > TIME_LIMIT / 2:
        out.append(f"slow: {outcome.seconds:.1f} s")
    return out


def mutate_copy(category: str, rng, parent: Path) -> tuple[Path, Mutation]:
    root = parent / "hb"
    shutil.copytree(MINIMAL, root)
    return root, MUTATORS[category](rng, root)


# --------------------------------------------------------------------------- the tests
FUZZ = settings(max_examples=400, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _check(category: str, rng) -> tuple[Mutation, Outcome]:
    with tempfile.TemporaryDirectory() as tmp:
        root, mutation = mutate_copy(category, rng, Path(tmp))
        outcome = run_load(root)
        found = problems(root, mutation, outcome)
        assert not found, f"{category}: {mutation.note}\n" + "\n".join(found)
        marker = mutation.extra.get("marker")
        assert marker is None or not marker.exists(), "a YAML tag executed code"
        return mutation, outcome


@FUZZ
@given(category=st.sampled_from([c for c in MUTATORS if c != "huge"]), rng=st.randoms(use_true_random=False))
def test_mutated_projects_give_diagnostics_never_exceptions(category, rng):
    _check(category, rng)


@settings(FUZZ, max_examples=6)
@given(rng=st.randoms(use_true_random=False))
def test_huge_files_are_refused_quickly(rng):
    mutation, outcome = _check("huge", rng)
    assert outcome.seconds < 2, f"{mutation.note}: {outcome.seconds:.1f} s"
    too_large = [d for d in outcome.report.errors if d.code == "yaml.too-large"]
    assert too_large and too_large[0].line == 1 and "MB" in too_large[0].message


@settings(FUZZ, max_examples=25)
@given(rng=st.randoms(use_true_random=False))
def test_alias_bombs_stay_small(rng):
    mutation, outcome = _check("alias", rng)
    assert outcome.rss_growth_mb < 500 and outcome.seconds < 2, mutation.note


def _load_text(minimal: Path, rel: str, text: str | bytes):
    _write(minimal, rel, text)
    outcome = run_load(minimal)
    assert outcome.error is None, repr(outcome.error)
    return outcome


@pytest.mark.parametrize("kind", ["flow-list", "flow-map", "mixed", "block-map", "block-list"])
def test_200_levels_of_nesting(minimal, kind):
    rel = "data/positions/gm.yaml"
    outcome = _load_text(minimal, rel, _read(minimal, rel) + f"\nzz: {nest(kind, 200)}\n".encode())
    found = [d for d in outcome.report.errors if d.file == rel]
    assert [d.code for d in found] == ["yaml.too-deep"], [d.format() for d in found]
    assert "嵌套" in found[0].message and found[0].line >= 1


def test_classic_billion_laughs_memory(minimal):
    lol = ["a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]"]
    for i, name in enumerate("bcdefghi"):
        lol.append(f"{name}: &{name} [" + ",".join(["*" + "abcdefghi"[i]] * 9) + "]")
    outcome = _load_text(minimal, "data/positions/gm.yaml", "\n".join(lol) + "\n")
    [d] = outcome.report.errors
    # an alias is the very node it refers to, so the line shown is the anchor's (&a), not the first *a
    assert d.code == "yaml.alias" and d.line == 1 and outcome.rss_growth_mb < 500


def test_python_tags_never_run(minimal, tmp_path):
    marker = tmp_path / "PWNED"
    text = f"id: gm\nname: !!python/object/apply:os.system ['touch {marker}']\nunit: center\n"
    outcome = _load_text(minimal, "data/positions/gm.yaml", text)
    assert not marker.exists()
    tags = [d for d in outcome.report.errors if d.code == "yaml.tag"]
    assert tags and tags[0].line == 2 and "python" in tags[0].message


def test_gbk_file_points_at_first_bad_line(minimal):
    rel = "data/positions/gm.yaml"
    text = _read(minimal, rel).decode("utf-8")
    lines = text.split("\n")
    data = "\n".join(lines[:2]).encode("utf-8") + b"\n" + "\n".join(lines[2:]).encode("gbk")
    first_non_ascii = next(i for i, line in enumerate(lines) if i >= 2 and not line.isascii()) + 1
    outcome = _load_text(minimal, rel, data)
    [d] = [d for d in outcome.report.errors if d.file == rel]
    assert d.code == "yaml.encoding" and d.line == first_non_ascii and "UTF-8" in d.message


@pytest.mark.parametrize("rel", ALL_FILES)
def test_bom_is_accepted(minimal, rel):
    outcome = _load_text(minimal, rel, b"\xef\xbb\xbf" + _read(minimal, rel))
    assert outcome.handbook is not None, [d.format() for d in outcome.report.errors]


def test_duplicate_keys_name_both_lines(minimal):
    rel = "data/positions/gm.yaml"
    outcome = _load_text(minimal, rel, _read(minimal, rel) + b"purpose: \xe5\x86\x8d\xe6\x9d\xa5\xe4\xb8\x80\xe6\xac\xa1\n")
    [d] = outcome.report.errors
    assert d.code == "yaml.duplicate-key" and d.line == _line_count(minimal / rel) - 1
    assert f"第 {line_of(MINIMAL / rel, 'purpose:')} 行" in d.message


def test_uppercase_ids_are_refused_clearly(minimal):
    """`Sales-dept` next to `sales-dept`: ids are lower-case only, so case folding can never merge two records."""
    text = _read(minimal, "data/units/sales-dept.yaml").decode("utf-8")
    outcome = _load_text(minimal, "data/units/Sales-dept.yaml", text.replace("id: sales-dept", "id: Sales-dept"))
    [d] = outcome.report.errors
    assert (d.file, d.line, d.code) == ("data/units/Sales-dept.yaml", 1, "schema.value")
    assert "小写" in d.message and "Sales-dept" in d.message and d.field.startswith("id")


@pytest.mark.parametrize("name", ["Rules.md", "\u212aules.md"])  # upper case; KELVIN SIGN folds to ASCII k
def test_chapter_file_names_collide_after_case_folding(minimal, name):
    """A file name that is the id only after case folding is refused: the site would link to another name."""
    shutil.copy(minimal / "content/rules.md", minimal / "content" / name)
    outcome = run_load(minimal)
    found = [d for d in outcome.report.errors if d.file == f"content/{name}"]
    assert [d.code for d in found] == ["content.front-matter"] and "小写英文字母" in found[0].message


def test_full_width_punctuation_and_zero_width_spaces(minimal):
    # full-width colon: the line is one plain scalar, so the file is no longer "key: value"
    unit = "data/units/sales-dept.yaml"
    _write(minimal, unit, _read(minimal, unit).decode("utf-8").replace("name: 销售部", "name：销售部"))
    # a zero-width space is refused anywhere (an invisible character makes 回款\u200b率 a different name than 回款率)
    pos = "data/positions/gm.yaml"
    _write(minimal, pos, _read(minimal, pos).decode("utf-8").replace("id: gm", "id: g\u200bm"))
    kpi = "data/kpis/collection-rate.yaml"
    _write(minimal, kpi, _read(minimal, kpi).decode("utf-8").replace("name: 回款率", "name: 回款\u200b率，全角逗号"))
    outcome = run_load(minimal)
    by_file = {d.file: d for d in outcome.report.errors}
    assert by_file[unit].code == "yaml.fullwidth" and by_file[unit].line == line_of(minimal / unit, "name：")
    assert "全角冒号“：”" in by_file[unit].message
    assert by_file[pos].code == "text.control" and "U+200B" in by_file[pos].message and by_file[pos].line == 1
    assert by_file[kpi].code == "text.control" and by_file[kpi].line == line_of(minimal / kpi, "name:")


def test_traditional_characters_are_plain_text(minimal):
    for rel in ("data/positions/sales-manager.yaml", "data/handbook.yaml", "content/rules.md"):
        _write(minimal, rel, _read(minimal, rel).decode("utf-8").translate(TRADITIONAL))
    outcome = run_load(minimal)
    assert outcome.handbook is not None, [d.format() for d in outcome.report.errors]
    assert outcome.handbook.positions["sales-manager"].name == "銷售經理"


# --------------------------------------------------------------------------- once-crashing inputs, one test each
@pytest.mark.parametrize("text", ["", "正文没有标题。\n", "---\norder: 2\n---\n正文\n"])
def test_chapter_without_title(minimal, text):
    """No title in the front matter and no '# ' heading: the file name is the title."""
    outcome = _load_text(minimal, "content/rules.md", text)
    assert outcome.handbook is not None, [d.format() for d in outcome.report.errors]
    assert outcome.handbook.chapters["rules"].title == "rules"


def test_integer_with_5000_digits(minimal):
    """More digits than CPython's int max_str_digits (4300): a diagnostic at that line, not a ValueError."""
    rel = "data/positions/gm.yaml"
    line = _read(minimal, rel).count(b"\n") + 1
    outcome = _load_text(minimal, rel, _read(minimal, rel) + b"order: " + b"9" * 5000 + b"\n")
    found = [d for d in outcome.report.errors if d.file == rel]
    assert [(d.code, d.line) for d in found] == [("yaml.tag", line)], [d.format() for d in found]
    assert CJK.search(found[0].message) and len(found[0].format()) < 1000


@pytest.mark.parametrize("line", ["name: 0x" + "f" * 5000, "name: 0b" + "1" * 20000, "name: " + "1:" * 3000 + "1"])
def test_huge_non_decimal_integer_in_a_text_field(minimal, line):
    """Over 4300 digits once converted (hex, binary, sexagesimal): reported as a wrong type, without repr() failing."""
    rel = "data/positions/gm.yaml"
    outcome = _load_text(minimal, rel, _read(minimal, rel).decode("utf-8").replace("name: 总经理", line))
    found = [d for d in outcome.report.errors if d.file == rel]
    assert [(d.code, d.line) for d in found] == [("yaml.number", 2)], [d.format() for d in found]
    assert len(found[0].format()) < 1000


@pytest.mark.parametrize("value", ["!!int abc", "!!float abc", "!!bool abc", "!!int", "!!int ''", "!!int 0x_"])
def test_explicit_scalar_tag_on_wrong_value(minimal, value):
    rel = "data/positions/gm.yaml"
    outcome = _load_text(minimal, rel, _read(minimal, rel).decode("utf-8").replace("name: 总经理", f"name: {value}"))
    found = [d for d in outcome.report.errors if d.file == rel]
    assert [(d.code, d.line) for d in found] == [("yaml.tag", 2)], [d.format() for d in found]


def test_alias_as_mapping_key(minimal):
    rel = "data/positions/gm.yaml"
    outcome = _load_text(minimal, rel, _read(minimal, rel) + b"zz: &k order\n? *k\n: 1\n")
    assert "yaml.alias" in [d.code for d in outcome.report.errors if d.file == rel]
