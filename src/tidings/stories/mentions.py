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
from collections.abc import Iterable, Mapping

from tidings.enrich.embeddings import article_text_for_embedding
from tidings.enrich.entities import extract_mentions

__all__ = ["CHANNELS", "SparseVector", "TermStats", "channel_dots", "channel_of", "doc_mentions"]

SparseVector = dict[str, float]
CHANNELS = ("name", "number", "date")

_PREFIX = {"#": "number", "@": "date"}


def channel_of(key: str) -> str:
    """The channel a key belongs to."""
    return _PREFIX.get(key[0], "name")


def doc_mentions(
    title: str | None, text: str, *, lead_chars: int, lead_weight: float
) -> Counter[str]:
    """Keys of a document with counts; those in the headline and lead count extra."""
    counts = extract_mentions(f"{title}\n{text}" if title else text).features()
    lead = extract_mentions(article_text_for_embedding(title, text, lead_chars)).features()
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

    def add(self, keys: Iterable[str]) -> None:
        """Count one more document holding ``keys`` (each key once)."""
        self.documents += 1
        self.frequency.update(set(keys))

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
