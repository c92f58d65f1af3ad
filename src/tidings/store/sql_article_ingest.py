"""Articles as ingest writes them: new feed entries, the URLs an article is known by, the
queue of pages to fetch, and what extraction found or why it failed."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, func, or_, select, update

from tidings.errors import NotFound, StoreError
from tidings.models import ArticleState, ExtractedArticle, Image, NewEntry, PendingArticle
from tidings.store.item_ids import next_item_id
from tidings.store.schema import article_keywords, article_urls, articles, figures
from tidings.store.sql_rows import ArticleRows, image_row, image_values

__all__ = ["ArticleIngestQueries", "normalise_keyword"]

# A publisher clock a little ahead of ours is normal; far ahead is a wrong date.
_FUTURE_TOLERANCE = timedelta(minutes=10)
_ITEM_ID_TRIES = 5


def normalise_keyword(keyword: str) -> str:
    """The form keywords are compared in: casefolded, single spaces, at most 200 chars."""
    return " ".join(keyword.casefold().split())[:200]


def _sort_time(published: datetime | None, discovered: datetime) -> datetime:
    if published is None or published > discovered + _FUTURE_TOLERANCE:
        return discovered
    return published


class ArticleIngestQueries(ArticleRows):
    """``add_entries``, ``claim_urls``, ``pending_articles``, ``save_extraction`` and the
    rest of what the ingest round writes and asks about copies."""

    def add_entries(
        self, source_id: int, entries: Sequence[NewEntry], *, now: datetime
    ) -> list[str]:
        if not entries:
            return []
        ids = list({e.article_id for e in entries})
        with self._begin() as conn:
            existing = set(
                conn.execute(select(articles.c.id).where(articles.c.id.in_(ids))).scalars()
            )
            existing |= set(
                conn.execute(
                    select(article_urls.c.url_id).where(article_urls.c.url_id.in_(ids))
                ).scalars()
            )
            new: list[str] = []
            last_item_id = self._last_item_id(conn)
            for item in entries:
                if item.article_id in existing:
                    continue
                existing.add(item.article_id)
                entry = item.entry
                taken = self._insert_article(
                    conn,
                    last_item_id,
                    id=item.article_id,
                    source_id=source_id,
                    url=item.url,
                    guid=entry.guid,
                    title=entry.title,
                    summary=entry.summary,
                    authors=list(entry.authors),
                    published=entry.published,
                    modified=entry.updated,
                    discovered_at=now,
                    updated_at=now,
                    sort_time=_sort_time(entry.published, now),
                    keywords=list(item.keywords),
                    state=ArticleState.DISCOVERED.value,
                    attempts=0,
                    next_attempt_at=now,
                )
                if taken is None:  # another process stored this article meanwhile
                    continue
                last_item_id = taken
                if entry.image is not None:
                    conn.execute(
                        figures.insert().values(
                            article_id=item.article_id,
                            position=0,
                            role="lead",
                            **image_values(entry.image),
                        )
                    )
                self._replace_keywords(
                    conn, item.article_id, item.keywords, _sort_time(entry.published, now)
                )
                conn.execute(
                    self._insert_ignoring_conflicts(article_urls).values(
                        url_id=item.article_id, article_id=item.article_id
                    )
                )
                new.append(item.article_id)
        return new

    def _last_item_id(self, conn: Any) -> int:
        """The largest reader-app item id taken (one probe of its unique index)."""
        return int(conn.execute(select(func.max(articles.c.item_id))).scalar_one() or 0)

    def _insert_article(self, conn: Any, last_item_id: int, **values: Any) -> int | None:
        """Insert one article row with the next free item id; the id it took, or None when
        the article is there already (another process stored it meanwhile).

        An item id another process took since ``last_item_id`` was read is never dropped
        quietly: the next free one is tried, and after a few tries it is an error.
        """
        for _attempt in range(_ITEM_ID_TRIES):
            item_id = next_item_id(values["discovered_at"], last_item_id)
            inserted = conn.execute(
                self._insert_ignoring_conflicts(articles).values(item_id=item_id, **values)
            )
            if inserted.rowcount:
                return item_id
            present = conn.execute(select(articles.c.id).where(articles.c.id == values["id"]))
            if present.first() is not None:
                return None
            last_item_id = self._last_item_id(conn)
        raise StoreError(f"no free item id for article {values['id']}")

    def claim_urls(self, article_id: str, url_ids: Sequence[str]) -> str | None:
        """Record that ``article_id`` is also known by these URLs (ids), in order.

        Returns the id of ANOTHER article already known by one of them (so this one is a
        second copy of it; later URLs are then left unclaimed), or None when every URL is
        now this article's. One transaction for all: ingest calls this for every article.
        """
        with self._begin() as conn:
            for url_id in dict.fromkeys(url_ids):
                owner = conn.execute(
                    select(article_urls.c.article_id).where(article_urls.c.url_id == url_id)
                ).scalar_one_or_none()
                if owner is None:
                    owner = conn.execute(
                        select(articles.c.id).where(articles.c.id == url_id)
                    ).scalar_one_or_none()
                if owner is not None and owner != article_id:
                    return str(owner)
                conn.execute(
                    self._insert_ignoring_conflicts(article_urls).values(
                        url_id=url_id, article_id=article_id
                    )
                )
        return None

    def merge_article_into(self, duplicate_id: str, original_id: str) -> None:
        """Drop ``duplicate_id`` (a second copy reached by another URL); its URLs now lead to
        ``original_id``."""
        with self._begin() as conn:
            known = (
                conn.execute(
                    select(article_urls.c.url_id).where(article_urls.c.article_id == duplicate_id)
                )
                .scalars()
                .all()
            )
            conn.execute(articles.delete().where(articles.c.id == duplicate_id))
            for url_id in {*known, duplicate_id}:
                conn.execute(article_urls.delete().where(article_urls.c.url_id == url_id))
                conn.execute(article_urls.insert().values(url_id=url_id, article_id=original_id))

    def resolve_article_id(self, url_id: str) -> str | None:
        """The article known by this URL id, if any."""
        with self._connect() as conn:
            owner = conn.execute(
                select(article_urls.c.article_id).where(article_urls.c.url_id == url_id)
            ).scalar_one_or_none()
        return None if owner is None else str(owner)

    def recent_fingerprints(self, since: datetime) -> list[tuple[str, str | None, bytes]]:
        """(id, content hash, fingerprint) of original articles seen since ``since``."""
        stmt = (
            select(articles.c.id, articles.c.content_hash, articles.c.fingerprint)
            .where(articles.c.discovered_at >= since)
            .where(articles.c.fingerprint.is_not(None))
            .where(articles.c.duplicate_of.is_(None))
            .order_by(articles.c.discovered_at)
        )
        with self._connect() as conn:
            return [(r.id, r.content_hash, bytes(r.fingerprint)) for r in conn.execute(stmt)]

    def pending_articles(
        self, now: datetime, *, max_attempts: int, limit: int
    ) -> list[PendingArticle]:
        stmt = (
            select(articles.c.id, articles.c.url, articles.c.source_id, articles.c.attempts)
            .where(articles.c.state.in_([ArticleState.DISCOVERED.value, ArticleState.FAILED.value]))
            .where(articles.c.attempts < max_attempts)
            # A failure with no next attempt is for good (404, 410, robots.txt): not due.
            .where(
                or_(
                    articles.c.next_attempt_at <= now,
                    and_(
                        articles.c.next_attempt_at.is_(None),
                        articles.c.state == ArticleState.DISCOVERED.value,
                    ),
                )
            )
            .order_by(articles.c.sort_time.desc())
            .limit(limit)
        )
        with self._connect() as conn:
            return [
                PendingArticle(r.id, r.url, r.source_id, r.attempts) for r in conn.execute(stmt)
            ]

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
        with self._begin() as conn:
            row = conn.execute(select(articles).where(articles.c.id == article_id)).one_or_none()
            if row is None:
                raise NotFound(f"no article with id {article_id}")
            published = extracted.published or row.published
            keywords = _merge_keywords(row.keywords, extracted.keywords)
            if duplicate_of == article_id:
                duplicate_of = None
            # A copy joins its original's story (None until the original is placed; placing
            # it then brings its copies along). The original's row is locked (PostgreSQL;
            # SQLite has one writer): a placement committing between this read and our
            # commit would not see the copy, which would then keep no story.
            story_id = None
            if duplicate_of is not None:
                story_id = conn.execute(
                    select(articles.c.story_id)
                    .where(articles.c.id == duplicate_of)
                    .with_for_update()
                ).scalar_one_or_none()
            conn.execute(
                update(articles)
                .where(articles.c.id == article_id)
                .values(
                    title=extracted.title or row.title,
                    summary=row.summary or extracted.description,
                    text=extracted.text,
                    html=extracted.html,
                    authors=list(extracted.authors) or row.authors,
                    author_links=[list(link) for link in extracted.author_links],
                    published=published,
                    modified=extracted.modified or row.modified,
                    sort_time=_sort_time(published, row.discovered_at),
                    language=extracted.language,
                    article_type=extracted.article_type,
                    section=extracted.section,
                    keywords=keywords,
                    state=ArticleState.EXTRACTED.value,
                    error=None,
                    attempts=row.attempts + 1,
                    next_attempt_at=None,
                    updated_at=now,
                    content_hash=content_hash,
                    fingerprint=fingerprint,
                    duplicate_of=duplicate_of,
                    story_id=story_id,
                    machine_translated=extracted.machine_translated,
                    translated_from=extracted.translated_from,
                )
            )
            self._replace_figures(conn, article_id, extracted.lead_image, extracted.figures)
            self._replace_keywords(
                conn, article_id, tuple(keywords), _sort_time(published, row.discovered_at)
            )

    def record_article_failure(
        self, article_id: str, error: str, *, now: datetime, next_attempt_at: datetime | None
    ) -> None:
        with self._begin() as conn:
            result = conn.execute(
                update(articles)
                .where(articles.c.id == article_id)
                .values(
                    state=ArticleState.FAILED.value,
                    error=error[:2000],
                    attempts=articles.c.attempts + 1,
                    next_attempt_at=next_attempt_at,
                    updated_at=now,
                )
            )
            if result.rowcount == 0:
                raise NotFound(f"no article with id {article_id}")

    # -- helpers -----------------------------------------------------------------------------

    def _replace_figures(
        self, conn: Any, article_id: str, lead: Image | None, body: Sequence[Image]
    ) -> None:
        """The extracted figures in place of the stored ones; the stored lead image (the
        feed's, or an earlier extraction's) stays when this extraction found none."""
        if lead is None:
            kept = conn.execute(
                select(figures).where(figures.c.article_id == article_id, figures.c.role == "lead")
            ).first()
            lead = image_row(kept._mapping) if kept is not None else None
        conn.execute(figures.delete().where(figures.c.article_id == article_id))
        rows = [("lead", lead)] if lead is not None else []
        rows += [("body", image) for image in body]
        if rows:  # one executemany: building a statement per figure cost more than it
            conn.execute(
                figures.insert(),
                [
                    {
                        "article_id": article_id,
                        "position": position,
                        "role": role,
                        **image_values(image),
                    }
                    for position, (role, image) in enumerate(rows)
                ],
            )

    def _replace_keywords(
        self, conn: Any, article_id: str, keywords: Sequence[str], sort_time: datetime
    ) -> None:
        """The article's keywords, each with its sort time (``related_by_keywords`` looks
        them up by keyword and time)."""
        conn.execute(article_keywords.delete().where(article_keywords.c.article_id == article_id))
        normalised = {normalise_keyword(k) for k in keywords if k.strip()}
        if normalised:
            conn.execute(
                article_keywords.insert(),
                [
                    {"article_id": article_id, "keyword": k, "sort_time": sort_time}
                    for k in sorted(normalised)
                ],
            )


def _merge_keywords(existing: Sequence[str] | None, found: Sequence[str]) -> list[str]:
    seen: set[str] = set()
    merged: list[str] = []
    for keyword in [*found, *(existing or ())]:
        key = normalise_keyword(keyword)
        if key and key not in seen:
            seen.add(key)
            merged.append(keyword.strip())
    return merged
