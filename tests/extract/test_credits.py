"""Telling a caption from its credit."""

from __future__ import annotations

import pytest
from lxml.html import fragment_fromstring

from tidings.extract.credits import clean_credit, is_credit_element, split_credit


@pytest.mark.parametrize(
    ("text", "caption", "credit"),
    [
        ("A man walks in the rain. Photo: Jane Doe/Agency", "A man walks in the rain.", "Jane Doe/Agency"),
        ("Crowds on the quay. Photograph: Mia Lund/The Daily", "Crowds on the quay.", "Mia Lund/The Daily"),
        ("Protest in Berlin. Foto: Anna Schmidt / dpa", "Protest in Berlin.", "Anna Schmidt / dpa"),
        ("Der Marktplatz. Bild: Stadt Neuheim", "Der Marktplatz.", "Stadt Neuheim"),
        ("The mayor speaks. Picture: Tom Bell", "The mayor speaks.", "Tom Bell"),
        ("Launch day. Image: NASA", "Launch day.", "NASA"),
        ("Tea fields. Credit: Sam Example for The Gazette", "Tea fields.", "Sam Example for The Gazette"),
        ("Firefighters at the scene (Photo by John Roe/Getty Images)", "Firefighters at the scene",
         "John Roe/Getty Images"),
        ("Flooded streets in Riverton. Jane Doe/Getty Images", "Flooded streets in Riverton.",
         "Jane Doe/Getty Images"),
        ("Flooded streets. Jane Doe/AFP via Getty Images", "Flooded streets.", "Jane Doe/AFP via Getty Images"),
        ("A view of the harbour © Harbour Press", "A view of the harbour", "Harbour Press"),
        ("Foto: dpa", None, "dpa"),
        ("Bild: Max Muster | Der Marktplatz am Abend", "Der Marktplatz am Abend", "Max Muster"),
        ("Jane Doe/Reuters", None, "Jane Doe/Reuters"),
    ],
)  # fmt: skip
def test_credit_patterns(text: str, caption: str | None, credit: str) -> None:
    assert split_credit(text) == (caption, credit)


@pytest.mark.parametrize(
    "text",
    [
        "The winning photo: a fox in the snow.",
        "Fans of AC/DC queue outside the arena",
        "A caption with no credit at all.",
        "Rates rose 3.5% in Q2/Q3 of the year",
    ],
)
def test_captions_without_credits_stay_whole(text: str) -> None:
    assert split_credit(text) == (text, None)


def test_empty_caption() -> None:
    assert split_credit("   ") == (None, None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Photo: Jane Doe", "Jane Doe"),
        ("© Harbour Press Agency", "Harbour Press Agency"),
        ("(Photo by Kieran Holt)", "Kieran Holt"),
        ("Jane Doe", "Jane Doe"),
        ("  Foto:  Jens Hartmann . ", "Jens Hartmann"),
        (" © ", None),
    ],
)
def test_clean_credit(text: str, expected: str | None) -> None:
    assert clean_credit(text) == expected


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        ('<span class="credit">x</span>', True),
        ('<p class="image-copyright">x</p>', True),
        ('<span class="photographer-name">x</span>', True),
        ('<span itemprop="copyrightHolder">x</span>', True),
        ('<span class="caption-text">x</span>', False),
        ("<span>x</span>", False),
    ],
)
def test_credit_elements(markup: str, expected: bool) -> None:
    assert is_credit_element(fragment_fromstring(markup)) is expected
