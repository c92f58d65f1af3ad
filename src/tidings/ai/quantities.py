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
* "between 10 and 12" and "10 to 12" are the range itself.

The key is found by rules, not a parser: an event word near the number (killed, injured,
evacuated…) wins, then the noun that follows a count ("38,000 vehicles"), then a cue word
for money ("cost", "damage", "raised"), then for dates and times the participle before
them ("closed at five o'clock"), then the nearest content word before the number. Rules
keep this fast and dependency-free; where they guess wrong the brief errs towards silence,
because different keys are never compared. English is covered best; German and French
number formats (1.234,5 and 1 234,5), currencies, units and the commonest event words work.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tidings.ai.numbers import (
    NUMBER,
    QUALIFIER_PATTERNS,
    WORDNUM,
    parse_number,
    precision,
    value_range,
)

__all__ = ["Quantity", "find_quantities", "parse_number"]


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


# --- words -----------------------------------------------------------------------------


def _words(listing: str) -> frozenset[str]:
    return frozenset(listing.split())


_SCALES = {
    "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "k": 1e3, "m": 1e6,
    "bn": 1e9, "tsd": 1e3, "tausend": 1e3, "mio": 1e6, "millionen": 1e6, "mrd": 1e9,
    "milliarde": 1e9, "milliarden": 1e9, "millions": 1e6, "milliard": 1e9, "milliards": 1e9,
    "mille": 1e3,
}  # fmt: skip
_VAGUE = {"dozens": (24.0, 99.0), "scores": (40.0, 199.0), "hundreds": (200.0, 999.0),
          "thousands": (2e3, 9999.0), "millions": (2e6, 9.99e6)}  # fmt: skip
_CURRENCY_SYMBOLS = {"£": "GBP", "$": "USD", "us$": "USD", "€": "EUR", "¥": "JPY",
                     "gbp": "GBP", "usd": "USD", "eur": "EUR", "chf": "CHF"}  # fmt: skip
_CURRENCY_WORDS = {"pounds": "GBP", "pound": "GBP", "dollars": "USD", "dollar": "USD",
                   "euros": "EUR", "euro": "EUR", "€": "EUR", "£": "GBP", "francs": "CHF",
                   "franken": "CHF"}  # fmt: skip
_DURATIONS = {
    "second": 1, "minute": 60, "hour": 3600, "day": 86400, "week": 604800,
    "month": 2629800, "year": 31557600, "sekunde": 1, "minuten": 60, "stunde": 3600,
    "tag": 86400, "woche": 604800, "monat": 2629800, "jahr": 31557600, "seconde": 1,
    "heure": 3600, "jour": 86400, "semaine": 604800, "mois": 2629800, "an": 31557600,
    "ans": 31557600, "année": 31557600,
}  # fmt: skip
_DISTANCES = {"km": 1000, "kilometre": 1000, "kilometer": 1000, "mile": 1609.344,
              "metre": 1, "meter": 1, "m": 1, "mètre": 1, "kilomètre": 1000,
              "feet": 0.3048, "foot": 0.3048, "ft": 0.3048}  # fmt: skip
_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "januar": 1, "februar": 2, "märz": 3, "mai": 5, "juni": 6, "juli": 7, "oktober": 10,
    "dezember": 12, "janvier": 1, "février": 2, "mars": 3, "avril": 4, "juin": 6,
    "juillet": 7, "août": 8, "septembre": 9, "octobre": 10, "novembre": 11, "décembre": 12,
}  # fmt: skip
_WEEKDAYS = {
    "monday": 1, "tuesday": 2, "wednesday": 3, "thursday": 4, "friday": 5, "saturday": 6,
    "sunday": 7, "montag": 1, "dienstag": 2, "mittwoch": 3, "donnerstag": 4, "freitag": 5,
    "samstag": 6, "sonntag": 7, "lundi": 1, "mardi": 2, "mercredi": 3, "jeudi": 4,
    "vendredi": 5, "samedi": 6, "dimanche": 7,
}  # fmt: skip
_PERIODS = {"day": "day", "daily": "day", "weekday": "day", "tag": "day", "jour": "day",
            "week": "week", "weekly": "week", "woche": "week", "semaine": "week",
            "month": "month", "monthly": "month", "monat": "month", "mois": "month",
            "year": "year", "annually": "year", "jahr": "year", "an": "year",
            "hour": "hour", "stunde": "hour", "heure": "hour"}  # fmt: skip

# Event words: the thing a casualty or evacuation count measures, in every form it comes in.
_EVENTS = {
    "killed": "killed dead died die dies dying kill killing deaths death fatalities toll "
    "lives tote toten tot getötet starben morts mort tués décès",
    "injured": "injured injuring injure hurt wounded injuries verletzte verletzt blessés blessé",
    "evacuated": "evacuated evacuation evacuations evakuiert évacués",
    "missing": "missing vermisst vermisste disparus",
    "arrested": "arrested arrests arrest festgenommen interpellés",
    "rescued": "rescued gerettet secourus",
    "displaced": "displaced homeless obdachlos sinistrés",
    "hospitalised": "hospitalised hospitalized",
}
_EVENT_OF = {w: key for key, words in _EVENTS.items() for w in words.split()}
_MONEY_CUES = {
    "cost": "cost costs costing kosten coûté coûter coût",
    "damage": "damage damages schaden schäden dégâts",
    "raised": "raised raise raising donations donated gesammelt",
    "revenue": "revenue revenues sales turnover umsatz",
    "profit": "profit profits gewinn bénéfice",
    "loss": "loss losses verlust perte",
    "fine": "fine fined strafe amende",
    "funding": "funding grant grants förderung",
    "budget": "budget",
    "price": "price priced prices preis prix",
}
_MONEY_CUE_OF = {w: key for key, words in _MONEY_CUES.items() for w in words.split()}
_PEOPLE = _words("people persons person individuals others menschen personen personnes")
_AUXILIARIES = _words("were was are is have has had been being got")
# Letters that may stick to a figure: scales, units, ordinals.
_SUFFIXES = _words("m bn k km kg ft mph h st nd rd th mio mrd")
_YEAR_LEADS = _words("in since from until by the of a im seit en depuis")
_CANONICAL = {"shut": "closed", "closure": "closed", "close": "closed", "closing": "closed",
              "reopened": "reopened", "reopening": "reopened", "struck": "hit",
              "rates": "rate"}  # fmt: skip
_IRREGULAR_PARTICIPLES = _words(
    "shut hit struck began begun held won lost left met made set broke broken rose risen "
    "fell fallen sent sold built cut"
)
_STOP = _words(
    """
    a an the and or but of to in on at by for from with without into onto over under than
    as is are was were be been being has have had do does did will would could should may
    might must can shall this that these those it its it's their his her our your my they
    he she we i you who which what when where while whose also only just still some any
    no not nor so too very more most less least about around up down out off after before
    since until till between among per each every other another such there here then
    instead nearly almost roughly approximately estimated some said says say told according
    last lasts lasted take takes took taking reach reached reaching total totalling stood
    stand stands rose rise risen fell fall put puts around being now today yesterday this
    der die das den dem des ein eine einer und oder mit von zu im am um auf für bei nach
    le la les un une des du de et ou en au aux pour par avec sur dans
    """
)

_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*|\d+", re.UNICODE)
_CLAUSE_END = re.compile(r"[;:()\[\]–—]|,\s|\.\s|\.$|[!?]")

# --- the surroundings of a number ------------------------------------------------------


def _words_before(
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


def _words_after(sentence: str, pos: int, limit: int = 6) -> list[str]:
    """Up to ``limit`` words after ``pos``, not crossing a clause break."""
    right = sentence[pos:]
    brk = _CLAUSE_END.search(right)
    return [w.lower() for w in _WORD.findall(right[: brk.start() if brk else len(right)])][:limit]


def _lemma(word: str) -> str:
    word = _CANONICAL.get(word, word)
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return _CANONICAL.get(word[:-1], word[:-1])
    return word


def _content(words: list[str]) -> list[str]:
    return [w for w in words if w not in _STOP and not w.isdigit() and len(w) > 1]


def _event(words: list[str]) -> str | None:
    for word in words:
        if word in _EVENT_OF:
            return _EVENT_OF[word]
    return None


def _period(words: list[str]) -> str | None:
    """A rate's period from the words after the figure ("a day", "per week", "weekly")."""
    for i, word in enumerate(words):
        base = word[:-1] if word.endswith("s") and word[:-1] in _PERIODS else word
        if base in _PERIODS and (
            word in ("daily", "weekly", "monthly", "annually", "weekday", "weekdays")
            or (i > 0 and words[i - 1] in ("a", "an", "per", "each", "every", "typical", "pro"))
        ):
            return _PERIODS[base]
    return None


def _participle_before(words: list[str]) -> str | None:
    """The nearest event word or past participle; capitalised words are names, not verbs."""
    for cased in words:
        word = cased.lower()
        if cased[:1].isupper() and word not in _EVENT_OF:
            continue  # "the United States"
        if word in _EVENT_OF:
            return _EVENT_OF[word]
        if word not in _STOP and (word.endswith("ed") or word in _IRREGULAR_PARTICIPLES):
            return _lemma(word)
    return None


def _nearest_content_before(words: list[str]) -> str | None:
    content = _content(words)
    return _lemma(content[0]) if content else None


# --- finding quantities ----------------------------------------------------------------

_DATE = re.compile(
    r"(?P<a>\d{1,2})(?:st|nd|rd|th|\.)?\s+(?:of\s+)?(?P<m1>[^\W\d_]+)"
    r"|(?P<m2>[^\W\d_]+)\s+(?P<b>\d{1,2})(?:st|nd|rd|th)?(?!\d|[.,]\d)",
    re.IGNORECASE,
)
_WEEKDAY = re.compile(r"\b(?P<w>" + "|".join(_WEEKDAYS) + r")s?\b", re.IGNORECASE)
_TIME = re.compile(
    r"(?<![\w.,])(?P<h>\d{1,2}|" + WORDNUM + r")(?:[:.](?P<min>\d{2}))?\s*"
    r"(?P<suffix>o'clock|o’clock|am\b|pm\b|a\.m\.|p\.m\.|uhr\b|h\b)",
    re.IGNORECASE,
)
_MAGNITUDE = re.compile(
    r"(?:magnitude|stärke|magnitude de)[-\s]+(?:of\s+)?(?P<a>\d+(?:[.,]\d+)?)"
    r"|(?P<b>\d+(?:[.,]\d+)?)[-\s]magnitude",
    re.IGNORECASE,
)
_RANGE_BETWEEN = re.compile(r"\b(?:between|zwischen|entre)\s*$", re.IGNORECASE)


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

    for m in _MAGNITUDE.finditer(sentence):
        text = m.group("a") or m.group("b")
        value = parse_number(text, lang)
        if value is not None:
            tol = precision(value)
            low, high = value_range(value, tol, _qualifier(sentence, m.start())[1])
            add(_make(sentence, m, value, low, high, "magnitude", "magnitude", "magnitude"))
    for m in _TIME.finditer(sentence):
        add(_time(sentence, m, lang))
    for m in _DATE.finditer(sentence):
        add(_date(sentence, m))
    for m in _WEEKDAY.finditer(sentence):
        # Only an event verb keys a date: "a statement Monday" and "a statement Saturday"
        # are two statements, not a dispute about one day.
        key = _participle_before(_words_before(sentence, m.start(), 12, commas=True, cased=True))
        value = float(_WEEKDAYS[m.group("w").lower()])
        add(_make(sentence, m, value, value, value, "weekday", key or "", m.group("w")))
    for m in NUMBER.finditer(sentence):
        if free(m.start(), m.end()):
            add(_measure(sentence, m, lang))
    return tuple(sorted(found, key=lambda q: q.start))


def _make(
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


def _qualifier(sentence: str, pos: int) -> tuple[str | None, str | None, int]:
    """The qualifier just before ``pos``: its words, its kind, and where it starts."""
    left = sentence[max(0, pos - 40) : pos]
    for pattern, kind in QUALIFIER_PATTERNS:
        hit = pattern.search(left)
        if hit:
            return hit.group("q").lower(), kind, pos - len(left) + hit.start("q")
    return None, None, pos


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
    key = _participle_before(_words_before(sentence, m.start(), 12, commas=True, cased=True))
    return _make(sentence, m, value, value - tol, value + tol, "time", key or "", m.group(0))


def _date(sentence: str, m: re.Match[str]) -> Quantity | None:
    month_word = (m.group("m1") or m.group("m2") or "").lower()
    if month_word not in _MONTHS or (
        month_word in ("may", "mars", "march")
        and m.group("m2")
        and not sentence[m.start()].isupper()
    ):
        return None
    day = int(m.group("a") or m.group("b"))
    if not 1 <= day <= 31:
        return None
    value = float(_MONTHS[month_word] * 100 + day)
    key = _participle_before(_words_before(sentence, m.start(), 12, commas=True, cased=True))
    return _make(sentence, m, value, value, value, "date", key or "", m.group(0))


def _measure(sentence: str, m: re.Match[str], lang: str) -> Quantity | None:
    """A count, money, percentage, temperature, duration or distance around one number."""
    text = m.group("num") or m.group("wnum")
    lowered = text.lower()
    if lowered in _VAGUE:
        value = None
        least, most = _VAGUE[lowered]
        scaled = re.search(r"\b(tens|hundreds)\s+of\s+$", sentence[: m.start()], re.IGNORECASE)
        if scaled:  # "tens of thousands"
            factor = 10.0 if scaled.group(1).lower() == "tens" else 100.0
            least, most = least * factor / 2, most * factor
        vague: tuple[float, float] | None = (least, most)
    else:
        value = parse_number(text, lang)
        vague = None
        if value is None:
            return None
    before = sentence[: m.start()]
    after = sentence[m.end() :]
    if re.match(r"\s?-?\s?(?:year|month|week)s?[- ]old", after, re.IGNORECASE):
        return None  # an age describes one person, not the story
    glued = re.match(r"[^\W\d_]+", after)
    if re.search(r"[^\W\d_]$", before) or (glued and glued.group().lower() not in _SUFFIXES):
        return None  # part of a code: "A38", "4A"
    start, end = m.start(), m.end()
    currency = None
    sym = re.search(r"(US\$|[£$€¥]|\b(?:GBP|USD|EUR|CHF)\s?)$", before)
    if sym:
        currency = _CURRENCY_SYMBOLS[sym.group(1).strip().lower()]
        start = sym.start()
    scale = 1.0
    scale_hit = re.match(
        r"\s?(thousand|million|billion|trillion|bn|m|k|mio\.?|mrd\.?|millionen|milliarden?|"
        r"millions?|milliards?|tsd\.?)(?![^\W\d_])",
        after,
        re.IGNORECASE,
    )
    if scale_hit and (
        currency
        or len(scale_hit.group(1)) > 2
        or re.match(
            r"\s?\S+\s+(?:d['’])?(?:euros?|dollars?|pounds?|francs?|€|£)", after, re.IGNORECASE
        )
    ):
        scale = _SCALES[scale_hit.group(1).lower().rstrip(".")]
        end += scale_hit.end()
    rest = sentence[end:]
    cur_word = re.match(
        r"\s?(?:de\s+|d['’])?(euros?|dollars?|pounds?|francs?|franken|€|£)(?![^\W\d_])",
        rest,
        re.IGNORECASE,
    )
    if cur_word and not currency:
        currency = _CURRENCY_WORDS[cur_word.group(1).lower()]
        end += cur_word.end()
        rest = sentence[end:]
    qualifier, kind, qstart = _qualifier(sentence, start)
    if kind is not None and qstart < start:
        start = qstart
    between = _RANGE_BETWEEN.search(sentence[:start])
    if vague is not None:
        low, high = vague
        value = (low + high) / 2
    else:
        assert value is not None
        tol = precision(value) * scale
        value *= scale
        low, high = value_range(value, tol, kind)
        upper = re.match(r"\s*(?:-|–|to|and|bis|à)\s*(?:[£$€])?(\d[\d.,]*)", rest)
        if upper and (between or not re.match(r"\s*and", rest)):
            top = parse_number(upper.group(1), lang)
            if top is not None and top * scale > value:
                low, high = value, top * scale
                value = (low + high) / 2
                end += upper.end()
                rest = sentence[end:]
                if between:
                    start = between.start()
    after_words = _words_after(sentence, end, 8)
    before_words = _words_before(sentence, start)
    per = _period(after_words)

    if currency:
        key = next(
            (_MONEY_CUE_OF[w] for w in before_words + after_words[:4] if w in _MONEY_CUE_OF),
            None,
        ) or _nearest_content_before(before_words)
        return _make(sentence, m, value, low, high, f"money:{currency}", key or "",
                     key or "", per, qualifier, end, start)  # fmt: skip
    unit_hit = re.match(
        r"\s?(%|per ?cent|percent|prozent|pour ?cent|percentage points?|°\s?[CF]?|degrees?"
        r"(?: celsius| fahrenheit)?|grad)",
        rest,
        re.IGNORECASE,
    )
    if unit_hit:
        unit = unit_hit.group(1).lower()
        end += unit_hit.end()
        after_words = _words_after(sentence, end, 8)
        if unit.startswith(("°", "degree", "grad")):
            dimension, key = "temperature", "temperature"
        else:
            dimension = "percentage-points" if unit.startswith("percentage") else "percent"
            key = _nearest_content_before(before_words) or _first_content(after_words) or ""
        return _make(sentence, m, value, low, high, dimension, key, key, per, qualifier, end,
                     start)  # fmt: skip
    first = after_words[0] if after_words else ""
    base = first[:-1] if first.endswith("s") and first[:-1] in _DURATIONS else first
    base = {"minutes": "minute", "stunden": "stunde", "tage": "tag", "wochen": "woche",
            "monate": "monat", "jahre": "jahr", "heures": "heure", "jours": "jour",
            "semaines": "semaine", "years": "year"}.get(base, base)  # fmt: skip
    if base in _DURATIONS and not sentence[m.start() - 2 : m.start()].lower().endswith("a "):
        seconds = _DURATIONS[base]
        key = _participle_before(before_words) or _nearest_content_before(before_words) or ""
        end = _end_of(sentence, end, first)
        return _make(sentence, m, value * seconds, low * seconds, high * seconds, "duration",
                     key, key, None, qualifier, end, start)  # fmt: skip
    if base in _DISTANCES or (base.endswith("s") and base[:-1] in _DISTANCES):
        metres = _DISTANCES.get(base, _DISTANCES.get(base[:-1], 1.0))
        key = _nearest_content_before(before_words) or ""
        end = _end_of(sentence, end, first)
        return _make(sentence, m, value * metres, low * metres, high * metres, "distance",
                     key, key, None, qualifier, end, start)  # fmt: skip
    if _is_year(text, value, before_words, after_words):
        return None  # years are dates of background, rarely a figure outlets dispute
    return _count(sentence, m, value, low, high, before_words, after_words, per, qualifier,
                  start, end)  # fmt: skip


def _end_of(sentence: str, end: int, word: str) -> int:
    hit = sentence.lower().find(word, end)
    return hit + len(word) if hit >= 0 else end


def _first_content(words: list[str]) -> str | None:
    content = _content(words)
    return _lemma(content[0]) if content else None


def _is_year(text: str, value: float, before: list[str], after: list[str]) -> bool:
    """A four-digit number that reads as a year: "in 1934", "the 1934 bridge", "2019 was"."""
    if not re.fullmatch(r"1[5-9]\d\d|20\d\d", text):
        return False
    if before and before[0] in _YEAR_LEADS:
        return True
    return value >= 1900 and not (after and after[0].endswith("s"))


def _count(
    sentence: str,
    m: re.Match[str],
    value: float,
    low: float,
    high: float,
    before: list[str],
    after: list[str],
    per: str | None,
    qualifier: str | None,
    start: int,
    end: int,
) -> Quantity | None:
    """A count: the noun after the number, or the event it is a count of."""
    if before and before[0] in (
        "route",
        "routes",
        "line",
        "lines",
        "no",
        "number",
        "page",
        "platform",
        "gate",
        "article",
        "room",
        "flight",
        "bus",
    ):
        return None  # fmt: skip
    nouns = [w for w in after[:3] if w not in ("of", "more", "other", "further", "additional")]
    noun = nouns[0] if nouns else ""
    bare = not noun or noun in _STOP or noun.isdigit()
    if noun in _PEOPLE:
        event = _event(after[1:5]) or _event(before[:3])
    else:
        # "14 were injured" reads forwards; "killing 12" backwards
        ahead = _event(after[:3]) if after and after[0] in _AUXILIARIES else None
        event = (ahead or _event(before[:3]) or _event(after[:2])) if bare else None
    if noun in _EVENT_OF:
        return _make(sentence, m, value, low, high, "count", _EVENT_OF[noun], noun, per,
                     qualifier, _end_of(sentence, end, noun), start)  # fmt: skip
    if noun and noun not in _STOP and not noun.isdigit():
        if noun in _PEOPLE and not event:
            return None  # "400 people" alone: which people cannot be told
        if event and noun in _PEOPLE:
            said = next((w for w in after if _EVENT_OF.get(w) == event), event)
            thing = f"{noun} {said}"
            return _make(sentence, m, value, low, high, "count", event, thing, per, qualifier,
                         _end_of(sentence, end, noun), start)  # fmt: skip
        return _make(sentence, m, value, low, high, "count", _lemma(noun), noun, per,
                     qualifier, _end_of(sentence, end, noun), start)  # fmt: skip
    if event:
        return _make(sentence, m, value, low, high, "count", event, event, per, qualifier,
                     end, start)  # fmt: skip
    return None
