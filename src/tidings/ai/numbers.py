"""Reading written numbers: digits in English, German and French styles, number words in
English, German, French and Spanish, and the qualifiers that make a figure a range ("at
least 12", "nearly 40,000", "au moins deux jours", "al menos 27").

``tidings.ai.quantities`` finds these in sentences and says what they measure. Number
words are read in the sentence's language only (plus English, which news in every
language quotes): French "sept" is seven, English "Sept." is September.
"""

from __future__ import annotations

import functools
import math
import re

__all__ = [
    "APPROXIMATE",
    "INF",
    "NUMBER",
    "QUALIFIER_PATTERNS",
    "VAGUE",
    "WORDNUM",
    "number_pattern",
    "parse_number",
    "precision",
    "value_range",
]

INF = math.inf

_ONES = {
    "zero": 0, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}  # fmt: skip
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
# Words for one (German "ein", French "un", Spanish "uno") are articles far more often than
# counts, so they are read only inside a longer number ("einundzwanzig", "vingt et un").
_WORDS: dict[str, dict[str, int]] = {
    "en": {**_ONES, **_TENS, "hundred": 100, "thousand": 1000},
    "de": {
        "zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "sechs": 6, "sieben": 7, "acht": 8,
        "neun": 9, "zehn": 10, "elf": 11, "zwölf": 12, "dreizehn": 13, "vierzehn": 14,
        "fünfzehn": 15, "sechzehn": 16, "siebzehn": 17, "achtzehn": 18, "neunzehn": 19,
        "zwanzig": 20, "dreißig": 30, "vierzig": 40, "fünfzig": 50, "sechzig": 60,
        "siebzig": 70, "achtzig": 80, "neunzig": 90, "hundert": 100, "tausend": 1000,
    },
    "fr": {
        "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8,
        "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14,
        "quinze": 15, "seize": 16, "dix-sept": 17, "dix-huit": 18, "dix-neuf": 19,
        "vingt": 20, "trente": 30, "quarante": 40, "cinquante": 50, "soixante": 60,
        "soixante-dix": 70, "quatre-vingt": 80, "quatre-vingts": 80, "quatre-vingt-dix": 90,
        "cent": 100, "cents": 100, "mille": 1000,
    },
    "es": {
        "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7, "ocho": 8,
        "nueve": 9, "diez": 10, "once": 11, "doce": 12, "trece": 13, "catorce": 14,
        "quince": 15, "dieciséis": 16, "diecisiete": 17, "dieciocho": 18, "diecinueve": 19,
        "veinte": 20, "veintiuno": 21, "veintiún": 21, "veintidós": 22, "veintitrés": 23,
        "veinticuatro": 24, "veinticinco": 25, "veintiséis": 26, "veintisiete": 27,
        "veintiocho": 28, "veintinueve": 29, "treinta": 30, "cuarenta": 40,
        "cincuenta": 50, "sesenta": 60, "setenta": 70, "ochenta": 80, "noventa": 90,
        "cien": 100, "ciento": 100, "mil": 1000,
    },
}  # fmt: skip
# Joiners inside one number: "twenty-one", "vingt et un", "treinta y dos"; German writes
# one word ("einundzwanzig"). "and" joins only after hundreds: "two hundred and five".
_JOINERS = {"en": ("-", " "), "de": (), "fr": ("-", " et ", "-et-"), "es": (" y ",)}
_ONE_IN_COMPOUND = {"en": "one", "de": "ein", "fr": "un", "es": "uno"}
_DOZEN = {"a dozen", "one dozen", "ein dutzend", "une douzaine", "una docena"}
# "Une trentaine" is about thirty: read as the number with "about".
_APPROX_NOUNS = {
    "une dizaine": 10, "une douzaine": 12, "une quinzaine": 15, "une vingtaine": 20,
    "une trentaine": 30, "une quarantaine": 40, "une cinquantaine": 50,
    "une soixantaine": 60, "une centaine": 100, "un millier": 1000, "una decena": 10,
    "una veintena": 20, "una treintena": 30, "un centenar": 100, "un millar": 1000,
}  # fmt: skip
APPROXIMATE = frozenset(_APPROX_NOUNS)
# Plural vague amounts, as the ranges a reader would accept for them, per language.
VAGUE: dict[str, tuple[float, float]] = {
    "dozens": (24.0, 99.0), "scores": (40.0, 199.0), "hundreds": (200.0, 999.0),
    "thousands": (2e3, 9999.0), "dutzende": (24.0, 99.0), "hunderte": (200.0, 999.0),
    "tausende": (2e3, 9999.0), "dizaines": (20.0, 99.0), "centaines": (200.0, 999.0),
    "milliers": (2e3, 9999.0), "decenas": (20.0, 99.0), "cientos": (200.0, 999.0),
    "centenares": (200.0, 999.0), "miles": (2e3, 9999.0),
}  # fmt: skip
_VAGUE_OF = {
    "en": ("dozens", "scores", "hundreds", "thousands"),
    "de": ("dutzende", "hunderte", "tausende"),
    "fr": ("dizaines", "centaines", "milliers"),
    "es": ("decenas", "cientos", "centenares", "miles"),
}


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _word_number(lang: str) -> str:
    """A regex for one written-out number in ``lang``: a word, or a compound of words."""
    words = _WORDS[lang]
    single = _alternation([w for w in words if words[w] < 100])
    tens = _alternation([w for w in words if words[w] % 10 == 0 and 20 <= words[w] < 100])
    units = [w for w in words if 1 < words[w] < 10] + [_ONE_IN_COMPOUND[lang]]
    if lang == "fr":  # "soixante-douze", "quatre-vingt-dix-sept"
        units += [w for w in words if 10 <= words[w] < 20]
    if lang == "de":  # one word: "einundzwanzig"
        compound = rf"(?:{_alternation(units)})und(?:{tens})"
    else:
        joiners = "|".join(re.escape(j) for j in _JOINERS[lang])
        compound = rf"(?:{tens})(?:{joiners})(?:{_alternation(units)})"
    scale = _alternation([w for w in words if words[w] >= 100])
    base = rf"(?:{compound}|{single})"
    return rf"(?:{base}(?:\s+(?:{scale})(?:\s+(?:and\s+)?{base})?)?)"


WORDNUM = _word_number("en")


@functools.lru_cache(maxsize=8)
def number_pattern(lang: str = "en") -> re.Pattern[str]:
    """Digits in any style, and number words of English and ``lang``, as ``num``/``wnum``."""
    code = lang[:2].lower()
    words = [WORDNUM]
    if code in _WORDS and code != "en":
        words.append(_word_number(code))
    vague = _alternation([*_VAGUE_OF["en"], *_VAGUE_OF.get(code, ()), *_DOZEN, *APPROXIMATE])
    return re.compile(
        r"(?<![\w.,/])(?P<num>"
        r"\d+(?:[ -]1/2|½)"  # 2 1/2 years
        r"|\d{1,3}(?:,\d{3})+(?:\.\d+)?"  # 38,000 / 1,234.5
        r"|\d{1,3}(?:\.\d{3})+(?:,\d+)?"  # 1.234.567 / 1.234,5 (German)
        r"|\d{1,3}(?:[\u00a0\u202f ]\d{3})+(?:,\d+)?"  # 1 234,5 (French)
        r"|\d+(?:[.,]\d+)?"
        r")(?![\d.,/]\d)|(?<![\w.,-])(?P<wnum>"
        rf"{vague}|(?:a|one)\s+(?:hundred|thousand)|" + "|".join(words) + r")(?![\w])",
        re.IGNORECASE,
    )


NUMBER = number_pattern("en")

_QUALIFIERS: tuple[tuple[str, str], ...] = (
    # (pattern before the number, kind); longest first so "just over" beats "over"
    ("no fewer than|no less than|at least|more than|longer than|upwards of|in excess of|over|"
     "mindestens|mehr als|über|au moins|plus de|plus d'|al menos|por lo menos|más de",
     "lower"),
    ("just over|knapp über|un peu plus de|poco más de", "just-over"),
    ("nearly|almost|just under|close to|fast|knapp|près de|presque|casi|cerca de",
     "nearly"),
    ("up to|at most|no more than|fewer than|less than|under|as many as|bis zu|höchstens|"
     "weniger als|jusqu'à|jusqu’à|moins de|hasta|menos de|como máximo", "upper"),
    ("about|around|some|roughly|approximately|an estimated|estimated|circa|ca\\.|etwa|"
     "rund|ungefähr|environ|quelque|quelques|unos|unas|alrededor de|aproximadamente",
     "about"),
)  # fmt: skip
QUALIFIER_PATTERNS = [
    (re.compile(r"(?:^|[\s(“\"'‘«„])(?P<q>" + pattern + r")[\s“\"'‘«„]*$", re.IGNORECASE), kind)
    for pattern, kind in sorted(_QUALIFIERS, key=lambda item: item[1] == "lower")
]


def parse_number(text: str, lang: str = "en") -> float | None:
    """The value of a written number: digits in English, German or French style, or words.

    A lone ``1.234`` is a decimal in English and a thousand in German or French (``lang``);
    ``1,234`` is read as a thousand everywhere, ``1,5`` as a decimal. Words are read in
    English and in ``lang``.
    """
    raw = re.sub(r"\s+", " ", text.strip().lower())
    if not raw:
        return None
    if raw[0].isdigit():
        return _digits(raw, lang)
    if raw in _DOZEN:
        return 12.0
    if raw in _APPROX_NOUNS:
        return float(_APPROX_NOUNS[raw])
    if raw in ("a hundred", "one hundred"):
        return 100.0
    if raw in ("a thousand", "one thousand"):
        return 1000.0
    for code in dict.fromkeys(("en", lang[:2].lower())):
        if code in _WORDS and (value := _words_value(raw, code)) is not None:
            return value
    return None


def _digits(raw: str, lang: str) -> float | None:
    digits = raw.replace("\u00a0", " ").replace("\u202f", " ")
    if half := re.fullmatch(r"(\d+)(?:[ -]1/2|½)", digits):
        return int(half.group(1)) + 0.5
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", digits):
        return float(digits.replace(",", ""))
    if re.fullmatch(r"\d{1,3}(?:\.\d{3}){2,}(?:,\d+)?|\d{1,3}\.\d{3},\d+", digits) or (
        lang != "en" and re.fullmatch(r"\d{1,3}\.\d{3}", digits)
    ):
        return float(digits.replace(".", "").replace(",", "."))
    if re.fullmatch(r"\d{1,3}(?: \d{3})+(?:,\d+)?", digits):
        return float(digits.replace(" ", "").replace(",", "."))
    if re.fullmatch(r"\d+(?:[.,]\d+)?", digits):
        return float(digits.replace(",", "."))
    return None


def _words_value(raw: str, lang: str) -> float | None:
    """A number written in words of one language: summed, with hundreds and thousands
    multiplying what came before ("deux cent cinquante", "two hundred and five")."""
    words = {**_WORDS[lang], _ONE_IN_COMPOUND[lang]: 1}
    if lang == "de" and "und" in raw:  # "einundzwanzig" is "ein" and "zwanzig"
        head, _, tail = raw.partition("und")
        if head in words and tail in words:
            raw = f"{head} {tail}"
    tokens = raw.replace("-et-", " ").split()
    pieces: list[str] = []
    for token in tokens:
        pieces.extend(_split_hyphenated(token, words))
    total = current = 0.0
    for piece in pieces:
        if piece in ("and", "et", "y"):
            continue
        if piece not in words:
            return None
        value = words[piece]
        if value == 1000:
            total += (current or 1) * 1000
            current = 0.0
        elif value == 100:
            current = (current or 1) * 100
        else:
            current += value
    return total + current


def _split_hyphenated(token: str, words: dict[str, int]) -> list[str]:
    """A hyphenated token as the longest known words: "quatre-vingt-dix-sept" is
    "quatre-vingt-dix" and "sept"; "twenty-one" is "twenty" and "one"."""
    parts = token.split("-")
    out: list[str] = []
    i = 0
    while i < len(parts):
        for j in range(len(parts), i, -1):
            if "-".join(parts[i:j]) in words:
                out.append("-".join(parts[i:j]))
                i = j
                break
        else:
            out.append(parts[i])
            i += 1
    return out


def precision(value: float) -> float:
    """Half a unit of the last significant digit written, capped at 10 % of the value."""
    written = f"{abs(value):.6f}".rstrip("0").rstrip(".")
    if "." in written:
        step = 10.0 ** -len(written.split(".")[1])
    else:
        step = 10.0 ** (len(written) - len(written.rstrip("0"))) if written != "0" else 1.0
    return min(step / 2, abs(value) * 0.1)


def value_range(value: float, tolerance: float, kind: str | None) -> tuple[float, float]:
    """The range a figure's wording allows, given its rounding slack and qualifier kind."""
    if kind == "lower":
        return value, INF
    if kind == "upper":
        return 0.0, value
    if kind == "nearly":
        return value * 0.9, value
    if kind == "just-over":
        return value, value * 1.1
    if kind == "about":
        tolerance = max(tolerance, abs(value) * 0.05)
    return value - tolerance, value + tolerance
