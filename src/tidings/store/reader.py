"""The reader-state aggregate's interfaces (issue #18): what the reader-app APIs, the web
pages and the command line type against. ``sql_reader.SqlReaderState`` and
``sql_app_passwords.SqlAppPasswords`` implement them on SQLite and PostgreSQL alike."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Protocol

from tidings.accounts.models import User
from tidings.accounts.reader_state import AppPassword, ReaderItem, Subscription

__all__ = ["AppPasswords", "ReaderState"]


class ReaderState(Protocol):
    """Subscriptions, read and starred per reader; items with that state."""

    def subscriptions(self, user_id: int) -> list[Subscription]: ...
    def subscription(self, user_id: int, source_id: int) -> Subscription | None: ...
    def subscribe(
        self,
        user_id: int,
        source_id: int,
        *,
        now: datetime,
        folder: str | None = None,
        title: str | None = None,
    ) -> None: ...
    def unsubscribe(self, user_id: int, source_id: int) -> bool: ...
    def set_folder(self, user_id: int, source_id: int, folder: str | None) -> bool: ...
    def set_title(self, user_id: int, source_id: int, title: str | None) -> bool: ...
    def folders(self, user_id: int) -> list[str]: ...
    def rename_folder(self, user_id: int, old: str, new: str) -> int: ...
    def remove_folder(self, user_id: int, folder: str) -> int: ...

    def article_ids(self, item_ids: Iterable[int]) -> dict[int, str]: ...
    def item_ids(self, article_ids: Iterable[str]) -> dict[str, int]: ...

    def set_read(
        self, user_id: int, article_ids: Sequence[str], read: bool, *, now: datetime
    ) -> None: ...
    def set_starred(
        self, user_id: int, article_ids: Sequence[str], starred: bool, *, now: datetime
    ) -> None: ...
    def mark_read_before(
        self, user_id: int, before: datetime, *, source_ids: Sequence[int] | None = None
    ) -> int: ...
    def read_article_ids(
        self,
        user_id: int,
        article_ids: Sequence[str],
        *,
        subscriptions: Sequence[Subscription] | None = None,
    ) -> set[str]: ...
    def unread_item_ids(self, user_id: int, *, limit: int | None = None) -> list[int]: ...
    def starred_item_ids(self, user_id: int) -> list[int]: ...
    def count_items(self, user_id: int) -> int: ...
    def last_refreshed(self, user_id: int) -> datetime | None: ...
    def items(
        self,
        user_id: int,
        *,
        item_ids: Sequence[int] | None = None,
        after_id: int | None = None,
        before_id: int | None = None,
        limit: int = 50,
    ) -> list[ReaderItem]: ...


class AppPasswords(Protocol):
    """App passwords: hashed secrets and Fever keys standing for an account."""

    def add_app_password(
        self, user_id: int, name: str, secret_hash: str, fever_key: str, *, now: datetime
    ) -> AppPassword: ...
    def app_passwords(self, user_id: int) -> list[AppPassword]: ...
    def revoke_app_password(self, user_id: int, password_id: int) -> bool: ...
    def app_password_user(
        self,
        *,
        now: datetime,
        secret_hash: str | None = None,
        fever_key: str | None = None,
    ) -> tuple[User, int] | None: ...
