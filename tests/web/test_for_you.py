"""The "For you" page (issue #7): follows, the reading profile over stored vectors, mutes.

A real SQLite store: articles added and extracted through the repository, then embedded,
placed into stories and tagged by ``StoryStage.run`` (the packaged model, as ingest runs
it). The page reads those stored vectors; it never encodes anything itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest
from fastapi.testclient import TestClient
from lxml import html as lxml_html

from tidings.accounts.for_you import Candidate, Interests, Seed, rank_for_you, seed_weight
from tidings.accounts.models import User
from tidings.accounts.tokens import new_token, token_hash
from tidings.config import Settings
from tidings.ingest import article_id
from tidings.models import ExtractedArticle, FeedEntry
from tidings.pipeline.story_stage import StoryStage
from tidings.store import NewEntry, SqlRepository, open_repository
from tidings.web import create_app
from tidings.web.accounts import session_cookie_value

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)

TEXTS = {
    "bridge1": (
        "Calder Bridge shut after inspectors find corroded cables",
        "The Calder Bridge in Brackenport was closed to all traffic on Tuesday after "
        "inspectors found corroded cables on its northern span. Engineers said the bridge "
        "would stay shut for at least six weeks while the cables are replaced.",
    ),
    "bridge2": (
        "Calder Bridge to stay closed for six weeks, council says",
        "Brackenport council confirmed the Calder Bridge will remain closed for six weeks "
        "after corroded cables were found. Buses are diverted and extra ferries will run.",
    ),
    "match": (
        "Okafor header wins the National Cup for Brackenport Rovers",
        "Brackenport Rovers beat Westmarch United 2-1 in the National Cup final on Saturday. "
        "Dele Okafor headed the winner in the ninetieth minute, ending the club's 31-year "
        "wait for a trophy.",
    ),
    "parade": (
        "Rovers fans celebrate National Cup win with open-top bus parade",
        "Thousands of Brackenport Rovers supporters lined the streets on Sunday as the "
        "players paraded the National Cup, won with Okafor's late header in the final "
        "against Westmarch United.",
    ),
    "storm": (
        "Storm Odile tears roofs off houses in Lindhaven",
        "Storm Odile damaged dozens of roofs in Lindhaven overnight. Firefighters answered "
        "more than two hundred calls and the ferry to Brackenport was suspended until noon.",
    ),
    "budget": (
        "Parliament passes a budget raising pensions and fuel duty",
        "Members of parliament approved the government's budget on Wednesday by a narrow "
        "margin. Pensions rise by four percent next spring, paid for by higher fuel duty.",
    ),
}
# Which outlet (1-3) publishes which article, and how many minutes ago.
PLACES = {
    "bridge1": (1, 200),
    "bridge2": (2, 180),
    "match": (1, 150),
    "parade": (2, 60),
    "storm": (3, 90),
    "budget": (3, 30),
}


@dataclass
class World:
    app: object
    repo: SqlRepository
    ids: dict[str, str]
    sources: list[int]


def _add(repo: SqlRepository, source_id: int, key: str, minutes_ago: int) -> str:
    title, text = TEXTS[key]
    url = f"https://pub{source_id}.example/news/{key}"
    published = NOW - timedelta(minutes=minutes_ago)
    entry = FeedEntry(url=url, title=title, summary=text[:120], published=published)
    aid = article_id(url)
    repo.articles.add_entries(source_id, [NewEntry(aid, url, entry, ())], now=NOW)
    html = "".join(f"<p>{s.strip()}.</p>" for s in text.split(". ") if s.strip(". "))
    extracted = ExtractedArticle(
        title=title, text=text, html=html, published=published, language="en"
    )
    repo.articles.save_extraction(aid, extracted, now=NOW)
    return aid


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    data: Path = tmp_path_factory.mktemp("for-you")
    settings = Settings(data_dir=data, starter_sources=False, page_size=3)
    repo = open_repository(settings)
    sources = [
        repo.sources.add_source(f"https://pub{n}.example/feed", now=NOW, title=f"Outlet {n}").id
        for n in (1, 2, 3)
    ]
    ids = {key: _add(repo, sources[n - 1], key, ago) for key, (n, ago) in PLACES.items()}
    assert StoryStage(repo, settings, clock=lambda: NOW).run() == len(ids)
    yield World(create_app(settings, repository=repo, clock=lambda: NOW), repo, ids, sources)
    repo.engine.dispose()


def _reader(world: World, name: str) -> tuple[TestClient, User]:
    """A client signed in as a new reader (the session made directly; signing in is
    tests/web/test_accounts.py's business)."""
    user = world.repo.accounts.create_user(name, "unused", now=NOW)
    token = new_token()
    world.repo.accounts.create_session(
        user.id, token_hash(token), now=NOW, expires_at=NOW + timedelta(days=1)
    )
    client = TestClient(world.app, follow_redirects=False)  # type: ignore[arg-type]
    client.cookies.set(
        "tidings_session", session_cookie_value(world.app.state.account_secret, token)
    )
    return client, user


def _items(client: TestClient, page: int = 1) -> list[tuple[str, str]]:
    """(article id, reason) of each item on the page, in order."""
    response = client.get("/en/for-you" + (f"?page={page}" if page > 1 else ""))
    assert response.status_code == 200
    tree = lxml_html.fromstring(response.text)
    found = []
    for item in tree.xpath("//div[@class='for-you-item']"):
        href = item.xpath(".//h3//a/@href")[0]
        reason = item.findtext(".//p[@class='reason']").strip()
        found.append((href.rsplit("/", 1)[-1], reason))
    return found


def test_for_you_needs_a_signed_in_reader(world: World) -> None:
    client = TestClient(world.app, follow_redirects=False)  # type: ignore[arg-type]
    response = client.get("/en/for-you")
    assert response.status_code == 303
    assert response.headers["location"] == "/en/signin?next=/en/for-you"


def test_an_empty_page_says_how_to_fill_it(world: World) -> None:
    client, _ = _reader(world, "newcomer")
    page = client.get("/en/for-you").text
    assert "Follow something to fill this page" in page and "for-you-item" not in page


def test_follows_rank_and_give_their_reasons(world: World) -> None:
    client, user = _reader(world, "follower")
    ids = world.ids
    bridge_tags = {slug for slug, _ in world.repo.stories.tags_of(ids["bridge1"])}
    assert "calderbridge" in bridge_tags
    storm = world.repo.articles.get_article(ids["storm"])
    assert storm.story_id is not None
    world.repo.accounts.follow(user.id, "hashtag", "calderbridge", now=NOW)
    world.repo.accounts.follow(user.id, "source", str(world.sources[2]), now=NOW)  # Outlet 3
    world.repo.accounts.follow(user.id, "story", storm.story_id, now=NOW, anchor=storm.id)
    items = _items(client) + _items(client, page=2)
    reasons = dict(items)
    # A followed story counts most, then a hashtag, then a source.
    assert reasons[ids["storm"]] == "Because you follow this story"
    assert reasons[ids["bridge1"]] == "Because you follow #CalderBridge"
    assert reasons[ids["bridge2"]] == "Because you follow #CalderBridge"
    assert reasons[ids["budget"]] == "Because you follow Outlet 3"
    order = [article for article, _ in items]
    assert order.index(ids["storm"]) < order.index(ids["bridge2"]) < order.index(ids["budget"])
    assert order.index(ids["bridge2"]) < order.index(ids["bridge1"])  # newer first on ties
    assert ids["match"] not in reasons and ids["parade"] not in reasons
    assert len(_items(client)) == 3  # page_size 3: the rest is on page 2
    assert 'rel="next" href="/en/for-you?page=2"' in client.get("/en/for-you").text


def test_the_reading_profile_finds_similar_articles(world: World) -> None:
    client, user = _reader(world, "fan")
    ids = world.ids
    assert client.get(f"/en/article/{ids['match']}").status_code == 200  # recorded as read
    assert [h.article_id for h in world.repo.accounts.reading_history(user.id, limit=5)] == [
        ids["match"]
    ]
    items = _items(client)
    assert items, "the profile found nothing"
    title = TEXTS["match"][0]
    assert items[0] == (ids["parade"], f"Similar to “{title}”, which you read")
    shown = {article for article, _ in items}
    assert ids["match"] not in shown  # already read
    assert ids["budget"] not in shown  # nothing like it
    # Saved articles count too, and say so.
    world.repo.accounts.clear_reading_history(user.id)
    world.repo.accounts.save_article(user.id, ids["parade"], now=NOW)
    items = _items(client)
    assert items[0] == (ids["match"], f"Similar to “{TEXTS['parade'][0]}”, which you saved")


def test_mutes_keep_articles_out(world: World) -> None:
    client, user = _reader(world, "muter")
    ids = world.ids
    world.repo.accounts.follow(user.id, "hashtag", "calderbridge", now=NOW)
    world.repo.accounts.follow(user.id, "source", str(world.sources[2]), now=NOW)
    assert {ids["bridge1"], ids["bridge2"]} <= {a for a, _ in _items(client)}
    world.repo.accounts.mute(user.id, "source", str(world.sources[1]), now=NOW)  # Outlet 2: bridge2
    shown = {a for a, _ in _items(client) + _items(client, page=2)}
    assert ids["bridge1"] in shown and ids["bridge2"] not in shown
    # Muting a hashtag hides every article carrying it, followed source or not.
    storm_tags = [slug for slug, _ in world.repo.stories.tags_of(ids["storm"])]
    assert storm_tags
    world.repo.accounts.mute(user.id, "hashtag", storm_tags[0], now=NOW)
    shown = {a for a, _ in _items(client) + _items(client, page=2)}
    assert ids["storm"] not in shown and ids["budget"] in shown


def test_the_page_reads_stored_vectors_only(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    from tidings.enrich.embeddings import Embedder

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("For you must not encode")

    monkeypatch.setattr(Embedder, "embed", refuse)
    client, user = _reader(world, "reader2")
    world.repo.accounts.record_reading(user.id, world.ids["bridge1"], now=NOW)
    assert world.ids["bridge2"] in {a for a, _ in _items(client)}


# -- the ranking itself, without a store -----------------------------------------------------


def _unit(*values: float) -> np.ndarray:
    v = np.array(values, dtype=np.float32)
    return v / np.linalg.norm(v)


def test_seed_weights_decay_and_saves_count_double() -> None:
    assert seed_weight("read", NOW, NOW) == 1.0
    assert seed_weight("saved", NOW, NOW) == 2.0
    assert seed_weight("read", NOW - timedelta(days=14), NOW) == pytest.approx(0.5)


def test_ranking_combines_follows_and_similarity() -> None:
    seeds = [Seed("s", "Seen", "read", NOW, _unit(1, 0, 0))]
    candidates = [
        Candidate("near", 1, None, NOW, (), _unit(0.9, 0.1, 0)),
        Candidate("far", 1, None, NOW, (), _unit(0, 1, 0)),
        Candidate("tagged", 2, None, NOW - timedelta(hours=1), (("x", "X Y"),), _unit(0, 0, 1)),
        Candidate("both", 2, None, NOW, (("x", "X Y"),), _unit(1, 0, 0.1)),
        Candidate("muted", 3, None, NOW, (("x", "X Y"),), _unit(1, 0, 0)),
        Candidate("s", 1, None, NOW, (), _unit(1, 0, 0)),  # the seed itself
    ]
    interests = Interests(hashtags={"x": "x"}, muted_sources=frozenset({3}))
    picks = rank_for_you(candidates, interests, seeds, NOW)
    assert [p.article_id for p in picks] == ["both", "near", "tagged"]
    assert picks[0].reason.kind == "similar"  # 3 × 0.995 outweighs the hashtag's 2
    assert picks[2].reason.kind == "hashtag" and picks[2].reason.name == "X Y"
    assert rank_for_you(candidates, Interests(), [], NOW) == []


def test_reason_text_on_the_page_is_escaped(world: World) -> None:
    client, user = _reader(world, "escaper")
    world.repo.accounts.record_reading(user.id, world.ids["match"], now=NOW)
    page = client.get("/en/for-you").text
    assert re.search(r"Similar to “[^<]+”, which you read", page)
