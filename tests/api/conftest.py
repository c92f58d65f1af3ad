"""A site with readers, sources, articles and an app password, served by uvicorn on
127.0.0.1 for the reader-app API tests."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest

from tests.readers import NOW, Clock
from tests.servers import ThreadedServer
from tidings.accounts.app_passwords import app_password_hash, fever_key, new_app_password
from tidings.accounts.models import User
from tidings.config import Settings
from tidings.ingest import article_id
from tidings.models import DisplayPolicy, ExtractedArticle, FeedEntry, Image, ParsedFeed
from tidings.store import (
    NewEntry,
    SqlAppPasswords,
    SqlReaderState,
    SqlRepository,
    create_store_engine,
    migrate,
    repository_for_engine,
)
from tidings.web import create_app

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
    b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8"
    b"N\x00\x00\x00\x00IEND\xaeB`\x82"
)


@dataclass
class ApiSite:
    """What a test needs: the server, the stores, the reader, their app password."""

    server: ThreadedServer
    app: Any
    repo: SqlRepository
    state: SqlReaderState
    keys: SqlAppPasswords
    clock: Clock
    ada: User
    password: str
    fever_key: str
    full_source: int  # display policy "full", in folder "Bridges"
    excerpt_source: int  # display policy "excerpt", in no folder
    unfollowed_source: int
    articles: list[str]  # full_source's three articles, oldest first, then excerpt's one
    elsewhere: str  # an article of the unfollowed source

    def item(self, article: str) -> int:
        return self.state.item_ids([article])[article]


def add_article(
    repo: SqlRepository, source_id: int, n: int, minutes: int, *, body: bool = True
) -> str:
    url = f"https://pub{source_id}.example/news/{n}"
    entry = FeedEntry(
        url=url,
        title=f"Bridge news {n}",
        summary=f"Summary {n}",
        authors=("Ada Reporter",),
        published=NOW + timedelta(minutes=minutes - 30),
    )
    aid = article_id(url)
    repo.articles.add_entries(
        source_id, [NewEntry(aid, url, entry)], now=NOW + timedelta(minutes=minutes)
    )
    if body:
        repo.articles.save_extraction(
            aid,
            ExtractedArticle(
                title=f"Bridge news {n}",
                text=f"First paragraph {n}.\n\nSecond paragraph {n}.\n\nThird paragraph {n}.",
                html=f"<p>First paragraph {n}.</p><p>Second paragraph {n}.</p>",
                lead_image=Image(
                    url=f"https://pub{source_id}.example/img/{n}.jpg",
                    caption="A bridge",
                    credit="Photo: Ada",
                ),
            ),
            now=NOW + timedelta(minutes=minutes),
        )
    return aid


# ``@both_databases`` runs a test of ``api_site`` on SQLite and on PostgreSQL.
both_databases = pytest.mark.parametrize("api_site", ["sqlite", "postgresql"], indirect=True)


@pytest.fixture
def api_site(request: pytest.FixtureRequest, settings: Settings) -> Iterator[ApiSite]:
    """The site on SQLite, or on the database ``@both_databases`` names."""
    flavour = getattr(request, "param", "sqlite")
    if flavour == "sqlite":
        url = settings.sqlalchemy_url
    else:
        url = request.getfixturevalue("postgres_url")
    engine = create_store_engine(url)
    migrate(engine)
    try:
        yield from _site(settings, repository_for_engine(engine))
    finally:
        engine.dispose()


def _site(settings: Settings, repo: SqlRepository) -> Iterator[ApiSite]:
    full = repo.sources.add_source("https://pub.example/feed", now=NOW, title="The Pub").id
    excerpt = repo.sources.add_source(
        "https://other.example/feed",
        now=NOW,
        title="Other Times",
        display_policy=DisplayPolicy.EXCERPT,
    ).id
    unfollowed = repo.sources.add_source("https://third.example/feed", now=NOW, title="Third").id
    repo.sources.record_feed_success(
        full,
        ParsedFeed(
            "The Pub", "https://pub.example/", "rss", (), icon_url="https://pub.example/icon.png"
        ),
        now=NOW + timedelta(minutes=40),
        next_check_at=NOW + timedelta(hours=1),
        etag=None,
        last_modified=None,
    )
    made = [add_article(repo, full, n, n) for n in (1, 2, 3)]
    made.append(add_article(repo, excerpt, 4, 4))
    elsewhere = add_article(repo, unfollowed, 5, 5)
    ada = repo.accounts.create_user("ada", "not-used-by-apps", now=NOW)
    repo.accounts.create_user("bob", "not-used-by-apps", now=NOW)
    state = SqlReaderState(repo.engine)
    keys = SqlAppPasswords(repo.engine)
    repo.accounts.follow(ada.id, "source", str(full), now=NOW)
    state.set_folder(ada.id, full, "Bridges")
    state.subscribe(ada.id, excerpt, now=NOW)
    password = new_app_password()
    key = fever_key("ada", password)
    keys.add_app_password(ada.id, "Reeder", app_password_hash(password), key, now=NOW)
    clock = Clock()
    clock.now = NOW + timedelta(hours=1)
    app = create_app(settings, repository=repo, clock=clock)
    with ThreadedServer(app) as server:
        yield ApiSite(
            server,
            app,
            repo,
            state,
            keys,
            clock,
            ada,
            password,
            key,
            full,
            excerpt,
            unfollowed,
            made,
            elsewhere,
        )
