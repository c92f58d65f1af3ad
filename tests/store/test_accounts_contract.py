"""The accounts part of the repository contract (issue #7), on SQLite and PostgreSQL alike."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from tidings.accounts.models import Role
from tidings.accounts.throttle import LoginLimit, lockout
from tidings.errors import NotFound, UsernameTaken
from tidings.ingest import article_id
from tidings.models import ExtractedArticle, FeedEntry, Story
from tidings.store import (
    Enrichment,
    NewEntry,
    SqlAppPasswords,
    SqlReaderState,
    SqlRepository,
    StoryPlacement,
)
from tidings.store.schema import article_reads, login_failures, users
from tidings.store.sql_users import USER_TABLES

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
WINDOW = timedelta(minutes=15)


def _add(
    repository: SqlRepository, source_id: int, n: int, minutes_ago: int, copy_of: str | None = None
) -> str:
    url = f"https://news{source_id}.example/a/{n}"
    entry = FeedEntry(
        url=url, title=f"Headline {n}", published=NOW - timedelta(minutes=minutes_ago)
    )
    new = NewEntry(article_id=article_id(url), url=url, entry=entry)
    repository.articles.add_entries(source_id, [new], now=NOW)
    body = ExtractedArticle(title=f"Headline {n}", text=f"Words of article {n}.", html="<p>x</p>")
    repository.articles.save_extraction(new.article_id, body, now=NOW, duplicate_of=copy_of)
    return new.article_id


def _place(
    repository: SqlRepository,
    article: str,
    story_id: str,
    *,
    merged: tuple[str, ...] = (),
    tags: tuple[tuple[str, str, float], ...] = (),
) -> None:
    story = Story(story_id, "A story", NOW - timedelta(hours=1), NOW, 1, 1)
    found = Enrichment(language="en", language_how="detected", tags=tags)
    repository.stories.save_placements(
        [StoryPlacement(article, story, merged=merged, enrichment=found)],
        now=NOW,
        related_limit=3,
        per_outlet=2,
    )


def test_users_are_created_found_and_unique(repository: SqlRepository) -> None:
    ada = repository.accounts.create_user("ada", "hash-1", now=NOW, email="ada@example.org")
    assert ada.role is Role.READER and ada.email == "ada@example.org"
    assert ada.created_at == NOW == ada.password_changed_at
    boss = repository.accounts.create_user("boss", "hash-2", now=NOW, role=Role.ADMIN)
    assert boss.has_role(Role.MODERATOR) and not ada.has_role(Role.MODERATOR)
    with pytest.raises(UsernameTaken):
        repository.accounts.create_user("ada", "hash-3", now=NOW)
    assert repository.accounts.get_user(ada.id) == ada
    assert repository.accounts.find_user("ada") == ada
    assert repository.accounts.find_user("nobody") is None
    assert repository.accounts.user_credentials("ada") == (ada, "hash-1")
    assert [u.username for u in repository.accounts.list_users()] == ["ada", "boss"]
    assert repository.accounts.count_users() == 2
    repository.accounts.set_role(ada.id, Role.MODERATOR)
    assert repository.accounts.get_user(ada.id).role is Role.MODERATOR
    with pytest.raises(NotFound):
        repository.accounts.get_user(999)
    with pytest.raises(NotFound):
        repository.accounts.set_role(999, Role.ADMIN)


def test_sessions_expire_and_a_new_password_ends_them(repository: SqlRepository) -> None:
    ada = repository.accounts.create_user("ada", "hash-1", now=NOW)
    repository.accounts.create_session(
        ada.id, "a" * 64, now=NOW, expires_at=NOW + timedelta(days=1)
    )
    repository.accounts.create_session(
        ada.id, "b" * 64, now=NOW, expires_at=NOW + timedelta(days=1)
    )
    assert repository.accounts.session_user("a" * 64, NOW) == ada
    assert repository.accounts.session_user("a" * 64, NOW + timedelta(days=2)) is None  # expired
    assert repository.accounts.session_user("c" * 64, NOW) is None
    repository.accounts.delete_session("a" * 64)
    assert repository.accounts.session_user("a" * 64, NOW) is None
    assert repository.accounts.session_user("b" * 64, NOW) == ada
    # A rehash keeps sessions; a changed password ends every one.
    repository.accounts.set_password(ada.id, "hash-1b", now=NOW, sign_out=False)
    assert repository.accounts.session_user("b" * 64, NOW) is not None
    later = NOW + timedelta(hours=1)
    repository.accounts.set_password(ada.id, "hash-2", now=later)
    assert repository.accounts.session_user("b" * 64, NOW) is None
    assert repository.accounts.count_sessions(ada.id) == 0
    assert repository.accounts.get_user(ada.id).password_changed_at == later
    assert repository.accounts.user_credentials("ada") == (
        repository.accounts.get_user(ada.id),
        "hash-2",
    )
    # Expired sessions are dropped when the user signs in again.
    repository.accounts.create_session(
        ada.id, "d" * 64, now=NOW, expires_at=NOW + timedelta(minutes=1)
    )
    repository.accounts.create_session(
        ada.id, "e" * 64, now=NOW + timedelta(hours=1), expires_at=NOW + timedelta(days=1)
    )
    assert repository.accounts.count_sessions(ada.id) == 1


def _locked(repository: SqlRepository, limits: list[LoginLimit], now: datetime) -> datetime | None:
    """The lockout the sign-in view applies to what the store recalls."""
    failures = repository.accounts.recent_login_failures(limits, now=now, window=WINDOW)
    return lockout(limits, failures, now=now, window=WINDOW)


def test_failed_sign_ins_lock_a_key_for_the_window(repository: SqlRepository) -> None:
    limits = [LoginLimit("user:ada", 3), LoginLimit("ip:10.0.0.1", 12)]
    for minute in range(2):
        repository.accounts.record_login_failure(
            ["user:ada", "ip:10.0.0.1"],
            now=NOW + timedelta(minutes=minute),
            forget_before=NOW - WINDOW,
        )
    assert _locked(repository, limits, NOW + timedelta(minutes=2)) is None
    third = NOW + timedelta(minutes=2)
    repository.accounts.record_login_failure(
        ["user:ada", "ip:10.0.0.1"], now=third, forget_before=NOW - WINDOW
    )
    # Open again when the oldest of the three is older than the window.
    until = _locked(repository, limits, third)
    assert until == NOW + WINDOW
    assert _locked(repository, limits, NOW + WINDOW) is None
    # Another username from the same address is not locked (the address allows more).
    other = [LoginLimit("user:bob", 3), LoginLimit("ip:10.0.0.1", 12)]
    assert _locked(repository, other, third) is None
    repository.accounts.clear_login_failures("user:ada")
    assert _locked(repository, limits, third) is None
    # Failures older than the window are forgotten at the next record.
    repository.accounts.record_login_failure(
        ["user:bob"], now=NOW + timedelta(hours=2), forget_before=NOW + timedelta(hours=1)
    )
    with repository.engine.connect() as conn:
        keys = conn.execute(select(login_failures.c.key)).scalars().all()
    assert keys == ["user:bob"]


def test_follows_mutes_and_merged_stories(repository: SqlRepository) -> None:
    ada = repository.accounts.create_user("ada", "h", now=NOW)
    source = repository.sources.add_source("https://a.example/feed", now=NOW)
    one = _add(repository, source.id, 1, minutes_ago=30)
    two = _add(repository, source.id, 2, minutes_ago=20)
    _place(repository, one, "x" * 32)
    _place(repository, two, "y" * 32)
    repository.accounts.follow(ada.id, "hashtag", "ferry", now=NOW)
    repository.accounts.follow(ada.id, "hashtag", "ferry", now=NOW)  # twice is once
    repository.accounts.follow(ada.id, "source", str(source.id), now=NOW + timedelta(minutes=1))
    repository.accounts.follow(
        ada.id, "story", "x" * 32, now=NOW + timedelta(minutes=2), anchor=one
    )
    assert [(f.kind, f.target) for f in repository.accounts.follows(ada.id)] == [
        ("story", "x" * 32),
        ("source", str(source.id)),
        ("hashtag", "ferry"),
    ]
    assert repository.accounts.follow_state(ada.id, "story", "x" * 32) == (True, False)
    # Story x is merged into y: the follow now names y, and unfollowing y ends it.
    _place(repository, two, "y" * 32, merged=("x" * 32,))
    assert ("story", "y" * 32) in [(f.kind, f.target) for f in repository.accounts.follows(ada.id)]
    assert repository.accounts.follow_state(ada.id, "story", "y" * 32) == (True, False)
    repository.accounts.unfollow(ada.id, "story", "y" * 32)
    assert [f.kind for f in repository.accounts.follows(ada.id)] == ["source", "hashtag"]
    # Muting unfollows; following unmutes.
    repository.accounts.mute(ada.id, "source", str(source.id), now=NOW)
    assert repository.accounts.follow_state(ada.id, "source", str(source.id)) == (False, True)
    assert [(m.kind, m.target) for m in repository.accounts.mutes(ada.id)] == [
        ("source", str(source.id))
    ]
    repository.accounts.follow(ada.id, "source", str(source.id), now=NOW)
    assert repository.accounts.follow_state(ada.id, "source", str(source.id)) == (True, False)
    repository.accounts.mute(ada.id, "hashtag", "weather", now=NOW)
    repository.accounts.unmute(ada.id, "hashtag", "weather")
    assert repository.accounts.mutes(ada.id) == []
    repository.accounts.unfollow(ada.id, "hashtag", "ferry")
    assert repository.accounts.follow_state(ada.id, "hashtag", "ferry") == (False, False)


def test_saves_and_reading_history(repository: SqlRepository) -> None:
    ada = repository.accounts.create_user("ada", "h", now=NOW)
    source = repository.sources.add_source("https://a.example/feed", now=NOW)
    one = _add(repository, source.id, 1, minutes_ago=30)
    two = _add(repository, source.id, 2, minutes_ago=20)
    repository.accounts.save_article(ada.id, one, now=NOW)
    repository.accounts.save_article(ada.id, two, now=NOW + timedelta(minutes=1))
    repository.accounts.save_article(ada.id, one, now=NOW + timedelta(minutes=5))  # already saved
    assert [
        (s.article_id, s.title) for s in repository.accounts.saved_articles(ada.id, limit=10)
    ] == [
        (two, "Headline 2"),
        (one, "Headline 1"),
    ]
    assert repository.accounts.is_saved(ada.id, one)
    repository.accounts.unsave_article(ada.id, one)
    assert not repository.accounts.is_saved(ada.id, one)
    repository.accounts.record_reading(ada.id, one, now=NOW)
    repository.accounts.record_reading(ada.id, two, now=NOW + timedelta(minutes=1))
    repository.accounts.record_reading(ada.id, one, now=NOW + timedelta(minutes=2))  # read again
    history = repository.accounts.reading_history(ada.id, limit=10)
    assert [(h.article_id, h.read_at) for h in history] == [
        (one, NOW + timedelta(minutes=2)),
        (two, NOW + timedelta(minutes=1)),
    ]
    assert [
        h.article_id for h in repository.accounts.reading_history(ada.id, limit=1, offset=1)
    ] == [two]
    # Opened is read for the reader apps too, in the same step; opened again after being
    # kept unread, it is read again.
    marks = select(article_reads.c.article_id, article_reads.c.read).where(
        article_reads.c.user_id == ada.id
    )
    with repository.engine.connect() as conn:
        assert sorted(conn.execute(marks).all()) == sorted([(one, True), (two, True)])
        conn.execute(article_reads.update().values(read=False))
        conn.commit()
    repository.accounts.record_reading(ada.id, two, now=NOW + timedelta(minutes=3))
    with repository.engine.connect() as conn:
        assert sorted(conn.execute(marks).all()) == sorted([(one, False), (two, True)])
    assert repository.accounts.clear_reading_history(ada.id) == 2
    assert repository.accounts.reading_history(ada.id, limit=10) == []


def test_for_you_candidates_tags_and_articles(repository: SqlRepository) -> None:
    source = repository.sources.add_source("https://a.example/feed", now=NOW)
    fresh = _add(repository, source.id, 1, minutes_ago=30)
    newer = _add(repository, source.id, 2, minutes_ago=10)
    _add(repository, source.id, 3, minutes_ago=5, copy_of=fresh)  # a copy: never a candidate
    _add(repository, source.id, 4, minutes_ago=5 * 24 * 60)  # too old
    _place(repository, fresh, "s" * 32, tags=(("ferry", "Ferry", 2.0), ("calder", "Calder", 1.0)))
    rows = repository.accounts.for_you_candidates(since=NOW - timedelta(days=3), limit=10)
    assert [(r[0], r[1], r[2]) for r in rows] == [
        (newer, source.id, None),
        (fresh, source.id, "s" * 32),
    ]
    assert (
        repository.accounts.for_you_candidates(since=NOW - timedelta(days=3), limit=1)[0][0]
        == newer
    )
    assert repository.stories.tags_for_articles([fresh, newer]) == {
        fresh: [("ferry", "Ferry"), ("calder", "Calder")],
        newer: [],
    }
    assert [a.id for a in repository.articles.articles_by_ids([fresh, "0" * 32, newer])] == [
        fresh,
        newer,
    ]


def test_deleting_a_user_leaves_nothing_of_theirs(repository: SqlRepository) -> None:
    ada = repository.accounts.create_user("ada", "h", now=NOW)
    bob = repository.accounts.create_user("bob", "h", now=NOW)
    source = repository.sources.add_source("https://a.example/feed", now=NOW)
    one = _add(repository, source.id, 1, minutes_ago=30)
    for user in (ada, bob):
        repository.accounts.create_session(
            user.id, f"{user.id}" * 64, now=NOW, expires_at=NOW + WINDOW
        )
        repository.accounts.follow(user.id, "source", str(source.id), now=NOW)
        repository.accounts.mute(user.id, "hashtag", "weather", now=NOW)
        repository.accounts.save_article(user.id, one, now=NOW)
        repository.accounts.record_reading(user.id, one, now=NOW)
        SqlReaderState(repository.engine).set_read(user.id, [one], True, now=NOW)
        SqlAppPasswords(repository.engine).add_app_password(
            user.id, "App", f"{user.id}" * 64, f"{user.id}" * 32, now=NOW
        )
        repository.accounts.record_login_failure(
            [f"user:{user.username}"], now=NOW, forget_before=NOW - WINDOW
        )
    repository.accounts.delete_user(ada.id)
    with repository.engine.connect() as conn:
        for table in USER_TABLES:
            rows = conn.execute(select(table.c.user_id)).scalars().all()
            assert rows == [bob.id], table.name
        assert conn.execute(select(login_failures.c.key)).scalars().all() == ["user:bob"]
        assert conn.execute(select(func.count()).select_from(users)).scalar_one() == 1
    with pytest.raises(NotFound):
        repository.accounts.delete_user(ada.id)
    assert repository.accounts.get_user(bob.id).username == "bob"
    assert repository.articles.get_article(one).id == one  # articles are the site's, not the user's


def test_site_secret_is_made_once(repository: SqlRepository) -> None:
    assert repository.accounts.site_secret("csrf", "first") == "first"
    assert repository.accounts.site_secret("csrf", "second") == "first"
    assert repository.accounts.site_secret("other", "second") == "second"
