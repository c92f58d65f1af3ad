"""The home page's "N new articles" notice in Chromium (issue #20): an article stored
while the page is open shows up as a notice at the next minute's check, over the page
rather than in its flow (nothing moves), and a click loads the page with it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.conftest import WIDTHS
from tests.servers import ThreadedServer
from tidings.config import Settings
from tidings.ingest import article_id
from tidings.models import ExtractedArticle, FeedEntry
from tidings.store import NewEntry, SqlRepository, open_repository
from tidings.web import create_app

pytestmark = pytest.mark.browser

# Where every block of the page's content sits, to compare before and after the notice.
POSITIONS = """() => Array.from(document.querySelectorAll('main > *:not(.new-articles)'))
  .map(e => { const r = e.getBoundingClientRect(); return [e.tagName, r.top, r.left, r.height]; })"""


class World:
    def __init__(self, repo: SqlRepository) -> None:
        self.repo = repo
        self.source = repo.sources.add_source("https://pub.example/feed", now=datetime.now(UTC)).id
        self.count = 0

    def store(self, title: str) -> str:
        self.count += 1
        now = datetime.now(UTC)
        url = f"https://pub.example/news/{self.count}"
        entry = FeedEntry(url=url, title=title, published=now - timedelta(minutes=60 - self.count))
        aid = article_id(url)
        self.repo.articles.add_entries(self.source, [NewEntry(aid, url, entry)], now=now)
        self.repo.articles.save_extraction(
            aid, ExtractedArticle(title=title, text="Words.", html="<p>Words.</p>"), now=now
        )
        return aid


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    settings = Settings(data_dir=tmp_path_factory.mktemp("notice"), starter_sources=False)
    repo = open_repository(settings)
    found = World(repo)
    for n in range(3):
        found.store(f"Earlier news {n}")
    yield found
    repo.engine.dispose()


@pytest.fixture(scope="module")
def site(world: World, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ThreadedServer]:
    # No page cache: the page a click loads is rendered then (test_home_front covers the
    # cache's part).
    settings = Settings(
        data_dir=tmp_path_factory.mktemp("notice-site"), starter_sources=False, page_cache_seconds=0
    )
    with ThreadedServer(create_app(settings, repository=world.repo)) as server:
        yield server


@pytest.mark.parametrize("width", list(WIDTHS))
def test_new_articles_show_as_a_notice_that_moves_nothing(
    browser: Browser, site: ThreadedServer, world: World, width: str
) -> None:
    size = WIDTHS[width]
    page = browser.new_context(viewport={"width": size[0], "height": size[1]}).new_page()
    page.clock.install()  # the minute between checks passes when the test says
    page.goto(site.url("/en/"), wait_until="networkidle")
    notice = page.locator("p.new-articles")
    before = page.evaluate(POSITIONS)
    with page.expect_response(lambda r: "/new-articles" in r.url):
        page.clock.run_for(61_000)
    expect(notice).to_be_hidden()  # checked, nothing new yet
    title = f"Fresh news for the {width}"
    world.store(title)
    page.clock.run_for(61_000)
    expect(notice).to_be_visible()
    expect(notice).to_have_text("1 new article")
    assert page.evaluate(POSITIONS) == before
    box = notice.bounding_box()
    assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= size[1]
    notice.click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_role("link", name=title)).to_be_visible()
    expect(page.locator("p.new-articles")).to_be_hidden()
    page.context.close()


def test_a_hidden_page_does_not_ask(browser: Browser, site: ThreadedServer) -> None:
    page = browser.new_context().new_page()
    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url) if "/new-articles" in r.url else None)
    page.clock.install()
    page.goto(site.url("/en/"), wait_until="networkidle")
    page.evaluate(
        """() => {
        Object.defineProperty(document, "hidden", { value: true, configurable: true });
        document.dispatchEvent(new Event("visibilitychange"));
    }"""
    )
    page.clock.run_for(5 * 61_000)
    assert asked == []
    with page.expect_request(lambda r: "/new-articles" in r.url):  # back in view: at once
        page.evaluate(
            """() => {
            Object.defineProperty(document, "hidden", { value: false, configurable: true });
            document.dispatchEvent(new Event("visibilitychange"));
        }"""
        )
    page.context.close()
