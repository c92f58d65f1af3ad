"""The installable app: web manifest, service worker and the offline page.

The service worker is served from the root (``/sw.js``) so that its scope is the whole
site. Its file in ``static/`` starts after one line written here, ``const CONFIG = {...}``,
which names the cache version, the shell to precache and each language's offline page.
"""

from __future__ import annotations

import functools
import hashlib
import json
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from tidings import __version__
from tidings.web.http_cache import StaticAddresses
from tidings.web.i18n import LANGUAGES, gettext, language
from tidings.web.routing.view_context import check_language, settings, templates

router = APIRouter()

STATIC = Path(__file__).resolve().parent.parent / "static"
THEME_COLOR = "#1d4ed8"
BACKGROUND_COLOR = "#f6f7f9"
# What base.html links, exactly as it links them (the ?v= included): precached so that any
# kept page renders offline.
SHELL_FILES = ("style.css", "app.js", "theme.js")
SHELL_STATIC = ("icon.svg", "icons/icon-192.png")
ICONS = (
    {"src": "/static/icons/icon-192.png", "sizes": "192x192", "type": "image/png"},
    {"src": "/static/icons/icon-512.png", "sizes": "512x512", "type": "image/png"},
    {
        "src": "/static/icons/maskable-512.png",
        "sizes": "512x512",
        "type": "image/png",
        "purpose": "maskable",
    },
    {"src": "/static/icon.svg", "sizes": "any", "type": "image/svg+xml"},
)


def shell_urls(addresses: StaticAddresses) -> list[str]:
    """The URLs the service worker precaches: the assets every page loads (at the addresses
    the pages link), and the manifest."""
    versioned = [addresses.url(name) for name in SHELL_FILES]
    return [*versioned, *(f"/static/{name}" for name in SHELL_STATIC), "/manifest.webmanifest"]


@functools.cache
def cache_version() -> str:
    """The app version plus a digest of the shell and the worker, so that a changed file
    replaces the cached shell even before the version number moves."""
    digest = hashlib.sha256()
    for name in (*SHELL_FILES, *SHELL_STATIC, "sw.js"):
        digest.update((STATIC / name).read_bytes())
    return f"{__version__}-{digest.hexdigest()[:10]}"


def manifest(site_name: str, lang: str) -> dict[str, Any]:
    """The web app manifest: what an installed Tidings is called, looks like and opens."""
    with language(lang):
        description = gettext("News from many publishers, grouped into stories.")
    return {
        "id": "/",
        "name": site_name,
        "short_name": site_name if len(site_name) <= 12 else site_name[:12].rstrip(),
        "description": description,
        "lang": lang,
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "theme_color": THEME_COLOR,
        "background_color": BACKGROUND_COLOR,
        "icons": list(ICONS),
    }


@router.api_route("/manifest.webmanifest", methods=["GET", "HEAD"], include_in_schema=False)
def manifest_file(request: Request) -> JSONResponse:
    """The manifest, as ``application/manifest+json``."""
    config = settings(request)
    return JSONResponse(
        manifest(config.site_name, config.default_language),
        media_type="application/manifest+json",
    )


@router.api_route("/sw.js", methods=["GET", "HEAD"], include_in_schema=False)
def service_worker(request: Request) -> Response:
    """static/sw.js after its configuration line; never cached, so updates reach readers."""
    config = {
        "version": cache_version(),
        "shell": shell_urls(request.app.state.static_addresses),
        "offline": {lang: f"/{lang}/offline" for lang in LANGUAGES},
        "language": settings(request).default_language,
    }
    body = f"const CONFIG = {json.dumps(config)};\n" + (STATIC / "sw.js").read_text("utf-8")
    return Response(
        body,
        media_type="text/javascript; charset=utf-8",
        headers={"Cache-Control": "no-cache"},
    )


@router.api_route("/{lang}/offline", methods=["GET", "HEAD"], response_class=HTMLResponse)
def offline_page(request: Request, lang: str) -> HTMLResponse:
    """What this device keeps for offline reading; the service worker's fallback page."""
    check_language(lang)
    return templates(request).TemplateResponse(request, "offline.html", {"lang": lang})
