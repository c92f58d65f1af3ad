"""Error pages: the site's page for an HTTP error, and for an exception no view handled.

``ErrorPages.render`` draws ``error.html`` in the language of the URL's prefix (else the
reader's). ``CatchAll`` is the outermost layer but one: an exception that escapes every
view and middleware is logged and answered with the 500 page, and the connection stays
open. Starlette's own last resort answers and then raises the exception again, which
makes the server drop the connection; we keep that only for a response already begun,
which no page can replace.
"""

from __future__ import annotations

import logging
from http import HTTPStatus

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tidings.config import Settings
from tidings.web import i18n
from tidings.web.middleware.security import security_headers

__all__ = ["CatchAll", "ErrorPages"]

log = logging.getLogger(__name__)

_PHRASES = {status.value: status.phrase for status in HTTPStatus}


class ErrorPages:
    """The error page for a status, in the reader's language."""

    def __init__(self, templates: Jinja2Templates, settings: Settings) -> None:
        self.templates = templates
        self.settings = settings

    def render(self, request: Request, status: int, detail: str | None) -> HTMLResponse:
        """``error.html`` for ``status``; ``detail`` is a message id or translated text."""
        lang = i18n.language_of_path(request.url.path)
        chosen = lang or i18n.choose_language(
            request.headers.get("accept-language"), self.settings.default_language
        )
        if detail == _PHRASES.get(status):
            detail = None  # Starlette's "Not Found" says no more than the title
        with i18n.language(chosen):
            if status == 404:
                title = i18n.gettext("Page not found")
            else:
                title = i18n.gettext("Something went wrong")
            # A view's detail is translated already; check_language's cannot be (it runs
            # before the language is known), so it is a message id translated here.
            response = self.templates.TemplateResponse(
                request,
                "error.html",
                {
                    "lang": chosen,
                    "status": status,
                    "title": title,
                    "detail": i18n.gettext(detail) if detail else None,
                },
                status_code=status,
            )
        if lang is None:
            response.headers["Vary"] = "Accept-Language"
        return response

    def server_error(self, request: Request) -> HTMLResponse:
        """The 500 page, with the headers the layers it bypasses would have added."""
        response = self.render(request, 500, None)
        response.headers.update(security_headers(media_proxy=self.settings.media_proxy))
        return response


class CatchAll:
    """ASGI middleware: an unhandled exception becomes the logged 500 page."""

    def __init__(self, app: ASGIApp, *, pages: ErrorPages) -> None:
        self.app = app
        self.pages = pages

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def watched(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, watched)
        except Exception:
            log.exception("error serving %s", scope.get("path", ""))
            if started:
                raise  # half a response: only the server can end it, by closing
            await self.pages.server_error(Request(scope))(scope, receive, send)
