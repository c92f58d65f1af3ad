"""Hostile pages: extract_article returns an article or raises ExtractionError, nothing else."""

from __future__ import annotations

import codecs
import random

import pytest

from tidings.errors import ExtractionError
from tidings.extract import extract_article

URL = "https://news.example/2024/story"
PARAGRAPH = (
    "<p>The council met on Tuesday evening to discuss the budget for the coming year, and more "
    "residents than usual came to the meeting to speak about the plans for the library.</p>"
)
ARTICLE = PARAGRAPH * 6


def outcome(page: str | bytes) -> str:
    try:
        article = extract_article(page, URL)
    except ExtractionError:
        return "error"
    assert article.text
    return "article"


@pytest.mark.parametrize(
    "page",
    [
        b"",
        "   \n ",
        random.Random(7).randbytes(30_000),
        "<html><frameset><frame src='a.html'></frameset></html>",
        "<script>" + "x" * 100_000 + "</script>",
        "<svg><text>hello</text></svg>",
        "<div>" * 100_000 + ARTICLE,
    ],
)
def test_non_articles_raise_extraction_error(page: str | bytes) -> None:
    assert outcome(page) == "error"


@pytest.mark.parametrize(
    "page",
    [
        ARTICLE,  # no <html>, no <body>
        '<?xml version="1.0" encoding="utf-8"?><html><body>' + ARTICLE + "</body></html>",
        b"\x00" * 100 + ARTICLE.encode(),
        "<html><body>" + ARTICLE + "\ud800\x0b</body></html>",
        codecs.BOM_UTF16_LE + ARTICLE.encode("utf-16-le"),
        b'<meta charset="utf-8">' + ARTICLE.encode() + b"\xff\xfe\xc3",
        b'<meta charset="base64">' + ARTICLE.encode(),
        '<script type="application/ld+json">' + "[" * 100_000 + "</script>" + ARTICLE,
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": {"a": 1}, '
        '"author": [1, null], "image": {"url": 5}, "datePublished": 3}</script>' + ARTICLE,
        "<html><body>" + "<div><b>" * 100 + ARTICLE,
    ],
)
def test_odd_but_readable_pages_give_an_article(page: str | bytes) -> None:
    assert outcome(page) == "article"


@pytest.mark.parametrize("tag", ["b", "div", "table", "li", "a"])
def test_pathological_nesting_does_not_crash(tag: str) -> None:
    outcome(f"<html><body><{tag}>" * 20_000 + ARTICLE)


def test_a_huge_page_is_capped_not_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("tidings.extract.article.MAX_HTML_CHARS", 200_000)
    article = extract_article("<html><body>" + PARAGRAPH * 10_000 + "</body></html>", URL)
    assert 100_000 < len(article.text) < 200_000


def test_json_ld_article_body_rescues_a_script_rendered_page() -> None:
    page = (
        '<html><head><script type="application/ld+json">{"@type": "NewsArticle", '
        '"headline": "Rendered later", "articleBody": "'
        + "First paragraph of a story told only in data. " * 4
        + "\\n"
        + "Second paragraph, also only in the JSON-LD. " * 4
        + '"}</script></head><body><div id="app"></div></body></html>'
    )
    article = extract_article(page, URL)
    assert article.title == "Rendered later"
    assert article.text.count("\n\n") == 1
    assert article.html.startswith("<p>First paragraph")


def test_text_after_an_embedded_document_end_is_read() -> None:
    # An ad snippet pasted inline closes its own </body></html>; browsers read on past it.
    ad = "<div class='ad'><table><tr><td>Ad</body></html></td></tr></table></div>"
    page = f"<html><body><div class='story'>{PARAGRAPH * 3}{ad}{PARAGRAPH * 3}</div></body></html>"
    assert extract_article(page, URL).text.count("The council met on Tuesday") == 6


def test_control_characters_in_json_ld_are_dropped_not_fatal() -> None:
    """JSON-LD can spell characters no markup can carry ("\\u0001"); lxml refuses them in
    an element's text, which made a caption or a JSON-LD body fail the whole page."""
    data = (
        '{"@type": "NewsArticle", "headline": "Harbour\\u0001 works",'
        ' "image": {"@type": "ImageObject", "url": "https://news.example/a.jpg",'
        ' "caption": "Cranes\\u0001 at dawn\\u000b", "creditText": "Jo\\u0002 Roe"},'
        ' "articleBody": "' + ("Works on the harbour wall began\\u0001 today. " * 12) + '"}'
    )
    with_markup = f'<html><head><script type="application/ld+json">{data}</script></head>'
    for page in (
        with_markup + f"<body><article>{ARTICLE}</article></body></html>",
        with_markup + "<body><p>Short.</p></body></html>",
    ):
        article = extract_article(page, URL)
        assert article.text and "\x01" not in article.text and "\x01" not in article.html


def test_references_to_control_characters_are_dropped_not_fatal() -> None:
    """ "&#x18;" in a paragraph: the parser turns it into a character lxml then refuses to
    copy into the body (found by make fuzz)."""
    spelled = PARAGRAPH.replace("budget", "budget &#x18;&#1;&#xFFFE;&#99999999;")
    article = extract_article(f"<html><body><article>{spelled * 6}</article></body></html>", URL)
    assert "budget" in article.text and "\x18" not in article.text and "\x01" not in article.html
