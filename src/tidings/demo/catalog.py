"""What the demo publisher serves: outlets, articles and their body blocks.

Frozen dataclasses built by ``loader.py`` from ``content/*.json``. Story keys on articles
are the ground truth for clustering tests; ``wire`` marks syndicated copy.
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from dataclasses import dataclass
from typing import Literal, TypeAlias

FeedFormat = Literal["rss", "atom", "jsonfeed"]
FeedImage = Literal["media", "enclosure"]
JsonLdStyle = Literal["author-list", "graph", "comma-keywords", "plain", "none"]
ImageUrls = Literal["absolute", "relative", "mixed"]

# "News" is the general desk (local and national hard news: storms, fires, closures), which
# real outlets call "News", "Lokales", "Région" or "Local"; Politics is government and elections.
SECTIONS = (
    "News",
    "Politics",
    "Business",
    "Technology",
    "Science",
    "Health",
    "Sports",
    "Culture",
    "World",
    "Lifestyle",
    "Opinion",
)
ARTICLE_TYPES = (
    "NewsArticle",
    "ReportageNewsArticle",
    "OpinionNewsArticle",
    "AnalysisNewsArticle",
    "ReviewNewsArticle",
    "BackgroundNewsArticle",
    "AskPublicNewsArticle",
)
LEAD_SIZE = (1200, 675)
FIGURE_SIZE = (800, 533)


@dataclass(frozen=True, slots=True)
class DemoImage:
    """A generated picture: its file name, drawing theme, and what the publisher says of it."""

    name: str
    theme: str
    caption: str
    credit: str
    alt: str
    width: int
    height: int


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph of body text."""

    text: str


@dataclass(frozen=True, slots=True)
class Heading:
    """A subheading inside the body."""

    text: str


@dataclass(frozen=True, slots=True)
class Quote:
    """A block quote, with who said it when known."""

    text: str
    cite: str | None


@dataclass(frozen=True, slots=True)
class BulletList:
    """A bulleted list."""

    items: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Figure:
    """An in-body picture with caption and credit."""

    image: DemoImage


BodyBlock: TypeAlias = Paragraph | Heading | Quote | BulletList | Figure


@dataclass(frozen=True, slots=True)
class DemoOutlet:
    """One fictional news outlet and the conventions of its site."""

    slug: str
    name: str
    language: str
    country: str
    tagline: str
    brand_colour: str
    feed_format: FeedFormat
    feed_path: str
    feed_image: FeedImage
    article_path: str
    opinion_path: str
    jsonld_style: JsonLdStyle
    image_urls: ImageUrls
    title_suffix: str
    sections: tuple[tuple[str, str], ...]

    def section_label(self, section: str) -> str:
        """The outlet's own name for a canonical section."""
        return dict(self.sections).get(section, section)

    def section_slug(self, section: str) -> str:
        """The URL segment for a section, ASCII and lower case."""
        folded = unicodedata.normalize("NFKD", self.section_label(section))
        ascii_label = folded.encode("ascii", "ignore").decode().lower()
        return re.sub(r"[^a-z0-9]+", "-", ascii_label).strip("-")

    @property
    def home_path(self) -> str:
        """Root-relative URL of the outlet's home page."""
        return f"/{self.slug}/"

    @property
    def feed_url_path(self) -> str:
        """Root-relative URL of the outlet's feed."""
        return f"/{self.slug}/{self.feed_path}"


@dataclass(frozen=True, slots=True)
class DemoArticle:
    """One article. Exactly one of ``published_minutes_ago`` and ``release_slot`` is set."""

    slug: str
    outlet: str
    title: str
    description: str
    authors: tuple[str, ...]
    section: str
    keywords: tuple[str, ...]
    language: str
    article_type: str
    has_jsonld: bool
    story: str | None
    wire: str | None
    lead_image: DemoImage
    body: tuple[BodyBlock, ...]
    published_minutes_ago: int | None
    release_slot: int | None
    modified_minutes_ago: int | None

    @property
    def held_back(self) -> bool:
        return self.release_slot is not None

    @property
    def figures(self) -> tuple[DemoImage, ...]:
        return tuple(b.image for b in self.body if isinstance(b, Figure))

    @property
    def images(self) -> tuple[DemoImage, ...]:
        return (self.lead_image, *self.figures)

    @property
    def plain_text(self) -> str:
        """The body as extraction gives it: a paragraph per text block, list items each
        their own, figures left out (what tests and benchmarks feed the AI code)."""
        blocks: list[str] = []
        for block in self.body:
            if isinstance(block, Paragraph | Heading | Quote):
                blocks.append(block.text)
            elif isinstance(block, BulletList):
                blocks.extend(block.items)
        return "\n\n".join(blocks)

    @property
    def numeric_id(self) -> int:
        """A stable eight-digit id for outlets whose URLs carry numbers instead of slugs."""
        return 10_000_000 + zlib.crc32(self.slug.encode()) % 90_000_000


@dataclass(frozen=True, slots=True)
class Catalog:
    """All outlets and articles of the demo."""

    outlets: tuple[DemoOutlet, ...]
    articles: tuple[DemoArticle, ...]

    def outlet(self, slug: str) -> DemoOutlet:
        """The outlet with this slug; KeyError when there is none."""
        for outlet in self.outlets:
            if outlet.slug == slug:
                return outlet
        raise KeyError(slug)

    def article(self, slug: str) -> DemoArticle:
        """The article with this slug; KeyError when there is none."""
        for article in self.articles:
            if article.slug == slug:
                return article
        raise KeyError(slug)

    def articles_for(self, outlet_slug: str) -> tuple[DemoArticle, ...]:
        """Every article of one outlet, released or not."""
        return tuple(a for a in self.articles if a.outlet == outlet_slug)

    def stories(self) -> dict[str, tuple[DemoArticle, ...]]:
        """Story key to the articles covering it (the clustering ground truth)."""
        grouped: dict[str, list[DemoArticle]] = {}
        for article in self.articles:
            if article.story is not None:
                grouped.setdefault(article.story, []).append(article)
        return {key: tuple(group) for key, group in grouped.items()}

    def held_back(self) -> tuple[DemoArticle, ...]:
        """Articles released after start, in release order."""
        held = [a for a in self.articles if a.release_slot is not None]
        return tuple(sorted(held, key=lambda a: a.release_slot or 0))
