"""The installable app in Debian's Chromium: install checks, offline reading, keyboard,
themes and narrow screens, with screenshots (see conftest.py for where they go)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.browser.conftest import CHROMIUM
from tests.demo_site import DemoSite
from tests.localserver import LocalServer, Reply
from tests.servers import ThreadedServer
from tidings.ingest import article_id
from tidings.models import Article, ExtractedArticle, FeedEntry, Image
from tidings.store import NewEntry
from tidings.web import create_app

pytestmark = pytest.mark.browser

NARROW = (360, 740)
STATIC = Path(__file__).resolve().parents[2] / "src" / "tidings" / "web" / "static"
PICTURED_AT = datetime(2020, 1, 1, tzinfo=UTC)  # long ago: no other test's lists see it
BOXES = (".lead-figure", ".story-body")
DESKTOP = (1280, 900)
LIGHT_BG = "rgb(246, 247, 249)"
DARK_BG = "rgb(17, 20, 24)"


@pytest.fixture(scope="module")
def articles(demo: DemoSite) -> list[Article]:
    """Three demo articles with full text, newest first."""
    found = [a for a in demo.repository.articles.latest_articles(limit=200) if a.html and a.title]
    assert len(found) >= 3
    return found[:3]


@pytest.fixture(scope="module")
def site(demo: DemoSite, articles: list[Article]) -> Iterator[ThreadedServer]:
    with ThreadedServer(create_app(demo.settings, repository=demo.repository)) as server:
        yield server


def _context(
    browser: Browser,
    size: tuple[int, int],
    *,
    color_scheme: Literal["light", "dark"] = "light",
    java_script_enabled: bool = True,
) -> BrowserContext:
    context = browser.new_context(
        viewport={"width": size[0], "height": size[1]},
        color_scheme=color_scheme,
        java_script_enabled=java_script_enabled,
    )
    context.set_default_timeout(10_000)
    return context


def _page(context: BrowserContext, problems: list[str]) -> Page:
    page = context.new_page()
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    return page


def _worker_ready(page: Page) -> None:
    """Wait until the service worker is active and controls the page."""
    page.evaluate("navigator.serviceWorker.ready")
    page.wait_for_function(
        "navigator.serviceWorker.controller && navigator.serviceWorker.controller.state === 'activated'"
    )


def _cached(page: Page, cache: str) -> list[str]:
    paths: list[str] = page.evaluate(
        """name => caches.open(name).then(c => c.keys())
             .then(keys => keys.map(r => new URL(r.url).pathname))""",
        cache,
    )
    return paths


def test_installable(browser: Browser, site: ThreadedServer, tmp_path: Path) -> None:
    # A profile on disk: Chromium never offers to install from an incognito one, which
    # is what browser.new_context() gives.
    context = browser.browser_type.launch_persistent_context(
        tmp_path / "profile",
        executable_path=CHROMIUM,
        args=["--headless", "--no-sandbox", "--disable-background-networking", "--disable-gpu"],
        viewport={"width": DESKTOP[0], "height": DESKTOP[1]},
    )
    context.set_default_timeout(10_000)
    problems: list[str] = []
    page = _page(context, problems)
    page.goto(site.url("/en/"), wait_until="networkidle")
    _worker_ready(page)
    cdp = context.new_cdp_session(page)
    manifest = cdp.send("Page.getAppManifest")
    assert manifest["errors"] == []
    assert manifest["url"].endswith("/manifest.webmanifest")
    assert cdp.send("Page.getInstallabilityErrors")["installabilityErrors"] == []
    scope = page.evaluate("navigator.serviceWorker.ready.then(r => r.scope)")
    assert scope == site.url("/")
    assert problems == []
    context.close()


def test_reading_offline(
    browser: Browser, site: ThreadedServer, articles: list[Article], shots: Path
) -> None:
    saved, recent, unvisited = articles
    context = _context(browser, NARROW)
    problems: list[str] = []
    page = _page(context, problems)
    page.goto(site.url("/en/"), wait_until="networkidle")
    _worker_ready(page)

    page.goto(site.url(f"/en/article/{saved.id}"), wait_until="networkidle")
    button = page.locator("button.save-offline")
    expect(button).to_have_text("Save for offline")
    button.click()
    expect(button).to_have_text("Remove from offline")
    assert _cached(page, "tidings-saved") == [f"/en/article/{saved.id}"]
    page.goto(site.url(f"/en/article/{recent.id}"), wait_until="networkidle")
    page.wait_for_function(
        """path => caches.open("tidings-recent").then(c => c.match(path)).then(Boolean)""",
        arg=f"/en/article/{recent.id}",
    )
    # The saved article is kept apart from the recent ones: take it out of those.
    page.evaluate(
        "path => caches.open('tidings-recent').then(c => c.delete(path))",
        f"/en/article/{saved.id}",
    )

    context.set_offline(True)
    notice = page.locator(".offline-notice")
    expect(notice).to_be_visible()
    expect(notice).to_have_attribute("role", "status")
    for article in (saved, recent):
        page.goto(site.url(f"/en/article/{article.id}"))
        expect(page.locator("h1")).to_have_text(article.title)
        expect(page.locator(".offline-notice")).to_be_visible()
        # The stylesheet came from the precached shell.
        assert (
            page.locator(".masthead-inner").evaluate("e => getComputedStyle(e).display") == "flex"
        )
    expect(page.locator("button.save-offline")).to_have_text("Save for offline")

    page.goto(site.url(f"/en/article/{unvisited.id}"))
    expect(page.locator("h1")).to_have_text("Offline reading")
    expect(page.locator(".offline-notice")).to_be_visible()
    saved_list = page.locator('ul[data-cache="saved"] li a')
    expect(saved_list).to_have_count(1)
    expect(saved_list.first).to_have_attribute("href", f"/en/article/{saved.id}")
    expect(saved_list.first).to_have_text(saved.title)
    assert page.locator('ul[data-cache="saved"] li span').first.inner_text().strip()
    recent_list = page.locator('ul[data-cache="recent"] li a')
    expect(recent_list.first).to_have_attribute("href", f"/en/article/{recent.id}")
    assert page.evaluate("document.documentElement.scrollWidth") <= NARROW[0]
    page.screenshot(path=str(shots / "offline-mobile.png"), full_page=True)
    # An offline list link opens the kept page.
    saved_list.first.click()
    expect(page.locator("h1")).to_have_text(saved.title)

    context.set_offline(False)
    page.reload(wait_until="networkidle")
    expect(page.locator(".offline-notice")).to_be_hidden()
    # Removing it from the article page empties the saved cache.
    page.locator("button.save-offline").click()
    expect(page.locator("button.save-offline")).to_have_text("Save for offline")
    assert _cached(page, "tidings-saved") == []
    assert [p for p in problems if "ERR_INTERNET_DISCONNECTED" not in p] == []
    context.close()


def test_keyboard_shortcuts(browser: Browser, site: ThreadedServer) -> None:
    context = _context(browser, DESKTOP)
    problems: list[str] = []
    page = _page(context, problems)
    page.goto(site.url("/en/latest"), wait_until="networkidle")
    cards = page.locator("article.card, article.story-card")
    assert cards.count() >= 10
    focused_card = "document.activeElement.closest('article.card, article.story-card')"
    card_index = f"[...document.querySelectorAll('article.card, article.story-card')].indexOf({focused_card})"

    page.keyboard.press("j")
    assert page.evaluate(card_index) == 0
    assert page.evaluate("document.activeElement.matches('h3 a')")
    page.keyboard.press("j")
    page.keyboard.press("j")
    assert page.evaluate(card_index) == 2
    page.keyboard.press("k")
    assert page.evaluate(card_index) == 1
    for _ in range(8):
        page.keyboard.press("j")
    assert page.evaluate(card_index) == 9
    # The focused card was scrolled into view, below the sticky masthead.
    top, bottom = page.evaluate(
        f"(() => {{ const r = {focused_card}.getBoundingClientRect(); return [r.top, r.bottom]; }})()"
    )
    assert top >= 56 and bottom <= DESKTOP[1]
    # Focus is visible: a solid outline on the link.
    outline = page.evaluate(
        "(() => { const s = getComputedStyle(document.activeElement);"
        " return [s.outlineStyle, s.outlineWidth]; })()"
    )
    assert outline == ["solid", "3px"]
    # Enter opens it, as links do.
    href = page.evaluate("document.activeElement.getAttribute('href')")
    page.keyboard.press("Enter")
    page.wait_for_url(site.url(href))

    # "?" shows the help; Esc closes it.
    page.keyboard.press("?")
    dialog = page.locator("dialog.shortcuts")
    expect(dialog).to_be_visible()
    assert dialog.locator("kbd").count() >= 5
    page.keyboard.press("j")  # ignored while the help is open
    expect(dialog).to_be_visible()
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()

    # "/" goes to the search page where there is no search box, and focuses it where there is.
    page.keyboard.press("/")
    page.wait_for_url(site.url("/en/search"))
    page.wait_for_load_state("networkidle")
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "search-q"
    # Typing is typing: letters in the box are not shortcuts.
    page.keyboard.type("j/k?")
    assert page.input_value("#search-q") == "j/k?"
    expect(dialog).to_be_hidden()
    # Nor are keys with a modifier.
    page.goto(site.url("/en/"), wait_until="networkidle")
    page.keyboard.press("Control+j")
    assert page.evaluate(focused_card) is None
    assert problems == []
    context.close()


def test_theme_toggle_and_system_dark(browser: Browser, site: ThreadedServer, shots: Path) -> None:
    context = _context(browser, DESKTOP, color_scheme="light")
    problems: list[str] = []
    page = _page(context, problems)
    page.goto(site.url("/en/"), wait_until="networkidle")
    background = "getComputedStyle(document.body).backgroundColor"
    assert page.evaluate(background) == LIGHT_BG
    toggle = page.locator("button.theme-toggle")
    expect(toggle).to_have_attribute("aria-label", "Colour theme: as on this device")
    toggle.click()
    expect(toggle).to_have_attribute("aria-label", "Colour theme: dark")
    assert page.evaluate(background) == DARK_BG
    # The choice outlives the page, and applies before app.js runs (theme.js in <head>).
    page.reload(wait_until="domcontentloaded")
    assert page.evaluate("document.documentElement.dataset.theme") == "dark"
    assert page.evaluate(background) == DARK_BG
    page.goto(site.url("/en/sources"), wait_until="networkidle")
    assert page.evaluate(background) == DARK_BG
    page.locator("button.theme-toggle").click()
    expect(page.locator("button.theme-toggle")).to_have_attribute(
        "aria-label", "Colour theme: light"
    )
    assert page.evaluate(background) == LIGHT_BG
    page.locator("button.theme-toggle").click()
    assert page.evaluate("document.documentElement.dataset.theme") is None
    assert page.evaluate("localStorage.getItem('tidings-theme')") is None
    # Back to the system's scheme, which follows it when it changes.
    page.emulate_media(color_scheme="dark")
    assert page.evaluate(background) == DARK_BG
    assert problems == []
    context.close()

    context = _context(browser, DESKTOP, color_scheme="dark")
    page = _page(context, problems)
    page.goto(site.url("/en/"), wait_until="networkidle")
    assert page.evaluate(background) == DARK_BG
    # Chosen light wins over a dark system.
    page.locator("button.theme-toggle").click()
    assert page.evaluate(background) == LIGHT_BG
    page.locator("button.theme-toggle").click()
    page.locator("button.theme-toggle").click()
    assert page.evaluate(background) == DARK_BG
    page.evaluate("for (const img of document.images) img.loading = 'eager'")
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(shots / "home-dark-desktop.png"))
    assert problems == []
    context.close()


def test_without_javascript_nothing_half_works(
    browser: Browser, site: ThreadedServer, articles: list[Article]
) -> None:
    context = _context(browser, NARROW, java_script_enabled=False)
    page = context.new_page()
    page.goto(site.url(f"/en/article/{articles[0].id}"))
    expect(page.locator("h1")).to_have_text(articles[0].title)
    for hidden in ("button.theme-toggle", "button.save-offline", "button.copy-link"):
        expect(page.locator(hidden)).to_be_hidden()
    expect(page.locator(".offline-notice")).to_be_hidden()
    expect(page.locator("dialog.shortcuts")).to_be_hidden()
    page.goto(site.url("/en/offline"))
    expect(page.locator("[data-offline-unsupported]")).to_be_visible()
    context.close()


@pytest.mark.parametrize(("width", "size"), [("narrow", NARROW), ("desktop", DESKTOP)])
def test_readable_from_360_px_to_desktop(
    browser: Browser,
    site: ThreadedServer,
    articles: list[Article],
    shots: Path,
    width: str,
    size: tuple[int, int],
) -> None:
    context = _context(browser, size)
    problems: list[str] = []
    page = _page(context, problems)
    page.goto(site.url("/en/"), wait_until="networkidle")
    story = page.locator("article.story-card h3 a").first.get_attribute("href")
    assert story
    pages = {
        "home": "/en/",
        "article": f"/en/article/{articles[0].id}",
        "story": story,
        "search": "/en/search?q=bridge",
        "sources": "/en/sources",
        "offline": "/en/offline",
    }
    for name, path in pages.items():
        page.goto(site.url(path), wait_until="networkidle")
        assert page.evaluate("document.documentElement.scrollWidth") <= size[0], name
        toggle = page.locator("button.theme-toggle").bounding_box()
        assert toggle and toggle["x"] + toggle["width"] <= size[0], name
        if width == "narrow" and name in ("home", "article", "story"):
            page.screenshot(path=str(shots / f"{name}-360.png"))
    assert problems == []
    context.close()


def test_signing_out_forgets_the_pages_kept_on_this_device(
    browser: Browser, site: ThreadedServer, articles: list[Article]
) -> None:
    context = _context(browser, NARROW)
    problems: list[str] = []
    page = _page(context, problems)
    page.goto(site.url("/en/signup"), wait_until="networkidle")
    _worker_ready(page)
    page.fill("input[name=username]", "leaving_reader")
    page.fill("input[name=password]", "a long enough passphrase")
    page.fill("input[name=password_again]", "a long enough passphrase")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state("networkidle")
    path = f"/en/article/{articles[0].id}"
    page.goto(site.url(path), wait_until="networkidle")
    page.wait_for_function(
        """path => caches.open("tidings-recent").then(c => c.match(path)).then(Boolean)""",
        arg=path,
    )
    page.goto(site.url("/en/account"), wait_until="networkidle")
    page.locator("form[action='/en/signout'] button").click()
    page.wait_for_url(site.url("/en/"))
    page.wait_for_load_state("networkidle")
    # What the device still keeps: the shell, and pages opened after signing out.
    kept: list[str] = page.evaluate(
        """async () => {
             const bodies = [];
             for (const name of await caches.keys()) {
               const cache = await caches.open(name);
               for (const request of await cache.keys()) {
                 bodies.push(await (await cache.match(request)).text());
               }
             }
             return bodies;
           }"""
    )
    assert kept and not [body for body in kept if "leaving_reader" in body]
    assert path not in _cached(page, "tidings-recent")
    assert problems == []
    context.close()


def _pictured_article(demo: DemoSite, photos: LocalServer) -> Article:
    """An article with a PNG lead image and a PNG in its body, served by ``photos``
    (the demo outlets draw SVG, which the media proxy refuses)."""
    png = (STATIC / "icons" / "icon-192.png").read_bytes()
    for name in ("lead.png", "inline.png"):
        photos.routes[f"/{name}"] = Reply(png, headers={"Content-Type": "image/png"})
    source = demo.repository.sources.add_source(photos.url("/feed.xml"), now=PICTURED_AT)
    url = photos.url("/news/pictured")
    aid = article_id(url)
    entry = FeedEntry(url=url, title="A pictured story", published=PICTURED_AT)
    demo.repository.articles.add_entries(source.id, [NewEntry(aid, url, entry)], now=PICTURED_AT)
    body = f'<p>Words before.</p><figure><img src="{photos.url("/inline.png")}" alt="x">'
    extracted = ExtractedArticle(
        title="A pictured story",
        text="Words before.",
        html=body + "</figure><p>Words after.</p>",
        lead_image=Image(photos.url("/lead.png"), alt="", width=192, height=192),
    )
    demo.repository.articles.save_extraction(aid, extracted, now=PICTURED_AT)
    return demo.repository.articles.get_article(aid)


def test_saved_articles_keep_their_images_through_the_media_proxy(
    browser: Browser, demo: DemoSite, local_server: LocalServer
) -> None:
    pictured = _pictured_article(demo, local_server)
    proxied = demo.settings.model_copy(update={"media_proxy": True})
    with ThreadedServer(create_app(proxied, repository=demo.repository)) as server:
        context = _context(browser, DESKTOP)
        problems: list[str] = []
        page = _page(context, problems)
        page.goto(server.url("/en/"), wait_until="networkidle")
        _worker_ready(page)
        path = f"/en/article/{pictured.id}"
        page.goto(server.url(path), wait_until="networkidle")
        sources = [page.locator(f"{box} img").get_attribute("src") for box in BOXES]
        assert all(src and src.startswith("/media/") for src in sources)
        page.locator("button.save-offline").click()
        expect(page.locator("button.save-offline")).to_have_text("Remove from offline")
        page.wait_for_function(
            """sources => caches.open('tidings-saved-media')
                 .then(c => Promise.all(sources.map(s => c.match(s))))
                 .then(found => found.every(Boolean))""",
            arg=sources,
        )
        # Nothing left in the browser's own HTTP cache: offline, the image can only come
        # from the service worker's copy.
        context.new_cdp_session(page).send("Network.clearBrowserCache")
        context.set_offline(True)
        page.goto(server.url(path))
        expect(page.locator("h1")).to_have_text(pictured.title or "")
        for box in BOXES:
            page.wait_for_function(
                "box => { const i = document.querySelector(box + ' img');"
                " return i.complete && i.naturalWidth > 0; }",
                arg=box,
            )
        context.set_offline(False)
        page.reload(wait_until="networkidle")
        page.locator("button.save-offline").click()
        expect(page.locator("button.save-offline")).to_have_text("Save for offline")
        assert _cached(page, "tidings-saved-media") == []
        # Saved again, then removed from the offline page: its images go with it.
        page.locator("button.save-offline").click()
        expect(page.locator("button.save-offline")).to_have_text("Remove from offline")
        page.wait_for_function(
            "() => caches.open('tidings-saved-media').then(c => c.keys()).then(k => k.length == 2)"
        )
        page.goto(server.url("/en/offline"), wait_until="networkidle")
        page.locator('ul[data-cache="saved"] li button').click()
        expect(page.locator('ul[data-cache="saved"] li')).to_have_count(0)
        page.wait_for_function(
            "() => caches.open('tidings-saved-media').then(c => c.keys()).then(k => k.length == 0)"
        )
        # The home page's demo pictures are SVG, which the proxy refuses (415).
        expected = ("ERR_INTERNET_DISCONNECTED", "status of 415")
        assert [p for p in problems if not any(e in p for e in expected)] == []
        context.close()
