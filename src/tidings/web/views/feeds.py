"""Feeds of every list: the latest news, a hashtag, a category, a source, a story.

Each list is served in the three formats of ``web.feeds_out`` (``feed.xml`` RSS 2.0,
``atom.xml`` Atom, ``feed.json`` JSON Feed 1.1) under its page's path, and its page links
to them with ``<link rel="alternate">``.
"""

from __future__ import annotations

from collections.abc import Callable

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response

from tidings.enrich.categories import CATEGORY_NAMES
from tidings.errors import NotFound
from tidings.models import Article
from tidings.web.feeds_out import FEED_FORMATS, FeedFormat, FeedList, render_feed
from tidings.web.views.common import check_language, now, repository, settings, sources_by_id
from tidings.web.views.topics import tag_display

router = APIRouter()

ITEMS = 50  # articles in a feed: about a day of a busy list

ListOf = Callable[[Request, str, str], tuple[str, str, list[Article]]]


def _respond(
    request: Request, lang: str, fmt: FeedFormat, path: str, found: tuple[str, str, list[Article]]
) -> Response:
    title, description, articles = found
    config = settings(request)
    feed = FeedList(
        title=f"{title} · {config.site_name}",
        path=path,
        description=description,
        lang=lang,
        base_url=config.public_url,
    )
    body = render_feed(fmt, feed, articles, sources_by_id(request), now=now(request))
    return Response(body, media_type=f"{fmt.media_type}; charset=utf-8")


def _latest(request: Request, lang: str, _key: str) -> tuple[str, str, list[Article]]:
    found = repository(request).latest_articles(limit=ITEMS)
    return "Latest news", "The latest articles from every source", found


def _hashtag(request: Request, lang: str, slug: str) -> tuple[str, str, list[Article]]:
    tag = "#" + tag_display(request, slug).replace(" ", "")
    found = repository(request).latest_articles(limit=ITEMS, tag=slug)
    return tag, f"Latest news with {tag}", found


def _category(request: Request, lang: str, slug: str) -> tuple[str, str, list[Article]]:
    name = CATEGORY_NAMES.get(slug)
    if name is None:
        raise HTTPException(status_code=404, detail="No such category.")
    found = repository(request).latest_articles(limit=ITEMS, category=slug)
    return name, f"The latest {name} news", found


def _source(request: Request, lang: str, key: str) -> tuple[str, str, list[Article]]:
    repo = repository(request)
    if not key.isdigit():
        raise HTTPException(status_code=404, detail="No such source.")
    try:
        source = repo.get_source(int(key))
    except NotFound as exc:
        raise HTTPException(status_code=404, detail="No such source.") from exc
    name = source.title or source.site_url or source.feed_url
    found = repo.latest_articles(limit=ITEMS, source_id=source.id)
    return name, f"The latest articles from {name}", found


def _story(request: Request, lang: str, story_id: str) -> tuple[str, str, list[Article]]:
    repo = repository(request)
    if len(story_id) != 32 or not all(c in "0123456789abcdef" for c in story_id):
        raise HTTPException(status_code=404, detail="No such story.")
    try:
        story = repo.get_story(story_id)
    except NotFound as exc:
        raise HTTPException(status_code=404, detail="No such story.") from exc
    members = repo.story_articles(story.id, include_copies=False)
    newest_first = sorted(
        members, key=lambda a: (a.sort_time is not None, a.sort_time), reverse=True
    )
    title = story.title or (members[0].title if members else "A story")
    return title, f"Every outlet's article on: {title}", newest_first[:ITEMS]


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
