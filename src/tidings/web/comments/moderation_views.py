"""The moderation queue: reported, hidden and recent comments; hide, restore, ban; and,
for admins, comments switched off per source, article or story."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup

from tidings.accounts.models import Role, User
from tidings.comments.models import SWITCH_KINDS, Comment, CommentReport, SwitchKind
from tidings.errors import NotFound
from tidings.web.accounts.sessions import csrf_token, require_role, safe_next, verify_csrf
from tidings.web.comments.comment_markdown import render_comment
from tidings.web.comments.comment_views import comments_on
from tidings.web.comments.threads import report_reason_names, target_path
from tidings.web.i18n import gettext as _
from tidings.web.middleware.page_cache import forget_pages
from tidings.web.presentation.presenters import TimeView, outlet_name, time_view
from tidings.web.routing.params import id_or_404, parse_id
from tidings.web.routing.view_context import (
    check_language,
    now,
    repository,
    sources_by_id,
    templates,
)

router = APIRouter()

Field = Annotated[str, Form()]
Moderator = Annotated[User, Depends(require_role(Role.MODERATOR))]
Admin = Annotated[User, Depends(require_role(Role.ADMIN))]
_CSRF = [Depends(verify_csrf)]
_LIST = 50
_BAN_DAYS = {"1": 1, "7": 7, "30": 30}


@dataclass(frozen=True, slots=True)
class QueueItem:
    """A comment in the queue, with where it is and who reported it."""

    comment: Comment
    html: Markup
    time: TimeView | None
    page: str
    title: str
    reports: tuple[CommentReport, ...]


def _items(request: Request, lang: str, found: list[Comment]) -> list[QueueItem]:
    repo = repository(request)
    moment = now(request)
    titles = repo.comments.comment_target_titles((c.target_kind, c.target_id) for c in found)
    reports = repo.comments.comment_reports_for(c.id for c in found)
    return [
        QueueItem(
            comment=c,
            html=render_comment(c.body),
            time=time_view(c.created_at, moment, lang),
            page=f"{target_path(lang, c.target_kind, c.target_id)}#comment-{c.id}",
            title=titles.get((c.target_kind, c.target_id), c.target_id),
            reports=tuple(reports.get(c.id, ())),
        )
        for c in found
    ]


@router.get("/{lang}/moderation", response_class=HTMLResponse)
def moderation_page(request: Request, lang: str, user: Moderator, done: str = "") -> Response:
    """Reported comments first, then hidden and recent ones; bans; switches (admins)."""
    check_language(lang)
    comments_on(request)
    repo = repository(request)
    moment = now(request)
    switches = repo.comments.closed_comment_targets()
    sources = sources_by_id(request)
    titles = repo.comments.comment_target_titles(
        (s.kind, s.target) for s in switches if s.kind != "source"
    )
    switch_names = {
        (s.kind, s.target): outlet_name(sources.get(parse_id(s.target) or 0))
        if s.kind == "source"
        else titles.get((s.kind, s.target), s.target)
        for s in switches
    }
    notices = {
        "hidden": _("The comment is hidden."),
        "restored": _("The comment is shown again and its reports are settled."),
        "banned": _("The user may not comment for now."),
        "unbanned": _("The user may comment again."),
        "closed": _("Comments are switched off there."),
        "opened": _("Comments are switched on there."),
    }
    return templates(request).TemplateResponse(
        request,
        "moderation.html",
        {
            "lang": lang,
            "nav": "moderation",
            "csrf": csrf_token(request),
            "viewer": user,
            "notice": notices.get(done),
            "reported": _items(request, lang, repo.comments.reported_comments(limit=_LIST)),
            "hidden": _items(
                request, lang, repo.comments.recent_comments(limit=_LIST, hidden=True)
            ),
            "recent": _items(request, lang, repo.comments.recent_comments(limit=_LIST)),
            "bans": [
                (b, time_view(b.until, moment, lang)) for b in repo.comments.commenter_bans(moment)
            ],
            "switches": [(s, switch_names[(s.kind, s.target)]) for s in switches],
            "sources": sorted(sources.values(), key=lambda s: outlet_name(s).casefold()),
            "is_admin": user.has_role(Role.ADMIN),
            "reasons": dict(report_reason_names()),
        },
        headers={"Cache-Control": "no-store"},
    )


def _done(lang: str, what: str, next: str = "") -> RedirectResponse:
    fallback = f"/{lang}/moderation?done={what}"
    return RedirectResponse(safe_next(next, lang, fallback) if next else fallback, status_code=303)


@router.post("/{lang}/moderation/comments/{comment_id}/hide", dependencies=_CSRF)
def hide(
    request: Request, lang: str, comment_id: str, user: Moderator, reason: Field = ""
) -> Response:
    """Hide a comment from readers, with a reason its author sees."""
    check_language(lang)
    comments_on(request)
    found = id_or_404(comment_id, _("There is no such comment."))
    try:
        repository(request).comments.hide_comment(
            found, user.id, reason.strip()[:500] or None, now=now(request)
        )
    except NotFound:
        raise HTTPException(status_code=404, detail=_("There is no such comment.")) from None
    forget_pages(request)
    return _done(lang, "hidden")


@router.post("/{lang}/moderation/comments/{comment_id}/restore", dependencies=_CSRF)
def restore(request: Request, lang: str, comment_id: str, user: Moderator) -> Response:
    """Show a hidden comment again, or keep a reported one; its reports are settled."""
    check_language(lang)
    comments_on(request)
    found = id_or_404(comment_id, _("There is no such comment."))
    try:
        repository(request).comments.restore_comment(found)
    except NotFound:
        raise HTTPException(status_code=404, detail=_("There is no such comment.")) from None
    forget_pages(request)
    return _done(lang, "restored")


@router.post("/{lang}/moderation/ban", dependencies=_CSRF)
def ban(
    request: Request,
    lang: str,
    user: Moderator,
    user_id: Field = "",
    days: Field = "7",
    reason: Field = "",
) -> Response:
    """Stop a reader commenting for 1, 7 or 30 days, or for good."""
    check_language(lang)
    comments_on(request)
    repo = repository(request)
    target_id = parse_id(user_id)
    try:
        target = repo.accounts.get_user(target_id) if target_id is not None else None
    except NotFound:
        target = None
    if target is None:
        raise HTTPException(status_code=404, detail=_("There is no such user."))
    if target.id == user.id or (target.has_role(Role.MODERATOR) and not user.has_role(Role.ADMIN)):
        raise HTTPException(status_code=403, detail=_("Your account may not do that."))
    moment = now(request)
    until = None if days == "permanent" else moment + timedelta(days=_BAN_DAYS.get(days, 7))
    repo.comments.ban_commenter(
        target.id, banned_by=user.id, now=moment, until=until, reason=reason.strip()[:500]
    )
    forget_pages(request)
    return _done(lang, "banned")


@router.post("/{lang}/moderation/unban", dependencies=_CSRF)
def unban(request: Request, lang: str, user: Moderator, user_id: Field = "") -> Response:
    """Let a banned reader comment again."""
    check_language(lang)
    comments_on(request)
    target_id = parse_id(user_id)
    if target_id is not None:
        repository(request).comments.unban_commenter(target_id)
    forget_pages(request)
    return _done(lang, "unbanned")


def _switch_target(request: Request, kind: str, target: str) -> tuple[SwitchKind, str]:
    """The checked (kind, target); an article may be given by its page's URL."""
    target = target.strip().rstrip("/").split("#", 1)[0].split("?", 1)[0]
    if kind in ("article", "story"):
        target = target.rsplit("/", 1)[-1]
    repo = repository(request)
    chosen: SwitchKind | None = next((k for k in SWITCH_KINDS if k == kind), None)
    try:
        source_id = parse_id(target)
        if chosen == "source" and source_id is not None:
            repo.sources.get_source(source_id)
            return chosen, str(source_id)
        if chosen == "article":
            repo.articles.get_article(target)
            return chosen, target
        if chosen == "story":
            repo.stories.get_story(target)
            return chosen, target
    except NotFound:
        pass
    raise HTTPException(status_code=404, detail=_("There is no such source, article or story."))


@router.post("/{lang}/moderation/switch", dependencies=_CSRF)
def switch(
    request: Request,
    lang: str,
    user: Admin,
    kind: Field = "",
    target: Field = "",
    action: Field = "close",
    next: Field = "",
) -> Response:
    """Switch comments off (``close``) or on (``open``) for a source, article or story."""
    check_language(lang)
    comments_on(request)
    chosen, checked = _switch_target(request, kind, target)
    repo = repository(request)
    if action == "open":
        repo.comments.open_comments(chosen, checked)
    else:
        repo.comments.close_comments(chosen, checked, closed_by=user.id, now=now(request))
    forget_pages(request)
    what = "opened" if action == "open" else "closed"
    if next:
        path = safe_next(next, lang)
        return RedirectResponse(f"{path}?comments={what}#comments", status_code=303)
    return _done(lang, what)
