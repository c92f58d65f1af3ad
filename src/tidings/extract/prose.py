"""Keep the blocks that read as the article: prose, and short lines in prose's company.

A block with a sentence or two of text outside its links is prose; a block the page
marks as furniture, or one that is mostly link text, is not. Short lines (subheadings,
one-line paragraphs, list items, labels) are judged by their neighbours, as jusText
does: next to prose they belong to the article; between menus, share bars, teaser
links or the edge of the container they are furniture.
"""

from __future__ import annotations

import re

from tidings.extract.blocks import Block

_PROSE_CHARS = 70  # of text outside links
_MAX_LEAD_LINK_SHARE = 0.5
_MAX_LINK_SHARE = 0.8
# Counters and dates alone ("1 / 12", "14", "2003") are furniture.
_LETTER = re.compile(r"[^\W\d_]")
_WIDE = re.compile("[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")

_GOOD, _SHORT, _BAD = 0, 1, 2


def article_blocks(blocks: list[Block]) -> list[Block]:
    """The container's blocks without furniture, keeping short lines next to prose."""
    classes = [_classify(block) for block in blocks]
    before = _nearest_long(classes)
    after = _nearest_long(classes[::-1])[::-1]
    return [
        block
        for block, kind, previous, following in zip(blocks, classes, before, after, strict=True)
        if kind == _GOOD or (kind == _SHORT and _GOOD in (previous, following))
    ]


def text_weight(text: str) -> int:
    """Length in Latin-script characters: a Chinese, Japanese or Korean one counts three."""
    return len(text) + 2 * len(_WIDE.findall(text))


def _classify(block: Block) -> int:
    # A teaser opens with its headline's link; a sentence may link most of its words.
    links = _MAX_LEAD_LINK_SHARE if block.lead_link else _MAX_LINK_SHARE
    if block.furniture or block.link_density > links or not _LETTER.search(block.text):
        return _BAD
    if text_weight(block.text) - block.link_chars >= _PROSE_CHARS:
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
