"""The story brief: what most outlets report, what each adds, and where they disagree.

A story is one event covered by several outlets. The brief is extractive, like the rest of
``tidings.ai``: every line is an outlet's own sentence, cited by article and sentence id,
so a reader can check it. Three parts:

* **What most outlets report.** Sentences of different outlets are linked when their TF-IDF
  cosine (over the story's own sentences, so words every outlet uses weigh little) passes
  ``LINK_SIMILARITY`` and each is the other's best match in that outlet; linked sentences
  form groups. Groups carried by a majority of outlets (at least two) come first; each
  shows its most central sentence and cites every member.
* **What each outlet adds.** Per outlet, up to two sentences no other outlet comes close to
  (best cross-outlet cosine under ``UNIQUE_SIMILARITY``), ranked by how much of their
  vocabulary only this outlet uses, favouring figures and names over boilerplate.
* **Where sources disagree.** ``tidings.ai.quantities`` reads every figure with what it
  measures. Figures with the same key, dimension and rate ("vehicles", count, per day) are
  grouped by compatible ranges; the rules for "at least", "about", "nearly" and rounding
  are in that module's docstring. Only when two outlets state ranges that cannot both be
  true is it a disagreement. Different keys are never compared ("12 injured" and "3
  killed" are different things), and a figure whose subject cannot be told is skipped:
  a missed disagreement costs less than a false one.

A story with fewer than two outlets has no brief: ``build_brief`` returns ``None`` rather
than raising, because single-outlet stories are common and not a caller's mistake.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np
import numpy.typing as npt

from tidings.ai.quantities import Quantity, find_quantities
from tidings.ai.sentences import split_sentences

__all__ = [
    "LINK_SIMILARITY",
    "UNIQUE_SIMILARITY",
    "BriefArticle",
    "Citation",
    "CommonPoint",
    "Disagreement",
    "OutletAddition",
    "ReportedValue",
    "StoryBrief",
    "build_brief",
]

# Cosine of TF-IDF vectors above which two outlets' sentences report the same thing. On the
# demo stories paraphrases of one fact score 0.3-0.6 and unrelated sentences of one story
# stay under 0.2; 0.3 joins the paraphrases without chaining background together.
LINK_SIMILARITY = 0.3
# Under this best cross-outlet cosine a sentence is something only its outlet says. Story
# words ("Calder Bridge", "closure") alone give unrelated sentences 0.2 on the demo, so
# the bar sits above that and below ``LINK_SIMILARITY``.
UNIQUE_SIMILARITY = 0.25
MIN_WORDS = 6  # shorter sentences are datelines, captions and fragments
MAX_WORDS = 60

Embed = Callable[[Sequence[str]], npt.NDArray[np.float32]]


@dataclass(frozen=True, slots=True)
class BriefArticle:
    """One article of the story: ``text`` is the body, paragraphs split by blank lines."""

    article_id: str
    outlet: str
    title: str
    text: str
    published: datetime | None = None
    language: str = "en"


@dataclass(frozen=True, slots=True)
class Citation:
    """Where a sentence of the brief comes from: the article, its outlet and anchor id."""

    article_id: str
    outlet: str
    sentence_id: str
    text: str
    published: datetime | None = None


@dataclass(frozen=True, slots=True)
class CommonPoint:
    """Content several outlets carry: one representative sentence and every source of it."""

    text: str
    representative: Citation
    sources: tuple[Citation, ...]
    outlets: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class OutletAddition:
    """Sentences only one outlet has."""

    outlet: str
    sentences: tuple[Citation, ...]


@dataclass(frozen=True, slots=True)
class ReportedValue:
    """One of the mutually compatible values reported for a measured thing."""

    label: str  # as the first source wrote it: "around 38,000 vehicles"
    low: float
    high: float
    outlets: tuple[str, ...]
    sources: tuple[Citation, ...]


@dataclass(frozen=True, slots=True)
class Disagreement:
    """A measured thing for which outlets report values that cannot all be true."""

    key: str
    dimension: str
    per: str | None
    values: tuple[ReportedValue, ...]


@dataclass(frozen=True, slots=True)
class StoryBrief:
    """The brief of one story across its outlets; ``method`` says what made it."""

    outlets: tuple[str, ...]
    common: tuple[CommonPoint, ...]
    additions: tuple[OutletAddition, ...]
    disagreements: tuple[Disagreement, ...]
    method: str


@dataclass(frozen=True, slots=True)
class _Unit:
    """A sentence of the story with where it came from."""

    citation: Citation
    outlet_index: int
    position: int  # reading order within its article
    language: str


def build_brief(
    articles: Sequence[BriefArticle],
    *,
    embed: Embed | None = None,
    max_common: int = 5,
    max_added: int = 2,
) -> StoryBrief | None:
    """The brief of a story's articles, or ``None`` when fewer than two outlets cover it.

    ``embed`` (unit vectors per text, as ``Embedder.embed`` returns) blends sentence
    embeddings into the lexical similarity when given; the lexical measure alone is the
    default because it needs no model and is what the thresholds were chosen on.
    """
    outlets = tuple(dict.fromkeys(a.outlet for a in articles))
    if len(outlets) < 2:
        return None
    units = _units(articles, outlets)
    if not units:
        return StoryBrief(outlets, (), (), (), _method(embed))
    sim = _similarity([u.citation.text for u in units], embed)
    owner = np.array([u.outlet_index for u in units])
    cross = owner[:, None] != owner[None, :]
    groups = _groups(sim, owner, cross)
    common = _common(units, groups, sim, len(outlets), max_common)
    grouped = {i for g in groups if len({owner[j] for j in g}) > 1 for i in g}
    additions = _additions(units, outlets, sim, cross, grouped, max_added)
    return StoryBrief(outlets, common, additions, _disagreements(units, outlets), _method(embed))


def _method(embed: Embed | None) -> str:
    how = "TF-IDF and sentence embeddings" if embed else "TF-IDF"
    return f"Extractive: outlets' own sentences, grouped by {how}; figures compared by rules."


def _units(articles: Sequence[BriefArticle], outlets: tuple[str, ...]) -> list[_Unit]:
    """Every citable body sentence, skipping headings, fragments and an outlet's repeats."""
    units: list[_Unit] = []
    seen: set[tuple[str, str]] = set()
    for article in articles:
        for sentence in split_sentences(article.text):
            words = len(sentence.text.split())
            if sentence.heading or not MIN_WORDS <= words <= MAX_WORDS:
                continue
            norm = " ".join(_tokens(sentence.text))
            if (article.outlet, norm) in seen:
                continue  # an outlet's follow-up repeating its own sentence
            seen.add((article.outlet, norm))
            cite = Citation(
                article.article_id, article.outlet, sentence.id, sentence.text, article.published
            )
            units.append(
                _Unit(cite, outlets.index(article.outlet), sentence.index, article.language)
            )
    return units


def _words(listing: str) -> frozenset[str]:
    return frozenset(listing.split())


_TOKEN = re.compile(r"[^\W_]+(?:[.,'’][^\W_]+)*")
_STOP = _words(
    """
    the a an and or but of to in on at by for from with as is are was were be been being has
    have had do does did will would could should may might must can this that these those it
    its their his her our they he she we i you who which what when where while than then
    there here also not no so said says say told more most about after before into over up
    out all any some one other such only just very per
    der die das und oder ein eine ist sind war mit von zu im am auf für den dem des sich
    le la les un une des du de et ou en au aux est sont pour par avec sur dans qui que
    """
)


def _tokens(text: str) -> list[str]:
    """Content words, lower-cased and crudely stemmed; figures without their separators."""
    out = []
    for raw in _TOKEN.findall(text.lower()):
        if raw[0].isdigit():
            out.append(re.sub(r"[.,\s]", "", raw))
            continue
        word = raw.replace("’", "'").split("'")[0]
        if len(word) < 3 or word in _STOP:
            continue
        for suffix in ("ing", "ed", "es", "s", "ly"):
            if word.endswith(suffix) and len(word) - len(suffix) >= 4:
                word = word[: -len(suffix)]
                break
        out.append(word[:7])
    return out


def _similarity(texts: list[str], embed: Embed | None) -> npt.NDArray[np.float64]:
    """Pairwise sentence similarity: TF-IDF cosine, blended with embeddings when given."""
    docs = [_tokens(t) for t in texts]
    vocab: dict[str, int] = {}
    for doc in docs:
        for tok in doc:
            vocab.setdefault(tok, len(vocab))
    counts = np.zeros((len(docs), max(len(vocab), 1)))
    for row, doc in enumerate(docs):
        for tok in doc:
            counts[row, vocab[tok]] += 1
    df = (counts > 0).sum(axis=0)
    idf = np.log((len(docs) + 1) / (df + 1)) + 1.0
    weights = np.log1p(counts) * idf
    norms = np.linalg.norm(weights, axis=1, keepdims=True)
    weights /= np.where(norms == 0, 1.0, norms)
    sim: npt.NDArray[np.float64] = weights @ weights.T
    if embed is not None:
        vectors = np.asarray(embed(texts), dtype=np.float64)
        sim = 0.5 * sim + 0.5 * np.clip(vectors @ vectors.T, 0.0, 1.0)
    return sim


def _groups(
    sim: npt.NDArray[np.float64], owner: npt.NDArray[np.int_], cross: npt.NDArray[np.bool_]
) -> list[list[int]]:
    """Sentences joined through mutual best matches between outlets above the threshold."""
    parent = list(range(len(owner)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    masked = np.where(cross, sim, -1.0)
    best: dict[tuple[int, int], int] = {}  # (sentence, other outlet) -> its best match there
    for o in np.unique(owner):
        cols = np.flatnonzero(owner == o)
        picks = cols[np.argmax(masked[:, cols], axis=1)]
        for i, j in enumerate(picks):
            best[(i, int(o))] = int(j)
    for (i, o), j in best.items():
        if masked[i, j] >= LINK_SIMILARITY and best.get((j, int(owner[i]))) == i and owner[i] != o:
            parent[find(i)] = find(j)
    members: dict[int, list[int]] = defaultdict(list)
    for i in range(len(owner)):
        members[find(i)].append(i)
    return list(members.values())


def _common(
    units: list[_Unit],
    groups: list[list[int]],
    sim: npt.NDArray[np.float64],
    n_outlets: int,
    limit: int,
) -> tuple[CommonPoint, ...]:
    """Groups most outlets carry, best supported first, one sentence standing for each."""
    scored = []
    for group in groups:
        support = len({units[i].outlet_index for i in group})
        if support < 2:
            continue
        sub = sim[np.ix_(group, group)]
        # The most central member; in a pair, the one closest to the rest of the coverage.
        spread = sim[np.ix_(group, range(len(units)))].sum(axis=1) * 1e-3
        centre = group[int(np.argmax(sub.sum(axis=1) + spread))]
        cohesion = float((sub.sum() - len(group)) / max(len(group) * (len(group) - 1), 1))
        earliness = sum(units[i].position for i in group) / len(group)
        scored.append((support, cohesion - 0.01 * earliness, centre, group))
    majority = max(2, math.ceil(n_outlets / 2))
    if any(s[0] >= majority for s in scored):
        scored = [s for s in scored if s[0] >= majority]
    scored.sort(key=lambda s: (-s[0], -s[1]))
    chosen: list[CommonPoint] = []
    centres: list[int] = []
    for _, _, centre, group in scored:
        if len(chosen) == limit:
            break
        if any(sim[centre, c] > 0.5 for c in centres):
            continue  # says again what an earlier point said
        centres.append(centre)
        ordered = sorted(group, key=lambda i: (units[i].outlet_index, units[i].position))
        chosen.append(
            CommonPoint(
                units[centre].citation.text,
                units[centre].citation,
                tuple(units[i].citation for i in ordered),
                tuple(dict.fromkeys(units[i].citation.outlet for i in ordered)),
            )
        )
    return tuple(chosen)


_BOILERPLATE = re.compile(
    r"contributed to this report|sign up|newsletter|subscribe|follow us|read more|"
    r"click here|all rights reserved|for more information|did not respond|could not be "
    r"reached|declined to comment|this article|this story|copyright|©",
    re.IGNORECASE,
)


_ANAPHORA = re.compile(
    r"(?:The|This|That|These|Those) (?:figure|figures|move|decision|plan|number|estimate)\b|"
    r"(?:It|They|She|He|This|These|Those|Such|But|And|Also)\b"
)


def _additions(
    units: list[_Unit],
    outlets: tuple[str, ...],
    sim: npt.NDArray[np.float64],
    cross: npt.NDArray[np.bool_],
    grouped: set[int],
    limit: int,
) -> tuple[OutletAddition, ...]:
    """Per outlet, its most informative sentences that no other outlet comes close to."""
    used_by: dict[str, set[int]] = defaultdict(set)
    token_lists = [_tokens(u.citation.text) for u in units]
    for unit, toks in zip(units, token_lists, strict=True):
        for tok in toks:
            used_by[tok].add(unit.outlet_index)
    best_other = np.where(cross, sim, 0.0).max(axis=1)
    additions = []
    for index, outlet in enumerate(outlets):
        candidates = []
        for i, unit in enumerate(units):
            text = unit.citation.text
            if unit.outlet_index != index or i in grouped or best_other[i] >= UNIQUE_SIMILARITY:
                continue
            if _BOILERPLATE.search(text) or text.rstrip("”\"' ").endswith("?"):
                continue
            toks = token_lists[i]
            own = sum(1 for t in set(toks) if used_by[t] == {index})
            names = len(re.findall(r"(?<=\s)[A-Z][a-z]+", text))
            figures = len(find_quantities(text, unit.language))
            quoted = text.lstrip().startswith(("“", '"', "‘", "'"))
            leans = _ANAPHORA.match(text) is not None  # needs the sentence before it
            score = own / math.sqrt(len(toks) + 1) + 0.3 * min(names, 3) + 0.5 * min(figures, 2)
            score -= best_other[i] + (0.5 if quoted else 0.0) + (0.5 if leans else 0.0)
            candidates.append((score, i))
        picked: list[int] = []
        for _, i in sorted(candidates, reverse=True):
            if len(picked) == limit:
                break
            if all(sim[i, j] < 0.3 for j in picked):
                picked.append(i)
        if picked:
            picked.sort(key=lambda i: units[i].position)
            additions.append(OutletAddition(outlet, tuple(units[i].citation for i in picked)))
    return tuple(additions)


def _disagreements(units: list[_Unit], outlets: tuple[str, ...]) -> tuple[Disagreement, ...]:
    """Measured things for which two outlets report values whose ranges cannot overlap."""
    by_key: dict[tuple[str, str, str | None], list[tuple[Quantity, Citation]]] = defaultdict(list)
    for unit in units:
        for quantity in find_quantities(unit.citation.text, unit.language):
            by_key[quantity.compare_key].append((quantity, unit.citation))
    found = []
    for (key, dimension, per), statements in by_key.items():
        if len({c.outlet for _, c in statements}) < 2:
            continue
        clusters = _value_clusters(statements)
        if not _disputed(clusters):
            continue
        values = []
        for cluster in clusters:
            cluster.sort(key=lambda s: outlets.index(s[1].outlet))  # the story's outlet order
            low = max(q.low for q, _ in cluster)
            high = min(q.high for q, _ in cluster)
            sources = tuple(dict.fromkeys(c for _, c in cluster))
            values.append(
                ReportedValue(
                    cluster[0][0].text,
                    low,
                    high,
                    tuple(dict.fromkeys(c.outlet for c in sources)),
                    sources,
                )
            )
        found.append(Disagreement(key, dimension, per, tuple(values)))
    return tuple(found)


def _value_clusters(
    statements: list[tuple[Quantity, Citation]],
) -> list[list[tuple[Quantity, Citation]]]:
    """Statements split into runs whose ranges share a common value, lowest first."""
    ordered = sorted(statements, key=lambda s: (s[0].low, s[0].high))
    clusters: list[list[tuple[Quantity, Citation]]] = []
    common: Quantity | None = None
    for quantity, cite in ordered:
        if common is not None and common.compatible(quantity):
            clusters[-1].append((quantity, cite))
            common = _intersect(common, quantity)
        else:
            clusters.append([(quantity, cite)])
            common = quantity
    return clusters


def _intersect(a: Quantity, b: Quantity) -> Quantity:
    """A stand-in for what two compatible statements jointly allow."""
    low, high = max(a.low, b.low), min(a.high, b.high)
    qualifier = a.qualifier if a.qualifier is not None else b.qualifier
    return Quantity(
        (low + high) / 2 if math.isfinite(high) else low,
        low,
        high,
        a.dimension,
        a.key,
        a.thing,
        a.per,
        qualifier,
        a.text,
        a.start,
        a.end,
    )


def _disputed(clusters: list[list[tuple[Quantity, Citation]]]) -> bool:
    """Whether two clusters come from different outlets and talk about the same referent.

    Each side needs an outlet the other lacks (one outlet revising its own figure is not a
    dispute between sources), and a pair of statements across them must share a content
    word near the figure besides the key itself: "some 50 participants were escorted along
    the walkway" and "hundreds of participants made their way to the border" count
    different groups of the same noun.
    """
    sets = [{c.outlet for _, c in cluster} for cluster in clusters]
    for i, first in enumerate(clusters):
        for k in range(i + 1, len(clusters)):
            if not (sets[i] - sets[k] and sets[k] - sets[i]):
                continue
            for qa, ca in first:
                for qb, cb in clusters[k]:
                    if ca.outlet != cb.outlet and _near_words(qa, ca) & _near_words(qb, cb):
                        return True
    return False


def _near_words(quantity: Quantity, citation: Citation, reach: int = 60) -> set[str]:
    """Content words within ``reach`` characters of a figure, without the figure's key."""
    text = citation.text
    window = text[max(0, quantity.start - reach) : quantity.end + reach]
    key = _tokens(quantity.key)
    return {t for t in _tokens(window) if not t.isdigit() and t not in key} - set(
        _tokens(quantity.text)
    )
