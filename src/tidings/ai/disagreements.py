"""Where a story's outlets disagree on a figure, and where a later report updates one.

Every figure of every sentence is read with what it measures (``tidings.ai.quantities``).
Figures with the same key, dimension and rate ("vehicles", count, per day) are split into
groups of values that can all be true (the rules for "at least", "about", "nearly" and
rounding are in that module). Two groups disagree when statements in them, from different
outlets, cannot both be true and speak of the same thing:

* **the same referent.** Counts of a noun and sums of money need a content word near
  both figures besides the key and the story's everyday words ("some 50 participants were
  escorted along the walkway" and "hundreds of participants made their way to the border"
  count different groups); in two languages, a name instead. The dead, injured or
  evacuated are the story's, unless a sentence sets them somewhere the other article
  never mentions ("a quake in eastern China"). Magnitudes are of one earthquake only
  within ``MAGNITUDE_SPAN`` of each other. A key with more than ``MAX_VALUES`` values is
  a unit many things are counted in ("seats"), and is not compared.
* **not background.** A sentence that dates itself to another time ("in September", "in
  2003", "two years after") tells of another event; its figures, and those of the
  sentence going on from it ("It killed 612 people"), are left out (``tidings.ai.brief``).
* **a floor and a ceiling far apart** ("at least six weeks" against "up to three months")
  are two estimates although their ranges overlap: when the ceiling is
  ``FLOOR_CEILING_RATIO`` times the floor or more.

A count that only grows (killed, injured, arrested…) that a later article reports higher,
first published at least ``UPDATE_GAP`` after the lower figure, is an **update**: "12 →
14, updated 10:01". Reports closer together than that are at about the same time, and
then differing figures are a disagreement. Without publication times nothing is an
update. Different keys are never compared ("12 injured" and "3 killed"), and a figure
whose subject cannot be told is skipped: a missed disagreement costs less than a false one.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from tidings.ai.citation import Citation
from tidings.ai.quantities import Quantity, find_quantities
from tidings.ai.quantity_words import key_words
from tidings.ai.sentences import sentence_terms

__all__ = [
    "FLOOR_CEILING_RATIO",
    "MAGNITUDE_SPAN",
    "MAX_VALUES",
    "UPDATE_GAP",
    "Disagreement",
    "FigureUpdate",
    "ReportedValue",
    "Statement",
    "StoryContext",
    "another_time",
    "compare_figures",
    "statements",
    "story_context",
]

UPDATE_GAP = timedelta(minutes=30)
# A term in this share of a story's sentences is its subject. Set by reading stories, and
# checked by cross-validation in tests/eval/test_brief_disagreements.py: 0.1 to 0.2 all
# give the same pairs.
FREQUENT_SHARE = 0.15
FLOOR_CEILING_RATIO = 1.5
MAGNITUDE_SPAN = 0.5
# More values than this for one key, and the key is a unit ("seats": the Alliance's 38, the
# majority's 41, a coalition's 47), not one measured thing outlets disagree on.
MAX_VALUES = 3
# Counts that only grow as an event unfolds: a later, higher figure revises an earlier one.
# Dimensions whose keys are often generic nouns ("participants", "traffic", "value"): two
# figures need words in common besides the key to be about the same group or sum.
_GENERIC = frozenset({"count", "percent", "percentage-points"})
# Keys that name what befell people in the story's event, or the place's population: in
# one story there is one of each, once background sentences are left out.
_EVENT_KEYS = frozenset(
    {"killed", "injured", "evacuated", "missing", "arrested", "rescued", "displaced",
     "hospitalised", "population"}
)  # fmt: skip
_GROWING = frozenset(
    {"killed", "injured", "arrested", "evacuated", "rescued", "displaced", "hospitalised"}
)


@dataclass(frozen=True, slots=True)
class Statement:
    """A figure as one outlet's sentence states it."""

    quantity: Quantity
    citation: Citation
    language: str


@dataclass(frozen=True, slots=True)
class StoryContext:
    """What the whole story says, for telling whether two figures are of one thing.

    ``frequent`` are the story's everyday terms, found in ``FREQUENT_SHARE`` of its
    sentences or more ("caravan", "bridge"): sharing them says nothing about which group or
    sum a figure is of. ``words`` holds each article's words, lower-cased, by article id.
    """

    frequent: frozenset[str] = frozenset()
    words: Mapping[str, frozenset[str]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ReportedValue:
    """One of the mutually compatible values reported for a measured thing.

    ``reported`` is the earliest publication time among its sources, when all are known.
    """

    label: str  # as the first source wrote it: "around 38,000 vehicles"
    low: float
    high: float
    outlets: tuple[str, ...]
    sources: tuple[Citation, ...]
    reported: datetime | None = None


@dataclass(frozen=True, slots=True)
class Disagreement:
    """A measured thing for which outlets report values that cannot all be true."""

    key: str
    dimension: str
    per: str | None
    values: tuple[ReportedValue, ...]


@dataclass(frozen=True, slots=True)
class FigureUpdate:
    """A growing count that later reports revised: its values in the order first reported."""

    key: str
    dimension: str
    per: str | None
    values: tuple[ReportedValue, ...]


# --- which sentences' figures count ----------------------------------------------------

_MONTHS = (
    "january february march april may june july august september october november december",
    "januar februar märz april mai juni juli august september oktober november dezember",
    "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
)
_MONTH_OF = {name: n for names in _MONTHS for n, name in enumerate(names.split(), start=1)}
_ENGLISH_MONTHS = frozenset(_MONTHS[0].split())
_IN_MONTH = re.compile(
    r"\b(?:in|of|last|since|im|seit|en|au mois de|depuis|desde)\s+(?P<m>"
    + "|".join(_MONTH_OF)
    + r")\b",
    re.IGNORECASE,
)
# A year as a time, not a name: "in 2003", "since 1991", "in December 2003", "late 2008";
# "the 2015 nuclear deal" names the deal.
_YEAR = re.compile(
    r"\b(?:in|since|from|until|by|of|late|early|mid|im|seit|bis|en|depuis|desde|hasta)\s+"
    r"(?:[^\W\d_]+\s+)?(?P<y>1[89]\d\d|20\d\d)(?![\d.,]\d)",
    re.IGNORECASE,
)
_OTHER_TIME = re.compile(
    r"\b(?:last|previous|past) (?:year|month|decade|century)"
    r"|\b(?:years?|months?|decades?) (?:ago|after|before|earlier|later)\b"
    r"|\bearlier this (?:year|month)|\bletzte[nms]? (?:jahr|monat)"
    r"|\bvor \w+ (?:jahren|monaten|jahrzehnten)|\bl['’](?:an|année) dernier"
    r"|\bil y a \w+ (?:ans|mois)|\bel año pasado|\bhace \w+ (?:años|meses)",
    re.IGNORECASE,
)


def another_time(sentence: str, published: datetime | None) -> bool:
    """Whether a sentence dates itself to a time other than the article's: background."""
    if _OTHER_TIME.search(sentence):
        return True
    for m in _YEAR.finditer(sentence):
        if published is None or int(m.group("y")) != published.year:
            return True
    for m in _IN_MONTH.finditer(sentence):
        name = m.group("m")
        if name.islower() and name in _ENGLISH_MONTHS:
            continue  # "in may", "of march": English writes its months with a capital
        if published is None or _MONTH_OF[name.lower()] != published.month:
            return True
    return False


def statements(text: str, citation: Citation, language: str) -> list[Statement]:
    """The figures one sentence states that say what they measure."""
    return [Statement(q, citation, language) for q in find_quantities(text, language) if q.key]


def story_context(
    sentences: Sequence[tuple[str, str]],
    articles: Mapping[str, str],
    share: float = FREQUENT_SHARE,
) -> StoryContext:
    """The context of a story from its sentences (text, language) and its articles' texts
    by article id; ``share`` of the sentences makes a term frequent."""
    counts: dict[str, int] = defaultdict(int)
    for text, language in sentences:
        for term in set(sentence_terms(text, language)):
            counts[term] += 1
    least = max(3, share * len(sentences))
    return StoryContext(
        frozenset(t for t, n in counts.items() if n >= least),
        {key: frozenset(_WORDS.findall(text.lower())) for key, text in articles.items()},
    )


# --- comparing -------------------------------------------------------------------------


def compare_figures(
    found: Sequence[Statement],
    outlets: Sequence[str],
    context: StoryContext | None = None,
) -> tuple[tuple[Disagreement, ...], tuple[FigureUpdate, ...]]:
    """Disagreements between outlets, and updates by later reports, among ``found``."""
    context = context or StoryContext()
    by_key: dict[tuple[str, str, str | None], list[Statement]] = defaultdict(list)
    for statement in found:
        by_key[statement.quantity.compare_key].append(statement)
    disagreements: list[Disagreement] = []
    updates: list[FigureUpdate] = []
    for (key, dimension, per), group in by_key.items():
        if len({s.citation.article_id for s in group}) < 2:
            continue
        clusters = _value_clusters(group)
        if len(clusters) > MAX_VALUES and key not in _EVENT_KEYS:
            continue  # "seats", "points": a unit many things are counted in, not one thing
        contested = _contested(clusters, context)
        if not contested:
            continue
        values = [_reported(cluster, outlets) for cluster in clusters]
        if key in _GROWING and _updated_in_turn(values):
            updates.append(FigureUpdate(key, dimension, per, tuple(values)))
        elif any(across_outlets for across_outlets in contested):
            disagreements.append(Disagreement(key, dimension, per, tuple(values)))
    return tuple(disagreements), tuple(updates)


def _agree(a: Quantity, b: Quantity) -> bool:
    """Whether two statements can both stand: ranges that overlap, unless one is a floor and
    the other a ceiling far above it ("at least six weeks", "up to three months")."""
    if not a.compatible(b):
        return False
    floor = a if math.isinf(a.high) else b if math.isinf(b.high) else None
    ceiling = b if floor is a else a
    if floor is None or ceiling.low != 0 or ceiling.qualifier is None or floor.low <= 0:
        return True
    return ceiling.high < FLOOR_CEILING_RATIO * floor.low


def _value_clusters(group: list[Statement]) -> list[list[Statement]]:
    """Statements split into runs whose ranges share a common value, lowest first."""
    ordered = sorted(group, key=lambda s: (s.quantity.low, s.quantity.high))
    clusters: list[list[Statement]] = []
    common: Quantity | None = None
    for statement in ordered:
        if common is not None and _agree(common, statement.quantity):
            clusters[-1].append(statement)
            common = _intersect(common, statement.quantity)
        else:
            clusters.append([statement])
            common = statement.quantity
    return clusters


def _intersect(a: Quantity, b: Quantity) -> Quantity:
    """A stand-in for what two compatible statements jointly allow."""
    low, high = max(a.low, b.low), min(a.high, b.high)
    qualifier = a.qualifier if a.qualifier is not None else b.qualifier
    middle = (low + high) / 2 if math.isfinite(high) else low
    return Quantity(
        middle, low, high, a.dimension, a.key, a.thing, a.per, qualifier, a.text, a.start, a.end
    )


def _contested(clusters: list[list[Statement]], context: StoryContext) -> list[bool]:
    """For each pair of statements of two articles that cannot both be true and speak of one
    thing, whether their articles come from two outlets."""
    found = []
    for i, first in enumerate(clusters):
        for other in clusters[i + 1 :]:
            for a in first:
                for b in other:
                    if (
                        a.citation.article_id != b.citation.article_id
                        and not _agree(a.quantity, b.quantity)
                        and _same_referent(a, b, context)
                    ):
                        found.append(a.citation.outlet != b.citation.outlet)
    return found


def _same_referent(a: Statement, b: Statement, context: StoryContext) -> bool:
    """Whether two figures with one key are of the same thing (the module's rules)."""
    dimension = a.quantity.dimension
    if dimension == "magnitude":
        return abs(a.quantity.value - b.quantity.value) <= MAGNITUDE_SPAN
    if a.quantity.key in _EVENT_KEYS and not (_strange(a, b, context) or _strange(b, a, context)):
        return True  # the story's dead, injured, evacuated: background is already left out
    if dimension not in _GENERIC and not dimension.startswith("money:"):
        return True  # an event's duration, time or date: its key says which
    if a.quantity.per is not None:
        return True  # a rate ("vehicles a day") is one measure of the story's subject
    if a.language[:2] != b.language[:2]:
        return bool(_names(a.citation.text) & _names(b.citation.text))
    return bool((_near_words(a) & _near_words(b)) - context.frequent)


def _strange(a: Statement, b: Statement, context: StoryContext) -> bool:
    """Whether ``a``'s sentence places itself somewhere ``b``'s article never mentions ("a
    quake in eastern China" beside a report on Iran): then it may count another event's."""
    known = context.words.get(b.citation.article_id)
    places = {m.group("p").lower() for m in _PLACE.finditer(a.citation.text)}
    return known is not None and bool(places - known)


def _near_words(statement: Statement, reach: int = 60) -> set[str]:
    """Content words within ``reach`` characters of a figure, without the figure's own."""
    q, text, lang = statement.quantity, statement.citation.text, statement.language
    window = text[max(0, q.start - reach) : q.end + reach]
    said = [q.key, q.thing, *key_words(q.key)]
    if q.dimension.startswith("money:"):
        said.append(q.text)  # "110 billion euro": its scale and currency name no group
    own = set(sentence_terms(" ".join(said), lang))
    return {t for t in sentence_terms(window, lang) if not t[0].isdigit()} - own


_WORDS = re.compile(r"[^\W\d_][\w'’-]*")
# "in eastern China", "à Montvalès", "en Dravenia": a place named after a preposition.
_PLACE = re.compile(
    r"\b(?:in|at|near|im|in der|bei|à|au|en|dans|cerca de)\s+(?:[a-zà-ÿ]+\s+)?"
    r"(?P<p>[A-ZÀ-Ý][\w'’-]+)"
)


def _names(text: str) -> set[str]:
    """Capitalised words after the first: the names two languages share."""
    words = re.findall(r"[^\W\d_][\w'’-]*", text)
    return {w.lower() for w in words[1:] if w[:1].isupper() and len(w) > 2}


def _reported(cluster: list[Statement], outlets: Sequence[str]) -> ReportedValue:
    """One group of compatible statements as a value the brief shows."""
    order = {outlet: n for n, outlet in enumerate(outlets)}
    cluster = sorted(cluster, key=lambda s: order.get(s.citation.outlet, len(order)))
    times = [s.citation.published for s in cluster if s.citation.published is not None]
    first = min(times) if len(times) == len(cluster) else None
    if first is not None:
        cluster.sort(key=lambda s: s.citation.published != first)  # the first report leads
    sources = tuple(dict.fromkeys(s.citation for s in cluster))
    return ReportedValue(
        cluster[0].quantity.text,
        max(s.quantity.low for s in cluster),
        min(s.quantity.high for s in cluster),
        tuple(dict.fromkeys(c.outlet for c in sources)),
        sources,
        first,
    )


def _updated_in_turn(values: list[ReportedValue]) -> bool:
    """Whether each higher value was first reported well after the one below it."""
    times = [v.reported for v in values]
    return all(
        earlier is not None and later is not None and later - earlier >= UPDATE_GAP
        for earlier, later in itertools.pairwise(times)
    )
