"""A synthetic news stream for the story benchmarks: dated articles with vectors and text.

Stories start at a steady rate; each has a few members (one to a few dozen, most small)
published within about three days of its start. An article's vector mixes its topic, its
story's centroid and noise, so members of one story sit near each other (cosine about 0.7),
stories of one topic a little (about 0.15) and the rest near zero, roughly as
all-MiniLM-L6-v2 places news. Headlines and leads name the story's person, place,
organisation, number and date, so the clusterer's name, number and date evidence agrees
within a story and only sometimes across stories.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import numpy as np
import numpy.typing as npt

from tidings.stories.story_docs import StoryDoc

__all__ = ["DIM", "SyntheticArticle", "synthetic_stream"]

DIM = 384
TOPICS = 40
# Component weights: with near-orthogonal random parts, a member pair's cosine is about
# (TOPIC² + STORY²) / (TOPIC² + STORY² + NOISE²) = 0.69, a same-topic pair's 0.14.
TOPIC, STORY, NOISE = 0.4, 0.8, 0.6


def _split(text: str, sep: str = " ") -> tuple[str, ...]:
    return tuple(text.split(sep))


_FIRST = _split(
    "Mara Oskar Ines Tomas Leila Pavel Greta Jonas Amira Felix Nadia Ruben Clara Anton Yusuf "
    "Elena Hugo Sofia Milan Irene Kasper Lotte Emil Dana Viktor Alma Rafael Noor Bruno Ida"
)
_LAST = _split(
    "Lindqvist Brandt Okafor Varga Moreau Castell Halvorsen Novak Rahimi Sterling Duval "
    "Kowalski Ferreira Nakamura Oyelaran Petrov Aldana Whitcombe Ekberg Marchetti Dunmore "
    "Szabo Quint Falk Harrow Vesely Amstel Corrin Tallis Menon Rook Beaumont Iversen Lund"
)
_PLACES = _split(
    "Port Avel|Lindhaven|Westmarch|Calder Bay|Norrow|Easthollow|Saint Brey|Kestrel Point|"
    "Marrowgate|Tollbridge|Ashby Vale|Fenwick|Greyhaven|Oldmere|Brackwater|Dunmoor|Highcliff|"
    "Riverton|Selby Cross|Amberfield|Coldwater|Harrowby|Stonemouth|Wrenfield|Larkspur",
    "|",
)
_ORGS = _split(
    "Harbour Authority|City Council|Transit Board|Health Trust|Water Company|Port Union|"
    "Energy Cooperative|Teachers Guild|Coast Guard|Housing Agency|Rail Company|Farmers League",
    "|",
)
_THINGS = _split(
    "ferries jobs homes flights trains schools clinics turbines bridges buses farms shops "
    "patients students workers contracts"
)
_VERBS = _split(
    "cancels|approves|delays|expands|cuts|reopens|announces|suspends|doubles|reviews", "|"
)
_MONTHS = _split(
    "January February March April May June July August September October November December"
)

Vector = npt.NDArray[np.float32]


@dataclass(frozen=True, slots=True)
class SyntheticArticle:
    """One article of the stream, its precomputed unit vector, its true story, and the
    mention keys its text holds (what ``stories.mentions.doc_mentions`` finds, near enough)."""

    doc: StoryDoc
    vector: Vector
    story: int
    keys: Counter[str]


@dataclass(frozen=True, slots=True)
class _Story:
    index: int
    topic: int
    centroid: Vector
    person: str
    other: str
    place: str
    org: str
    number: int
    thing: str
    verb: str
    keys: Counter[str]


def _unit(rng: np.random.Generator) -> Vector:
    v = rng.standard_normal(DIM).astype(np.float32)
    return v / np.float32(np.linalg.norm(v))


def _story(rng: np.random.Generator, index: int, day: float, origin: datetime) -> _Story:
    first, last, place, org, thing, verb = (
        int(i) for i in rng.integers(0, 1 << 30, 6)
    )  # one call: rng.choice per field is the slow part of making a million articles
    person = f"{_FIRST[first % len(_FIRST)]} {_LAST[last % len(_LAST)]}"
    other = f"{_FIRST[last % len(_FIRST)]} {_LAST[first % len(_LAST)]}"
    number = 10 + (first ^ last) % 4990
    when = origin + timedelta(days=day)
    words = f"{person} {other} {_PLACES[place % len(_PLACES)]} {_ORGS[org % len(_ORGS)]}"
    keys = Counter({w.lower(): 2 for w in words.split()})
    keys[f"#{number}"] = 2
    keys[f"@{when.month:02d}-{when.day:02d}"] = 1
    return _Story(
        index=index,
        topic=int(rng.integers(TOPICS)),
        centroid=_unit(rng),
        person=person,
        other=other,
        place=_PLACES[place % len(_PLACES)],
        org=_ORGS[org % len(_ORGS)],
        number=number,
        thing=_THINGS[thing % len(_THINGS)],
        verb=_VERBS[verb % len(_VERBS)],
        keys=keys,
    )


def _text(story: _Story, when: datetime, variant: int) -> tuple[str, str]:
    s, date = story, f"{_MONTHS[when.month - 1]} {when.day}"
    headlines = (
        f"{s.place} {s.org} {s.verb} {s.number} {s.thing}",
        f"{s.person} says {s.number} {s.thing} in {s.place} are affected",
        f"{s.number} {s.thing} hit as {s.place} {s.org} {s.verb} plans",
        f"What the {s.org} decision means for {s.place}",
    )
    leads = (
        f"{s.place}, {date}: {s.person} of the {s.org} said that {s.number} {s.thing} would "
        f"be affected. {s.other} called the move overdue.",
        f"The {s.org} in {s.place} {s.verb} {s.number} {s.thing}, {s.person} told reporters "
        f"on {date}. Critics led by {s.other} asked for a review.",
        f"{s.other} said on {date} that the decision by {s.person} left {s.number} {s.thing} "
        f"in {s.place} waiting for news from the {s.org}.",
    )
    return headlines[variant % len(headlines)], leads[variant % len(leads)]


def synthetic_stream(
    count: int, *, per_day: float, seed: int = 4, start: datetime | None = None
) -> Iterator[SyntheticArticle]:
    """``count`` articles in date order, about ``per_day`` a day."""
    rng = np.random.default_rng(seed)
    topics = np.stack([_unit(rng) for _ in range(TOPICS)])
    origin = start or datetime(2020, 1, 1, tzinfo=UTC)
    mean_size = 2.5
    pending: list[tuple[float, int, _Story]] = []  # (day, tiebreak, story) of unpublished
    made = stories = day = sequence = 0
    while made < count:
        for _ in range(int(rng.poisson(per_day / mean_size))):
            begins = day + rng.random()
            story = _story(rng, stories, begins, origin)
            stories += 1
            size = 1 + min(int(rng.geometric(1 / (mean_size - 0.5))) - 1, 40)
            offsets = np.minimum(rng.exponential(0.6, size), 3.0)
            offsets[0] = 0.0  # the first report comes when the story breaks
            for offset in offsets.tolist():
                heapq.heappush(pending, (begins + offset, sequence, story))
                sequence += 1
        day_end = day + 1
        batch: list[tuple[float, _Story]] = []
        while pending and pending[0][0] < day_end:
            when, _, story = heapq.heappop(pending)
            batch.append((when, story))
        if not batch:
            day = day_end
            continue
        # Vectors and the small random choices for the whole day at once.
        noise = rng.standard_normal((len(batch), DIM)).astype(np.float32) / math.sqrt(DIM)
        parts = np.stack([topics[story.topic] for _, story in batch]) * TOPIC
        parts += np.stack([story.centroid for _, story in batch]) * STORY
        parts += noise * NOISE
        parts /= np.linalg.norm(parts, axis=1, keepdims=True)
        picks = rng.integers(0, 600, len(batch)).tolist()
        for (when, story), vector, pick in zip(batch, parts, picks, strict=True):
            if made >= count:
                return
            moment = origin + timedelta(days=when)
            title, lead = _text(story, moment, pick)
            doc = StoryDoc(
                id=f"a{made:07d}",
                title=title,
                text=lead,
                published=moment,
                outlet=f"outlet-{pick % 50}",
                language="en",
            )
            yield SyntheticArticle(doc, vector, story.index, story.keys)
            made += 1
        day = day_end
