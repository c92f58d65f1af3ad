"""Feeds of the demo outlets: RSS 2.0, Atom 1.0 and JSON Feed 1.1.

Each feed lists the outlet's released articles, newest first, with a summary and an image
but never the body, so Tidings has to fetch the article page as it would for a real site.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from tidings.demo.catalog import Catalog, DemoArticle, DemoOutlet
from tidings.demo.images import render_photo
from tidings.demo.jsonld import iso_datetime
from tidings.demo.pages import FEED_MEDIA_TYPES, image_path
from tidings.demo.schedule import Schedule, article_path

MAX_ITEMS = 30
_IMAGE_TYPE = "image/svg+xml"


@dataclass(frozen=True, slots=True)
class FeedDocument:
    """A rendered feed and what the HTTP layer needs to serve it."""

    body: str
    media_type: str
    last_modified: datetime


@dataclass(frozen=True, slots=True)
class _Item:
    article: DemoArticle
    url: str
    published: datetime
    modified: datetime
    image_url: str
    image_length: int


def render_feed(
    catalog: Catalog, schedule: Schedule, outlet: DemoOutlet, *, now: datetime, base_url: str
) -> FeedDocument:
    """The outlet's feed at ``now``, in the outlet's format."""
    items = []
    for article in schedule.released(catalog.articles_for(outlet.slug), now)[:MAX_ITEMS]:
        published = schedule.published_at(article)
        lead = article.lead_image
        items.append(
            _Item(
                article=article,
                url=base_url + article_path(outlet, article, published),
                published=published,
                modified=schedule.modified_at(article),
                image_url=base_url + image_path(outlet, lead),
                image_length=len(
                    render_photo(lead.name, lead.theme, lead.width, lead.height).encode()
                ),
            )
        )
    updated = max((item.modified for item in items), default=schedule.start)
    render = {"rss": _rss, "atom": _atom, "jsonfeed": _json_feed}[outlet.feed_format]
    return FeedDocument(
        body=render(outlet, items, base_url, updated),
        media_type=FEED_MEDIA_TYPES[outlet.feed_format] + "; charset=utf-8",
        last_modified=updated,
    )


def rfc822(moment: datetime) -> str:
    """An RFC 822 date as RSS wants it, e.g. ``Fri, 14 Mar 2025 09:41:00 GMT``."""
    return format_datetime(moment.astimezone(UTC).replace(microsecond=0), usegmt=True)


def _atom_date(moment: datetime) -> str:
    return iso_datetime(moment).replace("+00:00", "Z")


def _rss(outlet: DemoOutlet, items: list[_Item], base_url: str, updated: datetime) -> str:
    home = base_url + outlet.home_path
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"'
        ' xmlns:media="http://search.yahoo.com/mrss/" xmlns:atom="http://www.w3.org/2005/Atom">',
        "<channel>",
        f"<title>{escape(outlet.name)}</title>",
        f"<link>{escape(home)}</link>",
        f"<description>{escape(outlet.tagline)}</description>",
        f"<language>{escape(outlet.language)}</language>",
        f"<lastBuildDate>{rfc822(updated)}</lastBuildDate>",
        f'<atom:link href={quoteattr(base_url + outlet.feed_url_path)} rel="self"'
        ' type="application/rss+xml"/>',
        f"<image><url>{escape(base_url)}/{outlet.slug}/favicon.svg</url>"
        f"<title>{escape(outlet.name)}</title><link>{escape(home)}</link></image>",
    ]
    for item in items:
        a, lead = item.article, item.article.lead_image
        lines.append("<item>")
        lines.append(f"<title>{escape(a.title)}</title>")
        lines.append(f"<link>{escape(item.url)}</link>")
        lines.append(f'<guid isPermaLink="true">{escape(item.url)}</guid>')
        lines.append(f"<pubDate>{rfc822(item.published)}</pubDate>")
        lines.extend(f"<dc:creator>{escape(name)}</dc:creator>" for name in a.authors)
        lines.append(f"<category>{escape(outlet.section_label(a.section))}</category>")
        lines.extend(f"<category>{escape(k)}</category>" for k in a.keywords)
        lines.append(f"<description>{escape(a.description)}</description>")
        if outlet.feed_image == "enclosure":
            lines.append(
                f"<enclosure url={quoteattr(item.image_url)} length="
                f'"{item.image_length}" type="{_IMAGE_TYPE}"/>'
            )
        else:
            lines.append(
                f'<media:content url={quoteattr(item.image_url)} medium="image"'
                f' type="{_IMAGE_TYPE}" width="{lead.width}" height="{lead.height}">'
                f"<media:description>{escape(lead.caption)}</media:description>"
                f"<media:credit>{escape(lead.credit)}</media:credit></media:content>"
            )
        lines.append("</item>")
    lines += ["</channel>", "</rss>", ""]
    return "\n".join(lines)


def _atom(outlet: DemoOutlet, items: list[_Item], base_url: str, updated: datetime) -> str:
    home = base_url + outlet.home_path
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/"'
        f" xml:lang={quoteattr(outlet.language)}>",
        f"<id>{escape(home)}</id>",
        f"<title>{escape(outlet.name)}</title>",
        f"<subtitle>{escape(outlet.tagline)}</subtitle>",
        f"<updated>{_atom_date(updated)}</updated>",
        f'<link rel="self" type="application/atom+xml"'
        f" href={quoteattr(base_url + outlet.feed_url_path)}/>",
        f'<link rel="alternate" type="text/html" href={quoteattr(home)}/>',
        f"<icon>{escape(base_url)}/{outlet.slug}/favicon.svg</icon>",
    ]
    for item in items:
        a, lead = item.article, item.article.lead_image
        lines.append("<entry>")
        lines.append(f"<id>{escape(item.url)}</id>")
        lines.append(f'<title type="text">{escape(a.title)}</title>')
        lines.append(f'<link rel="alternate" type="text/html" href={quoteattr(item.url)}/>')
        lines.append(f"<published>{_atom_date(item.published)}</published>")
        lines.append(f"<updated>{_atom_date(item.modified)}</updated>")
        lines.extend(f"<author><name>{escape(name)}</name></author>" for name in a.authors)
        label = outlet.section_label(a.section)
        lines.append(
            f"<category term={quoteattr(outlet.section_slug(a.section))} label={quoteattr(label)}/>"
        )
        lines.extend(f"<category term={quoteattr(k)}/>" for k in a.keywords)
        lines.append(f'<summary type="text">{escape(a.description)}</summary>')
        if outlet.feed_image == "enclosure":
            lines.append(
                f'<link rel="enclosure" type="{_IMAGE_TYPE}" length="{item.image_length}"'
                f" href={quoteattr(item.image_url)}/>"
            )
        else:
            lines.append(
                f"<media:thumbnail url={quoteattr(item.image_url)}"
                f' width="{lead.width}" height="{lead.height}"/>'
            )
        lines.append("</entry>")
    lines += ["</feed>", ""]
    return "\n".join(lines)


def _json_feed(outlet: DemoOutlet, items: list[_Item], base_url: str, updated: datetime) -> str:
    document: dict[str, Any] = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": outlet.name,
        "home_page_url": base_url + outlet.home_path,
        "feed_url": base_url + outlet.feed_url_path,
        "description": outlet.tagline,
        "icon": f"{base_url}/{outlet.slug}/favicon.svg",
        "favicon": f"{base_url}/{outlet.slug}/favicon.svg",
        "language": outlet.language,
        "authors": [{"name": outlet.name, "url": base_url + outlet.home_path}],
        "items": [
            {
                "id": item.url,
                "url": item.url,
                "title": item.article.title,
                "summary": item.article.description,
                # Summary only: the full text lives on the page, as on most real feeds.
                "content_html": f"<p>{escape(item.article.description)}</p>",
                "image": item.image_url,
                "date_published": iso_datetime(item.published),
                "date_modified": iso_datetime(item.modified),
                "authors": [{"name": name} for name in item.article.authors],
                "tags": [outlet.section_label(item.article.section), *item.article.keywords],
                "language": item.article.language,
            }
            for item in items
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
