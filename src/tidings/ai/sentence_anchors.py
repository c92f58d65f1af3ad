"""Sentence anchors in a stored article body, so that a cited sentence is one click away.

Key points and answers cite sentences by id (``s-<paragraph>-<n>``, see
``tidings.ai.sentences``); those ids are counted over the article's *text*, which
extraction derived from the same sanitised HTML the page shows. To make ``#s-2-1`` land
on the right words, the HTML's text blocks (``p``, ``li``, ``h2``, ``blockquote`` …) are
lined up with the text's paragraphs in order, by their text with whitespace removed, and
then each sentence is found inside its block:

* when the sentence lies within one text node, it is wrapped in
  ``<span class="sentence" id="s-…">`` (the page highlights it with CSS ``:target``);
* when it runs across inline markup (a link, emphasis), its block gets the id, or, when
  the block already carries one, an empty ``<span class="sentence-anchor" id="s-…">`` at
  the block's start marks the place.

A paragraph without a matching block gets no anchors: a missing highlight costs less than
one on the wrong words. The work is done with lxml on a tree, so text is escaped when the
tree is written back; nothing is pasted into markup as a string.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from lxml import etree
from lxml import html as lxml_html

from tidings.ai.sentences import Sentence, paragraphs, split_sentences

__all__ = ["BLOCK_TAGS", "AnchoredBody", "anchor_sentences"]

# Elements that hold a paragraph of the text. Leaf blocks only are matched: a blockquote
# of two <p> is two paragraphs.
BLOCK_TAGS = frozenset(
    {"p", "li", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "figcaption", "dd", "dt",
     "pre", "td", "th", "caption"}
)  # fmt: skip
# How far past the last matched block a paragraph's block may be (captions and asides the
# text left out lie between).
_LOOKAHEAD = 12
# A paragraph may be several blocks joined (list items become lines of one paragraph).
_MAX_JOINED = 30
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class AnchoredBody:
    """The body HTML with anchors, and the sentence ids that now exist in it."""

    html: str
    anchors: frozenset[str]


def anchor_sentences(
    html: str, text: str, *, first: Iterable[str] = (), only: Iterable[str] | None = None
) -> AnchoredBody:
    """Put sentence ids of ``text`` into ``html`` (sanitised markup of the same article).

    ``first`` are ids placed before the others, so that when a block can carry only one id
    the cited ones get it; ``only`` limits anchoring to those ids (default: every sentence).
    """
    if not html.strip() or not text.strip():
        return AnchoredBody(html, frozenset())
    root = lxml_html.fragment_fromstring(html, create_parent="div")
    for element in root.iter():
        # Sanitised HTML should carry no ids like ours; a stray one would break the links.
        if isinstance(element.tag, str) and element.get("id", "").startswith("s-"):
            del element.attrib["id"]
    blocks = _leaf_blocks(root)
    matched = _align(paragraphs(text), blocks)
    wanted = None if only is None else set(only)
    sentences = [
        s
        for s in split_sentences(text)
        if s.paragraph in matched and (wanted is None or s.id in wanted)
    ]
    priority = {sid: n for n, sid in enumerate(first)}
    sentences.sort(key=lambda s: (priority.get(s.id, len(priority)), s.index))
    placed: set[str] = set()
    for sentence in sentences:
        if _place(sentence, matched[sentence.paragraph]):
            placed.add(sentence.id)
    return AnchoredBody(_inner_html(root), frozenset(placed))


def _key(text: str) -> str:
    """What block and paragraph texts are compared by: NFKC, case-folded, no whitespace."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", text)).casefold()


def _text(element: lxml_html.HtmlElement) -> str:
    """The element's text, as ``text_content()`` gives it, without its XPath call (which
    cost more than everything else on the article page)."""
    return "".join(element.itertext())


def _leaf_blocks(root: lxml_html.HtmlElement) -> list[lxml_html.HtmlElement]:
    blocks = []
    for element in root.iter():
        if not isinstance(element.tag, str) or element.tag not in BLOCK_TAGS:
            continue
        if any(isinstance(d.tag, str) and d.tag in BLOCK_TAGS for d in element.iterdescendants()):
            continue
        if _key(_text(element)):
            blocks.append(element)
    return blocks


def _align(
    texts: list[str], blocks: list[lxml_html.HtmlElement]
) -> dict[int, list[lxml_html.HtmlElement]]:
    """Paragraph number to the block(s) holding it, matched in order."""
    keys = [_key(_text(b)) for b in blocks]
    matched: dict[int, list[lxml_html.HtmlElement]] = {}
    cursor = 0
    for number, paragraph in enumerate(texts):
        target = _key(paragraph)
        found = _find(target, keys, cursor)
        if found is None:
            continue
        start, end = found
        matched[number] = blocks[start:end]
        cursor = end
    return matched


def _find(target: str, keys: list[str], cursor: int) -> tuple[int, int] | None:
    """The first run of blocks from ``cursor`` (within the look-ahead) spelling ``target``."""
    for start in range(cursor, min(cursor + _LOOKAHEAD, len(keys))):
        if not target.startswith(keys[start]):
            continue
        joined = ""
        for end in range(start, min(start + _MAX_JOINED, len(keys))):
            joined += keys[end]
            if joined == target:
                return start, end + 1
            if not target.startswith(joined):
                break
    return None


def _pattern(sentence: str) -> re.Pattern[str]:
    words = [re.escape(w) for w in unicodedata.normalize("NFKC", sentence).split()]
    return re.compile(r"\s+".join(words))


def _text_nodes(
    blocks: list[lxml_html.HtmlElement],
) -> Iterator[tuple[lxml_html.HtmlElement, bool]]:
    """Every text node of the blocks in reading order: ``(element, False)`` is the
    element's text, ``(element, True)`` its tail."""
    for block in blocks:
        yield from _walk(block)


def _walk(element: lxml_html.HtmlElement) -> Iterator[tuple[lxml_html.HtmlElement, bool]]:
    if element.text:
        yield element, False
    for child in element:
        if isinstance(child.tag, str):
            yield from _walk(child)
        if child.tail:
            yield child, True


def _search(sentence: str, text: str, patterns: list[re.Pattern[str]]) -> tuple[int, int] | None:
    """Where ``_pattern(sentence)`` first matches ``text``. A text whose only whitespace is
    single spaces needs no regex (compiling one per sentence was most of the page's
    anchoring time): there the pattern matches exactly the words joined by one space."""
    if text.isprintable() and "  " not in text:  # whitespace other than " " is unprintable
        needle = " ".join(unicodedata.normalize("NFKC", sentence).split())
        start = text.find(needle)
        return None if start < 0 else (start, start + len(needle))
    if not patterns:
        patterns.append(_pattern(sentence))
    match = patterns[0].search(text)
    return None if match is None else match.span()


def _place(sentence: Sentence, blocks: list[lxml_html.HtmlElement]) -> bool:
    """Wrap the sentence in a span, or mark its block; False when neither is possible."""
    patterns: list[re.Pattern[str]] = []  # compiled when first needed
    for element, tail in _text_nodes(blocks):
        value = (element.tail if tail else element.text) or ""
        normalised = unicodedata.normalize("NFKC", value)
        if len(normalised) != len(value):
            continue
        found = _search(sentence.text, normalised, patterns)
        if found is None:
            continue
        start, end = found
        span = etree.Element("span", {"class": "sentence", "id": sentence.id})
        span.text = value[start:end]
        span.tail = value[end:] or None
        before = value[:start] or None
        if tail:
            element.tail = before
            parent = element.getparent()
            parent.insert(parent.index(element) + 1, span)
        else:
            element.text = before
            element.insert(0, span)
        return True
    block = _block_of(sentence, blocks)
    if block is None:
        return False
    if block.get("id") is None:
        block.set("id", sentence.id)
        return True
    marker = etree.Element("span", {"class": "sentence-anchor", "id": sentence.id})
    marker.tail, block.text = block.text, None
    block.insert(0, marker)
    return True


def _block_of(
    sentence: Sentence, blocks: list[lxml_html.HtmlElement]
) -> lxml_html.HtmlElement | None:
    """The block holding (the start of) a sentence that runs across inline markup."""
    head = _key(" ".join(sentence.text.split()[:4]))
    for block in blocks:
        if head in _key(_text(block)):
            return block
    return blocks[0] if blocks else None


def _inner_html(root: lxml_html.HtmlElement) -> str:
    inner: str = lxml_html.tostring(root, encoding="unicode", method="html")
    opening = "<div>"
    if not inner.startswith(opening) or not inner.endswith("</div>"):
        raise AssertionError("lxml wrote the fragment's parent unexpectedly")
    return inner[len(opening) : -len("</div>")]
