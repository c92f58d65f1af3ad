"""Choosing related articles from nearest neighbours (``stories.related``)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tidings.store import ArticleFacts
from tidings.stories.related import RelatedRules, choose_related

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


def _facts(*rows: tuple[str, int, float, str | None, str | None]) -> dict[str, ArticleFacts]:
    return {
        i: ArticleFacts(i, source, NOW - timedelta(days=days), story, copy_of)
        for i, source, days, story, copy_of in rows
    }


def test_same_story_copies_self_and_weak_matches_are_left_out() -> None:
    facts = _facts(
        ("me", 1, 0, "s1", None),
        ("same", 2, 0, "s1", None),
        ("merged", 2, 0, "s0", None),
        ("copy", 3, 0, "s2", "x"),
        ("weak", 4, 0, "s3", None),
        ("good", 5, 0, "s4", None),
    )
    neighbours = [
        ("me", 1.0),
        ("same", 0.9),
        ("merged", 0.9),
        ("copy", 0.9),
        ("weak", 0.2),
        ("good", 0.6),
    ]
    chosen = choose_related(
        "me", NOW, neighbours, facts, same_story={"s1", "s0"}, rules=RelatedRules()
    )
    assert chosen == [("good", 0.6)]


def test_age_decays_the_score_and_the_window_cuts() -> None:
    facts = _facts(
        ("fresh", 1, 0, None, None), ("week", 2, 7, None, None), ("old", 3, 40, None, None)
    )
    neighbours = [("old", 0.99), ("week", 0.9), ("fresh", 0.6)]
    chosen = choose_related("me", NOW, neighbours, facts, same_story=(), rules=RelatedRules())
    assert [i for i, _ in chosen] == ["fresh", "week"]  # 0.9 halved by a week is below 0.6
    assert chosen[1][1] == 0.45


def test_at_most_two_per_outlet_and_the_limit() -> None:
    facts = _facts(*((f"a{n}", 1, 0, None, None) for n in range(5)), ("b", 2, 0, None, None))
    neighbours = [(f"a{n}", 0.9 - n / 100) for n in range(5)] + [("b", 0.5)]
    chosen = choose_related("me", NOW, neighbours, facts, same_story=(), rules=RelatedRules())
    assert [i for i, _ in chosen] == ["a0", "a1", "b"]
    limited = choose_related(
        "me", NOW, neighbours, facts, same_story=(), rules=RelatedRules(limit=1)
    )
    assert [i for i, _ in limited] == ["a0"]


def test_languages_the_model_does_not_read_need_more_similarity() -> None:
    facts = {
        "fr": ArticleFacts("fr", 1, NOW, None, None, "fr"),
        "fr-close": ArticleFacts("fr-close", 2, NOW, None, None, "fr-FR"),
        "en": ArticleFacts("en", 3, NOW, None, None, "en-GB"),
    }
    neighbours = [("fr", 0.5), ("fr-close", 0.7), ("en", 0.5)]
    rules = RelatedRules()
    french = choose_related("me", NOW, neighbours, facts, same_story=(), rules=rules, language="fr")
    assert [i for i, _ in french] == ["fr-close"]
    english = choose_related(
        "me", NOW, neighbours, facts, same_story=(), rules=rules, language="en"
    )
    assert [i for i, _ in english] == ["fr-close", "en"]


def test_fewer_than_three_are_topped_up_from_lower_floor_then_the_category() -> None:
    rules = RelatedRules()
    facts = {
        "close": ArticleFacts("close", 1, NOW, "s1", None, "en", "business"),
        "loose": ArticleFacts("loose", 2, NOW, "s2", None, "en", "sports"),
        "kin-old": ArticleFacts(
            "kin-old", 3, NOW - timedelta(days=5), "s3", None, "en", "business"
        ),
        "kin-new": ArticleFacts(
            "kin-new", 4, NOW - timedelta(days=1), "s4", None, "en", "business"
        ),
        "other": ArticleFacts("other", 5, NOW, "s5", None, "en", "sports"),
        "kin-far": ArticleFacts(
            "kin-far", 6, NOW - timedelta(days=60), "s6", None, "en", "business"
        ),
    }
    neighbours = [
        ("close", 0.6),  # above min_similarity: related outright
        ("loose", rules.fallback_similarity + 0.01),  # between the floors: a top-up
        ("kin-old", 0.1),  # below both floors, same category: the last top-up
        ("kin-new", 0.05),
        ("other", 0.1),  # below both floors, another category: never
        ("kin-far", 0.1),  # same category but outside the window
    ]
    chosen = choose_related(
        "me", NOW, neighbours, facts, same_story={"s0"}, rules=rules, category="business"
    )
    # Three at most from the top-ups, the category's freshest first.
    assert [i for i, _ in chosen] == ["close", "loose", "kin-new"]
    assert chosen[2][1] < chosen[1][1]  # a category top-up scores below any near article
    # With enough near articles, no top-up at all; without a category, none from it.
    plenty = choose_related(
        "me", NOW, neighbours[:2], facts, same_story={"s0"}, rules=rules, category=None
    )
    assert [i for i, _ in plenty] == ["close", "loose"]
