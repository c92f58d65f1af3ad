"""Sparse evidence for story clustering: who, where, when and how much.

A document's keys (``tidings.enrich.entities``) come in three channels: names (``tara``,
``reid``), numbers (``#6.1``) and dates (``@11-30``, ``@2009``). Each channel becomes its own
unit vector, keys weighted by ``(1 + log count) * idf`` with document frequencies counted
online over the documents seen so far, so a name every story mentions ("Obama") weighs
little and the place of one earthquake much. Keeping the channels apart lets a shared date
count as evidence of its own instead of drowning among names (on ECB+ that lifted B-cubed F1
by about 0.02; a fourth channel of content words added nothing and was dropped). Keys of the
headline and lead count again: the lead names the event, the body wanders into background.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Container, Iterable, Mapping

from tidings.enrich.embeddings import article_text_for_embedding
from tidings.enrich.entities import extract_mentions

__all__ = [
    "CHANNELS",
    "SparseVector",
    "TermStats",
    "channel_dots",
    "channel_of",
    "doc_mentions",
    "restricted",
]

SparseVector = dict[str, float]
CHANNELS = ("name", "number", "date")

_PREFIX = {"#": "number", "@": "date"}
# Across languages a vector keeps only its comparable keys; scaled back up, it counts fully
# when they hold at least this share of its length.
KEPT_FLOOR = 0.5


def channel_of(key: str) -> str:
    """The channel a key belongs to."""
    return _PREFIX.get(key[0], "name")


def doc_mentions(
    title: str | None,
    text: str,
    *,
    lead_chars: int,
    lead_weight: float,
    language: str | None = None,
) -> Counter[str]:
    """Keys of a document with counts; those in the headline and lead count extra.
    ``language`` says how its numbers and month names are written."""
    counts = extract_mentions(f"{title}\n{text}" if title else text, language).features()
    lead_text = article_text_for_embedding(title, text, lead_chars)
    lead = extract_mentions(lead_text, language).features()
    for key, count in lead.items():
        counts[key] += round(lead_weight * count)
    return counts


def channel_dots(a: Mapping[str, float], b: Mapping[str, float]) -> dict[str, float]:
    """The dot product of two sparse vectors, channel by channel."""
    if len(a) > len(b):
        a, b = b, a
    sums = dict.fromkeys(CHANNELS, 0.0)
    for key, weight in a.items():
        other = b.get(key)
        if other:
            sums[channel_of(key)] += weight * other
    return sums


class TermStats:
    """Document frequencies of keys, counted as documents arrive.

    ``prior_documents`` pretends that many documents were seen before, none holding any key:
    early in a stream a key found in three of five documents is not yet known to be common
    (on the dev sets 100 beat no prior, and weighs nothing after a day of news).
    """

    def __init__(self, prior_documents: int = 100) -> None:
        self.documents = 0
        self.prior_documents = prior_documents
        self.frequency: Counter[str] = Counter()
        self._first_language: dict[str, str] = {}
        # Keys seen in documents of two languages or more: what can be evidence across
        # languages ("odile" in English and German news; not "feuerwehr").
        self.international: set[str] = set()

    def add(self, keys: Iterable[str], language: str = "") -> None:
        """Count one more document holding ``keys`` (each key once), in ``language``."""
        unique = set(keys)
        self.documents += 1
        self.frequency.update(unique)
        if not language:
            return
        for key in unique:
            first = self._first_language.setdefault(key, language)
            if first != language:
                self.international.add(key)

    def idf(self, key: str) -> float:
        """Smoothed inverse document frequency; unseen keys weigh most."""
        seen = self.documents + self.prior_documents
        return math.log((seen + 1) / (self.frequency[key] + 1)) + 1.0

    def vector(self, counts: Mapping[str, int]) -> SparseVector:
        """Weighted keys, each channel scaled to unit length (an empty channel stays empty)."""
        weights = {
            key: (1.0 + math.log(count)) * self.idf(key)
            for key, count in counts.items()
            if count > 0
        }
        norms: dict[str, float] = dict.fromkeys(CHANNELS, 0.0)
        for key, weight in weights.items():
            norms[channel_of(key)] += weight * weight
        return {key: w / math.sqrt(norms[channel_of(key)]) for key, w in weights.items()}


def restricted(vector: Mapping[str, float], keys: Container[str]) -> SparseVector:
    """The vector's weights on ``keys`` only, each channel scaled up again towards unit
    length, but by at most 1 / ``KEPT_FLOOR``: a channel that keeps one small key of many
    must not read as if that key were all it said."""
    kept = {key: weight for key, weight in vector.items() if key in keys}
    norms: dict[str, float] = dict.fromkeys(CHANNELS, 0.0)
    for key, weight in kept.items():
        norms[channel_of(key)] += weight * weight
    total: dict[str, float] = dict.fromkeys(CHANNELS, 0.0)
    for key, weight in vector.items():
        total[channel_of(key)] += weight * weight
    scale = {
        channel: 1.0 / max(math.sqrt(norms[channel]), KEPT_FLOOR * math.sqrt(total[channel]))
        for channel in CHANNELS
        if norms[channel]
    }
    return {key: w * scale[channel_of(key)] for key, w in kept.items()}
