"""Keyset pages of lists and search results, and filters for articles found by meaning,
on SQLite and PostgreSQL alike."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tidings.ingest import article_id
from tidings.models import ExtractedArticle, FeedEntry
from tidings.store import Cursor, NewEntry, SqlRepository, postgres_flavour, sqlite_flavour
from tidings.store.search import RankCursor, SearchQuery

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


def _add(
    repo: SqlRepository,
    source_id: int,
    n: int,
    text: str,
    *,
    language: str | None = None,
    copy_of: str | None = None,
) -> str:
    url = f"https://news{source_id}.example/a/{n}"
    published = NOW - timedelta(minutes=n)
    entry = FeedEntry(url=url, title=f"Headline {n}", published=published)
    aid = article_id(url)
    repo.articles.add_entries(source_id, [NewEntry(aid, url, entry)], now=NOW)
    body = ExtractedArticle(
        title=f"Headline {n}",
        text=text,
        html=f"<p>{text}</p>",
        published=published,
        language=language,
    )
    repo.articles.save_extraction(aid, body, now=NOW, duplicate_of=copy_of)
    return aid


def _bridge_texts(repo: SqlRepository, source_id: int) -> list[str]:
    # Some bodies say "bridge" more often (ranks differ), some exactly alike (ranks tie).
    return [
        _add(repo, source_id, n, "the bridge " * (1 + n % 3) + f"story number {n}")
        for n in range(1, 12)
    ]


def test_search_pages_by_rank_cursor_both_ways(repository: SqlRepository) -> None:
    source = repository.sources.add_source("https://news1.example/feed", now=NOW)
    ids = _bridge_texts(repository, source.id)
    everything = repository.search.search(SearchQuery("bridge", limit=100))
    assert sorted(h.article.id for h in everything) == sorted(ids)
    ranks = [h.rank for h in everything]
    assert ranks == sorted(ranks, reverse=True)
    pages, cursor = [], None
    while True:
        page = repository.search.search(SearchQuery("bridge", limit=4, after=cursor))
        if not page:
            break
        pages.append([h.article.id for h in page])
        cursor = page[-1].cursor
    assert [i for p in pages for i in p] == [h.article.id for h in everything]
    assert [len(p) for p in pages] == [4, 4, 3]
    # Back from the last page: the page before it, in the same order.
    first_of_last = repository.search.search(
        SearchQuery("bridge", limit=4, after=everything[7].cursor)
    )
    assert first_of_last[0].cursor is not None
    back = repository.search.search(SearchQuery("bridge", limit=4, before=first_of_last[0].cursor))
    assert [h.article.id for h in back] == pages[1]
    # A cursor survives its token.
    token_cursor = RankCursor.from_token(everything[3].cursor.token())  # type: ignore[union-attr]
    assert token_cursor == everything[3].cursor
    assert RankCursor.from_token("nonsense") is None and RankCursor.from_token(None) is None


def test_a_search_newest_first(repository: SqlRepository) -> None:
    source = repository.sources.add_source("https://news1.example/feed", now=NOW)
    ids = _bridge_texts(repository, source.id)
    newest = repository.search.search(SearchQuery("bridge", limit=5).newest())
    assert [h.article.id for h in newest] == ids[:5]  # n minutes ago: smaller n is newer


def test_latest_articles_after_a_cursor_is_the_newer_page(repository: SqlRepository) -> None:
    source = repository.sources.add_source("https://news1.example/feed", now=NOW)
    _bridge_texts(repository, source.id)
    everything = repository.articles.latest_articles(limit=100)
    at = everything[6]
    assert at.sort_time is not None
    newer = repository.articles.latest_articles(limit=3, after=Cursor(at.sort_time, at.id))
    assert [a.id for a in newer] == [a.id for a in everything[3:6]]
    top = everything[0]
    assert top.sort_time is not None
    assert repository.articles.latest_articles(limit=3, after=Cursor(top.sort_time, top.id)) == []


def test_search_near_keeps_the_filters_and_leaves_out_copies(
    repository: SqlRepository,
) -> None:
    one = repository.sources.add_source("https://news1.example/feed", now=NOW)
    two = repository.sources.add_source("https://news2.example/feed", now=NOW)
    english = _add(repository, one.id, 1, "A ferry crossing", language="en")
    german = _add(repository, two.id, 2, "Eine Fähre", language="de")
    shown = _add(repository, one.id, 3, "A bridge", language="en")
    copy = _add(repository, two.id, 4, "A ferry crossing", language="en", copy_of=english)
    near = [(english[:16], 0.8), (german, 0.9), (shown[:16], 0.7), (copy[:16], 0.95)]
    near.append(("not hex!", 0.99))
    hits = repository.search.search_near(SearchQuery("ferry", limit=10), near, exclude={shown})
    assert [(h.article.id, h.rank) for h in hits] == [(german, 0.9), (english, 0.8)]
    filtered = SearchQuery("ferry", limit=10, source_id=one.id)
    assert [h.article.id for h in repository.search.search_near(filtered, near)] == [english, shown]
    german_only = SearchQuery("ferry", language="de")
    assert [h.article.id for h in repository.search.search_near(german_only, near)] == [german]
    assert (
        repository.search.search_near(SearchQuery("ferry", limit=1), near)[0].article.id == german
    )
    assert repository.search.search_near(SearchQuery("ferry"), []) == []


def test_search_near_spells_few_statements_however_many_prefixes(
    repository: SqlRepository,
) -> None:
    """Each spelling of a statement is compiled and kept by the engine: one per count of
    prefixes made a server's memory climb with every new count searched (#15's soak)."""
    source = repository.sources.add_source("https://news1.example/feed", now=NOW)
    found = _add(repository, source.id, 1, "A ferry crossing", language="en")
    kept = repository.engine._compiled_cache
    assert kept is not None
    repository.search.search_near(SearchQuery("ferry"), [(found[:16], 0.9)])
    before = len(kept)
    for count in range(1, 101):
        near = [(f"{n:016x}", 0.5) for n in range(1, count)] + [(found[:16], 0.9)]
        hits = repository.search.search_near(SearchQuery("ferry"), near)
        assert [h.article.id for h in hits] == [found]
    assert len(kept) - before <= 7  # 2, 4, ... 128 ranges: was one per count, 99


def test_relevance_is_ranked_among_the_newest_matches_and_dates_reach_older_ones(
    repository: SqlRepository, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Ranking every match of a common word cost seconds at a million articles (issue #19).
    for flavour in (sqlite_flavour, postgres_flavour):
        monkeypatch.setattr(flavour, "RANK_WINDOW", 3)
    source = repository.sources.add_source("https://news1.example/feed", now=NOW)
    # Five articles arrive oldest first; the oldest says "harbour" most, so ranks best.
    ids = [
        _add(repository, source.id, 10 - n, "the harbour " * (5 - n) + f"report {n}")
        for n in range(5)
    ]
    found = repository.search.search(SearchQuery("harbour", limit=10))
    assert sorted(h.article.id for h in found) == sorted(ids[2:])  # the newest three
    assert found[0].article.id == ids[2]  # best ranked among them
    newest_first = repository.search.search(SearchQuery("harbour", limit=10, newest_first=True))
    assert [h.article.id for h in newest_first] == ids[2:][::-1]
    older = repository.search.search(
        SearchQuery("harbour", limit=10, until=NOW - timedelta(minutes=8, seconds=30))
    )
    assert [h.article.id for h in older] == [ids[0], ids[1]]


def test_a_date_filter_finds_its_articles_whatever_order_they_arrived_in(
    repository: SqlRepository,
) -> None:
    # SQLite bounds its walk of the index by arrival (rowid) from the date: articles that
    # arrive newest first, and one recent article arriving last, must all still be found.
    source = repository.sources.add_source("https://news1.example/feed", now=NOW)
    ids = [_add(repository, source.id, n, f"the quay works, part {n}") for n in range(1, 9)]
    late = _add(repository, source.id, 0, "the quay works, the latest part")
    found = repository.search.search(
        SearchQuery("quay works", limit=20, since=NOW - timedelta(minutes=4, seconds=30))
    )
    assert sorted(h.article.id for h in found) == sorted([late, *ids[:4]])
    none = repository.search.search(SearchQuery("quay", limit=20, since=NOW + timedelta(days=1)))
    assert none == []


def test_snippets_mark_the_words_a_last_word_begins(repository: SqlRepository) -> None:
    source = repository.sources.add_source("https://news1.example/feed", now=NOW)
    _add(repository, source.id, 1, "Floodwater reached the valley. The valley floods often.")
    _add(repository, source.id, 2, "A quiet valley, floodlit at night.")
    found = repository.search.search(SearchQuery("valley flood", limit=10))
    marked = " | ".join(str(h.snippet) for h in found)
    assert len(found) == 2
    for word in ("Floodwater", "floods", "floodlit", "valley"):
        assert f"<mark>{word}</mark>" in marked, marked


def test_sqlite_snippets_look_up_the_page_s_articles_and_not_every_match() -> None:
    # Matched from the index's side, a common word walked every article holding it (1.5 s
    # at a million articles); the page's few articles lead now, and no prefix is merged.
    stmt, params = sqlite_flavour.SqliteFlavour().snippet_statement(
        ["valley", "flood"], ["Floodwater in the VALLEY", "the floods; Flood-lit"]
    )
    assert "FROM articles a CROSS JOIN article_search" in str(stmt)
    assert params["match"] == '"valley" AND ("flood" OR "floods" OR "floodwater")'
    _, parted = sqlite_flavour.SqliteFlavour().snippet_statement(
        ["flood"], ["river_flood_plain, floodgates"]
    )
    assert parted["match"] == '("flood" OR "floodgates")'
    short, _ = sqlite_flavour.SqliteFlavour().snippet_statement(["valley", "of"], ["x"])
    assert _ == {"match": '"valley" "of"'}
    assert str(short) == str(stmt)
