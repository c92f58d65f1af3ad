"""Key points: which sentences are chosen, in what order, and what is never chosen."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from tidings.ai.keypoint_features import FEATURES, outside_quotes, quote_starts
from tidings.ai.keypoint_model import KeyPointModelError, default_model, load_model
from tidings.ai.keypoints import HOW, MAX_POINTS, MIN_POINTS, eligible, key_points
from tidings.ai.sentences import split_sentences
from tidings.demo.loader import load_catalog

BRIDGE = "calder-bridge-shut-after-inspectors-find-corroded-cables"
# The lead sets a scene; the story (six libraries close) is told from the third paragraph.
LIBRARIES = "\n\n".join(
    [
        "It was a grey morning on the seafront, and the cafés along the promenade had not yet "
        "opened their shutters.",
        "A gull stood on the railings and watched the few joggers who had braved the drizzle "
        "before work.",
        "The city council voted last night to close six of its eleven public libraries to save "
        "£2m a year from its budget.",
        "Councillors said the library closures were the hardest of the budget cuts, but that the "
        "council had no other way to balance its budget this year.",
        "Campaigners who fought the library closures said they would ask the courts to review "
        "the council vote within weeks.",
        "The six libraries will close in April, and the council will move their books and "
        "computers to the five libraries that stay open.",
        "Rain is expected to clear by the afternoon, with sunshine on the coast by the evening "
        "rush hour.",
    ]
)


def demo_text(slug: str) -> str:
    """A demo article's body as extraction gives it."""
    return next(a for a in load_catalog().articles if a.slug == slug).plain_text


def test_the_bridge_report_keeps_its_lead_and_reads_in_order() -> None:
    title = "Calder Bridge shut to all traffic after inspectors find corroded cables"
    points = key_points(demo_text(BRIDGE), title=title)
    assert len(points) == MIN_POINTS
    assert points[0].sentence.id == "s-0-0"
    assert "38,000 vehicles a day" in points[0].sentence.text
    assert [p.sentence.index for p in points] == sorted(p.sentence.index for p in points)
    assert all(0 < p.score <= 1 for p in points)
    assert points.how == HOW


def test_a_lead_that_only_sets_the_scene_is_not_a_point() -> None:
    points = key_points(LIBRARIES)
    chosen = [p.sentence.id for p in points]
    assert "s-0-0" not in chosen and "s-1-0" not in chosen
    assert chosen[0] == "s-2-0"  # the council's vote, the story itself
    assert "s-6-0" not in chosen  # the weather, which shares no words with the story


def test_how_speaks_to_readers() -> None:
    how = key_points(LIBRARIES).how
    assert "sentences" in how and "article" in how
    for jargon in ("TF-IDF", "LexRank", "regression", "centrality", "extractive", "model"):
        assert jargon.lower() not in how.lower()
    assert key_points("").how == HOW


def test_every_demo_article_gets_three_to_five_standalone_points() -> None:
    for article in load_catalog().articles:
        text = demo_text(article.slug)
        points = key_points(text, title=article.title, language=article.language)
        assert MIN_POINTS <= len(points) <= MAX_POINTS, article.slug
        sentences = split_sentences(text)
        starts = dict(zip(sentences, quote_starts(sentences, article.language), strict=True))
        for point in points:
            sentence = point.sentence
            assert not sentence.heading and not sentence.text.endswith("?")
            assert not starts[sentence], sentence.text
            if sentence.text[0] in '“"«„':  # a quotation, then who said it
                assert len(outside_quotes(sentence.text, article.language).split()) >= 2
            assert 8 <= len(sentence.text.split()) <= 50


def test_quotes_headings_and_short_lines_are_never_points() -> None:
    found = {s.text: s for s in split_sentences(demo_text(BRIDGE))}
    assert not eligible(found["Queues at the tunnel"])
    assert not eligible(found["“If they can't walk over, they won't come.”"])
    said = next(t for t in found if t.startswith("“Half our customers walk over"))
    assert eligible(found[said])  # the quotation names its speaker
    pull_quote = next(t for t in found if t.startswith("The bridge has stood for ninety years"))
    assert eligible(found[pull_quote])  # a pull quote block is plain text once extracted
    inside = split_sentences(
        "“They slept in the car. They had nowhere else to go at all.” He left."
    )
    assert not eligible(inside[0]) and not eligible(inside[1])


def test_the_middle_of_a_quotation_is_never_a_point() -> None:
    text = (
        "“We are pleased with the result. The team worked very hard for many long months on "
        "this. It was not easy at any stage of the season,” said the club manager Alan Brooks "
        "on Sunday."
    )
    sentences = split_sentences(text)
    assert quote_starts(sentences, "en") == [False, True, True]
    assert eligible(sentences[1])  # alone, nothing shows it is quoted...
    assert key_points(text, count=3) == ()  # ...but in its paragraph it is


def test_a_quotation_that_runs_over_lines_ends_where_it_closes() -> None:
    # British style: each paragraph of a long quote opens again; only the last one closes.
    text = (
        '"It was a chance for me to prove myself.\n"Every season I go out there and challenge '
        'for the medals."\nCampbell set his personal best of 10.04secs when he won in 1998.'
    )
    sentences = split_sentences(text)
    assert quote_starts(sentences, "en") == [False, True, False]  # the middle one goes on
    assert outside_quotes(sentences[1].text, "en", inside=True).split() == []
    assert outside_quotes('"We will win," said Mr Brooks.', "en").split() == [
        "said",
        "Mr",
        "Brooks.",
    ]


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
    assert (lead in texts) != (echo in texts)
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


def test_the_weights_decide_which_sentences_win() -> None:
    shipped = default_model()
    position = FEATURES.index("inverse_position")
    only_position = tuple(1.0 if i == position else 0.0 for i in range(len(FEATURES)))
    first = replace(shipped, weights=only_position)
    last = replace(shipped, weights=tuple(-w for w in only_position))
    assert [p.sentence.id for p in key_points(LIBRARIES, model=first)] == [
        "s-0-0",
        "s-1-0",
        "s-2-0",
    ]
    assert [p.sentence.id for p in key_points(LIBRARIES, model=last)] == [
        "s-4-0",
        "s-5-0",
        "s-6-0",
    ]


def test_a_language_without_stop_words_still_gets_points() -> None:
    text = "\n\n".join(
        [
            "Il consiglio comunale ha deciso ieri sera di chiudere sei delle undici biblioteche "
            "pubbliche della città.",
            "Le biblioteche chiuderanno ad aprile e i libri delle biblioteche chiuse andranno "
            "alle cinque biblioteche che restano aperte.",
            "Secondo il consiglio comunale, la chiusura delle biblioteche farà risparmiare due "
            "milioni di euro ogni anno.",
            "Domani è prevista pioggia su tutta la costa fino al tardo pomeriggio di sabato.",
        ]
    )
    points = key_points(text, title="Il consiglio chiude sei biblioteche", language="it")
    assert len(points) == 3
    assert all("bibliotec" in p.sentence.text for p in points)


def test_the_shipped_weights_load_and_survive_a_round_trip(tmp_path: Path) -> None:
    shipped = default_model()
    assert len(shipped.weights) == len(shipped.mean) == len(shipped.scale) == len(FEATURES)
    assert shipped.fitted_on["articles"] > 1000 and "licence" in shipped.fitted_on
    copy = tmp_path / "weights.json"
    copy.write_text(shipped.to_json(), encoding="utf-8")
    assert load_model(copy) == shipped


def test_weights_for_other_features_are_refused(tmp_path: Path) -> None:
    text = default_model().to_json().replace('"name": "centroid"', '"name": "novelty"')
    wrong = tmp_path / "wrong.json"
    wrong.write_text(text, encoding="utf-8")
    with pytest.raises(KeyPointModelError, match="novelty"):
        load_model(wrong)
    with pytest.raises(KeyPointModelError, match="cannot read"):
        load_model(tmp_path / "missing.json")
    flat = replace(default_model(), scale=(0.0,) * len(FEATURES))
    wrong.write_text(flat.to_json(), encoding="utf-8")
    with pytest.raises(KeyPointModelError, match="positive"):
        load_model(wrong)
