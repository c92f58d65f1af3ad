"""Reading written numbers: digits in English, German and French styles, number words, and
the qualifiers that make a figure a range ("at least 12", "nearly 40,000").

``tidings.ai.quantities`` finds these in sentences and says what they measure.
"""

from __future__ import annotations

import math
import re

__all__ = [
    "INF",
    "NUMBER",
    "QUALIFIER_PATTERNS",
    "WORDNUM",
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
WORDNUM = (
    r"(?:(?:" + "|".join(_TENS) + r")(?:[- ](?:one|" + "|".join(k for k in _ONES if k != "zero")
    + r"))?|" + "|".join(_ONES) + r")"
)  # fmt: skip
NUMBER = re.compile(
    r"(?<![\w.,])(?P<num>"
    r"\d{1,3}(?:,\d{3})+(?:\.\d+)?"  # 38,000 / 1,234.5
    r"|\d{1,3}(?:\.\d{3})+(?:,\d+)?"  # 1.234.567 / 1.234,5 (German)
    r"|\d{1,3}(?:[\u00a0\u202f ]\d{3})+(?:,\d+)?"  # 1 234,5 (French)
    r"|\d+(?:[.,]\d+)?"
    r")(?![\d.,]\d)|(?<![\w.,])(?P<wnum>"
    r"(?:a|one)\s+dozen|dozens|scores|hundreds|thousands"
    r"|" + WORDNUM + r"(?:\s+hundred(?:\s+(?:and\s+)?" + WORDNUM + r")?)?"
    r"|(?:a|one)\s+(?:hundred|thousand)"
    r")(?![\w])",
    re.IGNORECASE,
)
_QUALIFIERS: tuple[tuple[str, str], ...] = (
    # (pattern before the number, kind); longest first so "just over" beats "over"
    ("no fewer than|no less than|at least|more than|longer than|upwards of|in excess of|over|"
     "mindestens|mehr als|über|au moins|plus de", "lower"),
    ("just over|knapp über|un peu plus de", "just-over"),
    ("nearly|almost|just under|close to|fast|knapp|près de|presque", "nearly"),
    ("up to|at most|no more than|fewer than|less than|under|as many as|bis zu|höchstens|"
     "weniger als|jusqu'à|moins de", "upper"),
    ("about|around|some|roughly|approximately|an estimated|estimated|about|circa|ca\\.|etwa|"
     "rund|ungefähr|environ|quelque|quelques|environ", "about"),
)  # fmt: skip
QUALIFIER_PATTERNS = [
    (re.compile(r"(?:^|[\s(“\"'‘])(?P<q>" + pattern + r")[\s“\"'‘]*$", re.IGNORECASE), kind)
    for pattern, kind in sorted(_QUALIFIERS, key=lambda item: item[1] == "lower")
]


def parse_number(text: str, lang: str = "en") -> float | None:
    """The value of a written number: digits in English, German or French style, or words.

    A lone ``1.234`` is a decimal in English and a thousand in German or French (``lang``);
    ``1,234`` is read as a thousand everywhere, ``1,5`` as a decimal.
    """
    raw = re.sub(r"\s+", " ", text.strip().lower())
    if not raw:
        return None
    if raw[0].isdigit():
        digits = raw.replace("\u00a0", " ").replace("\u202f", " ")
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
    if raw in ("a dozen", "one dozen"):
        return 12.0
    if raw in ("a hundred", "one hundred"):
        return 100.0
    if raw in ("a thousand", "one thousand"):
        return 1000.0
    total = 0.0
    current = 0.0
    for word in re.split(r"[\s-]+", raw):
        if word in _ONES or word == "one":
            current += _ONES.get(word, 1)
        elif word in _TENS:
            current += _TENS[word]
        elif word == "hundred":
            current = (current or 1) * 100
        elif word != "and":
            return None
    return total + current


def precision(value: float) -> float:
    """Half a unit of the last significant digit written, capped at 10 % of the value."""
    written = f"{abs(value):.6f}".rstrip("0").rstrip(".")
    if "." in written:
        step = 10.0 ** -len(written.split(".")[1])
    else:
        step = 10.0 ** (len(written) - len(written.rstrip("0"))) if written != "0" else 1.0
    return min(step / 2, abs(value) * 0.1)


def value_range(value: float, tolerance: float, kind: str | None) -> tuple[float, float]:
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
