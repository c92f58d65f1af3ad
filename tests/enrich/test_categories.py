"""Categories from the publisher's section, feed categories and schema.org type, and the
classifier's decisions (margin, narrowing, batching) with a small stand-in embedder."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest

from tidings.enrich.categories import (
    CATEGORY_SLUGS,
    TAXONOMY,
    CategoryClassifier,
    CategoryGuess,
    CategoryInput,
    categorize,
    categorize_many,
    feed_categories,
    section_categories,
)
from tidings.enrich.category_seeds import CATEGORY_SEEDS


def test_taxonomy_has_the_ten_slugs_with_prototypes_for_each() -> None:
    assert CATEGORY_SLUGS == (
        "world",
        "politics",
        "business",
        "technology",
        "science",
        "health",
        "sports",
        "entertainment",
        "lifestyle",
        "opinion",
    )
    assert [c.name for c in TAXONOMY][:2] == ["World", "Politics"]
    assert set(CATEGORY_SEEDS) == set(CATEGORY_SLUGS)
    assert min(len(p) for p in CATEGORY_SEEDS.values()) >= 20


@pytest.mark.parametrize(
    ("section", "slug"),
    [
        ("Sport", "sports"),
        ("Sports", "sports"),
        ("Fußball", "sports"),
        ("Deportes", "sports"),
        ("Wirtschaft", "business"),
        ("Économie", "business"),
        ("ECONOMIE", "business"),
        ("Money", "business"),
        ("Markets", "business"),
        ("Economia", "business"),
        ("Tech", "technology"),
        ("Technik", "technology"),
        ("Numérique", "technology"),
        ("Wissenschaft", "science"),
        ("Sciences", "science"),
        ("Santé", "health"),
        ("Gesundheit", "health"),
        ("Showbiz", "entertainment"),
        ("Kultur", "entertainment"),
        ("Culture", "entertainment"),
        ("Spettacoli", "entertainment"),
        ("Art de vivre", "lifestyle"),
        ("Life & Style", "lifestyle"),
        ("Leben", "lifestyle"),
        ("Meinung", "opinion"),
        ("Commentary", "opinion"),
        ("Leitartikel", "opinion"),
        ("Editorial", "opinion"),
        ("Op-Ed", "opinion"),
        ("Opinión", "opinion"),
        ("Tribunes", "opinion"),
        ("US news", "world"),
        ("Ausland", "world"),
        ("Monde", "world"),
        ("Buitenland", "world"),
        ("Esteri", "world"),
        ("Inland", "politics"),
        ("Politique", "politics"),
        ("Binnenland", "politics"),
        ("Local politics", "politics"),
    ],
)
def test_sections_map_in_several_languages(section: str, slug: str) -> None:
    assert section_categories(section) == (slug,)


@pytest.mark.parametrize(
    "section",
    ["News", "Latest", "Local", "Home", "Top stories", "Lokales", "Nachrichten", "Actualités", "",
     None, "Brackenport"],
)  # fmt: skip
def test_ambiguous_or_unknown_sections_name_nothing(section: str | None) -> None:
    assert section_categories(section) == ()


def test_a_breadcrumb_takes_its_deepest_named_part_and_opinion_wins() -> None:
    assert section_categories("News/World/Europe") == ("world",)
    assert section_categories("Business > Technology") == ("technology",)
    assert section_categories("Opinion/Politics") == ("opinion",)
    assert section_categories("Politics » Comment") == ("opinion",)


def test_a_section_naming_two_categories_leaves_both() -> None:
    assert section_categories("Science & Technology") == ("science", "technology")
    assert section_categories("Wissenschaft und Technik") == ("science", "technology")


def test_feed_categories_count_only_when_every_word_is_known() -> None:
    assert feed_categories(["World news"]) == ("world",)
    assert feed_categories(["World Cup tickets"]) == ()
    assert feed_categories(["Calder Bridge", "transport", "Sport"]) == ("sports",)
    assert feed_categories(["Football", "Sport"]) == ("sports",)
    assert feed_categories(["Politics", "Opinion"]) == ("opinion",)
    assert feed_categories(["Latest"]) == ()


def test_opinion_type_outranks_the_section() -> None:
    item = CategoryInput(
        "The Alliance must win the argument",
        "Election nights flatter winners.",
        section="Politics",
        article_type="OpinionNewsArticle",
    )
    assert categorize(item, None) == CategoryGuess("opinion", "type", 1.0)


def test_analysis_and_review_types_are_not_opinion() -> None:
    for kind in ("AnalysisNewsArticle", "ReviewNewsArticle", "BackgroundNewsArticle"):
        item = CategoryInput("Review: a phone", "It folds.", section="Tech", article_type=kind)
        assert categorize(item, None) == CategoryGuess("technology", "section", 1.0)


def test_section_comes_before_feed_categories() -> None:
    item = CategoryInput("t", "x", section="Wirtschaft", feed_categories=("Sport",))
    assert categorize(item, None) == CategoryGuess("business", "section", 1.0)
    item = CategoryInput("t", "x", section="Nachrichten", feed_categories=("Sport",))
    assert categorize(item, None) == CategoryGuess("sports", "feed", 1.0)


def test_without_a_classifier_undecided_articles_stay_uncategorised() -> None:
    assert categorize(CategoryInput("t", "x", section="Latest"), None) is None


KEYWORDS = {
    "world": "earthquake",
    "politics": "parliament",
    "business": "shares",
    "technology": "software",
    "science": "telescope",
    "health": "vaccine",
    "sports": "match",
    "entertainment": "concert",
    "lifestyle": "recipe",
    "opinion": "should",
}


class _KeywordEmbedder:
    """Stand-in embedder: one axis per category, lit by that category's keyword."""

    def __init__(self) -> None:
        self.calls = 0

    def embed(self, texts: Sequence[str]) -> np.typing.NDArray[np.float32]:
        self.calls += 1
        rows = np.full((len(texts), len(CATEGORY_SLUGS)), 0.05, dtype=np.float32)
        for i, text in enumerate(texts):
            for j, slug in enumerate(CATEGORY_SLUGS):
                rows[i, j] += text.lower().count(KEYWORDS[slug])
        normed: np.typing.NDArray[np.float32] = rows / np.linalg.norm(rows, axis=1, keepdims=True)
        return normed


def _classifier(embedder: _KeywordEmbedder, min_margin: float = 0.05) -> CategoryClassifier:
    seeds = {slug: (f"{word} one", f"{word} two") for slug, word in KEYWORDS.items()}
    return CategoryClassifier(embedder, seeds=seeds, min_margin=min_margin)


def test_classifier_picks_the_nearest_centroid() -> None:
    classifier = _classifier(_KeywordEmbedder())
    guess = classifier.classify("Telescope finds a comet", "The telescope saw it first.")
    assert guess is not None
    assert (guess.slug, guess.how) == ("science", "classifier")
    assert guess.confidence > 0.05


def test_classifier_abstains_when_two_categories_tie() -> None:
    classifier = _classifier(_KeywordEmbedder())
    assert classifier.classify("Vaccine shares", "The vaccine maker's shares rose.") is None


def test_a_section_naming_two_categories_narrows_the_classifier() -> None:
    classifier = _classifier(_KeywordEmbedder())
    item = CategoryInput("A software telescope", "software", section="Science & Technology")
    guess = categorize(item, classifier)
    assert guess is not None
    assert (guess.slug, guess.how) == ("technology", "section")
    # Narrowed, the best of the two answers even without a clear margin.
    tie = CategoryInput("Software and telescope", "", section="Science & Technology")
    tied = categorize(tie, classifier)
    assert tied is not None and tied.slug in {"science", "technology"}


def test_categorize_many_embeds_undecided_articles_in_one_batch() -> None:
    embedder = _KeywordEmbedder()
    classifier = _classifier(embedder)
    items = [
        CategoryInput("Cup match tonight", "The match starts at eight.", section="News"),
        CategoryInput("Rates", "x", section="Wirtschaft"),
        CategoryInput("A recipe for plums", "This recipe needs plums."),
    ]
    classifier.classify("warm", "up")
    calls = embedder.calls
    guesses = categorize_many(items, classifier)
    assert embedder.calls == calls + 1
    assert [g.slug if g else None for g in guesses] == ["sports", "business", "lifestyle"]
    assert [g.how if g else None for g in guesses] == ["classifier", "section", "classifier"]


def test_prototypes_for_unknown_categories_are_refused() -> None:
    with pytest.raises(ValueError, match="outside the taxonomy"):
        CategoryClassifier(_KeywordEmbedder(), seeds={"weather": ("Rain again",)})
