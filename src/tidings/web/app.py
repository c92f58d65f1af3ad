"""The web application: server-rendered pages over the repository."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime
from pathlib import Path

import anyio.to_thread
import jinja2
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, PlainTextResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from tidings import __version__
from tidings.api import install_api
from tidings.config import Settings
from tidings.pipeline.ai_cache import StoreAiCache
from tidings.pipeline.semantic_search import SemanticSearch
from tidings.store import Repository, open_repository
from tidings.web import i18n
from tidings.web.accounts import account_views, follow_views
from tidings.web.accounts.sessions import FORM_COOKIE, SESSION_COOKIE, install_accounts
from tidings.web.ai import ai_views
from tidings.web.comments import comment_views, moderation_views
from tidings.web.comments.threads import install_comments
from tidings.web.feeds import feed_views, websub_views
from tidings.web.http_cache import CacheHeaders, StaticAddresses
from tidings.web.i18n import jinja_env as i18n_jinja
from tidings.web.media import media_views
from tidings.web.media.image_links import install_media
from tidings.web.middleware.compression import Compression
from tidings.web.middleware.error_pages import CatchAll, ErrorPages
from tidings.web.middleware.page_cache import STALE_FACTOR, PageCache, PageCacheMiddleware
from tidings.web.middleware.request_limits import HeaderLimits
from tidings.web.middleware.security import SecurityHeaders, security_headers
from tidings.web.pages import article, for_you, home, pwa, search, sources, story, topics
from tidings.web.presentation.presenters import feed_format_name, outlet_about
from tidings.web.routing.view_context import StoryMoved
from tidings.web.seo import head, sitemap_views

_HERE = Path(__file__).parent


def _utcnow() -> datetime:
    return datetime.now(UTC)


def create_app(
    settings: Settings,
    *,
    repository: Repository | None = None,
    clock: Callable[[], datetime] = _utcnow,
) -> FastAPI:
    """Build the site. It only serves: scheduled ingest runs in a process of its own
    (``jobs.ingest_process``, started by ``tidings run`` and ``tidings demo``)."""
    repo = repository or open_repository(settings)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # Pages are rendered on threads; past the cores, more of them only take turns on
        # the interpreter lock (docs/serving.md has the measurements).
        anyio.to_thread.current_default_thread_limiter().total_tokens = settings.render_threads
        # Search by meaning reads its vectors on a thread of its own: no request waits.
        meaning = getattr(app.state, "semantic_search", None) or SemanticSearch(
            settings, store=repo.stories
        )
        app.state.semantic_search = meaning
        meaning.start()
        try:
            yield
        finally:
            meaning.close()

    app = FastAPI(
        title=settings.site_name,
        version=__version__,
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
    )
    app.state.settings = settings
    app.state.repository = repo
    app.state.clock = clock
    app.state.ai_cache = StoreAiCache(repo, clock)
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(_HERE / "templates")),
        autoescape=True,
        auto_reload=False,  # templates ship with the package: no stat() per render
        extensions=["jinja2.ext.i18n"],
    )
    i18n_jinja.install(env)  # before the languages' overlays, which copy its extensions
    templates = i18n_jinja.LanguageTemplates(env)
    head.install(templates.env)
    templates.env.globals["site_name"] = settings.site_name
    templates.env.globals["version"] = __version__
    # Assets are linked by a digest of their bytes, so they can be kept for a year.
    app.state.static_addresses = StaticAddresses(_HERE / "static")
    templates.env.globals["static_url"] = app.state.static_addresses.url
    templates.env.filters["feed_format"] = feed_format_name
    templates.env.globals["outlet_about"] = outlet_about
    app.state.templates = templates
    install_accounts(app, templates, settings, repo)
    install_media(app, templates.env, settings)
    install_comments(templates)
    install_api(app)  # the reader-app APIs (issue #18)

    app.add_middleware(SecurityHeaders, media_proxy=settings.media_proxy)
    # Outside the layers that add headers, so the pages it keeps carry every one.
    app.state.page_cache = PageCache(
        seconds=settings.page_cache_seconds,
        max_bytes=settings.page_cache_bytes,
        languages=i18n.LANGUAGES,
    )
    app.add_middleware(
        PageCacheMiddleware,
        cache=app.state.page_cache,
        languages=i18n.LANGUAGES,
        private_cookies=(SESSION_COOKIE, FORM_COOKIE),
    )
    # Outside the page cache: kept pages get the same rules as fresh ones.
    app.add_middleware(
        CacheHeaders,
        seconds=settings.page_cache_seconds,
        stale_factor=STALE_FACTOR,
        languages=i18n.LANGUAGES,
        private_cookies=(SESSION_COOKIE, FORM_COOKIE),
        static=app.state.static_addresses,
    )
    pages = ErrorPages(templates, settings)
    app.add_middleware(CatchAll, pages=pages)
    # Outside the page cache and the cache headers: they keep and label the plain answer;
    # error pages are compressed too.
    app.add_middleware(Compression)
    # Outermost: a request with too much header gets no further (docs/security.md).
    app.add_middleware(HeaderLimits, headers=security_headers(media_proxy=settings.media_proxy))
    app.mount("/static", StaticFiles(directory=str(_HERE / "static")), name="static")

    @app.api_route("/", methods=["GET", "HEAD"], include_in_schema=False)
    def root(request: Request) -> RedirectResponse:
        lang = i18n.choose_language(
            request.headers.get("accept-language"), settings.default_language
        )
        return RedirectResponse(f"/{lang}/", status_code=307, headers={"Vary": "Accept-Language"})

    @app.api_route("/healthz", methods=["GET", "HEAD"], include_in_schema=False)
    def healthz() -> PlainTextResponse:
        repo.articles.count_articles()
        return PlainTextResponse("ok")

    app.include_router(sitemap_views.router)
    app.include_router(home.router)
    app.include_router(ai_views.router)
    app.include_router(article.router)
    app.include_router(story.router)
    app.include_router(topics.router)
    app.include_router(feed_views.router)
    app.include_router(search.router)
    app.include_router(sources.router)
    app.include_router(websub_views.router)
    app.include_router(media_views.router)
    app.include_router(pwa.router)
    app.include_router(account_views.router)
    app.include_router(follow_views.router)
    app.include_router(for_you.router)
    app.include_router(comment_views.router)
    app.include_router(moderation_views.router)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> HTMLResponse:
        return pages.render(request, exc.status_code, exc.detail)

    @app.exception_handler(StoryMoved)
    async def story_moved(request: Request, exc: StoryMoved) -> RedirectResponse:
        return RedirectResponse(exc.url, status_code=301)

    return app
