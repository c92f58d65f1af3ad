"""Ingest: fetching feeds and pages, parsing feeds, canonical URLs, starter sources."""

from __future__ import annotations

from tidings.ingest.feeds import parse_feed
from tidings.ingest.fetch import Fetcher, FetchResult, build_client, fetch
from tidings.ingest.urls import article_id, canonical_url

__all__ = [
    "FetchResult",
    "Fetcher",
    "article_id",
    "build_client",
    "canonical_url",
    "fetch",
    "parse_feed",
]
