"""Dialect differences live in the two flavours only (issue #17): the shared repository
code never asks which database it is on, and every hook it declares for the flavours is
spelt by both."""

from __future__ import annotations

import ast
import inspect
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import tidings.store
from tidings.store import PostgresRepository, SqliteRepository, SqlRepository
from tidings.store.postgres_flavour import PostgresFlavour
from tidings.store.sqlite_flavour import SqliteFlavour

STORE = Path(tidings.store.__file__).parent

# Where reading the dialect's name is the job itself, not a difference in the SQL.
MAY_READ_THE_DIALECT = {
    "__init__.py": "repository_for_engine picks the flavour for an engine",
    "types.py": "SQLAlchemy hands a column type's bind processor the dialect",
}


def _reads_the_dialect_name(path: Path) -> list[int]:
    return [
        node.lineno
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path)))
        if isinstance(node, ast.Attribute)
        and node.attr == "name"
        and isinstance(node.value, ast.Attribute)
        and node.value.attr == "dialect"
    ]


def _is_hook(function: Callable[..., Any]) -> bool:
    """A method whose body (past its docstring) is only ``raise NotImplementedError``."""
    definition = ast.parse(textwrap.dedent(inspect.getsource(function))).body[0]
    assert isinstance(definition, ast.FunctionDef)
    body = definition.body
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        body = body[1:]
    return (
        len(body) == 1
        and isinstance(body[0], ast.Raise)
        and isinstance(body[0].exc, ast.Name)
        and body[0].exc.id == "NotImplementedError"
    )


def _hooks() -> set[str]:
    return {
        name
        for cls in SqlRepository.__mro__
        for name, value in vars(cls).items()
        if inspect.isfunction(value) and _is_hook(value)
    }


def test_no_store_module_but_the_flavours_reads_the_dialect_name() -> None:
    reading = {
        f"{path.name}:{line}"
        for path in sorted(STORE.glob("*.py"))  # migrations/ are released: append-only
        if path.name not in MAY_READ_THE_DIALECT and not path.name.endswith("_flavour.py")
        for line in _reads_the_dialect_name(path)
    }
    assert reading == set()


def test_every_hook_the_base_declares_is_spelt_by_both_flavours() -> None:
    hooks = _hooks()
    assert {"_insert_ignoring_conflicts", "_full_text_matches", "_term_documents"} <= hooks
    for flavour, repository in (
        (SqliteFlavour, SqliteRepository),
        (PostgresFlavour, PostgresRepository),
    ):
        assert sorted(hooks - vars(flavour).keys()) == [], flavour.__name__
        assert [n for n in hooks if _is_hook(getattr(repository, n))] == [], repository.__name__
