"""Value objects the pipeline stages pass around.

Stages take and return these frozen dataclasses; ORM rows never leave ``store/``.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime


class ArticleState(enum.StrEnum):
    """Where an article is in the pipeline. Each stage moves it forward, never back."""

    DISCOVERED = "discovered"  # known from a feed entry; page not fetched yet
    FETCHED = "fetched"  # page fetched, not yet extracted
    EXTRACTED = "extracted"  # full text and metadata stored
    FAILED = "failed"  # fetch or extraction failed; the feed's title and summary are kept
    ENRICHED = "enriched"
    CLUSTERED = "clustered"


class DisplayPolicy(enum.StrEnum):
    """How much of a source's article Tidings shows."""

    FULL = "full"
    EXCERPT = "excerpt"


@dataclass(frozen=True, slots=True)
class Image:
    """A picture with what the publisher says about it."""

    url: str
    caption: str | None = None
    credit: str | None = None
    alt: str | None = None
    width: int | None = None
    height: int | None = None


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One item of a feed, as the publisher announced it."""

    url: str
    title: str
    summary: str | None = None
    published: datetime | None = None
    updated: datetime | None = None
    authors: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    guid: str | None = None
    image: Image | None = None


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    """A feed document after parsing: its own metadata and its entries."""

    title: str | None
    site_url: str | None
    format: str  # "rss", "atom", "json", "sitemap"
    entries: tuple[FeedEntry, ...]
    language: str | None = None
    description: str | None = None
    icon_url: str | None = None
    version: str | None = None  # e.g. "rss20", "rss10", "atom03", "json11", "news-sitemap"
    ttl_minutes: int | None = None  # RSS <ttl>
    skip_hours: tuple[int, ...] = ()  # RSS <skipHours>, hours 0-23 (UTC)
    skip_days: tuple[str, ...] = ()  # RSS <skipDays>, e.g. ("Saturday", "Sunday")
    update_interval_minutes: float | None = None  # sy:updatePeriod / sy:updateFrequency
    hub_url: str | None = None  # WebSub hub (<link rel="hub">)
    self_url: str | None = None  # the feed's own URL (<link rel="self">)


@dataclass(frozen=True, slots=True)
class ExtractedArticle:
    """What extraction found on an article page.

    ``text`` is the body only: paragraphs separated by blank lines, no headline, byline,
    captions or boilerplate. ``html`` is the sanitised body, keeping subheadings,
    paragraphs, lists, quotes and figures (with ``<figcaption>``).
    """

    title: str | None
    text: str
    html: str
    authors: tuple[str, ...] = ()
    author_links: tuple[tuple[str, str], ...] = ()  # (author, the author's page)
    published: datetime | None = None
    modified: datetime | None = None
    language: str | None = None
    article_type: str | None = None  # schema.org @type as the publisher states it
    section: str | None = None
    keywords: tuple[str, ...] = ()
    description: str | None = None
    canonical_url: str | None = None
    site_name: str | None = None
    lead_image: Image | None = None
    figures: tuple[Image, ...] = ()
    machine_translated: bool = False  # the publisher says it machine-translated the text
    translated_from: str | None = None  # the original's address, when the publisher names it


@dataclass(frozen=True, slots=True)
class Source:
    """A publisher feed Tidings follows."""

    id: int
    feed_url: str
    title: str | None = None
    site_url: str | None = None
    icon_url: str | None = None
    language: str | None = None
    display_policy: DisplayPolicy = DisplayPolicy.FULL
    enabled: bool = True
    last_checked_at: datetime | None = None
    last_success_at: datetime | None = None
    next_check_at: datetime | None = None
    last_error: str | None = None
    last_error_at: datetime | None = None
    error_count: int = 0
    etag: str | None = None
    last_modified: str | None = None
    article_count: int = 0
    tags: tuple[str, ...] = ()
    feed_format: str | None = None
    poll_interval_minutes: float | None = None
    disabled_reason: str | None = None
    articles_per_day: float = 0.0  # over the last 7 days
    websub_hub: str | None = None
    websub_topic: str | None = None
    websub_secret: str | None = None
    websub_state: str | None = None
    websub_lease_until: datetime | None = None
    description: str | None = None  # the feed's own description, plain text
    owner: str | None = None  # who owns the outlet, as the operator set it
    country: str | None = None  # ISO 3166-1 alpha-2, as the operator set it

    @property
    def status(self) -> str:
        """One word for the source's health: ok, error, disabled or waiting."""
        if not self.enabled:
            return "disabled"
        if self.last_error:
            return "error"
        return "ok" if self.last_success_at else "waiting"


@dataclass(frozen=True, slots=True)
class Article:
    """An article as stored: the feed entry merged with what extraction found."""

    id: str  # 32 hex characters, a hash of the canonical URL
    source_id: int
    url: str
    title: str
    state: ArticleState
    summary: str | None = None
    text: str | None = None
    html: str | None = None
    authors: tuple[str, ...] = ()
    author_links: tuple[tuple[str, str], ...] = ()  # (author, the author's page)
    published: datetime | None = None
    modified: datetime | None = None
    discovered_at: datetime | None = None
    sort_time: datetime | None = None  # what lists order by
    language: str | None = None
    article_type: str | None = None
    section: str | None = None
    keywords: tuple[str, ...] = ()
    lead_image: Image | None = None
    figures: tuple[Image, ...] = field(default_factory=tuple)
    error: str | None = None
    attempts: int = 0
    duplicate_of: str | None = None  # the original this article copies (syndication)
    story_id: str | None = None  # the story it belongs to, once clustered
    language_how: str | None = None  # declared, detected or source (the source's default)
    category: str | None = None  # a slug of tidings.enrich.categories.TAXONOMY
    category_how: str | None = None  # type, section, feed or classifier
    machine_translated: bool = False  # the publisher says it machine-translated the text
    translated_from: str | None = None  # the original's address, when the publisher names it


@dataclass(frozen=True, slots=True)
class Story:
    """One event as many outlets covered it."""

    id: str  # 32 hex characters, from the article that started it
    title: str | None  # the most representative headline
    first_seen: datetime | None
    last_updated: datetime | None
    article_count: int
    outlet_count: int


# Values the stages hand to the store and the store hands back (were in store/repository.py).


@dataclass(frozen=True, slots=True)
class NewEntry:
    """A feed entry about to be stored, with the id of its canonical URL."""

    article_id: str
    url: str
    entry: FeedEntry
    keywords: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class PendingArticle:
    """An article whose page still has to be fetched."""

    id: str
    url: str
    source_id: int
    attempts: int


@dataclass(frozen=True, slots=True)
class Cursor:
    """A position in a newest-first list: the last item seen."""

    sort_time: datetime
    article_id: str


@dataclass(frozen=True, slots=True)
class ArticleFacts:
    """What choosing related articles needs to know of a candidate (no text)."""

    id: str
    source_id: int
    sort_time: datetime
    story_id: str | None
    duplicate_of: str | None
    language: str | None = None
    category: str | None = None


@dataclass(frozen=True, slots=True)
class Enrichment:
    """What the enrich step found out about an article, saved with its placement.

    ``tags`` are ``(slug, display, score)`` in rank order.
    """

    language: str | None
    language_how: str
    category: str | None = None
    category_how: str | None = None
    tags: tuple[tuple[str, str, float], ...] = ()


@dataclass(frozen=True, slots=True)
class StoryPlacement:
    """Where the clusterer put an article, and what follows from it.

    ``story`` is the story as it now stands; ``merged`` are stories absorbed into it;
    ``regrouped`` the stories a split left (the story split and the one split off, each as
    it now stands with all its articles' ids): their articles move between them;
    ``related`` the article's related articles with their scores; ``offers`` the articles
    for which this one is a candidate related article (kept only if it makes their cut).
    """

    article_id: str
    story: Story
    merged: tuple[str, ...] = ()
    regrouped: tuple[tuple[Story, tuple[str, ...]], ...] = ()
    related: tuple[tuple[str, float], ...] = ()
    offers: tuple[tuple[str, float], ...] = ()
    enrichment: Enrichment | None = None
