"""What every store class shares: the engine, its flavour, guarded connections."""

from __future__ import annotations

from typing import Any, Literal

from sqlalchemy import Engine, Insert, Table
from sqlalchemy.exc import SQLAlchemyError

from tidings.errors import StoreError
from tidings.store.flavour import Flavour, flavour_for


class SqlBase:
    """An engine, the flavour of its database, and connections that turn driver errors
    into StoreError."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.flavour: Flavour = flavour_for(engine)

    def _insert_ignoring_conflicts(self, table: Table) -> Insert:
        return self.flavour.insert_ignoring_conflicts(table)

    def _connect(self) -> Any:
        return _Guard(self.engine.connect)

    def _begin(self) -> Any:
        return _Guard(self.engine.begin)


class _Guard:
    """A connection context that turns driver errors into StoreError."""

    def __init__(self, opener: Any) -> None:
        self._opener = opener
        self._context: Any = None

    def __enter__(self) -> Any:
        try:
            # Opened here, not in __init__: ``engine.connect()`` connects at once, and a
            # database that is away must be a StoreError there too.
            self._context = self._opener()
            return self._context.__enter__()
        except SQLAlchemyError as exc:
            raise StoreError(f"database unavailable: {exc}") from exc

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> Literal[False]:
        try:
            self._context.__exit__(exc_type, exc, tb)
        except SQLAlchemyError as err:
            raise StoreError(str(err)) from err
        if isinstance(exc, SQLAlchemyError):
            raise StoreError(str(exc)) from exc
        return False
