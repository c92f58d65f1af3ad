"""Key points: which sentences are chosen, in what order, and what is never chosen."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest

from tidings.ai.keypoints import MAX_POINTS, MIN_POINTS, eligible, key_points
from tidings.ai.sentences import split_sentences
from tidings.demo.loader import load_catalog

BRIDGE = "calder-bridge-shut-after-inspectors-find-corroded-cables"


def demo_text(slug: str) -> str:
    """A demo article's body as extraction gives it."""
    return next(a for a in load_catalog().articles if a.slug == slug).plain_text


def test_the_bridge_report_leads_with_its_lead() -> None:
    title = "Calder Bridge shut to all traffic after inspectors find corroded cables"
    points = key_points(demo_text(BRIDGE), title=title)
    assert len(points) == MIN_POINTS
    assert points[0].sentence.id == "s-0-0"
    assert "38,000 vehicles a day" in points[0].sentence.text
    assert any("found corrosion" in p.sentence.text for p in points)
    assert [p.sentence.index for p in points] == sorted(p.sentence.index for p in points)
    assert all(0 < p.score <= 1 for p in points)


def test_every_demo_article_gets_three_to_five_standalone_points() -> None:
    for article in load_catalog().articles:
        text = demo_text(article.slug)
        points = key_points(text, title=article.title, language=article.language)
        assert MIN_POINTS <= len(points) <= MAX_POINTS, article.slug
        for point in points:
            sentence = point.sentence
            assert not sentence.heading and not sentence.text.endswith("?")
            assert sentence.text[0] not in '“"«„', sentence.text
            assert 8 <= len(sentence.text.split()) <= 50


def test_quotes_headings_and_short_lines_are_never_points() -> None:
    found = {s.text: s for s in split_sentences(demo_text(BRIDGE))}
    assert not eligible(found["Queues at the tunnel"])
    assert not eligible(found["“If they can't walk over, they won't come.”"])
    pull_quote = next(t for t in found if t.startswith("The bridge has stood for ninety years"))
    assert eligible(found[pull_quote])  # a pull quote block is plain text once extracted
    inside = split_sentences(
        "“They slept in the car. They had nowhere else to go at all.” He left."
    )
    assert not eligible(inside[0]) and not eligible(inside[1])


def test_a_repeated_sentence_is_chosen_once() -> None:
    lead = "The Calder Bridge was closed this morning after inspectors found corroded cables."
    echo = "The Calder Bridge was closed this morning after inspectors found corroded cables again."
    body = "\n\n".join(
        [
            f"{lead} Traffic was diverted to the Fenwick Tunnel within minutes of the decision.",
            f"{echo} Engineers will fit temporary steel clamps over the coming six weeks.",
            "Shopkeepers on Dunmore High Street said the closure could cost them half their trade.",
            "The council will publish a transport plan with extra ferries within forty-eight hours.",
        ]
    )
    points = key_points(body, title="Calder Bridge closed over corroded cables")
    texts = [p.sentence.text for p in points]
    assert lead in texts and echo not in texts
    assert len(points) == 3


def test_a_long_article_gets_five_points_and_a_short_one_fewer() -> None:
    slugs = [
        BRIDGE,
        "storm-odile-batters-seafront-twelve-hurt",
        "progressive-alliance-tops-westmarch-poll-short-of-majority",
    ]
    long_text = "\n\n".join(demo_text(slug) for slug in slugs)
    assert len(key_points(long_text)) == MAX_POINTS
    short = (
        "Twelve people were injured overnight as Storm Odile swept across Brackenport. It was bad."
    )
    points = key_points(short)
    assert [p.sentence.id for p in points] == ["s-0-0"]  # one eligible sentence, one point
    assert key_points("") == ()


@pytest.mark.parametrize("count", [1, 4])
def test_count_overrides_the_default(count: int) -> None:
    assert len(key_points(demo_text(BRIDGE), count=count)) == count


def test_embeddings_blend_into_the_similarity_graph() -> None:
    calls: list[int] = []

    def embed(texts: Sequence[str]) -> np.ndarray:
        calls.append(len(texts))
        rng = np.random.default_rng(len(texts))
        vectors = rng.normal(size=(len(texts), 8)).astype(np.float32)
        unit: np.ndarray = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
        return unit

    points = key_points(demo_text(BRIDGE), embed=embed)
    assert calls and len(points) == MIN_POINTS
    assert points[0].sentence.id == "s-0-0"  # the lead holds with noise for embeddings
