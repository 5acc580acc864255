"""Wrap every core function that takes a `store` in `binding.uses_store` (idempotent).

Run after adding core functions: `python tools/bind_stores.py`; a test fails when one is missing.
"""

from __future__ import annotations

import ast
import pathlib
import sys

SKIP = {"carepoint/binding.py", "carepoint/db.py"}
IMPORT = "from carepoint.binding import uses_store\n"


def needs_binding(node: ast.AST) -> bool:
    if not isinstance(node, ast.FunctionDef):
        return False
    names = [a.arg for a in node.args.posonlyargs + node.args.args + node.args.kwonlyargs]
    if "store" not in names:
        return False
    if any(isinstance(n, (ast.Yield, ast.YieldFrom)) for n in ast.walk(node)):
        return False  # a generator runs in its caller's binding
    return not any(
        (isinstance(d, ast.Name) and d.id == "uses_store")
        or (isinstance(d, ast.Attribute) and d.attr == "uses_store")
        for d in node.decorator_list
    )


def unbound(root: pathlib.Path) -> dict[pathlib.Path, list[ast.FunctionDef]]:
    found = {}
    for path in sorted(root.rglob("*.py")):
        if path.relative_to(root.parent).as_posix() in SKIP:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        nodes = [n for n in ast.walk(tree) if needs_binding(n)]
        if nodes:
            found[path] = nodes
    return found


def bind(path: pathlib.Path, nodes: list[ast.FunctionDef]) -> None:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    for node in sorted(nodes, key=lambda n: n.lineno, reverse=True):
        first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
        indent = " " * node.col_offset
        lines.insert(first - 1, f"{indent}@uses_store\n")
    text = "".join(lines)
    if IMPORT not in text:
        at = text.index("\nfrom carepoint") + 1 if "\nfrom carepoint" in text else None
        if at is None:
            tree = ast.parse(text)
            last = max(
                n.end_lineno for n in tree.body if isinstance(n, ast.Import | ast.ImportFrom)
            )
            split = text.splitlines(keepends=True)
            text = "".join(split[:last]) + IMPORT + "".join(split[last:])
        else:
            text = text[:at] + IMPORT + text[at:]
    path.write_text(text, encoding="utf-8")


def main() -> int:
    root = pathlib.Path(__file__).resolve().parent.parent / "carepoint"
    found = unbound(root)
    for path, nodes in found.items():
        bind(path, nodes)
    print(f"{sum(len(n) for n in found.values())} functions in {len(found)} modules bound")
    return 0


if __name__ == "__main__":
    sys.exit(main())
