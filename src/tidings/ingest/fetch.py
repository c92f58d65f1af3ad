"""HTTP fetching through one injected httpx client, with size and time bounds."""

from __future__ import annotations

from dataclasses import dataclass

import httpx

from tidings.config import Settings
from tidings.errors import FetchError, FetchTimeout, HTTPStatusError, ResponseTooLarge

__all__ = ["FetchResult", "build_client", "fetch"]

MAX_REDIRECTS = 5


@dataclass(frozen=True, slots=True)
class FetchResult:
    """A response worth processing; ``not_modified`` means 304 and an empty body."""

    url: str  # after redirects
    status: int
    body: bytes
    content_type: str
    charset: str | None
    etag: str | None
    last_modified: str | None
    not_modified: bool = False


def build_client(settings: Settings) -> httpx.AsyncClient:
    """The one HTTP client Tidings uses, configured from settings."""
    return httpx.AsyncClient(
        headers={"User-Agent": settings.user_agent, "Accept-Encoding": "gzip, deflate, br"},
        timeout=httpx.Timeout(settings.fetch_timeout, connect=min(10.0, settings.fetch_timeout)),
        follow_redirects=True,
        max_redirects=MAX_REDIRECTS,
        limits=httpx.Limits(max_connections=settings.fetch_concurrency * 2),
    )


async def fetch(
    client: httpx.AsyncClient,
    url: str,
    *,
    max_bytes: int,
    accept: str = "*/*",
    etag: str | None = None,
    last_modified: str | None = None,
) -> FetchResult:
    """GET ``url``; raise a ``FetchError`` subclass on any failure."""
    headers = {"Accept": accept}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    try:
        async with client.stream("GET", url, headers=headers) as response:
            if response.status_code == 304:
                return FetchResult(
                    url=str(response.url),
                    status=304,
                    body=b"",
                    content_type="",
                    charset=None,
                    etag=etag,
                    last_modified=last_modified,
                    not_modified=True,
                )
            if response.status_code >= 400:
                raise HTTPStatusError(response.status_code, url=url)
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                raise ResponseTooLarge(
                    f"body of {declared} bytes is over the {max_bytes} byte cap", url=url
                )
            chunks: list[bytes] = []
            size = 0
            async for chunk in response.aiter_bytes():
                size += len(chunk)
                if size > max_bytes:
                    raise ResponseTooLarge(f"body is over the {max_bytes} byte cap", url=url)
                chunks.append(chunk)
            content_type = response.headers.get("Content-Type", "")
            return FetchResult(
                url=str(response.url),
                status=response.status_code,
                body=b"".join(chunks),
                content_type=content_type.split(";")[0].strip().lower(),
                charset=response.charset_encoding,
                etag=response.headers.get("ETag"),
                last_modified=response.headers.get("Last-Modified"),
            )
    except httpx.TimeoutException as exc:
        raise FetchTimeout(f"timed out ({type(exc).__name__})", url=url) from exc
    except httpx.TooManyRedirects as exc:
        raise FetchError(f"more than {MAX_REDIRECTS} redirects", url=url) from exc
    except httpx.InvalidURL as exc:
        raise FetchError(f"invalid URL: {exc}", url=url) from exc
    except httpx.HTTPError as exc:
        raise FetchError(_describe(exc), url=url) from exc


def _describe(exc: httpx.HTTPError) -> str:
    text = str(exc) or type(exc).__name__
    if isinstance(exc, httpx.ConnectError):
        return f"cannot connect: {text}"
    if isinstance(exc, httpx.DecodingError):
        return f"cannot decode the response: {text}"
    return text
