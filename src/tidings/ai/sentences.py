"""An article body cut into sentences that key points and answers can cite by anchor.

The body is ``ExtractedArticle.text``: paragraphs separated by blank lines. Each sentence
gets an id ``s-<paragraph>-<n>`` that the article page can put on a ``<span>`` so that a
cited sentence is one click away; ids depend only on the text, so they stay the same every
time the body is split.

The splitter is rules, not a model: a full stop, question or exclamation mark or ellipsis
(with any closing quotes) ends a sentence when an upper-case letter, a digit or an opening
quote follows, unless the word before it is an abbreviation (``Mr.``, ``Dr.``, ``U.S.``,
``z.B.``, ``Mme.``, ``Sra.``), an initial (``John F. Kennedy``), or a number before a month
(German ``am 3. Oktober``). Abbreviations that may also end a sentence (``etc.``,
``Inc.``, ``U.S.``) end one only before a word that typically starts sentences. News text
is well edited, and these rules get our English, German, French and Spanish fixtures right
without the weight of a trained segmenter.

``sentence_terms`` gives the words sentences are compared by (key points, answers): stop
words out, a light stemmer, for English, German, French and Spanish.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = [
    "HEADING_MAX_CHARS",
    "HEADING_MAX_WORDS",
    "LANGUAGES",
    "Sentence",
    "guess_language",
    "paragraphs",
    "sentence_spans",
    "sentence_terms",
    "split_sentences",
]

# A subheading is one short line without a closing full stop. Twelve words holds every
# subheading in the demo bodies; a one-line paragraph of prose is longer or ends in a stop.
HEADING_MAX_WORDS = 12
HEADING_MAX_CHARS = 100


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of an article body.

    ``paragraph`` counts the body's non-empty paragraphs from 0; ``index`` counts sentences
    across the whole body from 0 (its reading order); ``start`` and ``end`` are offsets into
    the paragraph as ``paragraphs()`` returns it, so ``paragraphs(text)[s.paragraph]
    [s.start:s.end] == s.text``. ``heading`` marks a paragraph that is a subheading.
    """

    id: str
    paragraph: int
    index: int
    start: int
    end: int
    text: str
    heading: bool = False


_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v\u00a0]*\n")

# Terminal punctuation, then closing quotes or brackets glued to it (French puts a space
# before ``»``; German closes with ``“``), then the whitespace that must follow.
_CANDIDATE = re.compile(
    r"(?P<stop>\.{2,}|…|[.!?]+)"
    r"(?P<close>(?:[ \u00a0\u202f]?[»›]|[\"'”’“‘)\]])*)"
    r"(?=\s|$)"
)
# A stop glued to the next sentence, as text pulled from a page gets when a quotation and
# its attribution sit in adjacent elements: "…walk it in twenty.Nurse Kemi Adebayo". Only
# between a lower-case word and a capitalised one, so "U.S.Army" and "3.5" stay whole.
_GLUED = re.compile(r"(?<=[^\W\d_]{2})(?P<stop>[.!?])(?P<close>)(?=[^\W\d_][^\W\d_])")
# ``U.S``, ``z.B``, ``EE.UU``, ``e.g``: letters with inner full stops (the last one is the
# candidate stop itself). Not ``2.1%`` or ``3.75``.
_INITIALISM = re.compile(r"(?:[^\W\d_]{1,4}\.)+[^\W\d_]{1,4}")
_OPENERS = "\"'“‘„«‹([¿¡"
_TRAILING_CLOSERS = "\"'”’“‘»›)] \u00a0\u202f"


def _words(listing: str) -> frozenset[str]:
    return frozenset(listing.split())


# Words that stand before a name or number and never end a sentence.
_TITLES = _words(
    """
    mr mrs ms messrs dr prof rev hon gen sen rep gov lt col maj sgt capt cmdr adm supt insp
    hr fr frl m mm mme mlle mgr me sr sra srta sres dña dª ud uds lic ing arq
    """
)
# Abbreviations before a number: ``No. 10``, ``Nr. 5``, ``Art. 3``, ``p. 12``.
_BEFORE_NUMBERS = _words("no nos nr nº núm art abs p pp vol fig tel ch sec kap bd")
_MONTHS_SHORT = _words(
    """
    jan feb mar apr jun jul aug sep sept oct nov dec
    febr okt dez janv févr fév avr juil déc ene abr ago dic
    """
)
# Month names after a day number written as an ordinal (German ``3. Oktober``).
_MONTH_NAMES = _words(
    """
    januar jänner februar märz april mai juni juli august september oktober november
    dezember jahrhundert
    """
)
# Abbreviations that may end a sentence as well as sit inside one.
_AMBIGUOUS = _words(
    """
    etc inc ltd co corp plc jr st mt ave approx dept est vs ca bzw usw vgl ggf evtl inkl sog
    mio mrd tsd ff env cf av bd aprox pág
    """
)
# Words that commonly open a sentence: after an ambiguous abbreviation, one of these says
# the abbreviation ended the sentence (``... in the U.S. The next day ...``).
_STARTERS = _words(
    """
    the a an he she it they we i you his her their its our this that these those there
    but and yet so in on at as after before when while for if then however meanwhile
    der die das ein eine er sie es wir ich aber und doch denn dann auch nach als wenn im am
    dies diese dieser dort
    le la les un une il elle ils elles nous on je mais et en au aux ce cette ces dans après
    selon
    el los las él ella ellos nosotros pero y al este esta estos según después
    """
)


def paragraphs(text: str) -> list[str]:
    """The body's non-empty paragraphs, stripped: the frame sentence offsets refer to."""
    return [block.strip() for block in _PARAGRAPH_BREAK.split(text) if block.strip()]


def split_sentences(text: str) -> tuple[Sentence, ...]:
    """Every sentence of an article body, in reading order, with its anchor id."""
    found: list[Sentence] = []
    for number, paragraph in enumerate(paragraphs(text)):
        spans = sentence_spans(paragraph)
        heading = len(spans) == 1 and _looks_like_heading(paragraph)
        for position, (start, end) in enumerate(spans):
            found.append(
                Sentence(
                    id=f"s-{number}-{position}",
                    paragraph=number,
                    index=len(found),
                    start=start,
                    end=end,
                    text=paragraph[start:end],
                    heading=heading,
                )
            )
    return tuple(found)


def sentence_spans(paragraph: str) -> list[tuple[int, int]]:
    """``(start, end)`` offsets of each sentence in one paragraph, whitespace trimmed."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _candidates(paragraph):
        if match.end() <= start or not _ends_sentence(paragraph, match):
            continue
        spans.append((start, match.end()))
        start = match.end()
    spans.append((start, len(paragraph)))
    trimmed = []
    for begin, end in spans:
        piece = paragraph[begin:end]
        lead = len(piece) - len(piece.lstrip())
        tail = len(piece) - len(piece.rstrip())
        if end - tail > begin + lead:
            trimmed.append((begin + lead, end - tail))
    return trimmed


def _candidates(paragraph: str) -> list[re.Match[str]]:
    """Possible sentence ends in reading order: stops before a space, and glued stops
    (not inside an address: "www.Example.com", "news@Herald.org")."""
    glued = [
        m
        for m in _GLUED.finditer(paragraph)
        if paragraph[m.start() - 1].islower()
        and paragraph[m.end()].isupper()
        and not _ADDRESS.search(_token_at(paragraph, m.start()))
    ]
    if not glued:
        return list(_CANDIDATE.finditer(paragraph))
    return sorted([*_CANDIDATE.finditer(paragraph), *glued], key=lambda m: m.start())


_ADDRESS = re.compile(r"[/@]|^www\.", re.IGNORECASE)


def _token_at(text: str, pos: int) -> str:
    """The run of non-space characters around ``pos``."""
    start = max(text.rfind(" ", 0, pos), text.rfind("\n", 0, pos)) + 1
    end = min((i for i in (text.find(" ", pos), text.find("\n", pos)) if i >= 0), default=len(text))
    return text[start:end]


def _ends_sentence(paragraph: str, match: re.Match[str]) -> bool:
    rest = paragraph[match.end() :].lstrip()
    if not rest:
        return True
    following = rest.split(maxsplit=1)[0]
    letter = next((c for c in following if c.isalnum()), "")
    if letter.islower():
        return False  # "approx. five", "“Why?” she asked"
    stop = match.group("stop")
    if stop != "." or match.group("close").strip():
        return True  # ?, !, an ellipsis, or a full stop inside closing quotes
    before = paragraph[: match.start()].rsplit(maxsplit=1)
    word = before[-1].lstrip(_OPENERS) if before else ""
    lowered = word.lower()
    next_word = following.strip(_OPENERS + ",;:").lower()
    if not word:
        return True
    if lowered in _TITLES:
        return False
    if (lowered in _BEFORE_NUMBERS or lowered in _MONTHS_SHORT) and letter.isdigit():
        return False
    if word.isdigit() and len(word) <= 2 and next_word in _MONTH_NAMES:
        return False
    initial = len(word) == 1 and word.isalpha() and word.isupper()
    if initial or _INITIALISM.fullmatch(word) or lowered in _AMBIGUOUS:
        return next_word in _STARTERS
    return True


def _looks_like_heading(paragraph: str) -> bool:
    if "\n" in paragraph or len(paragraph) > HEADING_MAX_CHARS:
        return False
    if len(paragraph.split()) > HEADING_MAX_WORDS:
        return False
    return not paragraph.rstrip(_TRAILING_CLOSERS).endswith((".", "!", "…"))


# Index terms: what key points and answers compare sentences by. Stop words and a light
# suffix-stripping stemmer per language, so that "vehicles" meets "vehicle" and "gesperrt"
# meets "Sperrung" no more often than chance; accents fold so that "électricité" and
# "electricite" agree.
_STOPWORDS = {
    "en": _words(
        """
        a about after again against all also am an and any are as at be because been before
        being between both but by can could did do does doing down during each few for from
        further had has have having he her here hers herself him himself his how i if in
        into is it its itself just many me more most much my no nor not now of off on once
        only or other our ours out over own said same say says she should so some such than
        that the their theirs them then there these they this those through to too under
        until up upon very was we were what when where which while who whom why will with
        would you your yours mr mrs ms one two
        """
    ),
    "de": _words(
        """
        aber alle allem allen aller alles als also am an auch auf aus bei beim bin bis bist
        da damit dann das dass dem den denn der des dessen die dies diese diesem diesen dieser
        dieses doch dort du durch ein eine einem einen einer eines er es etwa euch für gegen
        hat hatte hatten hier ich ihr ihre im in ist ja jede jedem jeden jeder jetzt kann kein
        keine man mehr mich mit muss nach nicht noch nun nur ob oder ohne sehr sein seine sich
        sie sind so soll sollen über um und uns unter vom von vor war waren warum was weil
        welche welcher wenn wer werden wie wieviel viele wird wo wurde wurden zu zum zur
        """
    ),
    "fr": _words(
        """
        a à au aux avec avait ce ces cet cette combien comme comment dans de des du elle elles
        en est et été être eu il ils je la le les leur leurs lui ma mais me même mes moi mon
        ne nos notre nous on ont ou où par pas pendant plus pour pourquoi qu quand que quel
        quelle quelles quels qui sa sans se ses son sont sur ta te tes toi ton tous tout tu un
        une vos votre vous y été était étaient selon
        """
    ),
    "es": _words(
        """
        a al algo ante como con contra cual cuando cuándo cuánto cuántos cuántas de del desde
        donde dónde e el él ella ellas ellos en entre era es esa ese eso esta está este esto
        estos fue fueron ha han hay la las le les lo los más me mi muy no nos o para pero por
        porque qué que quien quién se ser si sí sin sobre son su sus también te tiene tu un
        una uno unos y ya cómo
        """
    ),
}
# Longest first; a suffix is stripped only when at least three letters stay.
_SUFFIXES = {
    "en": ("ations", "ation", "ments", "ment", "ings", "ing", "ures", "ure", "ies", "ied",
           "ers", "ed", "es", "er", "ly", "s", "e"),
    "de": ("ungen", "ung", "ern", "em", "en", "er", "es", "e", "n", "s"),
    "fr": ("ements", "ement", "ations", "ation", "euses", "euse", "eux", "ees", "es", "ee",
           "er", "ez", "e", "s", "x"),
    "es": ("aciones", "acion", "amente", "mente", "idades", "idad", "es", "as", "os", "a",
           "o", "s"),
}  # fmt: skip
LANGUAGES = tuple(_STOPWORDS)
_WORD = re.compile(r"\w+", re.UNICODE)
# Digit groups: "38,000", "9.000", "9 000" (French, also with a plain space).
_THOUSANDS = re.compile(r"(?<=\d)[,. \u00a0\u202f'’](?=\d{3}\b)")


def guess_language(texts: Iterable[str]) -> str:
    """The one of ``LANGUAGES`` whose stop words the texts use most (English on a tie)."""
    counts = dict.fromkeys(LANGUAGES, 0)
    for text in texts:
        for word in _WORD.findall(text.lower()):
            for language, stopwords in _STOPWORDS.items():
                counts[language] += word in stopwords
    return max(LANGUAGES, key=lambda language: counts[language])


def sentence_terms(text: str, language: str) -> list[str]:
    """Stemmed, accent-folded content words of a text, stop words removed, in order.

    ``language`` is an ISO 639-1 code; one outside ``LANGUAGES`` is read as English.
    Apostrophes split words and one- or two-letter pieces fall away (``trust's``,
    ``l'école``); digit groups join (``38,000`` is one term).
    """
    code = language if language in _STOPWORDS else "en"
    stopwords, suffixes = _STOPWORDS[code], _SUFFIXES[code]
    found = []
    for word in _WORD.findall(_THOUSANDS.sub("", text.lower())):
        if word in stopwords or (len(word) < 3 and not word.isdigit()):
            continue
        found.append(_stem(_fold(word), suffixes))
    return found


def _fold(word: str) -> str:
    if word.isascii():
        return word
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


def _stem(word: str, suffixes: tuple[str, ...]) -> str:
    if word.isdigit():
        return word
    for suffix in suffixes:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word
