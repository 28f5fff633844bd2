"""A small, fast block-style YAML emitter for the generator's own data.

yaml.safe_dump is the reference but too slow for tens of thousands of files.
This emitter handles exactly the types the generator produces (dict with str
keys, list, str, int, float, bool) and writes the same block layout as
safe_dump(allow_unicode=True, sort_keys=False), except that long strings are
never folded. Strings are written plain when that is unambiguous and as JSON
double-quoted strings (valid YAML) otherwise, so yaml.safe_load round-trips
every value; tests check this.
"""

from __future__ import annotations

import json
import re

# Plain scalars we allow: start with a letter or a non-ASCII character (Chinese
# text), contain no control or special line-break characters, and are not a
# YAML 1.1 bool/null word. Everything else is double-quoted.
_PLAIN = re.compile(r"^[A-Za-z\u00a1-\u2027\u202a-\u2fff\u3001-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
                    r"[\x20-\x7e\u00a0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]*\Z")
# Characters the YAML reader refuses or reads as line breaks even inside quotes: written as \u escapes.
_NONPRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_RESERVED = frozenset(
    "y yes n no true false on off null".split()
)


def scalar(value) -> str:
    if type(value) is str:
        if (_PLAIN.match(value) and value[-1] != " " and value[-1] != ":" and ": " not in value
                and " #" not in value and value.lower() not in _RESERVED):
            return value
        return _NONPRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(value, ensure_ascii=False))
    if value is True:
        return "true"
    if value is False:
        return "false"
    if value is None:
        return "null"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        text = repr(value)
        if "e" in text or "inf" in text or "nan" in text:
            raise ValueError(f"unsupported float {value!r}")
        return text
    if isinstance(value, str):
        return scalar(str(value))
    raise TypeError(f"cannot emit {type(value).__name__}")


def _emit(value, indent: str, out: list[str]) -> None:
    """Append the lines of a mapping or sequence body at `indent`."""
    if isinstance(value, dict):
        for key, item in value.items():
            k = scalar(key)
            if isinstance(item, dict):
                if item:
                    out.append(f"{indent}{k}:\n")
                    _emit(item, indent + "  ", out)
                else:
                    out.append(f"{indent}{k}: {{}}\n")
            elif isinstance(item, list):
                if item:
                    out.append(f"{indent}{k}:\n")
                    _emit(item, indent, out)  # safe_dump style: "- " at the key's indent
                else:
                    out.append(f"{indent}{k}: []\n")
            else:
                out.append(f"{indent}{k}: {scalar(item)}\n")
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, dict) and item:
                sub: list[str] = []
                _emit(item, indent + "  ", sub)
                first = sub[0]
                sub[0] = f"{indent}- {first[len(indent) + 2:]}"
                out.extend(sub)
            elif isinstance(item, list) and item:
                sub = []
                _emit(item, indent + "  ", sub)
                sub[0] = f"{indent}- {sub[0][len(indent) + 2:]}"
                out.extend(sub)
            elif isinstance(item, dict):
                out.append(f"{indent}- {{}}\n")
            elif isinstance(item, list):
                out.append(f"{indent}- []\n")
            else:
                out.append(f"{indent}- {scalar(item)}\n")
    else:
        raise TypeError("top level must be a mapping or a sequence")


def dumps(value) -> str:
    """Serialize a mapping (or sequence) as block YAML."""
    out: list[str] = []
    _emit(value, "", out)
    return "".join(out)
