"""The page's <meta>, OpenGraph, article:* and <link> tags: fallbacks for JSON-LD."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from lxml.html import HtmlElement

from tidings.extract.authors import clean_authors
from tidings.extract.dates import parse_datetime
from tidings.extract.jsonld_values import dedupe, dimension
from tidings.extract.text import one_line, plain
from tidings.models import Image

_BYLINE_XPATH = (
    "//a[contains(concat(' ', normalize-space(@rel), ' '), ' author ')]"
    " | //*[@itemprop='author']"
    " | //*[contains(@class, 'byline') or contains(@class, 'author-name')]"
)
_TIME_XPATH = "(//article//time[@datetime] | //main//time[@datetime] | //time[@datetime])[1]"


@dataclass(frozen=True, slots=True)
class PageMetadata:
    """What the page's head (and a few body conventions) say about the article."""

    og_title: str | None = None
    html_title: str | None = None
    heading: str | None = None  # the page's first <h1>
    description: str | None = None
    site_name: str | None = None
    canonical_url: str | None = None
    og_url: str | None = None
    html_lang: str | None = None
    og_locale: str | None = None
    meta_authors: tuple[str, ...] = ()
    article_authors: tuple[str, ...] = ()
    byline_authors: tuple[str, ...] = ()
    author_links: tuple[tuple[str, str], ...] = ()  # <a rel=author href>: (its text, href)
    published: datetime | None = None
    modified: datetime | None = None
    time_element: datetime | None = None
    section: str | None = None
    tags: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    image: Image | None = None
    og_type: str | None = None


def read_page_metadata(tree: HtmlElement) -> PageMetadata:
    """Collect the head's metadata; missing tags give None or ()."""
    meta = _meta_values(tree)

    def first(*names: str) -> str | None:
        for name in names:
            for value in meta.get(name, []):
                if text := plain(value):
                    return text
        return None

    return PageMetadata(
        og_title=first("og:title", "twitter:title"),
        html_title=_html_title(tree),
        heading=_heading(tree),
        description=first("og:description", "description", "twitter:description"),
        site_name=first("og:site_name", "application-name"),
        canonical_url=_link(tree, "canonical"),
        og_url=first("og:url"),
        html_lang=(tree.get("lang") or tree.get("xml:lang") or "").strip() or None,
        og_locale=first("og:locale", "content-language", "dc.language", "language"),
        meta_authors=clean_authors(meta.get("author", []) + meta.get("dc.creator", []), split=True),
        article_authors=clean_authors(meta.get("article:author", []), split=True),
        byline_authors=_byline(tree),
        author_links=_author_links(tree),
        published=_date(
            meta,
            "article:published_time",
            "og:published_time",
            "pubdate",
            "publishdate",
            "date",
            "dc.date",
            "dc.date.issued",
            "sailthru.date",
        ),
        modified=_date(meta, "article:modified_time", "og:updated_time", "last-modified"),
        time_element=_time_element(tree),
        section=first("article:section"),
        tags=dedupe(meta.get("article:tag", [])),
        keywords=dedupe([word for value in meta.get("keywords", []) for word in value.split(",")]),
        image=_og_image(meta),
        og_type=first("og:type"),
    )


def _meta_values(tree: HtmlElement) -> dict[str, list[str]]:
    """Map lower-cased meta names (property=, name=, http-equiv=) to their contents."""
    values: dict[str, list[str]] = {}
    for element in tree.iter("meta"):
        key = element.get("property") or element.get("name") or element.get("http-equiv")
        content = element.get("content")
        if key and content is not None:
            values.setdefault(key.strip().lower(), []).append(content)
    return values


def _html_title(tree: HtmlElement) -> str | None:
    for title in tree.iter("title"):
        # <title> inside an inline <svg> names an icon, not the page.
        if not any(ancestor.tag == "svg" for ancestor in title.iterancestors()):
            return plain(title.text_content())
    return None


def _heading(tree: HtmlElement) -> str | None:
    for heading in tree.iter("h1"):
        if text := plain(heading.text_content()):
            return text
    return None


def _link(tree: HtmlElement, rel: str) -> str | None:
    for link in tree.iter("link"):
        if rel in (link.get("rel") or "").lower().split() and (href := link.get("href")):
            return href.strip() or None
    return None


def _date(meta: dict[str, list[str]], *names: str) -> datetime | None:
    for name in names:
        for value in meta.get(name, []):
            if parsed := parse_datetime(value):
                return parsed
    return None


def _time_element(tree: HtmlElement) -> datetime | None:
    found = tree.xpath(_TIME_XPATH)
    return parse_datetime(found[0].get("datetime")) if found else None


def _byline(tree: HtmlElement) -> tuple[str, ...]:
    for element in tree.xpath(_BYLINE_XPATH)[:5]:
        name = element.get("content") or one_line(element.text_content())
        if authors := clean_authors([name], split=True):
            return authors
    return ()


def _og_image(meta: dict[str, list[str]]) -> Image | None:
    def get(*names: str) -> str | None:
        return next((v.strip() for n in names for v in meta.get(n, []) if v.strip()), None)

    url = get(
        "og:image:secure_url", "og:image", "og:image:url", "twitter:image", "twitter:image:src"
    )
    if not url:
        return None
    return Image(
        url=url,
        alt=plain(get("og:image:alt", "twitter:image:alt")),
        width=dimension(get("og:image:width")),
        height=dimension(get("og:image:height")),
    )


def _author_links(tree: HtmlElement) -> tuple[tuple[str, str], ...]:
    """``(text, href)`` of the page's ``rel=author`` links, the author's own page."""
    links: list[tuple[str, str]] = []
    for anchor in tree.xpath(
        "//a[contains(concat(' ', normalize-space(@rel), ' '), ' author ')][@href]"
    )[:20]:
        text = one_line(anchor.text_content())
        href = (anchor.get("href") or "").strip()
        if text and href:
            links.append((text, href))
    return tuple(links)
