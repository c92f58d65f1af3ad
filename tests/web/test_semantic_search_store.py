"""Search by meaning in a web process with no index file beside it: its own index, read
from the vectors the story stage stored (another machine's, here another data folder)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from lxml import html as lxml_html
from sqlalchemy import event, text

from tidings.config import Settings
from tidings.ingest import article_id
from tidings.models import ExtractedArticle, FeedEntry
from tidings.pipeline.semantic_search import SemanticSearch, index_path
from tidings.pipeline.story_stage import StoryStage
from tidings.store import NewEntry, SqlRepository
from tidings.web import create_app

NOW = datetime(2026, 12, 10, 12, 0, tzinfo=UTC)
ARTICLES = {
    "match": (
        "Okafor header wins the National Cup for Brackenport Rovers",
        "Brackenport Rovers beat Westmarch United 2-1 in the National Cup final on Saturday. "
        "Dele Okafor headed the winner in the ninetieth minute, ending the club's 31-year "
        "wait for a trophy, and thousands of fans celebrated in the streets.",
    ),
    "rates": (
        "Central bank lifts interest rates to 3.75%",
        "The central bank raised its main interest rate by a quarter point to 3.75% on "
        "Thursday and said inflation was still too high for it to stop.",
    ),
    "quake": (
        "Magnitude 6.1 earthquake strikes Kestrel Valley",
        "A magnitude 6.1 earthquake struck Kestrel Valley early on Thursday, damaging dozens "
        "of homes in Marrow Ford and cutting power to 12,000 households.",
    ),
}
READY = 60  # seconds at most to read a few vectors (a bound, not a measurement)


def _url(repo: SqlRepository) -> str:
    return repo.engine.url.render_as_string(hide_password=False)


def _place(repo: SqlRepository, tmp_path: Path, *keys: str) -> dict[str, str]:
    """Store these articles and let a story stage (its own data folder: another machine)
    embed them and store their vectors."""
    source = repo.sources.add_source(f"https://{keys[0]}.example/feed", now=NOW, title="Outlet")
    ids = {}
    for n, key in enumerate(keys):
        title, body = ARTICLES[key]
        url = f"https://outlet.example/news/{key}"
        published = NOW - timedelta(minutes=10 * n)
        aid = article_id(url)
        entry = FeedEntry(url=url, title=title, summary=body[:100], published=published)
        repo.articles.add_entries(source.id, [NewEntry(aid, url, entry, ())], now=NOW)
        extracted = ExtractedArticle(
            title=title, text=body, html=f"<p>{body}</p>", published=published, language="en"
        )
        repo.articles.save_extraction(aid, extracted, now=NOW)
        ids[key] = aid
    worker = Settings(data_dir=tmp_path / "worker", database_url=_url(repo), starter_sources=False)
    assert StoryStage(repo, worker, clock=lambda: NOW).run() == len(keys)
    return ids


def _web(repo: SqlRepository, tmp_path: Path, **extra: object) -> Settings:
    return Settings(
        data_dir=tmp_path / "web", database_url=_url(repo), starter_sources=False, **extra
    )


def _meaning(response_text: str) -> list[str]:
    page = lxml_html.fromstring(response_text)
    hrefs = page.xpath(
        "//div[contains(@class, 'meaning-results')]//h3[@class='card-title']/a/@href"
    )
    return [str(href).rsplit("/", 1)[-1] for href in hrefs]


def _finder(client: TestClient) -> SemanticSearch:
    finder: SemanticSearch = client.app.state.semantic_search  # type: ignore[attr-defined]
    return finder


def test_a_web_process_without_the_file_finds_by_meaning(
    repository: SqlRepository, tmp_path: Path
) -> None:
    ids = _place(repository, tmp_path, "match", "rates")
    settings = _web(repository, tmp_path)  # auto: no file here, so the store
    app = create_app(settings, repository=repository, clock=lambda: NOW)
    with TestClient(app) as client:
        mirror = _finder(client).mirror
        assert mirror is not None
        assert mirror.ready.wait(READY)
        response = client.get("/en/search", params={"q": "soccer championship"})
    assert response.status_code == 200
    found = _meaning(response.text)
    assert found[0] == ids["match"]
    assert ids["rates"] not in found
    assert not (settings.data_dir / "vectors").exists()  # nothing written here


def test_a_vector_stored_later_is_found_after_the_next_refresh(
    repository: SqlRepository, tmp_path: Path
) -> None:
    _place(repository, tmp_path, "match")
    settings = _web(repository, tmp_path, vector_refresh_seconds=3600)
    app = create_app(settings, repository=repository, clock=lambda: NOW)
    with TestClient(app) as client:
        finder = _finder(client)
        assert finder.mirror is not None
        assert finder.mirror.ready.wait(READY)
        later = _place(repository, tmp_path, "quake")["quake"]
        assert later[:16] not in dict(finder.nearest("tremblement de terre"))
        assert finder.mirror.refresh() == 1
        assert later[:16] in dict(finder.nearest("tremblement de terre"))
        response = client.get("/en/search", params={"q": "tremblement de terre"})
    assert _meaning(response.text)[0] == later


def test_startup_does_not_wait_for_the_vectors(
    repository: SqlRepository, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    if repository.engine.dialect.name != "postgresql":
        pytest.skip("a table lock that holds readers back is PostgreSQL's")
    ids = _place(repository, tmp_path, "match", "rates")
    # Were the vectors read before the first request, that read would fail here after
    # a while (and the app with it) rather than wait for ever.
    repository.engine.dispose()
    event.listen(repository.engine, "connect", _lock_timeout)
    app = create_app(_web(repository, tmp_path), repository=repository, clock=lambda: NOW)
    locker = repository.engine.connect()
    request.addfinalizer(locker.close)
    hold = locker.begin()
    # Every read of the vectors waits until this transaction ends.
    locker.execute(text("LOCK TABLE article_vectors IN ACCESS EXCLUSIVE MODE"))
    with TestClient(app) as client:
        mirror = _finder(client).mirror
        assert mirror is not None
        waiting = client.get("/en/search", params={"q": "soccer championship"})
        assert not mirror.ready.is_set()  # the page came while the vectors were locked
        hold.rollback()
        assert mirror.ready.wait(READY)
        served = client.get("/en/search", params={"q": "soccer final"})
    assert waiting.status_code == 200
    assert "Nothing found" in waiting.text
    assert _meaning(waiting.text) == []
    assert _meaning(served.text)[:1] == [ids["match"]]


def _lock_timeout(connection: Any, _record: object) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SET lock_timeout = '20s'")


def test_the_file_is_kept_on_one_machine(repository: SqlRepository, tmp_path: Path) -> None:
    _place(repository, tmp_path, "match")
    settings = _web(repository, tmp_path)
    finder = SemanticSearch(settings, store=repository.stories)
    path = index_path(settings, finder._model().name)
    path.parent.mkdir(parents=True)
    (tmp_path / "worker" / "vectors" / path.name).replace(path)  # the stage's own file
    finder.start()
    sqlite = repository.engine.dialect.name == "sqlite"
    assert (finder.mirror is None) is sqlite  # auto: SQLite with its file reads the file
    forced = SemanticSearch(
        _web(repository, tmp_path, vector_index="file"), store=repository.stories
    )
    forced.start()
    assert forced.mirror is None
    finder.close()
