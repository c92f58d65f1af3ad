"""Page extraction: any bytes to ``extract_article`` give an article or an ``ExtractionError``."""

from __future__ import annotations

from fuzz.html_checks import check_html
from fuzz.policy import expect, require
from fuzz.targets.sanitize import STORED_HTML
from tidings.errors import ExtractionError
from tidings.extract import extract_article

URL = "https://news.example/2024/05/story.html"


def fuzz_one(data: bytes) -> None:
    """Extract ``data`` as a page from ``URL``; check the fields and the stored HTML."""
    article = expect(
        lambda: extract_article(data, URL), ExtractionError, guard=extract_article.__code__
    )
    if article is None:
        return
    require(isinstance(article.text, str) and bool(article.text.strip()), "empty body text")
    require(article.title is None or isinstance(article.title, str), "title is not str")
    require(all(isinstance(name, str) for name in article.authors), "an author is not str")
    check_html(article.html, STORED_HTML)
