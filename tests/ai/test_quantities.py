"""Figures found in sentences, with what they measure and the range their wording allows."""

from __future__ import annotations

import math

import pytest

from tidings.ai.quantities import Quantity, find_quantities, parse_number


def only(sentence: str, lang: str = "en") -> Quantity:
    found = find_quantities(sentence, lang)
    assert len(found) == 1, found
    return found[0]


def by_key(sentence: str, lang: str = "en") -> dict[str, Quantity]:
    return {q.key: q for q in find_quantities(sentence, lang)}


@pytest.mark.parametrize(
    ("text", "lang", "value"),
    [
        ("38,000", "en", 38000),
        ("1,234.5", "en", 1234.5),
        ("3.75", "en", 3.75),
        ("1.234", "en", 1.234),
        ("1.234", "de", 1234),
        ("1.234,5", "de", 1234.5),
        ("1.234.567", "en", 1234567),
        ("1 234,5", "fr", 1234.5),
        ("1\u202f234", "fr", 1234),
        ("3,75", "de", 3.75),
        ("twelve", "en", 12),
        ("forty-eight", "en", 48),
        ("a dozen", "en", 12),
        ("two hundred and five", "en", 205),
    ],
)
def test_parse_number_reads_english_german_french_and_words(
    text: str, lang: str, value: float
) -> None:
    assert parse_number(text, lang) == pytest.approx(value)


def test_a_casualty_count_is_keyed_by_the_event_with_its_qualifier() -> None:
    q = only("At least 12 people were killed when the roof gave way.")
    assert (q.value, q.key, q.thing, q.qualifier) == (12, "killed", "people killed", "at least")
    assert (q.low, q.high) == (12, math.inf)
    assert q.text == "At least 12 people"


def test_injured_and_killed_in_one_sentence_are_different_things() -> None:
    found = by_key("Three people died and 14 were injured; twelve were hurt in the crush.")
    assert found["killed"].value == 3
    assert {
        q.value for q in find_quantities("14 injured and twelve hurt") if q.key == "injured"
    } == {
        14,
        12,
    }


@pytest.mark.parametrize(
    ("sentence", "key", "value"),
    [
        ("The quake killed twelve.", "killed", 12),
        ("The death toll rose to 23.", "killed", 23),
        ("At least 23 dead after the quake.", "killed", 23),
        ("A dozen people were injured.", "injured", 12),
        ("More than 300 homes were evacuated.", "home", 300),
        ("Das Beben forderte mindestens 23 Tote.", "killed", 23),
        ("Le séisme a fait 1 234 blessés.", "injured", 1234),
    ],
)
def test_counts_find_their_key(sentence: str, key: str, value: float) -> None:
    lang = "de" if "Beben" in sentence else "fr" if "séisme" in sentence else "en"
    q = only(sentence, lang)
    assert (q.key, q.value, q.dimension) == (key, value, "count")


def test_a_rate_keeps_its_period_and_noun() -> None:
    q = only("The bridge carries around 38,000 vehicles a day.")
    assert (q.key, q.per, q.qualifier, q.dimension) == ("vehicle", "day", "around", "count")
    assert q.low == pytest.approx(38000 * 0.95)
    assert only("About 45,000 vehicles use the bridge on a typical weekday.").per == "day"


@pytest.mark.parametrize(
    ("sentence", "lang", "value", "dimension", "key"),
    [
        ("The scheme will cost $3.2 billion.", "en", 3.2e9, "money:USD", "cost"),
        ("Damage was put at €40m by insurers.", "en", 40e6, "money:EUR", "damage"),
        ("Der Schaden beträgt 1,5 Millionen Euro.", "de", 1.5e6, "money:EUR", "damage"),
        ("La rénovation a coûté 3,2 milliards d'euros.", "fr", 3.2e9, "money:EUR", "cost"),
        ("The bank lifted rates to 3.75%.", "en", 3.75, "percent", "rate"),
        ("Temperatures reached 38.5°C in the city.", "en", 38.5, "temperature", "temperature"),
        ("A magnitude 6.1 earthquake shook the town.", "en", 6.1, "magnitude", "magnitude"),
        (
            "Ein Erdbeben der Stärke 6,1 erschütterte die Stadt.",
            "de",
            6.1,
            "magnitude",
            "magnitude",
        ),
    ],
)
def test_money_percentages_temperatures_and_magnitudes(
    sentence: str, lang: str, value: float, dimension: str, key: str
) -> None:
    q = only(sentence, lang)
    assert (q.value, q.dimension, q.key) == (pytest.approx(value), dimension, key)


def test_money_per_period_and_cost_cue() -> None:
    q = only("The closure could cost businesses around £4m a week in lost trade.")
    assert (q.value, q.dimension, q.key, q.per) == (4e6, "money:GBP", "cost", "week")


def test_durations_dates_weekdays_and_times() -> None:
    duration = only("She said the closure would last at least six weeks.")
    assert (duration.dimension, duration.key, duration.qualifier) == (
        "duration",
        "closed",
        "at least",
    )
    assert duration.value == 6 * 7 * 86400
    found = {q.dimension: q for q in find_quantities("The plant shut on Tuesday, March 3.")}
    assert found["weekday"].value == 2 and found["weekday"].key == "closed"
    assert found["date"].value == 303
    time = only("The bridge was closed to cars, buses and cyclists at five o'clock this morning.")
    assert (time.dimension, time.key, time.value) == ("time", "closed", 300)


def test_ranges_and_vague_counts() -> None:
    q = only("Between 10 and 12 people were injured.")
    assert (q.low, q.high, q.key) == (10, 12, "injured")
    dozens = only("Dozens were missing after the storm.")
    assert dozens.key == "missing" and dozens.low == 24


def test_figures_without_a_subject_are_left_out() -> None:
    assert find_quantities("Bus routes 4, 4A and 17 are diverted.") == ()
    assert find_quantities("The 1934 suspension bridge was closed.") == ()
    assert find_quantities("Journeys took fifty minutes instead of fifteen.")[0].key != ""
    assert len(find_quantities("Journeys took fifty minutes instead of fifteen.")) == 1


@pytest.mark.parametrize(
    ("first", "second", "compatible"),
    [
        ("At least 12 people were killed.", "12 people were killed.", True),
        ("More than 10 people were killed.", "12 people were killed.", True),
        ("At least 12 people were killed.", "10 people were killed.", False),
        ("12 people were killed.", "13 people were killed.", False),
        ("The bridge carries 38,000 vehicles a day.", "About 38,000 vehicles a day.", True),
        ("The bridge carries 38,000 vehicles a day.", "Nearly 40,000 vehicles a day.", True),
        ("The bridge carries 38,000 vehicles a day.", "It carries 38,200 vehicles a day.", True),
        ("Around 38,000 vehicles a day.", "About 45,000 vehicles a day.", False),
        ("Up to 50 people were evacuated.", "At least 40 people were evacuated.", True),
        ("A magnitude 6.1 quake.", "A magnitude 6 quake.", True),
        ("A magnitude 6.1 quake.", "A magnitude 6.4 quake.", False),
    ],
)
def test_compatibility_follows_the_wording(first: str, second: str, compatible: bool) -> None:
    a, b = only(first), only(second)
    assert a.compare_key == b.compare_key
    assert a.compatible(b) is compatible
    assert b.compatible(a) is compatible


# --- issue #16: number words in four languages, number formats, what is counted ----------


@pytest.mark.parametrize(
    ("text", "lang", "value"),
    [
        ("sechs", "de", 6),
        ("zwölf", "de", 12),
        ("einundzwanzig", "de", 21),
        ("six", "fr", 6),
        ("quatorze", "fr", 14),
        ("vingt et un", "fr", 21),
        ("quatre-vingt-dix-sept", "fr", 97),
        ("seis", "es", 6),
        ("catorce", "es", 14),
        ("treinta y dos", "es", 32),
        ("veintidós", "es", 22),
        ("une trentaine", "fr", 30),
        ("2 1/2", "en", 2.5),
    ],
)
def test_number_words_of_german_french_and_spanish(text: str, lang: str, value: float) -> None:
    assert parse_number(text, lang) == pytest.approx(value)


def test_number_words_are_read_in_the_sentences_language_only() -> None:
    # French "sept" is seven; English "Sept." is September.
    assert find_quantities("The trial began Sept. 22 in the county court.") == ()
    assert only("Sept personnes ont été blessées.", "fr").value == 7


@pytest.mark.parametrize(
    ("sentence", "lang", "value", "key"),
    [
        ("Les secours y ont pris en charge quatorze blessés.", "fr", 14, "injured"),
        ("Der Sturm hatte zuvor zwölf Menschen verletzt.", "de", 12, "injured"),
        ("El servicio de ambulancias atendió a 14 heridos en la región.", "es", 14, "injured"),
        ("Al menos 27 personas han muerto en el terremoto.", "es", 27, "killed"),
        ("Quatre personnes ont été légèrement blessées.", "fr", 4, "injured"),
        ("Two villagers were slightly injured, the governor said.", "en", 2, "injured"),
    ],
)
def test_casualties_in_every_language(sentence: str, lang: str, value: float, key: str) -> None:
    q = only(sentence, lang)
    assert (q.value, q.key, q.dimension) == (value, key, "count")


@pytest.mark.parametrize(
    ("sentence", "lang", "unit_seconds", "count"),
    [
        ("Die Brücke bleibt mindestens sechs Wochen gesperrt.", "de", 604800, 6),
        ("Le pont restera fermé trois mois.", "fr", 2629800, 3),
        ("El puente estará cerrado tres meses.", "es", 2629800, 3),
        ("He was sentenced to 2 1/2 years in prison.", "en", 31557600, 2.5),
    ],
)
def test_durations_in_words_and_fractions(
    sentence: str, lang: str, unit_seconds: float, count: float
) -> None:
    q = only(sentence, lang)
    assert q.dimension == "duration"
    assert q.value == pytest.approx(count * unit_seconds)


def test_a_decimal_comma_magnitude_disagrees_with_a_written_decimal() -> None:
    french = only("Selon le réseau, la secousse a atteint une magnitude de 4,9.", "fr")
    english = only("An earthquake with a magnitude of 5.0 struck the hills.")
    other = only("Un autre organisme a estimé la magnitude à 5,0.", "fr")
    assert (french.value, english.value, other.value) == (4.9, 5.0, 5.0)
    assert french.text == "4,9"
    # "5.0" is written to a tenth, as precise as "4.9": the two cannot both be true.
    assert not french.compatible(english)
    assert english.compatible(other)
    richter = only("An earthquake measuring 5.6 on the Richter scale jolted the island.")
    assert (richter.dimension, richter.value) == ("magnitude", 5.6)


def test_aftershocks_are_not_the_earthquakes_magnitude() -> None:
    found = find_quantities("Aftershocks of magnitude 2.8 and 3.8 followed on Monday.")
    assert all(q.dimension != "magnitude" for q in found)


def test_what_a_count_counts() -> None:
    # the head of a compound noun, not its modifier
    assert only("Ten fire engines were tackling the blaze.").key == "engine"
    assert only("Three undersea cables were damaged.").key == "cable"
    # a part of a breakdown is not the total
    assert find_quantities("Two women and one man died in the fire.") == ()
    # a compound adjective is not a count; a clock time in brackets neither
    assert find_quantities("He was a 20-year veteran of the force.") == ()
    (closing,) = find_quantities("Voting closed at 6:00 p.m. (1300 GMT) in the capital.")
    assert (closing.dimension, closing.value) == ("time", 18 * 60)
    # a picked-out part: "the four hardest-hit villages"
    assert find_quantities("The four hardest-hit villages were Tonban and Gavarzin.") == ()
    assert only("Qeshm island, home to 120,000 people, was hit.").key == "population"


def test_money_in_brackets_and_hyphenated_scales() -> None:
    found = find_quantities(
        "Greece agreed a €110-billion ($143-billion) EU and IMF debt bailout at the weekend."
    )
    assert {(q.dimension, q.value, q.key) for q in found} == {
        ("money:EUR", 110e9, "loan"),
        ("money:USD", 143e9, "loan"),
    }
    haul = only("They made off with a two-million-euro booty, a police source said.")
    assert (haul.dimension, haul.value, haul.key) == ("money:EUR", 2e6, "value")
