"""Features of a question against each sentence that could answer it.

Per sentence (``SENTENCE_FEATURES``): how much of the question's weight it matches (idf
share, BM25, plain share, adjacent pairs), whether it carries the type of value the
question asks for (``tidings.ai.ask_kinds``), gives it exactly and next to the question's
words, names a cause outright (for "why"), how much its neighbours match (an answer often
continues the sentence that names the subject: "He spied for MI6 for two years"), where it
stands, how long it is, whether it is a quote, and its embedding cosine with the question
where one is computed. Per question
(``ANSWER_FEATURES``): what the best sentence scored and how far ahead it is, and how much
of the question the text never mentions at all, which is what "the article does not say"
mostly looks like.

Terms are ``sentence_terms``: stop words out, light stemming, English, German, French and
Spanish; English irregular verbs at their base form and phrasal verbs as the one verb they
mean (``tidings.ai.ask_lemmas``: "paid" is "pay", "broke up" is "split"), and "won't" not
read as "won".
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

import numpy as np
import numpy.typing as npt

from tidings.ai.ask_kinds import (
    VALUE_KINDS,
    Kind,
    carries,
    names_cause,
    pinpoints,
    question_kind,
    value_spans,
)
from tidings.ai.ask_lemmas import base_forms, single_verbs
from tidings.ai.sentences import sentence_terms

__all__ = [
    "ANSWER_FEATURES",
    "SENTENCE_FEATURES",
    "Candidates",
    "Matrix",
    "answer_features",
    "candidates_of",
    "with_cosine",
]

Matrix = npt.NDArray[np.float64]

BM25_K1 = 1.2
BM25_B = 0.75
# Position decays as 1 / (1 + index / LEAD_DECAY), as in key points: news states the event
# early, but answers to "why" and "how long" sit anywhere.
LEAD_DECAY = 4.0
# Words of a sentence counted for its length feature; longer ones count as this many.
LONG_SENTENCE = 50
_QUOTES = "\"'“‘„«‹"
# Speech without its quotation marks (a paragraph of quotes, a quote's second sentence)
# still speaks in the first person; reporting does not.
_FIRST_PERSON = re.compile(
    r"\b(?:I|I'm|I've|I'd|I'll|[Ww]e|[Mm]y|[Oo]ur|me|us|[Ii]ch|[Ww]ir|[Mm]ein\w*|[Uu]nser\w*"
    r"|[Jj]e|[Nn]ous|[Yy]o|[Nn]osotros)\b"
)
# Two or more capitalised words in a row: "UK Internet Forum", "Chicago Film Critics".
_CAPITALISED_RUN = re.compile(r"\b[A-Z][\w&-]*(?:\s+[A-Z][\w&-]*)+")
# Words either side of a date, duration, count or amount that still count as next to it:
# "305,775 people on a waiting list", "the 50th consecutive quarter". Chosen from 2, 4 and
# 8 on the cross-validated halves (2 was best on both; 4 and 8 gained nothing).
NEAR = 2
_TOKEN = re.compile(r"\w+")
# Person, place and cause cues are looser than dates, durations, counts and amounts (a
# name is in most news sentences), so the two weigh apart.
ENTITY_KINDS = frozenset({"who", "where", "why"})
# A sentence that opens by pointing back ("He spied for MI6 for two years") takes its
# subject from the sentence before.
_ANAPHOR = re.compile(
    r"[\"'“‘„«]?(?:he|she|it|they|his|her|its|their|this|these|those|the (?:company|firm|group"
    r"|pair|bank|club|government|party|report|study|survey|service|move|plan|deal|film|band"
    r"|singer|player|minister|council|committee|court|agency)|er|sie|es|il|elle|ils|elles"
    r"|él|ella|ellos|ellas)\b",
    re.IGNORECASE,
)

SENTENCE_FEATURES: tuple[str, ...] = (
    "coverage",  # share of the question's idf weight the sentence matches
    "bm25",  # BM25 over the candidates, divided by the best candidate's
    "matched",  # share of the question's terms the sentence matches, unweighted
    "bigram",  # share of the question's adjacent term pairs the sentence has adjacent
    "kind_value",  # 1 when it carries the date, duration, count or amount asked for
    "kind_entity",  # 1 when it carries the person, place or cause asked for
    "kind_coverage",  # either kind times coverage: the type matters where the words match
    "exact",  # 1 when it gives the asked-for date or duration exactly ("on 5 March")
    "cause",  # for "why": 1 when it names a cause outright ("because", "due to", "driven by")
    "anaphora",  # coverage with the sentence before, when it opens with "He", "It", "The firm"
    "context",  # the best coverage of the sentences just before and after it
    "position",  # 1 / (1 + index / LEAD_DECAY) in its article
    "length",  # words / LONG_SENTENCE, at most 1
    "quote",  # 1 when the sentence opens with a quotation mark or speaks in the first person
    "near",  # share of the question's weight within NEAR words of an asked-for value: "a
    # new 60,000-seat stadium" for "How many seats ...?", not a figure elsewhere in it
    "cosine",  # embedding cosine with the question (0 in the words-only model)
)
ANSWER_FEATURES: tuple[str, ...] = (
    "top",  # the best sentence's logit
    "margin",  # its lead over the second best
    "coverage",  # the best sentence's coverage
    "unseen",  # share of the question's idf weight that no candidate uses
    "kind",  # whether the best sentence carries the asked-for type
    "any_kind",  # whether any sentence that matches a question word carries it
    "kind_best",  # the best coverage among the sentences that carry it
    "cosine",  # the best sentence's cosine (0 in the words-only model)
    "best_cosine",  # the highest cosine of any scored sentence: is anything near in meaning
)


@dataclass(frozen=True, slots=True)
class Candidates:
    """The features of one question against every candidate sentence."""

    kind: Kind
    sentences: Matrix  # one row per sentence, columns SENTENCE_FEATURES
    unseen: float  # share of the question's idf weight no sentence uses

    def with_rows(self, rows: Sequence[int]) -> Candidates:
        """The same question, only the given sentences."""
        return Candidates(self.kind, self.sentences[list(rows)], self.unseen)


@dataclass(frozen=True, slots=True)
class _Query:
    """The question's terms and what each weighs among the candidates."""

    text: str
    kind: Kind
    language: str
    terms: list[str]
    idf: dict[str, float]
    weight: float

    def share(self, terms: set[str] | Counter[str]) -> float:
        """The share of the question's weight that ``terms`` match."""
        return sum(self.idf[t] for t in self.terms if t in terms) / self.weight


_COLUMN = {name: i for i, name in enumerate(SENTENCE_FEATURES)}
# "won't", "can't": the verb's stump is no word ("won" is not "win").
_NEGATION = re.compile(r"n['’]t\b", re.IGNORECASE)


def candidates_of(
    question: str,
    texts: Sequence[str],
    positions: Sequence[int],
    neighbours: Sequence[tuple[int | None, int | None]],
    language: str,
) -> Candidates:
    """Features of every sentence for ``question`` (cosine left at 0).

    ``positions`` are each sentence's index in its own article and ``neighbours`` the rows
    of the sentences just before and after it in that article (None at an edge).
    """
    terms = list(dict.fromkeys(_terms(question, language)))
    documents = [_terms(text, language) for text in texts]
    for short, long in _acronyms(question, language).items():
        for words in documents:
            if short in words:
                words.extend(t for t in long if t not in words)
    idf = _idf(terms, documents)
    weight = sum(idf.values()) or 1.0
    query = _Query(question, question_kind(question), language, terms, idf, weight)
    rows = np.zeros((len(texts), len(SENTENCE_FEATURES)))
    _lexical(rows, query, documents)
    _typed(rows, query, texts)
    coverage = rows[:, _COLUMN["coverage"]]
    for row, (before, after) in enumerate(neighbours):
        rows[row, _COLUMN["context"]] = max(
            (coverage[i] for i in (before, after) if i is not None), default=0.0
        )
        rows[row, _COLUMN["anaphora"]] = coverage[row]
        if before is not None and _ANAPHOR.match(texts[row]):
            joined = set(documents[row]) | set(documents[before])
            rows[row, _COLUMN["anaphora"]] = query.share(joined)
        rows[row, _COLUMN["position"]] = 1.0 / (1.0 + positions[row] / LEAD_DECAY)
    used = {t for words in documents for t in words}
    unseen = 1.0 - query.share(used) if terms else 1.0
    return Candidates(query.kind, rows, unseen)


def _lexical(rows: Matrix, query: _Query, documents: Sequence[list[str]]) -> None:
    """Fill the word-matching columns."""
    pairs = set(pairwise(query.terms))
    average = sum(map(len, documents)) / max(len(documents), 1) or 1.0
    for row, terms in enumerate(documents):
        counts = Counter(terms)
        norm = BM25_K1 * (1 - BM25_B + BM25_B * len(terms) / average)
        matched = [t for t in query.terms if t in counts]
        rows[row, _COLUMN["coverage"]] = query.share(counts)
        rows[row, _COLUMN["bm25"]] = sum(
            query.idf[t] * counts[t] * (BM25_K1 + 1) / (counts[t] + norm) for t in matched
        )
        rows[row, _COLUMN["matched"]] = len(matched) / len(query.terms) if query.terms else 0.0
        adjacent = set(pairwise(terms))
        rows[row, _COLUMN["bigram"]] = len(pairs & adjacent) / len(pairs) if pairs else 0.0
    best = rows[:, _COLUMN["bm25"]].max(initial=0.0)
    if best > 0:
        rows[:, _COLUMN["bm25"]] /= best


def _typed(rows: Matrix, query: _Query, texts: Sequence[str]) -> None:
    """Fill the answer-type columns, and length and quote."""
    kind_column = _COLUMN["kind_entity" if query.kind in ENTITY_KINDS else "kind_value"]
    for row, text in enumerate(texts):
        if query.kind in VALUE_KINDS:
            spans = value_spans(query.kind, text, query.text)
            carried = bool(spans)
            rows[row, _COLUMN["near"]] = _near(query, text, spans) if spans else 0.0
        else:
            carried = carries(query.kind, text, query.text)
        rows[row, kind_column] = float(carried)
        rows[row, _COLUMN["kind_coverage"]] = carried * rows[row, _COLUMN["coverage"]]
        rows[row, _COLUMN["exact"]] = float(pinpoints(query.kind, text, query.text))
        rows[row, _COLUMN["length"]] = min(len(text.split()), LONG_SENTENCE) / LONG_SENTENCE
        rows[row, _COLUMN["quote"]] = float(
            text.lstrip()[:1] in _QUOTES or bool(_FIRST_PERSON.search(text))
        )
        if query.kind == "why":
            rows[row, _COLUMN["cause"]] = float(names_cause(text, query.text))


def _near(query: _Query, text: str, spans: Sequence[tuple[int, int]]) -> float:
    """The share of the question's weight that ``text`` matches within ``NEAR`` words of
    the value ``spans``."""
    tokens = list(_TOKEN.finditer(text))
    at_value = [
        n for n, t in enumerate(tokens) if any(t.start() < e and s < t.end() for s, e in spans)
    ]
    near = {
        term
        for n, token in enumerate(tokens)
        if any(abs(n - v) <= NEAR for v in at_value)
        for term in _terms(token.group(0), query.language)
        if term in query.idf
    }
    return sum(query.idf[t] for t in near) / query.weight


def _terms(text: str, language: str) -> list[str]:
    """The words a question and a sentence are matched by: ``sentence_terms`` with "won't"
    read as "won not", so that "won" matches only the verb, and phrasal verbs and irregular
    forms as ``ask_lemmas`` reads them."""
    text = single_verbs(_NEGATION.sub(" not", text), language)
    return base_forms(sentence_terms(text, language), language)


def _acronyms(question: str, language: str) -> dict[str, list[str]]:
    """The initials of the question's capitalised names ("UK Internet Forum" as "ukif"),
    each with the name's terms: a sentence that writes "UKIF" matches them."""
    found = {}
    for name in _CAPITALISED_RUN.findall(question):
        words = name.split()
        short = "".join(w if w.isupper() else w[0] for w in words)
        if len(short) >= 3:
            found[short.lower()] = _terms(name, language)
    return found


def with_cosine(candidates: Candidates, cosine: Sequence[float]) -> Candidates:
    """The same candidates with their embedding cosines filled in."""
    rows = candidates.sentences.copy()
    rows[:, _COLUMN["cosine"]] = np.asarray(cosine, dtype=np.float64)
    return Candidates(candidates.kind, rows, candidates.unseen)


def answer_features(candidates: Candidates, logits: Matrix) -> Matrix:
    """The answer model's features, given the sentence model's logits of the candidates."""
    order = np.argsort(-logits, kind="stable")
    top = int(order[0])
    second = float(logits[order[1]]) if len(order) > 1 else float(logits[top]) - 1.0
    rows = candidates.sentences
    kinds = rows[:, _COLUMN["kind_value"]] + rows[:, _COLUMN["kind_entity"]]
    coverage = rows[:, _COLUMN["coverage"]]
    values = {
        "top": float(logits[top]),
        "margin": float(logits[top]) - second,
        "coverage": float(coverage[top]),
        "unseen": candidates.unseen,
        "kind": float(kinds[top]),
        "any_kind": float(np.any((kinds > 0) & (coverage > 0))),
        "kind_best": float(coverage[kinds > 0].max(initial=0.0)),
        "cosine": float(rows[top, _COLUMN["cosine"]]),
        "best_cosine": float(rows[:, _COLUMN["cosine"]].max(initial=0.0)),
    }
    return np.asarray([values[name] for name in ANSWER_FEATURES])


def _idf(query: Sequence[str], documents: Sequence[Sequence[str]]) -> dict[str, float]:
    """BM25's idf of each query term over the candidate sentences; a term no sentence has
    gets the highest, because it is what the question is about."""
    total = len(documents)
    frequency: Counter[str] = Counter()
    for terms in documents:
        frequency.update(set(terms))
    return {t: math.log(1 + (total - frequency[t] + 0.5) / (frequency[t] + 0.5)) for t in query}
