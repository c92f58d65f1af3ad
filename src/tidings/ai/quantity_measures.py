"""What a bare number in a sentence measures: money, a percentage, a temperature, a
duration, a distance or a count, and of what (see ``tidings.ai.quantities``).
"""

from __future__ import annotations

import re

from tidings.ai.numbers import APPROXIMATE, VAGUE, WORDNUM, parse_number, precision, value_range
from tidings.ai.quantity_context import (
    Quantity,
    end_of,
    event_in,
    first_content,
    lemma,
    make_quantity,
    nearest_content_before,
    participle_before,
    qualifier_before,
    rate_period,
    words_after,
    words_before,
)
from tidings.ai.quantity_words import (
    AUXILIARIES,
    CURRENCY_SYMBOLS,
    CURRENCY_WORDS,
    DISTANCES,
    DURATION_PLURALS,
    DURATIONS,
    EVENT_OF,
    MONEY_CUE_OF,
    PEOPLE,
    PERSONS,
    PHRASE_ENDS,
    RESIDENTS,
    SCALES,
    STOP,
    SUFFIXES,
    YEAR_LEADS,
    ZONES,
)

__all__ = ["measure"]

_RANGE_BETWEEN = re.compile(r"\b(?:between|zwischen|entre)\s*$", re.IGNORECASE)


def measure(sentence: str, m: re.Match[str], lang: str) -> Quantity | None:
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
    qualifier, kind, qstart = qualifier_before(sentence, start)
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
    after_words = words_after(sentence, end, 8)
    before_words = words_before(sentence, start)
    per = rate_period(after_words)

    if currency:
        cues = before_words + after_words[:4] + _outside_brackets(sentence, start, end)
        key = next((MONEY_CUE_OF[w] for w in cues if w in MONEY_CUE_OF), None)
        key = key or nearest_content_before(before_words)
        return make_quantity(sentence, m, value, low, high, f"money:{currency}", key or "",
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
        after_words = words_after(sentence, end, 8)
        if unit.startswith(("°", "degree", "grad")):
            if {"latitude", "longitude"} & set(after_words[:3]):
                return None  # a position, not a temperature
            fahrenheit = unit.endswith(("f", "fahrenheit"))
            dimension, key = "temperature:F" if fahrenheit else "temperature", "temperature"
        else:
            dimension = "percentage-points" if unit.startswith("percentage") else "percent"
            key = nearest_content_before(before_words) or first_content(after_words) or ""
        return make_quantity(sentence, m, value, low, high, dimension, key, key, per, qualifier,
                             end, start)  # fmt: skip
    first = after_words[0] if after_words else ""
    base = first[:-1] if first.endswith("s") and first[:-1] in DURATIONS else first
    base = DURATION_PLURALS.get(base, base)
    if base in DURATIONS and not sentence[m.start() - 2 : m.start()].lower().endswith("a "):
        seconds = DURATIONS[base]
        key = participle_before(before_words) or nearest_content_before(before_words) or ""
        end = end_of(sentence, end, first)
        return make_quantity(sentence, m, value * seconds, low * seconds, high * seconds,
                             "duration", key, key, None, qualifier, end, start)  # fmt: skip
    if base in DISTANCES or (base.endswith("s") and base[:-1] in DISTANCES):
        metres = DISTANCES.get(base, DISTANCES.get(base[:-1], 1.0))
        key = nearest_content_before(before_words) or ""
        end = end_of(sentence, end, first)
        return make_quantity(sentence, m, value * metres, low * metres, high * metres, "distance",
                             key, key, None, qualifier, end, start)  # fmt: skip
    if _is_year(text, value, before_words, after_words):
        return None  # years are dates of background, rarely a figure outlets dispute
    return _count(sentence, m, value, low, high, before_words, after_words, per, qualifier, start,
                  end)  # fmt: skip


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
        return words_before(sentence, opened.start(), 4) + words_after(sentence, close + 1, 6)
    followed = re.match(r"\s*\([^()]*\)", sentence[end:])
    return words_after(sentence, end + followed.end(), 6) if followed else []


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
        stop = end_of(sentence, end, noun) if noun else end
        return make_quantity(sentence, m, value, low, high, "count", "population",
                             noun or "population", per, qualifier, stop, start)  # fmt: skip
    if any(_SUPERLATIVE.fullmatch(w) for w in nouns[:2]):
        return None  # "the four hardest-hit villages": a part picked out, not all of them
    noun = _head(nouns)
    bare = not noun or noun in STOP or noun.isdigit()
    if noun in PEOPLE or noun in PERSONS:
        # "killing at least three people and injuring others": the verb before binds first
        event = event_in(before[:2]) or event_in(after[1:6]) or event_in(before[2:3])
    else:
        # "14 were injured" reads forwards; "killing 12" backwards
        ahead = event_in(after[:3]) if after and after[0] in AUXILIARIES else None
        event = (ahead or event_in(before[:3]) or event_in(after[:2])) if bare else None
    if noun in EVENT_OF:
        return make_quantity(sentence, m, value, low, high, "count", EVENT_OF[noun], noun, per,
                             qualifier, end_of(sentence, end, noun), start)  # fmt: skip
    if noun and noun not in STOP and not noun.isdigit():
        if noun in PEOPLE and not event:
            return None  # "400 people" alone: which people cannot be told
        if event and (noun in PEOPLE or noun in PERSONS):
            said = next((w for w in after if EVENT_OF.get(w) == event), event)
            thing = f"{noun} {said}"
            return make_quantity(sentence, m, value, low, high, "count", event, thing, per,
                                 qualifier, end_of(sentence, end, noun), start)  # fmt: skip
        return make_quantity(sentence, m, value, low, high, "count", lemma(noun), noun, per,
                             qualifier, end_of(sentence, end, noun), start)  # fmt: skip
    if event:
        return make_quantity(sentence, m, value, low, high, "count", event, event, per, qualifier,
                             end, start)  # fmt: skip
    return None
