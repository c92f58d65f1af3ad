"""``SqlReaderState.entries`` (the ``/v1`` lists, issue #18) on SQLite and PostgreSQL:
read, unread and starred through the marks' primary keys agree with the reader's state
under "read before" lines and kept-unread marks, ``total`` counts past the page, and on
SQLite the page and its count read only the covering index, never an article row."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import event

from tidings.accounts.reader_state import EntryFilter
from tidings.ingest import article_id
from tidings.models import FeedEntry
from tidings.store import NewEntry, SqlReaderState, SqlRepository

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


def _add(repo: SqlRepository, source_id: int, n: int, minutes: int) -> str:
    url = f"https://wharf{source_id}.example/story/{n}"
    entry = FeedEntry(url=url, title=f"Quay report {n}", published=NOW + timedelta(minutes=n))
    new = NewEntry(article_id=article_id(url), url=url, entry=entry)
    assert repo.articles.add_entries(source_id, [new], now=NOW + timedelta(minutes=minutes)) == [
        new.article_id
    ]
    return new.article_id


def _wharves(repo: SqlRepository, count: int) -> list[int]:
    return [
        repo.sources.add_source(f"https://wharf{n}.example/feed", now=NOW, title=f"W{n}").id
        for n in range(1, count + 1)
    ]


def _ids(state: SqlReaderState, user_id: int, query: EntryFilter) -> tuple[list[str], int]:
    items, total = state.entries(user_id, query)
    return [i.article.id for i in items], total


def test_read_unread_and_starred_lists_follow_lines_and_marks(repository: SqlRepository) -> None:
    state = SqlReaderState(repository.engine)
    one = repository.sources.add_source("https://wharf1.example/feed", now=NOW, title="Wharf").id
    two = repository.sources.add_source("https://wharf2.example/feed", now=NOW, title="Dock").id
    other = repository.sources.add_source("https://wharf3.example/feed", now=NOW, title="Pier").id
    ada = repository.accounts.create_user("ada", "hash", now=NOW)
    # Published (list) time n minutes past NOW; found at ``minutes``.
    a = [_add(repository, one, n, n) for n in range(1, 6)]
    b = [_add(repository, two, n, 10 + n) for n in range(6, 9)]
    _add(repository, other, 9, 20)  # not followed: never listed
    state.subscribe(ada.id, one, now=NOW)
    state.subscribe(ada.id, two, now=NOW)

    # Source one read up to what was found before minute 4 (a[0:3]), a[1] kept unread;
    # b[0] marked read, b[1] starred.
    state.mark_read_before(ada.id, NOW + timedelta(minutes=4), source_ids=[one])
    state.set_read(ada.id, [a[1]], False, now=NOW)
    state.set_read(ada.id, [b[0]], True, now=NOW)
    state.set_starred(ada.id, [b[1]], True, now=NOW)

    everything = a + b
    assert _ids(state, ada.id, EntryFilter()) == (everything, 8)
    read = [a[0], a[2], b[0]]
    assert _ids(state, ada.id, EntryFilter(read=True)) == (read, 3)
    unread = [x for x in everything if x not in read]
    assert _ids(state, ada.id, EntryFilter(read=False)) == (unread, 5)
    assert _ids(state, ada.id, EntryFilter(read=False, descending=True, limit=2)) == (
        unread[::-1][:2],
        5,
    )
    assert _ids(state, ada.id, EntryFilter(read=False, limit=2, offset=2)) == (unread[2:4], 5)
    assert _ids(state, ada.id, EntryFilter(starred=True)) == ([b[1]], 1)
    assert _ids(state, ada.id, EntryFilter(starred=False, read=False)) == (
        [x for x in unread if x != b[1]],
        4,
    )
    # Unread first, as Miniflux's status order; the item id breaks ties.
    by_status, _ = _ids(state, ada.id, EntryFilter(order="status"))
    assert by_status == unread + read
    items, _ = state.entries(ada.id, EntryFilter(source_ids=[one]))
    assert [(i.article.id, i.read) for i in items] == [
        (a[0], True),
        (a[1], False),
        (a[2], True),
        (a[3], False),
        (a[4], False),
    ]


def test_the_page_and_its_count_read_only_the_covering_index(
    sqlite_repository: SqlRepository,
) -> None:
    repo = sqlite_repository
    state = SqlReaderState(repo.engine)
    sources = _wharves(repo, 3)
    ada = repo.accounts.create_user("ada", "hash", now=NOW)
    made = [_add(repo, sources[n % 3], n, n) for n in range(30)]
    for source in sources:
        state.subscribe(ada.id, source, now=NOW)
    state.mark_read_before(ada.id, NOW + timedelta(minutes=5), source_ids=[sources[0]])
    state.set_read(ada.id, made[10:20], True, now=NOW)
    state.set_starred(ada.id, made[::7], True, now=NOW)

    seen: list[tuple[str, Any]] = []

    def note(conn: Any, cursor: Any, statement: str, params: Any, *_: Any) -> None:
        if statement.lstrip().startswith(("SELECT count(*)", "SELECT articles.id \nFROM")):
            seen.append((statement, params))

    event.listen(repo.engine, "before_cursor_execute", note)
    try:
        for query in (
            EntryFilter(),
            EntryFilter(read=False, descending=True),
            EntryFilter(read=True, starred=False),
            EntryFilter(source_ids=sources[:2], after=NOW),
        ):
            state.entries(ada.id, query)
    finally:
        event.remove(repo.engine, "before_cursor_execute", note)
    # A count and a page for each list; a read or unread list also counts its rows in
    # all and (up to a quarter of them) the reader's marks, to choose how to count.
    assert len(seen) == 12
    with repo.engine.connect() as conn:
        for statement, params in seen:
            plan = [r[3] for r in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, params)]
            if "FROM (SELECT article_reads.article_id" in statement:
                marks = "SEARCH article_reads USING COVERING INDEX sqlite_autoindex_article_reads_1"
                assert not any(" articles " in f" {step} " for step in plan), plan
                assert any(step.startswith(marks) for step in plan), plan
                continue
            on_articles = [step for step in plan if " articles " in f" {step} "]
            assert on_articles, plan
            # Every step on ``articles`` is a covering-index search: no article row is read.
            assert all("COVERING INDEX" in step for step in on_articles), plan


def test_read_and_unread_totals_agree_however_they_are_counted(
    repository: SqlRepository,
) -> None:
    """Few marks beside many rows: the totals come from the marks' side (rows in all,
    below the lines, marks joined to their articles). Many marks: from a probe per row.
    Both must give the count of the list itself, under lines, kept-unread marks, marks on
    sources the reader does not follow and every other filter."""
    repo = repository
    state = SqlReaderState(repo.engine)
    sources = _wharves(repo, 4)
    ada = repo.accounts.create_user("ada", "hash", now=NOW)
    made = [_add(repo, sources[n % 4], n, n) for n in range(80)]
    for source in sources[:3]:
        state.subscribe(ada.id, source, now=NOW)
    queries = [
        EntryFilter(read=read, limit=1000, **more)
        for read in (True, False)
        for more in (
            {},
            {"starred": True},
            {"starred": False},
            {"source_ids": sources[:1]},
            {"after": NOW + timedelta(minutes=30)},
            {"before_item_id": 2**62},
        )
    ]

    def check() -> None:
        for query in queries:
            items, total = state.entries(ada.id, query)
            assert total == len(items), query
            assert all(i.read is query.read for i in items), query

    # Few marks: 3 read (one on the unfollowed source), 1 kept unread below a line.
    state.mark_read_before(ada.id, NOW + timedelta(minutes=20), source_ids=sources[:1])
    state.set_read(ada.id, [made[1], made[2], made[3]], True, now=NOW)
    state.set_read(ada.id, [made[4]], False, now=NOW)
    state.set_starred(ada.id, made[::5], True, now=NOW)
    check()
    read_total = state.entries(ada.id, EntryFilter(read=True, limit=0))[1]
    # Below the line in source 1 (found at minutes 0, 4, 8, 12, 16), less the kept-unread
    # made[4], plus made[1..3] (made[3] is on the unfollowed source 4: not listed).
    assert read_total == 4 + 2
    # Many marks: every other article marked one way or the other.
    for n, article in enumerate(made[::2]):
        state.set_read(ada.id, [article], n % 3 != 0, now=NOW)
    check()
