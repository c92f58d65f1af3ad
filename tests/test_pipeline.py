"""Ingest end to end over real HTTP: good and broken sources side by side."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler

from tests.conftest import DATA
from tests.localserver import LocalServer, Reply, Route, trickle
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
        repo.sources.add_source(local_server.url(path), now=clock.now)

    report = _ingest(repo, settings, clock)
    assert (report.sources_checked, report.sources_failed) == (5, 4)
    assert (report.new_articles, report.articles_extracted, report.articles_failed) == (2, 1, 1)

    errors = {s.feed_url.rsplit("/", 1)[1]: s.last_error for s in repo.sources.list_sources()}
    assert errors["feed.xml"] is None
    assert errors["missing.xml"] == "HTTP 404"
    assert "HTML page" in (errors["homepage.xml"] or "")
    assert errors["broken.xml"]
    assert "timed out" in (errors["slow.xml"] or "")
    for source in repo.sources.list_sources():
        if source.last_error:
            assert source.last_error_at == clock.now and source.error_count == 1
            assert source.next_check_at is not None and source.next_check_at > clock.now

    tram = repo.articles.get_article(article_id(local_server.url("/news/tram-line.html")))
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

    bakery = repo.articles.get_article(article_id(local_server.url("/news/bakery.html")))
    assert bakery.state is ArticleState.FAILED
    assert bakery.title == "Bakery wins regional prize"
    assert bakery.summary == "The family bakery on Mill Street took first place."
    assert bakery.error == "HTTP 503"

    # A second round soon after: nothing due, nothing duplicated.
    again = _ingest(repo, settings, clock, all_sources=True)
    assert again.new_articles == 0
    assert repo.articles.count_articles() == 2

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
    recovered_copy = repo.articles.get_article(bakery.id)
    assert recovered_copy.state is ArticleState.EXTRACTED
    assert recovered_copy.duplicate_of == tram.id
    assert recovered_copy.story_id == repo.articles.get_article(tram.id).story_id is not None
    assert repo.articles.count_articles() == 2


def test_moved_feeds_are_followed_and_gone_feeds_disabled(
    sqlite_repository: SqlRepository, settings: Settings, local_server: LocalServer
) -> None:
    _serve_site(local_server)
    local_server.routes["/old-feed.xml"] = Reply(status=301, headers={"Location": "/feed.xml"})
    local_server.routes["/temporary.xml"] = Reply(status=302, headers={"Location": "/feed.xml"})
    local_server.routes["/gone.xml"] = Reply(b"gone", status=410)
    clock = Clock()
    repo = sqlite_repository
    moved = repo.sources.add_source(local_server.url("/old-feed.xml"), now=clock.now)
    temporary = repo.sources.add_source(local_server.url("/temporary.xml"), now=clock.now)
    gone = repo.sources.add_source(local_server.url("/gone.xml"), now=clock.now)
    _ingest(repo, settings, clock)
    assert repo.sources.get_source(moved.id).feed_url == local_server.url("/feed.xml")
    assert repo.sources.get_source(temporary.id).feed_url == local_server.url("/temporary.xml")
    disabled = repo.sources.get_source(gone.id)
    assert not disabled.enabled and "HTTP 410" in (disabled.disabled_reason or "")
    assert repo.articles.count_articles() == 2  # both feeds carry the same two entries: stored once


def test_a_source_is_disabled_after_repeated_failures(
    sqlite_repository: SqlRepository, settings: Settings, local_server: LocalServer
) -> None:
    local_server.routes["/flaky.xml"] = Reply(b"down", status=500)
    settings = settings.model_copy(update={"max_consecutive_failures": 3})
    clock = Clock()
    source = sqlite_repository.sources.add_source(local_server.url("/flaky.xml"), now=clock.now)
    for round_number in range(1, 4):
        _ingest(sqlite_repository, settings, clock, all_sources=True)
        state = sqlite_repository.sources.get_source(source.id)
        assert state.error_count == round_number
        assert state.enabled is (round_number < 3)
    assert state.disabled_reason == "3 failures in a row; last: HTTP 500"
    assert sqlite_repository.sources.due_sources(clock.now + timedelta(days=30)) == []


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
    repo.sources.add_source(local_server.url("/feed.xml"), now=clock.now)
    repo.sources.add_source(local_server.url("/other.xml"), now=clock.now)
    _ingest(repo, settings, clock)
    titles = [a.title for a in repo.articles.latest_articles(limit=10)]
    assert titles.count("Tram line to reopen in spring") == 1
    assert "Trams are back" not in titles
    duplicate = article_id(local_server.url("/s?id=7"))
    assert repo.articles.resolve_article_id(duplicate) == article_id(
        local_server.url("/news/tram-line.html")
    )


def _watched(
    repo: SqlRepository, settings: Settings, clock: Clock, watchdog: float
) -> IngestReport:
    """One round, failed by a TimeoutError if it is still running after ``watchdog`` seconds:
    a bound on hanging, set far above what the round needs, not a speed test."""

    async def go() -> IngestReport:
        async with build_client(settings) as client:
            ingestor = Ingestor(repo, client, settings, clock=clock)
            return await asyncio.wait_for(ingestor.run_once(), watchdog)

    return asyncio.run(go())


def _article_page(title: str) -> Reply:
    sentence = f"<p>{title}: the operator said so in a statement on Monday, after a winter "
    body = "".join(f"{sentence}of repairs to engine and hull, part {n}.</p>" for n in range(6))
    html = f"<!doctype html><html lang='en'><head><title>{title}</title></head><body>"
    html += f"<article><h1>{title}</h1>{body}</article></body></html>"
    return Reply(html.encode(), headers={"Content-Type": "text/html; charset=utf-8"})


def _rss(server: LocalServer, items: list[tuple[str, str, datetime]]) -> Reply:
    """An RSS feed of (title, path, published) items."""
    xml = "".join(
        f"<item><title>{title}</title><link>{server.url(path)}</link>"
        f"<pubDate>{format_datetime(when)}</pubDate></item>"
        for title, path, when in items
    )
    return Reply(
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>{xml}</channel></rss>'.encode(),
        headers={"Content-Type": "application/rss+xml"},
    )


_BIG = 100_000
_OLDEST_BIG = datetime(2026, 9, 1, tzinfo=UTC)


def _big_json_feed(server: LocalServer) -> Route:
    """A JSON Feed of 100,000 tiny items, oldest first, item i published i minutes after
    the first; with its ETag it answers 304."""
    items = ",".join(
        f'{{"url":"/big/{i}","date_published":"'
        f'{(_OLDEST_BIG + timedelta(minutes=i)).strftime("%Y-%m-%dT%H:%M:%SZ")}"}}'
        for i in range(_BIG)
    )
    body = f'{{"version":"https://jsonfeed.org/version/1.1","title":"Big","items":[{items}]}}'
    full = Reply(body.encode(), headers={"Content-Type": "application/feed+json", "ETag": '"v1"'})

    def serve(request: BaseHTTPRequestHandler) -> Reply:
        return Reply(status=304) if request.headers.get("If-None-Match") == '"v1"' else full

    return serve


def test_a_feed_of_100000_items_gives_its_newest_and_leaves_others_room(
    sqlite_repository: SqlRepository, settings: Settings, local_server: LocalServer
) -> None:
    settings = settings.model_copy(
        update={"max_feed_bytes": 20_000_000, "stories": False, "min_poll_minutes": 5.0}
    )
    assert settings.max_new_per_feed == 100  # the default
    local_server.routes["/big.json"] = _big_json_feed(local_server)
    # The big source's pages are not articles (text/plain): each fails once, cheaply.
    for i in range(_BIG - 300, _BIG):
        local_server.routes[f"/big/{i}"] = Reply(b"x", headers={"Content-Type": "text/plain"})
    few = [(f"Ferry {n}", f"/few/{n}", datetime(2026, 8, n, tzinfo=UTC)) for n in (1, 2, 3)]
    local_server.routes["/few.xml"] = _rss(local_server, few)
    for title, path, _ in few:
        local_server.routes[path] = _article_page(title)
    clock = Clock()
    repo = sqlite_repository
    big = repo.sources.add_source(local_server.url("/big.json"), now=clock.now)
    repo.sources.add_source(local_server.url("/few.xml"), now=clock.now)

    report = _watched(repo, settings, clock, watchdog=120)
    assert (report.sources_failed, report.new_articles) == (0, 103)
    assert repo.articles.count_articles() == 103
    for i in range(_BIG - 100, _BIG):  # the newest hundred, though the feed lists them last
        assert (
            repo.articles.get_article(article_id(local_server.url(f"/big/{i}"))).source_id == big.id
        )
    for _, path, _ in few:
        assert (
            repo.articles.get_article(article_id(local_server.url(path))).state
            is ArticleState.EXTRACTED
        )
    checked = repo.sources.get_source(big.id)
    assert checked.next_check_at == clock.now + timedelta(minutes=5)  # back soon for the rest
    assert checked.etag is None  # so the next check gets the feed, not a 304

    clock.now += timedelta(minutes=5)
    again = _watched(repo, settings, clock, watchdog=120)
    assert (again.sources_checked, again.new_articles) == (1, 100)  # only the big one was due
    for i in range(_BIG - 200, _BIG - 100):
        assert (
            repo.articles.get_article(article_id(local_server.url(f"/big/{i}"))).source_id == big.id
        )
    assert repo.articles.count_articles() == 203


def test_sources_take_turns_for_their_pages(
    sqlite_repository: SqlRepository, settings: Settings, local_server: LocalServer
) -> None:
    # No cap in the way: one source announces 40 new articles with slow pages, newer than
    # the other source's 3, and both live on one host, whose gate lets two in at a time.
    settings = settings.model_copy(update={"max_new_per_feed": 1000, "stories": False})
    latest = datetime(2026, 11, 16, 11, 0, tzinfo=UTC)
    many = [(f"Item {n}", f"/many/{n}", latest - timedelta(minutes=n)) for n in range(40)]
    few = [(f"Ferry {n}", f"/few/{n}", datetime(2026, 11, 1 + n, tzinfo=UTC)) for n in (1, 2, 3)]
    local_server.routes["/many.xml"] = _rss(local_server, many)
    local_server.routes["/few.xml"] = _rss(local_server, few)
    for _, path, _ in many:
        local_server.routes[path] = Reply(b"x", headers={"Content-Type": "text/plain"}, delay=0.05)
    for title, path, _ in few:
        local_server.routes[path] = _article_page(title)
    clock = Clock()
    repo = sqlite_repository
    repo.sources.add_source(local_server.url("/many.xml"), now=clock.now)
    repo.sources.add_source(local_server.url("/few.xml"), now=clock.now)

    report = _watched(repo, settings, clock, watchdog=60)
    assert (report.new_articles, report.articles_extracted) == (43, 3)
    pages = [path for _, path, _ in local_server.requests if path.startswith(("/many/", "/few/"))]
    assert len(pages) == 43
    # In turns: each of the few comes among the first pages, long before the many are done.
    assert max(n for n, path in enumerate(pages) if path.startswith("/few/")) < 8


def test_trickling_feeds_and_pages_fail_at_the_total_deadline(
    sqlite_repository: SqlRepository, settings: Settings, local_server: LocalServer
) -> None:
    settings = settings.model_copy(update={"fetch_timeout": 1.0, "stories": False})
    local_server.routes["/slow-feed.xml"] = trickle("application/rss+xml")
    few = [("Ferry 1", "/slow-page.html", datetime(2026, 11, 16, tzinfo=UTC))]
    local_server.routes["/feed.xml"] = _rss(local_server, few)
    local_server.routes["/slow-page.html"] = trickle("text/html")
    clock = Clock()
    repo = sqlite_repository
    slow = repo.sources.add_source(local_server.url("/slow-feed.xml"), now=clock.now)
    repo.sources.add_source(local_server.url("/feed.xml"), now=clock.now)

    # The trickles last 200 s; a round still running after 20 s has no total deadline.
    report = _watched(repo, settings, clock, watchdog=20)
    assert (report.sources_failed, report.articles_failed) == (1, 1)
    failed = repo.sources.get_source(slow.id)
    assert failed.last_error == "timed out: took longer than 1 s in all"
    assert failed.error_count == 1 and failed.next_check_at is not None
    assert failed.next_check_at > clock.now
    page = repo.articles.get_article(article_id(local_server.url("/slow-page.html")))
    assert page.state is ArticleState.FAILED
    assert page.error == "timed out: took longer than 1 s in all"
