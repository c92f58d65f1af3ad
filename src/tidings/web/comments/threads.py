"""Comment threads as pages show them, the words for refused comments, the export.

Templates call ``comment_thread(request, kind, target, source_id)`` (installed by
``install_comments``): the article and story pages use it for the count near the title
and for the ``_comments.html`` section; one query per page, kept on the request.
What each reader sees is decided here: deleted and hidden comments leave a placeholder
only where replies hang on them, a muted commenter's comments fold to a line.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from fastapi import Request
from fastapi.templating import Jinja2Templates
from markupsafe import Markup

from tidings.accounts.models import Role, User
from tidings.comments.models import REPORT_REASONS, SWITCH_KINDS, Ban, Comment, SwitchKind
from tidings.comments.rules import EDIT_WINDOW, Refusal, RefusalCode, editable
from tidings.store import Repository
from tidings.web.accounts.sessions import csrf_token, current_user
from tidings.web.comments.comment_markdown import render_comment
from tidings.web.i18n import current_language
from tidings.web.i18n import gettext as _
from tidings.web.presentation.presenters import TimeView, time_view
from tidings.web.routing.view_context import now, repository, settings

__all__ = [
    "CommentThread",
    "CommentView",
    "closed_by",
    "comment_thread",
    "export_comments",
    "install_comments",
    "refusal_message",
    "report_reason_names",
    "target_path",
]

CommentState = Literal["shown", "deleted", "hidden", "muted"]
_EXPORT_LIMIT = 100_000


@dataclass(frozen=True, slots=True)
class CommentView:
    """One comment as one reader sees it."""

    id: int
    author: str | None
    author_id: int | None
    html: Markup
    time: TimeView | None
    edited: TimeView | None
    state: CommentState
    hidden_reason: str | None = None
    mine: bool = False
    can_edit: bool = False
    can_report: bool = False
    reported: bool = False
    can_mute: bool = False
    replies: tuple[CommentView, ...] = ()


@dataclass(frozen=True, slots=True)
class CommentThread:
    """The comment section of one article or story page, for this reader."""

    kind: str
    target: str
    page: str
    count: int
    items: tuple[CommentView, ...]
    closed: SwitchKind | None
    viewer: User | None
    ban: Ban | None
    csrf: str
    notice: str | None
    edit_minutes: int
    reasons: tuple[tuple[str, str], ...]

    @property
    def open(self) -> bool:
        """Whether new comments are taken here."""
        return self.closed is None

    @property
    def can_post(self) -> bool:
        """Whether this reader may write here now."""
        return self.open and self.viewer is not None and self.ban is None

    @property
    def moderator(self) -> bool:
        """Whether this reader moderates."""
        return self.viewer is not None and self.viewer.has_role(Role.MODERATOR)

    @property
    def admin(self) -> bool:
        """Whether this reader may switch comments off."""
        return self.viewer is not None and self.viewer.has_role(Role.ADMIN)


def target_path(lang: str, kind: str, target: str) -> str:
    """The page a comment target is shown on."""
    return f"/{lang}{target_page(kind, target)}"


def target_page(kind: str, target: str) -> str:
    """The page a comment target is shown on, without the language (``forget_pages``)."""
    return f"/{kind}/{target}"


def report_reason_names() -> tuple[tuple[str, str], ...]:
    """The reasons a reader may give for a report, with their names."""
    names = {
        "spam": _("Spam or advertising"),
        "abuse": _("Abusive or hateful"),
        "off-topic": _("Off topic"),
        "other": _("Something else"),
    }
    return tuple((reason, names[reason]) for reason in REPORT_REASONS)


def _notices() -> dict[str, str]:
    return {
        "reported": _("Thank you. A moderator will look at this comment."),
        "already-reported": _("You have already reported this comment."),
        "deleted": _("Your comment is deleted."),
        "muted": _("You muted this commenter. Their comments are folded away for you."),
        "unmuted": _("You see this commenter's comments again."),
        "closed": _("Comments are switched off here."),
        "opened": _("Comments are switched on here."),
        "hidden": _("The comment is hidden."),
    }


def refusal_message(refusal: Refusal) -> str:
    """Why a comment was not posted, in the reader's language."""
    values = refusal.values
    match refusal.code:
        case RefusalCode.EMPTY:
            return _("Write something first: the comment is empty.")
        case RefusalCode.TOO_LONG:
            return (
                _("A comment may have at most %(limit)d characters; this one has %(length)d.")
                % values
            )
        case RefusalCode.TOO_FAST:
            return (
                _(
                    "You are commenting too fast: at most %(limit)d comments in %(window)d "
                    "minutes. Try again in %(minutes)d minutes; your text is kept below."
                )
                % values
            )
        case RefusalCode.TOO_MANY_LINKS:
            return _("A comment may carry at most %(limit)d links.") % values
        case RefusalCode.NO_LINKS_YET:
            return (
                _(
                    "New accounts may not post links for their first %(hours)d hours. Remove "
                    "the links, or post them later."
                )
                % values
            )
        case RefusalCode.REPEATED:
            return _("You posted the same text recently. Write something new.")
        case RefusalCode.EDIT_CLOSED:
            return _("A comment can be edited for %(window)d minutes after posting.") % values
    raise AssertionError(refusal.code)  # pragma: no cover


def closed_by(repo: Repository, kind: str, target: str, source_id: int | None) -> SwitchKind | None:
    """What switched comments off for this target (the article, story or its source)."""
    wanted: list[tuple[SwitchKind, str]] = []
    if kind in SWITCH_KINDS:
        chosen: SwitchKind = "article" if kind == "article" else "story"
        wanted.append((chosen, target))
    if source_id is not None:
        wanted.append(("source", str(source_id)))
    switches = {s.kind for s in repo.comments.closed_comment_targets(wanted)}
    return next((k for k in SWITCH_KINDS if k in switches), None)


def _view(
    comment: Comment,
    *,
    viewer: User | None,
    muted: dict[int, str],
    reported: set[int],
    moment: datetime,
    lang: str,
    open_: bool,
    replies: tuple[CommentView, ...] = (),
) -> CommentView | None:
    mine = viewer is not None and comment.user_id == viewer.id
    if comment.deleted or (comment.hidden and not mine):
        if not replies:
            return None
        state: CommentState = "deleted" if comment.deleted else "hidden"
        return CommentView(comment.id, None, None, Markup(""), None, None, state, replies=replies)
    if comment.hidden:  # its author sees it is hidden, and why, but not the text again
        return CommentView(
            comment.id,
            comment.author,
            comment.user_id,
            Markup(""),
            time_view(comment.created_at, moment, lang),
            None,
            "hidden",
            hidden_reason=comment.hidden_reason,
            mine=True,
            replies=replies,
        )
    if comment.user_id is not None and comment.user_id in muted:
        return CommentView(
            comment.id,
            comment.author,
            comment.user_id,
            Markup(""),
            None,
            None,
            "muted",
            replies=replies,
        )
    others = viewer is not None and not mine
    return CommentView(
        id=comment.id,
        author=comment.author,
        author_id=comment.user_id,
        html=render_comment(comment.body),
        time=time_view(comment.created_at, moment, lang),
        edited=time_view(comment.edited_at, moment, lang),
        state="shown",
        mine=mine,
        can_edit=mine and open_ and editable(comment, moment),
        can_report=others,
        reported=comment.id in reported,
        can_mute=others and comment.user_id is not None,
        replies=replies,
    )


def build_thread(
    found: Sequence[Comment],
    *,
    viewer: User | None,
    muted: dict[int, str],
    reported: set[int],
    moment: datetime,
    lang: str,
    open_: bool,
) -> tuple[CommentView, ...]:
    """Top-level comments, oldest first, each with its replies, as ``viewer`` sees them."""
    replies: dict[int, list[Comment]] = {}
    for c in found:
        if c.parent_id is not None:
            replies.setdefault(c.parent_id, []).append(c)
    kw: dict[str, Any] = {
        "viewer": viewer,
        "muted": muted,
        "reported": reported,
        "moment": moment,
        "lang": lang,
        "open_": open_,
    }
    items: list[CommentView] = []
    for c in found:
        if c.parent_id is not None:
            continue
        shown = tuple(v for r in replies.get(c.id, []) if (v := _view(r, **kw)) is not None)
        view = _view(c, replies=shown, **kw)
        if view is not None:
            items.append(view)
    return tuple(items)


def comment_thread(
    request: Any, kind: str, target: str, source_id: int | None = None
) -> CommentThread | None:
    """The comment section of a page; None when the site has comments switched off."""
    if not isinstance(request, Request) or not settings(request).comments_enabled:
        return None
    cache: dict[tuple[str, str], CommentThread] = request.state.__dict__.setdefault(
        "comment_threads", {}
    )
    if (kind, target) in cache:
        return cache[(kind, target)]
    repo = repository(request)
    viewer = current_user(request)
    moment = now(request)
    lang = current_language()
    closed = closed_by(repo, kind, target, source_id)
    found = repo.comments.comments_on("article" if kind == "article" else "story", target)
    muted: dict[int, str] = {}
    reported: set[int] = set()
    ban = None
    if viewer is not None:
        muted = repo.comments.muted_commenters(viewer.id)
        reported = repo.comments.has_reported(viewer.id, [c.id for c in found])
        ban = repo.comments.commenter_ban(viewer.id, moment)
    thread = CommentThread(
        kind=kind,
        target=target,
        page=target_path(lang, kind, target),
        count=sum(1 for c in found if c.visible),
        items=build_thread(
            found,
            viewer=viewer,
            muted=muted,
            reported=reported,
            moment=moment,
            lang=lang,
            open_=closed is None and ban is None,
        ),
        closed=closed,
        viewer=viewer,
        ban=ban,
        csrf=csrf_token(request) if viewer is not None else "",
        notice=_notices().get(request.query_params.get("comments", "")),
        edit_minutes=int(EDIT_WINDOW.total_seconds() // 60),
        reasons=report_reason_names(),
    )
    cache[(kind, target)] = thread
    return thread


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat(timespec="seconds")


def export_comments(request: Request, user: User, lang: str) -> Any:
    """The account export's "comments" section: what the reader wrote, reported, muted."""
    repo = repository(request)
    base = settings(request).public_url
    written = repo.comments.user_comments(user.id, limit=_EXPORT_LIMIT)
    return {
        "written": [
            {
                "id": c.id,
                "on": c.target_kind,
                "target": c.target_id,
                "page": f"{base}{target_path(lang, c.target_kind, c.target_id)}#comment-{c.id}",
                "reply_to": c.parent_id,
                "text": c.body,
                "created_at": _iso(c.created_at),
                "edited_at": _iso(c.edited_at),
                "deleted": c.deleted,
                "hidden_by_moderator": c.hidden,
            }
            for c in written
        ],
        "reported": [
            {
                "comment_id": r.comment_id,
                "reason": r.reason,
                "note": r.note,
                "reported_at": _iso(r.created_at),
            }
            for r in repo.comments.reports_by(user.id)
        ],
        "muted_commenters": sorted(repo.comments.muted_commenters(user.id).values()),
    }


def install_comments(templates: Jinja2Templates) -> None:
    """Give templates ``comment_thread``."""
    templates.env.globals["comment_thread"] = comment_thread
