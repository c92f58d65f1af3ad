"""Feeds a reader adds through a reader app (issue #18): quick add by a feed's or a site's
address (discovery, as ``tidings sources add`` finds feeds), and a reader's subscriptions
as OPML, out and in.

Sources are the site's: a feed Tidings already follows is found under any spelling of its
address; only a caller that may add sources (an admin) makes a new one, through
``follow_feed`` like the web and the command line.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from tidings.config import Settings
from tidings.errors import FeedError
from tidings.ingest import build_client
from tidings.ingest.fetch import Fetcher
from tidings.ingest.opml import OpmlFeed, folder_tag, read_opml, write_opml
from tidings.models import Source
from tidings.pipeline.subscribe import discover_feeds, find_followed, follow_feed
from tidings.store.repository import Repository

__all__ = [
    "ListedFeed",
    "NotAllowed",
    "listed_source",
    "quick_add_source",
    "read_listed_feeds",
    "write_listed_feeds",
]


class NotAllowed(FeedError):
    """The feed is not followed yet and the caller may not add sources."""


@dataclass(frozen=True, slots=True)
class ListedFeed:
    """One subscription as an OPML file lists it."""

    url: str
    title: str | None
    site_url: str | None
    folder: str | None


def listed_source(
    repo: Repository, url: str, *, now: datetime, title: str | None, may_add: bool
) -> Source:
    """The source following ``url``, added (without fetching) when ``may_add``; NotAllowed
    when it is new and the caller may not add it, FeedError when it is no http(s) URL."""
    existing = find_followed(repo, url)
    if existing is not None:
        return existing
    if not may_add:
        raise NotAllowed(f"Tidings does not follow {url}; an administrator adds new sources")
    return follow_feed(repo, url, now=now, title=title).source


async def quick_add_source(
    repo: Repository, settings: Settings, url: str, *, now: datetime, may_add: bool
) -> Source:
    """The source for a feed's or a site's address: one already followed, else (when
    ``may_add``) the first feed discovery finds there. FeedError when there is none."""
    existing = find_followed(repo, url)
    if existing is not None:
        return existing
    if not may_add:
        raise NotAllowed(f"Tidings does not follow {url}; an administrator adds new sources")
    async with build_client(settings) as client:
        found = await discover_feeds(Fetcher(client, settings), url)
    if not found.feeds:
        raise FeedError(f"no feed found at {url}")
    feed = found.feeds[0]
    known = find_followed(repo, feed.url)
    if known is not None:
        return known
    return follow_feed(
        repo, feed.url, now=now, title=feed.feed.title, site_url=feed.feed.site_url
    ).source


def read_listed_feeds(data: bytes) -> tuple[list[ListedFeed], list[str]]:
    """The feeds of an OPML file (each in its first folder, nested names joined with "/")
    and a line per outline skipped. OpmlError when the file is no OPML."""
    opml = read_opml(data)
    feeds = [
        ListedFeed(f.url, f.title, f.site_url, folder_tag(f.folders[0]) if f.folders else None)
        for f in opml.feeds
    ]
    return feeds, [f"{s.name}: {s.reason}" for s in opml.skipped]


def write_listed_feeds(feeds: Sequence[ListedFeed], *, title: str, created: datetime) -> bytes:
    """OPML 2.0 of these subscriptions, each in its folder."""
    return write_opml(
        [OpmlFeed(f.url, f.title, f.site_url, ((f.folder,),) if f.folder else ()) for f in feeds],
        title=title,
        created=created,
    )
