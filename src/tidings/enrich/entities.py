"""Light named-mention extraction: names, numbers and dates, by rule, with no model.

What tells two events of one kind apart (two earthquakes, two celebrities in rehab) is who,
where, when and how much: the names, the place, the date, the magnitude. Rules find them:

- names: runs of capitalised words ("Tara Reid", "U. S. Marshals", "Kim Jong Un"), joined
  by particles ("Bank of England"). A capitalised word the text also uses in lower case
  ("Prison" in a Title Case headline) is a common word and dropped, as are function words
  that open a sentence ("The", "After");
- numbers: decimals ("6.1"), amounts and counts of 10 or more ("30,000", "485"), read in
  the article's language's convention, so the French "4,9" and "9 000" are the English
  "4.9" and "9,000" (without a language: a comma before exactly three digits groups
  thousands, before one or two it is a decimal point);
- dates: "November 30, 2009", "Nov. 30", "30 November 2009", "11/30/09", "2009-11-30";
  a year alone (1900-2099) counts as a year. Month names are English, plus those of the
  article's language ("30. November", "30 novembre", "30 de noviembre").

``Mentions.features`` turns them into comparable keys: each name word (so that "Reid"
matches "Tara Reid"), ``#6.1``, ``@11-30`` for a month and day, ``@2009`` for a year.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass

__all__ = ["Mentions", "extract_mentions", "read_number"]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
# Month names of the languages the site speaks and its sources often write, by language;
# English's are read in every text, the others only in their language's (the French
# "mars" is March, the English "Mars" a planet).
_FOREIGN_MONTHS: dict[str, dict[str, int]] = {
    language: {
        name: number
        for number, names in enumerate(months.split("|"), start=1)
        for name in names.split()
    }
    for language, months in {
        "de": "januar jan jänner|februar feb|märz mär|april apr|mai|juni jun|juli jul|"
        "august aug|september sep sept|oktober okt|november nov|dezember dez",
        "fr": "janvier janv|février févr fevrier|mars|avril avr|mai|juin|juillet juil|"
        "août aout|septembre sept|octobre oct|novembre nov|décembre déc decembre",
        "es": "enero ene|febrero feb|marzo mar|abril abr|mayo may|junio jun|julio jul|"
        "agosto ago|septiembre setiembre sep sept|octubre oct|noviembre nov|diciembre dic",
        "it": "gennaio gen|febbraio feb|marzo mar|aprile apr|maggio mag|giugno giu|"
        "luglio lug|agosto ago|settembre set|ottobre ott|novembre nov|dicembre dic",
        "nl": "januari jan|februari feb|maart mrt|april apr|mei|juni jun|juli jul|"
        "augustus aug|september sep sept|oktober okt|november nov|december dec",
        "pt": "janeiro jan|fevereiro fev|março mar|abril abr|maio mai|junho jun|julho jul|"
        "agosto ago|setembro set|outubro out|novembro nov|dezembro dez",
    }.items()
}
# German capitalises every noun, so a capital letter alone says little there. A capitalised
# word is taken for a common noun, not a name, after a determiner or a contraction of one
# ("die Feuerwehr", "im Hafen"), after a number ("118 Kilometer"), after a lower-case word
# with an adjective's ending ("umgestürzte Bäume"), or when it ends like a noun
# ("Warnung", "Gemeinschaft"). What is left are mostly names: "Odile", "Lindhaven",
# "Holger Timm", and the plural nouns no rule catches.
_GERMAN_DETERMINERS = _words(
    """der die das den dem des ein eine einen einem einer eines kein keine keinen keinem
    keiner keines mein meine meinen meinem meiner sein seine seinen seinem seiner ihr ihre
    ihren ihrem ihrer unser unsere unseren unserem unserer dieser diese dieses diesen diesem
    jener jene jenes jede jeder jedes jeden jedem alle allen aller viele vielen vieler
    mehrere mehreren einige einigen wenige wenigen manche manchen welche welcher welches
    solche solchen zum zur im am vom beim ins ans aufs durchs fürs ums"""
)
_GERMAN_PREPOSITIONS = _words(
    "über unter hinter gegen neben zwischen wegen während entlang innerhalb außerhalb "
    "oberhalb unterhalb seit laut"
)
_GERMAN_NOUN_ENDINGS = (
    "ung", "ungen", "heit", "heiten", "keit", "keiten", "schaft", "schaften", "tion",
    "tionen", "tät", "täten", "ismus", "nis", "nisse", "chen", "lein", "tum", "ment",
)  # fmt: skip
# Languages that write a decimal comma and group thousands with a point or a space.
_DECIMAL_COMMA = frozenset(
    ["de", "fr", "es", "it", "nl", "pt", "da", "sv", "nb", "no", "fi", "pl", "cs", "ru", "tr"]
)
# The languages read otherwise than with none: ``extract_mentions`` and what it calls
# look at the language only through these.
_OWN_CONVENTIONS = frozenset({"fr", "de", *_FOREIGN_MONTHS, *_DECIMAL_COMMA})
_WEEKDAYS = _words(
    "monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thurs fri "
    "sat sun"
)
# Words that are capitalised for their place in a sentence, not because they name anything.
_COMMON = _words(
    """a about above according across after against ago all also although am among an and
    another any are around as at back be because been before being both but by can could did
    do does during each earlier either even ever every few for former from further had has have
    he her here hers him his how however i if in including into is it its just last late later
    latest least less like many may me meanwhile more most mr mrs ms much my near neither never
    next no nor not now of off on once one only or other our out over own per please
    reportedly said says she should since so some still such than that the their them then
    there these they this those though through thus to today tomorrow too under unlike until
    up upon us very via was we were what whatever when where whether which while who whom whose
    why will with within without would yes yesterday yet you your breaking update updated
    exclusive watch video photos photo read report reports news live opinion analysis
    one two three four five six seven eight nine ten eleven twelve fifteen twenty thirty forty
    fifty hundred hundreds thousand thousands million millions billion billions dozen dozens
    am pm gmt bst utc est edt cst cdt pst pdt cet et"""
)
_PARTICLES = _words("of de del della der van von al bin da di du la le y")
_ABBREVIATIONS = _words("mr mrs ms dr st jr sr gen sen rep gov lt col sgt capt prof rev")

_PIECE = re.compile(
    r"\d{1,2}/\d{1,2}/\d{2,4}"  # 11/30/09
    r"|\d{4}-\d{2}-\d{2}"  # 2009-11-30
    r"|\d{1,2}:\d{2}"  # 9:36, a time of day: not a number that tells events apart
    r"|\d{1,3}(?:[\u00a0\u202f\u2009]\d{3})+(?:,\d+)?(?!\d)"  # 9 000 (no-break spaces)
    r"|\d+(?:[.,]\d+)*"  # 6.1, 30,000
    r"|[^\W\d_](?:[\w'’-]*[^\W_])?"  # words, with inner apostrophes and hyphens
    r"|[.,!?;:()\"“”]"  # what ends a run of capitalised words
)


@dataclass(frozen=True, slots=True)
class Mentions:
    """Names, numbers and dates found in a text, in order of first appearance, with repeats."""

    names: tuple[str, ...]
    numbers: tuple[str, ...]
    dates: tuple[str, ...]  # "2009-11-30", "11-30" (no year given) or "2009"

    def features(self) -> Counter[str]:
        """Comparable keys with counts: name words, ``#number``, ``@month-day``, ``@year``."""
        keys: Counter[str] = Counter()
        for name in self.names:
            keys.update(word for word in name.lower().split() if word not in _PARTICLES)
        keys.update(f"#{number}" for number in self.numbers)
        for date in self.dates:
            if len(date) == 10:  # a full date counts as its day and its year
                keys[f"@{date[5:]}"] += 1
                keys[f"@{date[:4]}"] += 1
            else:
                keys[f"@{date}"] += 1
        return keys


def _year(text: str) -> str | None:
    value = int(text)
    if len(text) == 2:
        value += 2000 if value < 50 else 1900
    return str(value) if 1900 <= value <= 2099 else None


def _slash_date(piece: str) -> str | None:
    month, day, year = piece.split("/")
    full = _year(year)
    if not (1 <= int(month) <= 12 and 1 <= int(day) <= 31) or full is None:
        return None
    return f"{full}-{int(month):02d}-{int(day):02d}"


def _month_date(pieces: list[str], at: int, month: int) -> tuple[str, int, int | None] | None:
    """The date written around the month name at ``at``, if a day goes with it: the date,
    the position after its last piece, and where the day was when it came before the
    month ("30 November", "30. November", "30 de noviembre")."""
    end = at + 1
    if end < len(pieces) and pieces[end] == ".":  # "Nov. 30"
        end += 1

    def number(position: int, low: int, high: int) -> int | None:
        piece = pieces[position] if position < len(pieces) else ""
        return int(piece) if piece.isdigit() and low <= int(piece) <= high else None

    day = number(end, 1, 31)
    day_before: int | None = None
    if day is not None:
        end += 1
        if end < len(pieces) and pieces[end] == ",":
            end += 1
    elif at > 0 and number(at - 1, 1, 31) is not None:
        day_before = at - 1
    elif at > 1 and pieces[at - 1] in (".", "de") and number(at - 2, 1, 31) is not None:
        day_before = at - 2
    if day_before is not None:
        day = number(day_before, 1, 31)
    if day is None:
        return None
    if end < len(pieces) and pieces[end] == "de":  # "30 de noviembre de 2009"
        end += 1
    year = number(end, 1900, 2099) if end < len(pieces) and len(pieces[end]) == 4 else None
    if year is None:
        return f"{month:02d}-{day:02d}", end, day_before
    return f"{year}-{month:02d}-{day:02d}", end + 1, day_before


def _is_title_line(pieces: list[str]) -> bool:
    """A headline in Title Case or capitals, where capitals say nothing about names."""
    words = [t for t in pieces if t[0].isalpha() and len(t) > 3]
    if not 3 <= len(words) <= 20:
        return False
    return sum(t[0].isupper() for t in words) >= 0.7 * len(words)


# French groups thousands with a plain space too ("9 000 foyers"): joined before reading.
_SPACE_GROUPED = re.compile(r"(?<![\d.,])(\d{1,3})((?: \d{3})+)(?![\d.,]?\d)")


def _primary(language: str | None) -> str:
    return (language or "").replace("_", "-").split("-", 1)[0].strip().lower()


@functools.lru_cache(maxsize=16)
def _months(language: str) -> dict[str, int]:
    return {**_FOREIGN_MONTHS.get(language, {}), **_MONTHS}


def _conventions(language: str | None) -> str:
    """The language whose conventions reading depends on, or "" where it reads as with
    none (English among them): its months, decimal comma, grouping or nouns."""
    primary = _primary(language)
    return primary if primary in _OWN_CONVENTIONS else ""


def extract_mentions(text: str, language: str | None = None) -> Mentions:
    """The names, numbers and dates in ``text`` (a headline and body, or either), read
    in ``language``'s conventions when it is given (a BCP 47 tag such as ``fr-FR``).

    Cached (the result is immutable): the story stage reads an article's mentions to
    cluster it and again, a moment later, for its hashtags (without its language: the
    cache is keyed by the conventions, so an English text is read once)."""
    return _extract_mentions(text, _conventions(language))


@functools.lru_cache(maxsize=4096)
def _extract_mentions(text: str, language: str) -> Mentions:
    months = _months(language)
    if language == "fr":
        text = _SPACE_GROUPED.sub(lambda m: m.group(1) + m.group(2).replace(" ", "\u202f"), text)
    lower_words = {match.group() for match in re.finditer(r"\b[a-z][\w'’-]*", text)}
    lines = [_PIECE.findall(line) for line in text.splitlines()]
    title_lines = [_is_title_line(pieces) for pieces in lines]
    # A capitalised word seen mid-sentence in running text is a name wherever it appears;
    # one seen only where every word is capitalised (a headline, a sentence's first word)
    # is taken for a name only when nothing says otherwise (not lower case elsewhere).
    attested = {
        _base(piece).lower()
        for pieces, title in zip(lines, title_lines, strict=True)
        if not title
        for piece, start in zip(pieces, _sentence_starts(pieces), strict=True)
        if not start and piece[0].isupper()
    }
    names: list[str] = []
    numbers: list[str] = []
    dates: list[str] = []
    for pieces, title in zip(lines, title_lines, strict=True):
        run: list[str] = []
        starts = _sentence_starts(pieces)
        resume = 0
        for at, piece in enumerate(pieces):
            if at < resume:
                continue  # the day and year of a date already read
            word = _base(piece).lower()
            if piece[0].isdigit():
                _add_number(piece, numbers, dates, language)
            elif not piece[0].isalpha():
                if (
                    piece == "."
                    and run
                    and (len(run[-1]) == 1 or run[-1].lower() in _ABBREVIATIONS)
                ):
                    continue  # "U. S. Marshals", "Dr. Smith": the run goes on
            elif word in months and (found := _month_date(pieces, at, months[word])):
                date, resume, day_before = found
                if day_before is not None and numbers and numbers[-1] == pieces[day_before]:
                    numbers.pop()  # "30 November": the 30 was a day, not a number
                dates.append(date)
            elif word in months and word != "may":
                pass
            elif (
                _is_name_word(piece, word, lower_words, attested)
                and (
                    title
                    or not starts[at]
                    or word in attested
                    or _names_next(pieces, at, lower_words)
                )
                and not (language == "de" and _german_noun(pieces, at, word))
            ):
                if word not in _WEEKDAYS:
                    run.append(_base(piece))
                    continue
            elif word in _PARTICLES and run:
                run.append(word)
                continue
            _close(run, names)
        _close(run, names)
    return Mentions(tuple(names), tuple(numbers), tuple(dates))


def _german_noun(pieces: list[str], at: int, word: str) -> bool:
    """Whether a capitalised German word reads as a common noun (see _GERMAN_DETERMINERS)."""
    previous = pieces[at - 1] if at else ""
    lowered = previous.lower()
    if lowered in _GERMAN_DETERMINERS or previous[:1].isdigit():
        return True
    if (
        previous[:1].islower()
        and len(previous) > 3
        and lowered not in _GERMAN_PREPOSITIONS
        and not lowered.endswith("te")  # "sagte Timm": a verb, not an adjective
        and lowered.endswith(("e", "en", "er", "es", "em"))
    ):
        return True
    return word.endswith(_GERMAN_NOUN_ENDINGS)


def _base(piece: str) -> str:
    return piece.removesuffix("'s").removesuffix("’s")


def _sentence_starts(pieces: list[str]) -> list[bool]:
    starts = []
    start = True
    for at, piece in enumerate(pieces):
        starts.append(start)
        if piece in ".!?":
            previous = pieces[at - 1] if at else ""
            # "U. S." and "Dr." do not end a sentence.
            start = not (len(previous) == 1 or previous.lower() in _ABBREVIATIONS)
        elif piece not in '"“(':
            start = False
    return starts


def _is_name_word(piece: str, word: str, lower_words: set[str], attested: set[str]) -> bool:
    if not piece[0].isupper() or word in _COMMON:
        return False
    return len(piece) == 1 or word in attested or word not in lower_words


def _names_next(pieces: list[str], at: int, lower_words: set[str]) -> bool:
    """Whether a sentence's first word starts a run of names ("Tara Reid said")."""
    following = pieces[at + 1] if at + 1 < len(pieces) else ""
    word = _base(following).lower()
    return bool(following) and _is_name_word(following, word, lower_words, set())


def _close(run: list[str], names: list[str]) -> None:
    while run and run[-1] in _PARTICLES:
        run.pop()
    if run:
        names.append(" ".join(run))
    run.clear()


def read_number(piece: str, language: str | None = None) -> tuple[str, bool]:
    """A written number as one canonical form ("30000", "4.9") and whether it has a
    fraction. "4,9" in French, "4.9" in English and "4,9" with no language all read 4.9;
    "40.000" in German and "40,000" in English read 40000."""
    piece = re.sub(r"[\u00a0\u202f\u2009 ]", "", piece)
    decimal_comma = _primary(language) in _DECIMAL_COMMA
    marks = [c for c in piece if c in ".,"]
    decimal: str | None = None
    if len(set(marks)) == 2:
        decimal = marks[-1]  # "1,234.5" and "1.234,5": the last mark is the decimal point
    elif len(marks) == 1:
        mark = marks[0]
        grouped = len(piece) - piece.index(mark) - 1 == 3
        # Three digits after one mark group thousands, unless the language uses that mark
        # as its decimal point ("2,500" in English, but "2,500" in German is 2.5).
        if not grouped or mark == ("," if decimal_comma else "."):
            decimal = mark
    if decimal is None:
        return piece.replace(",", "").replace(".", ""), False
    whole, _, fraction = piece.rpartition(decimal)
    whole = whole.replace(",", "").replace(".", "") or "0"
    fraction = fraction.rstrip("0")
    return (f"{int(whole)}.{fraction}" if fraction else str(int(whole))), bool(fraction)


def _add_number(piece: str, numbers: list[str], dates: list[str], language: str) -> None:
    if ":" in piece:
        return
    if "/" in piece:
        if date := _slash_date(piece):
            dates.append(date)
    elif "-" in piece:
        dates.append(piece)
    elif len(piece) == 4 and piece.isdigit() and (year := _year(piece)):
        dates.append(year)
    else:
        value, fractional = read_number(piece, language)
        if fractional or int(value.split(".")[0]) >= 10:
            numbers.append(value)
