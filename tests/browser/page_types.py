"""Every page type of the site, by name, with a URL over the demo data.

The accessibility, no-JavaScript, narrow-screen and screenshot modules all walk this
one list, so a new page type is added here once and every check covers it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from fastapi import FastAPI
from playwright.sync_api import Page

from tests.ai.openai_server import openai_server
from tests.demo_site import DemoSite
from tests.servers import ThreadedServer
from tidings.models import Article
from tidings.web import create_app

# A route that fails on purpose, so the 500 page can be looked at like any other page.
BROKEN_PATH = "/en/test-only/broken"

NAMES = (
    "home",
    "latest",
    "article",
    "story",
    "hashtag",
    "category",
    "source",
    "sources",
    "search",
    "ai",
    "ask",
    "story-ask",
    "translate",
    "signin",
    "signup",
    "offline",
    "404",
    "500",
)

QUESTION = "How+many+vehicles+use+the+bridge+a+day%3F"

# Links in the masthead that are cut off at the sides of the viewport (by their text).
CUT_MASTHEAD_LINKS = """() => Array.from(document.querySelectorAll('.masthead a'))
  .filter(a => a.checkVisibility() && !a.matches('.skip'))
  .filter(a => { const r = a.getBoundingClientRect(); return r.left < 0 || r.right > innerWidth; })
  .map(a => a.innerText)"""


@dataclass(frozen=True)
class PageType:
    name: str
    path: str
    status: int = 200


def bridge_article(demo: DemoSite) -> Article:
    """The Harbour Herald's bridge report: it has hashtags, a category, a story and an
    AI panel, so one article leads to every page type."""
    found = demo.bridge_report()
    assert found.story_id and found.category
    return found


def page_types(demo: DemoSite) -> dict[str, PageType]:
    """Every page type by name, with a URL that shows it over the demo data."""
    bridge = bridge_article(demo)
    slug, _display = demo.repository.stories.tags_of(bridge.id)[0]
    # A translation page exists for an article in another language than the page's (the
    # rule-based model's dictionary is English→German: its "English" keeps German words).
    german = next(
        a for a in demo.repository.articles.latest_articles(limit=1000) if a.language == "de"
    )
    found = [
        PageType("home", "/en/"),
        PageType("latest", "/en/latest"),
        PageType("article", f"/en/article/{bridge.id}"),
        PageType("story", f"/en/story/{bridge.story_id}"),
        PageType("hashtag", f"/en/hashtag/{slug}"),
        PageType("category", f"/en/category/{bridge.category}"),
        PageType("source", f"/en/source/{bridge.source_id}"),
        PageType("sources", "/en/sources"),
        PageType("search", "/en/search?q=bridge+cables"),
        PageType("ai", f"/en/article/{bridge.id}/ai"),
        PageType("ask", f"/en/article/{bridge.id}/ask?q={QUESTION}"),
        PageType("story-ask", f"/en/story/{bridge.story_id}/ask?q={QUESTION}"),
        PageType("translate", f"/en/article/{german.id}/translate"),
        PageType("signin", "/en/signin"),
        PageType("signup", "/en/signup"),
        PageType("offline", "/en/offline"),
        PageType("404", "/en/article/" + "f" * 32, status=404),
        PageType("500", BROKEN_PATH, status=500),
    ]
    assert tuple(p.name for p in found) == NAMES
    return {p.name: p for p in found}


def _broken() -> None:
    raise RuntimeError("a failure the tests asked for, to show the 500 page")


def app_with_broken_route(demo: DemoSite, model_server: str) -> FastAPI:
    """The demo site translating through ``model_server``, plus one route that always
    fails (for the 500 page)."""
    settings = demo.settings.model_copy(
        update={"ai_server_url": model_server, "ai_model": "tiny-translator"}
    )
    app = create_app(settings, repository=demo.repository)
    app.add_api_route(BROKEN_PATH, _broken, include_in_schema=False)
    return app


@contextmanager
def serve(demo: DemoSite) -> Iterator[ThreadedServer]:
    """The demo site with its broken route, on a free port; a translation page exists only
    where a translator does, so the rule-based model server of the AI tests translates."""
    with (
        openai_server() as model,
        ThreadedServer(app_with_broken_route(demo, model.base_url)) as server,
    ):
        yield server


def visit(page: Page, site: ThreadedServer, page_type: PageType) -> None:
    """Open one page type, check its status and wait until it settles."""
    response = page.goto(site.url(page_type.path), wait_until="networkidle")
    assert response is not None
    assert response.status == page_type.status, page_type.path
