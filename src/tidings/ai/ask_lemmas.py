"""English irregular verbs brought to their base form, so that a question's "How much did
they pay?" matches an answer's "they paid", and "When did prices rise?" its "prices rose";
and common phrasal verbs read as the one verb they mean, so that "When did the couple break
up?" matches "when they split" and "When will rates go up?" "rates are likely to rise".

The light stemmer of ``tidings.ai.sentences`` strips suffixes ("raised" to "rais"), which
regular verbs need and irregular ones defeat: a question asks with "did" and the base form
while news reports in the past tense. The irregular verbs are a closed class; this table
holds the common ones (past tense and past participle to base form). Terms are compared
after ``sentence_terms``, so the table is stemmed the same way once, on import. Phrasal
verbs are read off the text before that, because their particles ("up", "out") are stop
words.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from tidings.ai.sentences import sentence_terms

__all__ = ["base_forms", "single_verbs"]

# base: past forms (past tense and participle), space-separated.
_IRREGULAR = {
    "arise": "arose arisen",
    "become": "became",
    "begin": "began begun",
    "bend": "bent",
    "bind": "bound",
    "bite": "bit bitten",
    "break": "broke broken",
    "bring": "brought",
    "build": "built rebuilt",
    "buy": "bought",
    "catch": "caught",
    "choose": "chose chosen",
    "come": "came",
    "deal": "dealt",
    "dig": "dug",
    "draw": "drew drawn",
    "drink": "drank drunk",
    "drive": "drove driven",
    "eat": "ate eaten",
    "fall": "fell fallen",
    "feed": "fed",
    "feel": "felt",
    "fight": "fought",
    "find": "found",
    "flee": "fled",
    "fly": "flew flown",
    "forbid": "forbade forbidden",
    "forget": "forgot forgotten",
    "forgive": "forgave forgiven",
    "freeze": "froze frozen",
    "get": "got gotten",
    "give": "gave given",
    "go": "went gone",
    "grow": "grew grown",
    "hang": "hung",
    "hear": "heard",
    "hide": "hid hidden",
    "hold": "held withheld",
    "keep": "kept",
    "know": "knew known",
    "lay": "laid",
    "lead": "led",
    "leave": "left",
    "lend": "lent",
    "lose": "lost",
    "make": "made",
    "mean": "meant",
    "meet": "met",
    "oversee": "oversaw overseen",
    "overtake": "overtook overtaken",
    "pay": "paid",
    "ride": "rode ridden",
    "ring": "rang rung",
    "rise": "rose risen",
    "run": "ran",
    "say": "said",
    "see": "saw seen",
    "seek": "sought",
    "sell": "sold",
    "send": "sent",
    "shake": "shook shaken",
    "shoot": "shot",
    "shrink": "shrank shrunk",
    "sing": "sang sung",
    "sink": "sank sunk",
    "sleep": "slept",
    "speak": "spoke spoken",
    "spend": "spent",
    "stand": "stood",
    "steal": "stole stolen",
    "stick": "stuck",
    "strike": "struck stricken",
    "swim": "swam swum",
    "take": "took taken",
    "teach": "taught",
    "tear": "tore torn",
    "tell": "told",
    "think": "thought",
    "throw": "threw thrown",
    "undergo": "underwent undergone",
    "undertake": "undertook undertaken",
    "wake": "woke woken",
    "wear": "wore worn",
    "win": "won",
    "withdraw": "withdrew withdrawn",
    "write": "wrote written",
}


def _stemmed_table() -> dict[str, str]:
    table = {}
    for base, forms in _IRREGULAR.items():
        stem = sentence_terms(base, "en")
        for form in forms.split():
            found = sentence_terms(form, "en")
            if stem and found and found[0] != stem[0]:
                table[found[0]] = stem[0]
    return table


_TABLE = _stemmed_table()


def base_forms(terms: Sequence[str], language: str) -> list[str]:
    """``sentence_terms`` output with English irregular past forms replaced by their base
    form's term ("paid" as "pay"); other languages' terms as they are."""
    if language not in ("en", ""):
        return list(terms)
    return [_TABLE.get(term, term) for term in terms]


# Phrasal verbs and the one verb news writes for them: a question's "When did the couple
# break up?" meets "when they split", "go up" meets "rise". The verb's own forms count
# ("broke up", "pulling out"); a particle parted from its verb ("pulled the team out") does
# not.
_PHRASAL = {
    "go up": "rise",
    "go down": "fall",
    "break up": "split",
    "pull out": "withdraw",
    "drop out": "withdraw",
    "step down": "resign",
    "call off": "cancel",
    "put off": "postpone",
    "shut down": "close",
    "close down": "close",
    "turn down": "reject",
    "find out": "discover",
    "carry out": "conduct",
    "set up": "establish",
    "give up": "abandon",
    "look into": "investigate",
    "bring in": "introduce",
    "cut back": "reduce",
    "come back": "return",
    "go back": "return",
    "pay back": "repay",
    "blow up": "explode",
    "speed up": "accelerate",
    "put forward": "propose",
    "lay off": "dismiss",
}


def _verb_forms(base: str) -> list[str]:
    """A verb's forms: the regular endings, a doubled final consonant ("dropped"), a
    dropped final "e" ("closing"), and the irregular past forms."""
    forms = [base, base + "s", base + "es", base + "ed", base + "d", base + "ing"]
    forms += [base + base[-1] + "ed", base + base[-1] + "ing", base[:-1] + "ing"]
    forms += [base[:-1] + "ies", base[:-1] + "ied"]
    return forms + _IRREGULAR.get(base, "").split()


def _phrasal_pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    """One pattern for every phrasal verb, a named group each, and each group's verb."""
    alternatives, verbs = [], {}
    for number, (phrase, verb) in enumerate(_PHRASAL.items()):
        base, particle = phrase.split()
        forms = "|".join(sorted(set(_verb_forms(base)), key=len, reverse=True))
        alternatives.append(rf"(?P<p{number}>(?:{forms})\s+{particle})")
        verbs[f"p{number}"] = verb
    return re.compile(r"\b(?:" + "|".join(alternatives) + r")\b", re.IGNORECASE), verbs


_PHRASAL_PATTERN, _PHRASAL_VERB = _phrasal_pattern()


def single_verbs(text: str, language: str) -> str:
    """English text with its phrasal verbs written as the one verb they mean ("broke up"
    as "split"); other languages' text as it is."""
    if language not in ("en", ""):
        return text
    return _PHRASAL_PATTERN.sub(lambda m: _PHRASAL_VERB[str(m.lastgroup)], text)
