"""The demo stands below the command line: it never imports ``tidings.cli``, which starts it."""

from __future__ import annotations

import ast
from pathlib import Path

import tidings.demo


def _imported(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def test_the_demo_never_imports_the_command_line() -> None:
    folder = Path(tidings.demo.__file__).parent
    found = {
        f"{path.name}: {name}"
        for path in sorted(folder.rglob("*.py"))
        for name in _imported(path)
        if name == "tidings.cli" or name.startswith("tidings.cli.")
    }
    assert found == set()
