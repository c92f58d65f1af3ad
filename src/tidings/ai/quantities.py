"""Numbers in news sentences, with what they count, so outlets' figures can be compared.

"At least 12 people were killed" becomes a ``Quantity`` of 12 whose ``key`` is ``killed``,
whose qualifier is ``at least`` and whose range is [12, ∞). The story brief groups the
quantities of several outlets by ``(key, dimension, per)`` and flags values whose ranges do
not overlap, so the range is where the judgement about compatibility lives:

* a plain figure is as precise as its last non-zero digit: "38,000" means 37,500–38,500,
  "12" means 11.5–12.5 (so 12 and 13 disagree, 38,000 and 38,200 do not); that slack is
  capped at 10 % so a round "10,000" is not read as anything from 5,000 to 15,000;
* "about", "around", "some", "roughly", "an estimated" widen it to at least ±5 %;
* "nearly", "almost", "just under" mean the 10 % below the figure; "just over" the 10 % above;
* "at least", "more than", "over" open it upwards; "up to", "fewer than", "as many as" open
  it downwards to zero;
* "between 10 and 12" and "10 to 12" are the range itself;
* a figure written with decimals is as precise as they are: "5.0" is 4.95–5.05.

The key is found by rules, not a parser: an event word near the number (killed, injured,
evacuated…) wins, then the head of the noun that follows a count ("38,000 vehicles", "two
fire tenders"), then a cue word for money ("cost", "damage", "worth", beyond the brackets
of a conversion: "€2m (£1.7m) in gems"), then for dates and times the participle before
them ("closed at five o'clock"), then the nearest content word before the number. Some
figures are no count of the story: a compound adjective ("a 20-year veteran"), a part of a
breakdown ("two women and one man"), a part picked out ("the four hardest-hit villages"),
an age, a code, a clock zone. Rules keep this fast and dependency-free; where they guess
wrong the brief errs towards silence, because different keys are never compared. The
words read (``tidings.ai.quantity_words``) and the number formats and number words
(``tidings.ai.numbers``) cover English, German, French and Spanish; English best.
"""

from __future__ import annotations

import re

from tidings.ai.numbers import WORDNUM, number_pattern, parse_number, precision, value_range
from tidings.ai.quantity_context import (
    Quantity,
    make_quantity,
    participle_before,
    qualifier_before,
    words_before,
)
from tidings.ai.quantity_measures import measure
from tidings.ai.quantity_words import MONTHS, WEEKDAYS

__all__ = ["Quantity", "find_quantities", "parse_number"]


_DATE = re.compile(
    r"(?P<a>\d{1,2})(?:st|nd|rd|th|\.)?\s+(?:of\s+)?(?P<m1>[^\W\d_]+)"
    r"|(?P<m2>[^\W\d_]+)\s+(?P<b>\d{1,2})(?:st|nd|rd|th)?(?!\d|[.,]\d)",
    re.IGNORECASE,
)
_WEEKDAY = re.compile(r"\b(?P<w>" + "|".join(WEEKDAYS) + r")s?\b", re.IGNORECASE)
_TIME = re.compile(
    r"(?<![\w.,])(?P<h>\d{1,2}|" + WORDNUM + r")(?:[:.](?P<min>\d{2}))?\s*"
    r"(?P<suffix>o'clock|o’clock|am\b|pm\b|a\.m\.|p\.m\.|uhr\b|h\b)",
    re.IGNORECASE,
)
_MAGNITUDE = re.compile(
    r"\b(?:magnitudes?|magnitud|stärke)(?:[-\s]+[^\W\d_]{1,6}){0,3}?"  # "of at least"
    r"[-\s]+(?P<a>\d(?:[.,]\d+)?)(?![\d.,]?\d)"
    r"|(?<![\d.,])(?P<b>\d+(?:[.,]\d+)?)(?:[-\s]+|-?)(?:magnitude|magnitud|"
    r"(?:degrees?\s+)?on\s+the\s+richter|sur\s+l['’]échelle\s+de\s+richter)",
    re.IGNORECASE,
)
# A magnitude near one of these is an aftershock's: aftershocks are many and small, and two
# outlets naming different ones do not disagree about the earthquake.
_AFTERSHOCK = re.compile(r"aftershock|réplique|nachbeben|réplica", re.IGNORECASE)


def find_quantities(sentence: str, lang: str = "en") -> tuple[Quantity, ...]:
    """Every figure in one sentence that says what it measures, in reading order.

    Figures whose subject cannot be told (a bare "17", a route number) are left out: a
    quantity without a key cannot be compared, and guessing one would raise false alarms.
    """
    found: list[Quantity] = []
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in taken)

    def add(q: Quantity | None) -> None:
        if q is not None and q.key and free(q.start, q.end):
            found.append(q)
            taken.append((q.start, q.end))

    aftershocks = _AFTERSHOCK.search(sentence) is not None
    for m in _MAGNITUDE.finditer(sentence):
        text = m.group("a") or m.group("b")
        value = parse_number(text, lang)
        if aftershocks:
            taken.append((m.start(), m.end()))  # neither the quake's magnitude nor a count
        elif value is not None:
            decimals = re.search(r"[.,](\d+)$", text)  # "5.0" is as precise as "4.9"
            tol = 0.5 * 10.0 ** -len(decimals.group(1)) if decimals else precision(value)
            kind = qualifier_before(sentence, m.start("a") if m.group("a") else m.start())[1]
            low, high = value_range(value, tol, kind)
            group = "a" if m.group("a") else "b"  # the figure alone, as the outlet wrote it
            add(
                make_quantity(sentence, m, value, low, high, "magnitude", "magnitude", "magnitude",
                              start=m.start(group), end=m.end(group)) )  # fmt: skip
    for m in _TIME.finditer(sentence):
        add(_time(sentence, m, lang))
    for m in _DATE.finditer(sentence):
        add(_date(sentence, m))
    for m in _WEEKDAY.finditer(sentence):
        # Only an event verb keys a date: "a statement Monday" and "a statement Saturday"
        # are two statements, not a dispute about one day.
        key = participle_before(words_before(sentence, m.start(), 12, commas=True, cased=True))
        value = float(WEEKDAYS[m.group("w").lower()])
        add(make_quantity(sentence, m, value, value, value, "weekday", key or "", m.group("w")))
    for m in number_pattern(lang).finditer(sentence):
        if free(m.start(), m.end()):
            add(measure(sentence, m, lang))
    return tuple(sorted(found, key=lambda q: q.start))


def _time(sentence: str, m: re.Match[str], lang: str) -> Quantity | None:
    hour = parse_number(m.group("h"), lang)
    if hour is None or hour > 24:
        return None
    minute = float(m.group("min") or 0)
    suffix = m.group("suffix").lower()
    if suffix in ("am", "pm") and lang != "en":
        return None  # German "am" is "on the"
    evening = "evening" in sentence[m.end() : m.end() + 20].lower()
    if hour < 12 and (suffix.startswith("p") or (suffix.startswith("o") and evening)):
        hour += 12
    value = hour * 60 + minute
    tol = 0.0 if m.group("min") else 15.0
    key = participle_before(words_before(sentence, m.start(), 12, commas=True, cased=True))
    return make_quantity(
        sentence, m, value, value - tol, value + tol, "time", key or "", m.group(0)
    )


def _date(sentence: str, m: re.Match[str]) -> Quantity | None:
    month_word = (m.group("m1") or m.group("m2") or "").lower()
    if month_word not in MONTHS or (
        month_word in ("may", "mars", "march")
        and m.group("m2")
        and not sentence[m.start()].isupper()
    ):
        return None
    day = int(m.group("a") or m.group("b"))
    if not 1 <= day <= 31:
        return None
    value = float(MONTHS[month_word] * 100 + day)
    key = participle_before(words_before(sentence, m.start(), 12, commas=True, cased=True))
    return make_quantity(sentence, m, value, value, value, "date", key or "", m.group(0))
