"""Search in Debian's Chromium: a misspelt query typed into the search box shows the
corrected query's results, and the reader can follow either search."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.conftest import WIDTHS
from tests.browser.page_types import serve
from tests.demo_site import DemoSite
from tests.servers import ThreadedServer

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(demo: DemoSite) -> Iterator[ThreadedServer]:
    with serve(demo) as server:
        yield server


def test_a_misspelt_query_is_corrected_and_either_search_can_be_followed(
    browser: Browser, site: ThreadedServer
) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(site.url("/en/search"), wait_until="networkidle")
    page.get_by_label("Words to find").fill("brige corosion")
    with page.expect_navigation():
        page.get_by_label("Words to find").press("Enter")
    line = page.locator("p.search-spelling")
    expect(line).to_have_text(
        "Showing results for bridge corrosion. Search instead for brige corosion."
    )
    expect(page.locator(".search-results h3.card-title").first).to_contain_text("Calder Bridge")
    with page.expect_navigation():
        line.get_by_role("link", name="brige corosion").click()
    expect(page.locator(".empty h2")).to_have_text("Nothing found")
    expect(page.locator("p.search-spelling")).to_have_text("Did you mean: bridge corrosion?")
    with page.expect_navigation():
        page.locator("p.search-spelling").get_by_role("link", name="bridge corrosion").click()
    assert page.url == site.url("/en/search?q=bridge+corrosion")
    expect(page.locator("p.search-spelling")).to_have_count(0)
    expect(page.locator(".search-results h3.card-title").first).to_contain_text("Calder Bridge")
    context.close()


@pytest.mark.parametrize("width", ["desktop", "mobile"])
def test_screenshot_of_a_corrected_search(
    browser: Browser, site: ThreadedServer, shots: Path, width: str
) -> None:
    w, h = WIDTHS[width]
    context = browser.new_context(viewport={"width": w, "height": h})
    page = context.new_page()
    page.goto(site.url("/en/search?q=storm+damige"), wait_until="networkidle")
    expect(page.locator("p.search-spelling")).to_contain_text("Showing results for storm damage")
    page.screenshot(path=str(shots / f"search-corrected-{width}.png"), full_page=True)
    context.close()
