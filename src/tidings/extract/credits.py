"""Tell a picture's caption from its credit, in markup or in the caption's own words."""

from __future__ import annotations

import re

from lxml.html import HtmlElement

from tidings.extract.text import one_line

_CREDIT_CLASS = re.compile(
    r"credit|copyright|byline|source|photographer|author|rights|attribution|quelle|urheber", re.I
)
_CREDIT_ITEMPROPS = frozenset({"copyrightholder", "credittext", "copyrightnotice", "author"})

_LABEL = (
    r"(?:photo(?:graph)?s?|foto(?:s|grafie)?|bild(?:er)?|image|picture|pic|illustration|"
    r"grafik|graphic|quelle|source|aufnahme)(?:\s*credits?)?|credits?"
)
# "… Photo: Jane Doe/Agency", "… (Photo by Jane Doe)", "Foto: dpa"
_LABELLED = re.compile(
    rf"(?:^|(?<=[\s.!?,;|–—-]))[(\[]?\s*(?P<label>{_LABEL})\s*(?::|\bby\b|\bvon\b)\s*"
    r"(?P<credit>[^()\[\]:|]{2,120}?)\s*[)\]]?[\s.]*$",
    re.I,
)
# "Foto: Jane Doe | Caption text" — the credit written first.
_LEADING = re.compile(
    rf"^\s*(?P<label>{_LABEL})\s*:\s*(?P<credit>[^|–—]{{2,80}}?)\s*[|–—]\s*", re.I
)
_COPYRIGHT = re.compile(
    r"(?:^|(?<=\s))[(\[]?(?:©|\(c\)|copyright\b)\s*(?P<credit>[^©]{2,120}?)\s*[)\]]?[\s.]*$", re.I
)
_NAME = r"(?:[A-Z](?:[\w'’&-]*|\.)|de|van|von|der)"
_ORG = r"(?:[A-Z](?:[\w'’&-]*|\.)|for|via|the|of)"
# "… in Kyiv. Jane Doe/Getty Images", "(Jane Doe/AFP via Getty Images)"
_AGENCY_SLASH = re.compile(
    rf"(?:^|(?<=[.!?]\s)|(?<=[.!?]\)\s))[(\[]?(?P<credit>{_NAME}(?:\s{_NAME}){{0,5}}\s?/\s?"
    rf"{_ORG}(?:\s{_ORG}){{0,6}})[)\]]?\s*$"
)


def is_credit_element(element: HtmlElement) -> bool:
    """True when the element's class or itemprop marks it as a picture credit."""
    if (element.get("itemprop") or "").strip().lower() in _CREDIT_ITEMPROPS:
        return True
    return bool(_CREDIT_CLASS.search(element.get("class") or ""))


def split_credit(text: str) -> tuple[str | None, str | None]:
    """Split caption text into (caption, credit) by the usual credit patterns."""
    text = one_line(text)
    if not text:
        return None, None
    for pattern in (_LABELLED, _COPYRIGHT, _AGENCY_SLASH):
        match = pattern.search(text)
        if match and _is_capitalised_label(match):
            caption = text[: match.start()].strip(" |–—-,;") or None
            return caption, clean_credit(match.group("credit"))
    match = _LEADING.match(text)
    if match and _is_capitalised_label(match):
        return text[match.end() :].strip() or None, clean_credit(match.group("credit"))
    return text, None


def clean_credit(text: str) -> str | None:
    """A credit without its "Photo:" or "©" label and stray punctuation."""
    value = one_line(text)
    for pattern in (_LABELLED, _COPYRIGHT):
        match = pattern.match(value)
        if match and match.start() == 0:
            value = match.group("credit")
            break
    value = value.strip(" .,;:|–—-()[]©")
    return value or None


def _is_capitalised_label(match: re.Match[str]) -> bool:
    # "The winning photo: a fox" is prose; "Photo: Jane Doe" is a credit.
    label = match.groupdict().get("label")
    return label is None or label[:1].isupper()
