"""The site on a phone (issue #20, point 3), measured in Chromium at 390 x 844: the masthead
is one row of at most 64 px, every control in it and in the article's header is at least
44 px square, the languages and the main links open from one button each, and no page
scrolls sideways."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import WIDTHS
from tests.browser.page_types import PageType, page_types, serve, visit
from tests.demo_site import DemoSite
from tests.servers import ThreadedServer

pytestmark = pytest.mark.browser

PHONE = WIDTHS["mobile"]
# What a reader taps: the masthead's controls and the article's own (its numbered
# sentence links are 24 px targets with room around them, WCAG 2.5.8, and text links
# inside sentences are exempt).
TAP_TARGETS = (
    ".masthead a, .masthead summary, .masthead button, .story-header a, .story-header button, "
    ".hashtags a, .comments a, .comments button, .comments summary"
)
SMALL_TARGETS = """selector => Array.from(document.querySelectorAll(selector))
  .filter(e => e.checkVisibility() && !e.matches('.skip'))
  .map(e => { const r = e.getBoundingClientRect();
              return [(e.innerText || e.getAttribute('aria-label') || e.className).trim(),
                      Math.round(r.width), Math.round(r.height)]; })
  .filter(([, w, h]) => w < 44 || h < 44)"""


@pytest.fixture(scope="module")
def pages(demo: DemoSite) -> dict[str, PageType]:
    return page_types(demo)


@pytest.fixture(scope="module")
def site(demo: DemoSite, pages: dict[str, PageType]) -> Iterator[ThreadedServer]:
    with serve(demo) as server:
        yield server


def _phone(browser: Browser) -> Page:
    context = browser.new_context(viewport={"width": PHONE[0], "height": PHONE[1]})
    context.set_default_timeout(10_000)
    return context.new_page()


def _masthead_height(page: Page) -> float:
    box = page.locator("header.masthead").bounding_box()
    assert box
    return box["height"]


@pytest.mark.parametrize("name", ["home", "article", "story", "search", "latest", "sources"])
def test_one_row_masthead_and_no_sideways_scroll(
    browser: Browser, site: ThreadedServer, pages: dict[str, PageType], name: str
) -> None:
    page = _phone(browser)
    visit(page, site, pages[name])
    assert _masthead_height(page) <= 64
    # Brand, languages, theme, account and menu share the row: the same top.
    tops = page.evaluate(
        """() => Array.from(document.querySelectorAll(
             '.masthead-inner > .brand, .masthead-inner > details > summary,'
             + ' .masthead-inner > .theme-toggle, .masthead-inner > .account-link'))
           .filter(e => e.checkVisibility()).map(e => Math.round(e.getBoundingClientRect().top))"""
    )
    assert len(tops) == 5 and max(tops) - min(tops) <= 8, tops
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE[0]
    page.context.close()


def test_every_tap_target_of_the_article_is_44_px(
    browser: Browser, site: ThreadedServer, pages: dict[str, PageType]
) -> None:
    page = _phone(browser)
    visit(page, site, pages["article"])
    assert page.evaluate(SMALL_TARGETS, TAP_TARGETS) == []
    # The menus' links too, once open.
    for menu in ("details.language-menu", "details.site-menu"):
        page.locator(f"{menu} > summary").click()
        expect(page.locator(f"{menu} nav a").first).to_be_visible()
        assert page.evaluate(SMALL_TARGETS, f"{menu} nav a") == []
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE[0]
    page.context.close()


# Everything a reader taps on the list pages: headlines, "Full coverage", "More in …",
# section titles, feed links, search filters, outlets, the pager. Checked by height: a short
# word ("RSS") may be narrower, with room around it.
LIST_TARGETS = """() => Array.from(document.querySelectorAll(
    'main a, main button, main summary, main input:not([type=hidden]), main select'))
  .filter(e => e.checkVisibility() && !e.closest('.article-body'))
  .map(e => { const r = e.getBoundingClientRect();
              return [(e.innerText || e.getAttribute('aria-label') || e.className).trim(),
                      Math.round(r.width), Math.round(r.height)]; })
  .filter(([, w, h]) => h < 44 || w < 24)"""


@pytest.mark.parametrize("name", ["home", "story", "search", "latest", "sources"])
def test_every_tap_target_of_the_list_pages_is_44_px_tall(
    browser: Browser, site: ThreadedServer, pages: dict[str, PageType], name: str
) -> None:
    page = _phone(browser)
    visit(page, site, pages[name])
    if name == "search":
        page.locator("details.search-filters > summary").click()
    assert page.evaluate(LIST_TARGETS) == []
    page.context.close()


def test_menus_open_from_one_button_each_and_one_at_a_time(
    browser: Browser, site: ThreadedServer, pages: dict[str, PageType], shots: Path
) -> None:
    page = _phone(browser)
    visit(page, site, pages["article"])
    languages = page.locator("nav.language-switcher a")
    main = page.locator("nav[aria-label=Main] a")
    expect(languages.first).to_be_hidden()
    expect(main.first).to_be_hidden()
    # Keyboard: the summary is a button; Enter opens it and says so.
    page.locator("details.language-menu > summary").focus()
    page.keyboard.press("Enter")
    expect(page.locator("details.language-menu")).to_have_attribute("open", "")
    expect(languages.filter(has_text="Deutsch")).to_be_visible()
    page.screenshot(path=str(shots / "languages-menu-phone.png"))
    # Opening the main menu closes the languages (one name, one open menu).
    page.locator("details.site-menu > summary").click()
    expect(main.filter(has_text="Latest")).to_be_visible()
    expect(languages.first).to_be_hidden()
    # The open menu lies inside the screen.
    box = page.locator("details.site-menu nav").bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE[0]
    page.context.close()


def test_desktop_keeps_the_main_links_in_the_row(
    browser: Browser, site: ThreadedServer, pages: dict[str, PageType]
) -> None:
    width, height = WIDTHS["desktop"]
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    visit(page, site, pages["article"])
    expect(page.locator("details.site-menu > summary")).to_be_hidden()
    for word in ("Home", "Latest", "Search", "Sources"):
        expect(page.locator("nav[aria-label=Main] a", has_text=word)).to_be_visible()
    assert _masthead_height(page) <= 64
    context.close()
