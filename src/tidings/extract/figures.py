"""Find the pictures a page shows, with their captions and credits kept apart."""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from lxml.html import HtmlElement

from tidings.extract.credits import clean_credit, is_credit_element, split_credit
from tidings.extract.jsonld_values import dimension
from tidings.extract.text import match_key, one_line
from tidings.models import Image

_MIN_SIZE = 100
_MAX_FIGURES = 200
# Figures in these neighbourhoods illustrate other articles or the site, not this one.
_FOREIGN = re.compile(
    r"(?:^|[-_])(?:related\w*|teasers?|promo|recommend\w*|sidebar|widget|newsletter|outbrain|"
    r"taboola|advert\w*|sponsor\w*|more-stories|trending|most-popular|author-bio|comments?|"
    r"share|sharing|social|overlay|modal|popup)(?:$|[-_])",
    re.I,
)
_FOREIGN_TAGS = frozenset({"nav", "footer", "aside"})
_OPEN_TAGS = frozenset({"html", "body", "main", "article"})
_JUNK = re.compile(
    r"(?<![a-z])(?:pixel|spacer|blank|1x1|tracking|tracker|logo|avatar|icon|emoji|sprite|badge|"
    r"gravatar|placeholder|favicon|loading|loader|transparent)s?(?![a-z])",
    re.I,
)
_LAZY_ATTRS = (
    "data-src",
    "data-lazy-src",
    "data-original",
    "data-url",
    "data-hi-res-src",
    "data-full-src",
    "data-lazy",
    "data-echo",
)
_SIZE_SUFFIX = re.compile(r"(?:[-_@](?:\d{2,5}x\d{2,5}|\d{2,5}w|\dx|scaled|large|medium|small))+$")
_GENERIC_NAMES = frozenset(
    {
        "image",
        "img",
        "master",
        "original",
        "default",
        "large",
        "full",
        "photo",
        "picture",
        "index",
        "main",
        "source",
        "file",
    }
)
_HIDDEN = re.compile(r"visually-hidden|sr-only|screen-reader|a11y", re.I)
_CAPTION_XPATH = (
    ".//figcaption | .//*[contains(@class, 'caption') or @itemprop='caption'"
    " or @itemprop='description']"
)
# <figure>s, and the older "div.wp-caption > img + p.wp-caption-text" style; a union keeps
# document order.
_FIGURES_XPATH = (
    "//figure[not(ancestor::figure)]"
    " | //*[self::div or self::span or self::p][not(ancestor-or-self::figure)]"
    "[count(.//img) = 1][./*[contains(@class, 'caption')]]"
)
_BLOCKS = "self::p or self::h2 or self::h3 or self::h4 or self::li or self::blockquote"


@dataclass(frozen=True, slots=True)
class PageFigure:
    """A picture on the page and where it stands among the page's paragraphs."""

    image: Image
    element: HtmlElement
    after: str | None  # match key of the nearest paragraph before it
    before: str | None  # match key of the nearest paragraph after it


def find_figures(tree: HtmlElement, base_url: str) -> list[PageFigure]:
    """Every captioned picture (or <figure>) on the page outside navigation and teasers."""
    figures: list[PageFigure] = []
    for element in tree.xpath(_FIGURES_XPATH)[:_MAX_FIGURES]:
        if is_foreign(element):
            continue
        image = figure_image(element, base_url)
        if image is not None and not is_junk_image(image, _hints(element)):
            figures.append(
                PageFigure(
                    image,
                    element,
                    _neighbour(element, "preceding"),
                    _neighbour(element, "following"),
                )
            )
    return figures


def figure_image(element: HtmlElement, base_url: str) -> Image | None:
    """The picture of a figure element with its caption, credit, alt text and size."""
    img = next(element.iter("img"), None)
    url = image_url(img, base_url) if img is not None else None
    if url is None:
        url = _srcset_url(element, base_url)
    if url is None:
        return None
    caption, credit = caption_and_credit(element)
    return Image(
        url=url,
        caption=caption,
        credit=credit,
        alt=(one_line(img.get("alt") or "") or None) if img is not None else None,
        width=dimension(img.get("width")) if img is not None else None,
        height=dimension(img.get("height")) if img is not None else None,
    )


def caption_and_credit(element: HtmlElement) -> tuple[str | None, str | None]:
    """Caption and credit of a figure: credit markup first, then credit wording."""
    work = copy.deepcopy(element)
    for junk in work.xpath(".//script | .//style | .//noscript | .//button | .//svg | .//img"):
        _drop(junk)
    for hidden in list(work.iter()):
        if hidden.getparent() is not None and _HIDDEN.search(hidden.get("class") or ""):
            _drop(hidden)
    # A bare <small> is the usual place for a credit, unless it holds the whole caption.
    caption, credit = _split_by_markup(copy.deepcopy(work), with_small=True)
    if caption is None and credit is not None:
        return _split_by_markup(work, with_small=False)
    return caption, credit


def _split_by_markup(work: HtmlElement, *, with_small: bool) -> tuple[str | None, str | None]:
    # A <figcaption class="has-credit"> is the caption itself, not the credit inside it.
    credits = [
        el
        for el in work.iterdescendants()
        if el.tag != "figcaption" and ((with_small and el.tag == "small") or is_credit_element(el))
    ]
    credits = [el for el in credits if not any(is_credit_element(a) for a in el.iterancestors())]
    credit_text = one_line(" ".join(el.text_content() for el in credits))
    for el in credits:
        _drop(el)
    captions = work.xpath(_CAPTION_XPATH)
    caption_text = one_line(captions[0].text_content() if captions else work.text_content())
    if credit_text:
        return caption_text or None, clean_credit(credit_text)
    return split_credit(caption_text)


def image_url(img: HtmlElement, base_url: str) -> str | None:
    """The real address of an <img>, looking past lazy-loading placeholders."""
    src = (img.get("src") or "").strip()
    candidates = [src] if src and not _is_placeholder(src) else []
    candidates += [(img.get(name) or "").strip() for name in _LAZY_ATTRS]
    candidates += [_largest(img.get("srcset")), _largest(img.get("data-srcset"))]
    for candidate in candidates:
        if candidate and (url := absolute_http_url(candidate, base_url)):
            return url
    return None


def absolute_http_url(url: str, base_url: str) -> str | None:
    """``url`` resolved against ``base_url``, or None unless it is http(s)."""
    try:
        resolved = urljoin(base_url, url.strip())
        parts = urlsplit(resolved)
    except ValueError:
        return None
    return resolved if parts.scheme in ("http", "https") and parts.netloc else None


def image_key(url: str) -> str:
    """A key that stays the same across an image's resized and re-hosted copies."""
    try:
        path = urlsplit(url).path
    except ValueError:
        return url
    segments = [s for s in path.lower().split("/") if s]
    if not segments:
        return url.lower()
    name = _SIZE_SUFFIX.sub("", segments[-1].rsplit(".", 1)[0])
    if name in _GENERIC_NAMES or len(name) < 5:
        return "/".join([*segments[-3:-1], name])
    return name


def is_junk_image(image: Image, hints: str = "") -> bool:
    """Tracking pixels, icons, logos and avatars: not pictures of the story."""
    if (image.width is not None and image.width < _MIN_SIZE) or (
        image.height is not None and image.height < _MIN_SIZE
    ):
        return True
    try:
        name = urlsplit(image.url).path.rsplit("/", 1)[-1]
    except ValueError:
        return True
    return bool(_JUNK.search(name) or _JUNK.search(hints))


def _hints(element: HtmlElement) -> str:
    img = next(element.iter("img"), None)
    own = [element.get("class") or ""]
    if img is not None:
        own += [img.get("class") or "", img.get("alt") or ""]
    return " ".join(own)[:300]


def is_foreign(element: HtmlElement, also: re.Pattern[str] | None = None) -> bool:
    """True inside navigation, sidebars, teasers, newsletter boxes and comments.

    ``also`` names more neighbourhoods to avoid, by class or id.
    """
    for ancestor in element.iterancestors():
        if ancestor.tag in _FOREIGN_TAGS:
            return True
        if ancestor.tag in _OPEN_TAGS:
            continue
        marks = f"{ancestor.get('class') or ''} {ancestor.get('id') or ''}".split()
        if any(_FOREIGN.search(mark) or (also and also.search(mark)) for mark in marks):
            return True
    return False


def _neighbour(element: HtmlElement, axis: str) -> str | None:
    found = element.xpath(f"{axis}::*[{_BLOCKS}][not(ancestor::figure)][normalize-space()][1]")
    if not found:
        return None
    return match_key(found[0].text_content()) or None


def _srcset_url(element: HtmlElement, base_url: str) -> str | None:
    for source in element.iter("source"):
        if (url := _largest(source.get("srcset") or source.get("data-srcset"))) and (
            resolved := absolute_http_url(url, base_url)
        ):
            return resolved
    return None


def _largest(srcset: str | None) -> str:
    """The widest candidate of a srcset ("a.jpg 480w, b.jpg 1080w" gives b.jpg)."""
    best, best_size = "", -1.0
    for part in (srcset or "").split(","):
        bits = part.split()
        if not bits:
            continue
        size = re.sub(r"[^\d.]", "", bits[1]) if len(bits) > 1 else "1"
        try:
            value = float(size or 1)
        except ValueError:
            value = 1.0
        if value > best_size:
            best, best_size = bits[0], value
    return best


def _is_placeholder(src: str) -> bool:
    return src.startswith("data:") or bool(_JUNK.search(src.rsplit("/", 1)[-1]))


def _drop(element: HtmlElement) -> None:
    """Remove an element but keep its tail text, which belongs to the parent."""
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail or ""
    previous = element.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail
    parent.remove(element)
