"""Run definitions of another project's source file, read from that project's checkout at run
time (nothing of it is kept in this repository): the live runners under tests/conformance/ use
this to load a tool's functions and classes without the heavy imports (torch, allennlp) at the
top of the files that hold them."""

from __future__ import annotations

import ast
from pathlib import Path
from types import SimpleNamespace
from typing import Any


def definitions(path: Path, names: list[str], scope: dict[str, Any] | None = None) -> SimpleNamespace:
    """The top-level functions and classes ``names`` of the file ``path``, executed as written
    (with their decorators) in ``scope``; a name ``Class.method`` takes one method of a class,
    as a plain function. A name the file lacks is an error, so a moved definition is noticed."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: dict[str, ast.stmt] = {}
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            found[node.name] = node
            if isinstance(node, ast.ClassDef):
                for item in node.body:
                    if isinstance(item, ast.FunctionDef):
                        found[f"{node.name}.{item.name}"] = item
    missing = [n for n in names if n not in found]
    if missing:
        raise LookupError(f"{path}: no definition of {', '.join(missing)}")
    namespace: dict[str, Any] = dict(scope or {})
    for name in names:
        node = found[name]
        module = ast.Module(body=[node], type_ignores=[])
        exec(compile(module, str(path), "exec"), namespace)  # the tool's own code, by design
        if "." in name:
            namespace[name] = namespace.pop(node.name)
    return SimpleNamespace(**{n: namespace[n] for n in names})


def module(path: Path, scope: dict[str, Any] | None = None, without: tuple[str, ...] = ()) -> dict[str, Any]:
    """The whole file ``path`` executed in ``scope``, less its top-level imports of the packages
    ``without`` (``scope`` gives what the file takes from them); the resulting globals."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))

    def dropped(node: ast.stmt) -> bool:
        if isinstance(node, ast.ImportFrom):
            names = [node.module or ""]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        else:
            return False
        return any(n == w or n.startswith(w + ".") for n in names for w in without)

    tree.body = [node for node in tree.body if not dropped(node)]
    namespace: dict[str, Any] = {"__name__": path.stem, **(scope or {})}
    exec(compile(tree, str(path), "exec"), namespace)  # the tool's own code, by design
    return namespace
