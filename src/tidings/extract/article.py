"""extract_article: one page in, one ExtractedArticle out."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from lxml import etree
from lxml.html import HtmlElement, HTMLParser, document_fromstring, tostring

from tidings.errors import ExtractionError
from tidings.extract.blocks import Block, read_blocks
from tidings.extract.body import body_text, extract_body, html_from_text
from tidings.extract.cleanup import find_standfirsts, trim_furniture, trim_lead
from tidings.extract.compose import body_tree
from tidings.extract.container import container_blocks
from tidings.extract.figures import PageFigure, absolute_http_url, find_figures, image_key
from tidings.extract.jsonld import ArticleData, read_article_data
from tidings.extract.metadata import read_page_metadata
from tidings.extract.mt_notice import find_translation
from tidings.extract.params import ExtractionParams, fitted_params
from tidings.extract.placement import drop_caption_blocks, place_figures, restore_blocks
from tidings.extract.prose import article_blocks
from tidings.extract.resolve import (
    pick_author_links,
    pick_authors,
    pick_canonical,
    pick_keywords,
    pick_language,
    pick_lead_image,
    pick_title,
    strip_site_name,
)
from tidings.extract.sanitize import sanitize_html
from tidings.extract.text import match_key, strip_control_chars
from tidings.models import ExtractedArticle
from tidings.text.charset import decode_html

log = logging.getLogger(__name__)

# Pages past this size are mostly inline scripts and data; the article sits well before it.
MAX_HTML_CHARS = 5_000_000
# Less than this is a teaser, a login form or an error page, not an article.
MIN_TEXT_CHARS = 200
# Binary data decoded as text is mostly U+FFFD; real pages with a wrong charset a little.
_SAMPLE_CHARS = 100_000
_MAX_UNDECODABLE = 0.1
# Section fronts and profile pages declare these; articles that do so still read as prose.
_NON_ARTICLE_OG_TYPES = frozenset({"website", "profile", "object"})
_TEASER_CHARS = 100
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
# A browser reads on past </body> and </html> (the HTML standard sends later content back
# into the body); libxml2 stops at the first </html>, which loses the rest of pages that
# embed whole documents (ad frames pasted inline, archive toolbars).
_DOCUMENT_END_TAGS = re.compile(r"</(?:body|html)\s*>", re.I)
_PARSER = HTMLParser(
    remove_comments=True, remove_pis=True, collect_ids=False, default_doctype=False
)


def extract_article(
    html: str | bytes, url: str, *, params: ExtractionParams | None = None
) -> ExtractedArticle:
    """Extract the article on a page: body text and HTML, metadata, lead image, figures.

    ``params`` replaces the fitted thresholds (the evaluation's cross-validation uses it).
    Raises ExtractionError when the page holds no article body (login pages, indexes,
    error pages) or cannot be read as HTML at all.
    """
    try:
        return _extract(parse_page(html), url, params or fitted_params())
    except ExtractionError:
        raise
    # Pages are hostile input and this stage must not take a worker down: any other
    # failure is reported as this page's extraction error.
    except Exception as error:
        log.warning("extraction failed on %s", url, exc_info=True)
        raise ExtractionError(f"could not extract {url}: {type(error).__name__}") from error


def parse_page(html: str | bytes) -> HtmlElement:
    """Parse a page leniently; ExtractionError when nothing parseable remains."""
    text = decode_html(html) if isinstance(html, bytes) else html
    if text.count("\ufffd", 0, _SAMPLE_CHARS) > _MAX_UNDECODABLE * min(len(text), _SAMPLE_CHARS):
        raise ExtractionError("the page is not text in any encoding it declares")
    text = strip_control_chars(_XML_DECLARATION.sub("", text[:MAX_HTML_CHARS], count=1))
    text = _DOCUMENT_END_TAGS.sub("", text)
    if not text.strip():
        raise ExtractionError("the page is empty")
    try:
        tree: HtmlElement = document_fromstring(text, parser=_PARSER)
    except (etree.ParserError, ValueError) as error:
        raise ExtractionError(f"the page is not readable HTML: {error}") from error
    return tree


def _extract(tree: HtmlElement, url: str, params: ExtractionParams) -> ExtractedArticle:
    base_url = _base_url(tree, url)
    data = read_article_data(tree, url)
    meta = read_page_metadata(tree)
    site_name = meta.site_name or (data.publisher if data else None)
    title = pick_title(data, meta, site_name, meta.heading)
    authors = pick_authors(data, meta)
    description = (data.description if data else None) or meta.description
    figures = find_figures(tree, base_url)

    guesses = (title, meta.og_title, meta.html_title, meta.heading)
    titles = [strip_site_name(t, site_name) for t in guesses if t]
    standfirsts = find_standfirsts(tree) if params.trim_standfirsts else set()
    opening = _Opening(titles, description, authors, standfirsts)
    page = tree.find("body")
    blocks = read_blocks(tree if page is None else page, params)
    container = container_blocks(blocks, params)
    root = _body_root(tree, url, data, container, figures, opening, params)
    text = body_text(root)
    if len(text) < MIN_TEXT_CHARS:
        raise ExtractionError(f"no article body found on {url}")
    if data is None and _is_listing(meta.og_type, text):
        raise ExtractionError(f"{url} is a listing page, not an article")
    translation = find_translation(tree, data, blocks, container, text, base_url)

    lead = pick_lead_image(data, meta, figures, base_url)
    images = place_figures(root, figures, tree, image_key(lead.url) if lead else None)
    return ExtractedArticle(
        title=title,
        text=text,
        html=_stored_html(root, base_url),
        authors=authors,
        author_links=pick_author_links(data, meta, authors, base_url),
        published=(data.published if data else None) or meta.published or meta.time_element,
        modified=(data.modified if data else None) or meta.modified,
        language=pick_language(data, meta),
        article_type=data.article_type if data else None,
        section=(data.section if data else None) or meta.section,
        keywords=pick_keywords(data, meta),
        description=description,
        canonical_url=pick_canonical(data, meta, base_url),
        site_name=site_name,
        lead_image=lead,
        figures=images,
        machine_translated=translation.machine_translated,
        translated_from=translation.translated_from,
    )


@dataclass(frozen=True, slots=True)
class _Opening:
    """What the page says comes before the body: headlines, standfirst, authors."""

    titles: list[str]
    description: str | None
    authors: tuple[str, ...]
    standfirsts: set[str]


def _body_root(
    page: HtmlElement,
    url: str,
    data: ArticleData | None,
    container: list[Block],
    figures: list[PageFigure],
    opening: _Opening,
    params: ExtractionParams,
) -> HtmlElement:
    """The prose of the article's container (its blocks: ``container``), trimmed.

    trafilatura reads the page when that finds no body (its different rules catch some
    odd layouts); the JSON-LD articleBody stands in when the page shows no text at all.
    """
    root = _trimmed(body_tree(article_blocks(container, params)), figures, opening, params)
    if len(found := body_text(root)) < MIN_TEXT_CHARS:
        fallback = extract_body(page, url)
        if fallback is not None:
            fallback = _trimmed(fallback, figures, opening, params, restore_from=page)
            if len(body_text(fallback)) > len(found):
                root = fallback
    if data and data.body and len(data.body) >= MIN_TEXT_CHARS:
        text = body_text(root)
        # Script-rendered pages often carry the whole text only in their JSON-LD, where
        # trafilatura's own fallback finds it but loses the line breaks.
        if len(text) < MIN_TEXT_CHARS or (
            len(root) == 1 and match_key(text, 1000) == match_key(data.body, 1000)
        ):
            return html_from_text(data.body)
    return root


def _trimmed(
    root: HtmlElement,
    figures: list[PageFigure],
    opening: _Opening,
    params: ExtractionParams,
    *,
    restore_from: HtmlElement | None = None,
) -> HtmlElement:
    """The body without headline, byline, furniture lines and captions left as prose.

    trafilatura drops some subheadings, lists and quotes; ``restore_from`` is the page
    they are put back from.
    """
    trim_lead(
        root, opening.titles, opening.description, opening.authors, opening.standfirsts, params
    )
    trim_furniture(root, params)
    if restore_from is not None:
        restore_blocks(root, restore_from)
    drop_caption_blocks(root, figures)
    return root


def _stored_html(root: HtmlElement, base_url: str) -> str:
    for block in root:
        block.tail = "\n"  # one block per line keeps stored HTML readable and diffable
    return sanitize_html(tostring(root, encoding="unicode"), base_url)


def _is_listing(og_type: str | None, text: str) -> bool:
    """A page that calls itself a website and reads like a list of teasers."""
    if (og_type or "").lower() not in _NON_ARTICLE_OG_TYPES:
        return False
    paragraphs = text.split("\n\n")
    return sum(map(len, paragraphs)) / len(paragraphs) < _TEASER_CHARS


def _base_url(tree: HtmlElement, url: str) -> str:
    """The page URL, or its <base href> when it declares one."""
    for base in tree.iter("base"):
        if (href := base.get("href")) and (resolved := absolute_http_url(href, url)):
            return resolved
    return url
