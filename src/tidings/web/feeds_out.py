"""RSS 2.0 for article lists (a hashtag page, a category page): what feed readers follow.

Written with lxml's element builder, so every text is escaped by the serializer; each item
links to our article page and names the publisher (``<source>``) and the hashtags
(``<category>``). Dates are RFC 822 as RSS wants them.
"""

from __future__ import annotations

from collections.abc import Sequence
from email.utils import format_datetime

from lxml import etree

from tidings.models import Article, Source
from tidings.web.presenters import excerpt, outlet_name

__all__ = ["rss_for_articles"]

RSS_TYPE = "application/rss+xml; charset=utf-8"


def rss_for_articles(
    *,
    title: str,
    page_url: str,
    description: str,
    articles: Sequence[Article],
    sources: dict[int, Source],
    base_url: str,
    lang: str,
) -> bytes:
    """An RSS 2.0 document of ``articles`` (newest first) linking to their pages here."""
    rss = etree.Element("rss", version="2.0")
    channel = etree.SubElement(rss, "channel")
    etree.SubElement(channel, "title").text = title
    etree.SubElement(channel, "link").text = page_url
    etree.SubElement(channel, "description").text = description
    etree.SubElement(channel, "language").text = lang
    if articles and articles[0].sort_time is not None:
        etree.SubElement(channel, "lastBuildDate").text = format_datetime(articles[0].sort_time)
    for article in articles:
        item = etree.SubElement(channel, "item")
        link = f"{base_url}/{lang}/article/{article.id}"
        etree.SubElement(item, "title").text = article.title
        etree.SubElement(item, "link").text = link
        etree.SubElement(item, "guid", isPermaLink="true").text = link
        if article.sort_time is not None:
            etree.SubElement(item, "pubDate").text = format_datetime(article.sort_time)
        etree.SubElement(item, "description").text = excerpt(article)
        source = sources.get(article.source_id)
        named = etree.SubElement(item, "source", url=source.feed_url if source else article.url)
        named.text = outlet_name(source)
    return bytes(etree.tostring(rss, xml_declaration=True, encoding="utf-8", pretty_print=True))
