"""Stories: placements, lists, related articles, hashtags and languages.

The interface the web, the command line and the flow type against; ``sql.py``'s
repository implements it on SQLite and PostgreSQL alike."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from tidings.models import Article, ArticleFacts, Story, StoryPlacement
from tidings.store.sql_stories import StoredVector
from tidings.store.sql_tags import TagActivityRow

__all__ = ["Stories"]


class Stories(Protocol):
    """Stories: placements, lists, related articles, hashtags and languages."""

    def articles_to_cluster(self, *, limit: int) -> list[Article]:
        """Extracted originals not yet in a story, oldest first (the order stories grow in);
        their text, not their HTML or figures."""
        ...

    def clustered_since(self, since: datetime) -> list[Article]:
        """Originals placed in a story whose time is ``since`` or later, oldest first: what a
        new process replays to rebuild the open stories."""
        ...

    def vectors_for_texts(self, model: str, text_hashes: Sequence[str]) -> dict[str, bytes]:
        """Stored embeddings of these texts under ``model``, by text hash."""
        ...

    def vectors_for_articles(self, model: str, article_ids: Sequence[str]) -> dict[str, bytes]:
        """Stored embeddings of these articles under ``model``, by article id."""
        ...

    def save_vectors(self, model: str, rows: Sequence[tuple[str, str, bytes]]) -> None:
        """Store (or replace) ``(article id, text hash, vector)`` rows in one transaction."""
        ...

    def vectors_after(self, model: str, after: str, *, limit: int) -> list[StoredVector]:
        """Up to ``limit`` stored ``(article id, vector, stored at)`` rows under ``model``
        whose article id sorts after ``after``, in id order: a whole index read page by
        page, never all at once."""
        ...

    def vectors_stored_since(
        self, model: str, since: tuple[datetime, str], *, limit: int
    ) -> list[StoredVector]:
        """Up to ``limit`` rows under ``model`` stored after ``since`` (a stored time and an
        article id, the last row read), oldest first."""
        ...

    def latest_vector_time(self, model: str) -> datetime | None:
        """When the newest vector under ``model`` was stored (None: none has a time)."""
        ...

    def article_facts(self, article_ids: Sequence[str]) -> dict[str, ArticleFacts]:
        """Outlet, time, story, copy status, language and category of these articles (no
        text), by id."""
        ...

    def save_placements(
        self,
        placements: Sequence[StoryPlacement],
        *,
        now: datetime,
        related_limit: int,
        per_outlet: int,
    ) -> None:
        """Store where articles went, in one transaction: their stories (absorbing merged
        ones, regrouping the articles of a split one), their related articles, and each as a
        candidate related article of theirs."""
        ...

    def story_merged_into(self, story_id: str) -> str | None:
        """The story that absorbed ``story_id``, or None when it was never merged."""
        ...

    def get_story(self, story_id: str) -> Story:
        """One story; ``NotFound`` when there is none (or it was merged into another)."""
        ...

    def recent_stories(self, *, since: datetime, min_outlets: int, limit: int) -> list[Story]:
        """Stories updated since ``since`` covered by at least ``min_outlets`` outlets, widest
        coverage first (the candidates that top-story ranking orders)."""
        ...

    def latest_stories(
        self, *, limit: int, offset: int = 0, before: datetime | None = None
    ) -> list[Story]:
        """Stories last updated before ``before`` (any time: None), most recently updated
        first, skipping ``offset`` of them (the ``/v1/stories`` list)."""
        ...

    def story_articles(self, story_id: str, *, include_copies: bool = True) -> list[Article]:
        """A story's articles, oldest first; copies of its originals too by default. Without
        their HTML bodies (``html`` is None): every reader of a story's articles shows cards,
        text or ids (the home page's story cards read ``story_card_articles``)."""
        ...

    def story_card_articles(self, story_ids: Sequence[str]) -> dict[str, list[Article]]:
        """The original articles of each of these stories, oldest first, as story cards
        show them: in one query for all the stories, without text, HTML or body figures
        (``text`` and ``html`` are None, ``figures`` empty)."""
        ...

    def other_outlets_in_story(self, story_id: str, source_id: int) -> int:
        """How many outlets besides ``source_id`` have original articles in the story; 0
        for a story of one outlet, or none (one query, no article rows read)."""
        ...

    def related_articles(self, article_id: str, *, limit: int) -> list[Article]:
        """The related articles stored for ``article_id``, best first."""
        ...

    def known_tags(self, *, limit: int) -> dict[str, str]:
        """The most used hashtags, slug to how they are shown (the most recent spelling)."""
        ...

    def story_tags(self, story_ids: Sequence[str]) -> dict[str, list[str]]:
        """The hashtags (as shown) of each story's articles."""
        ...

    def tags_of(self, article_id: str) -> list[tuple[str, str]]:
        """An article's hashtags as ``(slug, display)``, best first."""
        ...

    def tag_display(self, slug: str) -> str | None:
        """How a hashtag is shown, or None when no article has it."""
        ...

    def article_languages(self) -> list[tuple[str, int]]:
        """The languages of original articles with how many each, most first."""
        ...

    def tag_activity(self, now: datetime) -> list[TagActivityRow]:
        """Per hashtag seen in the last 8 days: how many original articles had it in the
        last 24 hours and in the 7 days before, and from how many sources in the last 24."""
        ...

    def tags_for_articles(self, article_ids: Sequence[str]) -> dict[str, list[tuple[str, str]]]:
        """Each article's hashtags as ``(slug, display)``, best first."""
        ...
