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
from dataclasses import dataclass

from tidings.ai.numbers import (
    APPROXIMATE,
    QUALIFIER_PATTERNS,
    VAGUE,
    WORDNUM,
    number_pattern,
    parse_number,
    precision,
    value_range,
)
from tidings.ai.quantity_words import (
    AUXILIARIES,
    CANONICAL,
    CURRENCY_SYMBOLS,
    CURRENCY_WORDS,
    DISTANCES,
    DURATION_PLURALS,
    DURATIONS,
    EVENT_OF,
    IRREGULAR_PARTICIPLES,
    MONEY_CUE_OF,
    MONTHS,
    PEOPLE,
    PERIODS,
    PERSONS,
    PHRASE_ENDS,
    RESIDENTS,
    SCALES,
    STOP,
    SUFFIXES,
    WEEKDAYS,
    YEAR_LEADS,
    ZONES,
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
    word = CANONICAL.get(word, word)
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return CANONICAL.get(word[:-1], word[:-1])
    return word


def _content(words: list[str]) -> list[str]:
    return [w for w in words if w not in STOP and not w.isdigit() and len(w) > 1]


def _event(words: list[str]) -> str | None:
    for word in words:
        if word in EVENT_OF:
            return EVENT_OF[word]
    return None


def _period(words: list[str]) -> str | None:
    """A rate's period from the words after the figure ("a day", "per week", "weekly")."""
    for i, word in enumerate(words):
        base = word[:-1] if word.endswith("s") and word[:-1] in PERIODS else word
        if base in PERIODS and (
            word in ("daily", "weekly", "monthly", "annually", "weekday", "weekdays")
            or (i > 0 and words[i - 1] in ("a", "an", "per", "each", "every", "typical", "pro"))
        ):
            return PERIODS[base]
    return None


def _participle_before(words: list[str]) -> str | None:
    """The nearest event word or past participle; capitalised words are names, not verbs."""
    for cased in words:
        word = cased.lower()
        if cased[:1].isupper() and word not in EVENT_OF:
            continue  # "the United States"
        if word in EVENT_OF:
            return EVENT_OF[word]
        if word not in STOP and (word.endswith("ed") or word in IRREGULAR_PARTICIPLES):
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

    aftershocks = _AFTERSHOCK.search(sentence) is not None
    for m in _MAGNITUDE.finditer(sentence):
        text = m.group("a") or m.group("b")
        value = parse_number(text, lang)
        if aftershocks:
            taken.append((m.start(), m.end()))  # neither the quake's magnitude nor a count
        elif value is not None:
            decimals = re.search(r"[.,](\d+)$", text)  # "5.0" is as precise as "4.9"
            tol = 0.5 * 10.0 ** -len(decimals.group(1)) if decimals else precision(value)
            kind = _qualifier(sentence, m.start("a") if m.group("a") else m.start())[1]
            low, high = value_range(value, tol, kind)
            group = "a" if m.group("a") else "b"  # the figure alone, as the outlet wrote it
            add(
                _make(sentence, m, value, low, high, "magnitude", "magnitude", "magnitude",
                      start=m.start(group), end=m.end(group))
            )  # fmt: skip
    for m in _TIME.finditer(sentence):
        add(_time(sentence, m, lang))
    for m in _DATE.finditer(sentence):
        add(_date(sentence, m))
    for m in _WEEKDAY.finditer(sentence):
        # Only an event verb keys a date: "a statement Monday" and "a statement Saturday"
        # are two statements, not a dispute about one day.
        key = _participle_before(_words_before(sentence, m.start(), 12, commas=True, cased=True))
        value = float(WEEKDAYS[m.group("w").lower()])
        add(_make(sentence, m, value, value, value, "weekday", key or "", m.group("w")))
    for m in number_pattern(lang).finditer(sentence):
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
    key = _participle_before(_words_before(sentence, m.start(), 12, commas=True, cased=True))
    return _make(sentence, m, value, value, value, "date", key or "", m.group(0))


def _measure(sentence: str, m: re.Match[str], lang: str) -> Quantity | None:
    """A count, money, percentage, temperature, duration or distance around one number."""
    text = m.group("num") or m.group("wnum")
    lowered = " ".join(text.lower().split())
    if lowered in VAGUE:
        value = None
        least, most = VAGUE[lowered]
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
    start, end = m.start(), m.end()
    currency = None
    sym = re.search(r"(US\$|[£$€¥]|\b(?:GBP|USD|EUR|CHF)\s?|\beuro)$", before)
    if sym:
        currency = CURRENCY_SYMBOLS[sym.group(1).strip().lower()]
        start = sym.start()
    glued = re.match(r"[^\W\d_]+", after)
    if (re.search(r"[^\W\d_]$", before) and not sym) or (
        glued and glued.group().lower() not in SUFFIXES
    ):
        return None  # part of a code: "A38", "4A"
    scale = 1.0
    scale_hit = re.match(
        r"[\s-]?(thousand|million|billion|trillion|bn|m|k|mio\.?|mrd\.?|millionen|milliarden?|"
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
        scale = SCALES[scale_hit.group(1).lower().rstrip(".")]
        end += scale_hit.end()
    if not scale_hit and re.match(r"-[^\W\d_]", after) and not _currency_glued(after):
        return None  # a compound adjective: "a 20-year veteran", "the 300-seat parliament"
    rest = sentence[end:]
    cur_word = re.match(
        r"[\s-]?(?:de\s+|d['’])?(euros?|dollars?|pounds?|francs?|franken|€|£)(?![^\W\d_])",
        rest,
        re.IGNORECASE,
    )
    if cur_word and not currency:
        currency = CURRENCY_WORDS[cur_word.group(1).lower()]
        end += cur_word.end()
        rest = sentence[end:]
    qualifier, kind, qstart = _qualifier(sentence, start)
    if kind is not None and qstart < start:
        start = qstart
    if lowered in APPROXIMATE:  # "une trentaine": about thirty
        qualifier, kind = qualifier or lowered, kind or "about"
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
        cues = before_words + after_words[:4] + _outside_brackets(sentence, start, end)
        key = next((MONEY_CUE_OF[w] for w in cues if w in MONEY_CUE_OF), None)
        key = key or _nearest_content_before(before_words)
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
            if {"latitude", "longitude"} & set(after_words[:3]):
                return None  # a position, not a temperature
            fahrenheit = unit.endswith(("f", "fahrenheit"))
            dimension, key = "temperature:F" if fahrenheit else "temperature", "temperature"
        else:
            dimension = "percentage-points" if unit.startswith("percentage") else "percent"
            key = _nearest_content_before(before_words) or _first_content(after_words) or ""
        return _make(sentence, m, value, low, high, dimension, key, key, per, qualifier, end,
                     start)  # fmt: skip
    first = after_words[0] if after_words else ""
    base = first[:-1] if first.endswith("s") and first[:-1] in DURATIONS else first
    base = DURATION_PLURALS.get(base, base)
    if base in DURATIONS and not sentence[m.start() - 2 : m.start()].lower().endswith("a "):
        seconds = DURATIONS[base]
        key = _participle_before(before_words) or _nearest_content_before(before_words) or ""
        end = _end_of(sentence, end, first)
        return _make(sentence, m, value * seconds, low * seconds, high * seconds, "duration",
                     key, key, None, qualifier, end, start)  # fmt: skip
    if base in DISTANCES or (base.endswith("s") and base[:-1] in DISTANCES):
        metres = DISTANCES.get(base, DISTANCES.get(base[:-1], 1.0))
        key = _nearest_content_before(before_words) or ""
        end = _end_of(sentence, end, first)
        return _make(sentence, m, value * metres, low * metres, high * metres, "distance",
                     key, key, None, qualifier, end, start)  # fmt: skip
    if _is_year(text, value, before_words, after_words):
        return None  # years are dates of background, rarely a figure outlets dispute
    return _count(sentence, m, value, low, high, before_words, after_words, per, qualifier,
                  start, end)  # fmt: skip


def _currency_glued(after: str) -> bool:
    """Whether a currency word is glued on by a hyphen: "a two-million-euro booty"."""
    return re.match(r"-(?:euros?|dollars?|pounds?)\b", after, re.IGNORECASE) is not None


def _outside_brackets(sentence: str, start: int, end: int) -> list[str]:
    """Words beyond the brackets a figure stands in or before: a conversion ("€2m (£1.7m;
    $2.6m) in gems") is of the same thing as the figure before the brackets."""
    opened = re.search(r"\(\s*(?:[^()]*[;,]\s*)?$", sentence[:start])
    if opened:
        close = sentence.find(")", end)
        if close < 0:
            return []
        return _words_before(sentence, opened.start(), 4) + _words_after(sentence, close + 1, 6)
    followed = re.match(r"\s*\([^()]*\)", sentence[end:])
    return _words_after(sentence, end + followed.end(), 6) if followed else []


def _end_of(sentence: str, end: int, word: str) -> int:
    hit = sentence.lower().find(word, end)
    return hit + len(word) if hit >= 0 else end


def _first_content(words: list[str]) -> str | None:
    content = _content(words)
    return _lemma(content[0]) if content else None


_PART = r"(?:a|an|one|un|une|ein|eine|uno|una|\d+|" + WORDNUM + r")"
_BREAKDOWN_AFTER = re.compile(
    r"\s+(?P<w>[^\W\d_]+)\s*(?:,|and|und|et|y)\s+" + _PART + r"\s", re.IGNORECASE
)
_BREAKDOWN_BEFORE = re.compile(
    r"\b" + _PART + r"\s+(?P<w>[^\W\d_]+)\s*(?:,|and|und|et|y)\s+$", re.IGNORECASE
)


def _in_breakdown(sentence: str, m: re.Match[str]) -> bool:
    """Whether a count is one of a list of counts of kinds: "two women and one man" (not
    "14 injured and twelve hurt", two counts of what happened)."""
    hit = _BREAKDOWN_AFTER.match(sentence, m.end()) or _BREAKDOWN_BEFORE.search(
        sentence[: m.start()]
    )
    return hit is not None and hit.group("w").lower() not in EVENT_OF


_SUPERLATIVE = re.compile(
    r"[^\W\d_]+est-[^\W\d_]+|(?:worst|most|best)(?:-[^\W\d_]+)?|largest|biggest|hardest|highest"
)


def _head(nouns: list[str]) -> str:
    """The noun a count counts: the second of a compound whose first word is a modifier
    ("two fire tenders", "three undersea cables", "four young couples")."""
    if not nouns:
        return ""
    first = nouns[0]
    if first in EVENT_OF or first in PEOPLE or first in PERSONS or first in STOP:
        return first
    if len(nouns) > 1:
        second = nouns[1]
        plural = second.endswith("s") and len(second) > 3 and not first.endswith("s")
        if plural and second not in STOP and second not in PHRASE_ENDS:
            return second
    return first


def _is_year(text: str, value: float, before: list[str], after: list[str]) -> bool:
    """A four-digit number that reads as a year: "in 1934", "the 1934 bridge", "2019 was"."""
    if not re.fullmatch(r"1[5-9]\d\d|20\d\d", text):
        return False
    if before and before[0] in YEAR_LEADS:
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
    if _in_breakdown(sentence, m):
        return None  # "two women and a man died": parts of a total said elsewhere
    nouns = [w for w in after[:4] if w not in ("of", "more", "other", "further", "additional")]
    noun = nouns[0] if nouns else ""
    if noun in ZONES or (noun and len(noun) < 2):
        return None  # "(1300 GMT)": a clock time; "1:53 p. m.": a broken one
    if noun in RESIDENTS or (before[:2] == ["to", "home"] or "population" in before[:3]):
        stop = _end_of(sentence, end, noun) if noun else end
        return _make(sentence, m, value, low, high, "count", "population", noun or "population",
                     per, qualifier, stop, start)  # fmt: skip
    if any(_SUPERLATIVE.fullmatch(w) for w in nouns[:2]):
        return None  # "the four hardest-hit villages": a part picked out, not all of them
    noun = _head(nouns)
    bare = not noun or noun in STOP or noun.isdigit()
    if noun in PEOPLE or noun in PERSONS:
        # "killing at least three people and injuring others": the verb before binds first
        event = _event(before[:2]) or _event(after[1:6]) or _event(before[2:3])
    else:
        # "14 were injured" reads forwards; "killing 12" backwards
        ahead = _event(after[:3]) if after and after[0] in AUXILIARIES else None
        event = (ahead or _event(before[:3]) or _event(after[:2])) if bare else None
    if noun in EVENT_OF:
        return _make(sentence, m, value, low, high, "count", EVENT_OF[noun], noun, per,
                     qualifier, _end_of(sentence, end, noun), start)  # fmt: skip
    if noun and noun not in STOP and not noun.isdigit():
        if noun in PEOPLE and not event:
            return None  # "400 people" alone: which people cannot be told
        if event and (noun in PEOPLE or noun in PERSONS):
            said = next((w for w in after if EVENT_OF.get(w) == event), event)
            thing = f"{noun} {said}"
            return _make(sentence, m, value, low, high, "count", event, thing, per, qualifier,
                         _end_of(sentence, end, noun), start)  # fmt: skip
        return _make(sentence, m, value, low, high, "count", _lemma(noun), noun, per,
                     qualifier, _end_of(sentence, end, noun), start)  # fmt: skip
    if event:
        return _make(sentence, m, value, low, high, "count", event, event, per, qualifier,
                     end, start)  # fmt: skip
    return None
