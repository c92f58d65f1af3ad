"""The repository contract, run against SQLite and PostgreSQL alike."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from tidings.errors import NotFound, StoreError
from tidings.ingest import article_id
from tidings.models import (
    ArticleState,
    DisplayPolicy,
    ExtractedArticle,
    FeedEntry,
    Image,
    ParsedFeed,
)
from tidings.store import Cursor, NewEntry, SqlRepository
from tidings.store.schema import metadata
from tidings.store.search import is_search_object

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


def _entry(
    n: int, *, published: datetime | None = None, keywords: tuple[str, ...] = ()
) -> NewEntry:
    url = f"https://news.example/a/{n}"
    entry = FeedEntry(
        url=url,
        title=f"Headline {n}",
        summary=f"Summary {n}",
        published=published or NOW - timedelta(minutes=n),
        authors=("Ada Reporter",),
        categories=keywords,
        image=Image(url=f"https://news.example/img/{n}.jpg"),
    )
    return NewEntry(article_id=article_id(url), url=url, entry=entry, keywords=keywords)


def test_schema_matches_migrations(repository: SqlRepository) -> None:
    with repository.engine.connect() as conn:
        context = MigrationContext.configure(
            conn,
            opts={"include_object": lambda _o, name, type_, *_: not is_search_object(name, type_)},
        )
        diff = compare_metadata(context, metadata)
    assert diff == []


def test_add_source_is_idempotent(repository: SqlRepository) -> None:
    first = repository.sources.add_source("https://news.example/feed", now=NOW, title="News")
    again = repository.sources.add_source("https://news.example/feed", now=NOW + timedelta(hours=1))
    assert again.id == first.id
    assert again.title == "News"
    assert [s.feed_url for s in repository.sources.list_sources()] == ["https://news.example/feed"]


def test_display_policy(repository: SqlRepository) -> None:
    source = repository.sources.add_source(
        "https://a.example/feed", now=NOW, display_policy=DisplayPolicy.EXCERPT
    )
    assert source.display_policy is DisplayPolicy.EXCERPT
    repository.sources.set_display_policy(source.id, DisplayPolicy.FULL)
    assert repository.sources.get_source(source.id).display_policy is DisplayPolicy.FULL
    with pytest.raises(NotFound):
        repository.sources.set_display_policy(999, DisplayPolicy.FULL)


def test_due_sources_and_feed_outcomes(repository: SqlRepository) -> None:
    source = repository.sources.add_source("https://a.example/feed", now=NOW)
    assert [s.id for s in repository.sources.due_sources(NOW)] == [source.id]
    repository.sources.record_feed_failure(
        source.id, "HTTP 404", now=NOW, next_check_at=NOW + timedelta(hours=1)
    )
    failed = repository.sources.get_source(source.id)
    assert failed.last_error == "HTTP 404"
    assert failed.last_error_at == NOW
    assert failed.error_count == 1
    assert repository.sources.due_sources(NOW) == []
    assert [s.id for s in repository.sources.due_sources(NOW + timedelta(hours=2))] == [source.id]
    feed = ParsedFeed(
        title="A News", site_url="https://a.example/", format="rss", entries=(), language="en"
    )
    repository.sources.record_feed_success(
        source.id,
        feed,
        now=NOW,
        next_check_at=NOW + timedelta(minutes=15),
        etag='"v1"',
        last_modified=None,
    )
    ok = repository.sources.get_source(source.id)
    assert (ok.title, ok.site_url, ok.language, ok.etag) == (
        "A News",
        "https://a.example/",
        "en",
        '"v1"',
    )
    assert ok.last_error is None and ok.error_count == 0
    assert ok.next_check_at == NOW + timedelta(minutes=15)


def test_add_entries_never_duplicates(repository: SqlRepository) -> None:
    source = repository.sources.add_source("https://a.example/feed", now=NOW)
    entries = [_entry(1), _entry(2), _entry(2)]
    assert sorted(repository.articles.add_entries(source.id, entries, now=NOW)) == sorted(
        {e.article_id for e in entries}
    )
    assert repository.articles.add_entries(source.id, entries, now=NOW + timedelta(minutes=5)) == []
    other = repository.sources.add_source("https://b.example/feed", now=NOW)
    assert repository.articles.add_entries(other.id, [_entry(1)], now=NOW) == []
    assert repository.articles.count_articles() == 2
    assert repository.sources.list_sources()[0].article_count == 2


def test_article_lifecycle(repository: SqlRepository) -> None:
    source = repository.sources.add_source("https://a.example/feed", now=NOW)
    item = _entry(1, keywords=("Harbour",))
    repository.articles.add_entries(source.id, [item], now=NOW)
    pending = repository.articles.pending_articles(NOW, max_attempts=3, limit=10)
    assert [p.id for p in pending] == [item.article_id]
    stored = repository.articles.get_article(item.article_id)
    assert stored.state is ArticleState.DISCOVERED
    assert stored.lead_image == Image(url="https://news.example/img/1.jpg")

    repository.articles.record_article_failure(
        item.article_id, "HTTP 503", now=NOW, next_attempt_at=NOW + timedelta(minutes=20)
    )
    failed = repository.articles.get_article(item.article_id)
    assert failed.state is ArticleState.FAILED
    assert (failed.title, failed.summary, failed.error, failed.attempts) == (
        "Headline 1",
        "Summary 1",
        "HTTP 503",
        1,
    )
    assert repository.articles.pending_articles(NOW, max_attempts=3, limit=10) == []
    assert (
        len(
            repository.articles.pending_articles(
                NOW + timedelta(minutes=30), max_attempts=3, limit=10
            )
        )
        == 1
    )
    assert (
        repository.articles.pending_articles(NOW + timedelta(minutes=30), max_attempts=1, limit=10)
        == []
    )
    # A failure for good (404, 410, robots.txt) has no next attempt and is never due again.
    repository.articles.record_article_failure(
        item.article_id, "HTTP 404", now=NOW, next_attempt_at=None
    )
    later = NOW + timedelta(days=30)
    assert repository.articles.pending_articles(later, max_attempts=9, limit=10) == []
    repository.articles.record_article_failure(
        item.article_id, "HTTP 503", now=NOW, next_attempt_at=NOW + timedelta(minutes=20)
    )

    published = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
    extracted = ExtractedArticle(
        title="Full headline",
        text="First paragraph.\n\nSecond paragraph.",
        html="<p>First paragraph.</p><p>Second paragraph.</p>",
        authors=("Ada Reporter", "Bo Writer"),
        author_links=(("Bo Writer", "https://news.example/staff/bo"),),
        published=published,
        article_type="ReportageNewsArticle",
        section="World",
        keywords=("Bridge", "harbour"),
        language="en",
        lead_image=Image(
            url="https://news.example/img/lead.jpg", caption="The bridge", credit="Photo: A"
        ),
        figures=(
            Image(
                url="https://news.example/img/2.jpg",
                caption="Second",
                credit="Photo: B",
                width=800,
                height=533,
            ),
        ),
    )
    repository.articles.save_extraction(item.article_id, extracted, now=NOW)
    article = repository.articles.get_article(item.article_id)
    assert article.state is ArticleState.EXTRACTED
    assert article.title == "Full headline"
    assert article.summary == "Summary 1"  # the feed's summary is kept
    assert article.text == extracted.text and article.html == extracted.html
    assert article.published == published
    assert article.published.tzinfo is not None
    assert article.authors == ("Ada Reporter", "Bo Writer")
    assert article.author_links == (("Bo Writer", "https://news.example/staff/bo"),)
    assert article.lead_image == extracted.lead_image
    assert article.figures == extracted.figures
    assert article.keywords == ("Bridge", "harbour")  # case-insensitive duplicates merged
    assert article.error is None
    assert (
        repository.articles.pending_articles(NOW + timedelta(days=1), max_attempts=9, limit=10)
        == []
    )
    # Extracting again replaces, never duplicates, figures.
    repository.articles.save_extraction(item.article_id, extracted, now=NOW)
    assert repository.articles.get_article(item.article_id).figures == extracted.figures

    with pytest.raises(NotFound):
        repository.articles.get_article("0" * 32)
    with pytest.raises(NotFound):
        repository.articles.save_extraction("0" * 32, extracted, now=NOW)


def test_latest_articles_newest_first_with_cursor(repository: SqlRepository) -> None:
    source = repository.sources.add_source("https://a.example/feed", now=NOW)
    same_time = NOW - timedelta(hours=1)
    entries = [_entry(n) for n in range(1, 6)] + [
        _entry(n, published=same_time) for n in (10, 11, 12)
    ]
    # A date far in the future sorts by when we saw it, not where the publisher put it.
    entries.append(_entry(99, published=NOW + timedelta(days=300)))
    repository.articles.add_entries(source.id, entries, now=NOW)
    everything = repository.articles.latest_articles(limit=100)
    times = [a.sort_time for a in everything]
    assert times == sorted(times, reverse=True)
    assert everything[0].title == "Headline 99"
    pages: list[str] = []
    cursor = None
    while True:
        page = repository.articles.latest_articles(limit=3, before=cursor)
        if not page:
            break
        pages.extend(a.id for a in page)
        last = page[-1]
        assert last.sort_time is not None
        cursor = Cursor(sort_time=last.sort_time, article_id=last.id)
    assert pages == [a.id for a in everything]
    assert len(set(pages)) == len(entries)
    assert len(repository.articles.latest_articles(limit=100, source_id=source.id + 1)) == 0


def test_related_by_keywords(repository: SqlRepository) -> None:
    a = repository.sources.add_source("https://a.example/feed", now=NOW)
    b = repository.sources.add_source("https://b.example/feed", now=NOW)
    mine = _entry(1, keywords=("Harbour Bridge", "Storm"))
    same_outlet = _entry(2, keywords=("Harbour Bridge",))
    repository.articles.add_entries(a.id, [mine, same_outlet], now=NOW)
    both = _entry(3, keywords=("harbour  bridge", "STORM"))
    one = _entry(4, keywords=("Storm",))
    unrelated = _entry(5, keywords=("Election",))
    old = _entry(6, keywords=("Storm",), published=NOW - timedelta(days=40))
    repository.articles.add_entries(b.id, [both, one, unrelated], now=NOW)
    repository.articles.add_entries(b.id, [old], now=NOW - timedelta(days=40))
    article = repository.articles.get_article(mine.article_id)
    related = repository.articles.related_by_keywords(article, limit=5, now=NOW)
    assert [r.id for r in related] == [both.article_id, one.article_id]
    assert repository.articles.related_by_keywords(article, limit=0, now=NOW) == []


def test_source_health_fields(repository: SqlRepository) -> None:
    source = repository.sources.add_source(
        "https://a.example/feed", now=NOW, tags=("World", "Daily")
    )
    assert source.tags == ("World", "Daily") and source.status == "waiting"
    feed = ParsedFeed(title="A", site_url=None, format="rss", entries=(), version="rss20")
    repository.sources.record_feed_success(
        source.id,
        feed,
        now=NOW,
        next_check_at=NOW + timedelta(minutes=40),
        etag=None,
        last_modified=None,
        interval_minutes=40.0,
    )
    ok = repository.sources.get_source(source.id)
    assert (ok.feed_format, ok.poll_interval_minutes, ok.status) == ("rss20", 40.0, "ok")
    repository.articles.add_entries(source.id, [_entry(1), _entry(2)], now=NOW - timedelta(days=2))
    repository.articles.add_entries(source.id, [_entry(3)], now=NOW - timedelta(days=20))
    (listed,) = repository.sources.list_sources(now=NOW)
    assert listed.article_count == 3 and listed.articles_per_day == pytest.approx(2 / 7)

    repository.sources.record_feed_failure(
        source.id, "HTTP 410", now=NOW, next_check_at=NOW, disable_reason="gone for good"
    )
    disabled = repository.sources.get_source(source.id)
    assert disabled.status == "disabled" and disabled.disabled_reason == "gone for good"
    assert repository.sources.due_sources(NOW + timedelta(days=1)) == []
    repository.sources.set_source_enabled(source.id, True, now=NOW)
    enabled = repository.sources.get_source(source.id)
    assert enabled.enabled and enabled.disabled_reason is None and enabled.error_count == 0

    repository.sources.set_source_tags(source.id, ["Tech"])
    assert repository.sources.get_source(source.id).tags == ("Tech",)
    repository.sources.set_websub(
        source.id,
        hub="https://hub.example/",
        topic="https://a.example/feed",
        secret="s" * 40,
        state="verified",
        lease_until=NOW + timedelta(days=10),
    )
    sub = repository.sources.get_source(source.id)
    assert (sub.websub_state, sub.websub_lease_until) == ("verified", NOW + timedelta(days=10))


def test_feed_url_moves(repository: SqlRepository) -> None:
    a = repository.sources.add_source("https://a.example/old", now=NOW)
    b = repository.sources.add_source("https://b.example/feed", now=NOW)
    repository.sources.update_feed_url(a.id, "https://a.example/new")
    assert repository.sources.get_source(a.id).feed_url == "https://a.example/new"
    assert repository.sources.find_source("https://a.example/new") is not None
    assert repository.sources.find_source("https://a.example/old") is None
    with pytest.raises(StoreError, match="already followed"):
        repository.sources.update_feed_url(a.id, b.feed_url)


def test_one_article_under_many_urls(repository: SqlRepository) -> None:
    source = repository.sources.add_source("https://a.example/feed", now=NOW)
    first, second = _entry(1), _entry(2)
    repository.articles.add_entries(source.id, [first, second], now=NOW)
    canonical = article_id("https://news.example/canonical/1")
    assert repository.articles.claim_urls(first.article_id, [first.article_id, canonical]) is None
    assert repository.articles.claim_urls(first.article_id, [canonical]) is None  # twice is fine
    assert repository.articles.claim_urls(second.article_id, [second.article_id, canonical]) == (
        first.article_id
    )
    repository.articles.merge_article_into(second.article_id, first.article_id)
    assert repository.articles.count_articles() == 1
    assert repository.articles.resolve_article_id(second.article_id) == first.article_id
    assert repository.articles.resolve_article_id(canonical) == first.article_id
    # A feed announcing any known URL again adds nothing.
    again = NewEntry(
        article_id=canonical, url="https://news.example/canonical/1", entry=first.entry
    )
    assert repository.articles.add_entries(source.id, [again, second], now=NOW) == []
    assert repository.articles.count_articles() == 1


def test_copies_are_kept_out_of_lists(repository: SqlRepository) -> None:
    a = repository.sources.add_source("https://a.example/feed", now=NOW)
    b = repository.sources.add_source("https://b.example/feed", now=NOW)
    original, copy = _entry(1, keywords=("Wire",)), _entry(2, keywords=("Wire",))
    repository.articles.add_entries(a.id, [original], now=NOW)
    repository.articles.add_entries(b.id, [copy], now=NOW)
    body = ExtractedArticle(title="Wire story", text="Same words.", html="<p>Same words.</p>")
    repository.articles.save_extraction(
        original.article_id, body, now=NOW, content_hash="h" * 32, fingerprint=b"\x01\x02"
    )
    repository.articles.save_extraction(
        copy.article_id,
        body,
        now=NOW,
        content_hash="h" * 32,
        fingerprint=b"\x01\x02",
        duplicate_of=original.article_id,
    )
    assert repository.articles.get_article(copy.article_id).duplicate_of == original.article_id
    assert [x.id for x in repository.articles.latest_articles(limit=10)] == [original.article_id]
    assert len(repository.articles.latest_articles(limit=10, include_copies=True)) == 2
    (listed,) = repository.articles.copies_of(original.article_id)
    assert listed.id == copy.article_id and listed.title == body.title
    assert listed.html is None  # a card: the body is not read
    assert repository.articles.recent_fingerprints(NOW - timedelta(days=1)) == [
        (original.article_id, "h" * 32, b"\x01\x02")
    ]
    third = _entry(3, keywords=("Wire",))
    repository.articles.add_entries(b.id, [third], now=NOW)
    assert copy.article_id not in {
        x.id
        for x in repository.articles.related_by_keywords(
            repository.articles.get_article(third.article_id), limit=5, now=NOW
        )
    }
