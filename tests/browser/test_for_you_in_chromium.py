"""A reader's "For you" page in Chromium: sign up, follow a hashtag and a source, save an
article, then see recent articles each with its reason. Screenshot: for-you-desktop.png."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from tests.demo_site import DemoSite
from tests.servers import ThreadedServer
from tidings.web import create_app

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(demo: DemoSite) -> Iterator[ThreadedServer]:
    app = create_app(demo.settings, repository=demo.repository, clock=demo.clock)
    with ThreadedServer(app) as server:
        yield server


def test_for_you_gives_a_reason_for_each_article(
    browser: Browser, site: ThreadedServer, demo: DemoSite, shots: Path
) -> None:
    repo = demo.repository
    latest = repo.articles.latest_articles(limit=40)
    tags = repo.stories.tags_for_articles([a.id for a in latest])
    slug = next(pairs[0][0] for a in latest if (pairs := tags.get(a.id)))
    # A source none of the hashtag's articles come from, so each follow has articles of
    # its own to give as the reason.
    tagged = {a.source_id for a in latest if any(t == slug for t, *_ in tags.get(a.id, ()))}
    source_id = next(a.source_id for a in reversed(latest) if a.source_id not in tagged)
    # Saved: an article on something else, so that "similar to what you saved" does not
    # outrank the followed hashtag on the hashtag's own articles.
    saved = next(
        a
        for a in latest
        if a.source_id != source_id and not any(t == slug for t, *_ in tags.get(a.id, ()))
    )
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(20_000)
    page = context.new_page()
    try:
        page.goto(site.url("/en/signup"))
        page.fill("input[name=username]", "morning_reader")
        page.fill("input[name=password]", "a long enough passphrase")
        if page.locator("input[name=password_again]").count():
            page.fill("input[name=password_again]", "a long enough passphrase")
        page.locator("main form button[type=submit]").first.click()
        page.wait_for_load_state()
        assert "morning_reader" in page.locator("header.masthead").inner_text()

        for path in (f"/en/hashtag/{slug}", f"/en/source/{source_id}"):
            page.goto(site.url(path))
            page.locator("form[action='/en/follow'] button").first.click()
            page.wait_for_load_state()
            assert page.locator("form[action='/en/unfollow']").count() == 1
        page.goto(site.url(f"/en/article/{saved.id}"))
        with page.expect_navigation():  # the form is sent once the offline copy is kept
            page.locator("form[action='/en/save'] button").first.click()

        page.goto(site.url("/en/for-you"))
        reasons = page.locator(".reason").all_inner_texts()
        assert len(reasons) >= 3
        assert any(r.startswith("Because you follow #") for r in reasons), (slug, reasons)
        assert any("Because you follow" in r and "#" not in r for r in reasons)
        assert all(r.strip() for r in reasons)
        page.screenshot(path=str(shots / "for-you-desktop.png"), full_page=False)
    finally:
        context.close()
