"""What the home and article pages ask the store per view (issue #19 point 4): the top
stories' articles in one query however many stories lead, and an article page naming its
outlets and counting its story's other outlets without a query each.

A real SQLite store; statements counted with SQLAlchemy's ``before_cursor_execute``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import event

from tests.page_articles import stored_article
from tests.readers import PASSWORD, QUICK
from tidings.accounts.credentials import PasswordHasher
from tidings.config import Settings
from tidings.models import Enrichment, Story
from tidings.store import SqlRepository, StoryPlacement
from tidings.web import create_app

NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)


def _add(repo: SqlRepository, source_id: int, slug: str, minutes_ago: int) -> str:
    return stored_article(repo, source_id, slug, now=NOW, minutes_ago=minutes_ago)


def _place(repo: SqlRepository, aid: str, story: Story, related: tuple[str, ...] = ()) -> None:
    placement = StoryPlacement(
        aid,
        story,
        related=tuple((r, 0.5) for r in related),
        enrichment=Enrichment("en", "declared", category="world", category_how="feed"),
    )
    repo.stories.save_placements([placement], now=NOW, related_limit=3, per_outlet=2)


def _outlets(repo: SqlRepository, count: int = 2) -> list[int]:
    return [
        repo.sources.add_source(f"https://pub{n}.example/feed", now=NOW).id for n in range(count)
    ]


def _stories(repo: SqlRepository, outlets: list[int], numbers: range) -> list[str]:
    """Stories of two outlets each, recent enough to lead the home page; the ids of each
    story's first article."""
    firsts = []
    for s in numbers:
        story = Story(f"{s:032x}", f"Story {s}", NOW - timedelta(hours=2), NOW, 2, 2)
        ids = [
            _add(repo, o, f"s{s}-{n}", minutes_ago=200 - s * 5 - n) for n, o in enumerate(outlets)
        ]
        for aid in ids:
            _place(repo, aid, story)
        firsts.append(ids[0])
    return firsts


def _with_related(repo: SqlRepository, count: int) -> tuple[str, list[str]]:
    """The first article of a story of two outlets, with ``count`` related articles of a
    third outlet (each in a story of its own)."""
    first, *_ = _stories(repo, _outlets(repo), range(2))
    third = repo.sources.add_source("https://pub9.example/feed", now=NOW).id
    related = [_add(repo, third, f"related{n}", minutes_ago=20 + n) for n in range(count)]
    for n, aid in enumerate(related):
        _place(repo, aid, Story(f"{9 - n:032x}", "Other", NOW, NOW, 1, 1))
    _place(repo, first, Story(f"{0:032x}", "Story 0", NOW, NOW, 2, 2), related=tuple(related))
    return first, related


@contextmanager
def _statements(repo: SqlRepository) -> Iterator[list[str]]:
    seen: list[str] = []

    def note(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(" ".join(statement.split()))

    event.listen(repo.engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(repo.engine, "before_cursor_execute", note)


def _client(settings: Settings, repo: SqlRepository) -> TestClient:
    config = settings.model_copy(update={"stories": True, "page_cache_seconds": 0})
    return TestClient(create_app(config, repository=repo, clock=lambda: NOW))


def _home_statements(settings: Settings, repo: SqlRepository) -> list[str]:
    with _client(settings, repo) as client:
        client.get("/en/")  # the slow lists (languages, sections, trending) are read once
        with _statements(repo) as seen:
            response = client.get("/en/")
    assert response.status_code == 200
    return seen


def test_the_home_page_reads_its_top_stories_in_one_query(
    settings: Settings, sqlite_repository: SqlRepository
) -> None:
    outlets = _outlets(sqlite_repository)
    _stories(sqlite_repository, outlets, range(2))
    two = _home_statements(settings, sqlite_repository)
    _stories(sqlite_repository, outlets, range(2, 5))  # five stories lead the page now
    five = _home_statements(settings, sqlite_repository)
    assert len(five) == len(two), "\n".join(five)
    reads = [s for s in five if "FROM articles" in s and "story_id IN" in s]
    assert len(reads) == 1, reads


def test_the_home_page_reads_only_the_outlets_its_cards_name(
    settings: Settings, sqlite_repository: SqlRepository
) -> None:
    repo = sqlite_repository
    outlets = _outlets(repo)
    _stories(repo, outlets, range(2))
    quiet = [  # followed, nothing published yet; one of them failing its checks
        repo.sources.add_source(f"https://quiet{n}.example/feed", now=NOW).id for n in range(5)
    ]
    repo.sources.record_feed_failure(quiet[0], "HTTP 503", now=NOW, next_check_at=NOW)
    with _client(settings, repo) as client:
        client.get("/en/")
        with _statements(repo) as seen:
            page = client.get("/en/")
    assert page.status_code == 200
    # All seven sources counted, one failing, from one aggregate row...
    assert "The latest articles from 7 publishers." in page.text
    assert "1 of 7 sources could not be fetched on their last check." in page.text
    # ...and the outlets' rows read only for the two outlets whose articles show.
    rows = [s for s in seen if s.startswith("SELECT sources.id")]
    assert len(rows) == 1 and "IN (?, ?)" in rows[0], rows


def test_the_article_page_names_its_outlets_in_one_query(
    settings: Settings, sqlite_repository: SqlRepository
) -> None:
    repo = sqlite_repository
    first, _ = _with_related(repo, 1)
    with _client(settings, repo) as client:
        assert client.get("/en/").status_code == 200  # started, its first reads done
        with _statements(repo) as seen:
            page = client.get(f"/en/article/{first}")
    assert page.status_code == 200
    assert "Also covered by 1 outlet" in page.text
    assert "pub9" in page.text  # the related article's outlet, named
    sources = [s for s in seen if "FROM sources" in s]
    assert len(sources) == 1, sources
    # The story's other outlets: one count, not the story and then its outlets' list.
    assert not [s for s in seen if s.startswith("SELECT stories.")], seen


def test_a_signed_in_readers_card_marks_are_read_in_one_query(
    settings: Settings, sqlite_repository: SqlRepository
) -> None:
    repo = sqlite_repository
    first, related = _with_related(repo, 3)
    repo.accounts.create_user("ada", QUICK.hash(PASSWORD), now=NOW - timedelta(days=3))
    with _client(settings, repo) as client:
        client.app.state.password_hasher = PasswordHasher(QUICK)
        token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/en/signin").text)
        assert token
        form = {"csrf_token": token.group(1), "username": "ada", "password": PASSWORD}
        assert client.post("/en/signin", data=form, follow_redirects=False).status_code == 303
        assert client.get(f"/en/article/{related[1]}").status_code == 200  # opened: read
        with _statements(repo) as seen:
            page = client.get(f"/en/article/{first}")
    assert page.status_code == 200
    cards = re.findall(r'<article class="card[^"]*">.*?</article>', page.text, re.S)
    assert len(cards) == 3
    read = [c for c in cards if "card-read-label" in c]
    assert len(read) == 1 and f"/en/article/{related[1]}" in read[0]
    marks = [s for s in seen if s.startswith("SELECT") and "article_reads" in s]
    assert len(marks) == 1, marks


def test_the_search_page_reads_the_archive_s_languages_once_a_minute_not_per_view(
    settings: Settings, sqlite_repository: SqlRepository
) -> None:
    # Counting every original article by language took 100 ms a search at a million.
    repo = sqlite_repository
    _stories(repo, _outlets(repo), range(2))
    with _client(settings, repo) as client:
        assert client.get("/en/search?q=story").status_code == 200  # the list is made
        with _statements(repo) as seen:
            page = client.get("/en/search?q=story&language=en")
    assert page.status_code == 200
    assert '<option value="en"' in page.text  # the filter still offers the language
    assert not [s for s in seen if "GROUP BY articles.language" in s], seen
