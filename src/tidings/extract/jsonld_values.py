"""Read single schema.org property values in the many shapes publishers write them."""

from __future__ import annotations

import math
import re
from typing import Any

from tidings.extract.authors import split_byline
from tidings.extract.credits import clean_credit
from tidings.extract.text import plain
from tidings.models import Image

Node = dict[str, Any]
_MAX_ITEMS = 50


def resolve(value: object, ids: dict[str, Node]) -> object:
    """Follow a bare {"@id": ...} reference to the object it names, when the page has it."""
    if isinstance(value, dict) and set(value) <= {"@id", "@type"}:
        key = value.get("@id")
        if isinstance(key, str) and key in ids:
            return ids[key]
    return value


def items(value: object, ids: dict[str, Node]) -> list[object]:
    """A property as a list of resolved values, however it was written."""
    values = value if isinstance(value, list) else [value]
    return [resolve(item, ids) for item in values[:_MAX_ITEMS] if item is not None]


def first_string(value: object) -> str | None:
    """The first string of a string-or-list property."""
    if isinstance(value, list):
        value = next((item for item in value if isinstance(item, str) and item.strip()), None)
    return (value.strip() or None) if isinstance(value, str) else None


def node_name(value: object, ids: dict[str, Node], key: str = "name") -> str | None:
    """A thing's name: the string itself, or the ``name`` of the (first) object."""
    for item in items(value, ids):
        if isinstance(item, str) and item.strip():
            return item.strip()
        if isinstance(item, dict):
            name = first_string(item.get("name")) or first_string(item.get(key))
            if name:
                return name
    return None


def person_names(value: object, ids: dict[str, Node]) -> list[str]:
    """Names of Person/Organization objects, strings, or a list mixing both.

    A plain string may hold a whole byline ("A, B and C"); an object names one party.
    """
    names: list[str] = []
    for item in items(value, ids):
        if isinstance(item, str):
            names.extend(split_byline(item))
        elif isinstance(item, dict):
            name = first_string(item.get("name"))
            if not name:
                parts = (first_string(item.get(k)) for k in ("givenName", "familyName"))
                name = " ".join(part for part in parts if part)
            if name:
                names.append(name)
    return names


def person_links(value: object, ids: dict[str, Node]) -> list[tuple[str, str]]:
    """``(name, url)`` of each Person/Organization object that gives its own page."""
    links: list[tuple[str, str]] = []
    for item in items(value, ids):
        if isinstance(item, dict):
            name = first_string(item.get("name"))
            url = first_string(item.get("url"))
            if name and url:
                links.append((name, url))
    return links


def keyword_list(value: object, ids: dict[str, Node]) -> tuple[str, ...]:
    """Keywords from a list, a comma-separated string, or DefinedTerm objects."""
    words: list[str] = []
    for item in items(value, ids):
        if isinstance(item, str):
            words.extend(item.split(","))
        elif isinstance(item, dict):
            words.extend(filter(None, [first_string(item.get("name"))]))
    return dedupe(words)


def dedupe(values: list[str]) -> tuple[str, ...]:
    """Stripped, non-empty, case-insensitively unique values in their first order."""
    seen: set[str] = set()
    out: list[str] = []
    for value in values:
        text = plain(value)
        if text and text.casefold() not in seen:
            seen.add(text.casefold())
            out.append(text)
    return tuple(out)


def url_of(value: object, ids: dict[str, Node]) -> str | None:
    """A URL given as a string, a list, or an object with url/@id."""
    for item in items(value, ids):
        if isinstance(item, str) and item.strip():
            return item.strip()
        if isinstance(item, dict):
            url = first_string(item.get("url")) or first_string(item.get("@id"))
            if url:
                return url
    return None


def image_list(value: object, ids: dict[str, Node]) -> tuple[Image, ...]:
    """Images from URL strings, ImageObjects or lists of either."""
    images: list[Image] = []
    for item in items(value, ids):
        if isinstance(item, str) and item.strip():
            images.append(Image(url=item.strip()))
        elif isinstance(item, dict):
            image = _image_object(item, ids)
            if image is not None:
                images.append(image)
    return tuple(images)


def _image_object(node: Node, ids: dict[str, Node]) -> Image | None:
    url = first_string(node.get("url")) or first_string(node.get("contentUrl"))
    if not url:
        return None
    credit = (
        first_string(node.get("creditText"))
        or node_name(node.get("copyrightHolder"), ids)
        or node_name(node.get("author"), ids)
        or node_name(node.get("creator"), ids)
    )
    return Image(
        url=url,
        caption=plain(first_string(node.get("caption")) or first_string(node.get("description"))),
        credit=clean_credit(credit) if credit else None,
        alt=None,
        width=dimension(node.get("width")),
        height=dimension(node.get("height")),
    )


def dimension(value: object) -> int | None:
    """A pixel size from 1200, "1200", "1200px" or {"value": 1200}."""
    if isinstance(value, dict):
        value = value.get("value")
    if isinstance(value, bool):
        return None
    if isinstance(value, int) or (isinstance(value, float) and math.isfinite(value)):
        number = int(value)
    elif isinstance(value, str) and (match := re.match(r"\s*(\d{1,6})", value)):
        number = int(match.group(1))
    else:
        return None
    return number if 0 < number < 100_000 else None
