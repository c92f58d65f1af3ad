"""Related articles: near in meaning, not the same story, close in time, from many outlets.

The candidates are an article's nearest neighbours by embedding (cosine similarity). An
article of the same story is not "related", it is the story (the page links it apart);
copies are the same text. What is left is scored by similarity halved for every
``half_life_days`` between the two, weak matches dropped, and at most ``per_outlet`` kept
from one outlet so a prolific publisher cannot fill the list.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from tidings.store.repository import ArticleFacts

__all__ = ["RelatedRules", "choose_related"]


@dataclass(frozen=True, slots=True)
class RelatedRules:
    """How related articles are chosen."""

    limit: int = 6
    per_outlet: int = 2
    window_days: float = 30.0
    half_life_days: float = 7.0
    # all-MiniLM-L6-v2 places unrelated English news around 0.1-0.25 and one topic above
    # 0.4. Texts in languages it was not trained on sit close together whatever they say
    # (unrelated French pairs: 0.43 on average, up to 0.63), so they need far more.
    min_similarity: float = 0.35
    foreign_min_similarity: float = 0.65
    model_languages: tuple[str, ...] = ("en",)

    def readable(self, language: str | None) -> bool:
        """Whether the embedding model reads this language (unknown: assume it does)."""
        if not language:
            return True
        return language.replace("_", "-").split("-", 1)[0].lower() in self.model_languages


def choose_related(
    article_id: str,
    moment: datetime,
    neighbours: Iterable[tuple[str, float]],
    facts: Mapping[str, ArticleFacts],
    *,
    same_story: Collection[str],
    rules: RelatedRules,
    language: str | None = None,
    limit: int | None = None,
) -> list[tuple[str, float]]:
    """The best related articles as ``(id, score)``, best first.

    ``neighbours`` are ``(id, cosine)`` pairs; ``facts`` describes them; ``same_story``
    holds the ids of the article's story (and of stories merged into it); ``language`` is
    the article's. ``limit``
    overrides ``rules.limit`` (offers to other articles look further down the list).
    """
    scored: list[tuple[float, str, int]] = []
    for other, similarity in neighbours:
        fact = facts.get(other)
        if other == article_id or fact is None or fact.duplicate_of is not None:
            continue
        if fact.story_id is not None and fact.story_id in same_story:
            continue
        readable = rules.readable(language) and rules.readable(fact.language)
        if similarity < (rules.min_similarity if readable else rules.foreign_min_similarity):
            continue
        days = abs((fact.sort_time - moment).total_seconds()) / 86400
        if days > rules.window_days:
            continue
        score = similarity * 0.5 ** (days / rules.half_life_days)
        scored.append((score, other, fact.source_id))
    scored.sort(key=lambda item: (-item[0], item[1]))
    wanted = rules.limit if limit is None else limit
    chosen: list[tuple[str, float]] = []
    per_source: Counter[int] = Counter()
    for score, other, source_id in scored:
        if len(chosen) >= wanted:
            break
        if per_source[source_id] >= rules.per_outlet:
            continue
        per_source[source_id] += 1
        chosen.append((other, round(score, 6)))
    return chosen
