"""Put the page's figures back into the extracted body where they stood in the article."""

from __future__ import annotations

import re

from lxml import etree
from lxml.html import HtmlElement

from tidings.extract.figures import PageFigure, image_key, is_foreign
from tidings.extract.text import match_key, one_line, xml_text
from tidings.models import Image

_ANCHOR_TAGS = ("p", "h2", "h3", "h4", "li", "blockquote")
_RESTORABLE = ("h2", "h3", "h4", "ul", "ol", "blockquote")
_MIN_PREFIX = 20
_LOOKAHEAD = 3
_MAX_LINK_SHARE = 0.5
# Slides carry captions, not article text.
_GALLERY = re.compile(r"(?:^|[-_])(?:gallery|slideshow|carousel|slider)(?:$|[-_])", re.I)
_MIN_ITEM_CHARS = 20


def place_figures(
    root: HtmlElement, figures: list[PageFigure], page: HtmlElement, lead_key: str | None
) -> tuple[Image, ...]:
    """Insert figures after the paragraph that preceded them on the page.

    A figure whose neighbours are not in the body goes at the end when it sits inside the
    article's own container, and is left out otherwise. The lead image is left out: the
    page shows it above the body.
    """
    anchors = _anchor_index(root)
    placed: dict[str, Image] = {}
    last_at: dict[int, HtmlElement] = {}
    container: HtmlElement | None = None
    container_known = False
    for figure in figures:
        key = image_key(figure.image.url)
        if key == lead_key or key in placed:
            continue
        element = figure_element(figure.image)
        if (after := _lookup(anchors, figure.after)) is not None:
            last_at.get(id(after), after).addnext(element)
            last_at[id(after)] = element
        elif (before := _lookup(anchors, figure.before)) is not None:
            before.addprevious(element)
        else:
            if not container_known:
                container, container_known = _article_container(page, anchors), True
            if container is None or not _inside(figure.element, container):
                continue
            root.append(element)
        placed[key] = figure.image
    return tuple(placed[image_key(img.get("src") or "")] for img in _placed_images(root, placed))


def restore_blocks(root: HtmlElement, page: HtmlElement) -> None:
    """Put back subheadings, lists and quotes that trafilatura dropped between paragraphs.

    Only blocks inside the article's own container, after a paragraph the body has and
    before another one, come back: that keeps sidebars and teaser lists out.
    """
    anchors = _anchor_index(root)
    container = _article_container(page, anchors)
    if container is None:
        return
    last_at: dict[int, HtmlElement] = {}
    for element in container.iter(*_RESTORABLE):
        if not _restorable(element):
            continue
        key = match_key(element.text_content())
        if not key or _lookup(anchors, key) is not None:
            continue
        after = _lookup(anchors, _neighbour_key(element, "preceding"))
        # A heading or quote sits right between two body paragraphs; a list may be
        # followed by its own short lines first.
        lookahead = _LOOKAHEAD if element.tag in ("ul", "ol") else 1
        if after is None or not _followed_by_body(element, anchors, lookahead):
            continue
        copy = _plain_copy(element)
        last_at.get(id(after), after).addnext(copy)
        last_at[id(after)] = copy


def _restorable(element: HtmlElement) -> bool:
    """Article structure, not furniture: no sidebars, captions, share or link lists."""
    if (
        _GALLERY.search(element.get("class") or "")
        or is_foreign(element, _GALLERY)
        or any(
            a.tag in _RESTORABLE
            or a.tag in ("figure", "form")
            or "caption" in (a.get("class") or "")
            for a in element.iterancestors()
        )
    ):
        return False
    text = one_line(element.text_content())
    links = sum(len(one_line(a.text_content())) for a in element.iter("a"))
    if not text or links > _MAX_LINK_SHARE * len(text):
        return False
    if element.tag in ("ul", "ol"):
        items = [one_line(li.text_content()) for li in element.iter("li")]
        return len(items) >= 2 and sum(map(len, items)) / len(items) >= _MIN_ITEM_CHARS
    return True


def drop_caption_blocks(root: HtmlElement, figures: list[PageFigure]) -> None:
    """Remove body paragraphs that are a figure's caption text left behind as prose."""
    captions = set()
    for figure in figures:
        for text in (figure.image.caption, figure.element.text_content()):
            if text and len(key := match_key(text, 1000)) >= _MIN_PREFIX:
                captions.add(key)
    if not captions:
        return
    for block in list(root):
        if block.tag == "p" and match_key(block.text_content(), 1000) in captions:
            root.remove(block)


def figure_element(image: Image) -> HtmlElement:
    """``<figure><img><figcaption>Caption <small>Credit</small></figcaption></figure>``."""
    figure: HtmlElement = etree.Element("figure")
    img = etree.SubElement(figure, "img", src=xml_text(image.url))
    if image.alt:
        img.set("alt", xml_text(image.alt))
    if image.width and image.height:
        img.set("width", str(image.width))
        img.set("height", str(image.height))
    caption_text = xml_text(image.caption or "")
    credit = xml_text(image.credit or "")
    if caption_text or credit:
        caption = etree.SubElement(figure, "figcaption")
        caption.text = f"{caption_text} " if caption_text and credit else caption_text
        if credit:
            etree.SubElement(caption, "small").text = credit
    return figure


def _anchor_index(root: HtmlElement) -> dict[str, HtmlElement]:
    """Paragraph keys mapped to the top-level body block that holds them."""
    index: dict[str, HtmlElement] = {}
    for block in root:
        if not isinstance(block.tag, str):
            continue
        candidates = [block, *block.iter(*_ANCHOR_TAGS)]
        for element in candidates:
            key = match_key(element.text_content())
            if key and key not in index:
                index[key] = block
    return index


def _lookup(anchors: dict[str, HtmlElement], key: str | None) -> HtmlElement | None:
    if not key:
        return None
    if key in anchors:
        return anchors[key]
    if len(key) < _MIN_PREFIX:
        return None
    for other, block in anchors.items():
        shorter = min(len(key), len(other))
        if shorter >= _MIN_PREFIX and key[:shorter] == other[:shorter]:
            return block
    return None


def _article_container(page: HtmlElement, anchors: dict[str, HtmlElement]) -> HtmlElement | None:
    """The smallest page element holding all the body's paragraphs, unless that is <body>."""
    matched = [
        p for p in page.iter("p") if _lookup(anchors, match_key(p.text_content())) is not None
    ]
    if len(matched) < 2:
        return None
    first = list(matched[0].iterancestors())
    last = set(matched[-1].iterancestors())
    common = next((ancestor for ancestor in first if ancestor in last), None)
    if common is None or common.tag in ("body", "html"):
        return None
    return common


def _neighbour_key(element: HtmlElement, axis: str) -> str | None:
    found = element.xpath(f"{axis}::p[not(ancestor::figure)][normalize-space()][1]")
    return match_key(found[0].text_content()) if found else None


def _followed_by_body(
    element: HtmlElement, anchors: dict[str, HtmlElement], lookahead: int
) -> bool:
    following = element.xpath(f"following::p[normalize-space()][position() <= {lookahead}]")
    return any(_lookup(anchors, match_key(p.text_content())) is not None for p in following)


def _plain_copy(element: HtmlElement) -> HtmlElement:
    """The element rebuilt from its text: headings, list items and quoted paragraphs."""
    copy: HtmlElement = etree.Element(str(element.tag))
    if element.tag in ("ul", "ol"):
        for item in element.iter("li"):
            etree.SubElement(copy, "li").text = one_line(item.text_content())
    elif element.tag == "blockquote":
        etree.SubElement(copy, "p").text = one_line(element.text_content())
    else:
        copy.text = one_line(element.text_content())
    return copy


def _inside(element: HtmlElement, container: HtmlElement) -> bool:
    return any(ancestor is container for ancestor in element.iterancestors())


def _placed_images(root: HtmlElement, placed: dict[str, Image]) -> list[HtmlElement]:
    return [
        img
        for figure in root.iter("figure")
        for img in figure.iter("img")
        if image_key(img.get("src") or "") in placed
    ]
