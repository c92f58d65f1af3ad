"""The store's one interface. SQLite and PostgreSQL implement it (``sql.py``)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, Protocol

from tidings.models import (
    Article,
    ArticleFacts,
    Cursor,
    DisplayPolicy,
    ExtractedArticle,
    NewEntry,
    ParsedFeed,
    PendingArticle,
    Source,
    Story,
    StoryPlacement,
)


class Repository(Protocol):
    """Everything the pipeline and the web layer read and write."""

    # sources
    def add_source(
        self,
        feed_url: str,
        *,
        now: datetime,
        title: str | None = None,
        display_policy: DisplayPolicy = DisplayPolicy.FULL,
        tags: Sequence[str] = (),
        site_url: str | None = None,
    ) -> Source:
        """Add a feed, or return it unchanged when it is already followed."""
        ...

    def find_source(self, feed_url: str) -> Source | None: ...

    def sources_on_host(self, host: str) -> list[Source]:
        """Sources whose feed URL holds ``host`` in any case (callers compare further)."""
        ...

    def update_feed_url(self, source_id: int, feed_url: str) -> None:
        """Follow a permanent redirect; StoreError when another source has that URL."""
        ...

    def set_source_enabled(
        self, source_id: int, enabled: bool, *, now: datetime, reason: str | None = None
    ) -> None: ...

    def set_source_tags(self, source_id: int, tags: Sequence[str]) -> None: ...

    def set_websub(
        self,
        source_id: int,
        *,
        hub: str | None,
        topic: str | None,
        secret: str | None,
        state: str | None,
        lease_until: datetime | None,
    ) -> None: ...

    def get_source(self, source_id: int) -> Source: ...

    def list_sources(
        self, *, with_counts: bool = True, now: datetime | None = None
    ) -> list[Source]:
        """Every source, oldest first; ``with_counts`` fills article counts and rates."""
        ...

    def sources_by_ids(self, source_ids: Sequence[int]) -> dict[int, Source]:
        """These sources (those that exist), by id, without article counts."""
        ...

    def set_display_policy(self, source_id: int, policy: DisplayPolicy) -> None: ...

    def set_source_about(
        self, source_id: int, *, owner: str | None = None, country: str | None = None
    ) -> None:
        """The operator's owner and country of a source (None: unchanged, "": cleared)."""
        ...

    def set_source_language(self, source_id: int, language: str | None) -> None:
        """The language assumed for a source's articles that do not tell."""
        ...

    def due_sources(self, now: datetime) -> list[Source]:
        """Enabled sources whose next check is due (or never happened)."""
        ...

    def record_feed_success(
        self,
        source_id: int,
        feed: ParsedFeed | None,
        *,
        now: datetime,
        next_check_at: datetime,
        etag: str | None,
        last_modified: str | None,
        interval_minutes: float | None = None,
    ) -> None:
        """Note a good fetch; ``feed`` is None when the server said 304 Not Modified."""
        ...

    def record_feed_failure(
        self,
        source_id: int,
        error: str,
        *,
        now: datetime,
        next_check_at: datetime,
        disable_reason: str | None = None,
    ) -> None:
        """Note a failed check; with ``disable_reason`` the source is also disabled."""
        ...

    # articles
    def add_entries(
        self, source_id: int, entries: Sequence[NewEntry], *, now: datetime
    ) -> list[str]:
        """Store entries not seen before; return the ids that were new. Never overwrites."""
        ...

    def claim_urls(self, article_id: str, url_ids: Sequence[str]) -> str | None:
        """Note other URLs of an article, in order; returns the id of a DIFFERENT article
        that already has one of them (this one is then a second copy), else None."""
        ...

    def merge_article_into(self, duplicate_id: str, original_id: str) -> None:
        """Drop a second copy; its URLs lead to the original from now on."""
        ...

    def resolve_article_id(self, url_id: str) -> str | None:
        """The article known by this URL id, if any."""
        ...

    def stored_vectors(self, model: str) -> list[tuple[str, bytes]]:
        """Every (article id, vector) under ``model``."""
        ...

    def pending_articles(
        self, now: datetime, *, max_attempts: int, limit: int
    ) -> list[PendingArticle]: ...

    def save_extraction(
        self,
        article_id: str,
        extracted: ExtractedArticle,
        *,
        now: datetime,
        content_hash: str | None = None,
        fingerprint: bytes | None = None,
        duplicate_of: str | None = None,
    ) -> None:
        """Store what extraction found; keeps feed values where extraction found none."""
        ...

    def record_article_failure(
        self, article_id: str, error: str, *, now: datetime, next_attempt_at: datetime | None
    ) -> None:
        """Keep the feed's title and summary, note the error and when to try again."""
        ...

    def get_article(self, article_id: str) -> Article: ...

    def latest_articles(
        self,
        *,
        limit: int,
        before: Cursor | None = None,
        source_id: int | None = None,
        include_copies: bool = False,
        tag: str | None = None,
        category: str | None = None,
        language: str | None = None,
        after: Cursor | None = None,
    ) -> list[Article]:
        """Newest first; copies of other articles only with ``include_copies``; only those
        with hashtag ``tag`` (a slug), in ``category`` (a slug) or in ``language`` (a code)
        when given. ``before`` gives the ``limit`` next older than a cursor, ``after`` the
        ``limit`` next newer (still newest first)."""
        ...

    def recent_fingerprints(self, since: datetime) -> list[tuple[str, str | None, bytes]]:
        """(id, content hash, fingerprint) of original articles seen since ``since``."""
        ...

    def copies_of(self, article_id: str) -> list[Article]:
        """Articles stored as copies of ``article_id``, without their HTML body."""
        ...

    def related_by_keywords(self, article: Article, *, limit: int, now: datetime) -> list[Article]:
        """Recent articles from other outlets sharing keywords with ``article``."""
        ...

    def count_articles(self) -> int: ...

    # stories, vectors, related articles
    def articles_to_cluster(self, *, limit: int) -> list[Article]:
        """Extracted originals not yet in a story, oldest first."""
        ...

    # enrichment
    def known_tags(self, *, limit: int) -> dict[str, str]:
        """The ``limit`` most used hashtags, slug to display."""
        ...

    def story_tags(self, story_ids: Sequence[str]) -> dict[str, list[str]]:
        """The hashtags (displays) of each story's articles."""
        ...

    def tags_of(self, article_id: str) -> list[tuple[str, str]]:
        """An article's hashtags as ``(slug, display)``, best first."""
        ...

    def tag_display(self, slug: str) -> str | None:
        """How a hashtag is shown; None when no article has it."""
        ...

    def article_languages(self) -> list[tuple[str, int]]:
        """The languages of original articles with how many each, most first."""
        ...

    # AI outputs
    def ai_output(self, key: str) -> dict[str, Any] | None:
        """The stored AI output under ``key``, or None."""
        ...

    def save_ai_output(self, key: str, payload: dict[str, Any], *, now: datetime) -> None:
        """Keep ``payload`` under ``key``, replacing what was there."""
        ...

    def prune_ai_outputs(self, before: datetime) -> int:
        """Drop outputs made before ``before``; how many went."""
        ...

    def clustered_since(self, since: datetime) -> list[Article]:
        """Originals in a story whose time is ``since`` or later, oldest first."""
        ...

    def vectors_for_texts(self, model: str, text_hashes: Sequence[str]) -> dict[str, bytes]:
        """Stored embeddings of these texts under ``model``, by text hash."""
        ...

    def vectors_for_articles(self, model: str, article_ids: Sequence[str]) -> dict[str, bytes]:
        """Stored embeddings of these articles under ``model``, by article id."""
        ...

    def save_vectors(self, model: str, rows: Sequence[tuple[str, str, bytes]]) -> None:
        """Store ``(article id, text hash, vector)`` rows."""
        ...

    def article_facts(self, article_ids: Sequence[str]) -> dict[str, ArticleFacts]:
        """Outlet, time, story and copy status of these articles, by id."""
        ...

    def save_placements(
        self,
        placements: Sequence[StoryPlacement],
        *,
        now: datetime,
        related_limit: int,
        per_outlet: int,
    ) -> None:
        """Store where articles went, their related articles, and offers to others."""
        ...

    def get_story(self, story_id: str) -> Story:
        """One story; ``NotFound`` when there is none."""
        ...

    def story_merged_into(self, story_id: str) -> str | None:
        """The story that absorbed ``story_id`` (its comments moved there), or None."""
        ...

    def recent_stories(self, *, since: datetime, min_outlets: int, limit: int) -> list[Story]:
        """Stories updated since ``since`` with at least ``min_outlets`` outlets."""
        ...

    def story_articles(self, story_id: str, *, include_copies: bool = True) -> list[Article]:
        """A story's articles, oldest first."""
        ...

    def related_articles(self, article_id: str, *, limit: int) -> list[Article]:
        """The related articles stored for ``article_id``, best first."""
        ...

    def story_source_ids(self, story_id: str) -> set[int]:
        """The sources of a story's original articles."""
        ...
