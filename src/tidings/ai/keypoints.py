"""Key points: the three to five sentences that best say what an article reports.

Extractive on purpose: every key point is a sentence of the article, quoted whole and linked
to its anchor, so it cannot state what the article does not. A sentence scores by

- centrality: LexRank (PageRank over TF-IDF cosine between sentences): a sentence that
  shares vocabulary with many others carries the article's subject;
- position: news puts the event in the lead, so early sentences weigh more;
- the headline: sentences that repeat its words state the story's claim.

Only sentences that read well alone compete: not subheadings, questions, direct quotes or
sentences inside a quote, photo credits, or sentences too short to carry a fact or too long
to scan. Maximal marginal relevance then picks the points so that no two say the same
thing, and they come back in article order.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from tidings.ai.sentences import Sentence, guess_language, sentence_terms, split_sentences

__all__ = [
    "MAX_POINTS",
    "MIN_POINTS",
    "Embed",
    "KeyPoint",
    "eligible",
    "key_points",
]

Embed = Callable[[Sequence[str]], npt.NDArray[np.float32]]
Matrix = npt.NDArray[np.float64]

MIN_POINTS = 3
MAX_POINTS = 5
# One point per this many eligible sentences, between MIN_POINTS and MAX_POINTS: a 300-word
# report (about 15 sentences) gets three, a 1,000-word feature (about 45) gets five.
SENTENCES_PER_POINT = 9
# Shorter sentences rarely carry a whole fact ("They did not."); longer ones are hard to
# scan in a panel. Counted in words.
MIN_WORDS = 8
MAX_WORDS = 50
# Weights of centrality, position and headline overlap; without a headline its share goes
# to the other two. Read off the demo articles: with less weight on position, background
# paragraphs that repeat the story's vocabulary crowd out the lead.
WEIGHTS = (0.45, 0.35, 0.20)
# Position weight 1 / (1 + index / LEAD_DECAY): the fifth sentence counts half the first.
LEAD_DECAY = 4.0
# MMR trade-off between a sentence's own score and its overlap with points already chosen,
# and the cosine above which a sentence repeats a chosen point and is skipped outright.
MMR_LAMBDA = 0.7
REDUNDANT_COSINE = 0.5
_DAMPING = 0.85
_CREDIT_MARKS = ("Photo:", "Foto:", "Photo :", "©", "Credit:", "Bild:", "Image:")


@dataclass(frozen=True, slots=True)
class KeyPoint:
    """One key point: a sentence of the article (``sentence.id`` is its anchor) and why."""

    sentence: Sentence
    score: float  # 0..1, the blend of centrality, position and headline overlap


def key_points(
    text: str,
    *,
    title: str | None = None,
    language: str | None = None,
    count: int | None = None,
    embed: Embed | None = None,
) -> tuple[KeyPoint, ...]:
    """The article's key points in article order.

    ``count`` defaults to one per ``SENTENCES_PER_POINT`` eligible sentences, clamped to
    ``MIN_POINTS``..``MAX_POINTS``; an article gets fewer than ``MIN_POINTS`` only when it
    has fewer eligible sentences than that (see ``eligible``). ``embed``, when given, blends
    sentence-embedding cosine into the similarity graph (it embeds every sentence).
    """
    sentences = [s for s in split_sentences(text) if not s.heading]
    code = language or guess_language(s.text for s in sentences)
    candidates = [i for i, s in enumerate(sentences) if eligible(s, text_language=code)]
    if not candidates:
        return ()
    wanted = count or min(MAX_POINTS, max(MIN_POINTS, len(candidates) // SENTENCES_PER_POINT))
    wanted = min(wanted, len(candidates))
    vectors, idf, vocabulary = _tfidf([sentence_terms(s.text, code) for s in sentences])
    similarity = vectors @ vectors.T
    if embed is not None:
        dense = np.asarray(embed([s.text for s in sentences]), dtype=np.float64)
        similarity = (similarity + np.clip(dense @ dense.T, 0.0, 1.0)) / 2
    centrality = _lexrank(similarity)
    position = np.array([1.0 / (1.0 + s.index / LEAD_DECAY) for s in sentences])
    weights = WEIGHTS
    headline = np.zeros(len(sentences))
    if title:
        query = _vector(sentence_terms(title, code), idf, vocabulary)
        headline = vectors @ query
    if not title or not headline.any():
        weights = (WEIGHTS[0] + WEIGHTS[2] / 2, WEIGHTS[1] + WEIGHTS[2] / 2, 0.0)
    score = (
        weights[0] * _unit_max(centrality)
        + weights[1] * position
        + weights[2] * _unit_max(headline)
    )
    chosen = _mmr(candidates, score, similarity, wanted)
    return tuple(
        KeyPoint(sentences[i], round(float(score[i]), 4))
        for i in sorted(chosen, key=lambda i: sentences[i].index)
    )


def eligible(sentence: Sentence, *, text_language: str = "en") -> bool:
    """Whether a sentence can stand alone as a key point (see the module docstring)."""
    words = len(sentence.text.split())
    if sentence.heading or not MIN_WORDS <= words <= MAX_WORDS:
        return False
    stripped = sentence.text.strip()
    if stripped.endswith(("?", "?»", "? »", "?”", "?“")) or stripped[0] in "\"“„«‘'":
        return False
    if any(mark in stripped for mark in _CREDIT_MARKS):
        return False
    return not _inside_quote(sentence, text_language)


def _inside_quote(sentence: Sentence, language: str) -> bool:
    """Whether the sentence opens, closes or sits inside a direct quote."""
    # German opens with „ and closes with “, which opens in English and French.
    opens = "„«" if language == "de" else "“«"
    closes = "“»" if language == "de" else "”»"
    text = sentence.text
    if any(c in text for c in opens + closes):
        depth = sum(text.count(c) for c in opens) - sum(text.count(c) for c in closes)
        if depth != 0:
            return True  # a quote that spans sentences starts or ends here
    return text.count('"') % 2 == 1


def _tfidf(documents: list[list[str]]) -> tuple[Matrix, dict[str, float], dict[str, int]]:
    """L2-normalised sublinear TF-IDF rows, with the idf and column of each term."""
    frequency: Counter[str] = Counter()
    for terms in documents:
        frequency.update(set(terms))
    vocabulary = {term: column for column, term in enumerate(frequency)}
    total = len(documents)
    idf = {t: math.log((1 + total) / (1 + df)) + 1.0 for t, df in frequency.items()}
    rows = np.zeros((total, len(vocabulary)))
    for row, terms in enumerate(documents):
        for term, tf in Counter(terms).items():
            rows[row, vocabulary[term]] = (1.0 + math.log(tf)) * idf[term]
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    return rows / np.where(norms == 0, 1.0, norms), idf, vocabulary


def _vector(terms: list[str], idf: dict[str, float], vocabulary: dict[str, int]) -> Matrix:
    vector = np.zeros(len(vocabulary))
    for term, tf in Counter(terms).items():
        if term in vocabulary:
            vector[vocabulary[term]] = (1.0 + math.log(tf)) * idf[term]
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm else vector


def _lexrank(similarity: Matrix) -> Matrix:
    """Stationary distribution of a damped random walk over the similarity graph."""
    size = len(similarity)
    graph = similarity.copy()
    np.fill_diagonal(graph, 0.0)
    sums = graph.sum(axis=1, keepdims=True)
    # A sentence sharing no word with any other links everywhere evenly (dangling node).
    walk = np.where(sums > 0, graph / np.where(sums == 0, 1.0, sums), 1.0 / size)
    rank: Matrix = np.full(size, 1.0 / size)
    for _ in range(100):
        updated: Matrix = (1 - _DAMPING) / size + _DAMPING * (walk.T @ rank)
        if np.abs(updated - rank).sum() < 1e-8:
            return updated
        rank = updated
    return rank


def _unit_max(values: Matrix) -> Matrix:
    top = float(values.max()) if len(values) else 0.0
    scaled: Matrix = values / top if top > 0 else values
    return scaled


def _mmr(candidates: list[int], score: Matrix, similarity: Matrix, wanted: int) -> list[int]:
    """Greedy maximal marginal relevance, skipping near-repeats of a chosen point."""
    chosen: list[int] = []
    pool = list(candidates)
    while pool and len(chosen) < wanted:
        best, best_value = -1, -math.inf
        for i in pool:
            overlap = max((float(similarity[i, j]) for j in chosen), default=0.0)
            if overlap > REDUNDANT_COSINE:
                continue
            value = MMR_LAMBDA * float(score[i]) - (1 - MMR_LAMBDA) * overlap
            if value > best_value:
                best, best_value = i, value
        if best < 0:
            break
        chosen.append(best)
        pool.remove(best)
    return chosen
