"""Trim what trafilatura keeps around a body: headline, standfirst, byline, page furniture."""

from __future__ import annotations

import re
from collections.abc import Iterable, Set

from lxml.html import HtmlElement

from tidings.extract.body import block_texts
from tidings.extract.params import ExtractionParams, fitted_params
from tidings.extract.text import match_key

_LEAD_WINDOW = 8  # headline, labels, standfirst, byline and dateline come first
_SHORT = 120
_HEADING_TAGS = frozenset({"h2", "h3", "h4"})
_STANDFIRST_WORDS = 8
_MONTHS = (
    r"jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|januar|februar|märz|mai|juni|juli|okt|dez|"
    r"janvier|février|mars|avril|juin|juillet|août|septembre|octobre|novembre|décembre|"
    r"enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre|"
    r"janeiro|fevereiro|março|maio|junho|julho|setembro|outubro|novembro|dezembro"
)
_DATELINE = re.compile(
    rf"\b(?:{_MONTHS})[a-zäéû]*\.?\s+\d|\d{{1,2}}\.?\s+(?:{_MONTHS})|\b\d{{1,2}}[./-]\d{{1,2}}[./-]\d{{2,4}}\b"
    r"|\b\d{4}-\d{2}-\d{2}\b|\b(?:updated|published|posted|aktualisiert|veröffentlicht|stand)\b"
    r"|\bmin(?:ute)?s?\s+read\b|\blesezeit\b|\b\d{1,2}:\d{2}\b",
    re.I,
)
_STANDFIRST_CLASS = re.compile(
    r"(?:^|[-_\s])(?:standfirst|dek|deck|subtitle|sub-?headline|summary|intro(?:duction)?|"
    r"vorspann|chapo|chapeau|excerpt|strapline|abstract|teaser-?text)(?:$|[-_\s])",
    re.I,
)
_MARKED_XPATH = "//body//*[@class or @id][not(self::body or self::article or self::main)]"
_MAX_MARKED = 5000
_STANDFIRST_CHARS = (20, 600)
_BYLINE = re.compile(r"^(?:by|von|par|por|door|text:)\s+\S", re.I)
# Lines that are page furniture wherever they stand.
_FURNITURE = re.compile(
    r"^(?:read more\b|see more\b|also read\b|read also\b|don'?t miss\b|click here\b|"
    r"related\s*(?::|$|articles|stories|coverage|content|posts?|reading)|"
    r"advertisement$|anzeige$|werbung$|share (?:this|on)\b|"
    r"(?:sign up|subscribe)\b.{0,80}\b(?:newsletter|inbox|e-?mail|updates|channel|podcast)|"
    r"follow (?:us|me|him|her|them)\b|lesen sie auch|mehr zum thema|"
    r"weiterlesen|copyright\s*(?:©|\(c\)|\d{4})|©|all rights reserved)",
    re.I,
)
# The site asking readers to follow it, sign up or send tips: "Like us on …", "Got a tip?",
# "… delivered to your inbox".
_PROMO = re.compile(
    r"\b(?:like|follow|join|find)\b[^.!?]{0,60}\b(?:us|our)\b[^.!?]{0,40}"
    r"\b(?:facebook|twitter|instagram|messenger|youtube|linkedin)\b"
    r"|\b(?:do you have|got) a (?:news )?(?:story|tip)\b|^subscribe now\b"
    r"|\b(?:to|in|meet|straight to) your inbox\b",
    re.I,
)
# "We use cookies …", "Wir verwenden Cookies …", "… cookies. Accept all": a site speaking
# about its own cookies, not an article mentioning them.
_COOKIE_NOTICE = re.compile(
    r"\b(?:we (?:and our partners )?use|wir (?:verwenden|nutzen|setzen)|"
    r"(?:this|our) (?:web)?site uses|(?-i:[A-Z][\w.-]+) uses|nous utilisons|en poursuivant votre)"
    r"\b.{0,80}\bcookies\b"
    r"|\bcookies\b.{0,120}\b(?:accept all|manage (?:settings|preferences)|privacy policy|"
    r"alle akzeptieren|einstellungen|datenschutzerklärung|j'accepte|tout accepter)",
    re.I | re.S,
)
_COOKIE_CHARS = 400
# A heading or short line that starts the block of links and teasers after an article.
_TAIL_MARKER = re.compile(
    r"newsletter|don'?t miss|^related\b|more from|recommended|you (?:may|might) also like|"
    r"read next|^more\b[^.!?]{0,40}\b(?:stories|articles)\b|^trending|"
    r"most popular|popular now|latest news|^subscribe\b|"
    r"more on this|das könnte sie auch interessieren|mehr zum thema|weitere artikel|"
    r"^comments?\b|^kommentare|leave a (?:comment|reply)|^share\b|^copyright\b|^©",
    re.I,
)


def find_standfirsts(page: HtmlElement) -> set[str]:
    """Match keys of the page's elements marked up as a standfirst (dek, intro, summary)."""
    keys: set[str] = set()
    for element in page.xpath(_MARKED_XPATH)[:_MAX_MARKED]:
        marks = f"{element.get('class') or ''} {element.get('id') or ''}"
        if _STANDFIRST_CLASS.search(marks):
            text = element.text_content()
            if _STANDFIRST_CHARS[0] <= len(text) <= _STANDFIRST_CHARS[1]:
                keys.add(match_key(text, 1000))
    return keys


def trim_lead(
    root: HtmlElement,
    titles: Iterable[str],
    description: str | None,
    authors: Iterable[str],
    standfirsts: Set[str] = frozenset(),
    params: ExtractionParams | None = None,
) -> None:
    """Remove the headline, standfirst, byline, dateline and the labels between them.

    Scans down from the top: each such block extends the cut; a short label (a section
    name, a tagline) is cut only when more of them follow; the first paragraph of prose
    ends the scan.
    """
    label_chars = (params or fitted_params()).label_chars
    title_keys = {key for title in titles if len(key := match_key(title, 200)) >= 8}
    description_key = match_key(description or "", 1000)
    author_keys = {match_key(name) for name in authors}
    blocks = block_texts(root)[:_LEAD_WINDOW]
    cut, seen_title = 0, False
    for index, (element, text) in enumerate(blocks):
        is_title = _same(match_key(text, 200), title_keys)
        seen_title = seen_title or is_title
        if (
            is_title
            or not text.strip()
            or match_key(text, 1000) in standfirsts
            or (seen_title and _is_standfirst(element, text, description_key))
            or (len(text) < _SHORT and _is_byline(text, author_keys))
            or is_cookie_notice(text)
        ):
            cut = index + 1
        elif not _is_label(text, label_chars):
            break
    for element, _ in blocks[:cut]:
        root.remove(element)


def is_cookie_notice(text: str) -> bool:
    """A short block about cookies and consent."""
    return len(text) < _COOKIE_CHARS and bool(_COOKIE_NOTICE.search(text))


def _is_label(text: str, label_chars: int) -> bool:
    """A kicker, section label or tagline: short, no final stop."""
    stripped = text.strip()
    return len(stripped) < label_chars and not stripped.endswith((".", "!", "?", ":"))


def _is_standfirst(element: HtmlElement, text: str, description_key: str) -> bool:
    """A summary set as a heading under the headline (as the description, or a sentence).

    The same words in a <p> are usually the lede, which the description often repeats.
    """
    if element.tag not in _HEADING_TAGS:
        return False
    return match_key(text, 1000) == description_key or len(text.split()) >= _STANDFIRST_WORDS


def trim_furniture(root: HtmlElement, params: ExtractionParams | None = None) -> None:
    """Remove furniture lines anywhere and the teaser block that trails many articles."""
    promo_chars = (params or fitted_params()).promo_chars
    blocks = block_texts(root)
    total = sum(len(text) for _, text in blocks)
    seen = 0
    for position, (element, text) in enumerate(blocks):
        if len(text) < 100 and _TAIL_MARKER.search(text.strip()) and seen > total / 2:
            rest = blocks[position:]
            if _is_teaser_block(rest, seen):
                for later, _ in rest:
                    root.remove(later)
                break
        seen += len(text)
        if (
            (len(text) < 200 and _FURNITURE.match(text.strip()))
            or (len(text) < promo_chars and _PROMO.search(text))
            or is_cookie_notice(text)
        ):
            root.remove(element)
    _trim_trailing_links(root)


def _is_teaser_block(rest: list[tuple[HtmlElement, str]], article_chars: int) -> bool:
    """After a "Related"/"Newsletter" marker: mostly links, or little next to the article."""
    rest_chars = sum(len(text) for _, text in rest[1:])
    link_chars = sum(_link_chars(element) for element, _ in rest[1:])
    return rest_chars < 0.15 * article_chars or link_chars >= 0.4 * rest_chars


def _trim_trailing_links(root: HtmlElement) -> None:
    """Short link-only blocks at the end are teasers for other articles."""
    for element, text in reversed(block_texts(root)):
        if text and len(text) < 150 and _link_chars(element) >= 0.9 * len(text.strip()):
            root.remove(element)
        else:
            break


def _link_chars(element: HtmlElement) -> int:
    return sum(len(a.text_content().strip()) for a in element.iter("a"))


def _is_byline(text: str, author_keys: set[str]) -> bool:
    stripped = text.strip()
    if _BYLINE.match(stripped) or match_key(stripped) in author_keys:
        return True
    words = len(stripped.split())
    # "The vote is on May 5." is a sentence; "May 5, 2024, 10:15" is a dateline.
    sentence = stripped.endswith((".", "!", "?", '"', "”")) and words > 6
    return words <= 12 and not sentence and bool(_DATELINE.search(stripped))


def _same(key: str, keys: set[str]) -> bool:
    return any(
        key == other or (min(len(key), len(other)) >= 20 and _prefix_match(key, other))
        for other in keys
    )


def _prefix_match(first: str, second: str) -> bool:
    shorter = min(len(first), len(second))
    return shorter > 0 and first[:shorter] == second[:shorter]
