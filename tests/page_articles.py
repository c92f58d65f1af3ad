"""Stored articles for the tests of what pages read (issue #19 point 4): a feed entry
added and extracted through the repository, as ingest stores one."""

from __future__ import annotations

from datetime import datetime, timedelta

from tidings.ingest import article_id
from tidings.models import ExtractedArticle, FeedEntry, Image
from tidings.store import NewEntry, SqlRepository


def stored_article(
    repo: SqlRepository,
    source_id: int,
    slug: str,
    *,
    now: datetime,
    minutes_ago: int,
    images: tuple[Image, ...] = (),
) -> str:
    """An extracted article of two sentences, its first image (if any) the lead and the
    others in its body; its id."""
    url = f"https://pub{source_id}.example/news/{slug}"
    at = now - timedelta(minutes=minutes_ago)
    aid = article_id(url)
    new = NewEntry(aid, url, FeedEntry(url=url, title=f"Headline {slug}", published=at))
    repo.articles.add_entries(source_id, [new], now=now)
    words = f"First sentence of {slug}. Second sentence of {slug}."
    body = ExtractedArticle(
        title=f"Headline {slug}",
        text=words,
        html=f"<p>{words}</p>",
        published=at,
        lead_image=images[0] if images else None,
        figures=images[1:],
    )
    repo.articles.save_extraction(aid, body, now=now)
    return aid
