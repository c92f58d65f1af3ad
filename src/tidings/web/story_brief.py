"""The story brief as the story page shows it: what most outlets report, what each adds,
where they disagree and which figures later reports updated, each line linked to the
sentence it quotes.

``tidings.ai.brief`` builds it; this caches it (by the story's members and their texts),
rewords its common points through a model server when one is set, and turns it into
view objects for ``_story_brief.html``.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from babel.dates import format_datetime, format_time

from tidings.ai.backends import AIError
from tidings.ai.brief import BriefArticle, StoryBrief, build_brief
from tidings.ai.rewrite import Citation as RewriteCitation
from tidings.ai.rewrite import CitedSentence
from tidings.ai.translate import content_hash
from tidings.config import Settings
from tidings.models import Article
from tidings.web.ai_cache import AiCache, ai_cache_key, server_backend
from tidings.web.ai_panel import (
    EXTRACTIVE,
    JSON,
    LOCAL_PRODUCER,
    ChatFactory,
    fallback_notice,
    producer_text,
    rewrite_cited,
    rewriter_for,
)
from tidings.web.i18n import N_, gettext
from tidings.web.presenters import TimeView, time_view

__all__ = ["BriefUpdate", "BriefView", "StoryArticle", "story_brief"]

log = logging.getLogger(__name__)

# What ``tidings.ai.brief`` says made a brief, marked here for the catalogs: the cache keeps
# its English words, the page shows them translated.
METHODS = (
    N_("Extractive: outlets' own sentences, grouped by TF-IDF; figures compared by rules."),
    N_(
        "Extractive: outlets' own sentences, grouped by TF-IDF and sentence embeddings; "
        "figures compared by rules."
    ),
)


@dataclass(frozen=True, slots=True)
class SourceLink:
    """An outlet cited for a line of the brief, linking to the sentence in its article."""

    outlet: str
    href: str
    text: str


@dataclass(frozen=True, slots=True)
class BriefLine:
    """A line of the brief and the outlets it cites."""

    text: str
    href: str
    sources: tuple[SourceLink, ...]
    reworded: bool = False


@dataclass(frozen=True, slots=True)
class BriefAddition:
    """What one outlet alone reports."""

    outlet: str
    lines: tuple[BriefLine, ...]


@dataclass(frozen=True, slots=True)
class BriefValue:
    """One figure in a disagreement, with the outlets that state it."""

    label: str
    sources: tuple[SourceLink, ...]


@dataclass(frozen=True, slots=True)
class BriefDisagreement:
    """A measured thing outlets report incompatible figures for."""

    subject: str
    values: tuple[BriefValue, ...]


@dataclass(frozen=True, slots=True)
class BriefUpdateValue:
    """A figure as it stood from one time on: "14 injured", first reported at 10:01."""

    label: str
    sources: tuple[SourceLink, ...]
    time: TimeView | None
    clock: str | None  # the time of day it was first reported ("10:01"), UTC


@dataclass(frozen=True, slots=True)
class BriefUpdate:
    """A figure that later reports revised: "12 → 14, updated 10:01"."""

    subject: str
    values: tuple[BriefUpdateValue, ...]


@dataclass(frozen=True, slots=True)
class BriefView:
    """The story brief as the story page shows it."""

    common: tuple[BriefLine, ...]
    additions: tuple[BriefAddition, ...]
    disagreements: tuple[BriefDisagreement, ...]
    producer: str
    method: str
    made: TimeView | None
    notice: str | None
    reworded_by: str | None = None  # the sentence naming the model that reworded lines
    updates: tuple[BriefUpdate, ...] = ()


@dataclass(frozen=True, slots=True)
class StoryArticle:
    """An original article of a story and its outlet's name."""

    article: Article
    outlet: str


def story_brief(
    story_id: str,
    articles: Iterable[StoryArticle],
    settings: Settings,
    cache: AiCache,
    *,
    lang: str,
    now: datetime,
    chat: ChatFactory | None = None,
) -> BriefView | None:
    """The brief of a story's original articles; None under two outlets with text."""
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
    payload = _reworded_brief(payload, story_id, content, settings, cache, lang, now, chat)
    return _brief_view(payload, lang, now)


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
        return {**payload, "notice": fallback_notice(exc)}
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


def _links(citations: Sequence[JSON], lang: str) -> tuple[SourceLink, ...]:
    seen: set[str] = set()
    links = []
    for c in citations:
        if c["outlet"] in seen:
            continue
        seen.add(c["outlet"])
        links.append(SourceLink(c["outlet"], _href(c, lang), c["text"]))
    return tuple(links)


def _href(citation: JSON, lang: str) -> str:
    return f"/{lang}/article/{citation['article_id']}#{citation['sentence_id']}"


def _brief_view(payload: JSON, lang: str, now: datetime) -> BriefView:
    return BriefView(
        common=tuple(
            BriefLine(
                p["text"],
                _href(p["representative"], lang),
                _links(p["sources"], lang),
                p["reworded"],
            )
            for p in payload["common"]
        ),
        additions=tuple(
            BriefAddition(
                a["outlet"],
                tuple(BriefLine(c["text"], _href(c, lang), ()) for c in a["sentences"]),
            )
            for a in payload["additions"]
        ),
        disagreements=tuple(
            BriefDisagreement(
                d["subject"],
                tuple(BriefValue(v["label"], _links(v["sources"], lang)) for v in d["values"]),
            )
            for d in payload["disagreements"]
        ),
        producer=producer_text(payload),
        method=gettext(payload["method"]),
        made=time_view(datetime.fromisoformat(payload["made_at"]), now, lang),
        notice=payload.get("notice"),
        reworded_by=_reworded_by(payload),
        updates=tuple(
            BriefUpdate(
                u["subject"],
                tuple(_update_value(v, lang, now) for v in u["values"]),
            )
            for u in payload.get("updates", [])  # a brief cached before updates has none
        ),
    )


def _update_value(value: JSON, lang: str, now: datetime) -> BriefUpdateValue:
    reported = datetime.fromisoformat(value["reported"]) if value["reported"] else None
    return BriefUpdateValue(
        value["label"],
        _links(value["sources"], lang),
        time_view(reported, now, lang),
        _clock(reported, now, lang) if reported else None,
    )


def _clock(moment: datetime, now: datetime, lang: str) -> str:
    """When a figure was reported, as a reader reads it: the time of day, with the date
    when it is not today (UTC, as the page's other absolute times)."""
    moment, today = moment.astimezone(UTC), now.astimezone(UTC)
    if moment.date() == today.date():
        return format_time(moment, "short", tzinfo=UTC, locale=lang)
    return format_datetime(moment, "short", tzinfo=UTC, locale=lang)


def _reworded_by(payload: JSON) -> str | None:
    rewriter = payload.get("rewriter")
    if rewriter:
        return gettext(
            "Common points reworded by %(backend)s, model %(model)s, from sentences extracted "
            "on this server."
        ) % {"backend": rewriter["backend"], "model": rewriter["model"]}
    if payload["producer"] != EXTRACTIVE:  # cached before "rewriter" was stored
        return f"Common points {payload['producer']}."
    return None
