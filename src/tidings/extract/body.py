"""trafilatura's reading of a page, as our HTML, for pages our own reading finds no body in;
and the plain text of a body tree."""

from __future__ import annotations

import logging

import trafilatura
from lxml import etree
from lxml.html import HtmlElement, fragment_fromstring

from tidings.extract.text import paragraph, xml_text

log = logging.getLogger(__name__)

# trafilatura's XML vocabulary, mapped to the HTML we store.
_SIMPLE_TAGS = {
    "p": "p",
    "item": "li",
    "quote": "blockquote",
    "table": "table",
    "row": "tr",
    "lb": "br",
    "code": "code",
    "graphic": "img",
    "ref": "a",
}
_HI_TAGS = {"#b": "strong", "#i": "em", "#u": "em", "#t": "code", "#sub": "sub", "#sup": "sup"}
_HEADINGS = {"h1": "h2", "h2": "h2", "h3": "h3"}  # h1 in a body is a subhead styled big
BLOCK_TAGS = frozenset(
    {
        "p", "h2", "h3", "h4", "ul", "ol", "li", "blockquote", "table", "tbody", "thead", "tr",
        "div", "figure", "pre",
    }
)  # fmt: skip
_NOT_TEXT = frozenset({"figure", "figcaption", "img", "script", "style"})


def extract_body(tree: HtmlElement, url: str) -> HtmlElement | None:
    """trafilatura's body as a <div> of block elements; None when it finds no main text."""
    try:
        document = trafilatura.bare_extraction(
            tree,
            url=url,
            include_comments=False,
            # Pictures come from our own figure finder: with images on, trafilatura keeps
            # captions as paragraphs and sometimes stray page furniture.
            include_images=False,
            include_formatting=True,
            include_tables=True,
            include_links=True,
        )
    # trafilatura is heuristic code over hostile markup; whatever it trips on, the page
    # simply has no body we can use.
    except Exception:
        log.warning("trafilatura failed on %s", url, exc_info=True)
        return None
    body = getattr(document, "body", None)
    if body is None:
        return None
    root: HtmlElement = fragment_fromstring("<div></div>")
    _convert_children(body, root)
    return root


def html_from_text(text: str) -> HtmlElement:
    """A body tree from plain text (JSON-LD articleBody): one <p> per line."""
    root = fragment_fromstring("<div></div>")
    for line in xml_text(text).splitlines():
        if line.strip():
            etree.SubElement(root, "p").text = line.strip()
    return root


def body_text(root: HtmlElement) -> str:
    """Plain text of a body tree: blocks as paragraphs joined by blank lines, no captions."""
    paragraphs: list[str] = []
    _collect(root, paragraphs)
    return "\n\n".join(p for p in paragraphs if p)


def block_texts(root: HtmlElement) -> list[tuple[HtmlElement, str]]:
    """Each top-level block of the body with its plain text."""
    result = []
    for child in root:
        found: list[str] = []
        _collect(child, found, inline_root=child.tag not in BLOCK_TAGS)
        result.append((child, "\n\n".join(found)))
    return result


def _convert_children(source: etree._Element, target: HtmlElement) -> None:
    if source.text:
        _append_text(target, source.text)
    for child in source:
        if not isinstance(child.tag, str):
            continue
        converted = _convert(child, target)
        _convert_children(child, converted)
        if child.tail:
            _append_text(target, child.tail)


def _convert(source: etree._Element, parent: HtmlElement) -> HtmlElement:
    tag = str(source.tag)
    if tag == "head":
        html_tag = _HEADINGS.get(source.get("rend") or "", "h4")
    elif tag == "list":
        html_tag = "ol" if (source.get("rend") or "").lower() == "ol" else "ul"
    elif tag == "hi":
        html_tag = _HI_TAGS.get(source.get("rend") or "", "em")
    elif tag == "cell":
        html_tag = "th" if source.get("role") == "head" else "td"
    else:
        html_tag = _SIMPLE_TAGS.get(tag, "span")
    element: HtmlElement = etree.SubElement(parent, html_tag)
    if html_tag == "a" and source.get("target"):
        element.set("href", source.get("target") or "")
    elif html_tag == "img":
        for name in ("src", "alt", "width", "height"):
            if source.get(name):
                element.set(name, source.get(name) or "")
    return element


def _append_text(element: HtmlElement, text: str) -> None:
    last = element[-1] if len(element) else None
    if last is None:
        element.text = (element.text or "") + text
    else:
        last.tail = (last.tail or "") + text


def _collect(element: HtmlElement, out: list[str], *, inline_root: bool = False) -> None:
    """Append the paragraphs of ``element`` to ``out``, splitting at block children."""
    if inline_root:
        out.append(paragraph(_inline_text(element)))
        return
    buffer = [element.text or ""]
    for child in element:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag in _NOT_TEXT or tag in BLOCK_TAGS or (tag == "br" and element.tag == "div"):
            out.append(paragraph("".join(buffer)))
            buffer = []
            if tag == "tr":
                cells = (paragraph(_inline_text(cell)) for cell in child)
                out.append(" | ".join(cell for cell in cells if cell))
            elif tag not in _NOT_TEXT and tag != "br":
                _collect(child, out)
        else:
            buffer.append(_inline_text(child))
        buffer.append(child.tail or "")
    out.append(paragraph("".join(buffer)))


def _inline_text(element: HtmlElement) -> str:
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag == "br":
        return "\n"
    if tag in _NOT_TEXT:
        return ""
    parts = [element.text or ""]
    for child in element:
        parts.append(_inline_text(child))
        parts.append(child.tail or "")
    return "".join(parts)
