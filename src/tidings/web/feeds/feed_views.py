"""Feeds of every list: the latest news, a hashtag, a category, a source, a story, a search.

Each list is served in the three formats of ``web.feeds.feed_formats`` (``feed.xml`` RSS 2.0,
``atom.xml`` Atom, ``feed.json`` JSON Feed 1.1) under its page's path, and its page links
to them with ``<link rel="alternate">``. A search's feed takes the search page's query
string and lists its matches newest first, so a reader can follow a search.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response

from tidings.errors import NotFound
from tidings.models import Article
from tidings.pipeline.story_titles import story_title
from tidings.store.search import query_words
from tidings.web.feeds.feed_formats import FEED_FORMATS, FeedFormat, FeedList, render_feed
from tidings.web.http_cache import newest_change, not_modified, stamp
from tidings.web.i18n import gettext as _
from tidings.web.pages.search import search_query
from tidings.web.pages.topics import tag_display
from tidings.web.presentation.labels import category_name
from tidings.web.routing.params import id_or_404
from tidings.web.routing.view_context import (
    check_language,
    now,
    repository,
    settings,
    sources_by_id,
    story_or_404,
)

router = APIRouter()

ITEMS = 50  # articles in a feed: about a day of a busy list

ListOf = Callable[[Request, str, str], tuple[str, str, list[Article]]]


_SEARCH_PARAMS = ("q", "source", "category", "language", "type", "since", "until")


def _respond(
    request: Request, lang: str, fmt: FeedFormat, path: str, found: tuple[str, str, list[Article]]
) -> Response:
    title, description, articles = found
    changed = newest_change(articles)
    unchanged = not_modified(request, changed)
    if unchanged is not None:
        return unchanged
    config = settings(request)
    feed = FeedList(
        title=f"{title} · {config.site_name}",
        path=path,
        description=description,
        lang=lang,
        base_url=config.public_url,
        query=_search_query_string(request) if path == "/search" else "",
    )
    body = render_feed(fmt, feed, articles, sources_by_id(request), now=now(request))
    return stamp(Response(body, media_type=f"{fmt.media_type}; charset=utf-8"), changed)


def _latest(request: Request, lang: str, _key: str) -> tuple[str, str, list[Article]]:
    found = repository(request).articles.latest_articles(limit=ITEMS)
    return _("Latest news"), _("The latest articles from every source"), found


def _search_query_string(request: Request) -> str:
    params = request.query_params
    return urlencode({k: params[k] for k in _SEARCH_PARAMS if params.get(k)})


def _search(request: Request, lang: str, _key: str) -> tuple[str, str, list[Article]]:
    params = request.query_params
    q = params.get("q", "")
    if not query_words(q):
        raise HTTPException(status_code=404, detail=_("A search's feed needs words to find."))
    query = search_query(
        q,
        source=params.get("source", ""),
        category=params.get("category"),
        language=params.get("language"),
        type=params.get("type"),
        since=params.get("since"),
        until=params.get("until"),
        limit=ITEMS,
    )
    found = [hit.article for hit in repository(request).search.search(query.newest())]
    words = " ".join(q.split())
    title = _("Search: %(words)s") % {"words": words}
    return title, _("The newest articles with every word of “%(words)s”") % {"words": words}, found


def _hashtag(request: Request, lang: str, slug: str) -> tuple[str, str, list[Article]]:
    tag = "#" + tag_display(request, slug).replace(" ", "")
    found = repository(request).articles.latest_articles(limit=ITEMS, tag=slug)
    return tag, _("Latest news with %(hashtag)s") % {"hashtag": tag}, found


def _category(request: Request, lang: str, slug: str) -> tuple[str, str, list[Article]]:
    name = category_name(slug)
    if name is None:
        raise HTTPException(status_code=404, detail=_("No such category."))
    found = repository(request).articles.latest_articles(limit=ITEMS, category=slug)
    return name, _("The latest news in %(category)s") % {"category": name}, found


def _source(request: Request, lang: str, key: str) -> tuple[str, str, list[Article]]:
    repo = repository(request)
    try:
        source = repo.sources.get_source(id_or_404(key, _("No such source.")))
    except NotFound as exc:
        raise HTTPException(status_code=404, detail=_("No such source.")) from exc
    name = source.title or source.site_url or source.feed_url
    found = repo.articles.latest_articles(limit=ITEMS, source_id=source.id)
    return name, _("The latest articles from %(source)s") % {"source": name}, found


def _story(request: Request, lang: str, story_id: str) -> tuple[str, str, list[Article]]:
    story = story_or_404(request, story_id)
    repo = repository(request)
    members = repo.stories.story_articles(story.id, include_copies=False)
    newest_first = sorted(
        members, key=lambda a: (a.sort_time is not None, a.sort_time), reverse=True
    )
    title = story_title(story, members, lang)[0] or _("A story")
    description = _("Every outlet's article on: %(story)s") % {"story": title}
    return title, description, newest_first[:ITEMS]


def _endpoint(pattern: str, fmt: FeedFormat, list_of: ListOf) -> Callable[..., Response]:
    """The route function for one list in one format (a path key, or none for the latest)."""
    if "{key_value}" not in pattern:

        def latest(request: Request, lang: str) -> Response:
            check_language(lang)
            return _respond(request, lang, fmt, pattern, list_of(request, lang, ""))

        return latest

    def keyed(request: Request, lang: str, key_value: str) -> Response:
        check_language(lang)
        path = pattern.replace("{key_value}", key_value)
        return _respond(request, lang, fmt, path, list_of(request, lang, key_value))

    return keyed


for _pattern, _list_of in (
    ("", _latest),
    ("/latest", _latest),
    ("/search", _search),
    ("/hashtag/{key_value}", _hashtag),
    ("/category/{key_value}", _category),
    ("/source/{key_value}", _source),
    ("/story/{key_value}", _story),
):
    for _fmt in FEED_FORMATS:
        router.add_api_route(
            f"/{{lang}}{_pattern}/{_fmt.filename}",
            _endpoint(_pattern, _fmt, _list_of),
            methods=["GET", "HEAD"],
        )
