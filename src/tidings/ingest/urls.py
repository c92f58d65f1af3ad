"""Canonical URLs and the article ids derived from them.

One article reached through two feeds or two URLs must be stored once. ``canonical_url``
normalises what the URL alone says (case, default ports, fragments, tracking parameters,
AMP variants); ``trusted_canonical`` decides whether a page's own rel=canonical / og:url
may stand for it (publishers' templates get it wrong often enough to check).
"""

from __future__ import annotations

import hashlib
import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

__all__ = [
    "article_id",
    "canonical_url",
    "feed_identity",
    "normal_feed_url",
    "site_key",
    "trusted_canonical",
]

# Parameters that only say how a reader arrived, never which article it is.
_TRACKING_PREFIXES = ("utm_", "mc_", "pk_", "itm_", "at_", "ns_", "wt_", "hsa_", "_hs")
_TRACKING_NAMES = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "yclid",
        "igshid",
        "_ga",
        "_gl",
        "ref_src",
        "ref_url",
        "cmpid",
        "mkt_tok",
        "ocid",
        "spm",
        "smid",
        "sr_share",
        "share",
        "shared",
        "via",
        "xtor",
        "s_cid",
        "icid",
        "guccounter",
        "rss",
        "feed",
    }
)
# AMP copies of an article: ?amp, ?amp=1, ?outputType=amp, /amp, /amp/, .amp.html.
_AMP_QUERY = {("amp", ""), ("amp", "1"), ("amp", "true"), ("outputtype", "amp")}
_AMP_PATH = re.compile(r"(?:/amp/?|\.amp)(?=$|\.html?$)", re.IGNORECASE)
# Second-level labels under which registrable names sit one level deeper (news.co.uk).
_SECOND_LEVEL = frozenset({"co", "com", "net", "org", "gov", "ac", "edu", "or", "ne", "go", "gv"})


def canonical_url(url: str) -> str:
    """A normal form of ``url``: lower-case scheme and host, no default port, fragment,
    tracking parameters or AMP marker; remaining parameters keep their order."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower().rstrip(".")
    port = parts.port
    if port and not ((scheme == "http" and port == 80) or (scheme == "https" and port == 443)):
        host = f"{host}:{port}"
    if host.startswith("amp."):
        host = host[4:]
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not k.lower().startswith(_TRACKING_PREFIXES)
        and k.lower() not in _TRACKING_NAMES
        and (k.lower(), v.lower()) not in _AMP_QUERY
    ]
    path = _AMP_PATH.sub("", parts.path) or "/"
    return urlunsplit((scheme, host, path, urlencode(query), ""))


# ``feed://host/x`` and ``feed:https://host/x`` (the old feed-handler schemes) name the
# http(s) feed itself; ``feeds://`` is the https spelling.
_FEED_SCHEMES = {"feed": "http", "feeds": "https"}


def normal_feed_url(url: str) -> str:
    """The form a feed URL is followed under: ``feed://``/``feeds://`` made http(s), scheme
    and host lower-case, no default port, no fragment; path and query as given (a server
    may tell ``/feed/`` from ``/feed``, so the slash stays as the operator wrote it)."""
    text = url.strip()
    scheme, colon, rest = text.partition(":")
    if colon and scheme.lower() in _FEED_SCHEMES:
        text = (
            rest
            if rest.lower().startswith(("http://", "https://"))
            else (f"{_FEED_SCHEMES[scheme.lower()]}:{rest}")
        )
    try:
        parts = urlsplit(text)
    except ValueError:
        return text  # a broken address (an unclosed "[") stays as given, for callers to refuse
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        return text
    host = parts.hostname.lower().rstrip(".")
    if ":" in host:
        host = f"[{host}]"  # an IPv6 literal keeps its brackets
    try:
        port = parts.port
    except ValueError:
        return text  # a port that is no number: leave the URL for the caller to refuse
    if port and not ((scheme == "http" and port == 80) or (scheme == "https" and port == 443)):
        host = f"{host}:{port}"
    userinfo = parts.netloc.rpartition("@")[0]
    netloc = f"{userinfo}@{host}" if userinfo else host
    return urlunsplit((scheme, netloc, parts.path or "/", parts.query, ""))


def feed_identity(url: str) -> str:
    """What makes two feed URLs one source: ``normal_feed_url`` without a trailing slash
    on the path, so ``…/feed/``, ``…/feed``, ``HTTPS://Host:443/feed`` and
    ``feed://host/feed`` meet."""
    normal = normal_feed_url(url)
    try:
        parts = urlsplit(normal)
    except ValueError:
        return normal
    return urlunsplit((parts.scheme, parts.netloc, parts.path.rstrip("/"), parts.query, ""))


def article_id(url: str) -> str:
    """The stable id of the article at ``url``: 32 hex characters of its canonical URL's hash."""
    return hashlib.sha256(canonical_url(url).encode("utf-8")).hexdigest()[:32]


def site_key(url: str) -> str:
    """The registrable part of a URL's host (``news.bbc.co.uk`` → ``bbc.co.uk``), roughly:
    good enough to tell a publisher's own domain from another's."""
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    labels = host.split(".")
    if len(labels) >= 3 and labels[-2] in _SECOND_LEVEL and len(labels[-1]) == 2:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def trusted_canonical(page_url: str, declared: str | None) -> str | None:
    """The page's declared canonical URL when it can stand for the page, else None.

    Refused: other schemes, another publisher's domain (syndication partners point at
    the original; that is a duplicate, not the same URL), and a site's home page (a
    template that sets every page's canonical to "/" is common).
    """
    if not declared:
        return None
    parts = urlsplit(declared)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    if site_key(declared) != site_key(page_url):
        return None
    if parts.path in ("", "/") and not parts.query:
        return None
    return canonical_url(declared)
