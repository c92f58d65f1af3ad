"""A screenshot of every page type at desktop and phone width, for people to look at.

``make screenshots`` writes them to docs/screenshots/ as ``<type>-desktop.png`` and
``<type>-mobile.png``; otherwise they go to a temporary folder. Long pages are cut at
MAX_HEIGHT so the files stay small enough to read.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from tests.browser.conftest import WIDTHS
from tests.browser.page_types import NAMES, PageType, page_types, serve, visit
from tests.demo_site import DemoSite
from tests.servers import ThreadedServer

pytestmark = pytest.mark.browser

MAX_HEIGHT = 2400


@pytest.fixture(scope="module")
def pages(demo: DemoSite) -> dict[str, PageType]:
    return page_types(demo)


@pytest.fixture(scope="module")
def site(demo: DemoSite, pages: dict[str, PageType]) -> Iterator[ThreadedServer]:
    with serve(demo) as server:
        yield server


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("name", NAMES)
def test_screenshot(
    browser: Browser,
    site: ThreadedServer,
    pages: dict[str, PageType],
    shots: Path,
    name: str,
    width: str,
) -> None:
    size = WIDTHS[width]
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    context.set_default_timeout(10_000)
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda e: problems.append(str(e)))
    visit(page, site, pages[name])
    # Lazy images below the fold load only when scrolled to; load them for the shot.
    page.evaluate("for (const img of document.images) img.loading = 'eager'")
    page.wait_for_load_state("networkidle")
    broken = page.evaluate(
        "Array.from(document.images).filter(i => i.complete && i.naturalWidth === 0)"
        ".map(i => i.src)"
    )
    height = min(int(page.evaluate("document.documentElement.scrollHeight")), MAX_HEIGHT)
    path = shots / f"{name}-{width}.png"
    page.screenshot(
        path=str(path), full_page=True, clip={"x": 0, "y": 0, "width": size[0], "height": height}
    )
    context.close()
    assert path.stat().st_size > 5_000
    assert broken == [] and problems == []
