"""Search by meaning after full text: a real store, a real story stage, its real index."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from lxml import html as lxml_html

from tidings.config import Settings
from tidings.ingest import article_id
from tidings.models import ExtractedArticle, FeedEntry
from tidings.pipeline.semantic_search import SemanticSearch, index_path
from tidings.pipeline.story_stage import StoryStage
from tidings.store import NewEntry, SqlRepository, open_repository
from tidings.store.search import SearchQuery
from tidings.web import create_app
from tidings.web.pages import search as search_views

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)

ARTICLES = {
    "match": (
        "Okafor header wins the National Cup for Brackenport Rovers",
        "Brackenport Rovers beat Westmarch United 2-1 in the National Cup final on Saturday. "
        "Dele Okafor headed the winner in the ninetieth minute, ending the club's 31-year "
        "wait for a trophy, and thousands of fans celebrated in the streets.",
    ),
    "bridge": (
        "Calder Bridge shut after inspectors find corroded cables",
        "The Calder Bridge in Brackenport was closed to all traffic on Tuesday after "
        "inspectors found corroded cables on its northern span. Commuters queued for the "
        "ferry as buses were diverted.",
    ),
    "quake": (
        "Magnitude 6.1 earthquake strikes Kestrel Valley",
        "A magnitude 6.1 earthquake struck Kestrel Valley early on Thursday, damaging dozens "
        "of homes in Marrow Ford and cutting power to 12,000 households.",
    ),
    "rates": (
        "Central bank lifts interest rates to 3.75%",
        "The central bank raised its main interest rate by a quarter point to 3.75% on "
        "Thursday and said inflation was still too high for it to stop.",
    ),
}


@dataclass
class World:
    settings: Settings
    repo: SqlRepository
    ids: dict[str, str]


def _add(repo: SqlRepository, source_id: int, key: str, minutes_ago: int) -> str:
    title, text = ARTICLES[key]
    url = f"https://pub{source_id}.example/news/{key}"
    published = NOW - timedelta(minutes=minutes_ago)
    aid = article_id(url)
    entry = FeedEntry(url=url, title=title, summary=text[:100], published=published)
    repo.articles.add_entries(source_id, [NewEntry(aid, url, entry, ())], now=NOW)
    extracted = ExtractedArticle(
        title=title, text=text, html=f"<p>{text}</p>", published=published, language="en"
    )
    repo.articles.save_extraction(aid, extracted, now=NOW)
    return aid


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    data: Path = tmp_path_factory.mktemp("meaning")
    settings = Settings(data_dir=data, starter_sources=False)
    repo = open_repository(settings)
    sources = [
        repo.sources.add_source(f"https://pub{n}.example/feed", now=NOW, title=f"Outlet {n}").id
        for n in (1, 2)
    ]
    ids = {key: _add(repo, sources[n % 2], key, 10 * n) for n, key in enumerate(ARTICLES)}
    stage = StoryStage(repo, settings, clock=lambda: NOW)
    assert stage.run() == len(ARTICLES)
    stage.save_index()
    yield World(settings, repo, ids)
    repo.engine.dispose()


def _client(world: World, settings: Settings | None = None) -> TestClient:
    app = create_app(settings or world.settings, repository=world.repo, clock=lambda: NOW)
    return TestClient(app)


def _block(page: lxml_html.HtmlElement, css: str) -> list[str]:
    return [
        href.rsplit("/", 1)[-1]
        for href in page.xpath(f"//div[contains(@class, '{css}')]//h3[@class='card-title']/a/@href")
    ]


def test_the_index_is_the_one_the_story_stage_writes(world: World) -> None:
    stage = StoryStage(world.repo, world.settings, clock=lambda: NOW)
    assert index_path(world.settings, stage.index_model.name) == stage.index_path
    assert stage.index_path.is_file()


def test_words_that_do_not_appear_find_the_article_by_meaning(world: World) -> None:
    # No article has "soccer" or "championship": full text finds nothing.
    assert world.repo.search.search(SearchQuery("soccer championship")) == []
    with _client(world) as client:
        response = client.get("/en/search", params={"q": "soccer championship"})
    assert response.status_code == 200
    page = lxml_html.fromstring(response.text)
    assert "Nothing found" in response.text
    assert page.xpath("//section[@class='search-meaning']/h2/text()") == ["Related by meaning"]
    found = _block(page, "meaning-results")
    assert found[0] == world.ids["match"]
    assert world.ids["rates"] not in found  # unrelated news stays below the threshold


@pytest.mark.parametrize(
    ("query", "key"),
    [
        ("Fußball Pokalfinale", "match"),
        ("tremblement de terre", "quake"),
        ("Zentralbank erhöht die Zinsen", "rates"),
    ],
)
def test_a_query_in_another_language_finds_the_article_by_meaning(
    world: World, query: str, key: str
) -> None:
    # The index holds the multilingual model's vectors: German and French words find
    # English articles on their subject, and nothing unrelated comes first.
    assert world.repo.search.search(SearchQuery(query)) == []
    with _client(world) as client:
        page = lxml_html.fromstring(client.get("/en/search", params={"q": query}).text)
    assert _block(page, "meaning-results")[:1] == [world.ids[key]]


def test_meaning_follows_full_text_hits_and_the_filters(world: World) -> None:
    with _client(world) as client:
        page = lxml_html.fromstring(client.get("/en/search?q=earthquake").text)
        assert _block(page, "search-results") == [world.ids["quake"]]
        assert world.ids["quake"] not in _block(page, "meaning-results")  # shown once
        outlet = world.repo.articles.get_article(world.ids["match"]).source_id
        other = client.get(f"/en/search?q=soccer+championship&source={outlet % 2 + 1}").text
        assert world.ids["match"] not in _block(lxml_html.fromstring(other), "meaning-results")
        same = client.get(f"/en/search?q=soccer+championship&source={outlet}").text
        assert _block(lxml_html.fromstring(same), "meaning-results")[0] == world.ids["match"]


def test_enough_full_text_hits_need_no_meaning(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []
    real = SemanticSearch.nearest

    def spy(
        self: SemanticSearch, text: str, k: int = 100, *, like: Sequence[str] = ()
    ) -> list[tuple[str, float]]:
        asked.append(text)
        return real(self, text, k, like=like)

    monkeypatch.setattr(SemanticSearch, "nearest", spy)
    with _client(world) as client:
        monkeypatch.setattr(search_views, "MEANING_BELOW", 3)
        many = client.get("/en/search?q=the").text  # in three of the four articles
        assert asked == []
        monkeypatch.setattr(search_views, "MEANING_BELOW", 4)
        client.app.state.page_cache.clear()  # type: ignore[attr-defined]  # as a restart would
        client.get("/en/search?q=the")
        assert asked == ["the"]
    assert len(_block(lxml_html.fromstring(many), "search-results")) == 3
    assert "search-meaning" not in many


def test_no_meaning_when_embeddings_are_off(world: World) -> None:
    off = world.settings.model_copy(update={"stories": False})
    with _client(world, off) as client:
        response = client.get("/en/search", params={"q": "soccer championship"})
        finder = client.app.state.semantic_search  # type: ignore[attr-defined]
    assert response.status_code == 200 and "Nothing found" in response.text
    assert "search-meaning" not in response.text
    assert finder._embedder is None  # the model was never looked for


def test_no_meaning_and_no_error_without_an_index(world: World, tmp_path: Path) -> None:
    # The file alone: with ``auto`` a process without it reads the store's vectors
    # (tests/web/test_semantic_search_store.py).
    elsewhere = world.settings.model_copy(
        update={"data_dir": tmp_path / "empty", "vector_index": "file"}
    )
    with _client(world, elsewhere) as client:
        response = client.get("/en/search", params={"q": "soccer championship"})
    assert response.status_code == 200 and "search-meaning" not in response.text
    finder = SemanticSearch(elsewhere)
    assert not finder.enabled() and finder.nearest("soccer championship") == []


def test_a_newer_index_is_picked_up(world: World) -> None:
    ticks = [0.0]
    finder = SemanticSearch(world.settings, clock=lambda: ticks[0])
    before = finder.nearest("soccer championship")
    assert before and before[0][0] == world.ids["match"][:16]
    path = index_path(world.settings, finder._model().name)
    kept = path.read_bytes()
    try:
        path.write_bytes(b"damaged")  # unreadable: no results, no error
        ticks[0] = 60.0
        assert finder.nearest("soccer championship") == []
    finally:
        path.write_bytes(kept)
    ticks[0] = 120.0
    assert finder.nearest("soccer championship")[0][0] == world.ids["match"][:16]
