"""The store by aggregate (issue #17): every public method of the SQL repository is declared
by exactly one aggregate's Protocol, with the implementation's signature, and
``Repository`` is all of them at once."""

from __future__ import annotations

import inspect

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

AGGREGATES: tuple[type, ...] = (Sources, Articles, Stories, Search, Accounts, Comments)


def _declared(protocol: type) -> set[str]:
    return {
        name
        for name, value in vars(protocol).items()
        if inspect.isfunction(value) and not name.startswith("_")
    }


def _owners() -> dict[str, list[str]]:
    owners: dict[str, list[str]] = {}
    for protocol in AGGREGATES:
        for name in _declared(protocol):
            owners.setdefault(name, []).append(protocol.__name__)
    return owners


def test_every_public_store_method_belongs_to_exactly_one_aggregate() -> None:
    owners = _owners()
    public = {
        name
        for name, _ in inspect.getmembers(SqlRepository, inspect.isfunction)
        if not name.startswith("_")
    }
    assert {name: held for name, held in owners.items() if len(held) > 1} == {}
    assert sorted(public - owners.keys()) == []  # a store method no Protocol declares
    assert sorted(owners.keys() - public) == []  # a Protocol method the store lacks


def test_each_protocol_method_has_the_implementations_signature() -> None:
    differ = [
        f"{protocol.__name__}.{name}"
        for protocol in AGGREGATES
        for name in _declared(protocol)
        if inspect.signature(getattr(protocol, name))
        != inspect.signature(getattr(SqlRepository, name))
    ]
    assert differ == []


def test_the_repository_is_every_aggregate_and_declares_nothing_of_its_own() -> None:
    assert set(AGGREGATES) <= set(Repository.__mro__)
    assert _declared(Repository) == set()
