"""Hashtag pages, category pages, their RSS, trending hashtags: after a real story stage.

A real SQLite store: articles added and extracted through the repository, then placed,
tagged and categorised by ``StoryStage.run`` (the packaged model, as ingest runs it).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import feedparser
import pytest
from fastapi.testclient import TestClient
from lxml import html as lxml_html

from tidings.config import Settings
from tidings.ingest import article_id
from tidings.models import ExtractedArticle, FeedEntry
from tidings.pipeline.story_stage import StoryStage
from tidings.store import NewEntry, SqlRepository, open_repository
from tidings.web import create_app

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)

BRIDGE = (
    "The Calder Bridge in Brackenport was closed to all traffic on Tuesday after "
    "inspectors found corroded cables on its northern span. Engineers from the city "
    "council said the Calder Bridge would stay shut for at least six weeks while the "
    "cables are replaced. Commuters queued for the ferry as buses were diverted through "
    "Dunmore, and the council promised extra trains on the coast line."
)
STORM = (
    "Der Sturm Odile hat in Lindhaven in der Nacht zum Sonntag zahlreiche Dächer abgedeckt. "
    "Die Feuerwehr rückte nach Angaben der Stadt zu mehr als zweihundert Einsätzen aus, und "
    "der Fährverkehr nach Brackenport wurde bis zum Mittag eingestellt."
)
MATCH = (
    "Brackenport Rovers beat Westmarch United 2-1 in the National Cup final on Saturday. "
    "Dele Okafor headed the winner in the ninetieth minute, ending the club's 31-year wait "
    "for a trophy, and thousands of fans celebrated in the streets of the old town."
)


@dataclass
class World:
    client: TestClient
    repo: SqlRepository
    ids: dict[str, str]


def _add(
    repo: SqlRepository,
    source_id: int,
    slug: str,
    title: str,
    text: str,
    *,
    minutes_ago: int,
    section: str | None = None,
    language: str = "en",
    path: str = "news",
) -> str:
    url = f"https://pub{source_id}.example/{path}/{slug}"
    published = NOW - timedelta(minutes=minutes_ago)
    entry = FeedEntry(url=url, title=title, summary=text[:120], published=published)
    aid = article_id(url)
    repo.articles.add_entries(source_id, [NewEntry(aid, url, entry, ())], now=NOW)
    paragraphs = "\n\n".join(s.strip() + "." for s in text.split(". ") if s.strip(". "))
    extracted = ExtractedArticle(
        title=title,
        text=paragraphs,
        html="".join(f"<p>{p}</p>" for p in paragraphs.split("\n\n")),
        published=published,
        language=language,
        section=section,
    )
    repo.articles.save_extraction(aid, extracted, now=NOW)
    return aid


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    data: Path = tmp_path_factory.mktemp("topics")
    settings = Settings(data_dir=data, starter_sources=False, base_url="https://news.example")
    repo = open_repository(settings)
    sources = [
        repo.sources.add_source(f"https://pub{n}.example/feed", now=NOW, title=f"Outlet {n}").id
        for n in (1, 2, 3)
    ]
    ids = {
        f"bridge{n}": _add(
            repo,
            source,
            f"bridge{n}",
            f"Calder Bridge shut after inspectors find corroded cables ({n})",
            BRIDGE,
            minutes_ago=60 * n,
            section="Local news",
        )
        for n, source in enumerate(sources, start=1)
    }
    ids["match"] = _add(
        repo,
        sources[0],
        "match",
        "Okafor header wins the National Cup for Brackenport Rovers",
        MATCH,
        minutes_ago=30,
        section="Sport",
    )
    ids["storm"] = _add(
        repo,
        sources[1],
        "sturm",
        "Sturm Odile deckt in Lindhaven Dächer ab",
        STORM,
        minutes_ago=45,
        language="de",
    )
    ids["column"] = _add(
        repo,
        sources[2],
        "keep-the-ferries",
        "Keep the ferries running after the bridge reopens",
        "The city should not scrap the extra ferries once the repairs are done. "
        "Commuters have found a quicker way across the estuary and deserve to keep it.",
        minutes_ago=20,
        path="opinion",
    )
    stage = StoryStage(repo, settings, clock=lambda: NOW)
    assert stage.run() == 6
    client = TestClient(create_app(settings, repository=repo, clock=lambda: NOW))
    yield World(client, repo, ids)
    repo.engine.dispose()


def test_the_stage_tags_categorises_and_decides_language(world: World) -> None:
    bridge = world.repo.articles.get_article(world.ids["bridge1"])
    assert "calderbridge" in [slug for slug, _ in world.repo.stories.tags_of(bridge.id)]
    assert bridge.language == "en" and bridge.language_how == "declared"
    match = world.repo.articles.get_article(world.ids["match"])
    assert match.category == "sports" and match.category_how == "section"
    assert 3 <= len(world.repo.stories.tags_of(match.id)) <= 8
    # "Local news" says nothing: the classifier decided, or nobody did.
    assert bridge.category_how in ("classifier", None)


def test_hashtag_page_lists_tagged_articles_newest_first(world: World) -> None:
    response = world.client.get("/en/hashtag/calderbridge")
    assert response.status_code == 200
    page = lxml_html.fromstring(response.text)
    assert page.findtext(".//h1").strip() == "Latest news with #CalderBridge"
    links = [a.get("href") for a in page.xpath("//main//article//h2//a | //main//article//h3//a")]
    bridge_links = [f"/en/article/{world.ids[f'bridge{n}']}" for n in (1, 2, 3)]
    assert [link for link in links if link in bridge_links] == bridge_links  # newest first
    assert f"/en/article/{world.ids['match']}" not in links
    assert page.xpath("//link[@rel='alternate'][@type='application/rss+xml']/@href") == [
        "/en/hashtag/calderbridge/feed.xml"
    ]


def test_hashtag_feed_is_rss_of_the_same_articles(world: World) -> None:
    response = world.client.get("/en/hashtag/calderbridge/feed.xml")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/rss+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo
    assert feed.feed.title.startswith("#CalderBridge")
    assert [e.link for e in feed.entries] == [
        f"https://news.example/en/article/{world.ids[f'bridge{n}']}" for n in (1, 2, 3)
    ]


def test_unknown_hashtags_and_categories_are_404(world: World) -> None:
    assert world.client.get("/en/hashtag/nosuchtag").status_code == 404
    assert world.client.get("/en/hashtag/bad%20slug").status_code == 404
    assert world.client.get("/en/hashtag/nosuchtag/feed.xml").status_code == 404
    assert world.client.get("/en/category/gossip").status_code == 404


def test_category_page_and_feed(world: World) -> None:
    response = world.client.get("/en/category/sports")
    assert response.status_code == 200
    page = lxml_html.fromstring(response.text)
    assert page.findtext(".//h1").strip() == "Sports"
    assert f"/en/article/{world.ids['match']}" in response.text
    assert f"/en/article/{world.ids['bridge1']}" not in response.text
    feed = feedparser.parse(world.client.get("/en/category/sports/feed.xml").content)
    assert [e.title for e in feed.entries] == [
        "Okafor header wins the National Cup for Brackenport Rovers"
    ]
    empty = world.client.get("/en/category/health")
    assert empty.status_code == 200 and "No article is in Health yet" in empty.text


def test_home_shows_categories_and_trending_hashtags(world: World) -> None:
    page = lxml_html.fromstring(world.client.get("/en/").text)
    assert "/en/category/world" in page.xpath("//nav[@aria-label='Categories']//a/@href")
    trending = page.xpath("//section[@aria-labelledby='trending-title']//a")
    # Three sources wrote about the bridge in the last day, nothing before: it trends; the
    # match, one article from one source, does not.
    assert "#CalderBridge" in [a.text for a in trending]
    assert all("Okafor" not in (a.text or "") for a in trending)


def test_home_filters_by_language(world: World) -> None:
    page = lxml_html.fromstring(world.client.get("/en/").text)
    names = [
        " ".join(a.text_content().split()) for a in page.xpath("//nav[@aria-label='Languages']//a")
    ]
    assert names == ["All languages", "English 5", "German 1"]
    german = world.client.get("/en/?language=de")
    assert german.status_code == 200
    assert f"/en/article/{world.ids['storm']}" in german.text
    assert f"/en/article/{world.ids['match']}" not in german.text
    assert "Top stories" not in german.text
    assert world.client.get("/en/?language=xx").status_code == 404


def test_article_page_shows_hashtags_category_language_and_a_guessed_label(world: World) -> None:
    page = lxml_html.fromstring(world.client.get(f"/en/article/{world.ids['match']}").text)
    chips = page.xpath("//ul[@aria-label='Hashtags']//a")
    assert 3 <= len(chips) <= 8
    assert all(a.get("href").startswith("/en/hashtag/") for a in chips)
    assert all(world.client.get(a.get("href")).status_code == 200 for a in chips)
    assert page.xpath("//a[@class='category-link']/@href") == ["/en/category/sports"]
    assert page.xpath("string(//p[@class='topic-line']//span[@class='language'])") == "English"
    assert not page.xpath("//p[contains(@class, 'type-guess')]")  # no type, no guess
    german = lxml_html.fromstring(world.client.get(f"/en/article/{world.ids['storm']}").text)
    assert german.xpath("string(//span[@class='language'])") == "German"
    column = lxml_html.fromstring(world.client.get(f"/en/article/{world.ids['column']}").text)
    guess = column.xpath("//p[contains(@class, 'type-guess')]")
    assert len(guess) == 1 and "Guessed from the article's address" in guess[0].text_content()
    assert guess[0].findtext(".//strong") == "Opinion?"
