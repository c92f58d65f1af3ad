"""Checks on HTML Tidings produces, made by parsing it again as a browser's tokenizer would.

The stdlib ``HTMLParser`` reads tags and attributes the way the HTML standard's tokenizer
does (it is not the library that wrote the HTML), so a tag or attribute hidden from the
sanitiser but visible to a browser shows up here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Set
from html.parser import HTMLParser

from fuzz.policy import require

__all__ = ["HtmlRules", "check_html"]

# Browsers drop these from URLs before reading the scheme ("java\tscript:").
_URL_IGNORED = re.compile(r"[\x00-\x20\x7f]")
_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]*):")


class HtmlRules:
    """Which tags, attributes and URL schemes a piece of our HTML may hold."""

    def __init__(
        self,
        tags: Set[str],
        attributes: Mapping[str, Set[str]],
        schemes: Set[str],
        url_attributes: Set[str] = frozenset({"href", "src"}),
    ) -> None:
        self.tags = tags
        self.attributes = attributes
        self.schemes = schemes
        self.url_attributes = url_attributes


class _Reader(HTMLParser):
    """Collects every start tag with its attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, attrs))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, attrs))


def check_html(html: str, rules: HtmlRules) -> None:
    """Raise ``InvariantBroken`` where ``html`` holds anything ``rules`` do not allow."""
    require(isinstance(html, str), f"HTML is a {type(html).__name__}, not str")
    require("<script" not in html.lower(), "a <script> survived")
    reader = _Reader()
    reader.feed(html)
    reader.close()
    for tag, attrs in reader.found:
        require(tag in rules.tags, f"tag <{tag}> is not allowed")
        allowed = rules.attributes.get(tag, frozenset())
        for name, value in attrs:
            require(not name.startswith("on"), f"event handler {name} on <{tag}>")
            require(name in allowed, f"attribute {name} on <{tag}> is not allowed")
            if name in rules.url_attributes:
                _check_url(tag, name, value or "", rules.schemes)


def _check_url(tag: str, name: str, value: str, schemes: Set[str]) -> None:
    scheme = _SCHEME.match(_URL_IGNORED.sub("", value))
    require(
        scheme is not None and scheme.group(1).lower() in schemes,
        f"<{tag} {name}> is {value!r}: not an absolute {sorted(schemes)} URL",
    )
