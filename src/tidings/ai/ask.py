"""Ask about an article or a story: the sentences that answer, or "the article does not say".

Retrieval, not generation: the answer is up to ``MAX_CITATIONS`` sentences of the text,
each citing its article and anchor, so nothing is stated that the coverage does not say.

1. Every sentence long enough to hold an answer is a candidate; its features
   (``tidings.ai.ask_features``) say how much of the question's weight it matches (BM25
   and idf share over stemmed words, English, German, French and Spanish), whether it
   carries the kind of value the question asks for ("how long" wants a duration, "when" a
   date, "who" a name: ``tidings.ai.ask_kinds``) and next to the question's own words
   ("a new 60,000-seat stadium" for "How many seats ..."), for "why" whether it names a
   cause outright ("due to", not a mere "after"), how much the sentences around it match,
   and where it stands.
2. A conditional logit fitted on our question set (``tidings.ai.ask_model``, weights in
   ``ask_weights.json``) scores them; with an ``embed`` callable (unit vectors, as
   ``Embedder.embed``), only the question and the words model's best few sentences are
   embedded and scored again with their cosine: one short batch, fast on two cores.
3. A second model reads the question as a whole (the best score, its lead, how much of
   the question the text never mentions) and, below its threshold, the answer says the
   text does not say.

Citations come best first, ordered by their support, the probability the sentence model
gives them; one whose support falls below ``RUNNER_UP_RATIO`` of the best is left out. A
story pools the sentences of all its articles and ranks them the same way.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from tidings.ai.ask_features import Candidates, candidates_of
from tidings.ai.ask_model import Cosine, load_weights, rank
from tidings.ai.keypoints import Embed
from tidings.ai.sentences import LANGUAGES, Sentence, guess_language, split_sentences
from tidings.errors import TidingsError

__all__ = [
    "BY_WORDS",
    "BY_WORDS_AND_MEANING",
    "FROM_ARTICLE",
    "FROM_OUTLETS",
    "MAX_CITATIONS",
    "MAX_QUESTION_CHARS",
    "Answer",
    "Citation",
    "Passage",
    "QuestionError",
    "answer_from",
    "ask",
    "ask_story",
    "ask_with_fallback",
    "passages_of",
    "question_candidates",
]

log = logging.getLogger(__name__)

MAX_QUESTION_CHARS = 300
MAX_CITATIONS = 3
# Sentences with fewer words cannot carry an answer ("They did not.").
MIN_WORDS = 5
# A second or third citation must have at least this share of the best one's support.
RUNNER_UP_RATIO = 0.8
# What chose an answer's sentences, for logs and tests (``Answer.method``).
BY_WORDS = "words"
BY_WORDS_AND_MEANING = "words+embeddings"
# How an answer was made, in a reader's words (the web layer translates them).
FROM_ARTICLE = "picked from the article's sentences"
FROM_OUTLETS = "picked from the outlets' own sentences"


class QuestionError(TidingsError, ValueError):
    """The question is empty or too long to answer."""


@dataclass(frozen=True, slots=True)
class Passage:
    """A sentence and the article it belongs to (stories pool several articles)."""

    article_id: str
    sentence: Sentence


@dataclass(frozen=True, slots=True)
class Citation:
    """A sentence that supports the answer, with its support (0..1)."""

    article_id: str
    sentence: Sentence
    score: float

    @property
    def sentence_id(self) -> str:
        """The sentence's anchor in its article page."""
        return self.sentence.id


@dataclass(frozen=True, slots=True)
class Answer:
    """The supporting sentences, best first; none means the text does not say.

    ``method`` names what chose them for the record (``BY_WORDS`` or
    ``BY_WORDS_AND_MEANING``);
    ``how`` says it in a reader's words (``FROM_ARTICLE`` or ``FROM_OUTLETS``), because
    every AI output in Tidings says what made it.
    """

    question: str
    citations: tuple[Citation, ...]
    method: str
    how: str = FROM_ARTICLE

    @property
    def says(self) -> bool:
        """False when nothing in the text supports an answer."""
        return bool(self.citations)


def ask(
    question: str,
    text: str,
    *,
    article_id: str = "",
    language: str | None = None,
    embed: Embed | None = None,
) -> Answer:
    """Answer a question from one article body."""
    return answer_from(question, passages_of(article_id, text), language=language, embed=embed)


def ask_with_fallback(
    question: str,
    text: str,
    *,
    article_id: str = "",
    language: str | None = None,
    embed: Embed | None = None,
) -> Answer:
    """``ask`` as the panel and ``tidings ask`` use it: with embeddings when given, and by
    words alone when the embedding model fails to load or run (logged); a bad question
    still raises ``QuestionError``."""
    try:
        return ask(question, text, article_id=article_id, language=language, embed=embed)
    except QuestionError:
        raise
    except (TidingsError, OSError, RuntimeError, ImportError) as exc:
        if embed is None:
            raise
        log.warning("embeddings unavailable for questions, using words only: %s", exc)
        return ask(question, text, article_id=article_id, language=language)


def ask_story(
    question: str,
    articles: Mapping[str, str],
    *,
    language: str | None = None,
    embed: Embed | None = None,
) -> Answer:
    """Answer a question from several articles (article id to body) of one story."""
    pooled = [p for article_id, text in articles.items() for p in passages_of(article_id, text)]
    return answer_from(question, pooled, language=language, embed=embed, how=FROM_OUTLETS)


def passages_of(article_id: str, text: str) -> list[Passage]:
    """The sentences of a body that could answer a question (no subheadings, no scraps)."""
    return [
        Passage(article_id, s)
        for s in split_sentences(text)
        if not s.heading and len(s.text.split()) >= MIN_WORDS
    ]


def answer_from(
    question: str,
    passages: Sequence[Passage],
    *,
    language: str | None = None,
    embed: Embed | None = None,
    how: str = FROM_ARTICLE,
) -> Answer:
    """Answer from given passages; ``language`` (``de``, ``fr-CA``) defaults to the
    passages' own."""
    question = _checked(question)
    method = BY_WORDS if embed is None else BY_WORDS_AND_MEANING
    if not passages:
        return Answer(question, (), method, how)
    texts = [p.sentence.text for p in passages]
    candidates = question_candidates(question, passages, language)
    ranking = rank(candidates, load_weights(), _cosine(embed, question, texts) if embed else None)
    if not ranking.answers:
        return Answer(question, (), method, how)
    best_first = ranking.best_first()
    best = best_first[0][1]
    citations = tuple(
        Citation(passages[row].article_id, passages[row].sentence, round(support, 4))
        for row, support in best_first[:MAX_CITATIONS]
        if support >= best * RUNNER_UP_RATIO
    )
    return Answer(question, citations, method, how)


def question_candidates(
    question: str, passages: Sequence[Passage], language: str | None = None
) -> Candidates:
    """The features ``answer_from`` scores the passages by (also what the fit reads)."""
    code = (language or "").split("-")[0].lower()
    if code not in LANGUAGES:
        code = guess_language(p.sentence.text for p in passages[:20])
    texts = [p.sentence.text for p in passages]
    return candidates_of(question, texts, _positions(passages), _neighbours(passages), code)


def _checked(question: str) -> str:
    question = " ".join(question.split())
    if not question:
        raise QuestionError("the question is empty")
    if len(question) > MAX_QUESTION_CHARS:
        raise QuestionError(
            f"the question has {len(question)} characters; at most {MAX_QUESTION_CHARS}"
        )
    return question


def _positions(passages: Sequence[Passage]) -> list[int]:
    return [p.sentence.index for p in passages]


def _neighbours(passages: Sequence[Passage]) -> list[tuple[int | None, int | None]]:
    """The rows of each passage's previous and next sentence in its own article."""
    rows = {(p.article_id, p.sentence.index): row for row, p in enumerate(passages)}
    return [
        (
            rows.get((p.article_id, p.sentence.index - 1)),
            rows.get((p.article_id, p.sentence.index + 1)),
        )
        for p in passages
    ]


def _cosine(embed: Embed, question: str, texts: Sequence[str]) -> Cosine:
    """Cosines of the question with the sentences at given rows: one batch per call."""

    def cosine(rows: Sequence[int]) -> list[float]:
        vectors = np.asarray(embed([question, *(texts[r] for r in rows)]), dtype=np.float64)
        return [float(c) for c in vectors[1:] @ vectors[0]]

    return cosine
