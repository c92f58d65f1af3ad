"""Categories: one of ten fixed slugs per article, from what the publisher says or the text.

The taxonomy is deliberately small and fixed, so category pages mean the same thing across
outlets and languages. Where a story has no better home, World takes general hard news:
disasters, accidents, conflict, crime and international affairs; Politics is government,
parties, elections, courts and public policy; Entertainment takes culture and the arts.

The publisher knows its article best, so we ask it first, in this order:

1. the schema.org type: an ``OpinionNewsArticle`` is Opinion whatever its section;
2. the section the page declares (JSON-LD ``articleSection`` or its meta tag);
3. the feed entry's categories.

Labels are matched word by word after folding case and accents, so "Économie",
"economie" and "ECONOMY" meet, in English, German, French, Spanish, Italian and Dutch.
A section is short and deliberate, so any known word in it counts ("US politics"). Feed
categories often hold keywords and place names, so one counts only when every word in it
is known ("World news" yes, "World Cup tickets" no). Words like "News", "Latest", "Local"
and "Home" say nothing about the subject: they are ignored, and a label of only such words
leaves the choice to the classifier. Opinion outranks the rest ("Opinion/Politics" is
Opinion); otherwise the deepest part of a breadcrumb wins ("News/World/Europe" is World).
A label naming two categories ("Science & Technology") narrows the classifier to those.

What remains goes to a nearest-centroid classifier over sentence embeddings of
prototypes we wrote (``category_seeds``); it abstains when the best category does not
beat the runner-up by a measured margin, so a page is better uncategorised than wrong.
tests/eval/test_categories.py measures all of this on a labelled set.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

import numpy as np
import numpy.typing as npt

from tidings.enrich.category_seeds import CATEGORY_SEEDS
from tidings.enrich.embeddings import article_text_for_embedding

__all__ = [
    "AMBIGUOUS_WORDS",
    "CATEGORY_NAMES",
    "CATEGORY_SLUGS",
    "CLASSIFIER_LEAD_CHARS",
    "MIN_MARGIN",
    "OPINION_TYPES",
    "TAXONOMY",
    "Category",
    "CategoryClassifier",
    "CategoryGuess",
    "CategoryInput",
    "How",
    "TextEmbedder",
    "categorize",
    "categorize_many",
    "feed_categories",
    "section_categories",
]


@dataclass(frozen=True, slots=True)
class Category:
    """One entry of the taxonomy: the slug in URLs and the English display name."""

    slug: str
    name: str


TAXONOMY: tuple[Category, ...] = (
    Category("world", "World"),
    Category("politics", "Politics"),
    Category("business", "Business"),
    Category("technology", "Technology"),
    Category("science", "Science"),
    Category("health", "Health"),
    Category("sports", "Sports"),
    Category("entertainment", "Entertainment"),
    Category("lifestyle", "Lifestyle"),
    Category("opinion", "Opinion"),
)
CATEGORY_SLUGS: tuple[str, ...] = tuple(c.slug for c in TAXONOMY)
CATEGORY_NAMES: dict[str, str] = {c.slug: c.name for c in TAXONOMY}

# schema.org types that are opinion by definition. Analysis, background and review pieces
# are not: a review of a phone is Technology, an analysis of a rate rise is Business.
OPINION_TYPES = frozenset({"OpinionNewsArticle"})

# Headline plus this much body for the classifier. A subject shows over several
# sentences, unlike the one event clustering looks for: on the labelled set
# (tests/eval/test_categories.py) 100 characters scored 0.661, 600 0.687, 1000 0.704.
# Past about 1000 the model's 256-word-piece window cuts the text anyway.
CLASSIFIER_LEAD_CHARS = 1000
# Least lead in cosine similarity of the best centroid over the runner-up to answer at
# all. Measured on the labelled set (classifier alone): answering everything is right
# 70% of the time; at 0.02, 85% are answered and 74% of those right; at 0.05, 70% and
# 80%. The near-ties below 0.02 were right about half the time.
MIN_MARGIN = 0.02

How = Literal["section", "feed", "type", "classifier"]


@dataclass(frozen=True, slots=True)
class CategoryGuess:
    """A category, what decided it, and how sure: 1.0 for the publisher's word, else the
    classifier's margin of the best centroid over the runner-up (cosine similarity)."""

    slug: str
    how: How
    confidence: float


@dataclass(frozen=True, slots=True)
class CategoryInput:
    """What categorising an article looks at."""

    title: str | None
    text: str
    section: str | None = None
    feed_categories: tuple[str, ...] = ()
    article_type: str | None = None


# Section and feed-category words, folded (lower case, no accents), joined by one space.
# Connectives are dropped before matching, so "Life & Style" is the phrase "life style".
_LABELS: dict[str, tuple[str, ...]] = {
    "world": (
        # en
        "world", "international", "foreign", "global", "europe", "africa", "asia",
        "americas", "middle east", "us news", "uk news", "australia news",
        # de, fr, es, it, nl
        "welt", "ausland", "monde", "etranger", "internacional",
        "mundo", "esteri", "mondo", "buitenland", "wereld",
    ),
    "politics": (
        "politics", "political", "government", "election", "elections", "us politics",
        "uk politics", "politik", "inland", "bundestag", "wahl", "wahlen", "politique",
        "politica", "gobierno", "elecciones", "politiek", "binnenland",
    ),
    "business": (
        "business", "economy", "economics", "money", "markets", "market", "finance",
        "finances", "financial", "personal finance", "companies", "industry", "property",
        "real estate", "wirtschaft", "finanzen", "geld", "borse", "unternehmen",
        "economie", "eco", "entreprises", "bourse", "argent", "economia", "negocios",
        "mercados", "dinero", "finanzas", "empresas", "finanza", "mercati", "affari",
        "financien",
    ),
    "technology": (
        "technology", "tech", "digital", "gadgets", "internet", "computing", "technik",
        "technologie", "digitales", "netzwelt", "high tech", "technologies", "numerique",
        "tecnologia", "tecnologie", "techniek",
    ),
    "science": (
        "science", "sciences", "space", "environment", "climate", "wissenschaft",
        "forschung", "wissen", "umwelt", "klima", "environnement", "ciencia", "ciencias",
        "medio ambiente", "scienza", "scienze", "ambiente", "wetenschap", "klimaat",
    ),
    "health": (
        "health", "medicine", "healthcare", "health care", "gesundheit", "medizin",
        "sante", "salud", "salute", "gezondheid",
    ),
    "sports": (
        "sport", "sports", "football", "soccer", "tennis", "cricket", "rugby", "cycling",
        "golf", "basketball", "baseball", "hockey", "athletics", "olympics", "formula 1",
        "f1", "fussball", "bundesliga", "radsport", "deportes", "deporte", "futbol",
        "calcio", "voetbal", "wielrennen",
    ),
    "entertainment": (
        "entertainment", "showbiz", "celebrity", "celebrities", "culture", "arts", "art",
        "books", "music", "film", "films", "movies", "tv", "television", "tv radio",
        "stage", "theatre", "theater", "kultur", "kunst", "arte", "feuilleton", "kino", "musik",
        "unterhaltung", "promis", "cinema", "musique", "livres", "spectacles", "people",
        "cultura", "espectaculos", "cine", "libros", "musica", "spettacoli",
        "spettacolo", "cultuur", "muziek", "boeken",
    ),
    "lifestyle": (
        "lifestyle", "life style", "style", "fashion", "food", "food drink", "recipes",
        "cooking", "travel", "home garden", "garden", "gardening", "family", "parenting",
        "relationships", "beauty", "wellness", "wellbeing", "well being", "leben",
        "reise", "reisen", "essen trinken", "genuss", "familie", "mode", "stil",
        "ratgeber", "art vivre", "vie pratique", "voyage", "voyages", "cuisine",
        "gastronomie", "famille", "styles", "estilo", "estilo vida", "viajes",
        "gastronomia", "moda", "familia", "stile", "viaggi", "cucina", "leven", "reizen",
        "eten", "wonen",
    ),
    "opinion": (
        "opinion", "opinions", "comment", "commentary", "editorial", "editorials",
        "op ed", "oped", "column", "columns", "columnists", "letters", "comment is free",
        "leitartikel", "meinung", "kommentar", "kommentare", "debatte", "gastbeitrag",
        "standpunkt", "tribune", "tribunes", "point vue", "chronique", "chroniques",
        "idees", "debats", "editoriales", "tribuna", "columnas", "opinione", "opinioni",
        "commenti", "editoriale", "mening", "opinie", "commentaar",
    ),
}  # fmt: skip

# Words that say a page is news but not what about; ignored, so "Local politics" is
# Politics and "Latest news" leaves the choice to the classifier.
# fmt: off
AMBIGUOUS_WORDS = frozenset({
    "news", "latest", "breaking", "top", "stories", "story", "home", "local", "regional",
    "national", "headlines", "general", "main", "front", "page", "homepage", "live",
    "today", "nachrichten", "aktuell", "aktuelles", "lokales", "regionales", "panorama",
    "vermischtes", "meldungen", "actualites", "actualite", "infos", "info", "region",
    "noticias", "ultima", "hora", "notizie", "cronaca", "ultime", "nieuws", "regio",
})
_CONNECTIVES = frozenset({
    "and", "und", "et", "y", "e", "en", "of", "the", "de", "des", "du", "la", "le", "les",
    "el", "di", "del", "der", "die", "das", "van", "het",
})
# fmt: on
_BREADCRUMB = re.compile(r"[/>|»›]")
_WORD = re.compile(r"[a-z0-9]+")


def _phrases() -> dict[tuple[str, ...], str]:
    table: dict[tuple[str, ...], str] = {}
    for slug, labels in _LABELS.items():
        for label in labels:
            table[tuple(label.split())] = slug
    return table


_PHRASES = _phrases()
_LONGEST = max(len(p) for p in _PHRASES)


def _fold(label: str) -> str:
    decomposed = unicodedata.normalize("NFKD", label.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _segment_slugs(words: list[str], *, strict: bool) -> list[str] | None:
    """Slugs named in one breadcrumb segment, in order; None when ``strict`` and a word
    is neither known nor ambiguous (the segment is a keyword, not a category)."""
    found: list[str] = []
    i = 0
    while i < len(words):
        for n in range(min(_LONGEST, len(words) - i), 0, -1):
            slug = _PHRASES.get(tuple(words[i : i + n]))
            if slug is not None:
                found.append(slug)
                i += n
                break
        else:
            if strict and words[i] not in AMBIGUOUS_WORDS:
                return None
            i += 1
    return found


def _label_slugs(label: str, *, strict: bool) -> tuple[str, ...]:
    """Slugs a label names: Opinion alone if named, else those of its deepest segment."""
    deepest: list[str] = []
    opinion = False
    for segment in _BREADCRUMB.split(_fold(label)):
        words = [w for w in _WORD.findall(segment) if w not in _CONNECTIVES]
        found = _segment_slugs(words, strict=strict)
        if found:
            opinion = opinion or "opinion" in found
            deepest = found
    if opinion:
        return ("opinion",)
    return tuple(dict.fromkeys(deepest))


def section_categories(section: str | None) -> tuple[str, ...]:
    """The category slugs a publisher's section names: none, one, or a few to choose from."""
    return _label_slugs(section, strict=False) if section else ()


def feed_categories(categories: Iterable[str]) -> tuple[str, ...]:
    """The category slugs a feed entry's categories name, each read as a whole label."""
    found: list[str] = []
    for category in categories:
        found.extend(_label_slugs(category, strict=True))
    if "opinion" in found:
        return ("opinion",)
    return tuple(dict.fromkeys(found))


Vectors = npt.NDArray[np.float32]


class TextEmbedder(Protocol):
    """What the classifier needs of ``tidings.enrich.embeddings.Embedder``."""

    def embed(self, texts: Sequence[str]) -> Vectors:
        """An ``(n, dim)`` array of unit vectors, one row per text."""
        ...


class CategoryClassifier:
    """Nearest centroid over sentence embeddings of hand-written prototype headlines.

    A centroid per category (the normalised mean of its prototypes' vectors) is computed
    once, on first use, and kept. Nearest centroid rather than a fitted model because
    the prototypes are few and chosen for spread: a mean per category generalises from
    them without tuning, and adding a prototype changes one centroid and nothing else.
    """

    def __init__(
        self,
        embedder: TextEmbedder,
        *,
        lead_chars: int = CLASSIFIER_LEAD_CHARS,
        min_margin: float = MIN_MARGIN,
        seeds: Mapping[str, Sequence[str]] = CATEGORY_SEEDS,
    ) -> None:
        unknown = set(seeds) - set(CATEGORY_SLUGS)
        if unknown:
            raise ValueError(f"prototypes for categories outside the taxonomy: {unknown}")
        self._embedder = embedder
        self._lead_chars = lead_chars
        self._min_margin = min_margin
        self._seeds = seeds
        self._slugs = tuple(slug for slug in CATEGORY_SLUGS if seeds.get(slug))
        self._centroids: Vectors | None = None
        self._lock = threading.Lock()

    def _centroid_matrix(self) -> Vectors:
        with self._lock:
            if self._centroids is None:
                rows = []
                for slug in self._slugs:
                    mean = self._embedder.embed(list(self._seeds[slug])).mean(axis=0)
                    rows.append(mean / np.linalg.norm(mean))
                self._centroids = np.stack(rows).astype(np.float32)
            return self._centroids

    def similarities(self, items: Sequence[tuple[str | None, str]]) -> Vectors:
        """Cosine similarity of each ``(title, text)`` to each centroid, columns in
        ``CATEGORY_SLUGS`` order (a category without prototypes scores -1)."""
        texts = [article_text_for_embedding(t, body, self._lead_chars) for t, body in items]
        return self.similarities_of_vectors(self._embedder.embed(texts))

    def similarities_of_vectors(self, vectors: Vectors) -> Vectors:
        """``similarities`` for articles already embedded (unit rows, the same model):
        ingest reuses its story vector (headline and 100 characters) instead of a second
        embedding of a longer lead, for 0.661 against 0.704 accuracy alone."""
        scores = vectors @ self._centroid_matrix().T
        count = len(vectors)
        full = np.full((count, len(CATEGORY_SLUGS)), -1.0, dtype=np.float32)
        for column, slug in enumerate(self._slugs):
            full[:, CATEGORY_SLUGS.index(slug)] = scores[:, column]
        return full

    def choose(self, scores: Vectors, among: Sequence[str] | None = None) -> CategoryGuess | None:
        """The best category of one row of ``similarities``. Within ``among`` (the
        publisher narrowed it) the best always answers; else it must clear the margin."""
        allowed = [CATEGORY_SLUGS.index(s) for s in among] if among else None
        columns = allowed if allowed is not None else list(range(len(CATEGORY_SLUGS)))
        ranked = sorted(columns, key=lambda c: float(scores[c]), reverse=True)
        best = ranked[0]
        margin = float(scores[best] - scores[ranked[1]]) if len(ranked) > 1 else 1.0
        if allowed is None and margin < self._min_margin:
            return None
        return CategoryGuess(CATEGORY_SLUGS[best], "classifier", round(margin, 4))

    def classify(
        self, title: str | None, text: str, among: Sequence[str] | None = None
    ) -> CategoryGuess | None:
        """The category of one article from its text alone, or None below the margin."""
        return self.choose(self.similarities([(title, text)])[0], among)


def _publisher_says(item: CategoryInput) -> tuple[CategoryGuess | None, tuple[str, ...], How]:
    """The publisher's answer, or the candidates it narrowed the choice to (and where)."""
    if item.article_type in OPINION_TYPES:
        return CategoryGuess("opinion", "type", 1.0), (), "type"
    said: tuple[tuple[How, tuple[str, ...]], ...] = (
        ("section", section_categories(item.section)),
        ("feed", feed_categories(item.feed_categories)),
    )
    for how, slugs in said:
        if len(slugs) == 1:
            return CategoryGuess(slugs[0], how, 1.0), (), how
        if slugs:
            return None, slugs, how
    return None, (), "classifier"


def categorize_many(
    items: Sequence[CategoryInput],
    classifier: CategoryClassifier | None,
    vectors: Vectors | None = None,
) -> list[CategoryGuess | None]:
    """Categories for a batch, the classifier embedding all undecided texts at once.

    Without a classifier only the publisher's word counts, and the rest stay None. With
    ``vectors`` (one unit row per item) the classifier uses them instead of embedding.
    """
    answers: list[CategoryGuess | None] = []
    pending: list[tuple[int, tuple[str, ...], How]] = []
    for index, item in enumerate(items):
        guess, among, how = _publisher_says(item)
        answers.append(guess)
        if guess is None and classifier is not None:
            pending.append((index, among, how))
    if pending and classifier is not None:
        if vectors is not None:
            scores = classifier.similarities_of_vectors(vectors[[i for i, _, _ in pending]])
        else:
            scores = classifier.similarities(
                [(items[i].title, items[i].text) for i, _, _ in pending]
            )
        for row, (index, among, how) in zip(scores, pending, strict=True):
            guess = classifier.choose(row, among or None)
            if guess is not None and among:
                guess = CategoryGuess(guess.slug, how, guess.confidence)
            answers[index] = guess
    return answers


def categorize(item: CategoryInput, classifier: CategoryClassifier | None) -> CategoryGuess | None:
    """The category of one article: the publisher's word first, then the classifier."""
    return categorize_many([item], classifier)[0]
