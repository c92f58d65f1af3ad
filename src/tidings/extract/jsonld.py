"""Find the schema.org article object in a page's JSON-LD and normalise what it says."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from lxml.html import HtmlElement

from tidings.extract.authors import clean_authors
from tidings.extract.dates import parse_datetime
from tidings.extract.jsonld_values import (
    first_string,
    image_list,
    items,
    keyword_list,
    node_name,
    person_links,
    person_names,
    url_of,
)
from tidings.extract.mt_words import names_machine_translation
from tidings.extract.text import plain
from tidings.models import Image

_MAX_SCRIPT_CHARS = 2_000_000
_MAX_NODES = 20_000
_WRAPPERS = re.compile(r"^\s*(?:<!--|<!\[CDATA\[)|(?:-->|\]\]>)\s*$|;\s*$")
_ARTICLE_TYPES = frozenset(
    {"Report", "BlogPosting", "LiveBlogPosting", "SocialMediaPosting", "DiscussionForumPosting"}
)

Node = dict[str, Any]


@dataclass(frozen=True, slots=True)
class ArticleData:
    """What the publisher's JSON-LD article object says, normalised."""

    article_type: str
    headline: str | None = None
    description: str | None = None
    authors: tuple[str, ...] = ()
    author_links: tuple[tuple[str, str], ...] = ()  # (name, url as written) per author page
    published: datetime | None = None
    modified: datetime | None = None
    language: str | None = None  # as written; the caller normalises
    section: str | None = None
    keywords: tuple[str, ...] = ()
    url: str | None = None
    publisher: str | None = None
    images: tuple[Image, ...] = ()
    body: str | None = None
    machine_translator: bool = False  # its ``translator`` is software or a machine
    translation_of: str | None = None  # ``translationOfWork``: the original's address


def read_article_data(tree: HtmlElement, page_url: str) -> ArticleData | None:
    """The page's best schema.org Article object, or None when it has none."""
    blocks = list(_script_blocks(tree))
    if not blocks:
        return None
    ids = _index_ids(blocks)
    nodes = list(_top_nodes(blocks))
    candidates = [node for node in nodes if article_type(node) is not None]
    # A fact check states itself with a ClaimReview beside (or instead of) its article:
    # that is the label readers need, whatever article type the page also gives.
    reviews = [node for node in nodes if "ClaimReview" in _types(node)]
    if not candidates:
        if not reviews:
            return None
        candidates = reviews
    best = max(enumerate(candidates), key=lambda pair: (_score(pair[1], page_url), -pair[0]))[1]
    data = _normalise(best, ids)
    return replace(data, article_type="ClaimReview") if reviews else data


def _types(node: Node) -> list[str]:
    return [_short_type(value) for value in _as_list(node.get("@type"))]


def article_type(node: Node) -> str | None:
    """The node's most specific Article @type, or None when it is not an article.

    Publishers list several types (["NewsArticle", "ReportageNewsArticle"]); the
    specific NewsArticle subtype carries the label readers see.
    """
    names = _types(node)
    articles = [name for name in names if name.endswith("Article") or name in _ARTICLE_TYPES]
    if not articles:
        return None
    return min(articles, key=_type_rank)


def _type_rank(name: str) -> int:
    if name.endswith("NewsArticle") and name != "NewsArticle":
        return 0
    if name == "NewsArticle":
        return 1
    if name != "Article":
        return 2
    return 3


def _short_type(value: object) -> str:
    # "http://schema.org/NewsArticle" and "schema:NewsArticle" both mean NewsArticle.
    return re.split(r"[/:#]", value)[-1].strip() if isinstance(value, str) else ""


def _script_blocks(tree: HtmlElement) -> Iterator[Any]:
    for script in tree.iter("script"):
        kind = (script.get("type") or "").strip().lower()
        if not kind.startswith("application/ld+json"):
            continue
        text = script.text or ""
        if not text.strip() or len(text) > _MAX_SCRIPT_CHARS:
            continue
        try:
            yield json.loads(_WRAPPERS.sub("", text.strip()), strict=False)
        except (ValueError, RecursionError):
            continue  # a broken block says nothing we can trust; the others may


def _top_nodes(blocks: list[Any]) -> Iterator[Node]:
    """Objects a page states as its subject: top level, @graph members, mainEntity."""
    stack: list[tuple[Any, int]] = [(block, 0) for block in reversed(blocks)]
    seen = 0
    while stack and seen < _MAX_NODES:
        value, depth = stack.pop()
        seen += 1
        if depth > 6:
            continue
        if isinstance(value, list):
            stack.extend((item, depth + 1) for item in reversed(value))
        elif isinstance(value, dict):
            yield value
            for key in ("mainEntity", "@graph"):
                if key in value:
                    stack.append((value[key], depth + 1))


def _index_ids(blocks: list[Any]) -> dict[str, Node]:
    """Every object with an @id, so {"@id": "#author"} references can be followed."""
    ids: dict[str, Node] = {}
    stack: list[Any] = list(blocks)
    seen = 0
    while stack and seen < _MAX_NODES:
        value = stack.pop()
        seen += 1
        if isinstance(value, list):
            stack.extend(value)
        elif isinstance(value, dict):
            key = value.get("@id")
            if isinstance(key, str) and len(value) > len(ids.get(key, {})):
                ids[key] = value
            stack.extend(value.values())
    return ids


def _score(node: Node, page_url: str) -> int:
    """Prefer the page's own article over teasers of others listed beside it."""
    score = 0
    urls = {url_of(node.get("url"), {}), url_of(node.get("mainEntityOfPage"), {})}
    if _same_page(page_url, urls):
        score += 4
    score += 2 * bool(node.get("articleBody")) + bool(node.get("headline"))
    return score + bool(node.get("datePublished"))


def _same_page(page_url: str, urls: set[str | None]) -> bool:
    def key(url: str) -> str:
        return re.sub(r"^https?://(www\.)?|[?#].*$|/$", "", url.strip().lower())

    return any(url and key(url) == key(page_url) for url in urls)


def _normalise(node: Node, ids: dict[str, Node]) -> ArticleData:
    section = first_string(node.get("articleSection"))
    return ArticleData(
        article_type=article_type(node) or "Article",
        headline=plain(first_string(node.get("headline")) or first_string(node.get("name"))),
        description=plain(first_string(node.get("description"))),
        authors=clean_authors(
            person_names(node.get("author"), ids) or person_names(node.get("creator"), ids)
        ),
        author_links=tuple(
            person_links(node.get("author"), ids) or person_links(node.get("creator"), ids)
        ),
        published=parse_datetime(first_string(node.get("datePublished"))),
        modified=parse_datetime(first_string(node.get("dateModified"))),
        language=node_name(node.get("inLanguage"), ids, key="alternateName"),
        section=plain(section),
        keywords=keyword_list(node.get("keywords"), ids),
        url=url_of(node.get("url"), ids) or url_of(node.get("mainEntityOfPage"), ids),
        publisher=plain(node_name(node.get("publisher"), ids)),
        images=image_list(node.get("image"), ids),
        body=first_string(node.get("articleBody")),
        machine_translator=_machine_translator(node.get("translator"), ids),
        translation_of=url_of(node.get("translationOfWork"), ids),
    )


def _machine_translator(value: object, ids: dict[str, Node]) -> bool:
    """A translator that is software, or named as a machine; never a Person."""
    for item in items(value, ids):
        if isinstance(item, str) and names_machine_translation(item):
            return True
        if not isinstance(item, dict) or "Person" in _types(item):
            continue
        if any(name.endswith("Application") for name in _types(item)):
            return True
        if names_machine_translation(first_string(item.get("name")) or ""):
            return True
    return False


def _as_list(value: object) -> list[Any]:
    return value if isinstance(value, list) else [value]
