"""A reader's data as pages show it (labelled follows and mutes) and as they export it.

The export is one JSON document built from ``EXPORT_SECTIONS``, in order: each a name
and a function of (request, user, lang) returning that section's JSON value. A feature
that keeps more of a reader's data (comments) adds its section to the tuple.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from fastapi import Request

from tidings.accounts.models import Follow, Mute, User
from tidings.errors import NotFound
from tidings.models import Source
from tidings.web.comments.threads import export_comments
from tidings.web.presentation.presenters import outlet_name
from tidings.web.routing.params import parse_id
from tidings.web.routing.view_context import now, repository, settings, sources_by_id

__all__ = ["EXPORT_SECTIONS", "Labelled", "export_account", "labelled_follows", "labelled_mutes"]

# Without a limit on pages, exports still stop somewhere: far past any real reader.
_EXPORT_LIMIT = 100_000


@dataclass(frozen=True, slots=True)
class Labelled:
    """A followed or muted thing with its name and page."""

    kind: str
    target: str
    label: str
    href: str
    since: datetime


def _label(
    request: Request, kind: str, target: str, lang: str, sources: dict[int, Source]
) -> tuple[str, str]:
    repo = repository(request)
    if kind == "hashtag":
        display = repo.stories.tag_display(target) or target
        return f"#{display.replace(' ', '')}", f"/{lang}/hashtag/{target}"
    if kind == "source":
        source_id = parse_id(target)
        source = sources.get(source_id) if source_id is not None else None
        return outlet_name(source), f"/{lang}/source/{target}"
    try:
        title = repo.stories.get_story(target).title or target
    except NotFound:
        title = target
    return title, f"/{lang}/story/{target}"


def _labelled(request: Request, items: Sequence[Follow | Mute], lang: str) -> list[Labelled]:
    sources = sources_by_id(request) if any(i.kind == "source" for i in items) else {}
    return [
        Labelled(i.kind, i.target, *_label(request, i.kind, i.target, lang, sources), i.created_at)
        for i in items
    ]


def labelled_follows(request: Request, follows: Sequence[Follow], lang: str) -> list[Labelled]:
    """Follows with their names and links, as the account page lists them."""
    return _labelled(request, follows, lang)


def labelled_mutes(request: Request, mutes: Sequence[Mute], lang: str) -> list[Labelled]:
    """Mutes with their names and links."""
    return _labelled(request, mutes, lang)


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def _account(request: Request, user: User, lang: str) -> Any:
    return {
        "id": user.id,
        "username": user.username,
        "email": user.email,
        "role": user.role.value,
        "created_at": _iso(user.created_at),
        "password_changed_at": _iso(user.password_changed_at),
    }


def _follows(request: Request, user: User, lang: str) -> Any:
    follows = repository(request).accounts.follows(user.id)
    return [
        {"kind": f.kind, "target": f.target, "name": f.label, "since": _iso(f.since)}
        for f in labelled_follows(request, follows, lang)
    ]


def _mutes(request: Request, user: User, lang: str) -> Any:
    mutes = repository(request).accounts.mutes(user.id)
    return [
        {"kind": m.kind, "target": m.target, "name": m.label, "since": _iso(m.since)}
        for m in labelled_mutes(request, mutes, lang)
    ]


def _page(request: Request, lang: str, article_id: str) -> str:
    return f"{settings(request).public_url}/{lang}/article/{article_id}"


def _saved(request: Request, user: User, lang: str) -> Any:
    saved = repository(request).accounts.saved_articles(user.id, limit=_EXPORT_LIMIT)
    return [
        {
            "article_id": s.article_id,
            "title": s.title,
            "page": _page(request, lang, s.article_id),
            "saved_at": _iso(s.saved_at),
        }
        for s in saved
    ]


def _history(request: Request, user: User, lang: str) -> Any:
    history = repository(request).accounts.reading_history(user.id, limit=_EXPORT_LIMIT)
    return [
        {
            "article_id": h.article_id,
            "title": h.title,
            "page": _page(request, lang, h.article_id),
            "read_at": _iso(h.read_at),
        }
        for h in history
    ]


ExportSection = Callable[[Request, User, str], Any]

# The sections of an export, in order. Comments (issue #7, point 2) add theirs here.
EXPORT_SECTIONS: tuple[tuple[str, ExportSection], ...] = (
    ("account", _account),
    ("follows", _follows),
    ("mutes", _mutes),
    ("saved", _saved),
    ("history", _history),
    ("comments", export_comments),
)


def export_account(request: Request, user: User, lang: str) -> dict[str, Any]:
    """Everything Tidings keeps about ``user``, as one JSON-ready document."""
    document: dict[str, Any] = {
        "format": "tidings-account-export",
        "version": 1,
        "site": settings(request).public_url,
        "exported_at": _iso(now(request)),
    }
    for name, section in EXPORT_SECTIONS:
        document[name] = section(request, user, lang)
    return document
