"""The AI panel and the story brief in Debian's Chromium, with screenshots.

``make screenshots`` sets TIDINGS_SCREENSHOTS=docs/screenshots (article-ai-panel.png,
story-brief.png, story-brief-quake.png); otherwise they go to a temporary folder.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from tests.browser.conftest import WIDTHS
from tests.demo_site import DemoSite
from tests.servers import ThreadedServer
from tidings.models import Article
from tidings.web import create_app

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def bridge(demo: DemoSite) -> Article:
    """The Harbour Herald's bridge report, in the demo's harbour-bridge-closure story."""
    found = demo.bridge_report()
    assert found.story_id
    return found


@pytest.fixture(scope="module")
def site(demo: DemoSite, bridge: Article) -> Iterator[ThreadedServer]:
    with ThreadedServer(create_app(demo.settings, repository=demo.repository)) as server:
        yield server


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("mobile-screenshots")


def _open(browser: Browser, url: str, size: tuple[int, int]) -> tuple[Page, list[str]]:
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    context.set_default_timeout(10_000)
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.goto(url, wait_until="networkidle")
    return page, problems


def _shot(page: Page, selector: str, path: Path) -> None:
    """A screenshot of one element, without the sticky masthead over its top."""
    page.evaluate("document.querySelector('.masthead').style.position = 'static'")
    page.locator(selector).screenshot(path=str(path))
    page.evaluate("document.querySelector('.masthead').style.position = ''")


def _background(page: Page, selector: str) -> str:
    return str(page.locator(selector).evaluate("e => getComputedStyle(e).backgroundColor"))


@pytest.mark.parametrize("width", list(WIDTHS))
def test_key_point_click_highlights_its_sentence(
    browser: Browser, site: ThreadedServer, bridge: Article, shots: Path, scratch: Path, width: str
) -> None:
    page, problems = _open(browser, site.url(f"/en/article/{bridge.id}"), WIDTHS[width])
    points = page.locator("section.ai-panel ol.key-points li")
    assert 3 <= points.count() <= 5
    second = points.nth(1).locator("a.sentence-link")
    assert second.inner_text() == "2"
    anchor = (second.get_attribute("href") or "").split("#")[1]
    target = f".story-body [id='{anchor}']"
    before = _background(page, target)
    second.click()
    page.wait_for_function(f"location.hash === '#{anchor}'")
    after = _background(page, target)
    assert after != before and after not in ("rgba(0, 0, 0, 0)", "transparent")
    # The highlighted sentence is in view and is the point's own text.
    assert page.locator(target).is_visible()
    assert " ".join(page.locator(target).inner_text().split()) == " ".join(
        points.nth(1).locator(".point-text").inner_text().split()
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTHS[width][0]
    # The phone-width shots are looked at, not published.
    folder = shots if width == "desktop" else scratch
    _shot(page, "section.ai-panel", folder / "article-ai-panel.png")
    # Asking from the box shows a cited answer, in the panel.
    page.fill("#ai-question", "How many vehicles use the bridge a day?")
    page.click("form.ai-ask button")
    assert "38,000" in page.locator(".ai-answer .ai-citations").inner_text()
    assert problems == []
    page.context.close()


@pytest.mark.parametrize("width", list(WIDTHS))
def test_story_brief_shows_the_disagreement(
    browser: Browser, site: ThreadedServer, bridge: Article, shots: Path, scratch: Path, width: str
) -> None:
    page, problems = _open(browser, site.url(f"/en/story/{bridge.story_id}"), WIDTHS[width])
    brief = page.locator("section.story-brief")
    assert brief.locator("h2").inner_text() == "Story brief"
    disagreements = brief.locator("li.disagreement")
    assert disagreements.count() >= 1
    text = brief.locator(".brief-disagreements").inner_text()
    assert "38,000" in text and "45,000" in text
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTHS[width][0]
    folder = shots if width == "desktop" else scratch
    _shot(page, "section.story-brief", folder / "story-brief.png")
    # A cited outlet leads to its sentence, highlighted.
    link = brief.locator(".disagreement-values a").first
    anchor = (link.get_attribute("href") or "").split("#")[1]
    link.click()
    page.wait_for_load_state("networkidle")
    target = page.locator(f".story-body [id='{anchor}']")
    assert target.evaluate("e => getComputedStyle(e).backgroundColor") not in (
        "rgba(0, 0, 0, 0)",
        "transparent",
    )
    assert problems == []
    page.context.close()


def test_the_quake_brief_sets_the_french_magnitude_against_the_english_one(
    browser: Browser, demo: DemoSite, site: ThreadedServer, shots: Path
) -> None:
    """The Montvalès earthquake story: the French report's "4,9" and the English reports'
    5.0 are one quantity written two ways, so the brief shows where they disagree."""
    french = next(
        a for a in demo.repository.articles.latest_articles(limit=1000) if "4,9" in (a.title or "")
    )
    assert french.story_id
    page, problems = _open(browser, site.url(f"/en/story/{french.story_id}"), WIDTHS["desktop"])
    brief = page.locator("section.story-brief")
    quake = brief.locator("li.disagreement").filter(has_text="4,9")
    assert quake.locator(".disagreement-subject").inner_text() == "Magnitude"
    values = quake.locator(".disagreement-values li").all_inner_texts()
    assert len(values) == 2 and "Westmarch News" in values[1]
    assert values[1].replace(",", ".").startswith("5.0")
    _shot(page, "section.story-brief", shots / "story-brief-quake.png")
    assert problems == []
    page.context.close()
