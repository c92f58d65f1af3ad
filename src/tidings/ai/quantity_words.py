"""The words ``tidings.ai.quantities`` reads figures by, in English, German, French and
Spanish: scales, currencies, units, months and weekdays, the events a count can be of
(killed, injured…), the cue words of sums of money, and the people a count can count.
"""

from __future__ import annotations

__all__ = [
    "AUXILIARIES",
    "CANONICAL",
    "CURRENCY_SYMBOLS",
    "CURRENCY_WORDS",
    "DISTANCES",
    "DURATIONS",
    "DURATION_PLURALS",
    "EVENTS",
    "EVENT_OF",
    "IRREGULAR_PARTICIPLES",
    "MONEY_CUES",
    "MONEY_CUE_OF",
    "MONTHS",
    "PEOPLE",
    "PERIODS",
    "PERSONS",
    "PHRASE_ENDS",
    "RESIDENTS",
    "SCALES",
    "STOP",
    "SUFFIXES",
    "WEEKDAYS",
    "YEAR_LEADS",
    "ZONES",
    "key_words",
]


def _words(listing: str) -> frozenset[str]:
    return frozenset(listing.split())


SCALES = {
    "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "k": 1e3, "m": 1e6,
    "bn": 1e9, "tsd": 1e3, "tausend": 1e3, "mio": 1e6, "millionen": 1e6, "mrd": 1e9,
    "milliarde": 1e9, "milliarden": 1e9, "millions": 1e6, "milliard": 1e9, "milliards": 1e9,
    "mille": 1e3,
}  # fmt: skip
CURRENCY_SYMBOLS = {"£": "GBP", "$": "USD", "us$": "USD", "€": "EUR", "¥": "JPY",
                     "gbp": "GBP", "usd": "USD", "eur": "EUR", "chf": "CHF",
                     "euro": "EUR"}  # fmt: skip
CURRENCY_WORDS = {"pounds": "GBP", "pound": "GBP", "dollars": "USD", "dollar": "USD",
                   "euros": "EUR", "euro": "EUR", "€": "EUR", "£": "GBP", "francs": "CHF",
                   "franken": "CHF"}  # fmt: skip
DURATIONS = {
    "second": 1, "minute": 60, "hour": 3600, "day": 86400, "week": 604800,
    "month": 2629800, "year": 31557600, "sekunde": 1, "minuten": 60, "stunde": 3600,
    "tag": 86400, "woche": 604800, "monat": 2629800, "jahr": 31557600, "seconde": 1,
    "heure": 3600, "jour": 86400, "semaine": 604800, "mois": 2629800, "an": 31557600,
    "ans": 31557600, "année": 31557600, "minuto": 60, "hora": 3600, "día": 86400,
    "semana": 604800, "mes": 2629800, "año": 31557600,
}  # fmt: skip
# Plurals that are not the singular plus "s".
DURATION_PLURALS = {
    "minuten": "minute", "stunden": "stunde", "tage": "tag", "wochen": "woche",
    "monate": "monat", "monaten": "monat", "jahre": "jahr", "jahren": "jahr",
    "heures": "heure", "jours": "jour", "semaines": "semaine", "années": "année",
    "minutos": "minuto", "horas": "hora", "días": "día", "semanas": "semana",
    "meses": "mes", "años": "año",
}  # fmt: skip
DISTANCES = {"km": 1000, "kilometre": 1000, "kilometer": 1000, "mile": 1609.344,
              "metre": 1, "meter": 1, "m": 1, "mètre": 1, "kilomètre": 1000,
              "feet": 0.3048, "foot": 0.3048, "ft": 0.3048}  # fmt: skip
MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "januar": 1, "februar": 2, "märz": 3, "mai": 5, "juni": 6, "juli": 7, "oktober": 10,
    "dezember": 12, "janvier": 1, "février": 2, "mars": 3, "avril": 4, "juin": 6,
    "juillet": 7, "août": 8, "septembre": 9, "octobre": 10, "novembre": 11, "décembre": 12,
}  # fmt: skip
WEEKDAYS = {
    "monday": 1, "tuesday": 2, "wednesday": 3, "thursday": 4, "friday": 5, "saturday": 6,
    "sunday": 7, "montag": 1, "dienstag": 2, "mittwoch": 3, "donnerstag": 4, "freitag": 5,
    "samstag": 6, "sonntag": 7, "lundi": 1, "mardi": 2, "mercredi": 3, "jeudi": 4,
    "vendredi": 5, "samedi": 6, "dimanche": 7,
}  # fmt: skip
PERIODS = {"day": "day", "daily": "day", "weekday": "day", "tag": "day", "jour": "day",
            "week": "week", "weekly": "week", "woche": "week", "semaine": "week",
            "month": "month", "monthly": "month", "monat": "month", "mois": "month",
            "year": "year", "annually": "year", "jahr": "year", "an": "year",
            "hour": "hour", "stunde": "hour", "heure": "hour"}  # fmt: skip

# Event words: the thing a casualty or evacuation count measures, in every form it comes in.
EVENTS = {
    "killed": "killed dead died die dies dying kill killing deaths death fatalities toll "
    "lives tote toten tot getötet starben ums morts mort mortes tués tuées décès muertos "
    "muertas muerto muerta murieron fallecidos fallecieron víctimas mortales",
    "injured": "injured injuring injure hurt wounded injuries verletzte verletzten verletzt "
    "blessés blessé blessées blessée heridos heridas herido herida",
    "evacuated": "evacuated evacuation evacuations evakuiert évacués evacuados evacuadas",
    "missing": "missing vermisst vermisste disparus desaparecidos",
    "arrested": "arrested arrests arrest festgenommen interpellés detenidos",
    "rescued": "rescued gerettet secourus rescatados",
    "displaced": "displaced homeless obdachlos sinistrés desplazados",
    "hospitalised": "hospitalised hospitalized",
}
EVENT_OF = {w: key for key, words in EVENTS.items() for w in words.split()}
MONEY_CUES = {
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
    "loan": "loan loans bailout bailouts package rescue kredit prêt préstamo rescate",
    "value": "worth valued value haul loot booty stole stolen steal stealing snatched "
    "snatching grabbed off wert valeur valor",
    "reward": "reward belohnung récompense recompensa",
    "pay": "salary salaries wage wages pay earns earn earning gehalt salaire sueldo",
    "offer": "offer offered bid deal contract angebot offre oferta",
}
MONEY_CUE_OF = {w: key for key, words in MONEY_CUES.items() for w in words.split()}


def key_words(key: str) -> frozenset[str]:
    """The words that give a figure this key ("deal", "contract", "bid" for "offer"), so
    that comparing two figures' surroundings can leave them out."""
    return frozenset([*EVENTS.get(key, "").split(), *MONEY_CUES.get(key, "").split(), key])


PEOPLE = _words(
    "people persons person individuals others menschen personen personnes personas gente"
)
# People by role: counted as the event that befell them ("two villagers slightly
# injured": injured), otherwise as themselves ("200 protesters").
PERSONS = _words(
    """
    villagers residents workers passengers children adults civilians soldiers officers
    protesters demonstrators migrants students employees staff patients victims tourists
    miners firefighters policemen women men bodies members
    bewohner einwohner kinder arbeiter passagiere soldaten polizisten demonstranten
    habitants enfants ouvriers passagers soldats policiers manifestants victimes
    vecinos niños trabajadores pasajeros soldados policías manifestantes víctimas
    """
)
RESIDENTS = _words("residents inhabitants habitants einwohner habitantes")
# Clock zones after a time written as four digits: "(1300 GMT)" is a time, not a count.
ZONES = _words("gmt utc bst cet cest est edt pst pdt aest ist local")
# Words that end a noun phrase after a count: "40,000 homes across the region".
PHRASE_ENDS = _words(
    """
    across through along near inside outside within during against toward towards including
    like via behind beyond throughout between among per
    """
)
AUXILIARIES = _words(
    "were was are is have has had been being got wurden sind waren ont sont été han ha "
    "fueron resultaron"
)
# Letters that may stick to a figure: scales, units, ordinals.
SUFFIXES = _words("m bn k km kg ft mph h st nd rd th mio mrd")
YEAR_LEADS = _words("in since from until by the of a im seit en depuis")
CANONICAL = {"shut": "closed", "closure": "closed", "close": "closed", "closing": "closed",
              "reopened": "reopened", "reopening": "reopened", "struck": "hit",
              "rates": "rate"}  # fmt: skip
IRREGULAR_PARTICIPLES = _words(
    "shut hit struck began begun held won lost left met made set broke broken rose risen "
    "fell fallen sent sold built cut"
)
STOP = _words(
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
    el los las unos unas y o del con por para al que se su sus es son fue
    """
)
