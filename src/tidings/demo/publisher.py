"""The demo publisher: one Starlette app serving every fictional outlet under its own prefix.

/                              index of outlets and feeds
/robots.txt                    allows everything but /private/
/<outlet>/                     home page, released articles newest first
/<outlet>/<feed path>          RSS, Atom or JSON Feed (conditional GET supported)
/<outlet>/<article path>       article page; 404 until a held-back article is released
/<outlet>/images/<name>.svg    generated pictures
/<outlet>/favicon.svg          letter mark in the brand colour
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.routing import Route

from tidings.demo.catalog import DemoArticle, DemoOutlet
from tidings.demo.feeds import render_feed
from tidings.demo.images import render_favicon, render_photo
from tidings.demo.loader import load_catalog
from tidings.demo.pages import render_article, render_index, render_not_found, render_outlet_home
from tidings.demo.schedule import Schedule, article_path

ROBOTS_TXT = "User-agent: *\nDisallow: /private/\n"
_IMMUTABLE = "public, max-age=31536000, immutable"
_FRESH = "public, max-age=60"
_SVG = "image/svg+xml"


def feed_urls(base_url: str) -> list[str]:
    """One absolute feed URL per demo outlet, e.g. ``http://127.0.0.1:8081/harbour-herald/feed.xml``."""
    base = base_url.rstrip("/")
    return [base + outlet.feed_url_path for outlet in load_catalog().outlets]


def create_publisher_app(
    *, release_interval: float = 120.0, clock: Callable[[], datetime] | None = None
) -> Starlette:
    """The ASGI app of all demo outlets; held-back articles go live every ``release_interval`` s."""
    if release_interval < 0:
        raise ValueError("release_interval must not be negative")
    now = clock or _utc_now
    start = now()
    if start.tzinfo is None:
        raise ValueError("the demo clock must return timezone-aware datetimes")
    catalog = load_catalog()
    schedule = Schedule(start=start, release_interval=release_interval)
    pages = {
        article_path(catalog.outlet(a.outlet), a, schedule.published_at(a)): a
        for a in catalog.articles
    }
    images = {(a.outlet, image.name): (a, image) for a in catalog.articles for image in a.images}

    def outlet_or_404(request: Request) -> DemoOutlet:
        try:
            return catalog.outlet(request.path_params["outlet"])
        except KeyError:
            raise HTTPException(404) from None

    def released_or_404(article: DemoArticle | None, moment: datetime) -> DemoArticle:
        if article is None or not schedule.is_released(article, moment):
            raise HTTPException(404)
        return article

    async def index(request: Request) -> Response:
        return HTMLResponse(render_index(catalog, base_url=_base_url(request)))

    async def robots(request: Request) -> Response:
        return PlainTextResponse(ROBOTS_TXT)

    async def home(request: Request) -> Response:
        outlet = outlet_or_404(request)
        html = render_outlet_home(catalog, schedule, outlet, now=now(), base_url=_base_url(request))
        return HTMLResponse(html, headers={"Cache-Control": _FRESH})

    async def favicon(request: Request) -> Response:
        outlet = outlet_or_404(request)
        svg = render_favicon(
            outlet.name.removeprefix("The ").removeprefix("Le ").removeprefix("El ")[0],
            outlet.brand_colour,
        )
        return _conditional(request, svg, _SVG, start, _IMMUTABLE)

    async def image(request: Request) -> Response:
        outlet = outlet_or_404(request)
        found = images.get((outlet.slug, request.path_params["name"]))
        if found is None or not schedule.is_released(found[0], now()):
            raise HTTPException(404)
        picture = found[1]
        svg = render_photo(picture.name, picture.theme, picture.width, picture.height)
        return _conditional(request, svg, _SVG, start, _IMMUTABLE)

    async def outlet_page(request: Request) -> Response:
        outlet = outlet_or_404(request)
        moment, base_url = now(), _base_url(request)
        if request.path_params["rest"] == outlet.feed_path:
            feed = render_feed(catalog, schedule, outlet, now=moment, base_url=base_url)
            return _conditional(request, feed.body, feed.media_type, feed.last_modified, _FRESH)
        path = f"/{outlet.slug}/{request.path_params['rest']}"
        article = released_or_404(pages.get(path), moment)
        html = render_article(catalog, schedule, article, now=moment, base_url=base_url)
        modified = schedule.modified_at(article)
        return _conditional(request, html, "text/html; charset=utf-8", modified, _FRESH)

    async def not_found(request: Request, exc: Exception) -> Response:
        return HTMLResponse(render_not_found(request.url.path), status_code=404)

    routes = [
        Route("/", index),
        Route("/robots.txt", robots),
        Route("/{outlet}/", home),
        Route("/{outlet}/favicon.svg", favicon),
        Route("/{outlet}/images/{name}.svg", image),
        Route("/{outlet}/{rest:path}", outlet_page),
    ]
    app = Starlette(routes=routes, exception_handlers={404: not_found})
    app.state.catalog = catalog
    app.state.schedule = schedule
    return app


def _utc_now() -> datetime:
    return datetime.now(UTC)


def _base_url(request: Request) -> str:
    return str(request.base_url).rstrip("/")


def _conditional(
    request: Request, body: str, media_type: str, last_modified: datetime, cache_control: str
) -> Response:
    """Answer 304 when the client's validators still match, else the full body."""
    payload = body.encode("utf-8")
    etag = '"' + hashlib.sha256(payload).hexdigest()[:32] + '"'
    stamp = last_modified.astimezone(UTC).replace(microsecond=0)
    headers = {
        "ETag": etag,
        "Last-Modified": format_datetime(stamp, usegmt=True),
        "Cache-Control": cache_control,
    }
    if_none_match = request.headers.get("if-none-match")
    if if_none_match is not None:
        tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
        if etag in tags or "*" in tags:
            return Response(status_code=304, headers=headers)
    elif (since := _http_date(request.headers.get("if-modified-since"))) and stamp <= since:
        return Response(status_code=304, headers=headers)
    return Response(payload, media_type=media_type, headers=headers)


def _http_date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)
