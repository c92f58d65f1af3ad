"""The stories half of the repository: clustering results, vectors, related articles."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import bindparam, delete, func, literal, or_, select, tuple_, update

from tidings.errors import NotFound
from tidings.models import Article, ArticleFacts, ArticleState, Story, StoryPlacement
from tidings.store.schema import (
    article_vectors,
    articles,
    comment_switches,
    comments,
    related_articles,
    stories,
    story_merges,
)
from tidings.store.sql_rows import article_columns, card_columns
from tidings.store.sql_tags import TagQueries
from tidings.store.types import UTCDateTime

# A stored vector as a web process's own index reads it: article id, vector, stored at.
StoredVector = tuple[str, bytes, datetime | None]

# What the story stage reads of an article: everything but the HTML and the fingerprint.
_TEXT_COLUMNS = tuple(c for c in articles.c if c.name not in ("html", "fingerprint"))

# The statements pages run on every view, built once (see ``sql_rows._FIGURES_OF``).
_STORY = select(stories).where(stories.c.id == bindparam("story_id"))
# Story cards show headlines, outlets, times and a lead image: no text, no HTML.
_STORY_CARD_ARTICLES = (
    select(*article_columns(leave_out=frozenset({"html", "text"})))
    .where(
        articles.c.story_id.in_(bindparam("story_ids", expanding=True)),
        articles.c.duplicate_of.is_(None),
    )
    .order_by(articles.c.sort_time, articles.c.id)
)
_OTHER_OUTLETS = (
    select(func.count(articles.c.source_id.distinct()))
    .select_from(articles)
    .join(stories, stories.c.id == articles.c.story_id)
    .where(
        articles.c.story_id == bindparam("story_id"),
        articles.c.duplicate_of.is_(None),
        articles.c.source_id != bindparam("source_id"),
        # One outlet only: nothing to count (the story row says so without reading more).
        stories.c.outlet_count >= 2,
    )
)
_RELATED = (
    select(*card_columns())  # cards: no html body to read and decode
    .join(related_articles, related_articles.c.related_id == articles.c.id)
    .where(related_articles.c.article_id == bindparam("article_id"))
    .order_by(related_articles.c.score.desc(), articles.c.id)
    .limit(bindparam("limit"))
)


class StoryQueries(TagQueries):
    """Reading and writing ``stories``, ``article_vectors`` and ``related_articles``."""

    # -- the clustering queue ----------------------------------------------------------------

    def articles_to_cluster(self, *, limit: int) -> list[Article]:
        """Extracted originals not yet in a story, oldest first (the order stories grow in);
        their text, not their HTML or figures."""
        stmt = (
            select(*_TEXT_COLUMNS)
            .where(articles.c.state == ArticleState.EXTRACTED.value)
            .where(articles.c.duplicate_of.is_(None))
            .order_by(articles.c.sort_time, articles.c.id)
            .limit(limit)
        )
        with self._connect() as conn:
            rows = [r._mapping for r in conn.execute(stmt)]
            return self._articles(conn, rows, with_figures=False)

    def clustered_since(self, since: datetime) -> list[Article]:
        """Originals placed in a story whose time is ``since`` or later, oldest first: what a
        new process replays to rebuild the open stories."""
        stmt = (
            select(*_TEXT_COLUMNS)
            .where(articles.c.story_id.is_not(None))
            .where(articles.c.duplicate_of.is_(None))
            .where(articles.c.sort_time >= since)
            .order_by(articles.c.sort_time, articles.c.id)
        )
        with self._connect() as conn:
            rows = [r._mapping for r in conn.execute(stmt)]
            return self._articles(conn, rows, with_figures=False)

    # -- vectors -------------------------------------------------------------------------------

    def vectors_for_texts(self, model: str, text_hashes: Sequence[str]) -> dict[str, bytes]:
        """Stored embeddings of these texts under ``model``, by text hash."""
        found: dict[str, bytes] = {}
        with self._connect() as conn:
            for chunk in _chunks(sorted(set(text_hashes))):
                stmt = select(article_vectors.c.text_hash, article_vectors.c.vector).where(
                    article_vectors.c.model == model, article_vectors.c.text_hash.in_(chunk)
                )
                for row in conn.execute(stmt):
                    found[row.text_hash] = bytes(row.vector)
        return found

    def vectors_for_articles(self, model: str, article_ids: Sequence[str]) -> dict[str, bytes]:
        """Stored embeddings of these articles under ``model``, by article id."""
        found: dict[str, bytes] = {}
        with self._connect() as conn:
            for chunk in _chunks(list(article_ids)):
                stmt = select(article_vectors.c.article_id, article_vectors.c.vector).where(
                    article_vectors.c.model == model, article_vectors.c.article_id.in_(chunk)
                )
                for row in conn.execute(stmt):
                    found[row.article_id] = bytes(row.vector)
        return found

    def save_vectors(self, model: str, rows: Sequence[tuple[str, str, bytes]]) -> None:
        """Store (or replace) ``(article id, text hash, vector)`` rows in one transaction."""
        if not rows:
            return
        with self._begin() as conn:
            ids = [article_id for article_id, _, _ in rows]
            for chunk in _chunks(ids):
                conn.execute(
                    article_vectors.delete().where(
                        article_vectors.c.model == model, article_vectors.c.article_id.in_(chunk)
                    )
                )
            stored_at = datetime.now(UTC)
            conn.execute(
                article_vectors.insert(),
                [
                    {
                        "article_id": a,
                        "model": model,
                        "text_hash": h,
                        "vector": v,
                        "stored_at": stored_at,
                    }
                    for a, h, v in rows
                ],
            )

    def vectors_after(self, model: str, after: str, *, limit: int) -> list[StoredVector]:
        """Up to ``limit`` stored ``(article id, vector, stored at)`` rows under ``model``
        whose article id sorts after ``after``, in id order: a whole index read page by
        page, never all at once."""
        stmt = (
            select(
                article_vectors.c.article_id, article_vectors.c.vector, article_vectors.c.stored_at
            )
            .where(article_vectors.c.model == model, article_vectors.c.article_id > after)
            .order_by(article_vectors.c.article_id)
            .limit(limit)
        )
        with self._connect() as conn:
            return [(r.article_id, bytes(r.vector), r.stored_at) for r in conn.execute(stmt)]

    def vectors_stored_since(
        self, model: str, since: tuple[datetime, str], *, limit: int
    ) -> list[StoredVector]:
        """Up to ``limit`` rows under ``model`` stored after ``since`` (a stored time and an
        article id, the last row read), oldest first."""
        moment, after = since
        stmt = (
            select(
                article_vectors.c.article_id, article_vectors.c.vector, article_vectors.c.stored_at
            )
            .where(article_vectors.c.model == model, article_vectors.c.stored_at >= moment)
            .where(
                tuple_(article_vectors.c.stored_at, article_vectors.c.article_id)
                > tuple_(literal(moment, UTCDateTime()), literal(after))
            )
            .order_by(article_vectors.c.stored_at, article_vectors.c.article_id)
            .limit(limit)
        )
        with self._connect() as conn:
            return [(r.article_id, bytes(r.vector), r.stored_at) for r in conn.execute(stmt)]

    def latest_vector_time(self, model: str) -> datetime | None:
        """When the newest vector under ``model`` was stored (None: none has a time)."""
        stmt = select(func.max(article_vectors.c.stored_at)).where(article_vectors.c.model == model)
        with self._connect() as conn:
            moment: datetime | None = conn.execute(stmt).scalar_one_or_none()
        return moment

    def article_facts(self, article_ids: Sequence[str]) -> dict[str, ArticleFacts]:
        """Outlet, time, story, copy status, language and category of these articles (no
        text), by id."""
        found: dict[str, ArticleFacts] = {}
        columns = (
            articles.c.id,
            articles.c.source_id,
            articles.c.sort_time,
            articles.c.story_id,
            articles.c.duplicate_of,
            articles.c.language,
            articles.c.category,
        )
        with self._connect() as conn:
            for chunk in _chunks(list(article_ids)):
                for r in conn.execute(select(*columns).where(articles.c.id.in_(chunk))):
                    found[r.id] = ArticleFacts(
                        r.id,
                        r.source_id,
                        r.sort_time,
                        r.story_id,
                        r.duplicate_of,
                        r.language,
                        r.category,
                    )
        return found

    # -- placing articles ----------------------------------------------------------------------

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
        if not placements:
            return
        with self._begin() as conn:
            for placement in placements:
                self._save_placement(conn, placement, now)
            offers = {(other, p.article_id): score for p in placements for other, score in p.offers}
            if offers:
                self._offer_related(conn, offers, related_limit, per_outlet)

    def _save_placement(self, conn: Any, p: StoryPlacement, now: datetime) -> None:
        story = p.story
        if p.merged:
            conn.execute(
                update(articles)
                .where(articles.c.story_id.in_(list(p.merged)))
                .values(story_id=story.id)
            )
            conn.execute(delete(stories).where(stories.c.id.in_(list(p.merged))))
            self._record_merges(conn, list(p.merged), story.id, now)
        for part, members in p.regrouped:
            self._save_story(conn, part, now)
            # An id the split reuses may name a story merged away before: it is a story again.
            conn.execute(delete(story_merges).where(story_merges.c.story_id == part.id))
            moved = list(members)
            conn.execute(
                update(articles)
                .where(or_(articles.c.id.in_(moved), articles.c.duplicate_of.in_(moved)))
                .values(story_id=part.id)
            )
        self._save_story(conn, story, now)
        placed = conn.execute(
            update(articles)
            .where(articles.c.id == p.article_id)
            .values(story_id=story.id, state=ArticleState.CLUSTERED.value, updated_at=now)
        )
        if placed.rowcount == 0:
            raise NotFound(f"no article with id {p.article_id}")
        # Syndicated copies follow their original into the story.
        conn.execute(
            update(articles)
            .where(articles.c.duplicate_of == p.article_id)
            .values(story_id=story.id)
        )
        if p.enrichment is not None:
            self._save_enrichment(conn, p.article_id, p.enrichment)
        conn.execute(delete(related_articles).where(related_articles.c.article_id == p.article_id))
        if p.related:
            conn.execute(
                related_articles.insert(),
                [
                    {"article_id": p.article_id, "related_id": other, "score": score}
                    for other, score in p.related
                ],
            )

    @staticmethod
    def _save_story(conn: Any, story: Story, now: datetime) -> None:
        """Insert or update one story's row."""
        values = {
            "title": story.title,
            "first_seen": story.first_seen,
            "last_updated": story.last_updated,
            "article_count": story.article_count,
            "outlet_count": story.outlet_count,
            "updated_at": now,
        }
        changed = conn.execute(update(stories).where(stories.c.id == story.id).values(**values))
        if changed.rowcount == 0:
            conn.execute(stories.insert().values(id=story.id, **values))

    def _offer_related(
        self, conn: Any, offers: dict[tuple[str, str], float], limit: int, per_outlet: int
    ) -> None:
        """Add each ``(article, candidate): score`` to the article's related articles, then
        keep, for every article offered something, its best ``limit`` with at most
        ``per_outlet`` from one outlet: two set-wise deletes, whatever the batch size."""
        conn.execute(
            self._insert_ignoring_conflicts(related_articles),
            [{"article_id": a, "related_id": c, "score": s} for (a, c), s in offers.items()],
        )
        targets = sorted({article for article, _ in offers})
        best_first = (related_articles.c.score.desc(), related_articles.c.related_id)
        for chunk in _chunks(targets):
            for partition, keep in (
                ((related_articles.c.article_id, articles.c.source_id), per_outlet),
                ((related_articles.c.article_id,), limit),
            ):
                ranked = (
                    select(
                        related_articles.c.article_id,
                        related_articles.c.related_id,
                        func.row_number()
                        .over(
                            partition_by=partition,
                            order_by=best_first,
                        )
                        .label("rank"),
                    )
                    .join(articles, articles.c.id == related_articles.c.related_id)
                    .where(related_articles.c.article_id.in_(chunk))
                    .subquery()
                )
                beyond = select(ranked.c.article_id, ranked.c.related_id).where(
                    ranked.c.rank > keep
                )
                conn.execute(
                    delete(related_articles).where(
                        tuple_(related_articles.c.article_id, related_articles.c.related_id).in_(
                            beyond
                        )
                    )
                )

    # -- reading stories -----------------------------------------------------------------------

    @staticmethod
    def _record_merges(conn: Any, merged: list[str], into: str, now: datetime) -> None:
        """Point the absorbed stories (and stories merged into them before) at ``into``,
        and move their comments and comment switches there."""
        conn.execute(
            update(story_merges).where(story_merges.c.into_id.in_(merged)).values(into_id=into)
        )
        conn.execute(delete(story_merges).where(story_merges.c.story_id.in_([*merged, into])))
        conn.execute(
            story_merges.insert(),
            [{"story_id": old, "into_id": into, "merged_at": now} for old in merged if old != into],
        )
        conn.execute(
            update(comments)
            .where(comments.c.target_kind == "story", comments.c.target_id.in_(merged))
            .values(target_id=into)
        )
        switched = (comment_switches.c.kind == "story", comment_switches.c.target.in_(merged))
        closed = conn.execute(
            select(comment_switches.c.target).where(
                comment_switches.c.kind == "story", comment_switches.c.target == into
            )
        ).first()
        if closed is not None:  # the surviving story's own switch stands
            conn.execute(delete(comment_switches).where(*switched))
            return
        first = conn.execute(select(comment_switches.c.target).where(*switched).limit(1)).first()
        if first is not None:  # comments closed on an absorbed story stay closed
            conn.execute(
                delete(comment_switches).where(*switched, comment_switches.c.target != first[0])
            )
            conn.execute(
                update(comment_switches)
                .where(comment_switches.c.kind == "story", comment_switches.c.target == first[0])
                .values(target=into)
            )

    def story_merged_into(self, story_id: str) -> str | None:
        """The story that absorbed ``story_id``, or None when it was never merged."""
        with self._connect() as conn:
            into: str | None = conn.execute(
                select(story_merges.c.into_id).where(story_merges.c.story_id == story_id)
            ).scalar_one_or_none()
        return into

    def get_story(self, story_id: str) -> Story:
        """One story; ``NotFound`` when there is none (or it was merged into another)."""
        with self._connect() as conn:
            row = conn.execute(_STORY, {"story_id": story_id}).one_or_none()
        if row is None:
            raise NotFound(f"no story with id {story_id}")
        return _story(row._mapping)

    def recent_stories(self, *, since: datetime, min_outlets: int, limit: int) -> list[Story]:
        """Stories updated since ``since`` covered by at least ``min_outlets`` outlets, widest
        coverage first (the candidates that top-story ranking orders)."""
        stmt = (
            select(stories)
            .where(stories.c.last_updated >= since)
            .where(stories.c.outlet_count >= min_outlets)
            .order_by(stories.c.outlet_count.desc(), stories.c.last_updated.desc())
            .limit(limit)
        )
        with self._connect() as conn:
            return [_story(r._mapping) for r in conn.execute(stmt)]

    def latest_stories(
        self, *, limit: int, offset: int = 0, before: datetime | None = None
    ) -> list[Story]:
        """Stories last updated before ``before`` (any time: None), most recently updated
        first, skipping ``offset`` of them (the ``/v1/stories`` list)."""
        stmt = select(stories).where(stories.c.last_updated.is_not(None))
        if before is not None:
            stmt = stmt.where(stories.c.last_updated < before)
        stmt = (
            stmt.order_by(stories.c.last_updated.desc(), stories.c.id.desc())
            .offset(offset)
            .limit(limit)
        )
        with self._connect() as conn:
            return [_story(r._mapping) for r in conn.execute(stmt)]

    def story_articles(self, story_id: str, *, include_copies: bool = True) -> list[Article]:
        """A story's articles, oldest first; copies of its originals too by default. Without
        their HTML bodies (``html`` is None): every reader of a story's articles shows cards,
        text or ids (the home page's story cards read ``story_card_articles``)."""
        stmt = (
            select(*card_columns())
            .where(articles.c.story_id == story_id)
            .order_by(articles.c.sort_time, articles.c.id)
        )
        if not include_copies:
            stmt = stmt.where(articles.c.duplicate_of.is_(None))
        with self._connect() as conn:
            return self._articles(conn, [r._mapping for r in conn.execute(stmt)])

    def story_card_articles(self, story_ids: Sequence[str]) -> dict[str, list[Article]]:
        """The original articles of each of these stories, oldest first, as story cards
        show them: in one query for all the stories, without text, HTML or body figures
        (``text`` and ``html`` are None, ``figures`` empty)."""
        found: dict[str, list[Article]] = {story_id: [] for story_id in story_ids}
        if not found:
            return found
        with self._connect() as conn:
            found_rows = conn.execute(_STORY_CARD_ARTICLES, {"story_ids": list(found)})
            rows = [r._mapping for r in found_rows]
            for article in self._articles(conn, rows, body_figures=False):
                found[str(article.story_id)].append(article)
        return found

    def other_outlets_in_story(self, story_id: str, source_id: int) -> int:
        """How many outlets besides ``source_id`` have original articles in the story; 0
        for a story of one outlet, or none (one query, no article rows read)."""
        with self._connect() as conn:
            count = conn.execute(
                _OTHER_OUTLETS, {"story_id": story_id, "source_id": source_id}
            ).scalar_one()
        return int(count)

    def related_articles(self, article_id: str, *, limit: int) -> list[Article]:
        """The related articles stored for ``article_id``, best first."""
        with self._connect() as conn:
            found = conn.execute(_RELATED, {"article_id": article_id, "limit": limit})
            return self._articles(conn, [r._mapping for r in found])


def _story(row: Any) -> Story:
    return Story(
        id=row["id"],
        title=row["title"],
        first_seen=row["first_seen"],
        last_updated=row["last_updated"],
        article_count=row["article_count"],
        outlet_count=row["outlet_count"],
    )


def _chunks(items: list[str], size: int = 500) -> list[list[str]]:
    """Keep ``IN (...)`` lists under SQLite's bound-parameter limit."""
    return [items[i : i + size] for i in range(0, len(items), size)]
