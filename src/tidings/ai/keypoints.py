"""Key points: the three to five sentences that carry most of what an article reports.

Extractive on purpose: every key point is a sentence of the article, quoted whole and linked
to its anchor, so it cannot state what the article does not. A learned scorer (logistic
regression, ``keypoint_model``) gives each sentence the chance that it belongs in a summary
of the article, from features of the article alone (``keypoint_features``): how central the
sentence is (it shares its words with many other sentences), how often the article uses its
words, how much of the headline it repeats, where it stands, its length, numbers and
quotation. The weights were fitted on BBC articles with extractive summaries, and the
features and rules here were chosen by cross-validation on them (docs/ai.md, "Key points");
the lead wins when it carries the story, not for being first.

Only sentences that read well alone compete: not subheadings, questions, sentences that
begin inside a quotation or are a quotation with no one to say it, photo credits, or
sentences too short to carry a fact or too long to scan. The best are taken in turn,
skipping any that repeats one already taken, and come back in article order: read in a
row they tell the story as the article does.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from tidings.ai.keypoint_features import article_features, outside_quotes, quote_starts
from tidings.ai.keypoint_model import KeyPointModel, default_model
from tidings.ai.sentences import Sentence, guess_language, split_sentences

__all__ = [
    "HOW",
    "MAX_POINTS",
    "MIN_POINTS",
    "Embed",
    "KeyPoint",
    "KeyPoints",
    "eligible",
    "key_points",
]

# A sentence-embedding function, as answers take one (``ask``); its importers find it here.
Embed = Callable[[Sequence[str]], npt.NDArray[np.float32]]
Matrix = npt.NDArray[np.float64]

# How the points were made, in a reader's words (the panel says it under them).
HOW = "the sentences that carry most of the article, in the article's order"
MIN_POINTS = 3
MAX_POINTS = 5
# One point per this many eligible sentences, between MIN_POINTS and MAX_POINTS: a 300-word
# report (about 15 sentences) gets three, a 1,000-word feature (about 45) gets five.
SENTENCES_PER_POINT = 9
# Shorter sentences rarely carry a whole fact ("They did not."); longer ones are hard to
# scan in a panel. Counted in words.
MIN_WORDS = 8
MAX_WORDS = 50
# A sentence that opens with a quotation stands alone only with its speaker: this many
# words outside the quote marks ("he said.", "said Ms Okafor.").
ATTRIBUTION_WORDS = 2
# TF-IDF cosine above which a sentence repeats a chosen point and is skipped. Any value
# from 0.4 to no skipping at all scores within 0.005 sentence F1 on keypoints-dev; 0.5 keeps
# a reworded echo of the lead out without dropping sentences that merely share a name.
REDUNDANT_COSINE = 0.5
_QUOTE_OPENERS = "\"“„«‘'"
_CREDIT_MARKS = ("Photo:", "Foto:", "Photo :", "©", "Credit:", "Bild:", "Image:")


@dataclass(frozen=True, slots=True)
class KeyPoint:
    """One key point: a sentence of the article (``sentence.id`` is its anchor) and why."""

    sentence: Sentence
    score: float  # 0..1, the scorer's chance that the sentence belongs in a summary


class KeyPoints(tuple[KeyPoint, ...]):
    """An article's key points in article order, and ``how`` they were chosen, in words
    for readers."""

    __slots__ = ()

    @property
    def how(self) -> str:
        """How the points were chosen, for readers (``HOW``; English, a message id)."""
        return HOW


def key_points(
    text: str,
    *,
    title: str | None = None,
    language: str | None = None,
    count: int | None = None,
    model: KeyPointModel | None = None,
) -> KeyPoints:
    """The article's key points in article order.

    ``count`` defaults to one per ``SENTENCES_PER_POINT`` eligible sentences, clamped to
    ``MIN_POINTS``..``MAX_POINTS``; an article gets fewer than ``MIN_POINTS`` only when it
    has fewer eligible sentences than that (see ``eligible``). ``model`` replaces the
    shipped weights (the evaluation scores weights fitted on half of its articles).
    """
    sentences = [s for s in split_sentences(text) if not s.heading]
    code = (language or guess_language(s.text for s in sentences)).split("-")[0].lower()
    inside = quote_starts(sentences, code)
    candidates = [
        i
        for i, s in enumerate(sentences)
        if eligible(s, text_language=code, starts_inside_quote=inside[i])
    ]
    if not candidates:
        return KeyPoints()
    wanted = count or min(MAX_POINTS, max(MIN_POINTS, len(candidates) // SENTENCES_PER_POINT))
    features = article_features(sentences, title=title, language=code)
    chance = (model or default_model()).probability(features.rows)
    chosen = _choose(candidates, chance, features.similarity, wanted)
    return KeyPoints(
        KeyPoint(sentences[i], round(float(chance[i]), 4))
        for i in sorted(chosen, key=lambda i: sentences[i].index)
    )


def eligible(
    sentence: Sentence, *, text_language: str = "en", starts_inside_quote: bool = False
) -> bool:
    """Whether a sentence can stand alone as a key point (see the module docstring).

    ``starts_inside_quote`` says that a quotation opened in an earlier sentence is still
    open where this one begins (``keypoint_features.quote_starts``); a sentence alone
    cannot tell.
    """
    words = len(sentence.text.split())
    if sentence.heading or not MIN_WORDS <= words <= MAX_WORDS or starts_inside_quote:
        return False
    stripped = sentence.text.strip()
    if stripped.endswith(("?", "?»", "? »", "?”", "?“", '?"')):
        return False
    if any(mark in stripped for mark in _CREDIT_MARKS):
        return False
    if quote_starts([sentence], text_language)[0]:
        return False  # it closes a quotation it did not open
    if stripped[0] in _QUOTE_OPENERS:
        return _attributed(stripped, text_language)
    return True


def _attributed(text: str, language: str) -> bool:
    """Whether a sentence that opens with a quotation names who says it: enough words
    outside the quote marks."""
    words = outside_quotes(text, language).split()
    return sum(any(c.isalnum() for c in word) for word in words) >= ATTRIBUTION_WORDS


def _choose(candidates: list[int], chance: Matrix, similarity: Matrix, wanted: int) -> list[int]:
    """The likeliest candidates in turn, skipping near-repeats of a chosen one."""
    chosen: list[int] = []
    for i in sorted(candidates, key=lambda i: (-float(chance[i]), i)):
        if len(chosen) == wanted:
            break
        if all(float(similarity[i, j]) <= REDUNDANT_COSINE for j in chosen):
            chosen.append(i)
    return chosen
