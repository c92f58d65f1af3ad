"""The sitemap queries on SQLite and PostgreSQL alike: originals only, by list time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tidings.ingest import article_id
from tidings.models import ExtractedArticle, FeedEntry, NewEntry
from tidings.store import SqlRepository

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


def _add(repository: SqlRepository, source_id: int, n: int, hours_ago: int) -> str:
    url = f"https://news.example/a/{n}"
    entry = FeedEntry(url=url, title=f"Headline {n}", published=NOW - timedelta(hours=hours_ago))
    repository.articles.add_entries(source_id, [NewEntry(article_id(url), url, entry)], now=NOW)
    return article_id(url)


def test_sitemap_queries_list_originals_by_time(repository: SqlRepository) -> None:
    source = repository.sources.add_source("https://news.example/feed", now=NOW)
    old = _add(repository, source.id, 1, hours_ago=30 * 24)
    new = _add(repository, source.id, 2, hours_ago=2)
    copy = _add(repository, source.id, 3, hours_ago=1)
    repository.articles.save_extraction(
        copy,
        ExtractedArticle(title="Headline 3", text="Copy.", html="<p>Copy.</p>"),
        now=NOW,
        duplicate_of=new,
    )
    span = repository.articles.article_time_span()
    assert span is not None
    assert span[0] == NOW - timedelta(days=30) and span[1] == NOW - timedelta(hours=2)
    start, end = NOW - timedelta(days=1), NOW
    count, latest = repository.articles.sitemap_summary(start, end)
    assert count == 1 and latest == NOW - timedelta(hours=2)
    entries = repository.articles.sitemap_entries(start, end, offset=0, limit=10)
    assert [e.id for e in entries] == [new]
    assert entries[0].lastmod == NOW - timedelta(hours=2)
    every = repository.articles.sitemap_entries(
        NOW - timedelta(days=60), end, offset=0, limit=10, newest_first=True
    )
    assert [e.id for e in every] == [new, old]
