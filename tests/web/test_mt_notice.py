"""The article page tells readers when the publisher says it machine-translated the text."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient
from markupsafe import escape

from tidings.config import Settings
from tidings.ingest import article_id
from tidings.models import ExtractedArticle, FeedEntry
from tidings.store import NewEntry, SqlRepository
from tidings.web import create_app

NOW = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)
NOTICE = "The publisher says this text was machine-translated and may contain inaccuracies."
# Quotes and angle brackets in an address must reach the page escaped, never as markup.
TRICKY = 'https://port.example/nl/kade?a=1&b="><script>alert(1)</script>'


def _add(
    repo: SqlRepository,
    source_id: int,
    n: int,
    *,
    machine_translated: bool = False,
    translated_from: str | None = None,
) -> str:
    url = f"https://port.example/en/quay-{n}"
    entry = FeedEntry(url=url, title=f"Quay {n}", summary="Summary.", published=NOW)
    aid = article_id(url)
    repo.articles.add_entries(source_id, [NewEntry(aid, url, entry, ())], now=NOW)
    extracted = ExtractedArticle(
        title=f"Quay {n} reopens",
        text="The quay reopens on Monday.",
        html="<p>The quay reopens on Monday.</p>",
        language="en",
        machine_translated=machine_translated,
        translated_from=translated_from,
    )
    repo.articles.save_extraction(aid, extracted, now=NOW)
    return aid


@pytest.fixture
def site(settings: Settings, sqlite_repository: SqlRepository) -> tuple[TestClient, list[str]]:
    repo = sqlite_repository
    source = repo.sources.add_source("https://port.example/feed", now=NOW, title="Port Post")
    ids = [
        _add(repo, source.id, 1, machine_translated=True, translated_from=TRICKY),
        _add(repo, source.id, 2, machine_translated=True, translated_from="javascript:alert(1)"),
        _add(repo, source.id, 3, machine_translated=True),
        _add(repo, source.id, 4, translated_from="https://port.example/nl/kade"),
    ]
    return TestClient(create_app(settings, repository=repo, clock=lambda: NOW)), ids


def test_notice_with_a_link_to_the_original(site: tuple[TestClient, list[str]]) -> None:
    client, ids = site
    page = client.get(f"/en/article/{ids[0]}").text
    assert NOTICE in page
    link = f'<a href="{escape(TRICKY)}" rel="external noopener nofollow">Read the original</a>'
    assert link in page
    assert "<script>alert(1)" not in page
    # The notice comes before the body.
    assert page.index(NOTICE) < page.index('class="story-body"')


def test_notice_without_a_safe_original(site: tuple[TestClient, list[str]]) -> None:
    client, ids = site
    for aid in ids[1:3]:
        page = client.get(f"/en/article/{aid}").text
        assert NOTICE in page
        assert "Read the original" not in page and "javascript:" not in page


def test_no_notice_when_the_publisher_says_nothing(site: tuple[TestClient, list[str]]) -> None:
    client, ids = site
    page = client.get(f"/en/article/{ids[3]}").text
    assert NOTICE not in page and "Read the original" not in page
    assert "https://port.example/nl/kade" not in page


def test_notice_speaks_the_reader_language(site: tuple[TestClient, list[str]]) -> None:
    client, ids = site
    page = client.get(f"/de/article/{ids[0]}").text
    assert "Laut Verlag wurde dieser Text maschinell übersetzt" in page
    assert ">Original lesen</a>" in page
    assert NOTICE not in page
