"""Related articles: near in meaning, not the same story, close in time, from many outlets.

The candidates are an article's nearest neighbours by embedding (cosine similarity). An
article of the same story is not "related", it is the story (the page links it apart);
copies are the same text. What is left is scored by similarity halved for every
``half_life_days`` between the two, and at most ``per_outlet`` kept from one outlet so a
prolific publisher cannot fill the list.

Two floors: neighbours above ``min_similarity`` are related outright; when fewer than
``min_count`` clear it, the list is topped up from neighbours above the lower
``fallback_similarity`` (the same subject, less closely), and then from neighbours in the
article's category, freshest first, so a page is not left without related articles while
the archive holds some on its subject. Both floors were chosen by cross-validation on
labelled news (tests/eval/test_related.py: topical precision and how many articles get
three, on the half not fitted).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from tidings.models import ArticleFacts

__all__ = ["RelatedCandidates", "RelatedRules", "choose_related", "related_candidates"]

_Scored = tuple[float, str, int]  # score, article id, outlet


@dataclass(frozen=True, slots=True)
class RelatedRules:
    """How related articles are chosen."""

    limit: int = 6
    per_outlet: int = 2
    window_days: float = 30.0
    half_life_days: float = 7.0
    # Chosen by cross-validation (tests/eval/test_related.py): on BBC and AG News and on
    # ECB+, both halves chose 0.45 and 0.3, the most precise floors that still give 98% of
    # articles three related ones. Both embedding models place unrelated news around
    # 0.1-0.25. Texts in languages the English model was not trained on sit close
    # together whatever they say (unrelated French pairs: 0.43 on average, up to 0.63),
    # so with that model alone they need far more.
    min_similarity: float = 0.45
    fallback_similarity: float = 0.3
    min_count: int = 3  # related articles worth topping the list up to
    foreign_min_similarity: float = 0.65
    model_languages: tuple[str, ...] = ("en",)
    # The vectors come from the multilingual model, which reads every language alike.
    every_language: bool = False

    def readable(self, language: str | None) -> bool:
        """Whether the embedding model reads this language (unknown: assume it does)."""
        if not language or self.every_language:
            return True
        return language.replace("_", "-").split("-", 1)[0].lower() in self.model_languages


@dataclass(frozen=True, slots=True)
class RelatedCandidates:
    """The neighbours that may be related to an article, as ``(score, id, outlet)`` in
    three tiers, each best first: near in meaning, less near, and of its category only."""

    strong: list[_Scored]
    weak: list[_Scored]
    kin: list[_Scored]

    def chosen(self, rules: RelatedRules, limit: int | None = None) -> list[tuple[str, float]]:
        """The article's related articles as ``(id, score)``, best first: the near ones,
        then the top-ups up to ``rules.min_count``, at most ``rules.per_outlet`` an outlet
        (``limit`` overrides ``rules.limit``)."""
        wanted = rules.limit if limit is None else limit
        enough = min(wanted, rules.min_count)
        chosen: list[tuple[str, float]] = []
        per_source: Counter[int] = Counter()
        for tier, most in ((self.strong, wanted), (self.weak, enough), (self.kin, enough)):
            for score, other, source_id in tier:
                if len(chosen) >= most:
                    break
                if per_source[source_id] >= rules.per_outlet:
                    continue
                per_source[source_id] += 1
                chosen.append((other, round(score, 6)))
        return chosen

    def offers(self, limit: int) -> list[tuple[str, float]]:
        """The neighbours the article is offered to as a related article, best first:
        every one it relates to by any tier (the relation is symmetric), at most ``limit``.
        Each keeps an offer only if it makes its own cut, so a category's offer (scored
        low) fills a list that has room and never displaces a near article."""
        ranked = [*self.strong, *self.weak, *self.kin][:limit]
        return [(other, round(score, 6)) for score, other, _ in ranked]


def related_candidates(
    article_id: str,
    moment: datetime,
    neighbours: Iterable[tuple[str, float]],
    facts: Mapping[str, ArticleFacts],
    *,
    same_story: Collection[str],
    rules: RelatedRules,
    language: str | None = None,
    category: str | None = None,
) -> RelatedCandidates:
    """Sort an article's neighbours into the tiers related articles are chosen from.

    ``neighbours`` are ``(id, cosine)`` pairs; ``facts`` describes them; ``same_story``
    holds the ids of the article's story (and of stories merged into it); ``language`` is
    the article's, ``category`` its category (the last top-up's)."""
    strong: list[_Scored] = []
    weak: list[_Scored] = []
    kin: list[_Scored] = []  # same category, less alike
    for other, similarity in neighbours:
        fact = facts.get(other)
        if other == article_id or fact is None or fact.duplicate_of is not None:
            continue
        if fact.story_id is not None and fact.story_id in same_story:
            continue
        days = abs((fact.sort_time - moment).total_seconds()) / 86400
        if days > rules.window_days:
            continue
        freshness = 0.5 ** (days / rules.half_life_days)
        score = similarity * freshness
        if rules.readable(language) and rules.readable(fact.language):
            if similarity >= rules.min_similarity:
                strong.append((score, other, fact.source_id))
                continue
            if similarity >= rules.fallback_similarity:
                weak.append((score, other, fact.source_id))
                continue
        elif similarity >= rules.foreign_min_similarity:
            strong.append((score, other, fact.source_id))
            continue
        if category is not None and fact.category == category:
            # Freshest first, scored low: an offer to another article never prefers it.
            kin.append((0.01 * freshness, other, fact.source_id))
    for tier in (strong, weak, kin):
        tier.sort(key=lambda item: (-item[0], item[1]))
    return RelatedCandidates(strong, weak, kin)


def choose_related(
    article_id: str,
    moment: datetime,
    neighbours: Iterable[tuple[str, float]],
    facts: Mapping[str, ArticleFacts],
    *,
    same_story: Collection[str],
    rules: RelatedRules,
    language: str | None = None,
    category: str | None = None,
    limit: int | None = None,
) -> list[tuple[str, float]]:
    """The best related articles as ``(id, score)``, best first (``related_candidates``,
    then ``RelatedCandidates.chosen``)."""
    candidates = related_candidates(
        article_id,
        moment,
        neighbours,
        facts,
        same_story=same_story,
        rules=rules,
        language=language,
        category=category,
    )
    return candidates.chosen(rules, limit)
