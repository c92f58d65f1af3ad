"""Full coverage: a story's articles arranged for the story page.

Pure: the story's stored articles and the sources in; outlet groups, a timeline, the mix
of article types and a headline comparison out. Syndicated copies are not coverage of
their own: each is shown under its original as "also published by".
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from tidings.models import Article, Source
from tidings.web.i18n import N_, gettext
from tidings.web.presentation.labels import ArticleTypeLabel, label_for
from tidings.web.presentation.presenters import TimeView, outlet_name, time_view

NOT_STATED = N_("Not stated")
OTHER = N_("Other")


@dataclass(frozen=True, slots=True)
class Copy:
    """A syndicated copy of a story's article, at another address."""

    article: Article
    source: Source | None
    outlet: str


@dataclass(frozen=True, slots=True)
class CoverageItem:
    """One original article in a story, with its copies."""

    article: Article
    source: Source | None
    outlet: str
    time: TimeView | None
    label: ArticleTypeLabel | None
    copies: tuple[Copy, ...]


@dataclass(frozen=True, slots=True)
class OutletCoverage:
    """What one outlet published about a story, oldest first."""

    source: Source | None
    outlet: str
    items: tuple[CoverageItem, ...]


@dataclass(frozen=True, slots=True)
class TypeShare:
    """How many of a story's articles have one article type."""

    name: str
    explanation: str | None
    count: int
    total: int

    @property
    def percent(self) -> int:
        """The share, rounded to a whole percent."""
        return round(100 * self.count / self.total) if self.total else 0


@dataclass(frozen=True, slots=True)
class Coverage:
    """Everything the story page shows about a story's articles."""

    items: tuple[CoverageItem, ...]  # originals, oldest first: the timeline
    outlets: tuple[OutletCoverage, ...]  # in the order each outlet first covered the story
    type_mix: tuple[TypeShare, ...]  # most common first, "Not stated" last

    @property
    def article_count(self) -> int:
        """Original articles (copies not counted)."""
        return len(self.items)

    @property
    def outlet_count(self) -> int:
        """Outlets with an original article."""
        return len(self.outlets)


def _moment(article: Article) -> datetime | None:
    return article.sort_time or article.published or article.discovered_at


def arrange_coverage(
    articles: list[Article], sources: dict[int, Source], now: datetime, locale: str | None = None
) -> Coverage:
    """Arrange a story's articles (oldest first, copies included) for its page."""
    ids = {a.id for a in articles}
    # A copy whose original is not in the story (or is itself a copy) stands on its own.
    roots = {a.id for a in articles if not a.duplicate_of or a.duplicate_of not in ids}
    copies: dict[str, list[Copy]] = {}
    originals: list[Article] = []
    for a in articles:
        if a.id not in roots and a.duplicate_of in roots:
            source = sources.get(a.source_id)
            copies.setdefault(a.duplicate_of, []).append(Copy(a, source, outlet_name(source)))
        else:
            originals.append(a)
    originals.sort(key=lambda a: (_moment(a) or now, a.id))
    items = tuple(
        CoverageItem(
            article=a,
            source=sources.get(a.source_id),
            outlet=outlet_name(sources.get(a.source_id)),
            time=time_view(_moment(a), now, locale),
            label=label_for(a.article_type),
            copies=tuple(copies.get(a.id, ())),
        )
        for a in originals
    )
    by_outlet: dict[int, list[CoverageItem]] = {}
    for item in items:
        by_outlet.setdefault(item.article.source_id, []).append(item)
    outlets = tuple(
        OutletCoverage(group[0].source, group[0].outlet, tuple(group))
        for group in by_outlet.values()
    )
    return Coverage(items=items, outlets=outlets, type_mix=type_mix(items))


def type_mix(items: tuple[CoverageItem, ...]) -> tuple[TypeShare, ...]:
    """Counts per article-type label, most common first; untyped articles last."""
    counts: Counter[str] = Counter()
    explanations: dict[str, str | None] = {}
    for item in items:
        if item.label is not None:
            name, explanation = item.label.name, item.label.explanation
        elif item.article.article_type:
            name, explanation = OTHER, gettext("A type Tidings has no label for.")
        else:
            explanation = gettext("The publisher did not say what kind of article it is.")
            name = NOT_STATED
        counts[name] += 1
        explanations[name] = explanation
    total = len(items)
    last = {OTHER: 1, NOT_STATED: 2}
    ranked = sorted(counts.items(), key=lambda kv: (last.get(kv[0], 0), -kv[1], kv[0]))
    # The two catch-alls are message ids until here; label names come translated.
    return tuple(
        TypeShare(gettext(name) if name in last else name, explanations[name], n, total)
        for name, n in ranked
    )
