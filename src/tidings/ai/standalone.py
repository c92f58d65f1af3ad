"""Whether a sentence can be quoted on its own, away from the sentences around it.

The story brief quotes single sentences of several outlets side by side. A sentence that
leans on the one before it makes no sense there: it opens with a pronoun ("She said teams
would begin…"), refers back ("Most of the other injuries…", "The figure…", "These
differences…"), carries on an argument ("But…", "Aber…", "Mais…", "Pero…"), continues a
quotation whose speaker was named earlier, is a quotation whose speaker is only "she", or
speaks in the first person outside quotation marks (a pull quote whose marks the page
drew with CSS). ``leaning`` names which of these a sentence does, from a short list of
opening words per language (English, German, French, Spanish: grammar, not vocabulary)
and from quotation marks counted across its paragraph. ``PERSONAL`` leans are the ones a
preceding sentence naming someone can resolve; the brief then quotes both sentences.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

__all__ = [
    "CONNECTIVE",
    "FIRST_PERSON",
    "FRAGMENT",
    "JOINABLE",
    "PERSONAL",
    "QUOTE_CONTINUES",
    "REFERENCE",
    "UNATTRIBUTED",
    "leaning",
    "names_someone",
    "quotes_open",
]

PERSONAL = "personal pronoun"
REFERENCE = "refers back"
CONNECTIVE = "continues an argument"
FIRST_PERSON = "first person outside quotes"
QUOTE_CONTINUES = "inside a quotation begun earlier"
UNATTRIBUTED = "quotation without its speaker"
FRAGMENT = "not a sentence"
# Leans that the sentence before can resolve: joined, the two read as one statement.
JOINABLE = frozenset({PERSONAL, REFERENCE, CONNECTIVE})


def _words(listing: str) -> frozenset[str]:
    return frozenset(listing.split())


# Opening words that lean on what came before, per language (English for any other).
_OPENERS: dict[str, dict[str, frozenset[str]]] = {
    "en": {
        PERSONAL: _words("he she they him her his their them"),
        REFERENCE: _words("it its this that these those such both either neither"),
        CONNECTIVE: _words(
            "but and or so yet however also still instead nevertheless moreover therefore "
            "thus too then"
        ),
        FIRST_PERSON: _words("i we my our me us"),
    },
    "de": {
        PERSONAL: _words("er sie ihr ihm ihn ihnen sein seine seiner seinen ihre ihrer ihren"),
        REFERENCE: _words(
            "es dies diese dieser dieses diesem diesen jene jener solche dabei damit dazu "
            "davon darauf daher deshalb dort"
        ),
        CONNECTIVE: _words(
            "aber doch und oder auch außerdem zudem jedoch trotzdem allerdings also"
        ),
        FIRST_PERSON: _words("ich wir mein meine unser unsere"),
    },
    "fr": {
        PERSONAL: _words("il elle ils elles lui leur leurs son sa ses"),
        REFERENCE: _words("ce cela ça ceci ces cette cet celui celle ceux celles"),
        CONNECTIVE: _words("mais et ou donc pourtant cependant toutefois aussi ainsi alors or"),
        FIRST_PERSON: _words("je j nous mon ma mes notre nos"),
    },
    "es": {
        PERSONAL: _words("él ella ellos ellas su sus le les"),
        REFERENCE: _words(
            "esto eso este esta estos estas ese esa esos esas aquel aquella ello es fue era"
        ),
        CONNECTIVE: _words("pero y o sin además también aunque así entonces"),
        FIRST_PERSON: _words("yo nosotros mi mis nuestro nuestra"),
    },
}
_PERSONAL_ANY = frozenset().union(*(lists[PERSONAL] for lists in _OPENERS.values()))
# "The figure…", "Most of the other injuries…", "Die übrigen…", "Les autres…".
_REFERENCE_PHRASE = re.compile(
    r"(?:the|this|that|these|those) (?:figure|figures|number|numbers|estimate|move|decision|"
    r"plan|latter|former|same)\b"
    r"|(?:\w+ (?:of )?)?the others?\b"
    r"|(?:most|many|some|all|none|few|several|each|one|two|three|half) of (?:them|these|"
    r"those|us)\b"
    r"|(?:der|die|das) (?:andere|anderen|übrigen|meisten anderen)\b"
    r"|(?:l['’]autre|les autres|la plupart des autres|les deux)\b"
    r"|(?:el otro|la otra|los otros|las otras|los demás|las demás|la mayoría de los otros)\b",
    re.IGNORECASE,
)
_CLOSING_OF = {'"': '"', "“": "”", "«": "»", "„": "“", "‹": "›"}
_LEADING = "\"'“‘„«‹([¿¡ \u00a0"
_ENDS = re.compile(r"(?:[.!?…]|\.\.\.)[\"'”’“‘»›)\] \u00a0\u202f]*$")
_ATTRIBUTION_VERBS = _words(
    """
    said says added told explained recalled warned asked
    sagte sagt erklärte fügte betonte meinte
    dit a-t-il a-t-elle raconte explique ajoute prévient déclare
    dijo afirmó explicó añadió aseguró
    """
)


def quotes_open(sentences: Sequence[str]) -> list[bool]:
    """For each sentence of one paragraph, whether a quotation is open where it starts.

    Double quotation marks and guillemets count; single ones are apostrophes too often.
    """
    opened = False
    found = []
    for text in sentences:
        found.append(opened)
        for char in text:
            if char == '"':
                opened = not opened
            elif char in "“«„‹" and not (char == "“" and opened):
                opened = True
            elif char in "”»›" or (char == "“" and opened):
                opened = False
    return found


def leaning(text: str, lang: str = "en", *, quote_open: bool = False) -> str | None:
    """Why ``text`` cannot stand alone, or None when it can.

    ``lang`` picks the opening words (English for a language without a list);
    ``quote_open`` says a quotation was open where the sentence starts (``quotes_open``).
    """
    if quote_open:
        return QUOTE_CONTINUES
    stripped = text.strip()
    if not _ENDS.search(stripped):
        return FRAGMENT
    if stripped[:1] in _CLOSING_OF:
        return _quotation(stripped)
    body = stripped.lstrip(_LEADING)
    if _REFERENCE_PHRASE.match(body):
        return REFERENCE
    first = re.split(r"[\s,;:'’]+", body, maxsplit=1)[0].lower()
    for reason, words in _OPENERS.get(lang[:2].lower(), _OPENERS["en"]).items():
        if first in words:
            return reason
    return None


def _quotation(text: str) -> str | None:
    """A sentence that opens with a quotation: fine when a named speaker follows it."""
    close = text.rfind(_CLOSING_OF[text[0]], 1)
    after = re.findall(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*", text[close + 1 :]) if close > 0 else []
    if not after:
        return UNATTRIBUTED
    lowered = [w.lower() for w in after[:2]]
    if any(w in _PERSONAL_ANY for w in lowered) or lowered[0].endswith(("-il", "-elle")):
        return PERSONAL  # "she said", "sagte er", "a-t-elle ajouté"
    if lowered[0] in _ATTRIBUTION_VERBS and len(after) == 1:
        return PERSONAL  # Spanish "dijo": the speaker is only implied
    return None


def names_someone(text: str) -> bool:
    """Whether a sentence names a person or body: a capitalised word not at its start."""
    words = re.findall(r"[^\W\d_][\w'’-]*", text)
    return any(w[:1].isupper() and not w.isupper() for w in words[1:])
