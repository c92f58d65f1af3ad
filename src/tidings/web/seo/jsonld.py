"""The JSON-LD Tidings publishes about an article it shows."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlsplit

from tidings.models import Article, DisplayPolicy, Source


def article_jsonld(
    article: Article, source: Source, page_url: str, site_name: str
) -> dict[str, Any]:
    """A schema.org NewsArticle describing ``article`` as republished at ``page_url``."""
    publisher: dict[str, Any] = {"@type": "Organization", "name": source.title or source.feed_url}
    publisher_url = source.site_url or _origin(article.url)
    if publisher_url:
        publisher["url"] = publisher_url
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title[:300],
        "url": page_url,
        "mainEntityOfPage": page_url,
        "isBasedOn": article.url,
        "publisher": publisher,
        "sourceOrganization": dict(publisher),
        "provider": {"@type": "Organization", "name": site_name},
    }
    if source.icon_url:
        data["publisher"]["logo"] = {"@type": "ImageObject", "url": source.icon_url}
    if article.published:
        data["datePublished"] = article.published.isoformat()
    if article.modified:
        data["dateModified"] = article.modified.isoformat()
    if article.authors:
        pages = dict(article.author_links)
        data["author"] = [
            {"@type": "Person", "name": name, **({"url": pages[name]} if name in pages else {})}
            for name in article.authors
        ]
    if article.lead_image:
        image: dict[str, Any] = {"@type": "ImageObject", "url": article.lead_image.url}
        if article.lead_image.caption:
            image["caption"] = article.lead_image.caption
        if article.lead_image.credit:
            image["creditText"] = article.lead_image.credit
        data["image"] = image
    if article.language:
        data["inLanguage"] = article.language
    if article.section:
        data["articleSection"] = article.section
    if article.keywords:
        data["keywords"] = list(article.keywords)
    if article.summary:
        data["description"] = article.summary
    if source.display_policy is DisplayPolicy.FULL and article.text:
        data["articleBody"] = article.text
    return data


def website_jsonld(site_name: str, home_url: str, search_url: str, language: str) -> dict[str, Any]:
    """A schema.org WebSite for the home page, with a SearchAction on ``search_url``
    (which ends in ``q=``; the search term follows it)."""
    return {
        "@context": "https://schema.org",
        "@type": "WebSite",
        "name": site_name,
        "url": home_url,
        "inLanguage": language,
        "potentialAction": {
            "@type": "SearchAction",
            "target": {"@type": "EntryPoint", "urlTemplate": search_url + "{search_term_string}"},
            "query-input": "required name=search_term_string",
        },
    }


def story_jsonld(title: str, page_url: str, articles: list[tuple[str, str]]) -> dict[str, Any]:
    """A schema.org ItemList of a story's articles, as ``(page URL, headline)`` pairs."""
    return {
        "@context": "https://schema.org",
        "@type": "ItemList",
        "name": title[:300],
        "url": page_url,
        "numberOfItems": len(articles),
        "itemListElement": [
            {"@type": "ListItem", "position": n, "url": url, "name": name[:300]}
            for n, (url, name) in enumerate(articles, start=1)
        ],
    }


def script_json(data: dict[str, Any]) -> str:
    """JSON safe inside a ``<script>`` element: no ``</script>`` or comment can break out."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _origin(url: str) -> str | None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc}/"
