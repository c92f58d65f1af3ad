"""Whether the publisher says it machine-translated the article, and where the original is.

Two places say so. The JSON-LD article names a ``translator`` that is software (a
``SoftwareApplication``) or a machine by name (an engine, AI, machine translation); a
person as translator is a human translation. Or a paragraph in the body, or within a few
blocks around it (where a disclaimer marked as page furniture sits), states it in one of
the forms ``mt_words`` knows. The original's address is the JSON-LD
``translationOfWork``, else a link in the disclaimer that the page marks as another
language's version (``hreflang`` on the link, or its address among the page's
``<link rel="alternate" hreflang>``). An alternate-language link alone says nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urldefrag

from lxml.html import HtmlElement

from tidings.extract.blocks import Block
from tidings.extract.figures import absolute_http_url
from tidings.extract.jsonld import ArticleData
from tidings.extract.mt_words import says_machine_translated

# Disclaimers sit next to the body: above it with the byline, or below the last paragraph.
_AROUND_BLOCKS = 6
# Reader comments quote anything; what they say is not the publisher's statement.
_COMMENTS = re.compile(r"comment", re.I)


@dataclass(frozen=True, slots=True)
class TranslationNotice:
    """What the publisher states about the article being a machine translation."""

    machine_translated: bool = False
    translated_from: str | None = None  # the original's address, when the page names it


def find_translation(
    page: HtmlElement,
    data: ArticleData | None,
    blocks: list[Block],
    body: list[Block],
    text: str,
    base_url: str,
) -> TranslationNotice:
    """The page's machine-translation statement.

    ``blocks`` are the page's text blocks and ``body`` the ones in the article container;
    ``text`` is the extracted body, which the fallbacks may have read elsewhere.
    """
    stated = _original_url(data.translation_of if data else None, base_url)
    disclaimer = next(
        (b for b in _nearby(blocks, body) if says_machine_translated(b.text) and not _comment(b)),
        None,
    )
    if disclaimer is not None:
        stated = stated or _linked_original(page, disclaimer, base_url)
    machine = bool(
        (data and data.machine_translator)
        or disclaimer is not None
        or any(says_machine_translated(p) for p in text.split("\n\n"))
    )
    return TranslationNotice(machine_translated=machine, translated_from=stated)


def _nearby(blocks: list[Block], body: list[Block]) -> list[Block]:
    """The container's blocks and a few either side."""
    if not body:
        return []
    at = {id(block): n for n, block in enumerate(blocks)}
    first, last = at.get(id(body[0]), 0), at.get(id(body[-1]), len(blocks) - 1)
    return blocks[max(0, first - _AROUND_BLOCKS) : last + _AROUND_BLOCKS + 1]


def _comment(block: Block) -> bool:
    """A block in the reader comments."""
    for element in block.marks:
        names = f"{element.get('class') or ''} {element.get('id') or ''}"
        if _COMMENTS.search(names):
            return True
    return False


def _linked_original(page: HtmlElement, disclaimer: Block, base_url: str) -> str | None:
    """A link in the disclaimer to a version the page marks as another language's."""
    if not disclaimer.whole:
        return None  # the block is one run of a larger element: its links are not its own
    alternates = {
        url
        for link in page.iter("link")
        if "alternate" in (link.get("rel") or "").lower().split()
        and link.get("hreflang")
        and (url := absolute_http_url(link.get("href") or "", base_url))
    }
    for anchor in disclaimer.element.iter("a"):
        url = absolute_http_url(anchor.get("href") or "", base_url)
        if url and (anchor.get("hreflang") or url in alternates):
            return _original_url(url, base_url)
    return None


def _original_url(value: str | None, base_url: str) -> str | None:
    """An http(s) address other than the page's own, absolute."""
    if not value:
        return None
    url = absolute_http_url(value, base_url)
    if url is None or urldefrag(url).url == urldefrag(base_url).url:
        return None
    return url
