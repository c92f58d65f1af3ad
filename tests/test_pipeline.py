"""Ingest end to end over real HTTP: good and broken sources side by side."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from tests.conftest import DATA
from tests.localserver import LocalServer, Reply
from tidings.config import Settings
from tidings.ingest import article_id, build_client
from tidings.models import ArticleState
from tidings.pipeline import Ingestor, IngestReport
from tidings.store import SqlRepository

SITE = DATA / "site"


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 16, 12, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


def _serve_site(server: LocalServer) -> None:
    def page(name: str) -> bytes:
        return (SITE / name).read_text(encoding="utf-8").replace("{base}", server.base).encode()

    server.routes.update(
        {
            "/feed.xml": Reply(page("feed.xml"), headers={"Content-Type": "application/rss+xml"}),
            "/news/tram-line.html": Reply(
                page("tram-line.html"), headers={"Content-Type": "text/html; charset=utf-8"}
            ),
            "/news/bakery.html": Reply(b"upstream trouble", status=503),
            "/missing.xml": Reply(b"nope", status=404),
            "/homepage.xml": Reply(
                b"<!doctype html><html><body><p>Welcome</p></body></html>",
                headers={"Content-Type": "text/html"},
            ),
            "/broken.xml": Reply(b"<?xml version='1.0'?><rss><channel><title>x</ti"),
            "/slow.xml": Reply(b"<rss/>", delay=1.5),
        }
    )


def _ingest(repo: SqlRepository, settings: Settings, clock: Clock, **kwargs: bool) -> IngestReport:
    async def go() -> IngestReport:
        async with build_client(settings) as client:
            return await Ingestor(repo, client, settings, clock=clock).run_once(**kwargs)

    return asyncio.run(go())


def test_broken_sources_fail_alone_and_nothing_is_lost(
    sqlite_repository: SqlRepository, settings: Settings, local_server: LocalServer
) -> None:
    _serve_site(local_server)
    settings = settings.model_copy(update={"fetch_timeout": 0.8})
    clock = Clock()
    repo = sqlite_repository
    for path in ("/feed.xml", "/missing.xml", "/homepage.xml", "/broken.xml", "/slow.xml"):
        repo.add_source(local_server.url(path), now=clock.now)

    report = _ingest(repo, settings, clock)
    assert (report.sources_checked, report.sources_failed) == (5, 4)
    assert (report.new_articles, report.articles_extracted, report.articles_failed) == (2, 1, 1)

    errors = {s.feed_url.rsplit("/", 1)[1]: s.last_error for s in repo.list_sources()}
    assert errors["feed.xml"] is None
    assert errors["missing.xml"] == "HTTP 404"
    assert "HTML page" in (errors["homepage.xml"] or "")
    assert errors["broken.xml"]
    assert "timed out" in (errors["slow.xml"] or "")
    for source in repo.list_sources():
        if source.last_error:
            assert source.last_error_at == clock.now and source.error_count == 1
            assert source.next_check_at is not None and source.next_check_at > clock.now

    tram = repo.get_article(article_id(local_server.url("/news/tram-line.html")))
    assert tram.state is ArticleState.CLUSTERED  # extracted, then placed in a story
    assert tram.url == local_server.url("/news/tram-line.html")  # tracking parameter dropped
    assert tram.article_type == "ReportageNewsArticle"
    assert tram.authors == ("Nadia Okafor",)
    assert tram.published == datetime(2026, 11, 16, 9, 0, tzinfo=UTC)
    assert tram.modified == datetime(2026, 11, 16, 11, 30, tzinfo=UTC)
    assert "Trams" in tram.keywords and "Transport" in tram.keywords
    assert tram.lead_image is not None and tram.lead_image.credit == "Ivo Brandt"
    assert tram.text and "river bridge" in tram.text and "cookies" not in tram.text
    assert tram.html and "<h2>" in tram.html and "<blockquote>" in tram.html

    bakery = repo.get_article(article_id(local_server.url("/news/bakery.html")))
    assert bakery.state is ArticleState.FAILED
    assert bakery.title == "Bakery wins regional prize"
    assert bakery.summary == "The family bakery on Mill Street took first place."
    assert bakery.error == "HTTP 503"

    # A second round soon after: nothing due, nothing duplicated.
    again = _ingest(repo, settings, clock, all_sources=True)
    assert again.new_articles == 0
    assert repo.count_articles() == 2

    # Later the publisher recovers and the failed page is fetched again.
    recovered = (
        (SITE / "tram-line.html")
        .read_text(encoding="utf-8")
        .replace("{base}", local_server.base)
        .replace("/news/tram-line.html", "/news/bakery.html")
    )
    local_server.routes["/news/bakery.html"] = Reply(
        recovered.encode(), headers={"Content-Type": "text/html"}
    )
    clock.now += timedelta(hours=1)
    later = _ingest(repo, settings, clock)
    assert later.articles_extracted == 1
    # The recovered page is the tram story under another URL: a copy, in its original's story.
    recovered_copy = repo.get_article(bakery.id)
    assert recovered_copy.state is ArticleState.EXTRACTED
    assert recovered_copy.duplicate_of == tram.id
    assert recovered_copy.story_id == repo.get_article(tram.id).story_id is not None
    assert repo.count_articles() == 2


def test_moved_feeds_are_followed_and_gone_feeds_disabled(
    sqlite_repository: SqlRepository, settings: Settings, local_server: LocalServer
) -> None:
    _serve_site(local_server)
    local_server.routes["/old-feed.xml"] = Reply(status=301, headers={"Location": "/feed.xml"})
    local_server.routes["/temporary.xml"] = Reply(status=302, headers={"Location": "/feed.xml"})
    local_server.routes["/gone.xml"] = Reply(b"gone", status=410)
    clock = Clock()
    repo = sqlite_repository
    moved = repo.add_source(local_server.url("/old-feed.xml"), now=clock.now)
    temporary = repo.add_source(local_server.url("/temporary.xml"), now=clock.now)
    gone = repo.add_source(local_server.url("/gone.xml"), now=clock.now)
    _ingest(repo, settings, clock)
    assert repo.get_source(moved.id).feed_url == local_server.url("/feed.xml")
    assert repo.get_source(temporary.id).feed_url == local_server.url("/temporary.xml")
    disabled = repo.get_source(gone.id)
    assert not disabled.enabled and "HTTP 410" in (disabled.disabled_reason or "")
    assert repo.count_articles() == 2  # both feeds carry the same two entries: stored once


def test_a_source_is_disabled_after_repeated_failures(
    sqlite_repository: SqlRepository, settings: Settings, local_server: LocalServer
) -> None:
    local_server.routes["/flaky.xml"] = Reply(b"down", status=500)
    settings = settings.model_copy(update={"max_consecutive_failures": 3})
    clock = Clock()
    source = sqlite_repository.add_source(local_server.url("/flaky.xml"), now=clock.now)
    for round_number in range(1, 4):
        _ingest(sqlite_repository, settings, clock, all_sources=True)
        state = sqlite_repository.get_source(source.id)
        assert state.error_count == round_number
        assert state.enabled is (round_number < 3)
    assert state.disabled_reason == "3 failures in a row; last: HTTP 500"
    assert sqlite_repository.due_sources(clock.now + timedelta(days=30)) == []


def test_one_article_reached_through_two_urls_is_stored_once(
    sqlite_repository: SqlRepository, settings: Settings, local_server: LocalServer
) -> None:
    _serve_site(local_server)
    page = (
        (SITE / "tram-line.html").read_text(encoding="utf-8").replace("{base}", local_server.base)
    )
    other_feed = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Aggregator</title>'
        f"<item><title>Trams are back</title><link>{local_server.url('/s?id=7')}</link></item>"
        "</channel></rss>"
    )
    local_server.routes["/s?id=7"] = Reply(page.encode(), headers={"Content-Type": "text/html"})
    local_server.routes["/other.xml"] = Reply(
        other_feed.encode(), headers={"Content-Type": "application/rss+xml"}
    )
    clock = Clock()
    repo = sqlite_repository
    repo.add_source(local_server.url("/feed.xml"), now=clock.now)
    repo.add_source(local_server.url("/other.xml"), now=clock.now)
    _ingest(repo, settings, clock)
    titles = [a.title for a in repo.latest_articles(limit=10)]
    assert titles.count("Tram line to reopen in spring") == 1
    assert "Trams are back" not in titles
    duplicate = article_id(local_server.url("/s?id=7"))
    assert repo.resolve_article_id(duplicate) == article_id(
        local_server.url("/news/tram-line.html")
    )
