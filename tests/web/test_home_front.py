"""The home page as a front page (issue #20): its own title, every story and article once,
stories titled in the reader's language, the new-articles count, and outlets described to
readers without the operator's words.

A real SQLite store; articles added, extracted and placed in stories through the
repository as the pipeline does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from lxml import html as lxml_html

from tests.readers import PASSWORD, QUICK
from tidings.accounts.credentials import PasswordHasher
from tidings.accounts.models import Role
from tidings.config import Settings
from tidings.ingest import article_id
from tidings.models import Enrichment, ExtractedArticle, FeedEntry, Story
from tidings.store import NewEntry, SqlRepository, StoryPlacement
from tidings.web import create_app
from tidings.web.presentation.presenters import domain_country, site_domain

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
STORM = "a" * 32  # three outlets, titled by the French outlet's headline
FERRY = "b" * 32  # one outlet, three articles: not a top story, one line in its section


@dataclass
class World:
    repo: SqlRepository
    settings: Settings
    ids: dict[str, str]
    sources: dict[str, int]

    def client(self) -> TestClient:
        app = create_app(self.settings, repository=self.repo, clock=lambda: NOW)
        app.state.password_hasher = PasswordHasher(QUICK)
        return TestClient(app, follow_redirects=False)


def _add(
    repo: SqlRepository,
    source_id: int,
    slug: str,
    title: str,
    *,
    minutes_ago: int,
    language: str = "en",
    category: str = "world",
    story: Story | None = None,
) -> str:
    url = f"https://pub{source_id}.example/news/{slug}"
    published = NOW - timedelta(minutes=minutes_ago)
    entry = FeedEntry(url=url, title=title, summary=f"Summary of {slug}.", published=published)
    aid = article_id(url)
    repo.articles.add_entries(source_id, [NewEntry(aid, url, entry)], now=NOW)
    extracted = ExtractedArticle(
        title=title, text=f"Body of {slug}.", html=f"<p>Body of {slug}.</p>", published=published
    )
    repo.articles.save_extraction(aid, extracted, now=NOW)
    if story is not None:
        enrichment = Enrichment(language, "declared", category=category, category_how="feed")
        placement = StoryPlacement(aid, story, enrichment=enrichment)
        repo.stories.save_placements([placement], now=NOW, related_limit=3, per_outlet=2)
    return aid


def _story(story_id: str, title: str, articles: int, outlets: int) -> Story:
    return Story(story_id, title, NOW - timedelta(hours=3), NOW, articles, outlets)


@pytest.fixture
def world(settings: Settings, sqlite_repository: SqlRepository) -> World:
    repo = sqlite_repository
    sources = {
        "courrier": repo.sources.add_source(
            "https://courrier.fr/rss", now=NOW, title="Le Courrier", site_url="https://courrier.fr/"
        ).id,
        "herald": repo.sources.add_source(
            "https://pub2.example/feed", now=NOW, title="Harbour Herald"
        ).id,
        "zeitung": repo.sources.add_source(
            "https://www.zeitung.de/feed",
            now=NOW,
            title="Die Zeitung",
            site_url="https://www.zeitung.de/",
        ).id,
        "gazette": repo.sources.add_source(
            "https://pub4.example/feed", now=NOW, title="Gazette"
        ).id,
    }
    french = "Tempête Odile : des milliers de foyers privés d'électricité"
    ids: dict[str, str] = {}
    storm = [
        ("storm_fr", "courrier", french, "fr"),
        ("storm_en", "herald", "Storm Odile leaves thousands without power", "en"),
        ("storm_de", "zeitung", "Sturm Odile: Tausende ohne Strom", "de"),
    ]
    for n, (key, outlet, title, language) in enumerate(storm, start=1):
        # The story is titled by the French outlet's headline, as the clusterer may pick.
        ids[key] = _add(
            repo,
            sources[outlet],
            key,
            title,
            minutes_ago=200 - n,
            language=language,
            story=_story(STORM, french, n, n),
        )
    for n in range(1, 4):
        ids[f"ferry{n}"] = _add(
            repo,
            sources["gazette"],
            f"ferry{n}",
            f"Ferry strike, day {n}",
            minutes_ago=100 - n,
            story=_story(FERRY, "Ferry strike, day 1", n, 1),
        )
    ids["quake"] = _add(
        repo,
        sources["gazette"],
        "quake",
        "Earthquake shakes the hills",
        minutes_ago=50,
        story=_story("c" * 32, "Earthquake shakes the hills", 1, 1),
    )
    ids["loose"] = _add(
        repo, sources["herald"], "loose", "Library opens on Sundays", minutes_ago=10
    )
    return World(repo, settings.model_copy(update={"stories": True}), ids, sources)


def _page(client: TestClient, path: str) -> lxml_html.HtmlElement:
    response = client.get(path)
    assert response.status_code == 200, response.text
    return lxml_html.fromstring(response.text)


def _texts(nodes: list[lxml_html.HtmlElement]) -> list[str]:
    return [" ".join(n.text_content().split()) for n in nodes]


def _article_links(node: lxml_html.HtmlElement) -> list[str]:
    """The ids of the articles linked from ``node`` (the page's ``main`` for a page)."""
    if node.tag == "html":
        node = node.xpath("//main")[0]
    return [href.rsplit("/", 1)[-1] for href in node.xpath(".//a/@href") if "/article/" in href]


def test_home_and_latest_have_their_own_titles(world: World) -> None:
    client = world.client()
    home, latest = _page(client, "/en/"), _page(client, "/en/latest")
    assert _texts(home.xpath("//h1")) == ["Headlines"]
    assert home.findtext(".//title").startswith("Headlines")
    assert _texts(latest.xpath("//h1")) == ["Latest news"]
    assert home.findtext(".//title") != latest.findtext(".//title")


def test_every_story_and_article_shows_once_on_the_front_page(world: World) -> None:
    doc = _page(world.client(), "/en/")
    links = _article_links(doc)
    assert len(links) == len(set(links)), links
    # No list of the latest articles under the blocks repeating them: a link to it instead.
    assert doc.xpath("//article[@class='card' or starts-with(@class, 'card ')]") == []
    assert doc.xpath("//a[@href='/en/latest']")
    ferry = [world.ids[f"ferry{n}"] for n in range(1, 4)]
    assert len([a for a in links if a in ferry]) == 1  # one line for the one-outlet story
    storm = {world.ids[k] for k in ("storm_fr", "storm_en", "storm_de")}
    world_block = doc.xpath("//section[@aria-labelledby='section-world']")[0]
    assert not storm & set(_article_links(world_block))  # shown as a top story already
    assert world.ids["loose"] in links and world.ids["quake"] in links


def test_a_story_card_explains_its_count_and_never_repeats_its_title(world: World) -> None:
    doc = _page(world.client(), "/en/")
    card = doc.xpath("//article[contains(@class, 'story-card')]")[0]
    title = _texts(card.xpath(".//h3"))[0]
    rows = _texts(card.xpath(".//ul[@class='story-card-headlines']/li/a"))
    assert title not in rows and len(rows) == 2
    reach = card.xpath(".//*[@class='story-reach']")[0]
    assert reach.get("title") == "3 outlets report this story"
    assert _texts(doc.xpath("//*[@class='section-intro']"))


@pytest.mark.parametrize(
    ("lang", "expected", "marked"),
    [
        ("en", "Storm Odile leaves thousands without power", None),
        ("de", "Sturm Odile: Tausende ohne Strom", None),
        ("fr", "Tempête Odile : des milliers de foyers privés d'électricité", None),
        ("es", "Tempête Odile : des milliers de foyers privés d'électricité", "fr"),
    ],
)
def test_a_story_is_titled_in_the_readers_language_where_an_outlet_wrote_one(
    world: World, lang: str, expected: str, marked: str | None
) -> None:
    client = world.client()
    card = _page(client, f"/{lang}/").xpath("//h3[@class='story-card-title']/a")[0]
    assert (" ".join(card.text_content().split()), card.get("lang")) == (expected, marked)
    story = _page(client, f"/{lang}/story/{STORM}").xpath("//h1")[0]
    assert (" ".join(story.text_content().split()), story.get("lang")) == (expected, marked)
    feed = client.get(f"/{lang}/story/{STORM}/feed.json").json()
    assert feed["title"].startswith(expected)


def test_the_new_articles_count_after_the_page_was_rendered(world: World) -> None:
    client = world.client()
    notice = _page(client, "/en/").xpath("//p[contains(@class, 'new-articles')]")[0]
    assert notice.get("hidden") is not None  # shown by app.js once something arrives
    endpoint, since = notice.get("data-endpoint"), notice.get("data-since")
    first = client.get(endpoint, params={"since": since})
    assert first.status_code == 200
    assert first.headers["cache-control"] == "no-store"
    assert first.json() == {"count": 0, "more": False, "label": "0 new articles"}
    _add(world.repo, world.sources["herald"], "later", "Later news", minutes_ago=1)
    _add(world.repo, world.sources["herald"], "later2", "Later still", minutes_ago=0)
    after = client.get(endpoint, params={"since": since}).json()
    assert after == {"count": 2, "more": False, "label": "2 new articles"}
    german = client.get(endpoint.replace("/en/", "/de/"), params={"since": since}).json()
    assert german["label"] == "2 neue Artikel"


@pytest.mark.parametrize("since", ["", "not-a-cursor", "x" * 300])
def test_a_malformed_new_articles_position_is_refused(world: World, since: str) -> None:
    response = world.client().get("/en/new-articles", params={"since": since})
    assert response.status_code == 422


def _admin(world: World) -> TestClient:
    world.repo.accounts.create_user("root", QUICK.hash(PASSWORD), now=NOW, role=Role.ADMIN)
    client = world.client()
    page = client.get("/en/signin")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert token
    form = {"csrf_token": token.group(1), "username": "root", "password": PASSWORD}
    assert client.post("/en/signin", data=form).status_code == 303
    return client


def test_readers_see_no_operator_words_and_admins_do(world: World) -> None:
    with world.repo.engine.begin() as conn:  # as a check of the feed records it
        conn.exec_driver_sql("UPDATE sources SET feed_format = 'rss20'")
    source = world.sources["courrier"]
    admin = _admin(world)
    for path in ("/en/sources", f"/en/source/{source}"):
        reader = world.client().get(path).text
        for word in ("Format", "Next check", "RSS 2.0", "rss20", "WebSub"):
            assert word not in reader, (path, word)
        seen = admin.get(path).text
        assert "Next check" in seen and "RSS 2.0" in seen


def test_an_outlet_says_who_it_is_on_its_page_and_beside_its_articles(world: World) -> None:
    world.repo.sources.set_source_about(world.sources["zeitung"], owner="Zeitungsverlag AG")
    world.repo.sources.set_source_language(world.sources["zeitung"], "de")
    client = world.client()
    page = _page(client, f"/en/source/{world.sources['zeitung']}")
    about = "zeitung.de · Germany · Language: German · Owned by Zeitungsverlag AG"
    assert _texts(page.xpath("//*[@class='about-outlet']")) == [about]
    article = _page(client, f"/en/article/{world.ids['storm_de']}")
    assert _texts(article.xpath("//*[@class='about-outlet']")) == [about]
    french = _page(client, f"/fr/source/{world.sources['courrier']}")
    assert _texts(french.xpath("//*[@class='about-outlet']")) == ["courrier.fr · France"]
    # An operator's country wins over the domain's; an address with no domain says nothing.
    world.repo.sources.set_source_about(world.sources["courrier"], country="be", owner="")
    assert world.repo.sources.get_source(world.sources["courrier"]).country == "BE"
    again = _page(client, f"/en/source/{world.sources['courrier']}")
    assert _texts(again.xpath("//*[@class='about-outlet']")) == ["courrier.fr · Belgium"]


@pytest.mark.parametrize(
    ("domain", "country"),
    [
        ("zeitung.de", "DE"),
        ("news.bbc.co.uk", "GB"),
        ("startup.io", None),
        ("paper.com", None),
        ("local.example", None),
        (None, None),
    ],
)
def test_the_country_a_domain_names(domain: str | None, country: str | None) -> None:
    assert domain_country(domain) == country


def test_an_ip_address_is_no_domain() -> None:
    from tidings.models import Source

    assert site_domain(Source(id=1, feed_url="http://127.0.0.1:8080/feed")) is None
    assert site_domain(Source(id=1, feed_url="https://www.paper.com/rss")) == "paper.com"
