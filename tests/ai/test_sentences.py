"""Sentence splitting of article bodies: anchors, offsets, abbreviations, four languages."""

from __future__ import annotations

import pytest

from tidings.ai.sentences import Sentence, paragraphs, split_sentences
from tidings.demo.loader import load_catalog


def demo_text(slug: str) -> str:
    """A demo article's body as extraction gives it."""
    return next(a for a in load_catalog().articles if a.slug == slug).plain_text


def texts(text: str) -> list[str]:
    return [s.text for s in split_sentences(text)]


def test_ids_offsets_and_order_on_a_real_article() -> None:
    text = demo_text("calder-bridge-shut-after-inspectors-find-corroded-cables")
    found = split_sentences(text)
    blocks = paragraphs(text)
    assert [s.index for s in found] == list(range(len(found)))
    assert len({s.id for s in found}) == len(found)
    for sentence in found:
        assert blocks[sentence.paragraph][sentence.start : sentence.end] == sentence.text
        assert sentence.id.startswith(f"s-{sentence.paragraph}-")
    first = found[0]
    assert first == Sentence(
        id="s-0-0",
        paragraph=0,
        index=0,
        start=0,
        end=first.end,
        text=first.text,
        heading=False,
    )
    assert first.text.startswith("The Calder Bridge, which carries around 38,000 vehicles")
    assert first.text.endswith("at five o'clock this morning.")
    assert found[1].id == "s-0-1" and found[1].text.startswith("Barriers went up")
    # Same text, same ids: anchors survive re-splitting.
    assert split_sentences(text) == found


def test_subheadings_are_flagged_sentences() -> None:
    found = split_sentences(demo_text("calder-bridge-shut-after-inspectors-find-corroded-cables"))
    headings = [s.text for s in found if s.heading]
    assert headings == ["“We will not take chances”", "Queues at the tunnel"]
    # A one-line list item that ends in a full stop is prose, not a heading.
    item = next(s for s in found if s.text.startswith("The bridge is closed to all users"))
    assert not item.heading


def test_english_abbreviations_initials_and_decimals() -> None:
    text = (
        "Mr. Haddad met Dr. Nandakumar at St. Mary's on Jan. 5. The U.S. Army said "
        "No. 10 was 3.5 km away. John F. Kennedy Jr. was there too. Inflation was 2.1%. "
        "Prices rose, etc. The bank said so."
    )
    assert texts(text) == [
        "Mr. Haddad met Dr. Nandakumar at St. Mary's on Jan. 5.",
        "The U.S. Army said No. 10 was 3.5 km away.",
        "John F. Kennedy Jr. was there too.",
        "Inflation was 2.1%.",
        "Prices rose, etc.",
        "The bank said so.",
    ]


def test_an_initialism_ends_a_sentence_before_a_sentence_opener() -> None:
    assert texts("He moved to the U.S. The rest of the family stayed.") == [
        "He moved to the U.S.",
        "The rest of the family stayed.",
    ]


def test_quotes_and_ellipses() -> None:
    text = (
        "“If they can't walk over, they won't come.” Further along the street, a pharmacist "
        "agreed. “Why?” she asked. He paused... Then he left… Nobody followed."
    )
    assert texts(text) == [
        "“If they can't walk over, they won't come.”",
        "Further along the street, a pharmacist agreed.",
        "“Why?” she asked.",
        "He paused...",
        "Then he left…",
        "Nobody followed.",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Die Brücke wurde am 3. Oktober gesperrt. Das sagte Dr. Müller, z.B. gestern. "
            "Er sagte: „Wir schließen.“ Dann ging er. Es kostet ca. 5 Mio. Euro.",
            [
                "Die Brücke wurde am 3. Oktober gesperrt.",
                "Das sagte Dr. Müller, z.B. gestern.",
                "Er sagte: „Wir schließen.“",
                "Dann ging er.",
                "Es kostet ca. 5 Mio. Euro.",
            ],
        ),
        (
            "Il a dit : « Nous fermons aujourd'hui. » Le pont est fermé. Pourquoi ? "
            "M. Dupont et Mme. Roux sont là.",
            [
                "Il a dit : « Nous fermons aujourd'hui. »",
                "Le pont est fermé.",
                "Pourquoi ?",
                "M. Dupont et Mme. Roux sont là.",
            ],
        ),
        (
            "¿Qué pasa? Nada. El Sr. García llegó a EE.UU. ayer. ¡Qué bien! La Sra. López "
            "dijo que sí.",
            [
                "¿Qué pasa?",
                "Nada.",
                "El Sr. García llegó a EE.UU. ayer.",
                "¡Qué bien!",
                "La Sra. López dijo que sí.",
            ],
        ),
    ],
    ids=["de", "fr", "es"],
)
def test_german_french_spanish(text: str, expected: list[str]) -> None:
    assert texts(text) == expected


def test_a_french_quote_closing_a_paragraph_stays_with_its_sentence() -> None:
    found = split_sentences(
        demo_text("vendanges-precoces-dans-les-rives-les-vignerons-s-inquietent")
    )
    assert all(any(c.isalnum() for c in s.text) for s in found)
    assert any(s.text.endswith("ça interroge. »") for s in found)


def test_every_demo_sentence_is_whole() -> None:
    """No demo sentence ends on a title abbreviation or starts in lower case."""
    for article in load_catalog().articles:
        for sentence in split_sentences(demo_text(article.slug)):
            assert not sentence.text.endswith((" Mr.", " Dr.", " Ms.", " St.", " M.")), sentence
            first = next(c for c in sentence.text if c.isalnum())
            assert not first.islower(), sentence


def test_blank_lines_and_empty_text() -> None:
    assert split_sentences("") == ()
    assert split_sentences("  \n\n \n") == ()
    found = split_sentences("One here.\n \nTwo there. Three.\n\n\n\nFour")
    assert [(s.id, s.paragraph, s.text) for s in found] == [
        ("s-0-0", 0, "One here."),
        ("s-1-0", 1, "Two there."),
        ("s-1-1", 1, "Three."),
        ("s-2-0", 2, "Four"),
    ]
    assert found[-1].heading
