"""The accounts half of the repository: users, sessions, sign-in failures, site secrets.

What a reader follows, saves and reads is in ``sql_follows``. Deleting a user deletes
every row in ``USER_TABLES`` explicitly (and the foreign keys cascade too), so a table
added later for a reader's data (comments) goes into that list.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Table, delete, func, select, update

from tidings.accounts.models import LoginLimit, Role, User
from tidings.errors import NotFound, UsernameTaken
from tidings.store.schema import (
    app_passwords,
    article_reads,
    login_failures,
    reading_history,
    saved_articles,
    site_secrets,
    user_follows,
    user_mutes,
    user_sessions,
    users,
)
from tidings.store.sql_comments import forget_user_comments
from tidings.store.sql_follows import FollowQueries

__all__ = ["USER_TABLES", "AccountQueries", "user_from_row"]

# Every table with a ``user_id`` column, deleted from before the user row itself.
USER_TABLES: list[Table] = [
    user_sessions,
    user_follows,
    user_mutes,
    saved_articles,
    reading_history,
    article_reads,
    app_passwords,
]


class AccountQueries(FollowQueries):
    """Reading and writing ``users``, ``user_sessions``, ``login_failures``."""

    # -- users -------------------------------------------------------------------------------

    def create_user(
        self,
        username: str,
        password_hash: str,
        *,
        now: datetime,
        email: str | None = None,
        role: Role = Role.READER,
    ) -> User:
        """A new account; ``UsernameTaken`` when the (normalised) name is in use."""
        with self._begin() as conn:
            taken = conn.execute(select(users.c.id).where(users.c.username == username)).first()
            if taken is not None:
                raise UsernameTaken(f"username {username!r} is taken")
            user_id = conn.execute(
                users.insert().values(
                    username=username,
                    email=email or None,
                    password_hash=password_hash,
                    role=role.value,
                    created_at=now,
                    password_changed_at=now,
                )
            ).inserted_primary_key[0]
            row = conn.execute(select(users).where(users.c.id == user_id)).one()
        return user_from_row(row._mapping)

    def get_user(self, user_id: int) -> User:
        """One account; ``NotFound`` when there is none."""
        with self._connect() as conn:
            row = conn.execute(select(users).where(users.c.id == user_id)).one_or_none()
        if row is None:
            raise NotFound(f"no user with id {user_id}")
        return user_from_row(row._mapping)

    def find_user(self, username: str) -> User | None:
        """The account with this (normalised) username, if any."""
        found = self.user_credentials(username)
        return None if found is None else found[0]

    def user_credentials(self, username: str) -> tuple[User, str] | None:
        """The account and its password hash, for signing in."""
        with self._connect() as conn:
            row = conn.execute(select(users).where(users.c.username == username)).one_or_none()
        return None if row is None else (user_from_row(row._mapping), str(row.password_hash))

    def list_users(self) -> list[User]:
        """Every account, oldest first."""
        with self._connect() as conn:
            return [
                user_from_row(r._mapping) for r in conn.execute(select(users).order_by(users.c.id))
            ]

    def count_users(self) -> int:
        """How many accounts there are."""
        with self._connect() as conn:
            return int(conn.execute(select(func.count()).select_from(users)).scalar_one())

    def set_password(
        self, user_id: int, password_hash: str, *, now: datetime, sign_out: bool = True
    ) -> None:
        """Store a new password hash; with ``sign_out`` (a changed password, not a rehash)
        every session of the user ends."""
        values: dict[str, Any] = {"password_hash": password_hash}
        if sign_out:
            values["password_changed_at"] = now
        with self._begin() as conn:
            changed = conn.execute(update(users).where(users.c.id == user_id).values(**values))
            if changed.rowcount == 0:
                raise NotFound(f"no user with id {user_id}")
            if sign_out:
                conn.execute(delete(user_sessions).where(user_sessions.c.user_id == user_id))

    def set_role(self, user_id: int, role: Role) -> None:
        """Make the user a reader, moderator or admin."""
        with self._begin() as conn:
            changed = conn.execute(
                update(users).where(users.c.id == user_id).values(role=role.value)
            )
            if changed.rowcount == 0:
                raise NotFound(f"no user with id {user_id}")

    def delete_user(self, user_id: int) -> None:
        """Delete the account and every row of its data, in one transaction."""
        with self._begin() as conn:
            username = conn.execute(
                select(users.c.username).where(users.c.id == user_id)
            ).scalar_one_or_none()
            if username is None:
                raise NotFound(f"no user with id {user_id}")
            forget_user_comments(conn, user_id)  # keeps placeholders others replied to
            for table in USER_TABLES:
                conn.execute(delete(table).where(table.c.user_id == user_id))
            conn.execute(delete(login_failures).where(login_failures.c.key == f"user:{username}"))
            conn.execute(delete(users).where(users.c.id == user_id))

    # -- sessions ----------------------------------------------------------------------------

    def create_session(
        self, user_id: int, token_hash: str, *, now: datetime, expires_at: datetime
    ) -> None:
        """Remember a signed-in browser by its token's hash; drops the user's expired ones."""
        with self._begin() as conn:
            conn.execute(
                delete(user_sessions).where(
                    user_sessions.c.user_id == user_id, user_sessions.c.expires_at <= now
                )
            )
            conn.execute(
                user_sessions.insert().values(
                    token_hash=token_hash, user_id=user_id, created_at=now, expires_at=expires_at
                )
            )

    def session_user(self, token_hash: str, now: datetime) -> User | None:
        """The user signed in with this session, unless it expired or is unknown."""
        stmt = (
            select(users)
            .join(user_sessions, user_sessions.c.user_id == users.c.id)
            .where(user_sessions.c.token_hash == token_hash, user_sessions.c.expires_at > now)
        )
        with self._connect() as conn:
            row = conn.execute(stmt).one_or_none()
        return None if row is None else user_from_row(row._mapping)

    def delete_session(self, token_hash: str) -> None:
        """Sign one browser out."""
        with self._begin() as conn:
            conn.execute(delete(user_sessions).where(user_sessions.c.token_hash == token_hash))

    def count_sessions(self, user_id: int) -> int:
        """How many sessions the user has (expired ones included until pruned)."""
        stmt = select(func.count()).where(user_sessions.c.user_id == user_id)
        with self._connect() as conn:
            return int(conn.execute(stmt).scalar_one())

    # -- sign-in throttling ------------------------------------------------------------------

    def recent_login_failures(
        self, limits: Sequence[LoginLimit], *, now: datetime, window: timedelta
    ) -> dict[str, list[datetime]]:
        """Each key's failed sign-ins within ``window``, newest first, at most its limit's
        ``max_failures`` (all that ``accounts.throttle.lockout`` needs to decide)."""
        found: dict[str, list[datetime]] = {}
        with self._connect() as conn:
            for limit in limits:
                stmt = (
                    select(login_failures.c.failed_at)
                    .where(login_failures.c.key == limit.key)
                    .where(login_failures.c.failed_at > now - window)
                    .order_by(login_failures.c.failed_at.desc())
                    .limit(limit.max_failures)
                )
                found[limit.key] = list(conn.execute(stmt).scalars())
        return found

    def record_login_failure(
        self, keys: Sequence[str], *, now: datetime, forget_before: datetime
    ) -> None:
        """Note a failed sign-in under each key; failures older than ``forget_before`` go."""
        with self._begin() as conn:
            conn.execute(delete(login_failures).where(login_failures.c.failed_at < forget_before))
            conn.execute(login_failures.insert(), [{"key": k, "failed_at": now} for k in keys])

    def clear_login_failures(self, key: str) -> None:
        """Forget a key's failures (a username after a good sign-in)."""
        with self._begin() as conn:
            conn.execute(delete(login_failures).where(login_failures.c.key == key))

    # -- site secrets ------------------------------------------------------------------------

    def site_secret(self, name: str, candidate: str) -> str:
        """The secret stored under ``name``; the first caller's ``candidate`` becomes it."""
        with self._begin() as conn:
            conn.execute(
                self._insert_ignoring_conflicts(site_secrets).values(name=name, value=candidate)
            )
            return str(
                conn.execute(
                    select(site_secrets.c.value).where(site_secrets.c.name == name)
                ).scalar_one()
            )


def user_from_row(row: Mapping[str, Any]) -> User:
    """The account a ``users`` row holds."""
    return User(
        id=int(row["id"]),
        username=row["username"],
        email=row["email"],
        role=Role(row["role"]),
        created_at=row["created_at"],
        password_changed_at=row["password_changed_at"],
    )
