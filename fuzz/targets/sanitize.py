"""The HTML sanitiser: any text gives HTML holding only the allowlist, with safe URLs."""

from __future__ import annotations

from fuzz.html_checks import HtmlRules, check_html
from tidings.extract.sanitize import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, sanitize_html

BASE_URL = "https://news.example/2024/05/story.html"

# What sanitize_html promises: the allowlist, plus the rel and loading it adds itself.
STORED_HTML = HtmlRules(
    tags=ALLOWED_TAGS,
    attributes={
        **ALLOWED_ATTRIBUTES,
        "a": {*ALLOWED_ATTRIBUTES["a"], "rel"},
        "img": {*ALLOWED_ATTRIBUTES["img"], "loading"},
    },
    schemes=frozenset({"http", "https", "mailto"}),
)


def fuzz_one(data: bytes) -> None:
    """Sanitise ``data`` read as UTF-8 (as the page parser hands text over) and check it."""
    check_html(sanitize_html(data.decode("utf-8", "replace"), BASE_URL), STORED_HTML)
