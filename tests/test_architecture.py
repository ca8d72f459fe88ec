"""Imports point left only: diagnostics ← model ← loader ← checks ← diff, render ← report ← cli."""

from __future__ import annotations

import ast
from pathlib import Path

import lianxi

PACKAGE = Path(lianxi.__file__).parent
#: a module may import only from modules of a lower rank (or from its own sub-package)
RANK = {
    "__init__": 0,
    "diagnostics": 0,
    "output": 1,
    "model": 1,
    "names": 2,
    "explain": 1.5,
    "loader": 2,
    "schema": 2,
    "workspace": 3,
    "checks": 3,
    "validate": 4,
    "show": 4,
    "textutil": 1,
    "inputs": 1,
    "phrasing": 2,
    "importer": 5,
    "diff": 5,
    "align": 1,
    "render": 5,
    "docx": 6,
    "wordfile": 4,
    "workbook": 1,
    "pdf": 5,
    "meetings": 5,
    "units": 5,
    "site": 6,
    "adjustment": 6,
    "scaffold": 5,
    "compare": 6,
    "report": 7,
    "cli": 9,
    "__main__": 10,
}


def _top(module: str) -> str:
    return module.split(".")[1] if module.startswith("lianxi.") else module


def test_imports_point_left() -> None:
    bad = []
    for path in PACKAGE.rglob("*.py"):
        rel = path.relative_to(PACKAGE).with_suffix("")
        me = rel.parts[0]
        assert me in RANK, f"add {me!r} to RANK in {__file__}"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names: list[str] = []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            for name in names:
                root = name.split(".")[0]
                if root in ("typer", "rich", "click") and me != "cli":
                    bad.append(f"{rel}: imports {name}")
                if not name.startswith("lianxi.") or _top(name) == me:
                    continue
                dep = _top(name)
                if dep in RANK and RANK[dep] >= RANK[me] and me != "__main__":
                    bad.append(f"{rel}: imports {name} (rank {RANK[dep]} ≥ {RANK[me]})")
    assert bad == []
