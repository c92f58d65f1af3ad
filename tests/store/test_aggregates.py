"""The store by aggregate (issue #17): ``SqlRepository`` holds one SQL class per aggregate;
each class's public methods are exactly its aggregate's Protocol, with the Protocol's
signatures; and ``Repository`` is the six aggregates, nothing else."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest
from sqlalchemy import create_engine

from tidings.store import (
    Accounts,
    Articles,
    Comments,
    Repository,
    Search,
    Sources,
    SqlRepository,
    Stories,
)
from tidings.store.sql import (
    SqlAccounts,
    SqlArticles,
    SqlComments,
    SqlSearch,
    SqlSources,
    SqlStories,
)

AGGREGATES: dict[str, tuple[type, type]] = {
    "sources": (Sources, SqlSources),
    "articles": (Articles, SqlArticles),
    "stories": (Stories, SqlStories),
    "search": (Search, SqlSearch),
    "accounts": (Accounts, SqlAccounts),
    "comments": (Comments, SqlComments),
}


def _declared(protocol: type) -> set[str]:
    return {
        name
        for name, value in vars(protocol).items()
        if inspect.isfunction(value) and not name.startswith("_")
    }


def _public(cls: type) -> set[str]:
    return {name for name, _ in inspect.getmembers(cls, inspect.isfunction) if name[0] != "_"}


@pytest.mark.parametrize("name", AGGREGATES)
def test_each_sql_class_is_exactly_its_aggregates_protocol(name: str) -> None:
    protocol, cls = AGGREGATES[name]
    assert sorted(_public(cls) - _declared(protocol)) == []  # a method no Protocol declares
    assert sorted(_declared(protocol) - _public(cls)) == []  # a Protocol method it lacks
    differ = [
        method
        for method in _declared(protocol)
        if inspect.signature(getattr(protocol, method)) != inspect.signature(getattr(cls, method))
    ]
    assert differ == []


def test_no_method_belongs_to_two_aggregates() -> None:
    owners: dict[str, list[str]] = {}
    for name, (protocol, _) in AGGREGATES.items():
        for method in _declared(protocol):
            owners.setdefault(method, []).append(name)
    assert {method: held for method, held in owners.items() if len(held) > 1} == {}


def test_the_store_holds_one_object_of_each_aggregate_and_no_query_of_its_own(
    tmp_path: Path,
) -> None:
    store = SqlRepository(create_engine(f"sqlite:///{tmp_path / 'a.db'}"))
    for name, (_, cls) in AGGREGATES.items():
        assert type(getattr(store, name)) is cls
    assert _public(SqlRepository) == set()
    assert sorted(n for n in vars(store) if not n.startswith("_")) == sorted(
        [*AGGREGATES, "engine"]
    )


def test_the_repository_protocol_is_the_six_aggregates() -> None:
    members = {
        name: value
        for name, value in vars(Repository).items()
        if (isinstance(value, property) or inspect.isfunction(value)) and name[0] != "_"
    }
    assert sorted(members) == sorted(AGGREGATES)
    for name, value in members.items():
        assert isinstance(value, property)
        assert value.fget is not None
        assert inspect.get_annotations(value.fget, eval_str=True)["return"] is AGGREGATES[name][0]
