"""How much header a request may bring: 431 Request Header Fields Too Large past it.

uvicorn with httptools (what ``uvicorn[standard]`` and ``tidings run`` use) reads
headers of any size and number, and h11 only stops a request at 16 KiB; so the app
itself refuses, whatever server runs it, before any layer (the page cache first) spends
work on them. The limits leave room for every browser and proxy we know of:

- ``MAX_HEADERS`` = 100: a browser sends about 15, a chain of proxies adds a few each;
  Apache's default is 100 as well;
- ``MAX_HEADER_BYTES`` = 32 KiB of names and values together: cookies are the large
  part, and browsers cap those near 4 KiB each; nginx's default buffers hold 4 × 8 KiB.
"""

from __future__ import annotations

from collections.abc import Mapping

from starlette.types import ASGIApp, Receive, Scope, Send

__all__ = ["MAX_HEADERS", "MAX_HEADER_BYTES", "HeaderLimits", "headers_too_large"]

MAX_HEADERS = 100
MAX_HEADER_BYTES = 32 * 1024

_BODY = (
    f"Request Header Fields Too Large: at most {MAX_HEADERS} headers, "
    f"{MAX_HEADER_BYTES // 1024} KiB in all.\n"
).encode()


def headers_too_large(headers: list[tuple[bytes, bytes]]) -> bool:
    """Whether ``headers`` (an ASGI scope's) pass ``MAX_HEADERS`` or ``MAX_HEADER_BYTES``."""
    if len(headers) > MAX_HEADERS:
        return True
    return sum(len(name) + len(value) for name, value in headers) > MAX_HEADER_BYTES


class HeaderLimits:
    """ASGI middleware answering 431 to a request with too many or too large headers.

    ``headers`` go on the 431 response: it is sent before the layers that add them.
    """

    def __init__(self, app: ASGIApp, *, headers: Mapping[str, str]) -> None:
        self.app = app
        self.headers = [
            (name.lower().encode("latin-1"), value.encode("latin-1"))
            for name, value in headers.items()
        ]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not headers_too_large(scope["headers"]):
            await self.app(scope, receive, send)
            return
        await send(
            {
                "type": "http.response.start",
                "status": 431,
                "headers": [
                    (b"content-type", b"text/plain; charset=utf-8"),
                    (b"content-length", str(len(_BODY)).encode()),
                    (b"connection", b"close"),
                    *self.headers,
                ],
            }
        )
        await send({"type": "http.response.body", "body": _BODY})
