"""The install offer in Chromium (issue #20): a quiet "Install Tidings" button when the
browser offers installing (``beforeinstallprompt``), gone and remembered once dismissed;
the iOS steps only on iOS Safari."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.servers import ThreadedServer
from tidings.config import Settings
from tidings.ingest import article_id
from tidings.models import ExtractedArticle, FeedEntry
from tidings.store import NewEntry, SqlRepository, open_repository
from tidings.web import create_app

pytestmark = pytest.mark.browser

IPHONE_SAFARI = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
)
# What Chromium's own event carries, enough for the page: a prompt() and the choice.
SYNTHETIC_PROMPT = """() => {
  const event = new Event("beforeinstallprompt", { cancelable: true });
  event.prompt = () => { window.promptShown = true; };
  event.userChoice = Promise.resolve({ outcome: "dismissed" });
  window.dispatchEvent(event);
  return event.defaultPrevented;
}"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ThreadedServer]:
    settings = Settings(data_dir=tmp_path_factory.mktemp("install"), starter_sources=False)
    repo: SqlRepository = open_repository(settings)
    now = datetime.now(UTC)
    source = repo.sources.add_source("https://pub.example/feed", now=now, title="The Pub").id
    url = "https://pub.example/news/1"
    entry = FeedEntry(url=url, title="Bridge news", published=now - timedelta(hours=1))
    repo.articles.add_entries(source, [NewEntry(article_id(url), url, entry)], now=now)
    repo.articles.save_extraction(
        article_id(url),
        ExtractedArticle(title="Bridge news", text="Words.", html="<p>Words.</p>"),
        now=now,
    )
    with ThreadedServer(create_app(settings, repository=repo)) as server:
        yield server
    repo.engine.dispose()


def _home(browser: Browser, site: ThreadedServer, **context: object) -> Page:
    page = browser.new_context(viewport={"width": 390, "height": 844}, **context).new_page()  # type: ignore[arg-type]
    page.goto(site.url("/en/"), wait_until="networkidle")
    return page


def test_the_install_button_appears_on_the_browsers_offer_and_stays_away_once_dismissed(
    browser: Browser, site: ThreadedServer
) -> None:
    page = _home(browser, site)
    offer = page.locator(".install-offer.install-prompt")
    expect(offer).to_be_hidden()  # no offer from the browser, no button
    assert page.evaluate(SYNTHETIC_PROMPT) is True  # the browser's own banner held back
    expect(offer).to_be_visible()
    button = offer.get_by_role("button", name="Install Tidings")
    box = button.bounding_box()
    assert box is not None and box["height"] >= 44  # a tap target on a phone
    expect(page.locator(".install-offer.install-ios")).to_be_hidden()  # not iOS
    offer.get_by_role("button", name="Not now").click()
    expect(offer).to_be_hidden()
    # Remembered: the next page, offered again by the browser, shows no button.
    page.goto(site.url("/en/latest"), wait_until="networkidle")
    page.evaluate(SYNTHETIC_PROMPT)
    expect(page.locator(".install-offer.install-prompt")).to_be_hidden()
    page.context.close()


def test_the_install_button_opens_the_browsers_prompt(
    browser: Browser, site: ThreadedServer
) -> None:
    page = _home(browser, site)
    page.evaluate(SYNTHETIC_PROMPT)
    page.get_by_role("button", name="Install Tidings").click()
    assert page.evaluate("window.promptShown") is True
    expect(page.locator(".install-offer.install-prompt")).to_be_hidden()
    page.context.close()


def test_ios_safari_is_told_how_and_nobody_else_is(browser: Browser, site: ThreadedServer) -> None:
    iphone = _home(browser, site, user_agent=IPHONE_SAFARI, has_touch=True)
    steps = iphone.locator(".install-offer.install-ios")
    expect(steps).to_be_visible()
    expect(steps).to_contain_text("tap Share, then Add to Home Screen")
    steps.get_by_role("button", name="Not now").click()
    expect(steps).to_be_hidden()
    iphone.reload(wait_until="networkidle")
    expect(iphone.locator(".install-offer.install-ios")).to_be_hidden()
    iphone.context.close()
    desktop = _home(browser, site)
    expect(desktop.locator(".install-offer.install-ios")).to_be_hidden()
    desktop.context.close()
