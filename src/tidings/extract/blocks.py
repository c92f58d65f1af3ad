"""Read a page as text blocks: each paragraph-like run of text with its links counted.

One walk over the parsed page gives the blocks every later rule works from: the element
that holds each one, its text, how much of it is link text, whether it opens with a link
(a teaser's headline does; a sentence that cites a source does not), and whether it sits
in page furniture. Data tables become one block each; tables that lay out a page are
read like any other container.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from lxml.html import HtmlElement

from tidings.extract.marks import is_furniture, is_skipped, is_social_embed
from tidings.extract.params import ExtractionParams, fitted_params
from tidings.extract.text import one_line, paragraph

# Text-level elements; every other element (custom elements included) starts a block.
_INLINE_TAGS = frozenset(
    {
        "a", "span", "em", "strong", "b", "i", "u", "s", "small", "big", "sub", "sup", "font",
        "abbr", "acronym", "cite", "code", "kbd", "q", "mark", "time", "dfn", "var", "samp",
        "bdi", "bdo", "wbr", "ins", "del", "tt", "strike", "nobr", "data", "ruby", "rt", "rp",
    }
)  # fmt: skip
# Media and controls that sit inside a line of text without breaking it.
_IN_LINE_MEDIA = frozenset(
    {
        "img", "picture", "svg", "math", "input", "button", "select", "textarea", "label",
        "script", "style", "template", "canvas", "audio", "video", "embed", "object", "map",
    }
)  # fmt: skip
# Containers whose <br><br> separate paragraphs (in a <p> a <br> is a line break).
_HOLDERS = frozenset({"div", "td", "th", "section", "article", "main", "center", "dd", "body"})
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# Tables that nest these lay out a page (or an article) rather than hold figures.
_LAYOUT_TAGS = (
    "table", "div", "p", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
    "section", "article", "form",
)  # fmt: skip
_MAX_CELL_CHARS = 400


@dataclass(slots=True)
class Block:
    """A run of text the page shows as one paragraph, heading, list item or table."""

    element: HtmlElement  # the element whose own text this is
    kind: str  # "p", "h", "li", "quote", "pre" or "table"
    text: str
    link_chars: int
    lead_link: bool  # the text opens with a link
    whole: bool  # the text is all of the element's, not one run of several
    marks: tuple[HtmlElement, ...] = ()  # enclosing elements classed as furniture
    furniture: bool = False

    @property
    def link_density(self) -> float:
        return self.link_chars / len(self.text) if self.text else 0.0


@dataclass(slots=True)
class _Run:
    """Text gathered for the block being read."""

    parts: list[str] = field(default_factory=list)
    links: int = 0
    started: bool = False
    lead_link: bool = False

    def add(self, text: str, links: int = 0) -> None:
        if not self.started and text and not text.isspace():
            self.started, self.lead_link = True, links > 0
        self.parts.append(text)
        self.links += links


def read_blocks(root: HtmlElement, params: ExtractionParams | None = None) -> list[Block]:
    """The text blocks under ``root`` in document order.

    Blocks inside furniture are flagged, unless the furniture element holds most of the
    page's text: then its tag or class describes the layout around the article
    ("container has-sidebar", a <nav> left open), not a sidebar. Embedded social posts
    count as furniture unless ``params`` keeps them.
    """
    params = params or fitted_params()
    furniture_test = is_furniture if params.keep_social_embeds else _furniture_or_embed
    blocks: list[Block] = []
    _walk(root, blocks, (), furniture_test, quoted=False)
    marked: dict[HtmlElement, int] = {}
    total = 0
    for block in blocks:
        total += len(block.text)
        for element in block.marks:
            marked[element] = marked.get(element, 0) + len(block.text)
    share = params.wrapper_share
    furniture = {element for element, chars in marked.items() if chars < share * total}
    for block in blocks:
        block.furniture = any(element in furniture for element in block.marks)
    return blocks


def _furniture_or_embed(element: HtmlElement) -> bool:
    return is_furniture(element) or is_social_embed(element)


def _walk(
    element: HtmlElement,
    blocks: list[Block],
    marks: tuple[HtmlElement, ...],
    furniture: Callable[[HtmlElement], bool],
    *,
    quoted: bool,
    splits_on_br: bool = False,
) -> None:
    quoted = quoted or element.tag == "blockquote"
    if furniture(element):
        marks = (*marks, element)
    run = _Run()
    run.add(element.text or "")
    whole = True
    splits_on_br = splits_on_br or element.tag in _HOLDERS
    for child in element:
        tag = child.tag
        if not isinstance(tag, str):
            pass
        elif tag in _INLINE_TAGS and _has_paragraph_breaks(child) and not is_skipped(child):
            # Old pages set whole articles in one <font>, paragraphs split by <br><br>.
            _flush(element, run, blocks, marks, quoted=quoted, whole=False)
            run, whole = _Run(), False
            _walk(child, blocks, marks, furniture, quoted=quoted, splits_on_br=True)
        elif tag in _INLINE_TAGS:
            if not is_skipped(child):
                run.add(*_inline(child))
        elif tag == "br" and not splits_on_br:
            run.add("\n")
        elif tag == "br" or tag not in _IN_LINE_MEDIA:
            _flush(element, run, blocks, marks, quoted=quoted, whole=False)
            run, whole = _Run(), False
            if tag == "table" and _is_data_table(child):
                _add_table(child, blocks, marks)
            elif tag != "br" and not is_skipped(child):
                _walk(child, blocks, marks, furniture, quoted=quoted)
        run.add(child.tail or "")
    _flush(element, run, blocks, marks, quoted=quoted, whole=whole)


def _has_paragraph_breaks(element: HtmlElement) -> bool:
    """Two <br> in a row among the element's children."""
    for br in element.iterchildren("br"):
        following = br.getnext()
        if following is not None and following.tag == "br" and not (br.tail or "").strip():
            return True
    return False


def _inline(element: HtmlElement) -> tuple[str, int]:
    """Text of an inline element and how much of it is link text."""
    parts = [element.text or ""]
    links = 0
    for child in element:
        if child.tag == "br":
            parts.append("\n")
        elif isinstance(child.tag, str) and not is_skipped(child):
            text, child_links = _inline(child)
            parts.append(text)
            links += child_links
        parts.append(child.tail or "")
    text = "".join(parts)
    return text, len(text.strip()) if element.tag == "a" else links


def _flush(
    element: HtmlElement,
    run: _Run,
    blocks: list[Block],
    marks: tuple[HtmlElement, ...],
    *,
    quoted: bool,
    whole: bool,
) -> None:
    if not run.started or not (text := paragraph("".join(run.parts))):
        return
    tag = element.tag
    if tag in _HEADINGS:
        kind = "h"
    elif tag in ("li", "dd", "dt"):
        kind = "li"
    elif tag == "pre":
        kind = "pre"
    else:
        kind = "quote" if quoted else "p"
    links = min(run.links, len(text))
    blocks.append(Block(element, kind, text, links, run.lead_link, whole, marks))


def _is_data_table(table: HtmlElement) -> bool:
    """A table of figures in the text, not a page laid out in a table."""
    if next(table.iterdescendants(*_LAYOUT_TAGS), None) is not None:
        return False
    cells = list(table.iter("td", "th"))
    return len(cells) >= 2 and all(len(cell.text_content()) <= _MAX_CELL_CHARS for cell in cells)


def _add_table(table: HtmlElement, blocks: list[Block], marks: tuple[HtmlElement, ...]) -> None:
    rows = []
    for row in table.iter("tr"):
        cells = (one_line(cell.text_content()) for cell in row.iter("td", "th"))
        rows.append(" | ".join(cell for cell in cells if cell))
    text = "\n".join(row for row in rows if row)
    if text:
        links = min(sum(len(a.text_content().strip()) for a in table.iter("a")), len(text))
        blocks.append(Block(table, "table", text, links, False, True, marks))
