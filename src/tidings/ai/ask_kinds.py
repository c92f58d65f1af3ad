"""What a question asks for, and which sentences carry that kind of answer.

A reader's question names its answer's type before it names anything else: "When ..."
wants a date or a time, "How long ..." a duration, "How many ..." a count, "How much ..."
an amount of money or a share, "Who ..." a person or an organisation, "Where ..." a
place, "Why ..." a cause. ``question_kind`` reads that from the question's first words in
English, German, French or Spanish; ``carries`` says whether a sentence holds a value of
that type that the question does not already contain (the "1994" of "When did he die in
1994?" answers nothing).

Rules, not a model: question words are a closed class, and the cues (month and weekday
names, clock times, units of time, currency signs, causal connectives, titles and capitalised
names after a preposition) are what a reader scans for too. The ask scorer weighs a match
by what cross-validation on our question set found it worth (``tidings.ai.ask_model``).
"""

from __future__ import annotations

import re
from typing import Literal

__all__ = [
    "KINDS",
    "VALUE_KINDS",
    "Kind",
    "carries",
    "names_cause",
    "pinpoints",
    "question_kind",
    "value_spans",
]

Kind = Literal["when", "how long", "how many", "how much", "who", "where", "why", "what"]
KINDS: tuple[Kind, ...] = (
    "when",
    "how long",
    "how many",
    "how much",
    "who",
    "where",
    "why",
    "what",
)
# The kinds whose answer is a value a pattern finds: a date, a duration, a count, an amount.
VALUE_KINDS: frozenset[Kind] = frozenset({"when", "how long", "how many", "how much"})

_I = re.IGNORECASE

# -- the question ---------------------------------------------------------------------------

_UNITS_OF_TIME = (
    r"(?:seconds?|minutes?|hours?|days?|nights?|weeks?|fortnights?|months?|years?|decades?"
    r"|sekunden|minuten|stunden?|tage?[ns]?|wochen?|monate?[ns]?|jahre?[ns]?"
    r"|secondes|heures|jours|semaines|mois|ans|années"
    r"|segundos|minutos|horas|días|semanas|meses|años)"
)
# First match wins: "how long" before "how", "how many days" before "how many".
_QUESTION_PATTERNS: tuple[tuple[Kind, re.Pattern[str]], ...] = (
    (
        "how long",
        re.compile(
            r"\b(?:how long|how many "
            + _UNITS_OF_TIME
            + r"|wie lange|nach wie vielen "
            + _UNITS_OF_TIME
            + r"|wie viele "
            + _UNITS_OF_TIME
            + r"|combien de temps"
            r"|depuis combien|cu[aá]nto tiempo|what (?:prison |jail )?(?:sentence|term)"
            r"|what is the longest prison)\b",
            _I,
        ),
    ),
    (
        "when",
        re.compile(
            r"^(?:\W*)(?:when|since when|by when|until when|at what time|on what (?:date|day)"
            r"|what time|in what year|wann|seit wann|bis wann|quand|depuis quand|cu[aá]ndo)\b"
            r"|\b(?:what|which) (?:date|day|year|month)\b",
            _I,
        ),
    ),
    (
        "how many",
        re.compile(
            r"\b(?:how many|how old|how often|what (?:share|proportion|percentage|number)"
            r"|wie viele|wie vielen|wie alt|combien de|cu[aá]nt[oa]s)\b",
            _I,
        ),
    ),
    (
        "how much",
        re.compile(
            r"\b(?:how (?:much|big|large|high|fast|far|tall|heavy|expensive)"
            r"|by how much|what (?:\w+ ){0,2}(?:price|budget|cost|rate|fee|sum|height|gap|score)"
            r"|what (?:was|is|were|are) .{0,40}\b(?:worth|budget|prices?|costs?|rates?|profits?"
            r"|scores?|income|gap|deficit|surplus)|wie viel|wie hoch|wie teuer|combien|cu[aá]nto)\b"
            r"|\b(?:costs?|worth)\s*\?$",
            _I,
        ),
    ),
    (
        "why",
        re.compile(
            r"^(?:\W*)(?:why|for what reason|what (?:drove|caused|led|explains?|could explain|made)"
            r"|warum|weshalb|wieso|weswegen|pourquoi|por qu[eé])\b|\bwhat .{0,40}\bfor\?$",
            _I,
        ),
    ),
    (
        "where",
        re.compile(
            r"^(?:\W*)(?:where|from where|in (?:which|what) (?:country|city|town|court|place)"
            r"|(?:which|what) (?:countr(?:y|ies)|cit(?:y|ies)|towns?|constituency|court|venue"
            r"|places?|region|area)|at which|to (?:which|what) countr(?:y|ies)"
            r"|wo|wohin|woher|o[uù]|d[oó]nde)\b",
            _I,
        ),
    ),
    (
        "who",
        re.compile(
            r"^(?:\W*)(?:who|whom|whose|(?:which|what) (?:\w+ ){0,2}(?:company|companies|firms?"
            r"|bands?|studios?|banks?|agency|agencies|airlines?|teams?|clubs?|players?|people"
            r"|person|man|woman|ministers?|leaders?|groups?|organi[sz]ations?)"
            r"|wer|wem|wen|qui|qui[eé]n(?:es)?)\b",
            _I,
        ),
    ),
)


def question_kind(question: str) -> Kind:
    """The type of answer a question asks for; ``what`` when its words do not say."""
    text = " ".join(question.split())
    for kind, pattern in _QUESTION_PATTERNS:
        if pattern.search(text):
            return kind
    return "what"


# -- the sentence ---------------------------------------------------------------------------

_NUMBER_WORDS = (
    r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen"
    r"|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy"
    r"|eighty|ninety|hundreds?|thousands?|millions?|billions?|dozens?|half|a third|a quarter"
    r"|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|zwölf|zwanzig|hundert"
    r"|tausend|millionen?|milliarden?|deux|trois|quatre|cinq|sept|huit|neuf|dix|douze"
    r"|vingt|cent|mille|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|doce"
    r"|veinte|cien|mil)"
)
# "the seventh week of a hunger strike", "im dritten Jahr": a duration counted so far.
_ORDINALS = (
    r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth"
    r"|zweiten|dritten|vierten|fünften|sechsten|siebten|achten|neunten|zehnten"
    r"|deuxième|troisième|quatrième|cinquième|sixième|septième|huitième|neuvième|dixième"
    r"|segund[oa]|tercer[oa]?|cuart[oa]|quint[oa]|sext[oa]|séptim[oa]|octav[oa]|noven[oa]"
    r"|décim[oa])"
)
_MONTHS = (
    r"(?:january|february|march|april|(?-i:May)|june|july|august|september|october|november"
    r"|december|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec|januar|jänner|februar|märz"
    r"|mai|juni|juli|oktober|dezember|janvier|février|mars|avril|juin|juillet|août"
    r"|septembre|octobre|novembre|décembre|enero|febrero|marzo|abril|mayo|junio|julio"
    r"|agosto|septiembre|octubre|noviembre|diciembre)"
)
_WEEKDAYS = (
    r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|montag|dienstag|mittwoch"
    r"|donnerstag|freitag|samstag|sonntag|lundi|mardi|mercredi|jeudi|vendredi|samedi"
    r"|dimanche|lunes|martes|miércoles|jueves|viernes|sábado|domingo)"
)
_DATE = re.compile(
    r"\b(?:" + _MONTHS + r"|" + _WEEKDAYS + r"|(?:19|20)\d\d|\d{1,2}[./]\d{1,2}[./]\d{2,4}"
    r"|\d{1,2}(?:[.:]\d\d)?\s?(?:am|pm)|\d{4} ?(?:gmt|bst|utc)|\d{1,2}:\d\d"
    r"|yesterday|today|tonight|tomorrow|gestern|heute|morgen|aujourd'hui|demain|ayer"
    r"|hoy|mañana|ago|earlier this|later this|next (?:week|month|year|season|summer|spring"
    r"|autumn|winter)|last (?:week|month|year|season|summer|spring|autumn|winter|night)"
    r"|this (?:week|month|year|summer|spring|autumn|winter|weekend)|in the (?:summer|spring"
    r"|autumn|winter|new year)|(?:mid|early|late)-\d{4}s|the \d{4}s|christmas|easter"
    r"|seit \d{4}|bis \d{4})\b",
    _I,
)
# A day of a month, a month and year, a year or a clock time: "on 5-6 March", "in June
# 1966", "in 1976", "at 10.38am"; not "next month" or "on Tuesday".
_EXACT_DATE = re.compile(
    r"\b\d{1,2}(?:st|nd|rd|th)?(?:[-–]\d{1,2})?\.?\s+"
    + _MONTHS
    + r"\b|\b"
    + _MONTHS
    + r"\s+\d{1,4}\b|\b(?:19|20)\d\d\b|\b\d{1,2}[./]\d{1,2}[./]\d{2,4}\b"
    r"|\b\d{1,2}(?:[.:]\d\d)?\s?(?:am|pm)\b|\b\d{4} ?(?:gmt|bst|utc)\b|\b\d{1,2}:\d\d\b",
    _I,
)
_DURATION = re.compile(
    r"\b(?:(?:\d+(?:[.,]\d+)?|\d+(?:st|nd|rd|th)|"
    + _NUMBER_WORDS
    + "|"
    + _ORDINALS
    + r"|a|an|several|few|many|at least"
    r"|almost a(?: whole)?|about a)[\s-]+(?:whole[\s-]+)?"
    + _UNITS_OF_TIME
    + r"|(?:year|month|week|day)-long|decades?|fortnight|overnight)\b",
    _I,
)
# An age ("the 58-year-old singer", "two years old") names no span of time; "18 years
# ago" does tell how long something has gone on.
_AGE = re.compile(r"[\s-]+old\b", _I)
_AMOUNT = re.compile(
    r"[£$€¥]\s?\d|\d\s?(?:%|bn\b|m\b|k\b)|\b\d+(?:[.,]\d+)?\s?(?:per ?cent|percent|prozent"
    r"|pour cent|por ciento|euros?|dollars?|pounds?|pence|yen|cents?|mio|mrd|millions?"
    r"|billions?|milliarden?|millionen?)\b|\b(?:half|a third|a quarter|two-thirds|three-quarters"
    r"|double|twice|times)\b",
    _I,
)
_MONEY = re.compile(
    r"[£$€¥]\s?\d|\b\d[\d,.]*\s?(?:bn|m|k)?\s?(?:euros?|dollars?|pounds?|pence|yen|cents?"
    r"|francs?|rupees?|yuan)\b|\b(?:EUR|USD|GBP)\s?\d",
    _I,
)
_PERCENT = re.compile(r"\d\s?%|\b(?:per ?cent|percent|prozent|pour cent|por ciento)\b", _I)
# What a "how much" question measures, read off its words: money wants a currency amount,
# a rate or share wants a percentage.
_ASKS_MONEY = re.compile(
    r"\b(?:costs?|price[ds]?|pa(?:y|id|ys)|worth|budget|cheaper|dearer|expensive|damages"
    r"|fined?|fees?|raised?|earns?|earned|income|salary|wages?|profits?|loss(?:es)?|revenues?"
    r"|sales|spen[dt]|money|invest(?:ed|ment)?|loans?|debts?|reward|offer(?:ed)?|bid|funding"
    r"|aid|sum|valued?|kosten|kostet|preis|geld|euro|coûte?|prix|argent|cuesta|precio|dinero)\b",
    _I,
)
_ASKS_SHARE = re.compile(
    r"\b(?:rates?|growth|grow|grew|share|percentage|proportion|inflation|stake|anteil|quote"
    r"|taux|part|tasa|porcentaje)\b",
    _I,
)
# "the 50th consecutive quarter" counts them too.
_COUNT = re.compile(r"\b\d[\d,.]*(?:st|nd|rd|th)?\b|\b" + _NUMBER_WORDS + r"\b", _I)
_YEAR_ONLY = re.compile(r"^(?:19|20)\d\d$")
# "due to", and with an adverb between: "due largely to", "due, in part, to".
_DUE_TO = r"due(?:,? (?:in (?:large |great )?part|\w+ly),?)? to"
# "as" opens a reason before a clause ("as he had travelled with them", "as the economy
# slowed"); "as a" names a role ("act as a consultant", "classify as a recession").
_CAUSE = re.compile(
    r"\b(?:because|" + _DUE_TO + r"|owing to|as a result|thanks to|after|following|amid|since"
    r"|caused|causes|led to|leading to|prompted|prompting|blamed|fuelled|fueled|driven by"
    r"|attributed|reason|so that|in order to|over fears?|for fear|fears? (?:of|that)"
    r"|result(?:ed)? (?:of|from)|explain\w*|because of|on the grounds|grounds of|springs? from"
    r"|stems? from|responsible|accus\w+|in protest|as (?:it|they|he|she|we|the|his|her|their)"
    r"|for \w+ing|so (?:that|their|the|his|her|its)|weil|wegen|aufgrund|durch|denn|deshalb|daher"
    r"|parce que|à cause|en raison|grâce|porque|debido|a causa|por eso|gracias a)\b",
    _I,
)
# The cues that name a cause outright; "after", "amid" or "as" often only give the order.
_STRONG_CAUSE = re.compile(
    r"\b(?:because|" + _DUE_TO + r"|owing to|as a result|caused|led to"
    r"|leading to|blamed|fuell?ed by|driven by|drove|attribut\w+|reasons?|responsible"
    r"|springs? from|stems? from|result(?:ed)? (?:of|from)|in order to|so that|explain\w*"
    r"|on the grounds|weil|wegen|aufgrund|parce que|à cause|en raison|porque|debido|a causa)\b",
    _I,
)
# "due to open next week", "is due to be sentenced": a schedule, not a cause; "due to the
# storm", "was due to poor sales", "largely due to" stay causes.
_SCHEDULE = re.compile(
    r"(?:\b(?:is|are|was|were|be|been|being|not|originally|also|now|still)|,)\s+due to\s+"
    r"(?!(?:the|a|an|his|her|its|their|our|this|that|these|those|some|lower|higher|poor"
    r"|bad|weak|strong|low|high|rising|falling|lack|concerns?|fears?)\b)[a-z]"
    r"|\bdue to\s+(?:be|go|take|make|have|come|start|begin|open|meet|visit|attend|launch"
    r"|face|speak|appear|return|play|hold|announce|publish|release|report|vote|sign|end"
    r"|close|finish|arrive|leave|run|stand|give|hear|rule|decide|retire|expire)\b",
    _I,
)
# "since 1997", "since then", "ever since", "since the start": a point in time. Only
# "since" before a pronoun ("since it was ...") gives a reason.
_SINCE_AS_TIME = re.compile(r"\bsince\b(?!\s+(?:it|they|he|she|we|i|you|there)\b)", _I)
_TITLE = re.compile(
    r"\b(?:Mr|Mrs|Ms|Dr|Sir|Lord|Lady|Prof|Professor|Dame|Herr|Frau|Mme|Sr|Sra)\.?\s+[A-Z]"
    r"|\b(?:chief executive|chairman|chairwoman|chair|director|president|spokesman"
    r"|spokeswoman|spokesperson|minister|secretary|manager|coach|lawyer|attorney|solicitor"
    r"|analyst|economist|founder|head|leader|boss|captain|actor|actress|singer|judge|author"
    r"|playwright|producer|editor|professor|chief|officer|commissioner|governor|mayor)\b",
)
_NAME = re.compile(r"\b[A-Z][\w'’-]+(?:\s+(?:[A-Z][\w'’-]+|de|van|von|der|al|bin|da|la))+")
_PLACE = re.compile(
    r"\b(?:in|at|from|near|to|outside|inside|across|im|in der|nach|aus|à|au|en|dans|de)\s+"
    r"(?:the\s+)?([A-Z][\w'’-]+)"
    r"|\b(?:countr(?:y|ies)|cit(?:y|ies)|towns?|villages?|regions?|areas?|seats?|sites?"
    r"|centres?|centers?|borders?|capital|(?:north|south|east|west)(?:ern)?|abroad|overseas"
    r"|home|headquarters|Stadt|Land|ville|pays|ciudad|país)\b"
)

_MONTH_OR_DAY = re.compile(r"^(?:" + _MONTHS + r"|" + _WEEKDAYS + r")$", _I)


def _fresh(found: list[str], question: str) -> bool:
    """Some matched text that the question does not already say."""
    asked = question.lower()
    return any(m.strip().lower() not in asked for m in found if m.strip())


def _places(sentence: str) -> list[tuple[int, int]]:
    found = []
    for m in _PLACE.finditer(sentence):
        group = 1 if m.group(1) else 0
        if not _MONTH_OR_DAY.match(m.group(group)):
            found.append(m.span(group))
    return found


def _people(sentence: str) -> list[tuple[int, int]]:
    # A name not at the sentence's start (where any word is capitalised), or a role word.
    names = [m.span() for m in _NAME.finditer(sentence) if m.start() > 0]
    return names + [m.span() for m in _TITLE.finditer(sentence)]


def pinpoints(kind: Kind, sentence: str, question: str) -> bool:
    """Whether ``sentence`` gives a date or a duration exactly ("on 5 March", "for 22
    years") that ``question`` does not contain; for other kinds, the same as ``carries``."""
    if kind == "when":
        return _fresh(_EXACT_DATE.findall(sentence), question)
    if kind == "how long":
        found = [m.group(0) for m in _durations(sentence) if _COUNT.search(m.group(0))]
        return _fresh(found, question)
    return carries(kind, sentence, question)


def carries(kind: Kind, sentence: str, question: str) -> bool:
    """Whether ``sentence`` holds a value of the type ``kind`` asks for that ``question``
    does not already contain."""
    return bool(_fresh_spans(_spans(kind, sentence, question), sentence, question))


def value_spans(kind: Kind, sentence: str, question: str) -> list[tuple[int, int]]:
    """Where ``sentence`` holds a date, duration, count or amount that ``kind`` asks for and
    ``question`` does not already contain (character spans); none for the other kinds."""
    if kind not in VALUE_KINDS:
        return []
    return _fresh_spans(_spans(kind, sentence, question), sentence, question)


def _spans(kind: Kind, sentence: str, question: str) -> list[tuple[int, int]]:
    """Where ``sentence`` holds what ``kind`` asks for: a date, duration, count or amount,
    a name or role, a place, a causal phrase; nothing for "what"."""
    if kind == "when":
        return [m.span() for m in _DATE.finditer(sentence)]
    if kind == "how long":
        return [m.span() for m in _durations(sentence)]
    if kind == "how many":
        return [m.span() for m in _count_matches(sentence)]
    if kind == "how much" and _ASKS_MONEY.search(question):
        return [m.span() for m in _MONEY.finditer(sentence)]
    if kind == "how much" and _ASKS_SHARE.search(question):
        return [m.span() for m in _PERCENT.finditer(sentence)]
    if kind == "how much":
        return [m.span() for m in (*_AMOUNT.finditer(sentence), *_count_matches(sentence))]
    if kind == "who":
        return _people(sentence)
    if kind == "where":
        return _places(sentence)
    if kind == "why":
        return _causes(_CAUSE, sentence)
    return []


def _fresh_spans(
    spans: list[tuple[int, int]], sentence: str, question: str
) -> list[tuple[int, int]]:
    """The spans whose text the question does not already say."""
    asked = question.lower()
    return [
        (start, end)
        for start, end in spans
        if sentence[start:end].strip() and sentence[start:end].strip().lower() not in asked
    ]


def _durations(sentence: str) -> list[re.Match[str]]:
    """The spans of time in ``sentence``, ages left out."""
    return [m for m in _DURATION.finditer(sentence) if not _AGE.match(sentence, m.end())]


def _count_matches(sentence: str) -> list[re.Match[str]]:
    return [m for m in _COUNT.finditer(sentence) if not _YEAR_ONLY.match(m.group(0))]


def names_cause(sentence: str, question: str) -> bool:
    """Whether ``sentence`` names a cause outright ("because", "due to") in words the
    question does not use."""
    return _fresh([sentence[s:e] for s, e in _causes(_STRONG_CAUSE, sentence)], question)


def _causes(pattern: re.Pattern[str], sentence: str) -> list[tuple[int, int]]:
    """The cues of ``pattern`` in ``sentence`` that give a reason, not a schedule or a time."""
    schedules = [m.span() for m in _SCHEDULE.finditer(sentence)]
    times = {m.start() for m in _SINCE_AS_TIME.finditer(sentence)}
    return [
        m.span()
        for m in pattern.finditer(sentence)
        if m.start() not in times and not any(s <= m.start() < e for s, e in schedules)
    ]
