"""Ask about an article or a story: the sentences that answer, or "the article does not say".

Retrieval, not generation: the answer is up to ``MAX_CITATIONS`` sentences of the text,
each citing its article and anchor, so nothing is stated that the coverage does not say.

1. BM25 over the sentences ranks candidates by the question's words (stemmed, stop words
   out, for English, German, French and Spanish).
2. Each candidate's lexical support is the share of the question's idf weight it matches.
   A question word the text never uses weighs the most, so "What is the capital of Peru?"
   gets no support from a bridge article even where "capital" or "the" happen to occur.
3. With an ``embed`` callable (unit vectors, as ``Embedder.embed``), only the question and
   BM25's top ``CANDIDATES`` sentences are embedded, and cosine blends into the support:
   one short batch, so an answer stays fast on two cores. When no sentence shares a word
   with the question, every sentence is embedded and cosine alone decides (paraphrases).
4. Nothing clears ``SUPPORT``: the answer says the text does not say.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from tidings.ai.keypoints import Embed
from tidings.ai.sentences import Sentence, guess_language, sentence_terms, split_sentences
from tidings.errors import TidingsError

__all__ = [
    "MAX_CITATIONS",
    "MAX_QUESTION_CHARS",
    "Answer",
    "Citation",
    "Passage",
    "QuestionError",
    "answer_from",
    "ask",
    "ask_story",
    "passages_of",
]

MAX_QUESTION_CHARS = 300
MAX_CITATIONS = 3
# BM25's best sentences re-ranked by cosine. Embedding costs about 10-30 ms a sentence
# on two cores, so the panel's budget (300 ms for key points and an answer) allows few;
# BM25 ranked the answer in its top three on all but one answerable calibration question
# (tests/ai/test_ask.py); the next one down would add a quarter to the cost.
CANDIDATES = 3
BM25_K1 = 1.2
BM25_B = 0.75
# Sentences with fewer words cannot carry an answer ("They did not.").
MIN_WORDS = 5
# Support thresholds, calibrated on 26 on- and off-topic questions about demo articles in
# three languages (tests/ai/test_ask.py). Lexical support is the share of the question's
# idf weight a sentence matches: answers scored 0.34-1.0, off-topic questions at most 0.27
# (one common word such as "bridge"). With embeddings a sentence also needs a cosine of
# MIN_COSINE, or else a blend (mean of share and cosine) of BLENDED_SUPPORT; off-topic
# questions blended at most 0.39. With no shared word at all, cosine alone must reach
# SEMANTIC_SUPPORT: off-topic questions sharing no word reached 0.41, paraphrased ones
# 0.43-0.52 (all-MiniLM-L6-v2), so this path is a narrow one.
LEXICAL_SUPPORT = 0.3
MIN_COSINE = 0.35
BLENDED_SUPPORT = 0.45
SEMANTIC_SUPPORT = 0.45
# A second or third citation must come this close to the best one.
RUNNER_UP_RATIO = 0.8


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

    ``method`` names what chose them (``bm25``, ``bm25+embeddings`` or ``embeddings``),
    because every AI output in Tidings says what made it.
    """

    question: str
    citations: tuple[Citation, ...]
    method: str

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


def ask_story(
    question: str,
    articles: Mapping[str, str],
    *,
    language: str | None = None,
    embed: Embed | None = None,
) -> Answer:
    """Answer a question from several articles (article id to body) of one story."""
    pooled = [p for article_id, text in articles.items() for p in passages_of(article_id, text)]
    return answer_from(question, pooled, language=language, embed=embed)


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
) -> Answer:
    """Answer from given passages; ``language`` defaults to the passages' own."""
    question = _checked(question)
    code = language or guess_language(p.sentence.text for p in passages[:20])
    if not passages:
        return Answer(question, (), "bm25")
    query = list(dict.fromkeys(sentence_terms(question, code)))
    documents = [sentence_terms(p.sentence.text, code) for p in passages]
    bm25, coverage = _bm25(query, documents)
    lexical = [int(i) for i in np.argsort(-bm25, kind="stable")[:CANDIDATES] if coverage[i] > 0]
    if embed is None:
        supported = [(i, float(coverage[i])) for i in lexical if coverage[i] >= LEXICAL_SUPPORT]
        return _answer(question, passages, supported, "bm25")
    if lexical:
        vectors = embed([question, *(passages[i].sentence.text for i in lexical)])
        cosine = [float(c) for c in vectors[1:] @ vectors[0]]
        supported = [
            (i, (float(coverage[i]) + cos) / 2)
            for i, cos in zip(lexical, cosine, strict=True)
            if (coverage[i] >= LEXICAL_SUPPORT and cos >= MIN_COSINE)
            or (float(coverage[i]) + cos) / 2 >= BLENDED_SUPPORT
        ]
        supported.sort(key=lambda pair: -pair[1])
        return _answer(question, passages, supported, "bm25+embeddings")
    vectors = embed([question, *(p.sentence.text for p in passages)])
    cosine = [float(c) for c in vectors[1:] @ vectors[0]]
    supported = [(i, c) for i, c in enumerate(cosine) if c >= SEMANTIC_SUPPORT]
    supported.sort(key=lambda pair: -pair[1])
    return _answer(question, passages, supported, "embeddings")


def _checked(question: str) -> str:
    question = " ".join(question.split())
    if not question:
        raise QuestionError("the question is empty")
    if len(question) > MAX_QUESTION_CHARS:
        raise QuestionError(
            f"the question has {len(question)} characters; at most {MAX_QUESTION_CHARS}"
        )
    return question


def _bm25(query: list[str], documents: list[list[str]]) -> tuple[np.ndarray, np.ndarray]:
    """BM25 scores and idf-weighted query coverage of each document."""
    total = len(documents)
    frequency: Counter[str] = Counter()
    for terms in documents:
        frequency.update(set(terms))
    # A query term no document has gets the highest idf: it is what the question is about.
    idf = {t: math.log(1 + (total - frequency[t] + 0.5) / (frequency[t] + 0.5)) for t in query}
    weight = sum(idf.values())
    average = sum(map(len, documents)) / total or 1.0
    scores = np.zeros(total)
    coverage = np.zeros(total)
    for row, terms in enumerate(documents):
        counts = Counter(terms)
        norm = BM25_K1 * (1 - BM25_B + BM25_B * len(terms) / average)
        for term in query:
            tf = counts.get(term, 0)
            if tf:
                scores[row] += idf[term] * tf * (BM25_K1 + 1) / (tf + norm)
                coverage[row] += idf[term] / weight
    return scores, coverage


def _answer(
    question: str, passages: Sequence[Passage], supported: list[tuple[int, float]], method: str
) -> Answer:
    """Citations from ``(passage, support)`` pairs, best first."""
    ranked = supported
    if not ranked:
        return Answer(question, (), method)
    best = ranked[0][1]
    citations = tuple(
        Citation(passages[i].article_id, passages[i].sentence, round(score, 4))
        for i, score in ranked[:MAX_CITATIONS]
        if score >= best * RUNNER_UP_RATIO
    )
    return Answer(question, citations, method)
