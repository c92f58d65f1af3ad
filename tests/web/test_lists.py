"""Every list page: cursor pages both ways (rel=next/prev), and its three feeds linked."""

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
from tidings.web.pages import sources as source_views
from tidings.web.pages import story as story_views

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
FEED_TYPES = {"application/rss+xml", "application/atom+xml", "application/feed+json"}
CARDS = "//div[contains(@class, 'card-list')]//h3[@class='card-title']/a/@href"

BRIDGE = (
    "The Calder Bridge in Brackenport was closed to all traffic on Tuesday after inspectors "
    "found corroded cables on its northern span. Engineers said the bridge would stay shut "
    "for six weeks while the cables are replaced, and buses were diverted through Dunmore."
)
SPORT = [
    (
        "Okafor header wins the National Cup for Brackenport Rovers",
        "Brackenport Rovers beat Westmarch United 2-1 in the National Cup final on Saturday. "
        "Dele Okafor headed the winner in the ninetieth minute.",
    ),
    (
        "Harbour Athletic sign striker from Ashdown",
        "Harbour Athletic have signed the striker Mira Jans from Ashdown on a three-year "
        "contract, the club said on Monday.",
    ),
    (
        "Rowing club wins the estuary regatta again",
        "The Brackenport rowing club won the estuary regatta for a third year in a row, "
        "beating crews from Dunmore and Ashdown by two lengths.",
    ),
]


@dataclass
class World:
    client: TestClient
    repo: SqlRepository
    ids: dict[str, str]
    sources: list[int]


def _add(
    repo: SqlRepository,
    source_id: int,
    slug: str,
    title: str,
    text: str,
    minutes_ago: int,
    section: str | None = None,
) -> str:
    url = f"https://pub{source_id}.example/news/{slug}"
    published = NOW - timedelta(minutes=minutes_ago)
    entry = FeedEntry(url=url, title=title, summary=text[:100], published=published)
    aid = article_id(url)
    repo.articles.add_entries(source_id, [NewEntry(aid, url, entry, ())], now=NOW)
    paragraphs = "\n\n".join(s.strip() + "." for s in text.split(". ") if s.strip(". "))
    repo.articles.save_extraction(
        aid,
        ExtractedArticle(
            title=title,
            text=paragraphs,
            html="".join(f"<p>{p}</p>" for p in paragraphs.split("\n\n")),
            published=published,
            language="en",
            section=section,
        ),
        now=NOW,
    )
    return aid


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    data: Path = tmp_path_factory.mktemp("lists")
    settings = Settings(data_dir=data, starter_sources=False, page_size=2)
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
    for n, (title, text) in enumerate(SPORT):
        ids[f"sport{n}"] = _add(
            repo, sources[0], f"sport{n}", title, text, minutes_ago=10 + 7 * n, section="Sport"
        )
    stage = StoryStage(repo, settings, clock=lambda: NOW)
    assert stage.run() == len(ids)
    client = TestClient(create_app(settings, repository=repo, clock=lambda: NOW))
    with client:
        yield World(client, repo, ids, sources)
    repo.engine.dispose()


def _page(world: World, url: str) -> lxml_html.HtmlElement:
    response = world.client.get(url)
    assert response.status_code == 200, url
    return lxml_html.fromstring(response.text)


def _walk(world: World, start: str, items: str = CARDS) -> list[list[str]]:
    """Every page from ``start`` on by rel=next, then back again by rel=prev."""
    pages, url, last = [], start, start
    while url:
        page = _page(world, url)
        pages.append([href.rsplit("/", 1)[-1] for href in page.xpath(items)])
        nexts = page.xpath("//head/link[@rel='next']/@href")
        assert nexts == page.xpath("//nav[@class='pager']/a[@rel='next']/@href")
        last, url = url, (nexts[0] if nexts else None)
    back, url = [], last
    while url:
        page = _page(world, url)
        back.append([href.rsplit("/", 1)[-1] for href in page.xpath(items)])
        previous = page.xpath("//head/link[@rel='prev']/@href")
        url = previous[0] if previous else None
    assert back == pages[::-1], "going back shows the same pages"
    return pages


def _alternates(world: World, url: str) -> dict[str, str]:
    page = _page(world, url)
    links = {
        link.get("type"): link.get("href")
        for link in page.xpath("//head/link[@rel='alternate']")
        if link.get("type") in FEED_TYPES
    }
    assert set(links) == FEED_TYPES, url
    for media_type, href in links.items():
        feed = world.client.get(href)
        assert feed.status_code == 200 and feed.headers["content-type"].startswith(media_type)
    return links


def _newest_first(world: World, **filters: object) -> list[str]:
    return [a.id for a in world.repo.articles.latest_articles(limit=100, **filters)]  # type: ignore[arg-type]


def test_latest_stream_pages_every_article_newest_first(world: World) -> None:
    pages = _walk(world, "/en/latest")
    assert [i for p in pages for i in p] == _newest_first(world)
    assert [len(p) for p in pages] == [2, 2, 2]
    page = _page(world, "/en/latest")
    assert page.xpath("//nav[@aria-label='Main']//a[@aria-current='page']/@href") == ["/en/latest"]
    assert _alternates(world, "/en/latest")["application/rss+xml"] == "/en/latest/feed.xml"
    rss = feedparser.parse(world.client.get("/en/latest/feed.xml").content)
    assert len(rss.entries) == len(world.ids)


def test_home_leads_to_the_latest_articles_and_pages_them_further_on(world: World) -> None:
    _alternates(world, "/en/")
    home = _page(world, "/en/")
    # A front page (issue #20): blocks, then a link to the full list rather than a copy of it.
    assert home.xpath("//main//a[@href='/en/latest']")
    assert not home.xpath("//head/link[@rel='next']")
    # Its older pages (``?before=``) are the latest articles, as on Latest.
    older = _page(world, "/en/latest").xpath("//head/link[@rel='next']/@href")[0]
    further = _page(world, older.replace("/en/latest", "/en/"))
    shown = [href.rsplit("/", 1)[-1] for href in further.xpath(CARDS)]
    assert shown == _newest_first(world)[2:4]
    assert home.xpath("//nav[@aria-label='Main']//a[@aria-current='page']/@href") == ["/en/"]


def test_home_has_a_section_per_category_between_top_stories_and_the_latest(
    world: World,
) -> None:
    html = world.client.get("/en/").text
    page = lxml_html.fromstring(html)
    sport = page.xpath("//section[@aria-labelledby='section-sports']")
    assert sport, "the sports section"
    assert sport[0].xpath(".//h2/a/@href") == ["/en/category/sports"]
    shown = [h.rsplit("/", 1)[-1] for h in sport[0].xpath(".//ul[@class='section-list']//a/@href")]
    assert shown == [world.ids[f"sport{n}"] for n in range(3)]  # newest first, at most three
    assert sport[0].xpath(".//p[@class='section-more']/a/text()") == ["More in Sports"]
    assert 'class="card-list"' not in html  # the front page leaves the full list to Latest
    if 'class="top-stories"' in html:
        assert html.index('class="top-stories"') < html.index('class="category-sections"')
        bridge_story = world.repo.articles.get_article(world.ids["bridge1"]).story_id
        for section in page.xpath("//section[@class='category-section']"):
            for href in section.xpath(".//ul//a/@href"):
                story = world.repo.articles.get_article(href.rsplit("/", 1)[-1]).story_id
                assert story != bridge_story  # top stories are not repeated below
    if 'class="trending"' in html:
        assert html.index('class="category-sections"') < html.index('class="trending"')
    older = _page(world, "/en/latest").xpath("//link[@rel='next']/@href")[0]
    further = world.client.get(older.replace("/en/latest", "/en/")).text
    assert 'class="category-sections"' not in further  # first page only


def test_hashtag_and_category_pages(world: World) -> None:
    slug = world.repo.stories.tags_of(world.ids["bridge1"])[0][0]
    pages = _walk(world, f"/en/hashtag/{slug}")
    assert [i for p in pages for i in p] == _newest_first(world, tag=slug)
    _alternates(world, f"/en/hashtag/{slug}")
    pages = _walk(world, "/en/category/sports")
    assert [i for p in pages for i in p] == [world.ids[f"sport{n}"] for n in range(3)]
    _alternates(world, "/en/category/sports")


def test_source_page_says_who_and_pages_its_articles(world: World) -> None:
    first = world.sources[0]
    path = f"/en/source/{first}"
    pages = _walk(world, path)
    assert [i for p in pages for i in p] == _newest_first(world, source_id=first)
    assert len(pages) == 2
    page = _page(world, path)
    facts = {
        " ".join(dt.text_content().split()): " ".join(dd.text_content().split())
        for dt, dd in zip(page.xpath("//dl//dt"), page.xpath("//dl//dd"), strict=True)
    }
    assert facts["Feed"].startswith("https://pub1.example/feed")
    assert "full article" in facts["Shown here"]
    assert page.xpath("//a[@class='feed-url']/@href") == ["https://pub1.example/feed"]
    assert _alternates(world, path)["application/atom+xml"] == f"{path}/atom.xml"


def test_story_page_pages_a_long_story(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    story = world.repo.articles.get_article(world.ids["bridge1"]).story_id
    assert story is not None
    path = f"/en/story/{story}"
    whole = _walk(world, path, "//ol[@class='timeline-list']//a/@href")
    assert len(whole) == 1 and len(whole[0]) == 3
    monkeypatch.setattr(story_views, "STORY_PAGE", 2)
    world.client.app.state.page_cache.clear()  # type: ignore[attr-defined]  # as a restart would
    pages = _walk(world, path, "//ol[@class='timeline-list']//a/@href")
    assert [len(p) for p in pages] == [2, 1]
    assert sorted(i for p in pages for i in p) == sorted(whole[0])
    newest_page = _page(world, path)
    assert "3 articles from 3 outlets" in newest_page.text_content()  # counts cover all
    _alternates(world, path)


def test_sources_list_pages(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(source_views, "SOURCES_PAGE", 2)
    rows = "//table[@class='sources']//a[@class='source-link']/@href"
    pages = _walk(world, "/en/sources", rows)
    assert [i for p in pages for i in p] == [str(s) for s in world.sources]
    assert [len(p) for p in pages] == [2, 1]


def test_search_results_page_by_cursor_and_have_feeds(world: World) -> None:
    path = "/en/search?q=bridge"
    results = "//div[contains(@class, 'search-results')]//h3[@class='card-title']/a/@href"
    pages = _walk(world, path, results)
    found = [i for p in pages for i in p]
    assert sorted(found) == sorted(world.ids[f"bridge{n}"] for n in (1, 2, 3))
    assert [len(p) for p in pages] == [2, 1]
    links = _alternates(world, path)
    assert links["application/feed+json"] == "/en/search/feed.json?q=bridge"
    feed = world.client.get(links["application/feed+json"]).json()
    assert feed["feed_url"].endswith("/en/search/feed.json?q=bridge")
    newest = [world.ids[f"bridge{n}"] for n in (1, 2, 3)]  # a search's feed: newest first
    assert [item["id"].rsplit("/", 1)[-1] for item in feed["items"]] == newest
    assert world.client.get("/en/search/feed.xml").status_code == 404  # no words, no feed
    assert world.client.get("/en/search?q=bridge&after=garbage").status_code == 200
