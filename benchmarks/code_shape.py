"""The code's shape: the package layout with one line per module, and the longest functions.

Issue 12's targets: no function over 80 lines, no module over 600 (the synthetic generator aside).
Not part of the test suite. Run:  python benchmarks/code_shape.py [--top 10] [--tree]

Python functions are measured with `ast` (first to last line, nested functions included in their parent
and listed on their own). JavaScript functions are found by the `function` keyword and brace matching,
skipping strings, comments and regular-expression literals only roughly: treat those figures as close,
not exact.
"""

from __future__ import annotations

import argparse
import ast
import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "generators" / "handbook"
EXEMPT = ("synthetic/",)
"""The issue sets the synthetic generator aside."""
FUNCTION_LIMIT = 80
MODULE_LIMIT = 600


def python_functions(path: Path) -> list[tuple[int, str]]:
    """(lines, "file:line name") for every def in one module."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    rel = path.relative_to(PACKAGE)
    return [(node.end_lineno - node.lineno + 1, f"{rel}:{node.lineno} {node.name}")
            for node in ast.walk(tree) if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))]


JS_FUNCTION = re.compile(r"\bfunction\b\s*([A-Za-z0-9_$]*)\s*\([^)]*\)\s*\{")
JS_SKIP = re.compile(r"//[^\n]*|/\*.*?\*/|'(?:\\.|[^'\\\n])*'|\"(?:\\.|[^\"\\\n])*\"|`(?:\\.|[^`\\])*`", re.S)


def js_functions(path: Path) -> list[tuple[int, str]]:
    """(lines, "file:line name") for every `function` in one script, by brace matching."""
    text = path.read_text(encoding="utf-8")
    blanked = JS_SKIP.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), text)
    rel = path.relative_to(PACKAGE)
    found = []
    for match in JS_FUNCTION.finditer(blanked):
        depth, end = 0, match.end() - 1
        for end in range(match.end() - 1, len(blanked)):
            depth += {"{": 1, "}": -1}.get(blanked[end], 0)
            if depth == 0:
                break
        first = blanked.count("\n", 0, match.start()) + 1
        last = blanked.count("\n", 0, end) + 1
        found.append((last - first + 1, f"{rel}:{first} {match.group(1) or '(anonymous)'}"))
    return found


def first_line(path: Path) -> str:
    """A module's docstring, first sentence, for the layout tree."""
    try:
        doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
    except SyntaxError:
        doc = ""
    line = doc.strip().split("\n")[0]
    return line if len(line) <= 100 else line[:97] + "…"


def tree() -> list[str]:
    """The package as an indented tree: one line per module with its length and purpose."""
    lines = []
    for path in sorted(PACKAGE.rglob("*")):
        rel = path.relative_to(PACKAGE)
        if "__pycache__" in rel.parts or (path.is_file() and path.suffix not in (".py", ".js")):
            continue
        indent = "  " * (len(rel.parts) - 1)
        if path.is_dir():
            lines.append(f"{indent}{rel.name}/")
        else:
            count = len(path.read_text(encoding="utf-8").splitlines())
            doc = first_line(path) if path.suffix == ".py" else ""
            lines.append(f"{indent}{rel.name} ({count}) {doc}".rstrip())
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--top", type=int, default=10)
    parser.add_argument("--tree", action="store_true", help="print the layout tree too")
    args = parser.parse_args()
    if args.tree:
        print("\n".join(tree()), end="\n\n")
    functions, long_modules = [], []
    for path in sorted(PACKAGE.rglob("*")):
        if path.suffix not in (".py", ".js") or "__pycache__" in path.parts:
            continue
        functions += python_functions(path) if path.suffix == ".py" else js_functions(path)
        lines = len(path.read_text(encoding="utf-8").splitlines())
        rel = str(path.relative_to(PACKAGE))
        if lines > MODULE_LIMIT and not rel.startswith(EXEMPT):
            long_modules.append(f"{rel} ({lines})")
    functions.sort(reverse=True)
    print(f"longest {args.top} functions:")
    for lines, where in functions[:args.top]:
        print(f"  {lines:5d}  {where}")
    over = [w for n, w in functions if n > FUNCTION_LIMIT and not w.startswith(EXEMPT)]
    print(f"functions over {FUNCTION_LIMIT} lines (synthetic/ aside): {len(over)} {over}")
    print(f"modules over {MODULE_LIMIT} lines (synthetic/ aside): {len(long_modules)} {long_modules}")


if __name__ == "__main__":
    main()
