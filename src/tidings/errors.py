"""The one exception tree of Tidings. Callers catch these, never a library's.

Every subclass of ``TidingsError`` in the package is drawn here (a test walks the package
and holds the drawing to it). Those defined elsewhere name their module in brackets,
under ``tidings.``; the rest are in this module.

TidingsError
├── ConfigError                                   a setting is missing or invalid
├── FetchError                                    HTTP failed: network, status, size, time
│   ├── HTTPStatusError                               the server answered 4xx/5xx
│   │   └── RateLimited                                   429 or 503: slow down, maybe for how long
│   ├── BlockedAddress                                the host is an address we must not contact
│   ├── RobotsDisallowed                              robots.txt does not allow the page
│   ├── ResponseTooLarge                              the body passed the size cap
│   ├── FetchTimeout                                  connect or total time ran out
│   └── NotAnImage                                    the media proxy was sent no image
├── FeedError                                     a document is not a feed we can read
│   └── NotAllowed [pipeline.reader_feeds]            a reader app may not add a feed the site lacks
├── OpmlError                                     a file is not OPML we can read
├── ExtractionError                               an article page gave no usable article
├── StoreError                                    the database refused an operation
│   ├── NotFound                                      no row with that key
│   └── UsernameTaken                                 another account has that username
├── EmbeddingError [enrich.embeddings]            the embedding model cannot be found or loaded
├── OnnxModelError [enrich.onnx_model]            ONNX export or ONNX Runtime loading failed
├── MultilingualError [enrich.multilingual]       the multilingual encoder is missing or broken
├── CategoryModelError [enrich.categories_model]  the classifier's weights are unusable
├── CategoryDataError [enrich.category_seeds]     a labelled articles file cannot be read
├── FitModelError [stories.fit_model]             a story-fit model file is unusable
├── KeyPointModelError [ai.keypoint_model]        the key-point weights are unusable (a ValueError)
├── AskModelError [ai.ask_model]                  the ask weights do not fit the features
├── QuestionError [ai.ask]                        the question is empty or too long (a ValueError)
├── QuestionSetError [ai.ask_questions]           a question set line or its article is wrong
└── AIError [ai.backends]                         an AI backend gave no usable answer
    ├── BackendUnavailable [ai.backends]              not installed or not configured here
    ├── ModelServerUnreachable [ai.backends]          refused, unknown host, network down
    ├── ModelServerTimeout [ai.backends]              the model server took too long
    ├── ModelServerStatusError [ai.backends]          the model server answered non-2xx
    └── ModelResponseError [ai.backends]              malformed, empty, cut off or miscounted
        └── ModelResponseTooLarge [ai.backends]           the body passed the size cap
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
