"""schema.org JSON-LD for demo article pages, in the shape each outlet uses.

Real publishers disagree on the shape: some wrap the article in an ``@graph`` with its
WebPage, some always give ``author`` as a list, some give ``keywords`` as one comma string.
The demo reproduces those differences so the extractor meets them offline.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from tidings.demo.catalog import DemoArticle, DemoOutlet


@dataclass(frozen=True, slots=True)
class PageUrls:
    """Absolute URLs an article page refers to."""

    canonical: str
    home: str
    image: str
    logo: str


def iso_datetime(moment: datetime) -> str:
    """RFC 3339 / ISO 8601 in UTC with seconds, e.g. ``2025-03-14T09:41:00+00:00``."""
    return moment.astimezone(UTC).replace(microsecond=0).isoformat()


def article_jsonld(
    outlet: DemoOutlet,
    article: DemoArticle,
    *,
    urls: PageUrls,
    published: datetime,
    modified: datetime,
) -> str | None:
    """The ``<script type="application/ld+json">`` body, or None when the page has none."""
    if not article.has_jsonld:
        return None
    style = outlet.jsonld_style
    node: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": article.article_type,
        "headline": article.title,
        "description": article.description,
        "datePublished": iso_datetime(published),
        "dateModified": iso_datetime(modified),
        "author": _authors(article, always_list=style == "author-list"),
        "publisher": {
            "@type": "Organization",
            "name": outlet.name,
            "url": urls.home,
            "logo": {"@type": "ImageObject", "url": urls.logo, "width": 64, "height": 64},
        },
        "image": {
            "@type": "ImageObject",
            "url": urls.image,
            "width": article.lead_image.width,
            "height": article.lead_image.height,
            "caption": article.lead_image.caption,
            "creditText": article.lead_image.credit,
        },
        "articleSection": outlet.section_label(article.section),
        "keywords": ", ".join(article.keywords)
        if style == "comma-keywords"
        else list(article.keywords),
        "inLanguage": article.language,
        "mainEntityOfPage": {"@type": "WebPage", "@id": urls.canonical},
    }
    if style in {"comma-keywords", "plain"}:
        node["mainEntityOfPage"] = urls.canonical
    if style == "plain":
        node["isAccessibleForFree"] = True
    data: dict[str, Any] = node
    if style == "graph":
        del node["@context"]
        node["mainEntityOfPage"] = {"@id": urls.canonical}
        page = {
            "@type": "WebPage",
            "@id": urls.canonical,
            "url": urls.canonical,
            "name": article.title,
            "inLanguage": article.language,
            "isPartOf": {"@type": "WebSite", "name": outlet.name, "url": urls.home},
        }
        data = {"@context": "https://schema.org", "@graph": [page, node]}
    # "</" would end the script element early; JSON allows escaping the slash.
    return json.dumps(data, ensure_ascii=False, indent=2).replace("</", "<\\/")


def _authors(article: DemoArticle, *, always_list: bool) -> Any:
    kind = "Organization" if article.wire is not None else "Person"
    people = [{"@type": kind, "name": name} for name in article.authors]
    if len(people) == 1 and not always_list:
        return people[0]
    return people
