"""Answers from an article's sentences: the right sentence, or "the article does not say".

The questions are the calibration set of ``tidings.ai.ask``'s thresholds: on-topic ones
whose answer sentence must come first, and off-topic ones that must get no answer, with
and without the packaged embedding model.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest

from tidings.ai.ask import MAX_QUESTION_CHARS, QuestionError, ask, ask_story
from tidings.demo.loader import load_catalog
from tidings.enrich.embeddings import Embedder
from tidings.errors import TidingsError

BRIDGE = "calder-bridge-shut-after-inspectors-find-corroded-cables"
STORM = "storm-odile-batters-seafront-twelve-hurt"
RATES_DE = "zentralbank-erhoeht-leitzins-auf-375-prozent"
QUAKE_FR = "seisme-pres-de-montvales-frayeur-mais-pas-de-victimes"

ANSWERED = [
    (BRIDGE, "How many vehicles use the bridge?", "38,000 vehicles a day"),
    (BRIDGE, "Who owns the bridge?", "owns and maintains the 1934 suspension bridge"),
    (BRIDGE, "How long did journeys from Dunmore take?", "fifty minutes instead of fifteen"),
    (BRIDGE, "What will the council ask the regional government for?", "emergency funding"),
    (BRIDGE, "Who is the chief engineer?", "Priya Nandakumar, the trust's chief engineer"),
    (BRIDGE, "How often does the ferry run?", "every 20 minutes"),
    (STORM, "How many people were injured?", "Twelve people were injured"),
    (STORM, "What collapsed on Quay Street?", "tower crane"),
    (RATES_DE, "Auf wie viel Prozent steigt der Leitzins?", "3,75"),
]
UNANSWERED = [
    (BRIDGE, "What is the capital of Peru?"),
    (BRIDGE, "Who won the football match?"),
    (BRIDGE, "What is the interest rate?"),
    (BRIDGE, "How many people were injured in the storm?"),
    (BRIDGE, "When will the bridge be demolished?"),
    (BRIDGE, "What did the mayor of Paris say?"),
    (STORM, "How many vehicles use the bridge?"),
    (RATES_DE, "Wer hat die Fußball-WM gewonnen?"),
    (QUAKE_FR, "Qui a gagné la Coupe du monde ?"),
]


def demo_text(slug: str) -> str:
    """A demo article's body as extraction gives it."""
    return next(a for a in load_catalog().articles if a.slug == slug).plain_text


@pytest.fixture(scope="module")
def embedder() -> Embedder:
    return Embedder()


@pytest.mark.parametrize(("slug", "question", "answer"), ANSWERED)
def test_bm25_alone_cites_the_answer_first(slug: str, question: str, answer: str) -> None:
    result = ask(question, demo_text(slug), article_id=slug)
    assert result.says and result.method == "bm25"
    assert answer in result.citations[0].sentence.text
    assert result.citations[0].article_id == slug
    assert 1 <= len(result.citations) <= 3


@pytest.mark.parametrize(("slug", "question", "answer"), ANSWERED)
def test_with_embeddings_cites_the_answer_first(
    embedder: Embedder, slug: str, question: str, answer: str
) -> None:
    result = ask(question, demo_text(slug), embed=embedder.embed)
    assert result.method == "bm25+embeddings"
    assert answer in result.citations[0].sentence.text


@pytest.mark.parametrize(("slug", "question"), UNANSWERED)
def test_off_topic_questions_get_does_not_say(embedder: Embedder, slug: str, question: str) -> None:
    text = demo_text(slug)
    assert not ask(question, text).says
    with_model = ask(question, text, embed=embedder.embed)
    assert not with_model.says and with_model.citations == ()


def test_embeddings_pick_the_sentence_that_answers_over_a_list_item(embedder: Embedder) -> None:
    text = demo_text(BRIDGE)
    lexical = ask("Are the tunnel tolls suspended?", text)
    assert lexical.citations[0].sentence.text.startswith("Fenwick Tunnel tolls are suspended")
    semantic = ask("Are the tunnel tolls suspended?", text, embed=embedder.embed)
    assert "would suspend tolls for the duration" in semantic.citations[0].sentence.text


def test_only_embeddings_answer_a_question_sharing_no_word(embedder: Embedder) -> None:
    text = "A magnitude 4.9 earthquake shook Montvales on Tuesday evening, seismologists said."
    question = "How strong was the quake?"
    assert not ask(question, text).says
    result = ask(question, text, embed=embedder.embed)
    assert result.method == "embeddings"
    assert result.says and result.citations[0].sentence_id == "s-0-0"


def test_a_story_answer_cites_the_article_it_comes_from() -> None:
    result = ask_story(
        "How many people were injured?",
        {"bridge": demo_text(BRIDGE), "storm": demo_text(STORM)},
    )
    assert result.citations[0].article_id == "storm"
    assert result.citations[0].sentence.id == "s-0-0"


def test_citations_are_ranked_and_close_to_the_best() -> None:
    result = ask("Tolls suspended tunnel?", demo_text(BRIDGE))
    scores = [c.score for c in result.citations]
    assert scores == sorted(scores, reverse=True) or result.method == "bm25"
    assert all(score >= scores[0] * 0.8 for score in scores)
    assert len({c.sentence_id for c in result.citations}) == len(result.citations)


def test_stub_embeddings_are_used_only_for_the_question_and_top_candidates() -> None:
    seen: list[int] = []

    def embed(texts: Sequence[str]) -> np.ndarray:
        seen.append(len(texts))
        vectors = np.ones((len(texts), 4), dtype=np.float32)
        unit: np.ndarray = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
        return unit

    ask("How many vehicles use the bridge?", demo_text(BRIDGE), embed=embed)
    assert seen and seen[0] <= 4  # the question and at most three candidates


@pytest.mark.parametrize("question", ["", "   \n ", "x" * (MAX_QUESTION_CHARS + 1)])
def test_empty_or_overlong_questions_are_refused(question: str) -> None:
    with pytest.raises(QuestionError) as caught:
        ask(question, demo_text(BRIDGE))
    assert isinstance(caught.value, ValueError) and isinstance(caught.value, TidingsError)


def test_an_empty_article_does_not_say() -> None:
    assert not ask("How many vehicles use the bridge?", "").says
