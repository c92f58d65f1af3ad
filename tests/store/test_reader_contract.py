"""The reader-state aggregate (issue #18) on SQLite and PostgreSQL alike: item ids,
subscriptions (= followed sources), read marks over "read before" lines, starred
(= saved), app passwords."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from tidings.errors import StoreError
from tidings.ingest import article_id
from tidings.models import FeedEntry
from tidings.store import NewEntry, SqlAppPasswords, SqlReaderState, SqlRepository
from tidings.store.item_ids import item_id_base
from tidings.store.schema import articles

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


def _add(repo: SqlRepository, source_id: int, n: int, *, at: datetime = NOW) -> str:
    url = f"https://news{source_id}.example/a/{n}"
    entry = FeedEntry(url=url, title=f"Headline {n}", published=at - timedelta(minutes=n))
    new = NewEntry(article_id=article_id(url), url=url, entry=entry)
    assert repo.articles.add_entries(source_id, [new], now=at) == [new.article_id]
    return new.article_id


@pytest.fixture
def state(repository: SqlRepository) -> SqlReaderState:
    return SqlReaderState(repository.engine)


def _two_sources(repo: SqlRepository) -> tuple[int, int]:
    one = repo.sources.add_source("https://news1.example/feed", now=NOW, title="Zeta News").id
    two = repo.sources.add_source("https://news2.example/feed", now=NOW, title="Alpha Post").id
    return one, two


def test_item_ids_grow_with_discovery_are_unique_and_javascript_safe(
    repository: SqlRepository, state: SqlReaderState
) -> None:
    one, _two = _two_sources(repository)
    entries = []
    for n in range(3):  # one batch: one discovery time for all three
        url = f"https://news1.example/b/{n}"
        entries.append(NewEntry(article_id(url), url, FeedEntry(url=url, title=f"T{n}")))
    ids = repository.articles.add_entries(one, entries, now=NOW)
    later = _add(repository, one, 9, at=NOW + timedelta(seconds=1))
    numbers = state.item_ids([*ids, later])
    first = item_id_base(NOW)
    assert [numbers[a] for a in ids] == [first, first + 1, first + 2]
    assert numbers[later] == item_id_base(NOW + timedelta(seconds=1))
    assert all(0 < v < 2**53 for v in numbers.values())
    assert state.article_ids([numbers[later], 12345]) == {numbers[later]: later}


def test_an_earlier_clock_still_gets_a_larger_id(
    repository: SqlRepository, state: SqlReaderState
) -> None:
    one, _two = _two_sources(repository)
    first = _add(repository, one, 1)
    earlier = _add(repository, one, 2, at=NOW - timedelta(hours=1))
    numbers = state.item_ids([first, earlier])
    assert numbers[earlier] == numbers[first] + 1


def test_a_taken_item_id_is_skipped_never_dropped(
    repository: SqlRepository, state: SqlReaderState
) -> None:
    one, _two = _two_sources(repository)
    first = _add(repository, one, 1)
    # Another process took the next id after this one read the largest: simulate by
    # moving the first article's id ahead, where the next insert will look first.
    with repository.engine.begin() as conn:
        conn.execute(
            articles.update()
            .where(articles.c.id == first)
            .values(item_id=item_id_base(NOW + timedelta(hours=1)))
        )
    second = _add(repository, one, 2, at=NOW + timedelta(hours=1))
    numbers = state.item_ids([first, second])
    assert numbers[second] == numbers[first] + 1
    with repository.engine.connect() as conn:
        assert conn.execute(select(articles.c.id)).scalars().all().__len__() == 2


def test_subscriptions_are_the_followed_sources(
    repository: SqlRepository, state: SqlReaderState
) -> None:
    one, two = _two_sources(repository)
    ada = repository.accounts.create_user("ada", "hash", now=NOW)
    repository.accounts.follow(ada.id, "source", str(one), now=NOW)  # followed on the site
    repository.accounts.mute(ada.id, "source", str(two), now=NOW)
    state.subscribe(ada.id, two, now=NOW, folder="Tech", title="My Alpha")
    assert [(s.source_id, s.title, s.folder) for s in state.subscriptions(ada.id)] == [
        (two, "My Alpha", "Tech"),
        (one, "Zeta News", None),
    ]
    assert repository.accounts.follow_state(ada.id, "source", str(two)) == (True, False)  # unmuted
    assert state.folders(ada.id) == ["Tech"]
    assert state.set_folder(ada.id, one, "Tech")
    assert state.rename_folder(ada.id, "Tech", "Science") == 2
    assert state.folders(ada.id) == ["Science"]
    assert state.set_title(ada.id, two, None)
    assert state.subscription(ada.id, two).title == "Alpha Post"  # type: ignore[union-attr]
    assert state.remove_folder(ada.id, "Science") == 2
    assert state.folders(ada.id) == []
    assert state.unsubscribe(ada.id, one)
    assert not state.unsubscribe(ada.id, one)
    assert repository.accounts.follow_state(ada.id, "source", str(one)) == (False, False)
    assert not state.set_folder(ada.id, one, "X")  # not followed: nothing changes
    assert [s.source_id for s in state.subscriptions(ada.id)] == [two]


def _read(state: SqlReaderState, user_id: int, ids: list[str]) -> set[str]:
    """``read_article_ids`` in one statement (the article page's cards), checked against
    the same with the reader's subscriptions read first (the reader apps' way)."""
    alone = state.read_article_ids(user_id, ids)
    assert alone == state.read_article_ids(user_id, ids, subscriptions=state.subscriptions(user_id))
    return alone


def test_read_marks_and_read_before_lines(repository: SqlRepository, state: SqlReaderState) -> None:
    one, two = _two_sources(repository)
    ada = repository.accounts.create_user("ada", "hash", now=NOW)
    bob = repository.accounts.create_user("bob", "hash", now=NOW)
    a1 = _add(repository, one, 1, at=NOW)
    a2 = _add(repository, one, 2, at=NOW + timedelta(minutes=5))
    b1 = _add(repository, two, 1, at=NOW + timedelta(minutes=1))
    for user in (ada, bob):
        state.subscribe(user.id, one, now=NOW)
        state.subscribe(user.id, two, now=NOW)
    ids = state.item_ids([a1, a2, b1])
    # Ids follow the order articles were stored in, whatever their clocks said.
    assert state.unread_item_ids(ada.id) == [ids[b1], ids[a2], ids[a1]]

    state.set_read(ada.id, [a1], True, now=NOW)
    assert _read(state, ada.id, [a1, a2, b1]) == {a1}
    assert state.unread_item_ids(bob.id) == [ids[b1], ids[a2], ids[a1]]  # per reader

    # Everything in source one discovered before NOW + 1 min: a1 only.
    assert state.mark_read_before(ada.id, NOW + timedelta(minutes=1), source_ids=[one]) == 1
    assert _read(state, ada.id, [a1, a2, b1]) == {a1}
    # Kept unread below the line; then all read (line moves past it, the mark goes).
    state.set_read(ada.id, [a1], False, now=NOW)
    assert _read(state, ada.id, [a1]) == set()
    assert state.mark_read_before(ada.id, NOW + timedelta(minutes=10)) == 2
    assert _read(state, ada.id, [a1, a2, b1]) == {a1, a2, b1}
    assert state.unread_item_ids(ada.id) == []
    # An older line does not move it back.
    assert state.mark_read_before(ada.id, NOW) == 0
    state.set_read(ada.id, [a2], False, now=NOW)
    assert state.unread_item_ids(ada.id) == [ids[a2]]
    assert _read(state, ada.id, [a1, a2, b1]) == {a1, b1}  # kept unread above a line
    # A new article after the line is unread.
    a3 = _add(repository, one, 3, at=NOW + timedelta(minutes=20))
    assert state.unread_item_ids(ada.id) == [state.item_ids([a3])[a3], ids[a2]]
    assert state.count_items(ada.id) == 4
    assert state.count_items(bob.id) == 4


def test_starred_is_saved(repository: SqlRepository, state: SqlReaderState) -> None:
    one, _two = _two_sources(repository)
    ada = repository.accounts.create_user("ada", "hash", now=NOW)
    a1 = _add(repository, one, 1)
    a2 = _add(repository, one, 2, at=NOW + timedelta(minutes=1))
    repository.accounts.save_article(ada.id, a1, now=NOW)  # saved on the site
    state.set_starred(ada.id, [a1, a2], True, now=NOW)  # a1 again: no error, no change
    ids = state.item_ids([a1, a2])
    assert state.starred_item_ids(ada.id) == [ids[a2], ids[a1]]
    state.set_starred(ada.id, [a1], False, now=NOW)
    assert not repository.accounts.is_saved(ada.id, a1)
    assert [s.article_id for s in repository.accounts.saved_articles(ada.id, limit=10)] == [a2]


def test_items_page_by_id_with_the_readers_state(
    repository: SqlRepository, state: SqlReaderState
) -> None:
    one, two = _two_sources(repository)
    other = repository.sources.add_source("https://news3.example/feed", now=NOW, title="Other").id
    ada = repository.accounts.create_user("ada", "hash", now=NOW)
    made = [_add(repository, one, n, at=NOW + timedelta(minutes=n)) for n in range(1, 6)]
    elsewhere = _add(repository, other, 1, at=NOW + timedelta(minutes=9))
    assert state.items(ada.id) == []  # no subscriptions, no items
    state.subscribe(ada.id, one, now=NOW, title="Mine")
    state.subscribe(ada.id, two, now=NOW)
    state.set_read(ada.id, [made[0]], True, now=NOW)
    state.set_starred(ada.id, [made[1]], True, now=NOW)
    ids = state.item_ids(made)
    ordered = [ids[a] for a in made]
    newest = state.items(ada.id, limit=2)
    assert [i.item_id for i in newest] == ordered[:-3:-1]
    assert newest[0].source_title == "Mine" and newest[0].feed_url.endswith("news1.example/feed")
    after = state.items(ada.id, after_id=ordered[0], limit=2)
    assert [i.item_id for i in after] == ordered[1:3]
    before = state.items(ada.id, before_id=ordered[2], limit=5)
    assert [(i.item_id, i.read, i.starred) for i in before] == [
        (ordered[1], False, True),
        (ordered[0], True, False),
    ]
    # By ids: any article, subscribed or not, in id order; unknown ids left out.
    wanted = [state.item_ids([elsewhere])[elsewhere], ordered[3], 7]
    picked = state.items(ada.id, item_ids=wanted)
    assert [i.article.id for i in picked] == [made[3], elsewhere]
    assert picked[1].source_title == "Other" and not picked[1].read


def test_app_passwords_find_the_account_and_note_their_use(repository: SqlRepository) -> None:
    keys = SqlAppPasswords(repository.engine)
    ada = repository.accounts.create_user("ada", "hash", now=NOW)
    made = keys.add_app_password(ada.id, "Reeder", "a" * 64, "f" * 32, now=NOW)
    keys.add_app_password(ada.id, "NetNewsWire", "b" * 64, "e" * 32, now=NOW)
    with pytest.raises(StoreError):  # a hash is unique
        keys.add_app_password(ada.id, "Again", "a" * 64, "d" * 32, now=NOW)
    found = keys.app_password_user(secret_hash="a" * 64, now=NOW + timedelta(hours=1))
    assert found == (ada, made.id)
    assert keys.app_password_user(fever_key="e" * 32, now=NOW) is not None
    assert keys.app_password_user(secret_hash="c" * 64, now=NOW) is None
    listed = keys.app_passwords(ada.id)
    assert [(p.name, p.last_used_at) for p in listed] == [
        ("Reeder", NOW + timedelta(hours=1)),
        ("NetNewsWire", NOW),
    ]
    bob = repository.accounts.create_user("bob", "hash", now=NOW)
    assert not keys.revoke_app_password(bob.id, made.id)  # not bob's
    assert keys.revoke_app_password(ada.id, made.id)
    assert keys.app_password_user(secret_hash="a" * 64, now=NOW) is None
    repository.accounts.delete_user(ada.id)
    assert keys.app_password_user(fever_key="e" * 32, now=NOW) is None
