"""Home, article and story pages in Debian's Chromium (Playwright), with screenshots.

``make screenshots`` sets TIDINGS_SCREENSHOTS=docs/screenshots; otherwise they go to a
temporary folder. Chromium must be /usr/bin/chromium (``make test`` installs it).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import WIDTHS
from tests.demo_site import DemoSite
from tests.servers import ThreadedServer
from tidings.demo import load_catalog
from tidings.models import Story
from tidings.store import StoryPlacement
from tidings.web import create_app

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def story_id(demo: DemoSite) -> str:
    """The widest story of 3+ outlets the story stage made; without one (the stage off or
    not there yet) the demo's widest story by its ground truth, placed directly."""
    repo = demo.repository
    found = repo.stories.recent_stories(
        since=demo.clock.now - timedelta(days=30), min_outlets=3, limit=1
    )
    if found:
        return found[0].id
    stored = {a.title: a for a in repo.articles.latest_articles(limit=1000)}
    groups = [
        [stored[a.title] for a in group if a.title in stored]
        for group in load_catalog().stories().values()
    ]
    members = max(groups, key=lambda g: (len({a.source_id for a in g}), len(g)))
    members.sort(key=lambda a: (a.sort_time, a.id))
    times = [a.sort_time for a in members if a.sort_time]
    story = Story(
        members[0].id,
        members[0].title,
        min(times),
        max(times),
        len(members),
        len({a.source_id for a in members}),
    )
    assert story.outlet_count >= 3
    repo.stories.save_placements(
        [StoryPlacement(a.id, story) for a in members],
        now=demo.clock.now,
        related_limit=demo.settings.related_limit,
        per_outlet=2,
    )
    return story.id


@pytest.fixture(scope="module")
def site(demo: DemoSite, story_id: str) -> Iterator[ThreadedServer]:
    with ThreadedServer(create_app(demo.settings, repository=demo.repository)) as server:
        yield server


def _open(browser: Browser, url: str, size: tuple[int, int]) -> tuple[Page, list[str]]:
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    context.set_default_timeout(10_000)
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.goto(url, wait_until="networkidle")
    return page, problems


@pytest.mark.parametrize("width", list(WIDTHS))
def test_home(browser: Browser, site: ThreadedServer, shots: Path, width: str) -> None:
    page, problems = _open(browser, site.url("/en/"), WIDTHS[width])
    assert page.title().startswith("Headlines")  # Latest is "Latest news" (issue #20)
    assert page.locator("article.story-card").count() >= 2
    first = page.locator("article.story-card").first
    assert first.locator("time").inner_text().endswith("ago")
    assert first.locator(".outlet-name").first.inner_text()
    # Nothing overflows sideways on a phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTHS[width][0]
    page.screenshot(path=str(shots / f"home-{width}.png"), full_page=False)
    assert problems == []
    page.context.close()


@pytest.mark.parametrize("width", list(WIDTHS))
def test_article(
    browser: Browser, site: ThreadedServer, demo: DemoSite, shots: Path, width: str
) -> None:
    expected = next(
        a
        for a in load_catalog().articles
        if not a.held_back
        and a.has_jsonld
        and a.article_type == "ReportageNewsArticle"
        and a.figures
    )
    stored = {a.title: a for a in demo.repository.articles.latest_articles(limit=1000)}[
        expected.title
    ]
    page, problems = _open(browser, site.url(f"/en/article/{stored.id}"), WIDTHS[width])
    assert page.locator("h1").inner_text() == expected.title
    assert "Based on facts" in page.locator(".type-label").inner_text()
    assert page.locator(".story-body figure figcaption").count() == len(expected.figures)
    assert page.locator(".lead-figure img").evaluate("img => img.complete && img.naturalWidth > 0")
    button = page.locator("button.copy-link")
    assert button.is_visible()  # app.js ran under the CSP
    button.click()
    expect(button).to_have_text("Link copied")
    assert page.evaluate("navigator.clipboard.readText()").endswith(f"/en/article/{stored.id}")
    assert page.locator("section.related article.card").count() >= 1
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTHS[width][0]
    # Lazy images below the fold load only when scrolled to; load them for the full-page shot.
    page.evaluate("for (const img of document.images) img.loading = 'eager'")
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(shots / f"article-{width}.png"), full_page=True)
    assert problems == []
    page.context.close()


def test_no_console_errors_on_sources_and_404(
    browser: Browser, site: ThreadedServer, shots: Path
) -> None:
    page, problems = _open(browser, site.url("/en/sources"), WIDTHS["desktop"])
    assert page.locator("table.sources tbody tr").count() == len(load_catalog().outlets)
    page.screenshot(path=str(shots / "sources-desktop.png"))
    page.goto(site.url("/en/source/1"), wait_until="networkidle")
    assert page.locator("dl.health").is_visible()
    assert page.locator("article.card").count() >= 5
    page.screenshot(path=str(shots / "source-desktop.png"))
    page.goto(site.url("/en/article/" + "f" * 32))
    assert "Page not found" in page.content()
    assert [p for p in problems if "404" not in p] == []
    page.context.close()


@pytest.mark.parametrize("width", list(WIDTHS))
def test_story(
    browser: Browser, site: ThreadedServer, demo: DemoSite, story_id: str, shots: Path, width: str
) -> None:
    story = demo.repository.stories.get_story(story_id)
    page, problems = _open(browser, site.url(f"/en/story/{story_id}"), WIDTHS[width])
    assert page.title().endswith(f"Full coverage · {demo.settings.site_name}")
    groups = page.locator("section.outlet-group")
    assert groups.count() == story.outlet_count >= 3
    assert page.locator("ol.timeline-list > li").count() >= story.outlet_count
    stamps = page.locator("ol.timeline-list time").evaluate_all(
        "times => times.map(t => t.getAttribute('datetime'))"
    )
    assert stamps == sorted(stamps)
    meters = page.locator("ul.type-mix-list meter")
    assert meters.count() >= 1
    assert sum(int(m.get_attribute("value") or 0) for m in meters.all()) == len(stamps)
    assert page.locator("li.headline-tile").count() == story.outlet_count
    # The bars are drawn: the stylesheet loaded under the CSP.
    assert meters.first.evaluate("m => m.getBoundingClientRect().width") > 50
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTHS[width][0]
    page.evaluate("for (const img of document.images) img.loading = 'eager'")
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(shots / f"story-{width}.png"), full_page=True)
    # From one of its articles, "Full coverage" leads back here.
    page.locator("a.coverage-headline").first.click()
    page.wait_for_load_state("networkidle")
    link = page.locator("p.full-coverage a")
    assert "Also covered by" in link.inner_text()
    link.click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith(f"/en/story/{story_id}")
    assert problems == []
    page.context.close()


def test_home_leads_with_top_stories(browser: Browser, site: ThreadedServer, shots: Path) -> None:
    page, problems = _open(browser, site.url("/en/"), WIDTHS["mobile"])
    cards = page.locator("section.top-stories article.story-card")
    assert 1 <= cards.count() <= 5
    first = cards.first
    assert first.locator(".story-reach").inner_text().endswith("outlets")
    assert first.locator(".story-card-headlines li").count() >= 1
    first.locator(".story-card-title a").click()
    page.wait_for_load_state("networkidle")
    assert "/en/story/" in page.url and page.locator("section.outlet-group").count() >= 2
    assert problems == []
    page.context.close()


@pytest.mark.parametrize("width", list(WIDTHS))
def test_hashtag_page_from_an_article(
    browser: Browser, site: ThreadedServer, demo: DemoSite, shots: Path, width: str
) -> None:
    bridge = demo.bridge_report()
    page, problems = _open(browser, site.url(f"/en/article/{bridge.id}"), WIDTHS[width])
    chips = page.locator("ul.hashtags a.chip")
    assert 3 <= chips.count() <= 8
    assert page.locator("a.category-link").count() == 1
    first = chips.first.inner_text()
    chips.first.click()
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text() == f"Latest news with {first}"
    assert page.locator("article.card").count() >= 1
    assert page.locator("link[rel=alternate][type='application/rss+xml']").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTHS[width][0]
    page.evaluate("for (const img of document.images) img.loading = 'eager'")
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(shots / f"hashtag-{width}.png"), full_page=False)
    assert problems == []
    page.context.close()


@pytest.mark.parametrize("width", list(WIDTHS))
def test_search_from_the_masthead(
    browser: Browser, site: ThreadedServer, shots: Path, width: str
) -> None:
    page, problems = _open(browser, site.url("/en/"), WIDTHS[width])
    if width == "mobile":  # on a phone the main links sit behind the menu button
        page.locator("details.site-menu > summary").click()
    page.locator("nav[aria-label=Main] a", has_text="Search").click()
    page.wait_for_load_state("networkidle")
    page.fill("#search-q", "bridge cables")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_load_state("networkidle")
    assert "q=bridge+cables" in page.url
    assert page.locator("article.card").count() >= 1
    assert page.locator("p.search-snippet mark").count() >= 1
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTHS[width][0]
    page.evaluate("for (const img of document.images) img.loading = 'eager'")
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(shots / f"search-{width}.png"), full_page=False)
    assert problems == []
    page.context.close()


def test_a_story_across_languages(
    browser: Browser, site: ThreadedServer, demo: DemoSite, shots: Path
) -> None:
    """Storm Odile, covered in English, German, French and Spanish, reads as one story
    (issue #14): its page lists the outlets of every language."""
    catalog = load_catalog()
    storm = {a.title for a in catalog.articles if a.story == "storm-odile"}
    stored = [a for a in demo.repository.articles.latest_articles(limit=1000) if a.title in storm]
    by_story: dict[str, set[str]] = {}
    for article in stored:
        by_story.setdefault(article.story_id or article.id, set()).add(article.language or "")
    story_id, languages = max(by_story.items(), key=lambda item: len(item[1]))
    assert {code[:2] for code in languages} >= {"en", "de", "fr", "es"}
    page, problems = _open(browser, site.url(f"/en/story/{story_id}"), WIDTHS["desktop"])
    outlets = page.locator("section.outlet-group h3").all_inner_texts()
    for name in ("Lindhavener Anzeiger", "Le Courrier des Rives", "El Faro de Puertalba"):
        assert any(name in text for text in outlets), (name, outlets)
    page.evaluate("for (const img of document.images) img.loading = 'eager'")
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(shots / "story-languages-desktop.png"), full_page=True)
    assert problems == []
    page.context.close()
