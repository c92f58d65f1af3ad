"""The story brief: what most outlets report, what each adds, and where they disagree.

A story is one event covered by several outlets. The brief is extractive, like the rest of
``tidings.ai``: every line is an outlet's own sentence, cited by article and sentence id,
so a reader can check it. Three parts:

* **What most outlets report.** Sentences of different outlets are linked when their TF-IDF
  cosine (over the story's own sentences, so words every outlet uses weigh little) passes
  ``LINK_SIMILARITY`` and each is the other's best match in that outlet; linked sentences
  form groups. Groups carried by a majority of outlets (at least two) come first; each
  shows its most central sentence that reads alone and cites every member.
* **What each outlet adds.** Per outlet, up to two sentences no other outlet comes close to
  (best cross-outlet cosine under ``UNIQUE_SIMILARITY``), ranked by how much of their
  vocabulary only this outlet uses, favouring figures and names over boilerplate.
* **Where sources disagree**, and which figures later reports updated:
  ``tidings.ai.disagreements``.

Only sentences that stand alone are quoted (``tidings.ai.standalone``): one that opens with
a pronoun or a reference back ("She said…", "Most of the other injuries…") is quoted
together with the sentence before it when that one supplies what it leans on, and left
out otherwise; so are quotations without their speaker and fragments.

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

from tidings.ai.citation import Citation
from tidings.ai.disagreements import (
    FREQUENT_SHARE,
    Disagreement,
    FigureUpdate,
    ReportedValue,
    Statement,
    another_time,
    compare_figures,
    statements,
    story_context,
)
from tidings.ai.quantities import find_quantities
from tidings.ai.sentences import Sentence, split_sentences
from tidings.ai.standalone import (
    JOINABLE,
    PERSONAL,
    REFERENCE,
    leaning,
    names_someone,
    quotes_open,
)

__all__ = [
    "LINK_SIMILARITY",
    "UNIQUE_SIMILARITY",
    "BriefArticle",
    "Citation",
    "CommonPoint",
    "Disagreement",
    "FigureUpdate",
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
MAX_JOINED_WORDS = 80  # a sentence quoted with the one it leans on

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
class StoryBrief:
    """The brief of one story across its outlets; ``method`` says what made it.

    ``updates`` are figures later reports revised, shown apart from ``disagreements``.
    """

    outlets: tuple[str, ...]
    common: tuple[CommonPoint, ...]
    additions: tuple[OutletAddition, ...]
    disagreements: tuple[Disagreement, ...]
    method: str
    updates: tuple[FigureUpdate, ...] = ()


@dataclass(frozen=True, slots=True)
class _Unit:
    """A sentence of the story with where it came from.

    ``shown`` is what the brief quotes for it: the sentence, the sentence joined to the
    one it leans on, or None when it cannot be quoted alone.
    """

    citation: Citation
    outlet_index: int
    position: int  # reading order within its article
    language: str
    shown: Citation | None


def build_brief(
    articles: Sequence[BriefArticle],
    *,
    embed: Embed | None = None,
    max_common: int = 5,
    max_added: int = 2,
    frequent_share: float = FREQUENT_SHARE,
) -> StoryBrief | None:
    """The brief of a story's articles, or ``None`` when fewer than two outlets cover it.

    ``embed`` (unit vectors per text, as ``Embedder.embed`` returns) blends sentence
    embeddings into the lexical similarity when given; the lexical measure alone is the
    default because it needs no model and is what the thresholds were chosen on.
    ``frequent_share`` is ``tidings.ai.disagreements.FREQUENT_SHARE``, open for the
    evaluation to cross-validate.
    """
    outlets = tuple(dict.fromkeys(a.outlet for a in articles))
    if len(outlets) < 2:
        return None
    units, found = _read(articles, outlets)
    if not units:
        return StoryBrief(outlets, (), (), (), _method(embed))
    context = story_context(
        [(u.citation.text, u.language) for u in units],
        {a.article_id: a.text for a in articles},
        frequent_share,
    )
    disagreements, updates = compare_figures(found, outlets, context)
    sim = _similarity([u.citation.text for u in units], embed)
    owner = np.array([u.outlet_index for u in units])
    cross = owner[:, None] != owner[None, :]
    groups = _groups(sim, owner, cross)
    common = _common(units, groups, sim, len(outlets), max_common)
    grouped = {i for g in groups if len({owner[j] for j in g}) > 1 for i in g}
    additions = _additions(units, outlets, sim, cross, grouped, max_added)
    return StoryBrief(outlets, common, additions, disagreements, _method(embed), updates)


def _method(embed: Embed | None) -> str:
    how = "TF-IDF and sentence embeddings" if embed else "TF-IDF"
    return f"Extractive: outlets' own sentences, grouped by {how}; figures compared by rules."


def _read(
    articles: Sequence[BriefArticle], outlets: tuple[str, ...]
) -> tuple[list[_Unit], list[Statement]]:
    """Every citable body sentence, skipping headings, fragments and an outlet's repeats;
    and the figures of every sentence, headings included, that tells of the story's time."""
    units: list[_Unit] = []
    figures: list[Statement] = []
    seen: set[tuple[str, str]] = set()
    for article in articles:
        sentences = split_sentences(article.text)
        shown = _shown(article, sentences)
        background = _background(article, sentences)
        for sentence in sentences:
            if sentence.id not in background:
                cite = _cite(article, sentence.id, sentence.text)
                figures.extend(statements(sentence.text, cite, article.language))
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
                _Unit(
                    cite,
                    outlets.index(article.outlet),
                    sentence.index,
                    article.language,
                    shown.get(sentence.id),
                )
            )
    return units, figures


def _shown(article: BriefArticle, split: Sequence[Sentence]) -> dict[str, Citation]:
    """What the brief may quote for each sentence of an article that can be quoted: the
    sentence itself, or the sentence before and it, when it leans on that one."""
    by_paragraph: dict[int, list[Sentence]] = defaultdict(list)
    for sentence in split:
        by_paragraph[sentence.paragraph].append(sentence)
    shown: dict[str, Citation] = {}
    for sentences in by_paragraph.values():
        opened = quotes_open([s.text for s in sentences])
        leans = [
            leaning(s.text, article.language, quote_open=o)
            for s, o in zip(sentences, opened, strict=True)
        ]
        for i, sentence in enumerate(sentences):
            if leans[i] is None:
                shown[sentence.id] = _cite(article, sentence.id, sentence.text)
                continue
            before = sentences[i - 1] if i else None
            if before is None or leans[i - 1] is not None or leans[i] not in JOINABLE:
                continue
            if leans[i] == PERSONAL and not names_someone(before.text):
                continue  # "She said…" after a sentence that names nobody
            text = f"{before.text} {sentence.text}"
            if len(text.split()) <= MAX_JOINED_WORDS:
                shown[sentence.id] = _cite(article, before.id, text)
    return shown


def _background(article: BriefArticle, split: Sequence[Sentence]) -> set[str]:
    """Ids of sentences that tell of another time: dated to it ("in September", "in 2003"),
    or going on about what such a sentence told ("It killed 612 people…")."""
    found: set[str] = set()
    before = False
    for sentence in split:
        lean = leaning(sentence.text, article.language)
        before = another_time(sentence.text, article.published) or (
            before and lean in (PERSONAL, REFERENCE)
        )
        if before:
            found.add(sentence.id)
    return found


def _cite(article: BriefArticle, sentence_id: str, text: str) -> Citation:
    return Citation(article.article_id, article.outlet, sentence_id, text, article.published)


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
        # The most central member that reads alone; in a pair, the one closest to the rest
        # of the coverage.
        spread = sim[np.ix_(group, range(len(units)))].sum(axis=1) * 1e-3
        central = sorted(zip(sub.sum(axis=1) + spread, group, strict=True), reverse=True)
        readable = [i for _, i in central if units[i].shown is not None]
        if not readable:
            continue
        centre = readable[0]
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
        shown = units[centre].shown
        assert shown is not None  # chosen among the readable members
        chosen.append(
            CommonPoint(
                shown.text,
                shown,
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
            if unit.shown is None:
                continue  # leans on a sentence that cannot carry it
            if _BOILERPLATE.search(text) or text.rstrip("”\"' ").endswith("?"):
                continue
            toks = token_lists[i]
            own = sum(1 for t in set(toks) if used_by[t] == {index})
            names = len(re.findall(r"(?<=\s)[A-Z][a-z]+", text))
            figures = len(find_quantities(text, unit.language))
            quoted = text.lstrip().startswith(("“", '"', "‘", "'", "«", "„"))
            joined = unit.shown.sentence_id != unit.citation.sentence_id  # says more words
            score = own / math.sqrt(len(toks) + 1) + 0.3 * min(names, 3) + 0.5 * min(figures, 2)
            score -= best_other[i] + (0.5 if quoted else 0.0) + (0.3 if joined else 0.0)
            candidates.append((score, i))
        picked: list[int] = []
        for _, i in sorted(candidates, reverse=True):
            if len(picked) == limit:
                break
            if all(sim[i, j] < 0.3 and not _overlap(units[i], units[j]) for j in picked):
                picked.append(i)
        if picked:
            picked.sort(key=lambda i: units[i].position)
            shown = tuple(units[i].shown for i in picked)
            additions.append(OutletAddition(outlet, tuple(c for c in shown if c is not None)))
    return tuple(additions)


def _overlap(a: _Unit, b: _Unit) -> bool:
    """Whether two units would quote a sentence twice (one joined to the other)."""

    def quoted(unit: _Unit) -> set[tuple[str, str]]:
        ids = {unit.citation.sentence_id, unit.shown.sentence_id if unit.shown else ""}
        return {(unit.citation.article_id, i) for i in ids}

    return bool(quoted(a) & quoted(b))
