"""The story brief as the story page shows it: what most outlets report, what each adds,
where they disagree and which figures later reports updated, each line linked to the
sentence it quotes.

``pipeline/brief_payload.py`` builds, rewords and caches it; this turns it into view
objects for ``_story_brief.html``, in the reader's language.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from babel.dates import format_datetime, format_time

from tidings.config import Settings
from tidings.pipeline.ai_cache import AiCache
from tidings.pipeline.article_ai import EXTRACTIVE, JSON, ChatFactory
from tidings.pipeline.brief_payload import StoryArticle, brief_payload
from tidings.web.ai.panel import fallback_notice, producer_text
from tidings.web.i18n import N_, gettext
from tidings.web.presentation.presenters import TimeView, time_view

__all__ = ["BriefUpdate", "BriefView", "StoryArticle", "story_brief"]

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
    payload = brief_payload(story_id, articles, settings, cache, lang=lang, now=now, chat=chat)
    return None if payload is None else _brief_view(payload, lang, now)


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
        notice=fallback_notice(payload["failed"]) if "failed" in payload else None,
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
