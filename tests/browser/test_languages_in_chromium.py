"""Switching the UI language in Debian's Chromium: the header's switcher and the
browser's own language preference (Accept-Language) on ``/``."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.page_types import CUT_MASTHEAD_LINKS, bridge_article, serve
from tests.demo_site import DemoSite
from tests.servers import ThreadedServer
from tidings.models import Article

pytestmark = pytest.mark.browser

# The main nav's link to the sources page in German (the switcher's Deutsch link has the
# same href on that page).
GERMAN_SOURCES = "header nav:not(.language-switcher) a[href='/de/sources']"


@pytest.fixture(scope="module")
def bridge(demo: DemoSite) -> Article:
    return bridge_article(demo)


@pytest.fixture(scope="module")
def site(demo: DemoSite, bridge: Article) -> Iterator[ThreadedServer]:
    with serve(demo) as server:
        yield server


def test_switcher_opens_the_same_article_in_german(
    browser: Browser, site: ThreadedServer, bridge: Article
) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(site.url(f"/en/article/{bridge.id}"), wait_until="networkidle")
    switcher = page.locator("nav.language-switcher")
    assert switcher.locator("a[aria-current]").get_attribute("hreflang") == "en"
    page.locator("details.language-menu > summary").click()  # the languages are one menu
    with page.expect_navigation():
        switcher.locator("a[hreflang=de]", has_text="Deutsch").click()
    assert page.url == site.url(f"/de/article/{bridge.id}")
    assert page.locator("html").get_attribute("lang") == "de"
    # The same article, its words untouched and marked as English; the UI around it German.
    assert page.locator("h1").inner_text() == bridge.title
    assert page.locator("article.story").get_attribute("lang") == "en"
    expect(page.locator("a.skip")).to_have_text("Zum Inhalt springen")
    expect(page.locator(GERMAN_SOURCES)).to_have_text("Quellen")
    expect(page.locator("#ai-key-points-title")).to_have_text("Das Wichtigste")
    assert switcher.locator("a[aria-current]").get_attribute("hreflang") == "de"
    # Links lead on in German.
    with page.expect_navigation():
        page.locator(GERMAN_SOURCES).click()
    assert page.url == site.url("/de/sources")
    assert page.locator("html").get_attribute("lang") == "de"
    context.close()


def test_switcher_keeps_the_search(browser: Browser, site: ThreadedServer) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(site.url("/en/search?q=bridge+cables"), wait_until="networkidle")
    hits = page.locator("main article.card").count()
    assert hits >= 1
    # On a phone the languages sit behind one button: open it, then choose.
    french = page.locator("nav.language-switcher a[hreflang=fr]")
    expect(french).to_be_hidden()
    page.locator("details.language-menu > summary").click()
    with page.expect_navigation():
        french.click()
    assert page.url == site.url("/fr/search?q=bridge+cables")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.locator("#search-q").input_value() == "bridge cables"
    expect(page.locator("label[for=search-q]")).to_have_text("Mots à chercher")
    assert page.locator("main article.card").count() == hits
    context.close()


@pytest.mark.parametrize(
    ("accept", "lang"),
    [("de-DE,de;q=0.9,en;q=0.5", "de"), ("es-MX,es;q=0.9", "es"), ("ja,ko;q=0.8", "en")],
)
def test_browser_language_picks_the_home_page(
    browser: Browser, site: ThreadedServer, accept: str, lang: str
) -> None:
    context = browser.new_context(extra_http_headers={"Accept-Language": accept})
    page = context.new_page()
    page.goto(site.url("/"), wait_until="networkidle")
    assert page.url == site.url(f"/{lang}/")
    assert page.locator("html").get_attribute("lang") == lang
    home = {"de": "Startseite", "es": "Inicio", "en": "Home"}[lang]
    expect(page.locator(f"header nav:not(.language-switcher) a[href='/{lang}/']")).to_have_text(
        home
    )
    context.close()


def test_german_masthead_fits_a_phone(browser: Browser, site: ThreadedServer) -> None:
    """German labels are the longest: at 360 px every masthead link is still on screen."""
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(site.url("/de/sources"), wait_until="networkidle")
    expect(page.locator(GERMAN_SOURCES)).to_have_text("Quellen")
    assert page.evaluate(CUT_MASTHEAD_LINKS) == []
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
    context.close()
