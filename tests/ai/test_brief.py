"""The story brief on the demo story with a planted disagreement, hand-made cases, real news."""

from __future__ import annotations

import json
import time
from collections import defaultdict
from pathlib import Path

import pytest

from tidings.ai.brief import BriefArticle, StoryBrief, build_brief
from tidings.ai.sentences import split_sentences
from tidings.demo.catalog import Paragraph
from tidings.demo.loader import load_catalog

NEWSWCL50 = Path(__file__).parents[3] / "shared/data/clustering-dev/newswcl50/documents.jsonl"


def demo_story(key: str) -> list[BriefArticle]:
    catalog = load_catalog()
    return [
        BriefArticle(
            article_id=article.slug,
            outlet=catalog.outlet(article.outlet).name,
            title=article.title,
            text="\n\n".join(b.text for b in article.body if isinstance(b, Paragraph)),
            language=article.language,
        )
        for article in catalog.stories()[key]
    ]


def article(outlet: str, *paragraphs: str) -> BriefArticle:
    return BriefArticle(f"{outlet}-1", outlet, f"{outlet} report", "\n\n".join(paragraphs))


def assert_cited(brief: StoryBrief, articles: list[BriefArticle]) -> None:
    """Every sentence in the brief is the cited article's own sentence under that id."""
    sentences = {a.article_id: {s.id: s.text for s in split_sentences(a.text)} for a in articles}
    citations = [c for p in brief.common for c in p.sources]
    citations += [c for a in brief.additions for c in a.sentences]
    citations += [c for d in brief.disagreements for v in d.values for c in v.sources]
    assert citations
    for cite in citations:
        assert sentences[cite.article_id][cite.sentence_id] == cite.text


@pytest.fixture(scope="module")
def bridge() -> tuple[list[BriefArticle], StoryBrief]:
    articles = demo_story("harbour-bridge-closure")
    brief = build_brief(articles)
    assert brief is not None
    return articles, brief


def test_demo_story_finds_the_planted_disagreements_and_no_others(
    bridge: tuple[list[BriefArticle], StoryBrief],
) -> None:
    _, brief = bridge
    found = {(d.key, d.dimension): d for d in brief.disagreements}
    assert set(found) == {("vehicle", "count"), ("closed", "time")}
    vehicles = {v.label: v.outlets for v in found["vehicle", "count"].values}
    assert vehicles == {
        "around 38,000 vehicles": ("The Harbour Herald",),
        "About 45,000 vehicles": ("Westmarch News",),
    }
    closing = {v.label: v.outlets for v in found["closed", "time"].values}
    assert closing == {"five o'clock": ("The Harbour Herald",), "six o'clock": ("Westmarch News",)}
    # "at least six weeks" from all three and "up to three months" are compatible ranges
    assert all(d.dimension != "duration" for d in brief.disagreements)


def test_demo_story_common_points_and_additions_are_cited(
    bridge: tuple[list[BriefArticle], StoryBrief],
) -> None:
    articles, brief = bridge
    assert brief.outlets == ("The Harbour Herald", "Quarterline", "Westmarch News")
    assert_cited(brief, articles)
    top = brief.common[0]
    assert set(top.outlets) == set(brief.outlets)  # the six-week closure: all three report it
    assert "six weeks" in top.text
    assert all(len(p.outlets) >= 2 for p in brief.common)
    adds = {a.outlet: [c.text for c in a.sentences] for a in brief.additions}
    assert set(adds) == set(brief.outlets)
    assert all(1 <= len(texts) <= 2 for texts in adds.values())
    assert any("£4m a week" in text for text in adds["Quarterline"])
    assert "Extractive" in brief.method


def test_demo_brief_is_fast(bridge: tuple[list[BriefArticle], StoryBrief]) -> None:
    articles, _ = bridge
    started = time.perf_counter()
    build_brief(articles)
    assert time.perf_counter() - started < 2.0  # about 0.1 s on one core


def test_one_outlet_has_no_brief() -> None:
    one = article("Solo", "At least 12 people were killed in the blast on Tuesday morning.")
    two = BriefArticle(
        "Solo-2", "Solo", "Update", "The death toll rose to 15 on Wednesday evening."
    )
    assert build_brief([one, two]) is None
    assert build_brief([]) is None


def test_compatible_ranges_are_not_a_disagreement() -> None:
    articles = [
        article("A", "At least 12 people were killed when the factory roof collapsed in Dunmore."),
        article("B", "Twelve people were killed when the roof of a Dunmore factory collapsed."),
        article(
            "C", "More than 10 people were killed after the factory roof in Dunmore collapsed."
        ),
        article(
            "D", "Rescuers said about 38,000 tonnes of debris lay in the Dunmore factory yard."
        ),
        article(
            "E", "Nearly 40,000 tonnes of debris lay in the Dunmore factory yard, rescuers said."
        ),
    ]
    brief = build_brief(articles)
    assert brief is not None
    assert brief.disagreements == ()
    assert brief.common and {"A", "B", "C"} <= set(brief.common[0].outlets)


def test_different_things_are_not_compared() -> None:
    articles = [
        article("A", "Twelve people were injured when the factory roof in Dunmore collapsed."),
        article("B", "Three people were killed when the factory roof in Dunmore collapsed."),
    ]
    brief = build_brief(articles)
    assert brief is not None
    assert brief.disagreements == ()


def test_a_real_dispute_cites_both_sides() -> None:
    articles = [
        article("A", "At least 12 people were killed when the factory roof in Dunmore collapsed."),
        article(
            "B", "Officials said 8 people were killed when the Dunmore factory roof collapsed."
        ),
        article("C", "Twelve people were killed when the factory roof in Dunmore collapsed."),
    ]
    brief = build_brief(articles)
    assert brief is not None
    (dispute,) = brief.disagreements
    assert dispute.key == "killed"
    assert [v.outlets for v in dispute.values] == [("B",), ("A", "C")]
    assert_cited(brief, articles)


def test_one_outlet_revising_its_figure_is_not_a_dispute() -> None:
    articles = [
        article("A", "Eight people were injured in the Dunmore factory fire, police said."),
        BriefArticle("A-2", "A", "Update", "Police now say 11 people were injured in the fire."),
        article("B", "The Dunmore factory fire was put out after four hours, police said."),
    ]
    brief = build_brief(articles)
    assert brief is not None
    assert brief.disagreements == ()


@pytest.mark.skipif(not NEWSWCL50.exists(), reason="clustering-dev data not present")
def test_real_stories_from_five_outlets() -> None:
    events: dict[int, list[BriefArticle]] = defaultdict(list)
    for line in NEWSWCL50.read_text(encoding="utf-8").splitlines():
        doc = json.loads(line)
        text = doc["text"].replace("\n", "\n\n")  # one sentence per line there
        events[doc["event_id"]].append(BriefArticle(doc["doc_id"], doc["outlet"], "", text))
    for articles in events.values():
        started = time.perf_counter()
        brief = build_brief(articles)
        assert time.perf_counter() - started < 5.0
        assert brief is not None and len(brief.outlets) == 5
        assert brief.common and all(len(p.outlets) >= 3 for p in brief.common)
        assert len(brief.additions) == 5
        assert_cited(brief, articles)
        # no ages, weekdays of different statements, or "people" without an event
        assert all(d.dimension not in ("weekday", "date") for d in brief.disagreements)
        assert all(d.key not in ("people", "year-old") for d in brief.disagreements)
