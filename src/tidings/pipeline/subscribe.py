"""Following feeds: finding a site's feeds (the URL itself, its <link rel=alternate>,
then common paths), and ``follow_feed``, the one way every caller adds a source.

I/O orchestration over the pure functions in ``ingest/discovery.py`` and ``ingest/urls.py``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urljoin, urlsplit

from tidings.config import Settings
from tidings.errors import FeedError, FetchError
from tidings.ingest.discovery import COMMON_FEED_PATHS, find_feed_links, looks_like_feed
from tidings.ingest.feeds import parse_feed
from tidings.ingest.fetch import Fetcher, build_client
from tidings.ingest.urls import feed_identity, normal_feed_url
from tidings.models import DisplayPolicy, ParsedFeed, Source
from tidings.store.repository import Repository

__all__ = [
    "Discovery",
    "Followed",
    "FoundFeed",
    "discover_feeds",
    "discover_site_feeds",
    "find_followed",
    "follow_feed",
]


@dataclass(frozen=True, slots=True)
class Followed:
    """The source a feed URL is followed as, and whether this call added it."""

    source: Source
    added: bool
    new_tags: tuple[str, ...] = ()  # tags an already followed source gained


def find_followed(repo: Repository, url: str) -> Source | None:
    """The source that follows ``url`` under any spelling of the same feed: another case
    of the host, a default port, a trailing slash, ``feed://`` (see ``feed_identity``)."""
    normal = normal_feed_url(url)
    exact = repo.sources.find_source(normal)
    if exact is not None:
        return exact
    host = urlsplit(normal).hostname
    if not host:
        return None
    key = feed_identity(normal)
    return next(
        (s for s in repo.sources.sources_on_host(host) if feed_identity(s.feed_url) == key), None
    )


def follow_feed(
    repo: Repository,
    url: str,
    *,
    now: datetime,
    title: str | None = None,
    site_url: str | None = None,
    tags: Sequence[str] = (),
    policy: DisplayPolicy = DisplayPolicy.FULL,
) -> Followed:
    """Follow ``url`` under its normal form (``normal_feed_url``), unless the same feed is
    followed already: then that source only gains the ``tags`` it lacks; its URL, title
    and settings stay as they are. FeedError when ``url`` is no http(s) address."""
    normal = normal_feed_url(url)
    parts = urlsplit(normal)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FeedError(f"not an http(s) feed address: {url}")
    existing = find_followed(repo, normal)
    if existing is None:
        source = repo.sources.add_source(
            normal, now=now, title=title, site_url=site_url, display_policy=policy, tags=tags
        )
        return Followed(source, added=True)
    new_tags = tuple(tag for tag in dict.fromkeys(tags) if tag not in existing.tags)
    if new_tags:
        repo.sources.set_source_tags(existing.id, (*existing.tags, *new_tags))
    return Followed(existing, added=False, new_tags=new_tags)


@dataclass(frozen=True, slots=True)
class FoundFeed:
    """A feed that was fetched and parsed, so it is known to work."""

    url: str
    feed: ParsedFeed
    how: str  # "given", "link", "common path"


@dataclass(slots=True)
class Discovery:
    """What discovery found, and what it tried."""

    feeds: list[FoundFeed] = field(default_factory=list)
    tried: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


async def _try_feed(fetcher: Fetcher, url: str, how: str, found: Discovery) -> bool:
    found.tried.append(url)
    try:
        result = await fetcher.fetch_feed(url)
        feed = parse_feed(result.body, result.url)
    except (FetchError, FeedError) as exc:
        found.problems.append(f"{url}: {exc}")
        return False
    if not feed.entries and feed.format == "sitemap":
        found.problems.append(f"{url}: an empty sitemap")
        return False
    found.feeds.append(FoundFeed(url=result.permanent_redirect or url, feed=feed, how=how))
    return True


async def discover_feeds(fetcher: Fetcher, url: str, *, limit: int = 10) -> Discovery:
    """Feeds for ``url``: itself when it is a feed, else those its page links, else common
    paths on its site. Every feed returned was fetched and parsed."""
    found = Discovery()
    found.tried.append(url)
    try:
        result = await fetcher.fetch_page(url)
    except FetchError as exc:
        # Robots may forbid the page while the feed itself is fine: try it as a feed.
        found.problems.append(f"{url}: {exc}")
        await _try_feed(fetcher, url, "given", found)
        return found
    if looks_like_feed(result.body):
        try:
            found.feeds.append(FoundFeed(url, parse_feed(result.body, result.url), "given"))
        except FeedError as exc:
            found.problems.append(f"{url}: {exc}")
        return found
    for link in find_feed_links(result.body, result.url)[:limit]:
        await _try_feed(fetcher, link.url, "link", found)
    if found.feeds:
        return found
    for path in COMMON_FEED_PATHS:
        if await _try_feed(fetcher, urljoin(result.url, path), "common path", found):
            break
    return found


async def discover_site_feeds(settings: Settings, url: str) -> Discovery:
    """``discover_feeds`` with a client of its own (for callers that hold none, such as the
    reader-app APIs): every feed found for ``url``, each fetched and parsed."""
    async with build_client(settings) as client:
        return await discover_feeds(Fetcher(client, settings), url)
