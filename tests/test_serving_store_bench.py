"""The benchmark store builder (issue #19 point 5): what it writes reads back through the
store as the synthetic stream meant it, and SQLite and PostgreSQL get the same rows, the
latter with every index the migrations define."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from benchmarks.serving_store import PER_DAY, build_store
from benchmarks.synthetic_news import SyntheticArticle, synthetic_stream
from sqlalchemy import select, text

from tidings.config import Settings
from tidings.store import create_store_engine, migrate, open_repository
from tidings.store.schema import (
    article_keywords,
    article_tags,
    article_urls,
    articles,
    figures,
    related_articles,
    sources,
    stories,
)
from tidings.store.search import SearchQuery

COUNT = 300
NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)
_TABLES = (
    sources,
    articles,
    figures,
    article_keywords,
    article_tags,
    article_urls,
    related_articles,
    stories,
)


def _stream() -> list[SyntheticArticle]:
    start = NOW - timedelta(days=COUNT / PER_DAY)
    return list(synthetic_stream(COUNT, per_day=PER_DAY, seed=7, start=start))


def _id(n: int) -> str:
    return hashlib.md5(f"article-{n}".encode()).hexdigest()


def _built(tmp_path: Path, database_url: str | None) -> Settings:
    settings = Settings(data_dir=tmp_path, starter_sources=False, database_url=database_url)
    build_store(tmp_path, COUNT, database_url=database_url, now=NOW)
    return settings


def _url(request: pytest.FixtureRequest, kind: str) -> str | None:
    return str(request.getfixturevalue("postgres_url")) if kind == "postgresql" else None


@pytest.mark.parametrize("kind", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def test_the_built_store_reads_back_as_the_stream_meant(
    tmp_path: Path, request: pytest.FixtureRequest, kind: str
) -> None:
    settings = _built(tmp_path, _url(request, kind))
    items = _stream()
    repo = open_repository(settings)
    try:
        assert repo.articles.count_articles() == COUNT

        # An article: its words, outlet, body and author as generated.
        k = 40
        doc = items[k].doc
        article = repo.articles.get_article(_id(k))
        assert article.title == doc.title
        assert article.source_id == 1 + int(str(doc.outlet).split("-")[1]) % 50
        assert article.text is not None and article.text.startswith(doc.text)
        assert article.html is not None and article.html.startswith(f"<p>{doc.text}</p>")
        assert len(article.authors) == 1 and article.authors[0] in doc.text

        # The archive ends at NOW (a minute or so before it), at the stream's intake.
        with repo.engine.connect() as conn:
            dated = conn.execute(
                select(
                    articles.c.id,
                    articles.c.sort_time,
                    articles.c.published,
                    articles.c.discovered_at,
                    articles.c.updated_at,
                    articles.c.modified,
                )
            ).all()
            keyword_times = {
                article_id: when
                for article_id, when in conn.execute(
                    select(article_keywords.c.article_id, article_keywords.c.sort_time)
                )
            }
        for article_id, *when, modified in dated:
            assert when == [when[0]] * 3 + [when[0]] and keyword_times[article_id] == when[0]
            assert modified in (None, when[0] + timedelta(hours=2))
        times = [row.sort_time for row in dated]
        newest, oldest = max(times), min(times)
        assert NOW - timedelta(seconds=62) < newest <= NOW - timedelta(seconds=60)
        assert timedelta(days=0.5) < newest - oldest < timedelta(days=1.5)

        # A story: its original members (not the copies), its outlets and its headline.
        story = items[0].story
        members = [
            n for n, it in enumerate(items) if it.story == story and n % 97 != 96 and n % 23 != 22
        ]
        got = repo.stories.get_story(f"s{story:031d}")
        assert got.article_count == len(members)
        assert got.outlet_count == len({items[n].doc.outlet for n in members})
        assert got.title == min(str(items[n].doc.title) for n in members)

        # Found by a word of its body and its place, within its outlet.
        hits = repo.search.search(
            SearchQuery(text=f"{k} {article.keywords[0]}", source_id=article.source_id, limit=50)
        )
        assert _id(k) in [hit.article.id for hit in hits]

        # Reader-app item ids: one each, in discovery order.
        with repo.engine.connect() as conn:
            walked = conn.execute(
                select(articles.c.item_id, articles.c.discovered_at).order_by(articles.c.item_id)
            ).all()
        assert all(item_id is not None for item_id, _ in walked)
        assert len({item_id for item_id, _ in walked}) == COUNT
        assert [when for _, when in walked] == sorted(when for _, when in walked)
    finally:
        repo.engine.dispose()


def _rows(url: str) -> dict[str, list[tuple[Any, ...]]]:
    engine = create_store_engine(url)
    try:
        with engine.connect() as conn:
            return {
                table.name: sorted(
                    (tuple(row) for row in conn.execute(select(table))),
                    key=repr,
                )
                for table in _TABLES
            }
    finally:
        engine.dispose()


def _indexes(url: str) -> set[tuple[str, str]]:
    engine = create_store_engine(url)
    try:
        with engine.connect() as conn:
            return {
                (str(name), str(definition))
                for name, definition in conn.execute(
                    text("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'")
                )
            }
    finally:
        engine.dispose()


@pytest.mark.postgres
def test_both_databases_get_the_same_rows_and_postgres_every_index(
    tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    lite = _built(tmp_path / "sqlite", None)
    url = str(request.getfixturevalue("postgres_url"))
    _built(tmp_path / "postgresql", url)
    pg_url = Settings(database_url=url).sqlalchemy_url
    built, on_postgres = _rows(lite.sqlalchemy_url), _rows(pg_url)
    for table in _TABLES:
        assert len(built[table.name]) > 0
        assert built[table.name] == on_postgres[table.name], table.name

    # The indexes dropped for the load are all back, as the migrations define them.
    fresh = create_store_engine(pg_url.rsplit("/", 1)[0] + "/postgres")
    with fresh.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text('DROP DATABASE IF EXISTS "tidings_test_builder_fresh" WITH (FORCE)'))
        conn.execute(text('CREATE DATABASE "tidings_test_builder_fresh"'))
    fresh_url = pg_url.rsplit("/", 1)[0] + "/tidings_test_builder_fresh"
    try:
        migrated = create_store_engine(fresh_url)
        migrate(migrated)
        migrated.dispose()
        assert _indexes(pg_url) == _indexes(fresh_url)
    finally:
        with fresh.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text('DROP DATABASE IF EXISTS "tidings_test_builder_fresh" WITH (FORCE)'))
        fresh.dispose()
