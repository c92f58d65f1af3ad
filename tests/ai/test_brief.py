"""The story brief on the demo stories, hand-made cases, real news, and the demo store's
story pages."""

from __future__ import annotations

import itertools
import json
import re
import time
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from lxml import html as lxml_html

from tests.demo_site import DemoSite
from tidings.ai.brief import BriefArticle, StoryBrief, build_brief
from tidings.ai.sentences import split_sentences
from tidings.demo.catalog import Paragraph
from tidings.demo.loader import load_catalog
from tidings.web import create_app

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
    """Every line of the brief is the cited article's own sentence under that id, or that
    sentence and the next of its paragraph (a sentence quoted with the one it leans on)."""
    quotable: dict[str, dict[str, set[str]]] = {}
    for a in articles:
        split = split_sentences(a.text)
        quotable[a.article_id] = {s.id: {s.text} for s in split}
        for first, second in itertools.pairwise(split):
            if first.paragraph == second.paragraph:
                quotable[a.article_id][first.id].add(f"{first.text} {second.text}")
    citations = [c for p in brief.common for c in (p.representative, *p.sources)]
    citations += [c for a in brief.additions for c in a.sentences]
    citations += [c for d in brief.disagreements for v in d.values for c in v.sources]
    citations += [c for u in brief.updates for v in u.values for c in v.sources]
    assert citations
    for cite in citations:
        assert cite.text in quotable[cite.article_id][cite.sentence_id]


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
    # In the bodies "up to three months" is how long "the work" could take, not the
    # closure: a different key, not compared (the demo store's brief has the standfirst
    # that says the bridge "could be closed for up to three months": tests/e2e).
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


def at(hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 12, 6, hour, minute, tzinfo=UTC)


def dated(outlet: str, when: datetime, *paragraphs: str, lang: str = "en") -> BriefArticle:
    return BriefArticle(
        f"{outlet}-1", outlet, f"{outlet} report", "\n\n".join(paragraphs), when, lang
    )


def test_a_later_report_that_raises_a_count_is_an_update_with_both_times() -> None:
    articles = [
        dated("A", at(9), "Twelve people were injured as the storm hit Dunmore overnight."),
        dated("B", at(15), "Fourteen people were injured as the storm hit Dunmore overnight."),
    ]
    brief = build_brief(articles)
    assert brief is not None and brief.disagreements == ()
    (update,) = brief.updates
    assert update.key == "injured"
    assert [(v.label, v.outlets, v.reported) for v in update.values] == [
        ("Twelve people", ("A",), at(9)),
        ("Fourteen people", ("B",), at(15)),
    ]
    assert_cited(brief, articles)


def test_reports_at_about_the_same_time_that_differ_disagree() -> None:
    articles = [
        dated("A", at(9), "Twelve people were injured as the storm hit Dunmore overnight."),
        dated("B", at(9, 10), "Fourteen people were injured as the storm hit Dunmore overnight."),
    ]
    brief = build_brief(articles)
    assert brief is not None and brief.updates == ()
    (dispute,) = brief.disagreements
    assert [v.label for v in dispute.values] == ["Twelve people", "Fourteen people"]
    # A lower figure reported later is no update of a count that only grows.
    later_lower = [articles[1], dated("A", at(15), articles[0].text)]
    brief = build_brief(later_lower)
    assert brief is not None and brief.updates == () and len(brief.disagreements) == 1


def test_a_floor_and_a_ceiling_far_apart_are_two_estimates() -> None:
    def closure(second: str) -> StoryBrief:
        brief = build_brief(
            [
                article("A", "The trust said the bridge would stay closed for at least six weeks."),
                article("B", second),
            ]
        )
        assert brief is not None
        return brief

    (dispute,) = closure(
        "Engineers said the bridge could be closed for up to three months."
    ).disagreements
    assert (dispute.key, dispute.dimension) == ("closed", "duration")
    assert {v.label for v in dispute.values} == {"at least six weeks", "up to three months"}
    # "at least six weeks" and "up to eight weeks" are close enough to be one estimate
    assert (
        closure("Engineers said the bridge could be closed for up to eight weeks.").disagreements
        == ()
    )


def test_magnitudes_disagree_across_languages_and_number_formats() -> None:
    articles = [
        article("Courrier", "Un séisme de magnitude 4,9 a secoué Montvalès dans la nuit."),
        article("Anzeiger", "Ein Erdbeben der Stärke 4,9 erschütterte Montvalès in der Nacht."),
        article("News", "An earthquake with a magnitude of 5.0 struck Montvalès late last night."),
    ]
    articles = [
        BriefArticle(a.article_id, a.outlet, a.title, a.text, None, lang)
        for a, lang in zip(articles, ("fr", "de", "en"), strict=True)
    ]
    brief = build_brief(articles)
    assert brief is not None
    (dispute,) = brief.disagreements
    assert dispute.dimension == "magnitude"
    assert [(v.label, v.outlets) for v in dispute.values] == [
        ("4,9", ("Courrier", "Anzeiger")),
        ("5.0", ("News",)),
    ]


def test_figures_of_another_time_are_not_compared() -> None:
    articles = [
        article(
            "A",
            "The earthquake killed three people on Qeshm island on Sunday, officials said.",
            "A stronger quake near Bandar Abbas in September killed seven people. It injured "
            "more than 40 people across the province.",
        ),
        article(
            "B",
            "Three people were killed by the earthquake on Qeshm island, officials said.",
            "The quake injured five people on the island, the governor said.",
        ),
    ]
    brief = build_brief(articles)
    assert brief is not None and brief.disagreements == ()


def test_the_brief_quotes_only_sentences_that_stand_alone() -> None:
    named = (
        "Priya Nandakumar is the chief engineer of the Calder Crossing Trust. She said the "
        "bridge would close for at least six weeks while steel clamps are fitted to the "
        "northern anchorage."
    )
    articles = [
        article(
            "A",
            named,
            "It took me an hour and ten minutes to get to work. I usually walk it in "
            "twenty.Nurse Kemi Adebayo, who lives in Dunmore and works at the Royal Infirmary",
            "The service treated 14 people for storm injuries overnight in the city. Most of "
            "the other injuries were cuts and bruises from falling branches and roof tiles.",
        ),
        article(
            "B",
            "The corrosion was found in the anchorage during a routine inspection. She said "
            "the bridge would close for at least six weeks while steel clamps are fitted to "
            "the northern anchorage.",
            "Ferries across the estuary will run every ten minutes at peak times from tomorrow.",
        ),
    ]
    brief = build_brief(articles)
    assert brief is not None
    # B's "She said…" follows a sentence that names nobody: A's, joined to the sentence
    # that names her, stands for the point both outlets report.
    assert brief.common[0].text == named
    assert brief.common[0].representative.sentence_id == "s-0-0"
    lines = [p.text for p in brief.common] + [c.text for a in brief.additions for c in a.sentences]
    for line in lines:
        assert not line.startswith(("She ", "It ", "I ", "Most of the other")), line
        assert "twenty.Nurse" not in line and "Nurse Kemi" not in line, line
    assert_cited(brief, articles)


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


# --- the demo store's story pages (issue #16) -------------------------------------------

# Openers that need the sentence before them, in the demo's four languages; written here
# apart from tidings.ai.standalone so the check does not grade itself.
DANGLING = re.compile(
    r"^[\"“«„]?(?:She|He|They|It|This|These|Those|But|And|Most of the other|The other|"
    r"Il|Elle|Ils|Elles|Ces|Cette|Mais|Er|Sie|Es|Diese|Aber|Él|Ella|Su|Sus|Pero)\b"
)


def _brief_section(client: TestClient, story_id: str) -> lxml_html.HtmlElement:
    response = client.get(f"/en/story/{story_id}")
    assert response.status_code == 200
    return lxml_html.fromstring(response.text).xpath("//section[@class='story-brief']")[0]


def _text(node: lxml_html.HtmlElement) -> str:
    return " ".join(node.text_content().split())


def _story_of(demo: DemoSite, needle: str) -> str:
    stored = demo.repository.articles.latest_articles(limit=500)
    story = next(a.story_id for a in stored if needle in (a.text or "") + a.title)
    assert story is not None
    return story


def test_demo_store_briefs_show_disagreements_updates_and_sentences_that_stand_alone(
    demo: DemoSite,
) -> None:
    """The two briefs issue #16 names, as the story page shows them after a real ingest:
    Calder Bridge (at least six weeks against up to three months) and the earthquakes
    (magnitude 4,9 against 5.0), and Storm Odile's 12 then 14 injured as an update."""
    with TestClient(create_app(demo.settings, repository=demo.repository)) as client:
        briefs = {
            name: _brief_section(client, _story_of(demo, needle))
            for name, needle in (
                ("bridge", "38,000 vehicles"),
                ("quake", "Séisme de magnitude 4,9"),
                ("storm", "Storm Odile batters seafront"),
            )
        }
    disputed = {
        name: {_text(li) for li in brief.xpath(".//li[@class='disagreement']")}
        for name, brief in briefs.items()
    }
    closure = [d for d in disputed["bridge"] if "six weeks" in d]
    assert len(closure) == 1 and "up to three months" in closure[0], disputed["bridge"]
    magnitude = [d for d in disputed["quake"] if d.lower().startswith("magnitude")]
    assert len(magnitude) == 1 and "4,9" in magnitude[0], disputed["quake"]
    assert "5.0" in magnitude[0] or "5,0" in magnitude[0]
    # 12 then 14 injured: an update with both times, not a conflict.
    assert not any("injured" in d.lower() for d in disputed["storm"])
    (update,) = briefs["storm"].xpath(".//li[@class='figure-update']")
    said = _text(update)
    assert said.index("Twelve") < said.index("→") < said.index("Fourteen"), said
    assert "updated" in said and len(update.xpath(".//time[@datetime]")) == 2
    for name, brief in briefs.items():
        lines = [_text(a) for a in brief.xpath(".//a[@class='brief-text']")]
        assert lines, name
        for line in lines:
            assert not DANGLING.match(line), line
            assert not re.search(r"[a-z]\.[A-Z]", line), line  # "…in twenty.Nurse Kemi"
