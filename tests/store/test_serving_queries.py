"""The article page's queries after the serving work of issue #6 (on SQLite and PostgreSQL):
keyword neighbours read from recent postings give what the whole-history join gave, the
sources and story outlets a page names, and copies kept out of the "latest" index."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from tidings.ingest import article_id
from tidings.models import Article, ExtractedArticle, FeedEntry
from tidings.store import NewEntry, SqlRepository
from tidings.store.schema import article_keywords, articles

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
POOL = ("Harbour", "Storm", "Council", "Budget", "Rail", "Schools", "Energy")


def _entry(n: int, published: datetime, keywords: tuple[str, ...]) -> NewEntry:
    url = f"https://news.example/a/{n}"
    entry = FeedEntry(url=url, title=f"Headline {n}", published=published, categories=keywords)
    return NewEntry(article_id=article_id(url), url=url, entry=entry, keywords=keywords)


def _whole_history(repo: SqlRepository, article: Article, limit: int) -> list[str]:
    """The query the article page used before: every posting of each keyword, joined."""
    mine = article_keywords.alias("mine")
    theirs = article_keywords.alias("theirs")
    shared = func.count().label("shared")
    stmt = (
        select(articles.c.id, shared)
        .select_from(mine)
        .join(theirs, theirs.c.keyword == mine.c.keyword)
        .join(articles, articles.c.id == theirs.c.article_id)
        .where(mine.c.article_id == article.id)
        .where(articles.c.source_id != article.source_id)
        .where(articles.c.duplicate_of.is_(None))
        .where(articles.c.id != article.id)
        .where(articles.c.sort_time >= NOW - timedelta(days=14))
        .group_by(articles.c.id, articles.c.sort_time)
        .order_by(shared.desc(), articles.c.sort_time.desc(), articles.c.id.desc())
        .limit(limit)
    )
    with repo.engine.connect() as conn:
        return [row.id for row in conn.execute(stmt)]


def _archive(repo: SqlRepository) -> list[str]:
    """60 articles from four outlets over 30 days, with overlapping keywords and copies."""
    outlets = [repo.sources.add_source(f"https://o{n}.example/feed", now=NOW).id for n in range(4)]
    ids = []
    for n in range(60):
        published = NOW - timedelta(hours=12 * n + n % 5)
        keywords = tuple(POOL[(n * k) % len(POOL)] for k in (1, 2, 3)[: 1 + n % 3])
        entry = _entry(n, published, keywords)
        repo.articles.add_entries(outlets[n % 4], [entry], now=published)
        ids.append(entry.article_id)
    for n in range(0, 60, 9):  # some copies: kept out of the fill
        body = ExtractedArticle(title=None, text="Copy.", html="<p>Copy.</p>")
        repo.articles.save_extraction(ids[n + 1], body, now=NOW, duplicate_of=ids[n])
    return ids


def test_keyword_fill_matches_the_whole_history_join(repository: SqlRepository) -> None:
    ids = _archive(repository)
    for article_id_ in ids:
        article = repository.articles.get_article(article_id_)
        for limit in (1, 4, 12):
            found = repository.articles.related_by_keywords(article, limit=limit, now=NOW)
            assert [a.id for a in found] == _whole_history(repository, article, limit)


def test_keyword_postings_follow_the_articles_time(repository: SqlRepository) -> None:
    a = repository.sources.add_source("https://a.example/feed", now=NOW)
    b = repository.sources.add_source("https://b.example/feed", now=NOW)
    mine = _entry(1, NOW, ("Storm",))
    theirs = _entry(2, NOW - timedelta(hours=1), ("Storm",))
    repository.articles.add_entries(a.id, [mine], now=NOW)
    repository.articles.add_entries(b.id, [theirs], now=NOW)
    article = repository.articles.get_article(mine.article_id)
    assert [x.id for x in repository.articles.related_by_keywords(article, limit=5, now=NOW)] == [
        theirs.article_id
    ]
    # The page states an older date than the feed did: the article leaves the window.
    old = ExtractedArticle(
        title=None,
        text="Text.",
        html="<p>Text.</p>",
        published=NOW - timedelta(days=20),
        keywords=("Storm",),
    )
    repository.articles.save_extraction(theirs.article_id, old, now=NOW)
    assert repository.articles.related_by_keywords(article, limit=5, now=NOW) == []


def test_sources_by_ids(repository: SqlRepository) -> None:
    first = repository.sources.add_source("https://a.example/feed", now=NOW, title="A")
    second = repository.sources.add_source("https://b.example/feed", now=NOW, title="B")
    found = repository.sources.sources_by_ids([second.id, first.id, second.id, 999])
    assert sorted(found) == [first.id, second.id]
    assert found[second.id] == repository.sources.list_sources(with_counts=False)[1]
    assert repository.sources.sources_by_ids([]) == {}


def test_latest_originals_walk_the_time_index(repository: SqlRepository) -> None:
    if repository.engine.dialect.name != "sqlite":
        return  # PostgreSQL plans from statistics
    _archive(repository)
    stmt = (
        select(articles.c.id)
        .where(articles.c.duplicate_of.is_(None))
        .order_by(articles.c.sort_time.desc(), articles.c.id.desc())
        .limit(31)
    )
    with repository.engine.connect() as conn:
        sql = str(stmt.compile(conn, compile_kwargs={"literal_binds": True}))
        plan = " ".join(str(row[-1]) for row in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}"))
    assert "ix_articles_sort_time" in plan and "TEMP B-TREE" not in plan
