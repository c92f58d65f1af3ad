"""The story page, top stories on the home page, and stories on the article page.

A real SQLite store: articles from four outlets added and extracted through the
repository, then placed in stories with ``save_placements`` as the story stage does.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from lxml import html as lxml_html

from tidings.config import Settings
from tidings.ingest import article_id
from tidings.models import ExtractedArticle, FeedEntry, Image, Story
from tidings.store import NewEntry, SqlRepository, StoryPlacement
from tidings.web import create_app

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


@dataclass
class World:
    client: TestClient
    repo: SqlRepository
    ids: dict[str, str]
    stories: dict[str, str]
    public_url: str


def _add(
    repo: SqlRepository,
    source_id: int,
    slug: str,
    title: str,
    *,
    minutes_ago: int,
    article_type: str | None = None,
    keywords: tuple[str, ...] = (),
    image: bool = False,
    duplicate_of: str | None = None,
) -> str:
    url = f"https://pub{source_id}.example/news/{slug}"
    published = NOW - timedelta(minutes=minutes_ago)
    entry = FeedEntry(url=url, title=title, summary=f"Summary of {slug}.", published=published)
    aid = article_id(url)
    repo.articles.add_entries(source_id, [NewEntry(aid, url, entry, keywords)], now=NOW)
    extracted = ExtractedArticle(
        title=title,
        text=f"Body of {slug}.",
        html=f"<p>Body of {slug}.</p>",
        published=published,
        article_type=article_type,
        keywords=keywords,
        lead_image=Image(url=f"https://pub{source_id}.example/img/{slug}.jpg") if image else None,
    )
    repo.articles.save_extraction(aid, extracted, now=NOW, duplicate_of=duplicate_of)
    return aid


def _place(
    repo: SqlRepository,
    story_id: str,
    members: list[str],
    *,
    title: str,
    outlets: int,
    hours_ago: float,
    related: dict[str, tuple[tuple[str, float], ...]] | None = None,
) -> None:
    """Place ``members`` one by one, the story growing as the stage would grow it."""
    updated = NOW - timedelta(hours=hours_ago)
    for n, member in enumerate(members, start=1):
        story = Story(story_id, title, updated - timedelta(hours=3), updated, n, min(n, outlets))
        placement = StoryPlacement(member, story, related=(related or {}).get(member, ()))
        repo.stories.save_placements([placement], now=NOW, related_limit=6, per_outlet=2)


def _build(settings: Settings, repo: SqlRepository) -> World:
    herald = repo.sources.add_source(
        "https://pub1.example/feed", now=NOW, title="Harbour Herald"
    ).id
    courier = repo.sources.add_source(
        "https://pub2.example/feed", now=NOW, title="Valley Courier"
    ).id
    tribune = repo.sources.add_source("https://pub3.example/feed", now=NOW, title="Tribune").id
    wire = repo.sources.add_source("https://pub4.example/feed", now=NOW, title="Wire Service").id
    ids = {
        # The bridge story: three outlets, a copy, four kinds of article.
        "report": _add(
            repo,
            herald,
            "report",
            "Harbour bridge shut for repairs",
            minutes_ago=180,
            article_type="ReportageNewsArticle",
            keywords=("Harbour Bridge",),
        ),
        "opinion": _add(
            repo,
            courier,
            "opinion",
            "Close the bridge for good",
            minutes_ago=120,
            article_type="OpinionNewsArticle",
            image=True,
        ),
        "analysis": _add(
            repo,
            tribune,
            "analysis",
            "What the bridge closure costs the city",
            minutes_ago=60,
            article_type="AnalysisNewsArticle",
        ),
        "followup": _add(repo, herald, "followup", "Bridge queues ease by evening", minutes_ago=30),
        # Ferries: two outlets, fresh.
        "ferry1": _add(repo, courier, "ferry1", "Ferry strike called off", minutes_ago=90),
        "ferry2": _add(repo, tribune, "ferry2", "Ferry crews accept pay offer", minutes_ago=70),
        # The budget: four outlets, but a day and a half old.
        **{
            f"budget{n}": _add(
                repo, src, f"budget{n}", f"Budget headline {n}", minutes_ago=36 * 60 + n
            )
            for n, src in enumerate((herald, courier, tribune, wire), start=1)
        },
        # A scoop: one outlet only.
        "scoop": _add(repo, wire, "scoop", "Mayor to stand down", minutes_ago=10),
        # Not placed in any story yet; shares a keyword with the report.
        "loose": _add(
            repo,
            courier,
            "loose",
            "Bridge tolls to rise",
            minutes_ago=5,
            keywords=("harbour bridge",),
        ),
    }
    ids["copy"] = _add(
        repo,
        wire,
        "copy",
        "Harbour bridge shut for repairs",
        minutes_ago=170,
        duplicate_of=ids["report"],
    )
    stories = {
        "bridge": ids["report"],
        "ferry": ids["ferry1"],
        "budget": ids["budget1"],
        "scoop": ids["scoop"],
        "merged": ids["followup"],
    }
    # The follow-up starts a story of its own that the bridge story then absorbs.
    _place(repo, stories["merged"], [ids["followup"]], title="Queues", outlets=1, hours_ago=1)
    _place(
        repo,
        stories["bridge"],
        [ids["report"], ids["opinion"], ids["analysis"]],
        title="Harbour bridge shut for repairs",
        outlets=3,
        hours_ago=0.5,
        related={ids["report"]: ((ids["budget2"], 0.4), (ids["ferry2"], 0.9))},
    )
    repo.stories.save_placements(
        [
            StoryPlacement(
                ids["followup"],
                Story(
                    stories["bridge"],
                    "Harbour bridge shut for repairs",
                    NOW - timedelta(hours=3),
                    NOW - timedelta(minutes=30),
                    4,
                    3,
                ),
                merged=(stories["merged"],),
            )
        ],
        now=NOW,
        related_limit=6,
        per_outlet=2,
    )
    _place(
        repo,
        stories["ferry"],
        [ids["ferry1"], ids["ferry2"]],
        title="Ferry strike called off",
        outlets=2,
        hours_ago=1,
    )
    _place(
        repo,
        stories["budget"],
        [ids[f"budget{n}"] for n in range(1, 5)],
        title="Budget headline 1",
        outlets=4,
        hours_ago=36,
    )
    _place(
        repo, stories["scoop"], [ids["scoop"]], title="Mayor to stand down", outlets=1, hours_ago=0
    )
    app = create_app(settings, repository=repo, clock=lambda: NOW)
    return World(TestClient(app), repo, ids, stories, settings.public_url)


@pytest.fixture
def world(settings: Settings, sqlite_repository: SqlRepository) -> World:
    return _build(settings.model_copy(update={"stories": True}), sqlite_repository)


def _page(client: TestClient, path: str) -> lxml_html.HtmlElement:
    response = client.get(path)
    assert response.status_code == 200, response.text
    return lxml_html.fromstring(response.text)


def _texts(nodes: list[lxml_html.HtmlElement]) -> list[str]:
    return [" ".join(n.text_content().split()) for n in nodes]


def test_story_page_header_and_canonical(world: World) -> None:
    doc = _page(world.client, f"/en/story/{world.stories['bridge']}")
    assert _texts(doc.xpath("//h1")) == ["Harbour bridge shut for repairs"]
    assert _texts(doc.xpath("//*[@class='story-stats']")) == ["4 articles from 3 outlets"]
    times = doc.xpath("//*[@class='story-times']//time")
    assert [t.get("datetime") for t in times] == [
        "2026-11-20T09:00:00+00:00",
        "2026-11-20T11:30:00+00:00",
    ]
    assert _texts(times) == ["3 hours ago", "30 minutes ago"]
    assert doc.xpath("//link[@rel='canonical']/@href") == [
        f"{world.public_url}/en/story/{world.stories['bridge']}"
    ]
    data = json.loads(doc.xpath("//script[@type='application/ld+json']")[0].text)
    assert data["@type"] == "ItemList" and data["numberOfItems"] == 4
    assert data["itemListElement"][0]["url"].endswith(f"/en/article/{world.ids['report']}")


def test_story_page_groups_articles_by_outlet(world: World) -> None:
    doc = _page(world.client, f"/en/story/{world.stories['bridge']}")
    groups = doc.xpath("//section[@class='outlet-group']")
    outlets = [_texts(g.xpath(".//*[@class='outlet-name']"))[0] for g in groups]
    # In the order each outlet first covered the story; the copy's outlet is no group.
    assert outlets == ["Harbour Herald", "Valley Courier", "Tribune"]
    herald = groups[0]
    assert _texts(herald.xpath(".//a[@class='coverage-headline']")) == [
        "Harbour bridge shut for repairs",
        "Bridge queues ease by evening",
    ]
    assert herald.xpath(".//a[@class='coverage-headline']/@href")[0] == (
        f"/en/article/{world.ids['report']}"
    )
    assert _texts(herald.xpath(".//*[@class='type-chip']")) == ["Reporting"]
    assert _texts(groups[2].xpath(".//*[@class='type-chip']")) == ["Analysis"]
    assert _texts(herald.xpath(".//time"))[0] == "3 hours ago"


def test_story_page_shows_copies_under_their_original(world: World) -> None:
    doc = _page(world.client, f"/en/story/{world.stories['bridge']}")
    items = doc.xpath("//li[@class='coverage-item']")
    report = next(i for i in items if world.ids["report"] in i.xpath(".//a/@href")[0])
    assert _texts(report.xpath(".//*[@class='copies']")) == ["Also published by Wire Service"]
    assert report.xpath(".//*[@class='copies']/a/@href") == [f"/en/article/{world.ids['copy']}"]
    assert len(items) == 4  # the copy is not coverage of its own
    assert "Wire Service" not in _texts(doc.xpath("//*[@class='timeline-outlet']"))


def test_story_page_timeline_in_time_order(world: World) -> None:
    doc = _page(world.client, f"/en/story/{world.stories['bridge']}")
    entries = doc.xpath("//ol[@class='timeline-list']/li")
    assert _texts([e.xpath("./a")[0] for e in entries]) == [
        "Harbour bridge shut for repairs",
        "Close the bridge for good",
        "What the bridge closure costs the city",
        "Bridge queues ease by evening",
    ]
    assert _texts(doc.xpath("//*[@class='timeline-outlet']")) == [
        "Harbour Herald",
        "Valley Courier",
        "Tribune",
        "Harbour Herald",
    ]
    moments = [e.xpath(".//time/@datetime")[0] for e in entries]
    assert moments == sorted(moments)


def test_story_page_type_mix(world: World) -> None:
    doc = _page(world.client, f"/en/story/{world.stories['bridge']}")
    rows = doc.xpath("//ul[@class='type-mix-list']/li")
    mix = [
        (
            _texts(r.xpath("./*[@class='type-mix-name']"))[0],
            int(r.xpath("./*[@class='type-mix-count']")[0].text),
            r.xpath("./meter/@value")[0],
            r.xpath("./meter/@max")[0],
        )
        for r in rows
    ]
    assert mix == [
        ("Analysis", 1, "1", "4"),
        ("Opinion", 1, "1", "4"),
        ("Reporting", 1, "1", "4"),
        ("Not stated", 1, "1", "4"),
    ]
    assert rows[0].xpath("./meter/@aria-label") == ["Analysis: 1 of 4"]


def test_story_page_headlines_side_by_side(world: World) -> None:
    doc = _page(world.client, f"/en/story/{world.stories['bridge']}")
    tiles = doc.xpath("//li[@class='headline-tile']")
    side_by_side = {
        _texts(t.xpath(".//*[@class='outlet-name']"))[0]: _texts(t.xpath(".//li/a")) for t in tiles
    }
    assert side_by_side == {
        "Harbour Herald": ["Harbour bridge shut for repairs", "Bridge queues ease by evening"],
        "Valley Courier": ["Close the bridge for good"],
        "Tribune": ["What the bridge closure costs the city"],
    }


def test_a_merged_story_moved_for_good_to_the_story_that_absorbed_it(world: World) -> None:
    merged, bridge = world.stories["merged"], world.stories["bridge"]
    for suffix in ("", "/feed.xml", "/feed.json", "?from=abc"):
        response = world.client.get(f"/de/story/{merged}{suffix}", follow_redirects=False)
        assert response.status_code == 301
        assert response.headers["location"] == f"/de/story/{bridge}{suffix}"
    assert world.client.get(f"/en/story/{merged}").url.path == f"/en/story/{bridge}"


def test_unknown_stories_are_404(world: World) -> None:
    assert world.client.get("/en/story/" + "0" * 32).status_code == 404
    assert world.client.get("/en/story/not-a-story").status_code == 404
    assert world.client.get(f"/xx/story/{world.stories['bridge']}").status_code == 404
    assert world.client.head(f"/en/story/{world.stories['bridge']}").status_code == 200


def test_home_top_stories_ranked_by_outlets_and_freshness(world: World) -> None:
    doc = _page(world.client, "/en/")
    cards = doc.xpath("//section[@class='top-stories']//article")
    titles = _texts([c.xpath(".//*[@class='story-card-title']/a")[0] for c in cards])
    # The budget has more outlets but is a day and a half old; the scoop has one outlet.
    assert titles == [
        "Harbour bridge shut for repairs",
        "Ferry strike called off",
        "Budget headline 1",
    ]
    bridge = cards[0]
    assert bridge.xpath(".//*[@class='story-card-title']/a/@href") == [
        f"/en/story/{world.stories['bridge']}"
    ]
    assert _texts(bridge.xpath(".//*[contains(@class, 'story-card-meta')]")) == [
        "3 outlets · updated 30 minutes ago"
    ]
    # The lead image of its first article with one, and other outlets' headlines first.
    assert bridge.xpath(".//img/@src") == ["https://pub2.example/img/opinion.jpg"]
    headlines = bridge.xpath(".//ul[@class='story-card-headlines']/li")
    assert _texts([h.xpath("./a")[0] for h in headlines]) == [
        "Close the bridge for good",
        "What the bridge closure costs the city",
        "Bridge queues ease by evening",
    ]
    assert _texts(headlines[0].xpath(".//*[@class='outlet-name']")) == ["Valley Courier"]
    assert not cards[1].xpath(".//img")  # no article of the ferry story has an image


def test_latest_keeps_the_article_list(world: World) -> None:
    doc = _page(world.client, "/en/latest")
    latest = _texts(doc.xpath("//div[@class='card-list']//*[@class='card-title']/a"))
    assert latest[:3] == [
        "Bridge tolls to rise",
        "Mayor to stand down",
        "Bridge queues ease by evening",
    ]
    assert "Harbour bridge shut for repairs" in latest
    assert latest.count("Harbour bridge shut for repairs") == 1  # copies stay out, as before
    response = world.client.get("/en/?before=" + "x")
    assert response.status_code == 200


def test_article_page_links_to_full_coverage(world: World) -> None:
    doc = _page(world.client, f"/en/article/{world.ids['report']}")
    link = doc.xpath("//header//p[@class='full-coverage']/a")
    assert [a.get("href") for a in link] == [f"/en/story/{world.stories['bridge']}"]
    assert _texts(link) == ["Full coverage Also covered by 2 outlets"]
    # The copy belongs to the story too, and its outlet is not in the story's coverage.
    copy = _page(world.client, f"/en/article/{world.ids['copy']}")
    assert _texts(copy.xpath("//p[@class='full-coverage']/a")) == [
        "Full coverage Also covered by 3 outlets"
    ]
    # A story of one outlet has no full coverage to offer.
    scoop = _page(world.client, f"/en/article/{world.ids['scoop']}")
    assert not scoop.xpath("//p[@class='full-coverage']")


def test_article_page_related_from_the_stored_table(world: World) -> None:
    doc = _page(world.client, f"/en/article/{world.ids['report']}")
    related = doc.xpath("//section[@class='related']//article")
    titles = _texts([r.xpath(".//*[@class='card-title']/a")[0] for r in related])
    assert titles[:2] == [
        "Ferry crews accept pay offer",  # the stored ones first, best score first
        "Budget headline 2",
    ]
    assert _texts(related[0].xpath(".//*[@class='outlet-name']")) == ["Tribune"]
    assert related[0].xpath(".//time")  # cards as before
    # The copy shows its original's related articles.
    copy = _page(world.client, f"/en/article/{world.ids['copy']}")
    assert len(copy.xpath("//section[@class='related']//article")) == 2


def test_article_without_story_falls_back_to_keywords(world: World) -> None:
    assert world.repo.articles.get_article(world.ids["loose"]).story_id is None
    doc = _page(world.client, f"/en/article/{world.ids['loose']}")
    assert not doc.xpath("//p[@class='full-coverage']")
    related = _texts(doc.xpath("//section[@class='related']//*[@class='card-title']/a"))
    assert related == ["Harbour bridge shut for repairs"]


def test_stories_off_falls_back_to_keywords(
    settings: Settings, sqlite_repository: SqlRepository
) -> None:
    world = _build(settings.model_copy(update={"stories": False}), sqlite_repository)
    doc = _page(world.client, f"/en/article/{world.ids['report']}")
    related = _texts(doc.xpath("//section[@class='related']//*[@class='card-title']/a"))
    assert related == ["Bridge tolls to rise"]
    # Stories stored before the stage was turned off still have their pages.
    assert doc.xpath("//p[@class='full-coverage']/a/@href") == [
        f"/en/story/{world.stories['bridge']}"
    ]


def test_no_inline_script_or_style(world: World) -> None:
    for path in (
        "/en/",
        f"/en/story/{world.stories['bridge']}",
        f"/en/article/{world.ids['report']}",
    ):
        text = world.client.get(path).text
        for tag in re.findall(r"<script[^>]*>", text):
            assert 'src="/static/' in tag or 'type="application/ld+json"' in tag, tag
        assert not re.search(r"\s(on[a-z]+|style)=", text)
        assert "<style" not in text
