"""Load the demo content from ``content/*.json`` and refuse content that would mislead.

Validation catches duplicate slugs, unknown outlets or themes, a story key only one outlet
covers, a held-back article without a release slot, and bodies too short to read as news.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from functools import cache
from importlib import resources
from typing import Any, TypeVar

from tidings.demo.catalog import (
    ARTICLE_TYPES,
    FIGURE_SIZE,
    LEAD_SIZE,
    SECTIONS,
    BodyBlock,
    BulletList,
    Catalog,
    DemoArticle,
    DemoImage,
    DemoOutlet,
    FeedFormat,
    FeedImage,
    Figure,
    Heading,
    ImageUrls,
    JsonLdStyle,
    Paragraph,
    Quote,
)
from tidings.demo.images import THEMES

_FEED_FORMATS: tuple[FeedFormat, ...] = ("rss", "atom", "jsonfeed")
_FEED_IMAGES: tuple[FeedImage, ...] = ("media", "enclosure")
_JSONLD_STYLES: tuple[JsonLdStyle, ...] = (
    "author-list",
    "graph",
    "comma-keywords",
    "plain",
    "none",
)
_IMAGE_URLS: tuple[ImageUrls, ...] = ("absolute", "relative", "mixed")
# Released articles are dated before start, never in the future, and at most six days old.
MIN_AGE_MINUTES = 5
MAX_AGE_MINUTES = 6 * 24 * 60

_C = TypeVar("_C", bound=str)
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_COLOUR = re.compile(r"^#[0-9a-f]{6}$")


@cache
def load_catalog() -> Catalog:
    """Parse and validate the packaged content (cached: the catalog is immutable)."""
    folder = resources.files("tidings.demo").joinpath("content")
    outlets_data = json.loads(folder.joinpath("outlets.json").read_text("utf-8"))
    wires = json.loads(folder.joinpath("wire.json").read_text("utf-8"))
    article_files: list[Any] = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".json") and entry.name not in {"outlets.json", "wire.json"}:
            article_files.append(json.loads(entry.read_text("utf-8")))
    return parse_catalog(outlets_data, article_files, wires)


def parse_catalog(
    outlets_data: Sequence[Mapping[str, Any]],
    article_files: Sequence[Mapping[str, Any]],
    wires: Mapping[str, Any] | None = None,
) -> Catalog:
    """Build a Catalog from decoded JSON; ValueError names the first problem found."""
    outlets = tuple(_parse_outlet(data) for data in outlets_data)
    by_slug = {outlet.slug: outlet for outlet in outlets}
    if len(by_slug) != len(outlets):
        raise ValueError("outlet slugs must be unique")
    articles: list[DemoArticle] = []
    for file in article_files:
        outlet = by_slug.get(file.get("outlet", ""))
        if outlet is None:
            raise ValueError(f"article file names unknown outlet {file.get('outlet')!r}")
        articles.extend(_parse_article(data, outlet, wires or {}) for data in file["articles"])
    catalog = Catalog(outlets=outlets, articles=tuple(articles))
    _validate(catalog)
    return catalog


def _text(data: Mapping[str, Any], key: str, where: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{where}: {key!r} must be a non-empty string")
    return value


def _texts(data: Mapping[str, Any], key: str, where: str, least: int, most: int) -> tuple[str, ...]:
    value = data.get(key)
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise ValueError(f"{where}: {key!r} must be a list of strings")
    if not least <= len(value) <= most:
        raise ValueError(f"{where}: {key!r} needs {least} to {most} entries, has {len(value)}")
    return tuple(value)


def _optional_int(data: Mapping[str, Any], key: str, where: str) -> int | None:
    value = data.get(key)
    if value is not None and (not isinstance(value, int) or isinstance(value, bool)):
        raise ValueError(f"{where}: {key!r} must be an integer")
    return value


def _choice(value: object, allowed: tuple[_C, ...], what: str) -> _C:
    for option in allowed:
        if option == value:
            return option
    raise ValueError(f"{what}: {value!r} is not one of {list(allowed)}")


def _slug(value: str, what: str) -> str:
    if not _SLUG.match(value):
        raise ValueError(f"{what}: {value!r} is not a slug (lower case, digits, hyphens)")
    return value


def _parse_outlet(data: Mapping[str, Any]) -> DemoOutlet:
    where = f"outlet {data.get('slug')!r}"
    colour = _text(data, "brand_colour", where)
    if not _COLOUR.match(colour):
        raise ValueError(f"{where}: brand colour {colour!r} is not #rrggbb")
    sections = data.get("sections", {})
    for section in sections:
        _choice(section, SECTIONS, f"{where} sections")
    return DemoOutlet(
        slug=_slug(_text(data, "slug", where), where),
        name=_text(data, "name", where),
        language=_text(data, "language", where),
        country=_text(data, "country", where),
        tagline=_text(data, "tagline", where),
        brand_colour=colour,
        feed_format=_choice(data.get("feed_format"), _FEED_FORMATS, where),
        feed_path=_text(data, "feed_path", where),
        feed_image=_choice(data.get("feed_image"), _FEED_IMAGES, where),
        article_path=_text(data, "article_path", where),
        opinion_path=_text(data, "opinion_path", where),
        jsonld_style=_choice(data.get("jsonld_style"), _JSONLD_STYLES, where),
        image_urls=_choice(data.get("image_urls"), _IMAGE_URLS, where),
        title_suffix=_text(data, "title_suffix", where),
        sections=tuple(sorted(sections.items())),
    )


def _parse_image(data: Any, name: str, size: tuple[int, int], where: str) -> DemoImage:
    if not isinstance(data, Mapping):
        raise ValueError(f"{where}: an image must be an object")
    theme = _text(data, "theme", where)
    if theme not in THEMES:
        raise ValueError(f"{where}: unknown image theme {theme!r}")
    caption = _text(data, "caption", where)
    return DemoImage(
        name=name,
        theme=theme,
        caption=caption,
        credit=_text(data, "credit", where),
        alt=data.get("alt") or caption,
        width=size[0],
        height=size[1],
    )


def _parse_block(raw: Any, name: str, where: str) -> BodyBlock:
    if isinstance(raw, str):
        return Paragraph(raw)
    if isinstance(raw, Mapping):
        if "h2" in raw:
            return Heading(_text(raw, "h2", where))
        if "quote" in raw:
            return Quote(_text(raw, "quote", where), raw.get("cite"))
        if "list" in raw:
            return BulletList(_texts(raw, "list", where, 2, 12))
        if "figure" in raw:
            return Figure(_parse_image(raw["figure"], name, FIGURE_SIZE, where))
    raise ValueError(f"{where}: unknown body block {raw!r:.60}")


def _parse_article(
    data: Mapping[str, Any], outlet: DemoOutlet, wires: Mapping[str, Any]
) -> DemoArticle:
    slug = _slug(_text(data, "slug", f"article in {outlet.slug}"), "article slug")
    where = f"article {slug!r}"
    wire = data.get("wire")
    raw_body = data.get("body")
    if wire is not None:
        if wire not in wires:
            raise ValueError(f"{where}: unknown wire copy {wire!r}")
        raw_body = [*wires[wire]["body"], *data.get("boilerplate", [])]
    if not isinstance(raw_body, list):
        raise ValueError(f"{where}: 'body' must be a list")
    body: list[BodyBlock] = []
    for raw in raw_body:
        figure_name = f"{slug}-{sum(isinstance(b, Figure) for b in body) + 1}"
        body.append(_parse_block(raw, figure_name, where))
    article_type = _choice(data.get("type", "NewsArticle"), ARTICLE_TYPES, where)
    return DemoArticle(
        slug=slug,
        outlet=outlet.slug,
        title=_text(data, "title", where),
        description=_text(data, "description", where),
        authors=_texts(data, "authors", where, 1, 2),
        section=_choice(_text(data, "section", where), SECTIONS, where),
        keywords=_texts(data, "keywords", where, 3, 6),
        language=data.get("language") or outlet.language,
        article_type=article_type,
        has_jsonld=outlet.jsonld_style != "none" and data.get("jsonld", True) is not False,
        story=data.get("story"),
        wire=wire,
        lead_image=_parse_image(data.get("image"), slug, LEAD_SIZE, where),
        body=tuple(body),
        published_minutes_ago=_optional_int(data, "published_minutes_ago", where),
        release_slot=_optional_int(data, "release_slot", where),
        modified_minutes_ago=_optional_int(data, "modified_minutes_ago", where),
    )


def _validate(catalog: Catalog) -> None:
    seen: set[str] = set()
    for article in catalog.articles:
        where = f"article {article.slug!r}"
        if article.slug in seen:
            raise ValueError(f"{where}: duplicate slug")
        seen.add(article.slug)
        _validate_times(article, where)
        paragraphs = sum(isinstance(b, Paragraph) for b in article.body)
        if not 4 <= paragraphs <= 10:
            raise ValueError(f"{where}: needs 4 to 10 paragraphs, has {paragraphs}")
        if (article.article_type == "OpinionNewsArticle") != (article.section == "Opinion"):
            raise ValueError(f"{where}: opinion pieces, and only they, go in section Opinion")
    slots = sorted(a.release_slot for a in catalog.articles if a.release_slot is not None)
    if slots != list(range(1, len(slots) + 1)):
        raise ValueError(f"release slots must run 1..n without gaps or repeats, got {slots}")
    for outlet in catalog.outlets:
        names = [i.name for a in catalog.articles_for(outlet.slug) for i in a.images]
        if len(set(names)) != len(names):
            raise ValueError(f"outlet {outlet.slug!r}: two images share a name")
    ids = [a.numeric_id for a in catalog.articles]
    if len(set(ids)) != len(ids):
        raise ValueError("two article slugs hash to the same numeric id; rename one")
    for key, group in catalog.stories().items():
        if len({a.outlet for a in group}) < 2:
            raise ValueError(f"story {key!r} is covered by only one outlet")
    wired = {
        a.wire: {b.outlet for b in catalog.articles if b.wire == a.wire} for a in catalog.articles
    }
    for wire, carriers in wired.items():
        if wire is not None and len(carriers) < 2:
            raise ValueError(f"wire copy {wire!r} is carried by only one outlet")


def _validate_times(article: DemoArticle, where: str) -> None:
    age, slot, modified = (
        article.published_minutes_ago,
        article.release_slot,
        article.modified_minutes_ago,
    )
    if (age is None) == (slot is None):
        raise ValueError(f"{where}: set exactly one of published_minutes_ago and release_slot")
    if age is not None and not MIN_AGE_MINUTES <= age <= MAX_AGE_MINUTES:
        raise ValueError(f"{where}: published_minutes_ago {age} is out of range")
    if modified is not None and (age is None or not 0 <= modified < age):
        raise ValueError(f"{where}: modified_minutes_ago must be newer than publication")
