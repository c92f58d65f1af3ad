"""Google Reader subscriptions and labels: ``tag/list``, ``subscription/list``, ``edit``,
``quickadd``, ``export``, ``import``, ``rename-tag``, ``disable-tag``.

A label (``user/-/label/<name>``) is a folder, where a subscription sits in at most one,
as on the site and in Fever and ``/v1``, and a name the reader put on single items
(``edit-tag``); one name may be both, and renaming or disabling it changes both. The
feed's stream id is ``feed/<source id>``; ``feed/<address>`` is accepted wherever a client
names a feed to subscribe to.
"""

from __future__ import annotations

from typing import Any

import anyio.from_thread
from fastapi import Response

from tidings.accounts.models import Role
from tidings.api.greader_call import LABEL, STATE, Call, GReaderError, json_answer, listed_answer
from tidings.api.greader_streams import checked_label, label_part, resolve_feed
from tidings.api.items import seconds
from tidings.errors import FeedError, OpmlError
from tidings.pipeline.reader_feeds import (
    ListedFeed,
    NotAllowed,
    listed_source,
    quick_add_source,
    read_listed_feeds,
    write_listed_feeds,
)
from tidings.store.sql_subscriptions import MAX_FOLDER

__all__ = [
    "disable_tag",
    "rename_tag",
    "subscription_edit",
    "subscription_export",
    "subscription_import",
    "subscription_list",
    "subscription_quickadd",
    "tag_list",
]

MAX_TITLE = 500
MAX_EDIT_STREAMS = 100
_OK = {"Cache-Control": "no-store"}


def _ok() -> Response:
    return Response("OK", media_type="text/plain", headers=_OK)


def _label(value: str, name: str) -> str:
    """The name of ``user/-/label/<name>`` (a bare name is taken as it is)."""
    part = label_part(value)
    return checked_label(value if part is None else part, name)


def tag_list(call: Call) -> Response:
    """The starred state and every label, as ``subscription/list`` names them: folders
    (type ``folder``), then the names only on items (type ``tag``), as FreshRSS lists
    them."""
    folders = call.state.folders(call.user_id)
    tags: list[dict[str, Any]] = [{"id": STATE + "starred"}]
    tags += [{"id": LABEL + f, "type": "folder"} for f in folders]
    tags += [
        {"id": LABEL + name, "type": "tag"}
        for name in call.state.item_label_names(call.user_id)
        if name not in folders
    ]
    return listed_answer(call, {"tags": tags})


def subscription_list(call: Call) -> Response:
    """The reader's subscriptions with their label."""
    subs = call.subscriptions()
    return listed_answer(
        call,
        {
            "subscriptions": [
                {
                    "id": f"feed/{s.source_id}",
                    "title": s.title,
                    "categories": (
                        [{"id": LABEL + s.folder, "label": s.folder}] if s.folder else []
                    ),
                    "url": s.feed_url,
                    "htmlUrl": s.site_url or s.feed_url,
                    "iconUrl": s.icon_url or "",
                    "firstitemmsec": str(int(s.created_at.timestamp() * 1000)),
                    "sortid": f"{s.source_id:08X}",
                }
                for s in subs
            ]
        },
    )


def _may_add(call: Call) -> bool:
    return call.reader.user.has_role(Role.ADMIN)


def subscription_edit(call: Call) -> Response:
    """``ac=subscribe|unsubscribe|edit`` of the feeds ``s`` (repeatable), with a title
    ``t`` and a label to add ``a`` or remove ``r``. All checked before any change."""
    action = call.one("ac", "edit")
    if action not in ("subscribe", "unsubscribe", "edit"):
        raise GReaderError(400, "ac must be subscribe, unsubscribe or edit")
    streams = call.many("s")
    if not streams:
        raise GReaderError(400, "s (a feed) is required")
    if len(streams) > MAX_EDIT_STREAMS:
        raise GReaderError(400, f"at most {MAX_EDIT_STREAMS} feeds a request")
    title = call.one("t").strip() or None
    if title is not None and len(title) > MAX_TITLE:
        raise GReaderError(400, f"a title has at most {MAX_TITLE} characters")
    add = _label(call.one("a"), "a") if call.one("a") else None
    remove = _label(call.one("r"), "r") if call.one("r") else None
    subs = call.subscriptions()
    if action == "subscribe":
        sources = []
        for stream in streams:
            if not stream.startswith("feed/") or len(stream) == 5:
                raise GReaderError(400, f"s must be feed/<address> or feed/<id>, not {stream}")
            sources.append(_subscribe_source(call, stream))
        for source_id in sources:
            call.state.subscribe(call.user_id, source_id, now=call.now, folder=add, title=title)
        return _ok()
    chosen = [resolve_feed(subs, s) for s in streams]
    for sub in chosen:
        if action == "unsubscribe":
            call.state.unsubscribe(call.user_id, sub.source_id)
            continue
        if title is not None:
            call.state.set_title(call.user_id, sub.source_id, title)
        if remove is not None and sub.folder == remove:
            call.state.set_folder(call.user_id, sub.source_id, None)
        if add is not None:
            call.state.set_folder(call.user_id, sub.source_id, add)
    return _ok()


def _subscribe_source(call: Call, stream: str) -> int:
    key = stream.removeprefix("feed/")
    repo = call.request.app.state.repository
    if key.isdigit():
        if len(key) > 18 or int(key) not in repo.sources.sources_by_ids([int(key)]):
            raise GReaderError(404, f"no feed {key}")
        return int(key)
    try:
        return listed_source(repo, key, now=call.now, title=None, may_add=_may_add(call)).id
    except NotAllowed as exc:
        raise GReaderError(403, str(exc)) from exc
    except FeedError as exc:
        raise GReaderError(400, str(exc)) from exc


def subscription_quickadd(call: Call) -> Response:
    """``quickadd?quickadd=<feed or site address>``: subscribe to what discovery finds."""
    url = call.one("quickadd").strip().removeprefix("feed/")
    if not url:
        raise GReaderError(400, "quickadd (a feed or site address) is required")
    app = call.request.app
    try:
        source = anyio.from_thread.run(
            lambda: quick_add_source(
                app.state.repository,
                app.state.settings,
                url,
                now=call.now,
                may_add=_may_add(call),
            )
        )
    except NotAllowed as exc:
        raise GReaderError(403, str(exc)) from exc
    except FeedError as exc:
        raise GReaderError(404, str(exc)) from exc
    call.state.subscribe(call.user_id, source.id, now=call.now)
    return json_answer(
        {
            "query": url,
            "numResults": 1,
            "streamId": f"feed/{source.id}",
            "streamName": source.title or source.feed_url,
        }
    )


def subscription_export(call: Call) -> Response:
    """The subscriptions as OPML, each in its label's folder."""
    feeds = [ListedFeed(s.feed_url, s.title, s.site_url, s.folder) for s in call.subscriptions()]
    name = call.request.app.state.settings.site_name
    body = write_listed_feeds(feeds, title=f"{name}: {call.reader.user.username}", created=call.now)
    return Response(
        body,
        media_type="text/x-opml",
        headers={
            "Content-Disposition": 'attachment; filename="subscriptions.opml"',
            **_OK,
        },
    )


def subscription_import(call: Call) -> Response:
    """An OPML file (the request body): subscribe to each feed Tidings follows (an admin
    also adds the new ones), in its first folder as the label."""
    try:
        feeds, skipped = read_listed_feeds(call.body)
    except OpmlError as exc:
        raise GReaderError(400, str(exc)) from exc
    repo = call.request.app.state.repository
    chosen: list[tuple[int, ListedFeed]] = []
    for feed in feeds:
        if feed.folder is not None and len(feed.folder) > MAX_FOLDER:
            skipped.append(f"{feed.url}: a label has at most {MAX_FOLDER} characters")
            continue
        try:
            source = listed_source(
                repo, feed.url, now=call.now, title=feed.title, may_add=_may_add(call)
            )
        except FeedError as exc:
            skipped.append(f"{feed.url}: {exc}")
            continue
        chosen.append((source.id, feed))
    present = {s.source_id for s in call.subscriptions()}
    for source_id, feed in chosen:
        call.state.subscribe(
            call.user_id,
            source_id,
            now=call.now,
            folder=feed.folder,
            title=None if source_id in present else feed.title,
        )
    return json_answer(
        {"subscribed": len(chosen), "skipped": skipped, "updated": seconds(call.now)}
    )


def _known_label(call: Call) -> str:
    """The label ``s`` (or ``t``) names: a 404 unless it is a folder or on an item."""
    name = _label(call.one("s") or call.one("t"), "s")
    if name not in call.state.folders(call.user_id) + call.state.item_label_names(call.user_id):
        raise GReaderError(404, f"no label {name}")
    return name


def rename_tag(call: Call) -> Response:
    """``rename-tag``: ``s`` (or ``t``) the label, ``dest`` its new name, for the folder
    and the items alike."""
    old = _known_label(call)
    new = _label(call.one("dest"), "dest")
    call.state.rename_folder(call.user_id, old, new)
    call.state.rename_item_label(call.user_id, old, new)
    return _ok()


def disable_tag(call: Call) -> Response:
    """``disable-tag``: the label's feeds stay subscribed, in no label, and its items lose
    it."""
    name = _known_label(call)
    call.state.remove_folder(call.user_id, name)
    call.state.remove_item_label(call.user_id, name)
    return _ok()
