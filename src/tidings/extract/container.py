"""Find the element that holds the article's paragraphs, the way readers' modes do.

Each prose block scores for the element around it (and half for the one above); the
best-scoring element, discounted by its share of link text, is the article container,
unless the page declares its article body (itemprop="articleBody") somewhere with a fair
share of the prose. Siblings that score well or read as paragraphs, and elements built
like the container (same tag and class), hold the rest of an article that ads or grid
rows split apart.

The thresholds that move the dev scores are ``ExtractionParams`` fields, fitted by
cross-validation; the rest here are design values.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml.html import HtmlElement

from tidings.extract.blocks import Block
from tidings.extract.params import ExtractionParams, fitted_params

_MIN_PROSE = 25
_SIBLING_SHARE = 0.2
_DECLARED_SHARE = 0.3
_DIGITS = re.compile(r"\d+")


@dataclass(slots=True)
class _Tally:
    score: float = 0.0
    chars: int = 0
    link_chars: int = 0
    paragraph: bool = False  # the element's own text reads as a paragraph of prose


def container_blocks(blocks: list[Block], params: ExtractionParams | None = None) -> list[Block]:
    """The blocks inside the page's article container(s), in document order."""
    params = params or fitted_params()
    tallies = _tally(blocks, params)
    if not tallies:
        return []
    best = max(tallies.items(), key=lambda item: _final(item[1]))[0]
    declared = _declared(best, tallies)
    containers = [declared] if declared is not None else _with_siblings(best, tallies, params)
    containers += _lookalikes(containers[0], tallies, containers, params)
    chosen = {id(element) for element in containers}
    return [block for block in blocks if _inside_any(block.element, chosen)]


def _declared(best: HtmlElement, tallies: dict[HtmlElement, _Tally]) -> HtmlElement | None:
    """The element marked itemprop="articleBody", when it holds a good share of the prose.

    One that wraps the best-scoring element is not taken: the best one is inside the
    declared body already, and the wrapper usually holds headline and share bar too.
    """
    top = _final(tallies[best])
    for element, tally in tallies.items():
        if (
            "articlebody" in (element.get("itemprop") or "").lower()
            and _final(tally) >= _DECLARED_SHARE * top
            and element not in best.iterancestors()
        ):
            return element
    return None


def _tally(blocks: list[Block], params: ExtractionParams) -> dict[HtmlElement, _Tally]:
    tallies: dict[HtmlElement, _Tally] = {}
    for block in blocks:
        holder = block.element
        own_text = block.kind == "p" and holder.tag not in ("p", "blockquote")
        parent = holder if own_text else holder.getparent()
        if parent is None:
            continue
        length = len(block.text)
        for ancestor in (holder, *holder.iterancestors()):
            tally = tallies.get(ancestor)
            if tally is None:
                tally = tallies[ancestor] = _Tally()
            tally.chars += length
            tally.link_chars += block.link_chars
        if length < _MIN_PROSE or block.link_density > params.max_prose_links or block.furniture:
            continue
        if length >= params.paragraph_chars and block.link_density < params.paragraph_links:
            tallies[holder].paragraph = True
        score = 1 + block.text.count(",") + min(length / 100, 3.0)
        if block.kind == "li":
            score /= 2
        tallies[parent].score += score
        grandparent = parent.getparent()
        if grandparent is not None:
            tallies[grandparent].score += score / 2
    return tallies


def _final(tally: _Tally) -> float:
    density = tally.link_chars / tally.chars if tally.chars else 1.0
    return tally.score * (1 - density)


def _with_siblings(
    best: HtmlElement, tallies: dict[HtmlElement, _Tally], params: ExtractionParams
) -> list[HtmlElement]:
    """The container plus siblings that score close to it or read as paragraphs."""
    top = _final(tallies[best])
    threshold = max(params.min_sibling_score, _SIBLING_SHARE * top)
    chosen = [best]
    parent = best.getparent()
    if parent is not None:
        for sibling in parent:
            tally = tallies.get(sibling)
            if (
                sibling is not best
                and tally is not None
                and (tally.paragraph or _final(tally) >= threshold)
            ):
                chosen.append(sibling)
    return chosen


def _lookalikes(
    best: HtmlElement,
    tallies: dict[HtmlElement, _Tally],
    chosen: list[HtmlElement],
    params: ExtractionParams,
) -> list[HtmlElement]:
    """Elements built like the container, holding the rest of a body that ads split."""
    signature = _signature(best)
    if not signature[1]:
        return []
    return [
        element
        for element, tally in tallies.items()
        if element.tag == signature[0]
        and _final(tally) >= params.min_lookalike_score
        and element not in chosen
        and _signature(element) == signature
    ]


def _signature(element: HtmlElement) -> tuple[str, str]:
    """Tag and class (or itemprop), numbers dropped: "body-1" and "body-2" are alike."""
    name = element.get("class") or element.get("itemprop") or ""
    return str(element.tag), _DIGITS.sub("", name).strip()


def _inside_any(element: HtmlElement, containers: set[int]) -> bool:
    if id(element) in containers:
        return True
    return any(id(ancestor) in containers for ancestor in element.iterancestors())
