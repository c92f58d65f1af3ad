"""The publisher's machine-translation statement, stored and read on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import text

from tidings.config import Settings
from tidings.ingest import article_id
from tidings.models import ExtractedArticle, FeedEntry
from tidings.store import (
    NewEntry,
    SqlRepository,
    create_store_engine,
    migrate,
    repository_for_engine,
)
from tidings.store.search import SearchQuery

NOW = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)
BODY = "The quay reopens on Monday.\n\nFerries return to the old timetable."
ORIGINAL = "https://port.example/nl/kade?taal=nl&x=1"


def _add(repo: SqlRepository, n: int) -> str:
    source = repo.sources.add_source("https://port.example/feed", now=NOW)
    url = f"https://port.example/en/quay-{n}"
    entry = FeedEntry(url=url, title=f"Quay {n}", published=NOW)
    repo.articles.add_entries(source.id, [NewEntry(article_id(url), url, entry, ())], now=NOW)
    return article_id(url)


def test_machine_translation_round_trips(repository: SqlRepository) -> None:
    aid = _add(repository, 1)
    assert not repository.articles.get_article(aid).machine_translated  # before extraction
    extracted = ExtractedArticle(
        title="Quay reopens",
        text=BODY,
        html="<p>The quay reopens on Monday.</p>",
        machine_translated=True,
        translated_from=ORIGINAL,
    )
    repository.articles.save_extraction(aid, extracted, now=NOW)
    stored = repository.articles.get_article(aid)
    assert stored.machine_translated is True
    assert stored.translated_from == ORIGINAL
    # Lists read the fields too (their rows leave out the HTML body).
    listed = {a.id: a for a in repository.articles.latest_articles(limit=5)}
    assert listed[aid].machine_translated and listed[aid].translated_from == ORIGINAL
    # Extracted again without the statement, the article is no longer marked.
    repository.articles.save_extraction(
        aid, ExtractedArticle("Quay reopens", BODY, "<p>x</p>"), now=NOW
    )
    again = repository.articles.get_article(aid)
    assert again.machine_translated is False and again.translated_from is None


@pytest.mark.parametrize("database", ["sqlite", "postgresql"])
def test_rows_stored_before_the_migration_read_as_not_translated(
    request: pytest.FixtureRequest, settings: Settings, database: str
) -> None:
    url = settings.sqlalchemy_url
    if database == "postgresql":
        url = request.getfixturevalue("postgres_url")
    engine = create_store_engine(url)
    try:
        migrate(engine, "0018")
        with engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO sources (feed_url, display_policy, enabled, created_at,"
                    " error_count, tags) VALUES ('https://port.example/feed', 'full', true,"
                    " :now, 0, '[]')"
                ),
                {"now": NOW},
            )
            conn.execute(
                text(
                    "INSERT INTO articles (id, source_id, url, title, authors, discovered_at,"
                    " updated_at, sort_time, keywords, state, attempts) VALUES (:id,"
                    " (SELECT id FROM sources), 'https://port.example/a', 'A', '[]', :now,"
                    " :now, :now, '[]', 'extracted', 1)"
                ),
                {"id": "a" * 32, "now": NOW},
            )
        migrate(engine)
        repo = repository_for_engine(engine)
        article = repo.articles.get_article("a" * 32)
        assert article.machine_translated is False and article.translated_from is None
        # The table was altered in place: search still follows its rows.
        repo.articles.save_extraction(
            "a" * 32, ExtractedArticle("Ferry quay", BODY, "<p>x</p>"), now=NOW
        )
        assert [hit.article.id for hit in repo.search.search(SearchQuery("timetable"))] == [
            "a" * 32
        ]
    finally:
        engine.dispose()
