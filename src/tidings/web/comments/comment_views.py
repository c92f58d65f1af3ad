"""Writing, editing, deleting, reporting comments and muting commenters: POST forms that
come back to the comment on its page (no script needed). A refused comment comes back
on a form page of its own with the reason and the text kept."""

from __future__ import annotations

import contextlib
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from tidings.accounts.models import User
from tidings.comments.models import REPORT_REASONS, TARGET_KINDS, Comment, ReportReason, TargetKind
from tidings.comments.rules import REPEAT_MEMORY, check_edit, check_new_comment, editable
from tidings.errors import NotFound
from tidings.store import Repository
from tidings.web.accounts.sessions import csrf_token, require_user, safe_next, verify_csrf
from tidings.web.comments.threads import closed_by, refusal_message, target_page, target_path
from tidings.web.i18n import gettext as _
from tidings.web.middleware.page_cache import forget_pages
from tidings.web.routing.params import id_or_404, is_hex_id, parse_id
from tidings.web.routing.view_context import check_language, now, repository, settings, templates

router = APIRouter()

Field = Annotated[str, Form()]
Reader = Annotated[User, Depends(require_user)]
_CSRF = [Depends(verify_csrf)]
_NOTE_LIMIT = 500


def comments_on(request: Request) -> None:
    """404 when the site has comments switched off."""
    if not settings(request).comments_enabled:
        raise HTTPException(status_code=404, detail=_("This site has comments switched off."))


def _source_of(repo: Repository, kind: str, target: str) -> int | None:
    """The source of an article (None for a story); 404 for an unknown target."""
    try:
        if kind == "article" and is_hex_id(target):
            return repo.articles.get_article(target).source_id
        if kind == "story" and is_hex_id(target):
            repo.stories.get_story(target)
            return None
    except NotFound:
        pass
    raise HTTPException(status_code=404, detail=_("There is no such page to comment on."))


def _comment(repo: Repository, comment_id: str) -> Comment:
    """The comment numbered ``comment_id`` (a path's text); 404 when there is none."""
    try:
        return repo.comments.get_comment(id_or_404(comment_id, _("There is no such comment.")))
    except NotFound:
        raise HTTPException(status_code=404, detail=_("There is no such comment.")) from None


def _back(path: str, *, notice: str = "", anchor: str = "comments") -> RedirectResponse:
    query = f"?comments={notice}" if notice else ""
    return RedirectResponse(f"{path}{query}#{anchor}", status_code=303)


def _form_page(
    request: Request, lang: str, context: dict[str, Any], *, status: int = 200
) -> HTMLResponse:
    return templates(request).TemplateResponse(
        request,
        "comment_form.html",
        {"lang": lang, "csrf": csrf_token(request), "error": None, **context},
        status_code=status,
    )


def _may_post(request: Request, user: User, kind: str, target: str) -> str | None:
    """Why ``user`` may not write on this target now, or None."""
    repo = repository(request)
    source_id = _source_of(repo, kind, target)
    if closed_by(repo, kind, target, source_id) is not None:
        return _("Comments are switched off here.")
    ban = repo.comments.commenter_ban(user.id, now(request))
    if ban is None:
        return None
    if ban.until is None:
        return _("Your account may no longer comment.")
    return _("Your account may not comment until %(time)s.") % {
        "time": ban.until.strftime("%Y-%m-%d %H:%M UTC")
    }


@router.post("/{lang}/comments", dependencies=_CSRF)
def post_comment(
    request: Request,
    lang: str,
    user: Reader,
    kind: Field = "",
    target: Field = "",
    parent: Field = "",
    body: Field = "",
) -> Response:
    """Post a comment or a reply (one level: a reply to a reply joins its thread)."""
    check_language(lang)
    comments_on(request)
    if kind not in TARGET_KINDS:
        raise HTTPException(status_code=404, detail=_("There is no such page to comment on."))
    chosen: TargetKind = "article" if kind == "article" else "story"
    repo = repository(request)
    moment = now(request)
    page = target_path(lang, chosen, target)
    context = {"mode": "reply" if parent else "new", "body": body, "kind": chosen,
               "target": target, "parent": parent, "back": f"{page}#comments"}  # fmt: skip
    problem = _may_post(request, user, chosen, target)
    if problem is not None:
        return _form_page(request, lang, {**context, "error": problem}, status=403)
    recent = repo.comments.user_comments(user.id, limit=REPEAT_MEMORY)
    refused = check_new_comment(body, account_created=user.created_at, recent=recent, now=moment)
    if refused is not None:
        error = refusal_message(refused)
        return _form_page(request, lang, {**context, "error": error}, status=refused.status)
    added = None
    parent_id = parse_id(parent) if parent else None
    if parent_id is not None or not parent:
        with contextlib.suppress(NotFound):
            added = repo.comments.add_comment(
                chosen, target, user.id, body, now=moment, parent_id=parent_id
            )
    if added is None:  # no such parent: the reply comes back with its text kept
        error = _("There is no such comment.")
        return _form_page(request, lang, {**context, "error": error}, status=404)
    forget_pages(request, target_page(chosen, target))
    return _back(page, anchor=f"comment-{added.id}")


def _own(request: Request, user: User, comment_id: str) -> Comment:
    comment = _comment(repository(request), comment_id)
    if comment.user_id != user.id:
        raise HTTPException(status_code=403, detail=_("Only its author may change a comment."))
    return comment


@router.get("/{lang}/comments/{comment_id}/edit", response_class=HTMLResponse)
def edit_page(request: Request, lang: str, comment_id: str, user: Reader) -> Response:
    """The edit form, while the 15 minutes last."""
    check_language(lang)
    comments_on(request)
    comment = _own(request, user, comment_id)
    page = target_path(lang, comment.target_kind, comment.target_id)
    context = {"mode": "edit", "body": comment.body, "comment": comment,
               "back": f"{page}#comment-{comment.id}"}  # fmt: skip
    if not editable(comment, now(request)):
        refused = check_edit(comment, comment.body, account_created=user.created_at,
                             now=now(request))  # fmt: skip
        error = refusal_message(refused) if refused else None
        return _form_page(request, lang, {**context, "error": error}, status=403)
    return _form_page(request, lang, context)


@router.post("/{lang}/comments/{comment_id}/edit", dependencies=_CSRF)
def edit_comment(
    request: Request, lang: str, comment_id: str, user: Reader, body: Field = ""
) -> Response:
    """Change a comment's text within 15 minutes of posting it."""
    check_language(lang)
    comments_on(request)
    comment = _own(request, user, comment_id)
    moment = now(request)
    page = target_path(lang, comment.target_kind, comment.target_id)
    context = {"mode": "edit", "body": body, "comment": comment,
               "back": f"{page}#comment-{comment.id}"}  # fmt: skip
    problem = _may_post(request, user, comment.target_kind, comment.target_id)
    if problem is not None:
        return _form_page(request, lang, {**context, "error": problem}, status=403)
    refused = check_edit(comment, body, account_created=user.created_at, now=moment)
    if refused is not None:
        error = refusal_message(refused)
        return _form_page(request, lang, {**context, "error": error}, status=refused.status)
    repository(request).comments.edit_comment(comment.id, body, now=moment)
    forget_pages(request, target_page(comment.target_kind, comment.target_id))
    return _back(page, anchor=f"comment-{comment.id}")


@router.post("/{lang}/comments/{comment_id}/delete", dependencies=_CSRF)
def delete_comment(request: Request, lang: str, comment_id: str, user: Reader) -> Response:
    """Delete one's own comment (replies to it stay, under a "deleted" line)."""
    check_language(lang)
    comments_on(request)
    comment = _own(request, user, comment_id)
    repository(request).comments.delete_comment(comment.id)
    forget_pages(request, target_page(comment.target_kind, comment.target_id))
    page = target_path(lang, comment.target_kind, comment.target_id)
    return _back(page, notice="deleted")


@router.post("/{lang}/comments/{comment_id}/report", dependencies=_CSRF)
def report_comment(
    request: Request,
    lang: str,
    comment_id: str,
    user: Reader,
    reason: Field = "other",
    note: Field = "",
) -> Response:
    """Report a comment to the moderators (once per reader)."""
    check_language(lang)
    comments_on(request)
    repo = repository(request)
    comment = _comment(repo, comment_id)
    if comment.user_id == user.id:
        raise HTTPException(status_code=400, detail=_("You cannot report your own comment."))
    chosen: ReportReason = next((r for r in REPORT_REASONS if r == reason), "other")
    added = repo.comments.report_comment(
        comment.id, user.id, chosen, now=now(request), note=note.strip()[:_NOTE_LIMIT]
    )
    # Enough reports fold a comment away for everyone.
    forget_pages(request, target_page(comment.target_kind, comment.target_id))
    page = target_path(lang, comment.target_kind, comment.target_id)
    notice = "reported" if added else "already-reported"
    return _back(page, notice=notice, anchor=f"comment-{comment.id}")


def _commenter(request: Request, user: User, user_id: str) -> int:
    found = parse_id(user_id)
    if found is None or found == user.id:
        raise HTTPException(status_code=400, detail=_("There is no such commenter to mute."))
    return found


@router.post("/{lang}/comments/mute", dependencies=_CSRF)
def mute_commenter(
    request: Request, lang: str, user: Reader, user_id: Field = "", next: Field = ""
) -> Response:
    """Fold away another reader's comments, for this reader only."""
    check_language(lang)
    comments_on(request)
    try:
        repository(request).comments.mute_commenter(
            user.id, _commenter(request, user, user_id), now=now(request)
        )
    except NotFound:
        raise HTTPException(
            status_code=400, detail=_("There is no such commenter to mute.")
        ) from None
    return _back(safe_next(next, lang), notice="muted")


@router.post("/{lang}/comments/unmute", dependencies=_CSRF)
def unmute_commenter(
    request: Request, lang: str, user: Reader, user_id: Field = "", next: Field = ""
) -> Response:
    """Show a muted commenter's comments again."""
    check_language(lang)
    comments_on(request)
    repository(request).comments.unmute_commenter(user.id, _commenter(request, user, user_id))
    return _back(safe_next(next, lang), notice="unmuted")
