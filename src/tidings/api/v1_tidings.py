"""``/v1`` endpoints only Tidings has, under its own names: stories, hashtags, key points
and related entries (issue #18). Read-only, with the same app passwords as the rest.

Entries here may come from outlets the reader does not follow (a story spans every outlet):
they are served in Miniflux's entry shape all the same, their feed object built from the
source and put in the "All" category.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request

from tidings.accounts.reader_state import ReaderItem, Subscription
from tidings.api.v1_common import ERRORS, Caller, V1Error, caller, category_of
from tidings.api.v1_entries import raise_missing
from tidings.api.v1_json import entry_json, feed_json, rfc3339
from tidings.errors import NotFound
from tidings.models import Cursor, Story
from tidings.pipeline.ai_cache import AiCache, MemoryAiCache
from tidings.pipeline.article_ai import key_points_payload
from tidings.pipeline.related_reading import related_for, sentence_indexes
from tidings.pipeline.story_titles import story_title

__all__ = ["MAX_PAGE", "router"]

router = APIRouter(tags=["tidings"], responses=ERRORS)

MAX_PAGE = 100  # stories or entries in one answer
_MAX_ID = 2**63 - 1
_LATEST = 253_402_300_799  # 9999-12-31 in seconds
_MAX_STORY_ENTRIES = 500  # a story's entries in one answer (its originals, oldest first)

Who = Annotated[Caller, Depends(caller)]
EntryId = Annotated[int, Path(ge=1, le=_MAX_ID, description="An entry (item) id.")]
StoryId = Annotated[
    str, Path(pattern=r"^[0-9a-f]{32}$", description="A story id (32 hex characters).")
]
Slug = Annotated[
    str, Path(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=120, description="A hashtag.")
]
Lang = Annotated[
    str | None,
    Query(
        pattern=r"^[a-z]{2,3}$",
        description="Prefer a headline in this language where an outlet wrote one.",
    ),
]
Limit = Annotated[int, Query(ge=1, le=MAX_PAGE)]

_OBJECT: dict[str, Any] = {"type": "object"}
_STRING: dict[str, Any] = {"type": "string"}
_INTEGER: dict[str, Any] = {"type": "integer"}
_ENTRIES: dict[str, Any] = {"type": "array", "items": _OBJECT}
_HASHTAG: dict[str, Any] = {
    "type": "object",
    "properties": {"slug": _STRING, "title": _STRING},
    "required": ["slug", "title"],
}
_STORY: dict[str, Any] = {
    "type": "object",
    "properties": {
        "id": _STRING,
        "title": _STRING,
        "title_language": {"type": ["string", "null"]},
        "article_count": _INTEGER,
        "outlet_count": _INTEGER,
        "first_seen_at": _STRING,
        "last_updated_at": _STRING,
        "hashtags": {"type": "array", "items": _HASHTAG},
    },
    "required": ["id", "title", "article_count", "outlet_count", "hashtags"],
}


def _answer(description: str, schema: dict[str, Any]) -> dict[int | str, dict[str, Any]]:
    return {200: {"description": description, "content": {"application/json": {"schema": schema}}}}


def _list(name: str, items: dict[str, Any]) -> dict[str, Any]:
    return {"type": "object", "properties": {name: items}, "required": [name]}


# -- stories ----------------------------------------------------------------------------


def _story_json(who: Caller, story: Story, lang: str | None) -> dict[str, Any]:
    originals = who.repo.stories.story_articles(story.id, include_copies=False)
    title, language = story_title(story, originals, lang)
    tags: dict[str, str] = {}
    for found in who.repo.stories.tags_for_articles([a.id for a in originals]).values():
        for slug, display in found:
            tags.setdefault(slug, display)
    return {
        "id": story.id,
        "title": title,
        "title_language": language,
        "article_count": story.article_count,
        "outlet_count": story.outlet_count,
        "first_seen_at": rfc3339(story.first_seen),
        "last_updated_at": rfc3339(story.last_updated),
        "hashtags": [{"slug": s, "title": d} for s, d in tags.items()],
    }


@router.get(
    "/stories",
    responses=_answer(
        "Stories, most recently updated first.",
        _list("stories", {"type": "array", "items": _STORY}),
    ),
    summary="List recent stories",
)
def list_stories(
    who: Who,
    lang: Lang = None,
    limit: Limit = 20,
    offset: Annotated[int, Query(ge=0, le=100_000)] = 0,
    before: Annotated[
        int | None, Query(ge=0, le=_LATEST, description="Updated before (Unix seconds).")
    ] = None,
) -> Any:
    """Stories (one event across outlets), most recently updated first."""
    moment = None if before is None else datetime.fromtimestamp(before, UTC)
    found = who.repo.stories.latest_stories(limit=limit, offset=offset, before=moment)
    return {"stories": [_story_json(who, s, lang) for s in found]}


def _story(who: Caller, story_id: str) -> Story:
    try:
        return who.repo.stories.get_story(story_id)
    except NotFound as exc:
        raise V1Error(404, f"Story {story_id} not found") from exc


@router.get(
    "/stories/{story_id}",
    responses=_answer(
        "A story with its entries, oldest first.",
        {**_STORY, "properties": {**_STORY["properties"], "entries": _ENTRIES}},
    ),
    summary="Get a story",
)
def get_story(who: Who, story_id: StoryId, lang: Lang = None) -> Any:
    """A story with every outlet's original article as an entry, oldest first."""
    story = _story(who, story_id)
    originals = who.repo.stories.story_articles(story.id, include_copies=False)
    wanted = [a.id for a in originals][:_MAX_STORY_ENTRIES]
    return {**_story_json(who, story, lang), "entries": _entries(who, wanted)}


# -- entries of any outlet ----------------------------------------------------------------


def _entries(who: Caller, article_ids: list[str]) -> list[dict[str, Any]]:
    """These articles as entries with the reader's state, in the order given."""
    numbers = who.state.item_ids(article_ids)
    items = who.state.items(
        who.user_id, item_ids=list(numbers.values()), limit=max(len(numbers), 1)
    )
    by_article = {i.article.id: i for i in items}
    ordered = [by_article[a] for a in article_ids if a in by_article]
    subs = {s.source_id: s for s in who.state.subscriptions(who.user_id)}
    outlets = sorted({i.article.source_id for i in ordered})
    sources = who.repo.sources.sources_by_ids(outlets) if outlets else {}
    feeds: dict[int, dict[str, Any]] = {}
    for source_id in outlets:
        source = sources.get(source_id)
        sub = subs.get(source_id)
        if sub is not None:
            feeds[source_id] = feed_json(sub, source, category_of(sub), who.user_id)
        elif source is not None:
            outlet = Subscription(
                source_id=source.id,
                title=source.title or source.feed_url,
                feed_url=source.feed_url,
                site_url=source.site_url,
                icon_url=source.icon_url,
                folder=None,
                created_at=who.now,
                read_before=None,
                last_checked_at=source.last_checked_at,
            )
            feeds[source_id] = feed_json(outlet, source, category_of(outlet), who.user_id)
    return [
        entry_json(i, feeds[i.article.source_id], who.user_id)
        for i in ordered
        if i.article.source_id in feeds
    ]


def _item(who: Caller, entry_id: int) -> ReaderItem:
    found = who.state.items(who.user_id, item_ids=[entry_id], limit=1)
    if not found:
        raise_missing(entry_id)
    return found[0]


# -- hashtags -------------------------------------------------------------------------------


@router.get(
    "/hashtags/{slug}/entries",
    responses=_answer(
        "The hashtag and a page of its entries, newest first.",
        {
            "type": "object",
            "properties": {"hashtag": _HASHTAG, "entries": _ENTRIES},
            "required": ["hashtag", "entries"],
        },
    ),
    summary="List a hashtag's entries",
)
def hashtag_entries(
    who: Who,
    slug: Slug,
    limit: Limit = 50,
    before_entry_id: Annotated[
        int | None,
        Query(ge=1, le=_MAX_ID, description="The last entry of the previous page."),
    ] = None,
) -> Any:
    """Original articles with this hashtag, newest first; the next page starts
    ``before_entry_id`` the last one shown."""
    display = who.repo.stories.tag_display(slug)
    if display is None:
        raise V1Error(404, f"Hashtag {slug} not found")
    before = None
    if before_entry_id is not None:
        after = _item(who, before_entry_id).article
        when = after.sort_time or after.discovered_at
        before = Cursor(when, after.id) if when else None
    found = who.repo.articles.latest_articles(limit=limit, before=before, tag=slug)
    return {
        "hashtag": {"slug": slug, "title": display},
        "entries": _entries(who, [a.id for a in found]),
    }


# -- key points and related entries -------------------------------------------------------


def _ai_cache(request: Request) -> AiCache:
    cache: AiCache | None = getattr(request.app.state, "ai_cache", None)
    if cache is None:  # a v1 app built alone: keep one for its life
        cache = MemoryAiCache()
        request.app.state.ai_cache = cache
    return cache


_POINT: dict[str, Any] = {
    "type": "object",
    "properties": {
        "text": _STRING,
        "sentence_index": _INTEGER,
        "sentence_id": _STRING,
        "reworded": {"type": "boolean"},
    },
    "required": ["text", "sentence_index", "sentence_id", "reworded"],
}


@router.get(
    "/entries/{entry_id}/keypoints",
    responses=_answer(
        "The entry's key points, each citing its sentence.",
        {
            "type": "object",
            "properties": {
                "entry_id": _INTEGER,
                "producer": _STRING,
                "made_at": _STRING,
                "points": {"type": "array", "items": _POINT},
            },
            "required": ["entry_id", "points"],
        },
    ),
    summary="Key points of an entry",
)
def entry_keypoints(request: Request, who: Who, entry_id: EntryId) -> Any:
    """The key points the article page's AI panel shows (made once, then cached): each
    the text of a sentence (or its rewording) and that sentence's place in the body."""
    settings = request.app.state.settings
    if not settings.ai:
        raise V1Error(403, "AI is turned off on this server")
    article = _item(who, entry_id).article
    if not (article.text or "").strip():
        return {"entry_id": entry_id, "points": []}
    payload = key_points_payload(article, settings, _ai_cache(request), now=who.now, chat=None)
    index = sentence_indexes(article.text or "")
    return {
        "entry_id": entry_id,
        "producer": payload["producer"],
        "made_at": payload["made_at"],
        "points": [
            {
                "text": p["text"],
                "sentence_index": index.get(p["sentence_id"], -1),
                "sentence_id": p["sentence_id"],
                "reworded": p["reworded"],
            }
            for p in payload["points"]
        ],
    }


@router.get(
    "/entries/{entry_id}/related",
    responses=_answer("Related entries, best first.", _list("entries", _ENTRIES)),
    summary="Related entries",
)
def entry_related(
    request: Request, who: Who, entry_id: EntryId, limit: Annotated[int, Query(ge=1, le=20)] = 6
) -> Any:
    """The related articles the article page lists (other stories), as entries."""
    settings = request.app.state.settings
    article = _item(who, entry_id).article
    root = article.duplicate_of or article.id
    found = related_for(who.repo, article, root, limit=limit, stories=settings.stories, now=who.now)
    return {"entries": _entries(who, [a.id for a in found])}
