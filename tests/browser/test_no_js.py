"""Every page type with JavaScript turned off: the content is there and every control works.

app.js only enhances: buttons it wires up stay hidden without it, and navigation,
paging, search and questions are plain links and GET forms.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page

from tests.browser.conftest import WIDTHS
from tests.browser.page_types import NAMES, PageType, page_types, serve, visit
from tests.demo_site import DemoSite
from tests.servers import ThreadedServer

pytestmark = pytest.mark.browser

# A visible <button> outside a <form> needs a script to do anything.
DEAD_BUTTONS = """() => Array.from(document.querySelectorAll('button'))
  .filter(b => b.checkVisibility() && !b.form)
  .map(b => b.outerHTML.slice(0, 120))"""


@pytest.fixture(scope="module")
def pages(demo: DemoSite) -> dict[str, PageType]:
    return page_types(demo)


@pytest.fixture(scope="module")
def site(demo: DemoSite, pages: dict[str, PageType]) -> Iterator[ThreadedServer]:
    with serve(demo) as server:
        yield server


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    size = WIDTHS["mobile"]
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": size[0], "height": size[1]}
    )
    context.set_default_timeout(10_000)
    yield context
    context.close()


def _cards(page: Page) -> int:
    return page.locator("main article.card, main article.story-card").count()


@pytest.mark.parametrize("name", NAMES)
def test_page_reads_without_javascript(
    context: BrowserContext, site: ThreadedServer, pages: dict[str, PageType], name: str
) -> None:
    page = context.new_page()
    visit(page, site, pages[name])
    heading = page.locator("main h1")
    assert heading.count() == 1 and heading.inner_text().strip()
    assert len(page.locator("main").inner_text().split()) >= 5
    # The masthead's links lead on without a script.
    assert page.locator("nav[aria-label=Main] a").count() >= 3
    assert page.evaluate(DEAD_BUTTONS) == []
    if name in ("home", "latest", "hashtag", "category", "source", "search"):
        assert _cards(page) >= 1
    if name == "article":
        assert len(page.locator(".story-body").inner_text().split()) >= 50
    if name == "story":
        assert page.locator("section.outlet-group").count() >= 2
    if name == "sources":
        assert page.locator("table.sources tbody tr").count() >= 5
    if name == "ai":
        assert page.locator("ol.key-points li").count() >= 3


def test_older_and_newest_links_page_through_the_latest_list(
    context: BrowserContext, site: ThreadedServer
) -> None:
    # The front page is one page (issue #20); Latest is the list that pages.
    page = context.new_page()
    page.goto(site.url("/en/latest"))
    first = page.locator("main .card-list article.card h3").all_inner_texts()
    with page.expect_navigation():
        page.locator("nav.pager a[rel=next]").click()
    assert "before=" in page.url
    older = page.locator("main .card-list article.card h3").all_inner_texts()
    assert older and not set(older) & set(first)
    with page.expect_navigation():
        page.locator("nav.pager a", has_text="Newest").click()
    assert page.locator("main .card-list article.card h3").all_inner_texts() == first


def test_search_form_submits_without_javascript(
    context: BrowserContext, site: ThreadedServer
) -> None:
    page = context.new_page()
    page.goto(site.url("/en/"))
    page.locator("details.site-menu > summary").click()  # a phone: the links fold into a menu
    with page.expect_navigation():
        page.locator("nav[aria-label=Main] a[href$='/search']").click()
    page.fill("#search-q", "bridge cables")
    with page.expect_navigation():
        page.locator("form.search-form button[type=submit]").click()
    assert "q=bridge+cables" in page.url
    assert _cards(page) >= 1
    assert page.locator("p.search-snippet mark").count() >= 1


def test_question_form_answers_without_javascript(
    context: BrowserContext, site: ThreadedServer, pages: dict[str, PageType]
) -> None:
    page = context.new_page()
    visit(page, site, pages["ai"])
    page.fill("form.ai-ask input[name=q]", "How many vehicles use the bridge a day?")
    with page.expect_navigation():
        page.locator("form.ai-ask button[type=submit]").click()
    assert "/ask?q=" in page.url
    assert "38,000" in page.locator(".ai-answer").inner_text()
