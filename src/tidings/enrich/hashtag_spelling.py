"""A hashtag's identity and spelling: the slug that tags from different articles meet on,
the display readers see, and ``HashtagCanon``, which maps a candidate to the spelling already
in use (see ``tidings.enrich.hashtags``).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

__all__ = [
    "Hashtag",
    "HashtagCanon",
    "clean_tag",
    "display_case",
    "display_words",
    "fold",
    "slugify_tag",
]

_POSSESSIVE = re.compile(r"(?<=\w)['’]s?$|(?<=\w)['’]s(?=\s)")
# Letters NFKD leaves whole that readers still take for a plain letter ("Øresund").
_JOINS = str.maketrans(
    {"ß": "ss", "æ": "ae", "ø": "o", "œ": "oe", "ł": "l", "đ": "d", "ð": "d", "þ": "th"}
)
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


@dataclass(frozen=True, slots=True)
class Hashtag:
    """A tag on an article: its identity (slug), its spelling (display), its salience."""

    slug: str
    display: str
    score: float


def fold(text: str) -> str:
    """Lower case without diacritics; letters and digits kept in every script."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return _COMBINING.sub("", decomposed).translate(_JOINS)


def clean_tag(text: str) -> str:
    """A candidate as readers should see it: no ``#``, quotes, possessive or extra spaces."""
    text = " ".join(text.replace("#", " ").split()).strip("\"“”„«»‘'’.,;:!?()[]")
    return _POSSESSIVE.sub("", text).strip()


@functools.lru_cache(maxsize=65536)  # the same names recur across articles, hot at ingest
def slugify_tag(text: str) -> str:
    """The identity of a tag: lower case, no diacritics, no possessive, no spaces, hyphens
    or other joins, so "Zürich"/"zurich", "e-mail"/"email" and "New York"/"NewYork" meet."""
    return "".join(ch for ch in fold(clean_tag(text)) if ch.isalnum())


def display_case(text: str) -> str:
    """Capitalise a topic that starts in lower case ("wildfire", "tempête Odile"), but
    not a name spelled that way ("iPhone", "eBay")."""
    if text[:1].islower() and not text[1:2].isupper():
        return text[0].upper() + text[1:]
    return text


def display_words(display: str) -> list[str]:
    """The words of a display, camel case split ("NewYork" → New, York) for surname checks."""
    spaced = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", display)
    return [w for w in re.split(r"[\s-]+", spaced) if w]


class HashtagCanon:
    """Maps candidate tags to the slug and spelling already in use.

    ``known`` holds tags seen before (slug → display, from the store): a new article's
    "Zurich" takes the known display "Zürich", so one tag page collects every outlet's
    spelling. ``story`` holds the displays of the story's other tags: a bare word that is
    the last word of exactly one of its multi-word names ("Reid", "Nandakumar") is that
    name, as readers of the story take it to be. Story tags win over known ones: the story
    is the closer context.
    """

    def __init__(self, known: Mapping[str, str] | None = None, story: Iterable[str] = ()) -> None:
        # Not copied: ingest passes its table of every known tag, one per article.
        self.known: Mapping[str, str] = known if known is not None else {}
        self.story: dict[str, str] = {}
        for display in story:
            cleaned = clean_tag(display)
            if slug := slugify_tag(cleaned):
                self.story.setdefault(slug, cleaned)
        surnames: dict[str, set[str]] = {}
        for slug, display in self.story.items():
            words = display_words(display)
            if len(words) >= 2 and all(w[:1].isupper() for w in words):
                surnames.setdefault(slugify_tag(words[-1]), set()).add(slug)
        # A surname two names share ("Trask" for Helen and Tom Trask) stays as it is.
        self.surnames = {word: next(iter(s)) for word, s in surnames.items() if len(s) == 1}

    def canonical(self, candidate: str) -> tuple[str, str]:
        """The slug and display for ``candidate``; ("", "") when nothing of it is left."""
        display = clean_tag(candidate)
        slug = slugify_tag(display)
        if not slug:
            return "", ""
        if len(display_words(display)) == 1 and slug in self.surnames and slug not in self.story:
            slug = self.surnames[slug]
        if slug in self.story:
            return slug, self.story[slug]
        return slug, self.known.get(slug, display)

    def apply(self, tags: Iterable[Hashtag]) -> list[Hashtag]:
        """``tags`` mapped to their canonical forms; tags that meet keep the best score."""
        best: dict[str, Hashtag] = {}
        for tag in tags:
            slug, display = self.canonical(tag.display)
            if slug and (slug not in best or best[slug].score < tag.score):
                best[slug] = Hashtag(slug, display, tag.score)
        return sorted(best.values(), key=lambda t: (-t.score, t.slug))
