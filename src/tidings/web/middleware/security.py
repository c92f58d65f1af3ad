"""Security headers on every response: a strict CSP with no inline script, and friends.

The middleware wraps the routes, static files and the HTTP error pages. Starlette answers
an unhandled exception outside every middleware, so the 500 handler adds ``headers()``
itself.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["SecurityHeaders", "content_security_policy", "security_headers"]


def content_security_policy(*, media_proxy: bool) -> str:
    """The site's CSP. With the media proxy on, images come from this site only."""
    images = "'self' data:" if media_proxy else "'self' https: http: data:"
    return (
        "default-src 'self'; script-src 'self'; style-src 'self'; "
        f"img-src {images}; object-src 'none'; base-uri 'self'; form-action 'self'; "
        "frame-ancestors 'none'"
    )


def security_headers(*, media_proxy: bool) -> dict[str, str]:
    """Every header the site sends on every response."""
    return {
        "Content-Security-Policy": content_security_policy(media_proxy=media_proxy),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "strict-origin-when-cross-origin",
        "X-Frame-Options": "DENY",
        # No powerful features, and no ad-topic tracking, in pages that show strangers' text.
        "Permissions-Policy": (
            "camera=(), microphone=(), geolocation=(), payment=(), browsing-topics=()"
        ),
    }


class SecurityHeaders:
    """ASGI middleware adding ``security_headers`` unless a response set its own."""

    def __init__(self, app: ASGIApp, *, media_proxy: bool = False) -> None:
        self.app = app
        self.headers = [
            (name.lower().encode("latin-1"), value.encode("latin-1"))
            for name, value in security_headers(media_proxy=media_proxy).items()
        ]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(n, v) for n, v in self.headers if n not in present]
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, receive, send_with_headers)
