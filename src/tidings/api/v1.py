"""A REST API at ``/v1`` compatible with Miniflux's (issue #18), for Miniflux clients
(Flux News, Microflux, Reeder's Miniflux account, the ``miniflux`` Python client).

A FastAPI app of its own mounted at ``/v1``, so that its OpenAPI document
(``/v1/openapi.json``) describes exactly this API while the site's pages have none.
Endpoints live in ``v1_feeds``, ``v1_categories``, ``v1_entries`` and ``v1_tidings``; this
module holds the account, the version, OPML, the error answers and the mounting.
"""

from __future__ import annotations

import platform
from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, Path, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from starlette.exceptions import HTTPException
from starlette.routing import Match

from tidings import __version__
from tidings.api.v1_categories import router as categories_router
from tidings.api.v1_common import ERRORS, Caller, V1Error, caller
from tidings.api.v1_entries import router as entries_router
from tidings.api.v1_feeds import router as feeds_router
from tidings.api.v1_json import user_json
from tidings.api.v1_tidings import router as tidings_router
from tidings.errors import FeedError, OpmlError
from tidings.pipeline.reader_feeds import (
    ListedFeed,
    NotAllowed,
    listed_source,
    read_listed_feeds,
    write_listed_feeds,
)

__all__ = ["MAX_OPML_BYTES", "install_v1"]

MAX_OPML_BYTES = 2 * 1024 * 1024
_HEADERS = {"Cache-Control": "no-store"}

router = APIRouter(tags=["account"], responses=ERRORS)
Who = Annotated[Caller, Depends(caller)]
_OBJECT: dict[str, Any] = {"type": "object"}


def _json(description: str) -> dict[int | str, dict[str, Any]]:
    return {200: {"description": description, "content": {"application/json": {"schema": _OBJECT}}}}


@router.get("/me", responses=_json("The account."), summary="Who the app password is")
def me(request: Request, who: Who) -> Any:
    """The reader's account."""
    return user_json(who.reader.user, language=request.app.state.settings.default_language)


@router.get("/version", responses=_json("Versions."), summary="The server's version")
def version(who: Who) -> dict[str, str]:
    """Tidings' version, in Miniflux's fields (``go_version`` names the Python running)."""
    return {
        "version": __version__,
        "commit": "",
        "build_date": "",
        "go_version": f"Python {platform.python_version()}",
        "compiler": platform.python_implementation(),
        "arch": platform.machine(),
        "os": platform.system().lower(),
    }


@router.put(
    "/users/{user_id:int}/mark-all-as-read", status_code=204, summary="Mark everything read"
)
def mark_user_read(who: Who, user_id: Annotated[int, Path(ge=1, le=2**63 - 1)]) -> Response:
    """Mark every subscription's articles read (only the caller's own account)."""
    if user_id != who.user_id:
        raise V1Error(403, "Only your own account")
    who.state.mark_read_before(who.user_id, who.now)
    return Response(status_code=204)


@router.get(
    "/export",
    summary="Subscriptions as OPML",
    responses={
        200: {"description": "OPML 2.0.", "content": {"text/xml": {"schema": {"type": "string"}}}}
    },
)
def export(request: Request, who: Who) -> Response:
    """The reader's subscriptions, each in its folder, as OPML 2.0."""
    feeds = [
        ListedFeed(s.feed_url, s.title, s.site_url, s.folder)
        for s in who.state.subscriptions(who.user_id)
    ]
    title = f"{request.app.state.settings.site_name}: {who.reader.user.username}"
    body = write_listed_feeds(feeds, title=title, created=who.now)
    return Response(body, media_type="text/xml; charset=utf-8", headers=_HEADERS)


@router.post(
    "/import",
    status_code=201,
    summary="Subscribe to an OPML file's feeds",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"text/xml": {"schema": {"type": "string"}}},
        }
    },
    responses={
        201: {"description": "Imported.", "content": {"application/json": {"schema": _OBJECT}}}
    },
)
async def import_opml(request: Request, who: Who) -> JSONResponse:
    """Subscribe to every feed of the file, each in its first folder. Feeds Tidings does
    not follow yet need an admin (403 otherwise); a bad file is a 400; either way nothing
    changes."""
    data = bytearray()
    async for chunk in request.stream():
        data += chunk
        if len(data) > MAX_OPML_BYTES:
            raise V1Error(413, f"An OPML file is at most {MAX_OPML_BYTES} bytes")
    try:
        feeds, _skipped = read_listed_feeds(bytes(data))
    except OpmlError as exc:
        raise V1Error(400, str(exc)) from exc
    new: list[str] = []
    for feed in feeds:
        try:
            listed_source(who.repo, feed.url, now=who.now, title=feed.title, may_add=False)
        except NotAllowed:
            new.append(feed.url)
        except FeedError as exc:
            raise V1Error(400, str(exc)) from exc
    if new and not who.is_admin:
        raise V1Error(403, f"Tidings does not follow {new[0]}; an administrator adds sources")
    for feed in feeds:
        source = listed_source(who.repo, feed.url, now=who.now, title=feed.title, may_add=True)
        who.state.subscribe(who.user_id, source.id, now=who.now, folder=feed.folder)
    return JSONResponse({"message": "Feeds imported successfully"}, status_code=201)


def _error(status: int, reason: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(
        {"error_message": reason}, status_code=status, headers={**_HEADERS, **(headers or {})}
    )


def _allowed(app: FastAPI, request: Request) -> list[str]:
    """Every method some route of ``app`` takes at this path (Starlette's 405 names only
    the first route's, where several share a path)."""
    scope = {**request.scope, "method": "GET"}
    methods: set[str] = set()
    for route in app.router.routes:
        if isinstance(route, APIRoute) and route.matches(scope)[0] is not Match.NONE:
            methods |= route.methods or set()
    return sorted(methods)


def build_v1(parent: FastAPI) -> FastAPI:
    """The ``/v1`` app, sharing the site's stores, settings and clock."""
    app = FastAPI(
        title=f"{parent.state.settings.site_name} API",
        version=__version__,
        summary="Miniflux-compatible REST API of Tidings",
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    for name in ("settings", "repository", "clock", "reader_state", "app_passwords", "ai_cache"):
        setattr(app.state, name, getattr(parent.state, name))

    @app.exception_handler(V1Error)
    async def v1_error(request: Request, exc: V1Error) -> JSONResponse:
        return _error(exc.status, exc.reason)

    @app.exception_handler(RequestValidationError)
    async def bad_input(request: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ()))
        return _error(400, f"{where}: {first.get('msg', 'invalid')}")

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> JSONResponse:
        reason = exc.detail if isinstance(exc.detail, str) else "Request refused"
        headers = dict(exc.headers or {})
        if exc.status_code == 405:
            headers["Allow"] = ", ".join(_allowed(app, request))
        return _error(exc.status_code, reason, headers)

    app.include_router(router)
    app.include_router(feeds_router)
    app.include_router(categories_router)
    app.include_router(entries_router)
    app.include_router(tidings_router)
    return app


def install_v1(parent: FastAPI) -> None:
    """Mount ``/v1`` and Miniflux's ``/healthcheck`` on the site."""

    @parent.get("/healthcheck", include_in_schema=False)
    def healthcheck() -> Response:
        parent.state.repository.articles.count_articles()
        return Response("OK", media_type="text/plain")

    parent.mount("/v1", build_v1(parent))
