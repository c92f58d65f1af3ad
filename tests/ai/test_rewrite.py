"""Checked rewriting: the model's wording is kept only when its facts are in the source."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from tests.ai.openai_server import OpenAIServer, openai_server
from tidings.ai.backends import ModelResponseError
from tidings.ai.model_server import OpenAICompatible
from tidings.ai.rewrite import (
    Citation,
    CitedSentence,
    parse_numbered,
    rewrite_sentences,
    unsupported_content,
)

MODEL = "tiny-rewriter"
WHEN = datetime(2026, 11, 30, 9, 15, tzinfo=UTC)

QUAKE = Citation(
    "a" * 32,
    3,
    "The magnitude 6.1 earthquake struck near Kestrel Valley at 4 a.m., damaging 12,000 homes.",
)
TOLL = Citation("b" * 32, 7, "Officials confirmed three deaths and said 40% of roads were shut.")
MAYOR = Citation("c" * 32, 1, "Mayor Tara Reid asked residents to stay indoors.")
ITEMS = [
    CitedSentence(QUAKE.text, (QUAKE,)),
    CitedSentence(TOLL.text, (TOLL,)),
    CitedSentence(MAYOR.text, (MAYOR,)),
    CitedSentence("Roads and homes were damaged.", (QUAKE, TOLL)),
]


@pytest.fixture
def server() -> Iterator[OpenAIServer]:
    with openai_server(models=(MODEL,)) as s:
        yield s


@pytest.fixture
def backend(server: OpenAIServer) -> Iterator[OpenAICompatible]:
    with OpenAICompatible(server.base_url, MODEL, timeout=5) as client:
        yield client


# -- the check --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "rewrite",
    [
        "A 6.1 quake hit Kestrel Valley early, damaging 12000 homes.",
        "The quake damaged 12,000 homes in Kestrel Valley.",
        "Three people died, officials said.",  # "Three" = "three", a positional capital
        "Officials said 40 per cent of roads were shut and 3 people died.",
        "Kestrel Valley's homes were damaged.",
    ],
)
def test_faithful_rewrites_pass(rewrite: str) -> None:
    assert unsupported_content(rewrite, [QUAKE.text, TOLL.text]) == []


@pytest.mark.parametrize(
    ("rewrite", "missing"),
    [
        ("A 6.4 quake hit Kestrel Valley.", ["6.4"]),
        ("The quake damaged 15,000 homes.", ["15000"]),
        ("Five people died.", ["5"]),  # "4 a.m." has a 4; no 5 anywhere
        ("Half the roads were shut.", ["half"]),
        ("Roads worth $2 million were shut.", ["2", "dollar", "million"]),
        ("The quake hit Kestrel Valley in Oregon.", ["Oregon"]),
        ("Governor Reid spoke.", ["Governor", "Reid"]),
        ("The quake struck on Tuesday, said Reuters.", ["Tuesday", "Reuters"]),
    ],
)
def test_invented_facts_are_caught(rewrite: str, missing: list[str]) -> None:
    assert unsupported_content(rewrite, [QUAKE.text, TOLL.text]) == missing


def test_twelve_thousand_is_not_taken_for_12000() -> None:
    # Conservative on purpose: spelled-out large numbers fall back to the original.
    assert unsupported_content("It damaged twelve thousand homes.", [QUAKE.text]) == [
        "12",
        "thousand",
    ]


# -- the parse --------------------------------------------------------------------------------


def test_numbered_replies_parse_strictly() -> None:
    assert parse_numbered("1. one\n\n2) two\n", 2) == ["one", "two"]
    assert parse_numbered("```\n1. one\n2. two\n```", 2) == ["one", "two"]
    with pytest.raises(ModelResponseError, match="unnumbered line"):
        parse_numbered("Here you go:\n1. one\n2. two", 2)
    with pytest.raises(ModelResponseError, match="numbers line 2 as 3"):
        parse_numbered("1. one\n3. three", 2)
    with pytest.raises(ModelResponseError, match="rewrote 1 sentences of 2"):
        parse_numbered("1. one", 2)
    with pytest.raises(ModelResponseError, match="unnumbered line"):
        parse_numbered("1. one that wraps\nonto a second line\n2. two", 2)


# -- against the server -----------------------------------------------------------------------


def test_a_rewrite_that_invents_a_number_falls_back_to_the_original(
    server: OpenAIServer, backend: OpenAICompatible
) -> None:
    server.rewrite_replies = [
        "1. A 6.1 quake near Kestrel Valley damaged 12,000 homes at 4 a.m.\n"
        "2. Officials confirmed five deaths; 40% of roads were shut.\n"
        "3. Mayor Tara Reid of Springfield told residents to stay inside.\n"
        "4. Homes and roads were damaged."
    ]
    result = rewrite_sentences(ITEMS, backend, now=lambda: WHEN)

    (request,) = server.chat_requests()
    assert request.body["messages"][1]["content"].splitlines()[1] == f"2. {TOLL.text}"

    first, second, third, fourth = result.sentences
    assert first.rewritten and first.text.startswith("A 6.1 quake")
    assert not second.rewritten and second.text == TOLL.text
    assert second.dropped_reason == "not in the cited source: 5"
    assert not third.rewritten and third.text == MAYOR.text
    assert third.dropped_reason == "not in the cited source: Springfield"
    assert fourth.rewritten and fourth.text == "Homes and roads were damaged."
    assert result.fallbacks == (1, 2)
    for item, out in zip(ITEMS, result.sentences, strict=True):
        assert out.citations == item.citations
        assert out.original == item.text
        assert (out.backend, out.model, out.created_at) == ("openai-compatible", MODEL, WHEN)
    assert (result.backend, result.model, result.created_at) == ("openai-compatible", MODEL, WHEN)


def test_an_unreadable_reply_is_an_error(server: OpenAIServer, backend: OpenAICompatible) -> None:
    server.rewrite_replies = ["Sure! Here are the sentences:\n1. a\n2. b\n3. c\n4. d"]
    with pytest.raises(ModelResponseError):
        rewrite_sentences(ITEMS, backend)


def test_nothing_to_rewrite_asks_nothing(server: OpenAIServer, backend: OpenAICompatible) -> None:
    result = rewrite_sentences([], backend, now=lambda: WHEN)
    assert result.sentences == ()
    assert server.requests == []


def test_the_servers_echo_passes_the_check(server: OpenAIServer, backend: OpenAICompatible) -> None:
    # With no scripted reply the fake model echoes the numbered lines: all must survive.
    result = rewrite_sentences(ITEMS, backend)
    assert [s.text for s in result.sentences] == [i.text for i in ITEMS]
    assert result.fallbacks == ()
