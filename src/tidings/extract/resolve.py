"""Choose each field from JSON-LD, then the page's meta tags, in the documented order."""

from __future__ import annotations

import re
from dataclasses import replace

from tidings.extract.figures import PageFigure, absolute_http_url, image_key, is_junk_image
from tidings.extract.jsonld import ArticleData
from tidings.extract.metadata import PageMetadata
from tidings.extract.text import one_line
from tidings.models import Image

_SEPARATOR = r"\s*(?:\||-|–|—|·|•|:|»|::|/)\s*"
_LANGUAGE = re.compile(r"^([a-z]{2,3})(?:[-_][a-z0-9]+)*$", re.I)


def pick_title(
    data: ArticleData | None, meta: PageMetadata, site_name: str | None, fallback: str | None
) -> str | None:
    """JSON-LD headline, og:title, <title>, then trafilatura's guess; site name removed."""
    for title in (data.headline if data else None, meta.og_title, meta.html_title, fallback):
        if title and (cleaned := strip_site_name(one_line(title), site_name)):
            return cleaned
    return None


def strip_site_name(title: str, site_name: str | None) -> str:
    """Remove the site name from "Headline | Site Name" or "Site Name - Headline"."""
    if not site_name:
        return title
    site = re.escape(one_line(site_name))
    for pattern in (rf"{_SEPARATOR}{site}\s*$", rf"^\s*{site}{_SEPARATOR}"):
        stripped = re.sub(pattern, "", title, flags=re.I)
        if stripped and stripped != title:
            return stripped.strip()
    return title


def pick_authors(data: ArticleData | None, meta: PageMetadata) -> tuple[str, ...]:
    """JSON-LD authors, <meta name=author>, article:author, then a byline on the page."""
    for authors in (data.authors if data else (), meta.meta_authors, meta.article_authors):
        if authors:
            return authors
    return meta.byline_authors


def pick_author_links(
    data: ArticleData | None, meta: PageMetadata, authors: tuple[str, ...], base_url: str
) -> tuple[tuple[str, str], ...]:
    """``(author, page)`` for each chosen author whose own page the publisher names: the
    JSON-LD author's ``url``, else a ``rel=author`` link whose text is the author's name.
    Names are matched whole, ignoring case; addresses made absolute, http(s) only."""
    found: dict[str, str] = {}
    for name, url in (*(data.author_links if data else ()), *meta.author_links):
        key = one_line(name).casefold()
        if key not in found and (absolute := absolute_http_url(url, base_url)):
            found[key] = absolute
    return tuple(
        (author, found[author.casefold()]) for author in authors if author.casefold() in found
    )


def pick_language(data: ArticleData | None, meta: PageMetadata) -> str | None:
    """The primary language subtag ("en", "de") from inLanguage, <html lang>, og:locale."""
    for value in (data.language if data else None, meta.html_lang, meta.og_locale):
        if value and (match := _LANGUAGE.match(value.strip())):
            return match.group(1).lower()
    return None


def pick_keywords(data: ArticleData | None, meta: PageMetadata) -> tuple[str, ...]:
    """JSON-LD keywords, article:tag, then <meta name=keywords>."""
    return (data.keywords if data else ()) or meta.tags or meta.keywords


def pick_canonical(data: ArticleData | None, meta: PageMetadata, base_url: str) -> str | None:
    """<link rel=canonical>, og:url, then the JSON-LD url, made absolute."""
    for url in (meta.canonical_url, meta.og_url, data.url if data else None):
        if url and (absolute := absolute_http_url(url, base_url)):
            return absolute
    return None


def pick_lead_image(
    data: ArticleData | None, meta: PageMetadata, figures: list[PageFigure], base_url: str
) -> Image | None:
    """The JSON-LD image, else og:image; caption and credit filled from the page's figure."""
    candidates = [*(data.images if data else ()), *([meta.image] if meta.image else [])]
    for candidate in candidates:
        url = absolute_http_url(candidate.url, base_url)
        if url is None:
            continue
        image = _fill(replace(candidate, url=url), meta.image)
        key = image_key(url)
        figure = next((f.image for f in figures if image_key(f.image.url) == key), None)
        image = _fill(image, figure)
        if not is_junk_image(image):
            return image
    return None


def _fill(image: Image, other: Image | None) -> Image:
    """Take the fields ``image`` lacks from ``other`` when both show the same picture."""
    if other is None or image_key(other.url) != image_key(image.url):
        return image
    # Sizes travel as a pair: one rendition's width with another's height is no size at all.
    sized = image.width is not None or image.height is not None
    return replace(
        image,
        caption=image.caption or other.caption,
        credit=image.credit or other.credit,
        alt=image.alt or other.alt,
        width=image.width if sized else other.width,
        height=image.height if sized else other.height,
    )
