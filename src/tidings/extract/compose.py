"""Build the body tree from the article's blocks, keeping links and emphasis in the text.

A block that is a whole element (a paragraph, heading, list item, table) is copied with
its inline markup; a run of text that shared its element with others becomes a plain
paragraph. List items are gathered back into their lists and quoted paragraphs into
their quotes. The result is what trafilatura's converted output also is: a <div> of
block elements that the clean-up rules, figure placement and sanitiser work on.
"""

from __future__ import annotations

import copy

from lxml import etree
from lxml.html import HtmlElement, fragment_fromstring

from tidings.extract.blocks import Block
from tidings.extract.marks import is_skipped

_HEADING_LEVELS = {"h1": "h2", "h2": "h2", "h3": "h3"}  # h4–h6 become h4


def body_tree(blocks: list[Block]) -> HtmlElement:
    """A <div> holding one element per block: p, h2–h4, ul/ol, blockquote or table."""
    root: HtmlElement = fragment_fromstring("<div></div>")
    open_list: tuple[HtmlElement | None, HtmlElement] | None = None
    open_quote: tuple[HtmlElement, HtmlElement] | None = None
    for block in blocks:
        if block.kind == "li":
            source = _list_of(block.element)
            if open_list is None or open_list[0] is not source:
                tag = "ol" if source is not None and source.tag == "ol" else "ul"
                open_list = (source, etree.SubElement(root, tag))
            open_list[1].append(_element(block, "li"))
            continue
        open_list = None
        if block.kind == "quote":
            source = next(block.element.iterancestors("blockquote"), block.element)
            if open_quote is None or open_quote[0] is not source:
                open_quote = (source, etree.SubElement(root, "blockquote"))
            open_quote[1].append(_element(block, "p"))
            continue
        open_quote = None
        if block.kind == "h":
            root.append(_element(block, _HEADING_LEVELS.get(str(block.element.tag), "h4")))
        elif block.kind == "table":
            root.append(_element(block, "table"))
        else:
            root.append(_element(block, "p"))
    return root


def _element(block: Block, tag: str) -> HtmlElement:
    """The block as ``tag``: a copy of its element's inline content, or its plain text."""
    source = block.element
    element: HtmlElement = etree.Element(tag)
    if not block.whole:
        element.text = block.text
        return element
    element.text = source.text
    for child in source:
        if isinstance(child.tag, str) and not is_skipped(child):
            element.append(_clean_copy(child))
        elif len(element):
            element[-1].tail = (element[-1].tail or "") + (child.tail or "")
        else:
            element.text = (element.text or "") + (child.tail or "")
    return element


def _clean_copy(source: HtmlElement) -> HtmlElement:
    """A deep copy without scripts, pictures, controls and hidden parts."""
    element: HtmlElement = copy.deepcopy(source)
    for junk in [e for e in element.iterdescendants() if is_skipped(e)]:
        parent = junk.getparent()
        if parent is None:
            continue
        previous = junk.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + (junk.tail or "")
        else:
            parent.text = (parent.text or "") + (junk.tail or "")
        parent.remove(junk)
    return element


def _list_of(item: HtmlElement) -> HtmlElement | None:
    parent = item.getparent()
    return parent if parent is not None and parent.tag in ("ul", "ol", "dl") else None
