"""Keep the blocks that read as the article: prose, and short lines in prose's company.

A block with a sentence or two of text outside its links is prose; a block the page
marks as furniture, one that is mostly link text, or one inside a teaser card (see
``teaser_cards``) is not. Short lines (subheadings, one-line paragraphs, list items,
labels) are judged by their neighbours, as jusText does: next to prose they belong to the
article; between menus, share bars, teaser links or the edge of the container they are
furniture. The length and link-share thresholds are ``ExtractionParams`` fields.
"""

from __future__ import annotations

import re

from lxml.html import HtmlElement

from tidings.extract.blocks import Block
from tidings.extract.params import ExtractionParams, fitted_params

# Counters and dates alone ("1 / 12", "14", "2003") are furniture.
_LETTER = re.compile(r"[^\W\d_]")
_WIDE = re.compile("[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
# A teaser card: a headline that is all link, then a short summary
# (ExtractionParams.card_summary_chars).
_CARD_HEADLINE_LINKS = 0.9
_CARD_HEADLINE_CHARS = 200
_CARD_SUMMARY_LINKS = 0.5

_GOOD, _SHORT, _BAD = 0, 1, 2


def article_blocks(blocks: list[Block], params: ExtractionParams | None = None) -> list[Block]:
    """The container's blocks without furniture, keeping short lines next to prose."""
    params = params or fitted_params()
    cards = teaser_cards(blocks, params.card_summary_chars)
    classes = [_BAD if id(block) in cards else _classify(block, params) for block in blocks]
    before = _nearest_long(classes)
    after = _nearest_long(classes[::-1])[::-1]
    return [
        block
        for block, kind, previous, following in zip(blocks, classes, before, after, strict=True)
        if kind == _GOOD or (kind == _SHORT and _GOOD in (previous, following))
    ]


def teaser_cards(blocks: list[Block], summary_chars: int) -> set[int]:
    """Ids of blocks in teaser cards: repeated items that open with a linked headline.

    A list of other stories shows each as a box (the same tag and class repeated) holding
    a headline that is a link and a short summary. The summary reads like prose, so only
    the shape gives it away; an article's own paragraphs do not open with a linked line.
    """
    items: dict[HtmlElement, list[Block]] = {}
    repeated: dict[HtmlElement, bool] = {}
    for block in blocks:
        for element in (block.element, *block.element.iterancestors()):
            if element.tag in ("body", "html"):
                break
            if _is_repeated(element, repeated):
                items.setdefault(element, []).append(block)
                break
    found: set[int] = set()
    for members in items.values():
        headline, *summary = members
        if (
            summary
            and headline.link_density >= _CARD_HEADLINE_LINKS
            and len(headline.text) <= _CARD_HEADLINE_CHARS
            and all(block.link_density < _CARD_SUMMARY_LINKS for block in summary)
            and sum(len(block.text) for block in summary) <= summary_chars
        ):
            found.update(id(block) for block in members)
    return found


def _is_repeated(element: HtmlElement, memo: dict[HtmlElement, bool]) -> bool:
    """True when the element has a sibling of the same tag and (non-empty) class."""
    if element not in memo:
        parent = element.getparent()
        name = (element.get("class") or "").strip()
        memo[element] = (
            parent is not None
            and bool(name)
            and sum(1 for other in parent if _same_kind(other, element)) >= 2
        )
    return memo[element]


def _same_kind(first: HtmlElement, second: HtmlElement) -> bool:
    return bool(first.tag == second.tag and first.get("class") == second.get("class"))


def text_weight(text: str) -> int:
    """Length in Latin-script characters: a Chinese, Japanese or Korean one counts three."""
    return len(text) + 2 * len(_WIDE.findall(text))


def _classify(block: Block, params: ExtractionParams) -> int:
    # A teaser opens with its headline's link; a sentence may link most of its words.
    links = params.lead_link_share if block.lead_link else params.link_share
    if block.furniture or block.link_density > links or not _LETTER.search(block.text):
        return _BAD
    if text_weight(block.text) - block.link_chars >= params.prose_chars:
        return _GOOD
    return _SHORT


def _nearest_long(classes: list[int]) -> list[int]:
    """For each block, the class of the nearest earlier one that is not short (edge: bad)."""
    nearest, last = [], _BAD
    for kind in classes:
        nearest.append(last)
        if kind != _SHORT:
            last = kind
    return nearest
