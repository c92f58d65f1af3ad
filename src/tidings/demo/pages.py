"""HTML pages of the demo outlets: article pages, outlet home pages, the index and 404.

Pure functions of (catalog, schedule, time, base URL) to strings; the Starlette app only
routes to them.
"""

from __future__ import annotations

import zlib
from datetime import UTC, datetime
from functools import cache
from typing import Any

from jinja2 import DictLoader, Environment, StrictUndefined

from tidings.demo.catalog import (
    BodyBlock,
    BulletList,
    Catalog,
    DemoArticle,
    DemoImage,
    DemoOutlet,
    Heading,
    Paragraph,
    Quote,
)
from tidings.demo.jsonld import PageUrls, article_jsonld, iso_datetime
from tidings.demo.schedule import Schedule, article_path
from tidings.demo.templates import TEMPLATES

FEED_MEDIA_TYPES = {
    "rss": "application/rss+xml",
    "atom": "application/atom+xml",
    "jsonfeed": "application/feed+json",
}
_LOCALES = {"en": "en_GB", "de": "de_DE", "fr": "fr_FR", "es": "es_ES"}
_MONTHS = {
    "en": "January February March April May June July August September October November December",
    "de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember",
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre "
    "diciembre",
}
_HOME_STRINGS = {
    "en": {"latest": "Latest", "empty": "No stories yet.", "feed": "Feed", "all_outlets": "All"},
    "de": {
        "latest": "Neueste Artikel",
        "empty": "Noch keine Artikel.",
        "feed": "RSS-Feed",
        "all_outlets": "Alle Angebote",
    },
    "fr": {
        "latest": "À la une",
        "empty": "Aucun article pour le moment.",
        "feed": "Flux",
        "all_outlets": "Tous les titres",
    },
    "es": {
        "latest": "Lo último",
        "empty": "Todavía no hay noticias.",
        "feed": "Feed JSON",
        "all_outlets": "Todos los medios",
    },
}
_NAV_SECTIONS = ("News", "Politics", "Business", "Sports", "Culture", "Opinion")


@cache
def _environment() -> Environment:
    return Environment(
        loader=DictLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def display_date(moment: datetime, language: str) -> str:
    """A human date in the outlet's language, always in UTC."""
    moment = moment.astimezone(UTC)
    month = _MONTHS.get(language, _MONTHS["en"]).split()[moment.month - 1]
    if language == "de":
        return f"{moment:%d.%m.%Y, %H:%M} Uhr"
    if language == "fr":
        return f"{moment.day} {month} {moment.year} à {moment:%Hh%M}"
    if language == "es":
        return f"{moment.day} de {month} de {moment.year}, {moment:%H:%M} UTC"
    return f"{moment.day} {month} {moment.year}, {moment:%H:%M} UTC"


def image_path(outlet: DemoOutlet, image: DemoImage) -> str:
    """Root-relative URL of a generated image."""
    return f"/{outlet.slug}/images/{image.name}.svg"


def render_article(
    catalog: Catalog,
    schedule: Schedule,
    article: DemoArticle,
    *,
    now: datetime,
    base_url: str,
) -> str:
    """The full HTML page of one article, in its outlet's own template."""
    outlet = catalog.outlet(article.outlet)
    published, modified = schedule.published_at(article), schedule.modified_at(article)
    canonical = base_url + article_path(outlet, article, published)
    lead = _image(outlet, article.lead_image, base_url, lead=True)
    urls = PageUrls(
        canonical=canonical,
        home=base_url + outlet.home_path,
        image=str(lead["abs"]),
        logo=f"{base_url}/{outlet.slug}/favicon.svg",
    )
    others = [a for a in schedule.released(catalog.articles_for(outlet.slug), now) if a != article]
    same_story = [a for a in others if article.story and a.story == article.story]
    same_section = [a for a in others if a.section == article.section and a not in same_story]
    popular = sorted(others, key=lambda a: zlib.crc32(a.slug.encode()))
    context: dict[str, Any] = {
        "outlet": outlet,
        "a": article,
        "page_title": article.title + outlet.title_suffix,
        "canonical": canonical,
        "home": outlet.home_path,
        "feed_url": base_url + outlet.feed_url_path,
        "feed_type": FEED_MEDIA_TYPES[outlet.feed_format],
        "favicon": f"/{outlet.slug}/favicon.svg",
        "locale": _LOCALES.get(article.language, "en_GB"),
        "section": outlet.section_label(article.section),
        "author_line": _join_names(article.authors, article.language),
        "published_iso": iso_datetime(published),
        "modified_iso": iso_datetime(modified),
        "published_display": display_date(published, article.language),
        "modified_display": display_date(modified, article.language)
        if modified > published
        else None,
        "lead": lead,
        "body": [_block(outlet, block, base_url) for block in article.body],
        "related": [_link(catalog, schedule, a) for a in (same_story + same_section)[:4]],
        "most_read": [_link(catalog, schedule, a) for a in popular[:5]],
        "nav": [(outlet.section_label(s), outlet.home_path) for s in _NAV_SECTIONS],
        "jsonld": article_jsonld(
            outlet, article, urls=urls, published=published, modified=modified
        ),
        "year": now.year,
    }
    return _environment().get_template(f"{outlet.slug}.html").render(context)


def render_outlet_home(
    catalog: Catalog,
    schedule: Schedule,
    outlet: DemoOutlet,
    *,
    now: datetime,
    base_url: str,
) -> str:
    """The outlet's front page: its released articles, newest first."""
    items = []
    for article in schedule.released(catalog.articles_for(outlet.slug), now):
        published = schedule.published_at(article)
        items.append(
            {
                "href": article_path(outlet, article, published),
                "title": article.title,
                "description": article.description,
                "section": outlet.section_label(article.section),
                "image": image_path(outlet, article.lead_image),
                "iso": iso_datetime(published),
                "date": display_date(published, outlet.language),
            }
        )
    return (
        _environment()
        .get_template("home.html")
        .render(
            outlet=outlet,
            items=items,
            canonical=base_url + outlet.home_path,
            home=outlet.home_path,
            feed_url=base_url + outlet.feed_url_path,
            feed_type=FEED_MEDIA_TYPES[outlet.feed_format],
            favicon=f"/{outlet.slug}/favicon.svg",
            strings=_HOME_STRINGS.get(outlet.language, _HOME_STRINGS["en"]),
        )
    )


def render_index(catalog: Catalog, *, base_url: str) -> str:
    """The demo's root page: every outlet with its home page and feed URL."""
    rows = [
        {
            "name": outlet.name,
            "language": outlet.language,
            "home": outlet.home_path,
            "feed": base_url + outlet.feed_url_path,
            "format": outlet.feed_format,
        }
        for outlet in catalog.outlets
    ]
    return _environment().get_template("index.html").render(rows=rows)


def render_not_found(path: str) -> str:
    """The HTML body of a 404 response."""
    return _environment().get_template("404.html").render(path=path)


def _join_names(names: tuple[str, ...], language: str) -> str:
    conjunction = {"de": " und ", "fr": " et ", "es": " y "}.get(language, " and ")
    return conjunction.join(names)


def _image(outlet: DemoOutlet, image: DemoImage, base_url: str, *, lead: bool) -> dict[str, Any]:
    path = image_path(outlet, image)
    absolute = outlet.image_urls == "absolute" or (outlet.image_urls == "mixed" and lead)
    return {
        "src": base_url + path if absolute else path,
        "abs": base_url + path,
        "width": image.width,
        "height": image.height,
        "alt": image.alt,
        "caption": image.caption,
        "credit": image.credit,
    }


def _block(outlet: DemoOutlet, block: BodyBlock, base_url: str) -> dict[str, Any]:
    if isinstance(block, Paragraph):
        return {"kind": "p", "text": block.text}
    if isinstance(block, Heading):
        return {"kind": "h2", "text": block.text}
    if isinstance(block, Quote):
        return {"kind": "quote", "text": block.text, "cite": block.cite}
    if isinstance(block, BulletList):
        return {"kind": "ul", "points": block.items}
    return {"kind": "figure", "img": _image(outlet, block.image, base_url, lead=False)}


def _link(catalog: Catalog, schedule: Schedule, article: DemoArticle) -> dict[str, str]:
    outlet = catalog.outlet(article.outlet)
    published = schedule.published_at(article)
    return {
        "href": article_path(outlet, article, published),
        "title": article.title,
        "date": display_date(published, article.language),
    }
