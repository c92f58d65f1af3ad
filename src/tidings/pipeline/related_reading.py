"""An article's related articles as the article page and ``/v1`` list them.

Related articles are stored at ingest (nearest in meaning, other stories); while there are
too few of them (a young or small archive), recent articles sharing keywords fill up, never
from the same story and at most two per outlet.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from tidings.ai.sentences import split_sentences
from tidings.models import Article
from tidings.store import Repository

__all__ = ["related_for", "sentence_indexes"]


def related_for(
    repo: Repository, article: Article, root: str, *, limit: int, stories: bool, now: datetime
) -> list[Article]:
    """Up to ``limit`` related articles of ``article``; ``root`` is its original (a copy
    shows its original's related articles)."""
    related: list[Article] = []
    if stories and article.story_id:
        related = repo.stories.related_articles(root, limit=limit)
    if len(related) >= limit:
        return related
    seen = {a.id for a in related} | {article.id, root}
    per_outlet = Counter(a.source_id for a in related)
    for extra in repo.articles.related_by_keywords(article, limit=2 * limit, now=now):
        if extra.id in seen or per_outlet[extra.source_id] >= 2:
            continue
        if article.story_id and extra.story_id == article.story_id:
            continue
        related.append(extra)
        per_outlet[extra.source_id] += 1
        if len(related) >= limit:
            break
    return related


def sentence_indexes(text: str) -> dict[str, int]:
    """Each sentence anchor id of an article body (as key points cite them) with the
    sentence's place in reading order, counted from 0."""
    return {s.id: s.index for s in split_sentences(text)}
