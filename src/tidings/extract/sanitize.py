"""The one allowlist for HTML Tidings stores: nh3 (ammonia) with absolute, safe URLs."""

from __future__ import annotations

import re
from urllib.parse import urljoin

import nh3

ALLOWED_TAGS = frozenset(
    {
        "h2", "h3", "h4", "p", "ul", "ol", "li", "blockquote", "figure", "img", "figcaption",
        "a", "em", "strong", "b", "i", "br", "table", "thead", "tbody", "tr", "th", "td",
        "cite", "small", "span",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "*": set(),  # ammonia would otherwise keep lang and title everywhere
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan"},
    "ol": {"start"},
}
# Removed with their content, not just unwrapped: their text is not article text.
_DROPPED_WITH_CONTENT = frozenset(
    {
        "script", "style", "template", "noscript", "iframe", "object", "embed", "svg", "math",
        "form", "button", "select", "textarea", "title", "head", "canvas", "audio", "video",
    }
)  # fmt: skip
_NUMERIC_ATTRIBUTES = frozenset({"width", "height", "colspan", "rowspan", "start"})
_LINK_REL = "nofollow noopener noreferrer"
_IMG_WITHOUT_SRC = re.compile(r"<img(?![^>]*\ssrc=)[^>]*>")
_LINK_WITHOUT_HREF = re.compile(rf'<a rel="{_LINK_REL}">(.*?)</a>', re.S)
_EMPTY = re.compile(
    r"<(p|li|h[2-4]|blockquote|figcaption|figure|span|em|strong|b|i|small)>\s*</\1>"
)


def sanitize_html(html: str, base_url: str) -> str:
    """Clean HTML to the stored allowlist, resolving links and images against ``base_url``.

    Links get ``rel="nofollow noopener noreferrer"``; images keep only ``src`` (http or
    https), ``alt``, ``width``, ``height`` and gain ``loading="lazy"``. Scripts, styles,
    frames, forms, event handlers, style attributes and javascript:/data: URLs go.
    """

    def resolve(url: str) -> str | None:
        try:
            return urljoin(base_url, url)
        except ValueError:
            return None

    cleaned: str = nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(_DROPPED_WITH_CONTENT),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        attribute_filter=_filter_attribute,
        url_schemes={"http", "https", "mailto"},
        url_relative=resolve,
        link_rel=_LINK_REL,
        set_tag_attribute_values={"img": {"loading": "lazy"}},
        strip_comments=True,
    )
    cleaned = _IMG_WITHOUT_SRC.sub("", cleaned)
    cleaned = _LINK_WITHOUT_HREF.sub(r"\1", cleaned)
    for _ in range(3):  # emptied parents of emptied children
        cleaned = _EMPTY.sub("", cleaned)
    return cleaned.strip()


def _filter_attribute(tag: str, name: str, value: str) -> str | None:
    if name in _NUMERIC_ATTRIBUTES:
        return value.strip() if value.strip().isdigit() and len(value.strip()) <= 5 else None
    if tag == "img" and name == "src" and value.strip().lower().startswith("mailto:"):
        return None
    return value
