"""``/robots.txt``, ``/sitemap.xml`` and the sitemaps it names (``web.seo.sitemaps``)."""

from __future__ import annotations

import re
from datetime import timedelta

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import PlainTextResponse, Response

from tidings.web.i18n import LANGUAGES
from tidings.web.routing.view_context import now, repository, settings
from tidings.web.seo import sitemaps
from tidings.web.seo.sitemaps import PAGE_SIZE, SitemapFile, month_bounds

router = APIRouter()

_XML = "application/xml; charset=utf-8"
_NEWS_DAYS = timedelta(days=2)
_MONTH_FILE = re.compile(r"articles-(\d{4})-(\d{2})(?:-(\d{1,4}))?\.xml")
# Crawlers come back for these often; an hour's reuse spares the store.
_CACHING = {"Cache-Control": "public, max-age=3600"}


@router.api_route("/robots.txt", methods=["GET", "HEAD"], include_in_schema=False)
def robots(request: Request) -> PlainTextResponse:
    """What crawlers may read, and where the sitemap is."""
    body = sitemaps.robots_txt(settings(request).public_url, LANGUAGES)
    return PlainTextResponse(body, headers=_CACHING)


@router.api_route("/sitemap.xml", methods=["GET", "HEAD"], include_in_schema=False)
def sitemap_index(request: Request) -> Response:
    """The news sitemap and one article sitemap per month (and page) that has articles."""
    repo = repository(request)
    files = [SitemapFile("/sitemaps/news.xml", None)]
    span = repo.articles.article_time_span()
    if span is not None:
        oldest, newest = span
        year, month = oldest.year, oldest.month
        while (year, month) <= (newest.year, newest.month):
            count, lastmod = repo.articles.sitemap_summary(*month_bounds(year, month))
            pages = -(-count // PAGE_SIZE)
            for page in range(1, pages + 1):
                suffix = f"-{page}" if page > 1 else ""
                path = f"/sitemaps/articles-{year:04d}-{month:02d}{suffix}.xml"
                files.append(SitemapFile(path, lastmod))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    body = sitemaps.sitemap_index(settings(request).public_url, files)
    return Response(body, media_type=_XML, headers=_CACHING)


@router.api_route("/sitemaps/news.xml", methods=["GET", "HEAD"], include_in_schema=False)
def news(request: Request) -> Response:
    """Articles of the last two days, newest first, as Google News reads them."""
    moment = now(request)
    entries = repository(request).articles.sitemap_entries(
        moment - _NEWS_DAYS,
        moment + timedelta(days=1),  # list times are never far ahead (store tolerance)
        offset=0,
        limit=sitemaps.NEWS_LIMIT,
        newest_first=True,
    )
    config = settings(request)
    body = sitemaps.news_sitemap(
        config.public_url, entries, site_name=config.site_name, default=config.default_language
    )
    return Response(body, media_type=_XML, headers={"Cache-Control": "public, max-age=300"})


@router.api_route("/sitemaps/{name}", methods=["GET", "HEAD"], include_in_schema=False)
def articles(request: Request, name: str) -> Response:
    """The articles listed in one month (one page of them)."""
    found = _MONTH_FILE.fullmatch(name)
    missing = HTTPException(status_code=404, detail="No such sitemap.")
    if found is None:
        raise missing
    year, month, page = int(found[1]), int(found[2]), int(found[3] or 1)
    if year < 1 or not 1 <= month <= 12 or page < 1 or found[3] == "1":
        raise missing
    entries = repository(request).articles.sitemap_entries(
        *month_bounds(year, month), offset=(page - 1) * PAGE_SIZE, limit=PAGE_SIZE
    )
    if not entries:
        raise missing
    config = settings(request)
    body = sitemaps.article_sitemap(config.public_url, entries, LANGUAGES, config.default_language)
    return Response(body, media_type=_XML, headers=_CACHING)
