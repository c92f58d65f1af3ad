"""The one exception tree of Tidings. Callers catch these, never a library's.

TidingsError
├── ConfigError            a setting is missing or invalid
├── FetchError             HTTP failed: network, status, size, timeout
│   ├── HTTPStatusError        the server answered 4xx/5xx
│   ├── ResponseTooLarge       the body passed the size cap
│   ├── NotAnImage             the media proxy was sent something other than an image
│   └── FetchTimeout           connect or total time ran out
├── FeedError              a document is not a feed we can read
├── ExtractionError        an article page gave no usable article
└── StoreError             the database refused an operation
    ├── NotFound               no row with that key
    └── UsernameTaken          another account has that username
"""

from __future__ import annotations


class TidingsError(Exception):
    """Base of every error Tidings raises on purpose."""


class ConfigError(TidingsError):
    """A setting is missing or invalid."""


class FetchError(TidingsError):
    """Fetching a URL failed."""

    def __init__(self, message: str, *, url: str | None = None) -> None:
        super().__init__(message)
        self.url = url


class HTTPStatusError(FetchError):
    """The server answered with an error status."""

    def __init__(self, status: int, *, url: str | None = None) -> None:
        super().__init__(f"HTTP {status}", url=url)
        self.status = status


class RateLimited(HTTPStatusError):
    """429 or 503: the server asks us to slow down, perhaps saying for how long."""

    def __init__(
        self, status: int, *, retry_after: float | None = None, url: str | None = None
    ) -> None:
        super().__init__(status, url=url)
        self.retry_after = retry_after  # seconds, when the server said


class BlockedAddress(FetchError):
    """The URL's host is (or resolves to) an address Tidings must not contact."""


class RobotsDisallowed(FetchError):
    """The site's robots.txt does not allow Tidings to fetch this page."""


class ResponseTooLarge(FetchError):
    """The response body passed the size cap."""


class FetchTimeout(FetchError):
    """Connecting or reading took longer than allowed."""


class NotAnImage(FetchError):
    """The body is not an image of a type the media proxy passes on (SVG never is)."""


class FeedError(TidingsError):
    """The document is not a feed Tidings can read."""


class OpmlError(TidingsError):
    """The file is not OPML Tidings can read."""


class ExtractionError(TidingsError):
    """The page did not yield an article."""


class StoreError(TidingsError):
    """The database refused an operation."""


class NotFound(StoreError):
    """No row with that key."""


class UsernameTaken(StoreError):
    """Another account already has that username."""
