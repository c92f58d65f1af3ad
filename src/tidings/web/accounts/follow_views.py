"""Follow, mute and save buttons: small POST forms that come back to the page they were on."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import RedirectResponse

from tidings.accounts.models import FOLLOW_KINDS, MUTE_KINDS, FollowKind, MuteKind, User
from tidings.errors import NotFound
from tidings.store import Repository
from tidings.web.accounts.sessions import require_user, safe_next, verify_csrf
from tidings.web.i18n import gettext as _
from tidings.web.routing.params import hex_id_or_404, is_hex_id, parse_id
from tidings.web.routing.view_context import check_language, now, repository

router = APIRouter()

Field = Annotated[str, Form()]
Reader = Annotated[User, Depends(require_user)]
_CSRF = [Depends(verify_csrf)]


def _missing() -> HTTPException:
    return HTTPException(status_code=404, detail=_("There is nothing like that to follow."))


def _checked(repo: Repository, kind: str, target: str) -> str | None:
    """``target`` if it names an existing hashtag, source or story, with the story's anchor
    article; 404 otherwise."""
    if kind == "hashtag":
        if len(target) > 120 or repo.stories.tag_display(target) is None:
            raise _missing()
        return None
    if kind == "source":
        source_id = parse_id(target)
        if source_id is None:
            raise _missing()
        try:
            repo.sources.get_source(source_id)
        except NotFound:
            raise _missing() from None
        return None
    if kind == "story" and is_hex_id(target):
        members = repo.stories.story_articles(target, include_copies=False)
        if members:
            return members[0].id
    raise _missing()


def _back(request: Request, lang: str, next: str) -> RedirectResponse:
    return RedirectResponse(safe_next(next, lang), status_code=303)


@router.post("/{lang}/follow", dependencies=_CSRF)
def follow(
    request: Request,
    lang: str,
    user: Reader,
    kind: Field = "",
    target: Field = "",
    next: Field = "",
) -> RedirectResponse:
    """Follow a hashtag, a source or a story."""
    check_language(lang)
    if kind not in FOLLOW_KINDS:
        raise _missing()
    repo = repository(request)
    anchor = _checked(repo, kind, target)
    chosen: FollowKind = kind
    repo.accounts.follow(user.id, chosen, target, now=now(request), anchor=anchor)
    return _back(request, lang, next)


@router.post("/{lang}/unfollow", dependencies=_CSRF)
def unfollow(
    request: Request,
    lang: str,
    user: Reader,
    kind: Field = "",
    target: Field = "",
    next: Field = "",
) -> RedirectResponse:
    """Stop following something."""
    check_language(lang)
    if kind not in FOLLOW_KINDS:
        raise _missing()
    chosen: FollowKind = kind
    repository(request).accounts.unfollow(user.id, chosen, target)
    return _back(request, lang, next)


@router.post("/{lang}/mute", dependencies=_CSRF)
def mute(
    request: Request,
    lang: str,
    user: Reader,
    kind: Field = "",
    target: Field = "",
    next: Field = "",
) -> RedirectResponse:
    """Keep a hashtag or a source out of "For you"."""
    check_language(lang)
    if kind not in MUTE_KINDS:
        raise _missing()
    repo = repository(request)
    _checked(repo, kind, target)
    chosen: MuteKind = kind
    repo.accounts.mute(user.id, chosen, target, now=now(request))
    return _back(request, lang, next)


@router.post("/{lang}/unmute", dependencies=_CSRF)
def unmute(
    request: Request,
    lang: str,
    user: Reader,
    kind: Field = "",
    target: Field = "",
    next: Field = "",
) -> RedirectResponse:
    """Let a muted hashtag or source back into "For you"."""
    check_language(lang)
    if kind not in MUTE_KINDS:
        raise _missing()
    chosen: MuteKind = kind
    repository(request).accounts.unmute(user.id, chosen, target)
    return _back(request, lang, next)


@router.post("/{lang}/save", dependencies=_CSRF)
def save(
    request: Request, lang: str, user: Reader, article_id: Field = "", next: Field = ""
) -> RedirectResponse:
    """Put an article on the reader's list."""
    check_language(lang)
    repo = repository(request)
    hex_id_or_404(article_id, _("No such article."))
    try:
        repo.articles.get_article(article_id)
    except NotFound:
        raise HTTPException(status_code=404, detail=_("No such article.")) from None
    repo.accounts.save_article(user.id, article_id, now=now(request))
    return _back(request, lang, next)


@router.post("/{lang}/unsave", dependencies=_CSRF)
def unsave(
    request: Request, lang: str, user: Reader, article_id: Field = "", next: Field = ""
) -> RedirectResponse:
    """Take an article off the reader's list."""
    check_language(lang)
    repository(request).accounts.unsave_article(user.id, article_id)
    return _back(request, lang, next)
