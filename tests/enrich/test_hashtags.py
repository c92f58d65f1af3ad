"""Hashtags: salient tags from demo articles, one spelling across articles, trending."""

from __future__ import annotations

import pytest

from tidings.demo.catalog import BulletList, DemoArticle, Heading, Paragraph, Quote
from tidings.demo.loader import load_catalog
from tidings.enrich.hashtags import Hashtag, HashtagCanon, extract_hashtags, slugify_tag
from tidings.enrich.language import topicless_words
from tidings.enrich.trending import TagActivity, TrendingRules, trending_tags


def _body(article: DemoArticle) -> str:
    blocks: list[str] = []
    for block in article.body:
        if isinstance(block, Paragraph | Heading | Quote):
            blocks.append(block.text)
        elif isinstance(block, BulletList):
            blocks.extend(block.items)
    return "\n\n".join(blocks)


def _tags(slug: str) -> list[Hashtag]:
    article = load_catalog().article(slug)
    return extract_hashtags(article.title, _body(article), article.keywords, article.language)


def _slugs(slug: str) -> list[str]:
    return [tag.slug for tag in _tags(slug)]


# -- slugs and canonical forms ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Zürich", "zurich"),
        ("Reid's", "Reid"),
        ("Reid’s", "reid"),
        ("e-mail", "email"),
        ("New York", "NewYork"),
        ("#Kim Jong Un", "kim-jong-un"),
        ("Straße", "strasse"),
        ("Montvalès", "MONTVALES"),
    ],
)
def test_variants_share_a_slug(one: str, other: str) -> None:
    assert slugify_tag(one) == slugify_tag(other) != ""


def test_slug_keeps_letters_of_every_script() -> None:
    assert slugify_tag("Москва") == "москва"
    assert slugify_tag("“ ! ”") == ""


def test_canon_uses_the_known_display() -> None:
    canon = HashtagCanon(known={"zurich": "Zürich", "newyork": "New York"})
    assert canon.canonical("Zurich") == ("zurich", "Zürich")
    assert canon.canonical("NewYork") == ("newyork", "New York")
    assert canon.canonical("Basel") == ("basel", "Basel")


def test_canon_maps_a_surname_to_the_storys_full_name() -> None:
    canon = HashtagCanon(story=["Tara Reid", "Promises Treatment Center"])
    assert canon.canonical("Reid's") == ("tarareid", "Tara Reid")
    assert canon.canonical("Reid") == ("tarareid", "Tara Reid")
    assert canon.canonical("Lohan") == ("lohan", "Lohan")


def test_canon_leaves_a_shared_surname_alone() -> None:
    canon = HashtagCanon(story=["Helen Trask", "Tom Trask"])
    assert canon.canonical("Trask") == ("trask", "Trask")


def test_story_tags_win_over_known_ones() -> None:
    canon = HashtagCanon(known={"zurich": "Zurich"}, story=["Zürich"])
    assert canon.canonical("ZURICH") == ("zurich", "Zürich")


def test_canon_apply_merges_variants_keeping_the_best_score() -> None:
    canon = HashtagCanon(story=["Tara Reid"])
    tags = [Hashtag("reid", "Reid", 5.0), Hashtag("tarareid", "Tara Reid", 4.0)]
    assert canon.apply(tags) == [Hashtag("tarareid", "Tara Reid", 5.0)]


# -- tags of articles --------------------------------------------------------------------------


def test_bridge_story_gets_the_bridge_and_not_generic_words() -> None:
    tags = _tags("calder-bridge-shut-after-inspectors-find-corroded-cables")
    slugs = [tag.slug for tag in tags]
    assert slugs[0] == "calderbridge"
    assert tags[0].display == "Calder Bridge"
    assert "brackenport" in slugs
    assert not {"news", "bridge", "calder", "traffic"} & set(slugs)


@pytest.mark.parametrize(
    ("slug", "expected"),
    [
        ("storm-odile-batters-seafront-twelve-hurt", {"stormodile", "brackenport"}),
        (
            "rovers-end-31-year-wait-as-okafor-header-wins-national-cup",
            {"brackenportrovers", "deleokafor"},
        ),
        (
            "progressive-alliance-tops-westmarch-poll-short-of-majority",
            {"progressivealliance", "heritageparty"},
        ),
        ("novalink-systems-to-cut-1800-jobs-as-cloud-growth-stalls", {"novalinksystems"}),
        ("vassaly-earthquake-at-least-23-dead", {"earthquake", "dravenia"}),
        ("sturm-odile-deckt-daecher-ab-faehrverkehr-eingestellt", {"sturmodile", "lindhaven"}),
        ("seisme-pres-de-montvales-frayeur-mais-pas-de-victimes", {"montvales", "seisme"}),
        ("studie-kurzer-spaziergang-nach-dem-essen-senkt-blutzucker", {"blutzucker", "studie"}),
    ],
)
def test_demo_articles_get_their_subjects(slug: str, expected: set[str]) -> None:
    assert expected <= set(_slugs(slug))


def test_every_demo_article_gets_three_to_eight_clean_tags() -> None:
    topicless = topicless_words()
    for article in load_catalog().articles:
        tags = extract_hashtags(article.title, _body(article), article.keywords, article.language)
        assert 3 <= len(tags) <= 8, article.slug
        assert len({tag.slug for tag in tags}) == len(tags), article.slug
        for tag in tags:
            assert tag.slug == slugify_tag(tag.display)
            assert tag.slug not in topicless, (article.slug, tag)
            assert not tag.display[:1].islower(), (article.slug, tag)
        scores = [tag.score for tag in tags]
        assert scores == sorted(scores, reverse=True)


def test_french_display_keeps_its_accents() -> None:
    tags = _tags("seisme-pres-de-montvales-frayeur-mais-pas-de-victimes")
    assert Hashtag("montvales", "Montvalès", tags[0].score) in tags


def test_leading_preposition_and_article_are_trimmed() -> None:
    # "À Brackenport, ..." opens the headline: the tag is the city, not the phrase.
    slugs = _slugs("a-brackenport-le-musee-maritime-rouvre-ses-portes")
    assert "brackenport" in slugs
    assert "abrackenport" not in slugs


TARA = (
    "Tara Reid has checked into the Promises Treatment Center in Malibu, her publicist said "
    "on Tuesday.\n\n"
    "Reid's representative asked for privacy. Reid, 33, starred in American Pie.\n\n"
    "It is the second time Reid has sought treatment at Promises Treatment Center."
)


def test_surname_joins_the_full_name_in_the_same_article() -> None:
    tags = extract_hashtags("Tara Reid enters rehab", TARA, (), "en")
    slugs = [tag.slug for tag in tags]
    assert slugs[0] == "tarareid"
    assert "reid" not in slugs
    assert "promisestreatmentcenter" in slugs
    assert "tuesday" not in slugs


def test_generic_words_never_become_tags() -> None:
    text = (
        "Live updates: the latest news and video from Monday's session.\n\n"
        "People said the news would come later in the week, officials said on Monday."
    )
    tags = extract_hashtags("Live: News update on Monday", text, ("news", "video", "Live"), "en")
    assert tags == []


def test_canon_spells_tags_as_the_store_does() -> None:
    text = (
        "Zurich police closed the old town on Saturday. Zurich's mayor asked residents to "
        "stay away from the lake while divers searched the water near Zurich harbour."
    )
    canon = HashtagCanon(known={"zurich": "Zürich"})
    tags = extract_hashtags("Zurich closes old town", text, (), "en", canon=canon)
    assert tags[0] == Hashtag("zurich", "Zürich", tags[0].score)
    plain = extract_hashtags("Zurich closes old town", text, (), "en")
    assert plain[0].display == "Zurich"


def test_same_article_same_tags() -> None:
    first = _tags("westmarch-election-what-happens-now")
    assert first == _tags("westmarch-election-what-happens-now")


# -- trending ----------------------------------------------------------------------------------


def test_trending_ranks_by_smoothed_rise() -> None:
    activity = [
        TagActivity("stormodile", count_24h=20, count_before=0, sources_24h=5),
        TagActivity("brackenport", count_24h=30, count_before=140, sources_24h=5),
        TagActivity("calderbridge", count_24h=12, count_before=7, sources_24h=3),
        TagActivity("steady", count_24h=10, count_before=70, sources_24h=4),
    ]
    ranked = trending_tags(activity)
    assert [t.slug for t in ranked] == ["stormodile", "calderbridge"]
    assert ranked[0].rise == pytest.approx(21 / 2, abs=1e-3)
    assert ranked[1].rise == pytest.approx(13 / 3, abs=1e-3)
    assert ranked[1].baseline_per_day == pytest.approx(1.0)


def test_a_tag_seen_once_or_by_one_source_is_not_trending() -> None:
    activity = [
        TagActivity("once", count_24h=1, count_before=0, sources_24h=1),
        TagActivity("twice", count_24h=2, count_before=0, sources_24h=2),
        TagActivity("one-outlet", count_24h=9, count_before=0, sources_24h=1),
        TagActivity("three", count_24h=3, count_before=0, sources_24h=2),
    ]
    assert [t.slug for t in trending_tags(activity)] == ["three"]


def test_trending_rules_and_limit() -> None:
    activity = [
        TagActivity(f"t{i}", count_24h=5 + i, count_before=0, sources_24h=2) for i in range(5)
    ]
    assert [t.slug for t in trending_tags(activity, limit=2)] == ["t4", "t3"]
    strict = TrendingRules(min_count=8)
    assert [t.slug for t in trending_tags(activity, strict)] == ["t4", "t3"]
    ties = [TagActivity(s, count_24h=4, count_before=0, sources_24h=2) for s in ("b", "a")]
    assert [t.slug for t in trending_tags(ties)] == ["a", "b"]
