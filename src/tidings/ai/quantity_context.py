"""What a figure in a sentence is (``Quantity``), and the words around it that say what
it measures: the clause before and after, the qualifier ("at least", "about"), a rate's
period, the event or participle nearby. ``tidings.ai.quantities`` finds the figures.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tidings.ai.numbers import QUALIFIER_PATTERNS
from tidings.ai.quantity_words import CANONICAL, EVENT_OF, IRREGULAR_PARTICIPLES, PERIODS, STOP


@dataclass(frozen=True, slots=True)
class Quantity:
    """One figure in a sentence and what it measures.

    ``value`` is in the dimension's base unit (seconds for durations, metres for distances,
    minutes after midnight for times of day, ``month * 100 + day`` for dates, 1–7 for
    weekdays, the currency's unit for money). ``low``/``high`` is the range the wording
    allows; ``start``/``end`` are offsets of ``text`` in the sentence.
    """

    value: float
    low: float
    high: float
    dimension: str  # count, money:GBP, percent, temperature, magnitude, duration, ...
    key: str  # what is measured, normalised: "killed", "vehicle", "cost"
    thing: str  # the words the key came from, as written: "people killed"
    per: str | None  # a rate's period: "day", "week", "month", "year", "hour"
    qualifier: str | None  # "at least", "about", "up to", ... as written, lower-cased
    text: str
    start: int
    end: int

    @property
    def compare_key(self) -> tuple[str, str, str | None]:
        """Quantities with equal compare keys measure the same thing in the same way."""
        return (self.key, self.dimension, self.per)

    def compatible(self, other: Quantity) -> bool:
        """Whether both statements can be true at once: their ranges overlap.

        Ranges that only touch overlap when one side is a bound the wording set ("at least
        12" and "12"), not when both are rounding slack ("12" and "13" touch at 12.5).
        """
        low, high = max(self.low, other.low), min(self.high, other.high)
        if low < high:
            return True
        if low > high:
            return False
        return (
            self.qualifier is not None
            or other.qualifier is not None
            or (self.low == self.high and other.low == other.high)
        )


_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*|\d+", re.UNICODE)
_CLAUSE_END = re.compile(r"[;:()\[\]–—]|,\s|\.\s|\.$|[!?]")


def words_before(
    sentence: str, pos: int, limit: int = 6, commas: bool = False, cased: bool = False
) -> list[str]:
    """Up to ``limit`` words before ``pos``, nearest first, not crossing a clause break.

    With ``commas`` a comma does not end the clause: a date or time often ends a long
    clause whose verb sits before a list ("closed to cars, buses and cyclists at five").
    """
    left = sentence[:pos]
    breaks = _CLAUSE_END.finditer(left)
    cut = max((m.end() for m in breaks if not (commas and m.group().startswith(","))), default=0)
    return [w if cased else w.lower() for w in _WORD.findall(left[cut:])][::-1][:limit]


def words_after(sentence: str, pos: int, limit: int = 6) -> list[str]:
    """Up to ``limit`` words after ``pos``, not crossing a clause break."""
    right = sentence[pos:]
    brk = _CLAUSE_END.search(right)
    return [w.lower() for w in _WORD.findall(right[: brk.start() if brk else len(right)])][:limit]


def lemma(word: str) -> str:
    word = CANONICAL.get(word, word)
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return CANONICAL.get(word[:-1], word[:-1])
    return word


def content_words(words: list[str]) -> list[str]:
    return [w for w in words if w not in STOP and not w.isdigit() and len(w) > 1]


def event_in(words: list[str]) -> str | None:
    for word in words:
        if word in EVENT_OF:
            return EVENT_OF[word]
    return None


def rate_period(words: list[str]) -> str | None:
    """A rate's period from the words after the figure ("a day", "per week", "weekly")."""
    for i, word in enumerate(words):
        base = word[:-1] if word.endswith("s") and word[:-1] in PERIODS else word
        if base in PERIODS and (
            word in ("daily", "weekly", "monthly", "annually", "weekday", "weekdays")
            or (i > 0 and words[i - 1] in ("a", "an", "per", "each", "every", "typical", "pro"))
        ):
            return PERIODS[base]
    return None


def participle_before(words: list[str]) -> str | None:
    """The nearest event word or past participle; capitalised words are names, not verbs."""
    for cased in words:
        word = cased.lower()
        if cased[:1].isupper() and word not in EVENT_OF:
            continue  # "the United States"
        if word in EVENT_OF:
            return EVENT_OF[word]
        if word not in STOP and (word.endswith("ed") or word in IRREGULAR_PARTICIPLES):
            return lemma(word)
    return None


def nearest_content_before(words: list[str]) -> str | None:
    content = content_words(words)
    return lemma(content[0]) if content else None


def first_content(words: list[str]) -> str | None:
    content = content_words(words)
    return lemma(content[0]) if content else None


def end_of(sentence: str, end: int, word: str) -> int:
    hit = sentence.lower().find(word, end)
    return hit + len(word) if hit >= 0 else end


def make_quantity(
    sentence: str,
    m: re.Match[str],
    value: float,
    low: float,
    high: float,
    dimension: str,
    key: str,
    thing: str,
    per: str | None = None,
    qualifier: str | None = None,
    end: int | None = None,
    start: int | None = None,
) -> Quantity:
    begin = m.start() if start is None else start
    stop = m.end() if end is None else end
    return Quantity(
        value, low, high, dimension, key, thing, per, qualifier, sentence[begin:stop], begin, stop
    )


def qualifier_before(sentence: str, pos: int) -> tuple[str | None, str | None, int]:
    """The qualifier just before ``pos``: its words, its kind, and where it starts."""
    left = sentence[max(0, pos - 40) : pos]
    for pattern, kind in QUALIFIER_PATTERNS:
        hit = pattern.search(left)
        if hit:
            return hit.group("q").lower(), kind, pos - len(left) + hit.start("q")
    return None, None, pos
