"""Article-type labels: the publisher's schema.org ``@type``, named and explained.

The explanations follow the schema.org definitions of each type (schema.org, CC BY-SA 3.0)
and the wording readers know from news apps' labels.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from tidings.enrich.categories import CATEGORY_NAMES, TAXONOMY
from tidings.web.i18n import N_, gettext


@dataclass(frozen=True, slots=True)
class ArticleTypeLabel:
    """A short name for an article type and what it means, read in the UI language."""

    schema_type: str
    english_name: str  # the message ids; ``name`` and ``explanation`` translate them
    english_explanation: str

    @property
    def name(self) -> str:
        """The label as readers see it: "Reporting", "Reportage"."""
        return gettext(self.english_name)

    @property
    def explanation(self) -> str:
        """What the type means, after schema.org."""
        return gettext(self.english_explanation)


_LABELS = (
    ArticleTypeLabel(
        "ReportageNewsArticle",
        N_("Reporting"),
        N_(
            "Based on facts, either observed and verified firsthand by the reporter, "
            "or reported and verified from knowledgeable sources."
        ),
    ),
    ArticleTypeLabel(
        "AnalysisNewsArticle",
        N_("Analysis"),
        N_(
            "Based on factual reporting, but incorporates the expertise of the author, "
            "offering interpretations and conclusions."
        ),
    ),
    ArticleTypeLabel(
        "OpinionNewsArticle",
        N_("Opinion"),
        N_(
            "Advocates for ideas and draws conclusions based on the author's interpretation "
            "of facts and data."
        ),
    ),
    ArticleTypeLabel(
        "ReviewNewsArticle",
        N_("Review"),
        N_(
            "A professional critic's assessment of a service, product, performance, "
            "or artistic or literary work."
        ),
    ),
    ArticleTypeLabel(
        "BackgroundNewsArticle",
        N_("Background"),
        N_(
            "Provides historical context, definitions and detail on a specific topic "
            "(an explainer or backgrounder)."
        ),
    ),
    ArticleTypeLabel(
        "AskPublicNewsArticle",
        N_("Ask the public"),
        N_(
            "An open call by a news organization asking the public for input, insights, "
            "clarifications, anecdotes or documentation on an issue, for its reporting."
        ),
    ),
    ArticleTypeLabel(
        "SatiricalArticle",
        N_("Satire"),
        N_("Primarily satirical in nature: unlikely to be literally true."),
    ),
    ArticleTypeLabel(
        "ClaimReview",
        N_("Fact check"),
        N_("A fact-checking review of claims made or reported in some creative work."),
    ),
    ArticleTypeLabel(
        "NewsArticle",
        N_("News"),
        N_(
            "Reports news, or provides background context and supporting material "
            "for understanding the news."
        ),
    ),
)
_BY_TYPE = {label.schema_type: label for label in _LABELS}


# The taxonomy's category names (tidings.enrich.categories), marked here for the catalogs:
# the enrich stage keeps English names, pages show them translated. A test checks that
# this list and the taxonomy agree.
CATEGORY_MESSAGES = (
    N_("World"),
    N_("Politics"),
    N_("Business"),
    N_("Technology"),
    N_("Science"),
    N_("Health"),
    N_("Sports"),
    N_("Entertainment"),
    N_("Lifestyle"),
    N_("Opinion"),
)


def category_name(slug: str | None) -> str | None:
    """A category's name in the UI language; None for a slug outside the taxonomy."""
    english = CATEGORY_NAMES.get(slug or "")
    return gettext(english) if english else None


def categories() -> list[tuple[str, str]]:
    """Every category as ``(slug, name in the UI language)``, in taxonomy order."""
    return [(c.slug, gettext(c.name)) for c in TAXONOMY]


def all_labels() -> tuple[ArticleTypeLabel, ...]:
    """Every label, in the order readers meet them (a search filter lists them)."""
    return _LABELS


def label_for(schema_type: str | None) -> ArticleTypeLabel | None:
    """The label for a stated ``@type``; None when the publisher stated none we know."""
    if not schema_type:
        return None
    return _BY_TYPE.get(
        schema_type.removeprefix("https://schema.org/").removeprefix("http://schema.org/")
    )


# Path segments that name a kind of article on many news sites, in the languages of the
# outlets Tidings follows. Only whole segments count ("/opinion/…", "/meinung/…"), never
# words inside a slug: "/news/opinion-poll-shows-…" is a report about a poll.
_GUESSES = (
    (
        "OpinionNewsArticle",
        (
            "opinion",
            "opinions",
            "comment",
            "commentisfree",
            "commentary",
            "op-ed",
            "oped",
            "editorial",
            "editorials",
            "columns",
            "column",
            "meinung",
            "kommentar",
            "kommentare",
            "standpunkt",
            "tribune",
            "tribunes",
            "opinion-columnists",
            "opinie",
            "opinione",
        ),
    ),
    ("AnalysisNewsArticle", ("analysis", "analyse", "analysen", "analisi", "analisis")),
    ("ReviewNewsArticle", ("review", "reviews", "critique", "critiques", "kritik", "rezension")),
    (
        "BackgroundNewsArticle",
        ("explainer", "explainers", "explained", "hintergrund", "decryptage", "decodeurs"),
    ),
    (
        "ClaimReview",
        ("fact-check", "factcheck", "fact-checks", "factchecks", "faktencheck", "verificacion"),
    ),
    ("SatiricalArticle", ("satire",)),
)
_BY_SEGMENT = {segment: kind for kind, segments in _GUESSES for segment in segments}
_SEGMENT = re.compile(r"[^/]+")


def guess_label(url: str) -> ArticleTypeLabel | None:
    """A label guessed from the article's address, for a page that states no type: shown
    as a guess, never as the publisher's word. The first segment that names a kind wins."""
    path = urlsplit(url).path.lower()
    for segment in _SEGMENT.findall(path)[:-1] or _SEGMENT.findall(path)[:1]:
        kind = _BY_SEGMENT.get(segment)
        if kind is not None:
            return _BY_TYPE[kind]
    return None
