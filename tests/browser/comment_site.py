"""A small site for the comment browser tests: one source, an article, a story, quick
argon2 hashes and a clock the tests can move (rate limits are per 10 minutes)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from playwright.sync_api import Page

from tests.readers import NOW, PASSWORD, QUICK, Clock
from tests.servers import ThreadedServer
from tidings.accounts.credentials import PasswordHasher
from tidings.accounts.models import Role, User
from tidings.config import Settings
from tidings.ingest import article_id
from tidings.models import ExtractedArticle, FeedEntry, Story
from tidings.store import Enrichment, NewEntry, SqlRepository, StoryPlacement, open_repository
from tidings.web import create_app

STORY = "7" * 32


@dataclass
class CommentSite:
    server: ThreadedServer
    repo: SqlRepository
    clock: Clock
    article: str

    def url(self, path: str) -> str:
        return self.server.url(path)

    @property
    def article_path(self) -> str:
        return f"/en/article/{self.article}"

    def user(self, name: str, role: Role = Role.READER) -> User:
        """An account made in the store, old enough for the usual limits."""
        return self.repo.accounts.create_user(
            name, QUICK.hash(PASSWORD), now=NOW - timedelta(days=3), role=role
        )


def _article(repo: SqlRepository) -> str:
    source = repo.sources.add_source(
        "https://pub.example/feed", now=NOW, title="The Calder Courier"
    )
    url = "https://pub.example/news/bridge"
    entry = FeedEntry(
        url=url, title="Calder Bridge reopens after repairs", published=NOW - timedelta(hours=2)
    )
    aid = article_id(url)
    repo.articles.add_entries(source.id, [NewEntry(aid, url, entry)], now=NOW)
    text = "The bridge reopened on Monday after eight months of repairs to its cables."
    repo.articles.save_extraction(
        aid, ExtractedArticle(title=entry.title, text=text, html=f"<p>{text}</p>"), now=NOW
    )
    story = Story(STORY, entry.title, NOW - timedelta(hours=2), NOW, 1, 1)
    repo.stories.save_placements(
        [StoryPlacement(aid, story, enrichment=Enrichment("en", "declared"))],
        now=NOW,
        related_limit=3,
        per_outlet=2,
    )
    return aid


@contextmanager
def comment_site(folder: Path) -> Iterator[CommentSite]:
    """The site on a free port."""
    settings = Settings(data_dir=folder, starter_sources=False, ai=False, stories=False)
    repo = open_repository(settings)
    aid = _article(repo)
    clock = Clock()
    app = create_app(settings, repository=repo, clock=clock)
    app.state.password_hasher = PasswordHasher(QUICK)
    with ThreadedServer(app) as server:
        yield CommentSite(server, repo, clock, aid)
    repo.engine.dispose()


def sign_up(page: Page, site: CommentSite, name: str) -> None:
    """Create an account through the sign-up form."""
    page.goto(site.url("/en/signup"))
    page.fill("#username", name)
    page.fill("#password", PASSWORD)
    page.fill("#password_again", PASSWORD)
    with page.expect_navigation():
        page.locator("form.account-form button[type=submit]").click()
    assert page.url.endswith("/en/account"), page.url


def sign_in(page: Page, site: CommentSite, name: str) -> None:
    """Sign in through the form."""
    page.goto(site.url("/en/signin"))
    page.fill("#username", name)
    page.fill("#password", PASSWORD)
    with page.expect_navigation():
        page.locator("form.account-form button[type=submit]").click()


def post_comment(page: Page, site: CommentSite, body: str) -> None:
    """Write a comment on the article through its form; it must be accepted."""
    page.goto(site.url(site.article_path))
    page.fill("#comment-body", body)
    with page.expect_navigation():
        page.locator("section.comments form.comment-form button[type=submit]").last.click()
    assert "#comment-" in page.url, page.locator("main").inner_text()[:500]
