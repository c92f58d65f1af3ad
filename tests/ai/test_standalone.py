"""Which sentences stand alone, in English, German, French and Spanish."""

from __future__ import annotations

import pytest

from tidings.ai.sentences import sentence_spans
from tidings.ai.standalone import (
    FIRST_PERSON,
    FRAGMENT,
    PERSONAL,
    QUOTE_CONTINUES,
    REFERENCE,
    UNATTRIBUTED,
    leaning,
    names_someone,
    quotes_open,
)


@pytest.mark.parametrize(
    ("text", "lang", "reason"),
    [
        ("She said teams would begin fitting reinforcements.", "en", PERSONAL),
        ("Most of the other injuries were cuts and bruises.", "en", REFERENCE),
        ("The other two cables were only partly cut.", "en", REFERENCE),
        ("The figure of six weeks was a minimum.", "en", REFERENCE),
        ("It killed 612 people and injured more than 1,400.", "en", REFERENCE),
        ("But the work could take up to three months.", "en", "continues an argument"),
        ("I usually walk it in twenty.", "en", FIRST_PERSON),
        ("Nurse Kemi Adebayo, who lives in Dunmore", "en", FRAGMENT),
        ("“We'll survive six weeks,” she said.", "en", PERSONAL),
        ("„So eine Nacht hatten wir lange nicht.“", "de", UNATTRIBUTED),
        ("Er sagte, die Arbeiten dauerten Wochen.", "de", PERSONAL),
        ("Aber die Brücke bleibt gesperrt.", "de", "continues an argument"),
        ("Elle a été ressentie jusqu'à Saint-Aubrac.", "fr", PERSONAL),
        ("Ces écarts sont fréquents dans les premières heures.", "fr", REFERENCE),
        ("Su epicentro se situó a unos 12 kilómetros al sur.", "es", PERSONAL),
        ("«Las primeras 72 horas son decisivas», dijo.", "es", PERSONAL),
    ],
)
def test_sentences_that_lean_on_the_one_before(text: str, lang: str, reason: str) -> None:
    assert leaning(text, lang) == reason


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Twelve people were injured, two of them seriously.", "en"),
        ("“Half our customers walk over at lunchtime,” said Joan Pettifer, a baker.", "en"),
        ("« Un grondement sourd, puis tout s'est mis à bouger », raconte Odette Ferrier.", "fr"),
        ("Les secours ont pris en charge quatorze blessés.", "fr"),  # "Les" is an article
        ("Die Feuerwehr rückte zwölfmal aus.", "de"),
        ("El puerto permanecerá cerrado hasta el lunes.", "es"),
    ],
)
def test_sentences_that_stand_alone(text: str, lang: str) -> None:
    assert leaning(text, lang) is None


def test_a_quotation_over_several_sentences_is_open_inside() -> None:
    said = [
        "“They slept in the car.",
        "They are lucky.",
        "The street behind them is gone,” she said.",
        "The centre opened at noon.",
    ]
    assert quotes_open(said) == [False, True, True, False]
    assert leaning(said[1], quote_open=True) == QUOTE_CONTINUES
    german = ["„So eine Nacht hatten wir lange nicht.", "Es war hart.“", "Danach kam Regen."]
    assert quotes_open(german) == [False, True, False]


def test_a_name_resolves_a_pronoun() -> None:
    assert names_someone("The trust's chief engineer, Priya Nandakumar, spoke to reporters.")
    assert not names_someone("The corrosion was found during an inspection.")


def test_a_quotation_glued_to_its_attribution_is_split() -> None:
    # An extractor joining <q> and its <span> gives "twenty.Nurse"; a stop between a
    # lower-case and a capitalised word ends the sentence, but not "U.S.Army" or "3.5".
    glued = "I usually walk it in twenty.Nurse Kemi Adebayo, who works at the Infirmary"
    assert [glued[a:b] for a, b in sentence_spans(glued)] == [
        "I usually walk it in twenty.",
        "Nurse Kemi Adebayo, who works at the Infirmary",
    ]
    for whole in (
        "The U.S.Army said 3.5 per cent.",
        "He met Mr.Smith in St.Petersburg.",
        "Details are at www.Example.com and from news@Herald.org today.",
    ):
        assert [whole[a:b] for a, b in sentence_spans(whole)] == [whole]
