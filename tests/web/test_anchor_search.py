"""Finding a sentence in a text node without a regex gives what the regex gave (#6)."""

from __future__ import annotations

import re

import pytest

from tidings.ai.sentence_anchors import _pattern, _search

SENTENCE = "The council approved 40 new homes."
TEXTS = (
    "Before. The council approved 40 new homes. After.",
    "The council  approved 40 new homes.",  # two spaces: the regex path
    "The council\napproved 40 new homes.",
    "The council\u00a0approved 40 new homes.",
    "Earlier: The council\napproved 40 new homes. Later: The council approved 40 new homes.",
    "The council approved 40 new homes",  # no full stop: not found
    "",
    "The Council approved 40 new homes.",
)


@pytest.mark.parametrize("text", TEXTS)
def test_search_matches_the_pattern(text: str) -> None:
    patterns: list[re.Pattern[str]] = []
    match = _pattern(SENTENCE).search(text)
    assert _search(SENTENCE, text, patterns) == (None if match is None else match.span())


def test_spaced_sentence() -> None:
    sentence = "Prices  rose\tagain (by 3%)."
    text = "Yesterday prices fell. Prices rose again (by 3%). Today?"
    expected = _pattern(sentence).search(text)
    assert expected is not None
    assert _search(sentence, text, []) == expected.span()
