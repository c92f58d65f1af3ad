"""Canonical URLs and the article ids derived from them."""

from __future__ import annotations

import hashlib
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

# Parameters that only say how a reader arrived, never which article it is.
_TRACKING_PREFIXES = ("utm_", "mc_", "pk_", "itm_")
_TRACKING_NAMES = frozenset(
    {"fbclid", "gclid", "dclid", "msclkid", "yclid", "igshid", "_ga", "ref_src", "cmpid"}
)


def canonical_url(url: str) -> str:
    """A normal form of ``url``: lower-case scheme and host, no default port, fragment or
    tracking parameters, remaining parameters kept in their order."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    port = parts.port
    if port and not ((scheme == "http" and port == 80) or (scheme == "https" and port == 443)):
        host = f"{host}:{port}"
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not k.lower().startswith(_TRACKING_PREFIXES) and k.lower() not in _TRACKING_NAMES
    ]
    path = parts.path or "/"
    return urlunsplit((scheme, host, path, urlencode(query), ""))


def article_id(url: str) -> str:
    """The stable id of the article at ``url``: 32 hex characters of its canonical URL's hash."""
    return hashlib.sha256(canonical_url(url).encode("utf-8")).hexdigest()[:32]
