"""Finding a site's feeds: the URL itself, its <link rel=alternate>, then common paths.

I/O orchestration over the pure discovery functions in ``ingest/discovery.py``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urljoin

from tidings.errors import FeedError, FetchError
from tidings.ingest.discovery import COMMON_FEED_PATHS, find_feed_links, looks_like_feed
from tidings.ingest.feeds import parse_feed
from tidings.ingest.fetch import Fetcher
from tidings.models import ParsedFeed

__all__ = ["Discovery", "FoundFeed", "discover_feeds"]


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
