"""Google Reader streams: item ids, contents, unread counts, and the marks (``edit-tag``,
``mark-all-as-read``).

A stream is the reading list (every subscription), starred, read, one feed
(``feed/<source id>``) or one label (``user/-/label/<name>``: the items of the feeds in
that folder and the items the reader labelled so with ``edit-tag``). Ids page newest first
(``r=o``: oldest first) by item id, keyset-paged: ``c`` is the last id of the page before,
so articles arriving meanwhile never shift a page.
"""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi import Response

from tidings.accounts.reader_state import ReaderItem, Subscription
from tidings.api.greader_call import (
    LABEL,
    NO_STORE,
    STATE,
    Call,
    GReaderError,
    json_answer,
    seconds_time,
)
from tidings.api.ids import long_item_id, parse_item_id
from tidings.api.items import item_author, item_html, seconds
from tidings.store.sql_subscriptions import MAX_FOLDER

__all__ = [
    "MAX_EDIT_IDS",
    "MAX_IDS",
    "MAX_ITEMS",
    "checked_label",
    "edit_tag",
    "item_contents",
    "item_ids",
    "label_part",
    "mark_all_as_read",
    "stream_contents",
    "unread_count",
]

MAX_IDS = 10_000  # ids per stream/items/ids page
MAX_ITEMS = 1_000  # items per contents answer
MAX_EDIT_IDS = 1_000  # ids per edit-tag
READING_LIST = STATE + "reading-list"
_READ, _STARRED, _KEPT_UNREAD = STATE + "read", STATE + "starred", STATE + "kept-unread"
_CHUNK = 500


@dataclass(frozen=True, slots=True)
class _Stream:
    id: str
    title: str
    source_ids: list[int] | None  # None: any source (starred)
    read: bool | None = None
    starred: bool | None = None
    label: str | None = None  # and the items the reader labelled so


def _state_name(stream: str) -> str | None:
    """``read`` of ``user/-/state/com.google/read`` (or ``user/1234/state/...``)."""
    head, sep, name = stream.partition("/state/com.google/")
    if sep and head.startswith("user/") and "/" not in head[5:] and name:
        return name
    return None


def label_part(tag: str) -> str | None:
    """``NAME`` of ``user/-/label/NAME`` (or ``user/1234/label/NAME``) as sent, perhaps
    empty; None for any other tag."""
    head, sep, name = tag.partition("/label/")
    if sep and head.startswith("user/") and "/" not in head[5:]:
        return name
    return None


def _label_name(stream: str) -> str | None:
    return label_part(stream) or None


def checked_label(name: str, what: str) -> str:
    """A label name as kept (trimmed): a 400 when empty or longer than a folder's."""
    name = name.strip()
    if not name:
        raise GReaderError(400, f"{what} must name a label")
    if len(name) > MAX_FOLDER:
        raise GReaderError(400, f"a label has at most {MAX_FOLDER} characters")
    return name


def resolve_feed(subs: list[Subscription], stream: str) -> Subscription:
    """The subscription of ``feed/<source id>`` or ``feed/<feed address>``."""
    key = stream.removeprefix("feed/")
    for sub in subs:
        if (key.isdigit() and int(key) == sub.source_id) or key == sub.feed_url:
            return sub
    raise GReaderError(404, f"{stream} is not among your subscriptions")


def _stream(call: Call, stream: str) -> _Stream:
    subs = call.subscriptions()
    everything = [s.source_id for s in subs]
    if not stream or stream == READING_LIST:
        return _Stream(READING_LIST, "Reading list", everything)
    state = _state_name(stream)
    if state == "reading-list":
        return _Stream(READING_LIST, "Reading list", everything)
    if state == "starred":
        return _Stream(_STARRED, "Starred", None, starred=True)
    if state == "read":
        return _Stream(_READ, "Read", everything, read=True)
    if state is not None:
        raise GReaderError(400, f"unknown stream {stream}")
    if stream.startswith("feed/"):
        sub = resolve_feed(subs, stream)
        return _Stream(f"feed/{sub.source_id}", sub.title, [sub.source_id])
    label = _label_name(stream)
    if label is not None:
        chosen = [s.source_id for s in subs if s.folder == label]
        if not chosen and label not in call.state.item_label_names(call.user_id):
            raise GReaderError(404, f"no label {label}")
        return _Stream(LABEL + label, label, chosen, label=label)
    raise GReaderError(400, f"unknown stream {stream}")


def _filter(current: bool | None, wanted: bool) -> bool | None:
    if current is not None and current != wanted:
        raise _Empty
    return wanted


class _Empty(Exception):
    """The stream's filters exclude each other: nothing matches."""


def _stream_ids(call: Call, stream_id: str, *, most: int) -> tuple[_Stream, list[int]]:
    """The page of a stream the arguments ask for: (the stream, its item ids)."""
    stream = _stream(call, stream_id)
    count = call.number("n", default=20, least=1, most=most)
    after = call.number("c", default=0, most=2**63 - 1) or None
    older = call.number("nt", default=0, most=2**40)
    newer = call.number("ot", default=0, most=2**40)
    order = call.one("r", "n")
    if order not in ("n", "o", "d", ""):
        raise GReaderError(400, "r must be o (oldest first) or n (newest first)")
    read, starred = stream.read, stream.starred
    try:
        for tag in call.many("xt"):
            if _state_name(tag) == "read":
                read = _filter(read, False)
            elif _state_name(tag) == "starred":
                starred = _filter(starred, False)
            elif _state_name(tag) != "kept-unread":
                raise GReaderError(400, f"xt takes {_READ} or {_STARRED}, not {tag}")
        for tag in call.many("it"):
            if _state_name(tag) == "read":
                read = _filter(read, True)
            elif _state_name(tag) == "starred":
                starred = _filter(starred, True)
            else:
                raise GReaderError(400, f"it takes {_READ} or {_STARRED}, not {tag}")
    except _Empty:
        return stream, []
    found = call.state.stream_item_ids(
        call.user_id,
        source_ids=stream.source_ids,
        label=stream.label,
        read=read,
        starred=starred,
        newer_than=seconds_time(newer, "ot") - timedelta(microseconds=1) if newer else None,
        older_than=seconds_time(older, "nt") if older else None,
        after=after,
        oldest_first=order == "o",
        limit=count,
    )
    return stream, found


def _usec(moment: datetime) -> int:
    return int(moment.timestamp() * 1_000_000)


def item_ids(call: Call) -> Response:
    """``stream/items/ids``: the ids of a stream, up to 10,000 a page."""
    _, found = _stream_ids(call, call.one("s"), most=MAX_IDS)
    count = call.number("n", default=20, least=1, most=MAX_IDS)
    # An item id is its article's discovery time in microseconds, one more where that was
    # taken (``store.item_ids``): the crawl timestamp FreshRSS also hands out as the id,
    # unique and growing, so clients may sort or resume on either. The 10,000 references
    # are written as text straight away: integers need no escaping, and 10,000 dicts
    # would only be built to be serialised (and would wake the garbage collector).
    refs = ",".join(
        f'{{"id":"{item_id}","directStreamIds":[],"timestampUsec":"{item_id}"}}'
        for item_id in found
    )
    more = f',"continuation":"{found[-1]}"' if len(found) == count else ""
    return Response(
        f'{{"itemRefs":[{refs}]{more}}}',
        media_type="application/json",
        headers=NO_STORE,
    )


def _items_json(call: Call, ids: list[int]) -> list[dict[str, Any]]:
    folders = {s.source_id: s.folder for s in call.subscriptions()}
    found: dict[int, ReaderItem] = {}
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        for item in call.state.items(call.user_id, item_ids=chunk, limit=len(chunk)):
            found[item.item_id] = item
    chosen = [found[i] for i in ids if i in found]
    labels = call.state.item_labels(call.user_id, [item.article.id for item in chosen])
    return [
        _item(item, [folders.get(item.article.source_id), *labels.get(item.article.id, [])])
        for item in chosen
    ]


def _item(item: ReaderItem, labels: list[str | None]) -> dict[str, Any]:
    """The item as clients read it; ``labels``: its feed's folder and its own labels."""
    article = item.article
    crawled = article.discovered_at or article.sort_time or datetime.now(UTC)
    published = article.published or article.sort_time or crawled
    categories = [READING_LIST]
    categories += [LABEL + name for name in dict.fromkeys(labels) if name]
    if item.read:
        categories.append(_READ)
    if item.starred:
        categories.append(_STARRED)
    # Miniflux's shapes, which strict decoders (the PyPI google-reader client builds its
    # dataclasses from these exact keys) and the apps that sync with Miniflux all read:
    # an enclosure is {url, type}, a canonical link {href} alone. The lead image is in
    # summary.content too, for apps that read only href enclosures.
    enclosure = []
    if article.lead_image is not None:
        kind = mimetypes.guess_type(article.lead_image.url)[0] or "image/jpeg"
        enclosure.append({"url": article.lead_image.url, "type": kind})
    return {
        "id": long_item_id(item.item_id),
        "crawlTimeMsec": str(_usec(crawled) // 1000),
        "timestampUsec": str(item.item_id),  # as in stream/items/ids
        "published": seconds(published),
        "updated": seconds(article.modified or published),
        "title": article.title,
        "canonical": [{"href": article.url}],
        "alternate": [{"href": article.url, "type": "text/html"}],
        "categories": categories,
        "origin": {
            "streamId": f"feed/{article.source_id}",
            "title": item.source_title,
            "htmlUrl": item.site_url or item.feed_url,
        },
        "summary": {"direction": "ltr", "content": item_html(item)},
        "author": item_author(item),
        "enclosure": enclosure,
    }


def _parse_ids(values: list[str], *, most: int) -> list[int]:
    if not values:
        raise GReaderError(400, "i (an item id) is required")
    if len(values) > most:
        raise GReaderError(400, f"at most {most} item ids a request")
    ids: list[int] = []
    for value in values:
        item_id = parse_item_id(value)
        if item_id is None:
            raise GReaderError(400, f"malformed item id {value[:80]!r}")
        ids.append(item_id)
    return list(dict.fromkeys(ids))


def item_contents(call: Call) -> Response:
    """``stream/items/contents``: the items named by ``i`` (repeated, any id form); ids
    of no article are left out, and none known is a 404."""
    ids = _parse_ids(call.many("i"), most=MAX_ITEMS)
    items = _items_json(call, ids)
    if not items:
        raise GReaderError(404, "none of these item ids is an article")
    return json_answer(
        {"id": READING_LIST, "updated": seconds(call.now), "items": items},
    )


def stream_contents(call: Call, stream_id: str) -> Response:
    """``stream/contents/<stream>`` (or ``?s=``; none: the reading list): a page of items."""
    stream, found = _stream_ids(call, stream_id or call.one("s"), most=MAX_ITEMS)
    count = call.number("n", default=20, least=1, most=MAX_ITEMS)
    out: dict[str, Any] = {
        "id": stream.id,
        "title": stream.title,
        "updated": seconds(call.now),
        "items": _items_json(call, found),
    }
    if len(found) == count:
        out["continuation"] = str(found[-1])
    return json_answer(out)


def unread_count(call: Call) -> Response:
    """``unread-count``: per feed, per label and the reading list, with the newest time."""
    counts = call.state.unread_counts(call.user_id)
    rows: list[dict[str, Any]] = []
    labels: dict[str, list[tuple[int, datetime]]] = {}
    for sub in call.subscriptions():
        if sub.source_id not in counts:
            continue
        count, newest = counts[sub.source_id]
        rows.append(_count_row(f"feed/{sub.source_id}", count, newest))
        if sub.folder:
            labels.setdefault(sub.folder, []).append((count, newest))
    for name, found in sorted(labels.items()):
        rows.append(_count_row(LABEL + name, sum(c for c, _ in found), max(w for _, w in found)))
    if counts:
        total = sum(c for c, _ in counts.values())
        rows.append(_count_row(READING_LIST, total, max(w for _, w in counts.values())))
    return json_answer({"max": sum(c for c, _ in counts.values()), "unreadcounts": rows})


def _count_row(stream: str, count: int, newest: datetime) -> dict[str, Any]:
    return {"id": stream, "count": count, "newestItemTimestampUsec": str(_usec(newest))}


# -- marks -------------------------------------------------------------------------------------


def edit_tag(call: Call) -> Response:
    """``edit-tag``: ``a`` adds and ``r`` removes read, starred, kept-unread or a label
    (``user/-/label/NAME``) on the items ``i`` (up to 1,000). Every id and tag is checked
    before anything is written."""
    ids = _parse_ids(call.many("i"), most=MAX_EDIT_IDS)
    changes: list[tuple[str, bool]] = []
    labels: list[tuple[str, bool]] = []
    for adding, tags in ((True, call.many("a")), (False, call.many("r"))):
        for tag in tags:
            name = _state_name(tag)
            label = label_part(tag)
            if name in ("read", "starred", "kept-unread"):
                changes.append((name, adding))
            elif name is not None and name.startswith("tracking-"):
                continue  # Google's own bookkeeping: nothing to keep
            elif label is not None:
                labels.append((checked_label(label, "a label tag"), adding))
            else:
                raise GReaderError(400, f"unknown tag {tag[:80]!r}")
    if not changes and not labels:
        raise GReaderError(400, "a or r (a tag to add or remove) is required")
    known = call.state.article_ids(ids)
    missing = [i for i in ids if i not in known]
    if missing:
        raise GReaderError(404, f"no item {long_item_id(missing[0])}")
    articles = [known[i] for i in ids]
    for name, adding in changes:
        if name == "starred":
            call.state.set_starred(call.user_id, articles, adding, now=call.now)
        else:
            read = adding if name == "read" else not adding
            call.state.set_read(call.user_id, articles, read, now=call.now)
    for label, adding in labels:
        call.state.set_item_label(call.user_id, articles, label, adding, now=call.now)
    return Response("OK", media_type="text/plain", headers={"Cache-Control": "no-store"})


def mark_all_as_read(call: Call) -> Response:
    """``mark-all-as-read``: a feed, a label (its folder's feeds and the items labelled so)
    or the reading list, up to ``ts`` (seconds or microseconds; none: now)."""
    stream = _stream(call, call.one("s"))
    if stream.source_ids is None or stream.read is not None:
        raise GReaderError(400, "mark-all-as-read takes the reading list, a feed or a label")
    text = call.one("ts").strip()
    before = call.now
    if text:
        stamp = call.number("ts", default=0, most=2**62)
        # Microseconds when larger than any time in seconds (Google Reader sends them).
        before = (
            seconds_time(stamp // 1_000_000, "ts") + timedelta(microseconds=stamp % 1_000_000 + 1)
            if stamp > 100_000_000_000
            else seconds_time(stamp, "ts") + timedelta(seconds=1)
        )
        before = min(before, call.now)
    if stream.source_ids:
        call.state.mark_read_before(call.user_id, before, source_ids=stream.source_ids)
    if stream.label is not None:
        # Labelled items of other feeds have no line of this stream to move: each unread
        # one found before ``before`` gets its own read mark.
        found = call.state.labelled_article_ids(call.user_id, stream.label, before=before)
        unread = set(found) - call.state.read_article_ids(
            call.user_id, found, subscriptions=call.subscriptions()
        )
        call.state.set_read(call.user_id, [a for a in found if a in unread], True, now=call.now)
    return Response("OK", media_type="text/plain", headers={"Cache-Control": "no-store"})
