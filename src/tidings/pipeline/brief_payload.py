"""The story brief, built and cached: what most outlets report, what each adds, where they
disagree and which figures later reports updated.

``tidings.ai.brief`` builds it; this caches it (by the story's members and their texts)
and rewords its common points through a model server when one is set. The payload is the
cached JSON-ready dict, in English; ``web/ai/story_brief.py`` shows it in the reader's language.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from tidings.ai.backends import AIError
from tidings.ai.brief import BriefArticle, StoryBrief, build_brief
from tidings.ai.rewrite import Citation as RewriteCitation
from tidings.ai.rewrite import CitedSentence
from tidings.ai.translate import content_hash
from tidings.config import Settings
from tidings.models import Article
from tidings.pipeline.ai_cache import AiCache, ai_cache_key, server_backend
from tidings.pipeline.article_ai import (
    EXTRACTIVE,
    JSON,
    LOCAL_PRODUCER,
    ChatFactory,
    rewrite_cited,
    rewriter_for,
)

__all__ = ["StoryArticle", "brief_payload"]

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class StoryArticle:
    """An original article of a story and its outlet's name."""

    article: Article
    outlet: str


def brief_payload(
    story_id: str,
    articles: Iterable[StoryArticle],
    settings: Settings,
    cache: AiCache,
    *,
    lang: str,
    now: datetime,
    chat: ChatFactory | None = None,
) -> JSON | None:
    """The brief of a story's original articles, as cached (reworded when a model server is
    set up for it); None under two outlets with text. When rewording fails the extracted
    brief comes back with ``"failed"``, the error's words."""
    members = [m for m in articles if (m.article.text or "").strip()]
    if len({m.outlet for m in members}) < 2:
        return None
    content = json.dumps(
        sorted((m.article.id, content_hash(m.article.title, m.article.text or "")) for m in members)
    )
    local_key = ai_cache_key("brief", story_id, content, lang, *LOCAL_PRODUCER)
    payload = cache.get(local_key)
    if payload is None:
        brief = build_brief(
            [
                BriefArticle(
                    m.article.id,
                    m.outlet,
                    m.article.title,
                    m.article.text or "",
                    m.article.published,
                    m.article.language or "en",
                )
                for m in members
            ]
        )
        if brief is None:
            return None
        payload = {**_brief_payload(brief), "made_at": now.astimezone(UTC).isoformat()}
        cache.put(local_key, payload)
    return _reworded_brief(payload, story_id, content, settings, cache, lang, now, chat)


def _citation(c: Any) -> JSON:
    return {
        "article_id": c.article_id,
        "outlet": c.outlet,
        "sentence_id": c.sentence_id,
        "text": c.text,
    }


def _brief_payload(brief: StoryBrief) -> JSON:
    return {
        "common": [
            {
                "text": p.text,
                "reworded": False,
                "representative": _citation(p.representative),
                "sources": [_citation(c) for c in p.sources],
            }
            for p in brief.common
        ],
        "additions": [
            {"outlet": a.outlet, "sentences": [_citation(c) for c in a.sentences]}
            for a in brief.additions
        ],
        "disagreements": [
            {
                "subject": _subject(d.key, d.dimension, d.per),
                "values": [
                    {"label": v.label, "sources": [_citation(c) for c in v.sources]}
                    for v in d.values
                ],
            }
            for d in brief.disagreements
        ],
        "updates": [
            {
                "subject": _subject(u.key, u.dimension, u.per),
                "values": [
                    {
                        "label": v.label,
                        "reported": v.reported.astimezone(UTC).isoformat() if v.reported else None,
                        "sources": [_citation(c) for c in v.sources],
                    }
                    for v in u.values
                ],
            }
            for u in brief.updates
        ],
        "producer": EXTRACTIVE,
        "method": brief.method,
    }


def _subject(key: str, dimension: str, per: str | None) -> str:
    """What a disagreement is about, in words: "vehicle (count, per day)"; a measure that
    names itself is not said twice ("magnitude", not "magnitude (magnitude)")."""
    kinds = [] if dimension.casefold() == key.casefold() else [dimension]
    if per is not None:
        kinds.append(f"per {per}")
    return f"{key} ({', '.join(kinds)})" if kinds else key


def _reworded_brief(
    payload: JSON,
    story_id: str,
    content: str,
    settings: Settings,
    cache: AiCache,
    lang: str,
    now: datetime,
    chat: ChatFactory | None,
) -> JSON:
    rewriter = rewriter_for(settings, chat)
    if rewriter is None or not payload["common"]:
        return payload
    factory, model = rewriter
    key = ai_cache_key("brief", story_id, content, lang, server_backend(settings), model)
    cached = cache.get(key)
    if cached is not None:
        return cached
    items = [
        CitedSentence(
            p["text"],
            tuple(
                RewriteCitation(c["article_id"], n, c["text"]) for n, c in enumerate(p["sources"])
            ),
        )
        for p in payload["common"]
    ]
    try:
        result = rewrite_cited(items, factory, now=now)
    except AIError as exc:
        log.warning("rewording the brief of story %s failed: %s", story_id, exc)
        return {**payload, "failed": str(exc)}
    reworded = {
        **payload,
        "common": [
            {**p, "text": s.text, "reworded": s.rewritten}
            for p, s in zip(payload["common"], result.sentences, strict=True)
        ],
        "producer": f"reworded by {result.backend}, model {result.model}, from sentences "
        "extracted on this server",
        "rewriter": {"backend": result.backend, "model": result.model},
        "made_at": result.created_at.astimezone(UTC).isoformat(),
    }
    cache.put(key, reworded)
    return reworded
