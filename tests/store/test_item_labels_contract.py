"""Labels on single items (issue #18, GReader ``edit-tag``) on SQLite and PostgreSQL alike:
adding and taking off, listing, renaming and dropping, and a label's stream with and
without a folder of the same name."""

from __future__ import annotations

import inspect
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import delete, func, select

from tidings.ingest import article_id
from tidings.models import FeedEntry
from tidings.store import NewEntry, ReaderState, SqlReaderState, SqlRepository
from tidings.store.schema import articles, item_labels, users

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


@pytest.fixture
def state(repository: SqlRepository) -> SqlReaderState:
    return SqlReaderState(repository.engine)


def _add(repo: SqlRepository, source_id: int, n: int) -> str:
    """Article ``n`` of a source, found ``n`` minutes after NOW (ids grow with ``n``)."""
    url = f"https://news{source_id}.example/a/{n}"
    new = NewEntry(article_id(url), url, FeedEntry(url=url, title=f"Headline {n}"))
    assert repo.articles.add_entries(source_id, [new], now=NOW + timedelta(minutes=n)) == [
        new.article_id
    ]
    return new.article_id


def _two_readers(repo: SqlRepository) -> tuple[int, int, list[str]]:
    """Readers ada and bob, and three articles of one source (found at minutes 1 to 3)."""
    one = repo.sources.add_source("https://news1.example/feed", now=NOW, title="One").id
    ada = repo.accounts.create_user("ada", "hash", now=NOW).id
    bob = repo.accounts.create_user("bob", "hash", now=NOW).id
    return ada, bob, [_add(repo, one, n) for n in (1, 2, 3)]


def _count(repo: SqlRepository) -> int:
    with repo.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(item_labels)).scalar_one())


def test_the_protocol_declares_every_reader_state_method_with_its_signature() -> None:
    public = {
        name
        for name, _ in inspect.getmembers(SqlReaderState, inspect.isfunction)
        if not name.startswith("_")
    }
    declared = {
        name
        for name, value in vars(ReaderState).items()
        if inspect.isfunction(value) and not name.startswith("_")
    }
    assert sorted(public ^ declared) == []
    assert [
        name
        for name in declared
        if inspect.signature(getattr(ReaderState, name))
        != inspect.signature(getattr(SqlReaderState, name))
    ] == []


def test_labels_are_added_taken_off_and_listed_per_reader(
    repository: SqlRepository, state: SqlReaderState
) -> None:
    ada, bob, (a1, a2, a3) = _two_readers(repository)
    state.set_item_label(ada, [a1, a2, a1], "  Later ", True, now=NOW)  # trimmed, once
    state.set_item_label(ada, [a1], "Later", True, now=NOW)  # again: no error, no row
    state.set_item_label(ada, [a2], "bridges", True, now=NOW)
    state.set_item_label(bob, [a3], "Bob's", True, now=NOW)
    assert _count(repository) == 4
    assert state.item_labels(ada, [a1, a2, a3]) == {a1: ["Later"], a2: ["bridges", "Later"]}
    assert state.item_label_names(ada) == ["bridges", "Later"]
    assert state.item_label_names(bob) == ["Bob's"]
    assert state.labelled_article_ids(ada, "Later") == [a1, a2]
    assert state.labelled_article_ids(ada, "Later", before=NOW + timedelta(minutes=2)) == [a1]
    state.set_item_label(ada, [a1, a3], "Later", False, now=NOW)  # a3 never had it
    assert state.item_labels(ada, [a1, a2]) == {a2: ["bridges", "Later"]}
    assert state.item_labels(bob, [a3]) == {a3: ["Bob's"]}
    for bad in ("", "   ", "x" * 121):
        with pytest.raises(ValueError):
            state.set_item_label(ada, [a1], bad, True, now=NOW)
    state.set_item_label(ada, [a1], "x" * 120, True, now=NOW)
    assert state.item_labels(ada, [a1]) == {a1: ["x" * 120]}


def test_rename_merges_and_remove_drops(repository: SqlRepository, state: SqlReaderState) -> None:
    ada, _bob, (a1, a2, a3) = _two_readers(repository)
    state.set_item_label(ada, [a1, a2], "Old", True, now=NOW)
    state.set_item_label(ada, [a2, a3], "New", True, now=NOW)
    assert state.rename_item_label(ada, "Old", " New ") == 2  # a2 had both: one row
    assert state.item_label_names(ada) == ["New"]
    assert state.labelled_article_ids(ada, "New") == [a1, a2, a3]
    assert _count(repository) == 3
    assert state.rename_item_label(ada, "Nope", "Other") == 0
    assert state.rename_item_label(ada, "New", "New") == 3
    assert state.remove_item_label(ada, "New") == 3
    assert state.item_label_names(ada) == [] and _count(repository) == 0


def test_labels_go_with_their_reader_and_their_article(
    repository: SqlRepository, state: SqlReaderState
) -> None:
    ada, bob, (a1, a2, _a3) = _two_readers(repository)
    for user in (ada, bob):
        state.set_item_label(user, [a1, a2], "Keep", True, now=NOW)
    with repository.engine.begin() as conn:
        conn.execute(delete(articles).where(articles.c.id == a1))
        conn.execute(delete(users).where(users.c.id == bob))
    assert state.labelled_article_ids(ada, "Keep") == [a2]
    assert _count(repository) == 1


def test_a_label_stream_is_its_folder_and_its_labelled_items_keyset_paged(
    repository: SqlRepository, state: SqlReaderState
) -> None:
    one = repository.sources.add_source("https://news1.example/feed", now=NOW, title="One").id
    two = repository.sources.add_source("https://news2.example/feed", now=NOW, title="Two").id
    other = repository.sources.add_source("https://news3.example/feed", now=NOW, title="Other").id
    ada = repository.accounts.create_user("ada", "hash", now=NOW)
    bob = repository.accounts.create_user("bob", "hash", now=NOW)
    state.subscribe(ada.id, one, now=NOW, folder="Desk")
    state.subscribe(ada.id, two, now=NOW)
    made = {n: _add(repository, (one, two, other)[n % 3], n) for n in range(1, 10)}
    ids = state.item_ids(made.values())
    item = {n: ids[a] for n, a in made.items()}
    # The folder holds 3, 6, 9 (source one); labelled: 2 (followed), 5 (not followed) and
    # 6 (in the folder already); bob's label is his alone.
    state.set_item_label(ada.id, [made[2], made[5], made[6]], "Desk", True, now=NOW)
    state.set_item_label(bob.id, [made[1]], "Desk", True, now=NOW)

    def stream(**kw: object) -> list[int]:
        return state.stream_item_ids(ada.id, **kw)  # type: ignore[arg-type]

    union = [item[n] for n in (9, 6, 5, 3, 2)]
    assert stream(source_ids=[one], label="Desk", limit=100) == union
    assert stream(source_ids=[], label="Desk", limit=100) == [item[n] for n in (6, 5, 2)]
    assert stream(source_ids=[one], limit=100) == [item[n] for n in (9, 6, 3)]
    assert stream(source_ids=[], label="Nothing", limit=100) == []
    # Keyset pages across both parts, newest and oldest first.
    first = stream(source_ids=[one], label="Desk", limit=2)
    second = stream(source_ids=[one], label="Desk", limit=2, after=first[-1])
    third = stream(source_ids=[one], label="Desk", limit=2, after=second[-1])
    assert first + second + third == union
    oldest = stream(source_ids=[one], label="Desk", limit=3, oldest_first=True)
    rest = stream(source_ids=[one], label="Desk", limit=3, oldest_first=True, after=oldest[-1])
    assert oldest + rest == union[::-1]
    # Read and starred filters apply to the labelled items too.
    state.set_read(ada.id, [made[5], made[9]], True, now=NOW)
    state.set_starred(ada.id, [made[2]], True, now=NOW)
    assert stream(source_ids=[one], label="Desk", read=False, limit=100) == [
        item[n] for n in (6, 3, 2)
    ]
    assert stream(source_ids=[one], label="Desk", read=True, limit=100) == [item[9], item[5]]
    assert stream(source_ids=[one], label="Desk", starred=True, limit=100) == [item[2]]
    found = NOW + timedelta(minutes=5)
    assert stream(source_ids=[one], label="Desk", older_than=found, limit=100) == [
        item[3],
        item[2],
    ]
    assert stream(source_ids=[one], label="Desk", newer_than=found, limit=100) == [
        item[9],
        item[6],
    ]
