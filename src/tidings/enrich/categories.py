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

What remains goes to the trained classifier (``categories_model``): a linear model over
two sentence embeddings of the headline and lead, which reads English, German, French,
Spanish and the other languages of the multilingual encoder. It answers every article it
reads and keeps its probability as the confidence. tests/eval/test_categories.py measures
all of this, cross-validated on categories-dev and on our own labelled set.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import numpy as np
import numpy.typing as npt

if TYPE_CHECKING:
    from tidings.enrich.categories_model import CategoryClassifier

__all__ = [
    "AMBIGUOUS_WORDS",
    "CATEGORY_NAMES",
    "CATEGORY_SLUGS",
    "OPINION_TYPES",
    "TAXONOMY",
    "Category",
    "CategoryGuess",
    "CategoryInput",
    "How",
    "Vectors",
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

How = Literal["section", "feed", "type", "classifier"]


@dataclass(frozen=True, slots=True)
class CategoryGuess:
    """A category, what decided it, and how sure: 1.0 for the publisher's word, else the
    classifier's probability of its answer (among the publisher's candidates, if any)."""

    slug: str
    how: How
    confidence: float


@dataclass(frozen=True, slots=True)
class CategoryInput:
    """What categorising an article looks at. ``language`` (an ISO 639-1 code, None when
    unknown) decides whether the classifier may read it."""

    title: str | None
    text: str
    section: str | None = None
    feed_categories: tuple[str, ...] = ()
    article_type: str | None = None
    language: str | None = None


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
    story_vectors: Vectors | None = None,
) -> list[CategoryGuess | None]:
    """Categories for a batch: the publisher's word, else the classifier, which reads all
    undecided articles in its languages at once. Ingest and ``tidings categorize`` both
    come through here.

    Without a classifier only the publisher's word counts, and the rest stay None; so do
    articles in a language the classifier does not read. ``story_vectors`` (one row per
    item, from the story stage) spare the classifier one of its two embeddings where they
    come from the model it was fitted on.
    """
    answers: list[CategoryGuess | None] = []
    pending: list[tuple[int, tuple[str, ...], How]] = []
    for index, item in enumerate(items):
        guess, among, how = _publisher_says(item)
        answers.append(guess)
        if guess is None and classifier is not None and classifier.reads(item.language):
            pending.append((index, among, how))
    if pending and classifier is not None:
        rows = [index for index, _, _ in pending]
        probabilities = classifier.probabilities(
            [(items[i].title, items[i].text) for i in rows],
            None if story_vectors is None else story_vectors[rows],
        )
        for row, (index, among, how) in zip(probabilities, pending, strict=True):
            guess = classifier.choose(row, among or None)
            answers[index] = CategoryGuess(guess.slug, how, guess.confidence) if among else guess
    return answers


def categorize(item: CategoryInput, classifier: CategoryClassifier | None) -> CategoryGuess | None:
    """The category of one article: the publisher's word first, then the classifier."""
    return categorize_many([item], classifier)[0]
