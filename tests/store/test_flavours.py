"""Dialect differences live in the two flavours only (issue #17): the shared store code
never asks which database it is on, each store class holds its engine's flavour, and both
flavours spell every difference ``flavour.Flavour`` names."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

from sqlalchemy import create_engine

import tidings.store
from tidings.store import SqlRepository
from tidings.store.flavour import Flavour
from tidings.store.postgres_flavour import PostgresFlavour
from tidings.store.sqlite_flavour import SqliteFlavour

STORE = Path(tidings.store.__file__).parent

# Where reading the dialect's name is the job itself, not a difference in the SQL.
MAY_READ_THE_DIALECT = {
    "flavour.py": "flavour_for picks the flavour for an engine",
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


def test_no_store_module_but_the_flavours_reads_the_dialect_name() -> None:
    reading = {
        f"{path.name}:{line}"
        for path in sorted(STORE.glob("*.py"))  # migrations/ are released: append-only
        if path.name not in MAY_READ_THE_DIALECT and not path.name.endswith("_flavour.py")
        for line in _reads_the_dialect_name(path)
    }
    assert reading == set()


def _spelt(cls: type) -> dict[str, inspect.Signature]:
    return {
        name: inspect.signature(value)
        for name, value in vars(cls).items()
        if inspect.isfunction(value) and not name.startswith("_")
    }


def test_both_flavours_spell_every_difference_the_store_asks_of_them() -> None:
    asked = _spelt(Flavour)
    assert {"insert_ignoring_conflicts", "full_text_matches", "term_documents"} <= asked.keys()
    for flavour in (SqliteFlavour, PostgresFlavour):
        # the same methods with the same signatures, and nothing else
        assert _spelt(flavour) == asked, flavour.__name__


def test_each_store_class_holds_the_flavour_of_its_engine(tmp_path: Path) -> None:
    sqlite = SqlRepository(create_engine(f"sqlite:///{tmp_path / 'a.db'}"))
    postgres = SqlRepository(create_engine("postgresql+psycopg://nobody@127.0.0.1:1/none"))
    for store, flavour in ((sqlite, SqliteFlavour), (postgres, PostgresFlavour)):
        held = [store.sources, store.articles, store.stories, store.search, store.accounts]
        assert {type(part.flavour) for part in [*held, store.comments]} == {flavour}


def test_no_store_class_asks_for_a_database_difference_but_through_its_flavour() -> None:
    # The old shape: hooks raising NotImplementedError that a flavour subclass overrode.
    store = SqlRepository(create_engine("sqlite://"))
    parts = [store.sources, store.articles, store.stories, store.search, store.accounts]
    leftovers = [
        f"{cls.__name__}.{name}"
        for part in [*parts, store.comments]
        for cls in type(part).__mro__
        if cls.__module__.startswith("tidings.store.")
        for name, value in vars(cls).items()
        if inspect.isfunction(value) and "NotImplementedError" in inspect.getsource(value)
    ]
    assert leftovers == []
