"""The web application: server-rendered pages over the repository."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, PlainTextResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from tidings import __version__
from tidings.config import Settings
from tidings.store import SqlRepository, open_repository
from tidings.web.ai_cache import StoreAiCache
from tidings.web.security import SecurityHeaders
from tidings.web.views import ai as ai_views
from tidings.web.views import article, feeds, home, search, sources, story, topics, websub

log = logging.getLogger(__name__)

_HERE = Path(__file__).parent
SUPPORTED_LANGUAGES = ("en",)


def _utcnow() -> datetime:
    return datetime.now(UTC)


def create_app(
    settings: Settings,
    *,
    repository: SqlRepository | None = None,
    ingest: bool = False,
    clock: Callable[[], datetime] = _utcnow,
) -> FastAPI:
    """Build the site. With ``ingest`` the app also runs scheduled ingest in-process."""
    repo = repository or open_repository(settings)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        task: asyncio.Task[None] | None = None
        if ingest:
            from tidings.jobs import run_scheduler

            task = asyncio.create_task(run_scheduler(repo, settings, clock=clock))
        try:
            yield
        finally:
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task

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
    templates = Jinja2Templates(directory=str(_HERE / "templates"))
    templates.env.globals["site_name"] = settings.site_name
    templates.env.globals["version"] = __version__
    app.state.templates = templates

    app.add_middleware(SecurityHeaders)
    app.mount("/static", StaticFiles(directory=str(_HERE / "static")), name="static")

    @app.api_route("/", methods=["GET", "HEAD"], include_in_schema=False)
    def root() -> RedirectResponse:
        return RedirectResponse(f"/{settings.default_language}/", status_code=307)

    @app.api_route("/healthz", methods=["GET", "HEAD"], include_in_schema=False)
    def healthz() -> PlainTextResponse:
        repo.count_articles()
        return PlainTextResponse("ok")

    app.include_router(home.router)
    app.include_router(ai_views.router)
    app.include_router(article.router)
    app.include_router(story.router)
    app.include_router(topics.router)
    app.include_router(feeds.router)
    app.include_router(search.router)
    app.include_router(sources.router)
    app.include_router(websub.router)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> HTMLResponse:
        title = "Page not found" if exc.status_code == 404 else "Something went wrong"
        return templates.TemplateResponse(
            request,
            "error.html",
            {"lang": "en", "status": exc.status_code, "title": title, "detail": exc.detail},
            status_code=exc.status_code,
        )

    @app.exception_handler(Exception)
    async def server_error(request: Request, exc: Exception) -> HTMLResponse:
        log.exception("error serving %s", request.url.path, exc_info=exc)
        return templates.TemplateResponse(
            request,
            "error.html",
            {"lang": "en", "status": 500, "title": "Something went wrong", "detail": None},
            status_code=500,
        )

    return app
