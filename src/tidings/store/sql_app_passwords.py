"""App passwords (issue #18): hashed secrets and Fever keys that stand for an account."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, delete, insert, or_, select, update

from tidings.accounts.models import User
from tidings.accounts.reader_state import AppPassword
from tidings.store.schema import app_passwords, users
from tidings.store.sql_base import SqlBase
from tidings.store.sql_users import user_from_row

__all__ = ["SqlAppPasswords"]

# Last use is written at most this often per password: not one write per API request.
_TOUCH_EVERY = timedelta(minutes=1)


class SqlAppPasswords(SqlBase):
    """Reading and writing ``app_passwords``."""

    def add_app_password(
        self, user_id: int, name: str, secret_hash: str, fever_key: str, *, now: datetime
    ) -> AppPassword:
        """Keep a new app password's hashes under ``name``."""
        with self._begin() as conn:
            new_id = conn.execute(
                insert(app_passwords).values(
                    user_id=user_id,
                    name=name,
                    secret_hash=secret_hash,
                    fever_key=fever_key,
                    created_at=now,
                )
            ).inserted_primary_key[0]
        return AppPassword(int(new_id), user_id, name, now, None)

    def app_passwords(self, user_id: int) -> list[AppPassword]:
        """The reader's app passwords, oldest first."""
        stmt = (
            select(app_passwords)
            .where(app_passwords.c.user_id == user_id)
            .order_by(app_passwords.c.id)
        )
        with self._connect() as conn:
            return [
                AppPassword(r.id, r.user_id, r.name, r.created_at, r.last_used_at)
                for r in conn.execute(stmt)
            ]

    def revoke_app_password(self, user_id: int, password_id: int) -> bool:
        """Delete one of the reader's app passwords; whether there was one."""
        with self._begin() as conn:
            gone = conn.execute(
                delete(app_passwords).where(
                    app_passwords.c.user_id == user_id, app_passwords.c.id == password_id
                )
            )
            return bool(gone.rowcount)

    def app_password_user(
        self,
        *,
        now: datetime,
        secret_hash: str | None = None,
        fever_key: str | None = None,
    ) -> tuple[User, int] | None:
        """The account (and the password's id) for an app password's hash or Fever key;
        notes the use."""
        if (secret_hash is None) == (fever_key is None):
            raise ValueError("give exactly one of secret_hash and fever_key")
        match = (
            app_passwords.c.secret_hash == secret_hash
            if secret_hash is not None
            else app_passwords.c.fever_key == fever_key
        )
        stmt = (
            select(users, app_passwords.c.id.label("password_id"))
            .join(app_passwords, app_passwords.c.user_id == users.c.id)
            .where(match)
        )
        with self._connect() as conn:
            row = conn.execute(stmt).one_or_none()
        if row is None:
            return None
        self._touch(row.password_id, now)
        return user_from_row(row._mapping), int(row.password_id)

    def _touch(self, password_id: int, now: datetime) -> None:
        stale: Any = or_(
            app_passwords.c.last_used_at.is_(None),
            app_passwords.c.last_used_at < now - _TOUCH_EVERY,
        )
        with self._begin() as conn:
            conn.execute(
                update(app_passwords)
                .where(and_(app_passwords.c.id == password_id, stale))
                .values(last_used_at=now)
            )
