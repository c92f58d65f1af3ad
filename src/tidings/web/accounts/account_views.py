"""Signing up, in and out; the account page: password, export, delete, history."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from tidings.accounts.app_passwords import (
    app_password_hash,
    check_app_password_name,
    fever_key,
    new_app_password,
)
from tidings.accounts.credentials import (
    PASSWORD_TOO_LONG,
    PASSWORD_TOO_SHORT,
    USERNAME_RULE,
    check_password,
    check_username,
    normalise_username,
)
from tidings.accounts.models import User
from tidings.accounts.throttle import lockout, login_limits
from tidings.api.auth import app_passwords
from tidings.errors import UsernameTaken
from tidings.web.accounts.account_data import export_account, labelled_follows, labelled_mutes
from tidings.web.accounts.sessions import (
    client_address,
    csrf_token,
    current_user,
    keep_form_cookie,
    password_hasher,
    require_user,
    safe_next,
    sign_in,
    sign_out,
    verify_csrf,
)
from tidings.web.i18n import gettext as _
from tidings.web.i18n.dates import absolute_time
from tidings.web.middleware.page_cache import forget_pages
from tidings.web.routing.params import parse_id
from tidings.web.routing.view_context import check_language, now, repository, settings, templates

router = APIRouter()

Field = Annotated[str, Form()]
_LIST = 50  # saved articles and history entries on the account page
_NO_STORE = {"Cache-Control": "no-store"}


def _form_page(
    request: Request, name: str, context: dict[str, Any], *, status: int = 200
) -> HTMLResponse:
    response = templates(request).TemplateResponse(
        request, name, {"csrf": csrf_token(request), **context}, status_code=status
    )
    keep_form_cookie(request, response)
    return response


def problem_text(problem: str) -> str:
    """A problem with a new username or password, in the UI language."""
    known = {
        USERNAME_RULE: _(
            "A username has 3 to 32 letters (a–z), digits, dots, dashes or underscores, "
            "and starts and ends with a letter or digit."
        ),
        PASSWORD_TOO_SHORT: _("A password needs at least 8 characters."),
        PASSWORD_TOO_LONG: _("A password may have at most 1024 characters."),
    }
    return known.get(problem, problem)


def _redirect(path: str) -> RedirectResponse:
    return RedirectResponse(path, status_code=303)


# -- sign up -----------------------------------------------------------------------------------


def _signups_open(request: Request) -> None:
    if not settings(request).signups:
        raise HTTPException(
            status_code=404,
            detail=_("This site does not take new accounts. Ask its operator for one."),
        )


@router.get("/{lang}/signup", response_class=HTMLResponse)
def signup_page(request: Request, lang: str, next: str = "") -> Response:
    """The sign-up form: a username and a password; an email address if the reader likes."""
    check_language(lang)
    _signups_open(request)
    if current_user(request) is not None:
        return _redirect(safe_next(next, lang))
    return _form_page(request, "signup.html", {"lang": lang, "next": next, "values": {}})


@router.post("/{lang}/signup", dependencies=[Depends(verify_csrf)])
def signup(
    request: Request,
    lang: str,
    username: Field = "",
    password: Field = "",
    password_again: Field = "",
    email: Field = "",
    next: Field = "",
) -> Response:
    """Create a reader account and sign it in."""
    check_language(lang)
    _signups_open(request)
    name = normalise_username(username)
    email = email.strip()
    problem = check_username(name) or check_password(password)
    if problem is not None:
        problem = problem_text(problem)
    elif password != password_again:
        problem = _("The two passwords differ.")
    elif email and ("@" not in email or len(email) > 254 or " " in email):
        problem = _("That does not look like an email address.")
    if problem is None:
        try:
            user = repository(request).accounts.create_user(
                name,
                password_hasher(request).hash(password),
                now=now(request),
                email=email or None,
            )
        except UsernameTaken:
            problem = _("That username is taken. Choose another.")
    if problem is not None:
        values = {"username": username, "email": email}
        context = {"lang": lang, "next": next, "error": problem, "values": values}
        return _form_page(request, "signup.html", context, status=400)
    response = _redirect(safe_next(next, lang, f"/{lang}/account"))
    sign_in(request, response, user)
    return response


# -- sign in and out ---------------------------------------------------------------------------


@router.get("/{lang}/signin", response_class=HTMLResponse)
def signin_page(request: Request, lang: str, next: str = "") -> Response:
    """The sign-in form."""
    check_language(lang)
    if current_user(request) is not None:
        return _redirect(safe_next(next, lang))
    return _form_page(request, "signin.html", {"lang": lang, "next": next, "username": ""})


@router.post("/{lang}/signin", dependencies=[Depends(verify_csrf)])
def signin(
    request: Request, lang: str, username: Field = "", password: Field = "", next: Field = ""
) -> Response:
    """Check the password, within the failed-attempt limits; start a session."""
    check_language(lang)
    repo = repository(request)
    config = settings(request)
    moment = now(request)
    window = timedelta(minutes=config.login_lockout_minutes)
    name = normalise_username(username)[:64]
    limits = login_limits(name, client_address(request), config.login_max_failures)
    context = {"lang": lang, "next": next, "username": username}
    locked = lockout(
        limits,
        repo.accounts.recent_login_failures(limits, now=moment, window=window),
        now=moment,
        window=window,
    )
    if locked is None:
        found = repo.accounts.user_credentials(name)
        hasher = password_hasher(request)
        if hasher.verify(found[1] if found else None, password) and found is not None:
            user, stored = found
            repo.accounts.clear_login_failures(limits[0].key)
            if hasher.needs_rehash(stored):
                repo.accounts.set_password(
                    user.id, hasher.hash(password), now=moment, sign_out=False
                )
            response = _redirect(safe_next(next, lang))
            sign_in(request, response, user)
            return response
        repo.accounts.record_login_failure(
            [limit.key for limit in limits], now=moment, forget_before=moment - window
        )
        locked = lockout(
            limits,
            repo.accounts.recent_login_failures(limits, now=moment, window=window),
            now=moment,
            window=window,
        )
        if locked is None:
            context["error"] = _("Wrong username or password.")
            return _form_page(request, "signin.html", context, status=400)
    minutes = max(1, round((locked - moment).total_seconds() / 60))
    context["error"] = _(
        "Too many failed sign-ins. For your account's safety, signing in is paused: try "
        "again in %(minutes)d minutes (at %(time)s)."
    ) % {"minutes": minutes, "time": absolute_time(locked, lang)}
    return _form_page(request, "signin.html", context, status=429)


@router.post("/{lang}/signout", dependencies=[Depends(verify_csrf)])
def signout(request: Request, lang: str) -> Response:
    """End this browser's session."""
    check_language(lang)
    response = _redirect(f"/{lang}/")
    sign_out(request, response)
    # The browser's HTTP cache may hold signed-in pages (private, no-cache); app.js empties
    # the service worker's page caches before the form is sent.
    response.headers["Clear-Site-Data"] = '"cache"'
    return response


# -- the account page --------------------------------------------------------------------------


def _account(
    request: Request,
    lang: str,
    user: User,
    *,
    notice: str | None = None,
    error: str | None = None,
    status: int = 200,
    new_app_password: str | None = None,
) -> HTMLResponse:
    repo = repository(request)
    keys = app_passwords(request).app_passwords(user.id)
    return templates(request).TemplateResponse(
        request,
        "account.html",
        {
            "lang": lang,
            "nav": "account",
            "user": user,
            "csrf": csrf_token(request),
            "notice": notice,
            "error": error,
            "follows": labelled_follows(request, repo.accounts.follows(user.id), lang),
            "mutes": labelled_mutes(request, repo.accounts.mutes(user.id), lang),
            "saved": repo.accounts.saved_articles(user.id, limit=_LIST),
            "history": repo.accounts.reading_history(user.id, limit=_LIST),
            "app_passwords": [
                (k, absolute_time(k.created_at, lang), _used(k.last_used_at, lang)) for k in keys
            ],
            "new_app_password": new_app_password,
            "public_url": settings(request).public_url,
        },
        status_code=status,
        headers=_NO_STORE,
    )


@router.get("/{lang}/account", response_class=HTMLResponse)
def account_page(
    request: Request,
    lang: str,
    user: Annotated[User, Depends(require_user)],
    done: str = "",
) -> Response:
    """Password, export, delete; what the reader follows, mutes, saved and read."""
    check_language(lang)
    notices = {
        "password": _("Your password is changed. Every other browser is signed out."),
        "history": _("Your reading history is cleared."),
        "app-password": _("The app password is revoked. Apps using it are signed out."),
    }
    return _account(request, lang, user, notice=notices.get(done))


@router.post("/{lang}/account/password", dependencies=[Depends(verify_csrf)])
def change_password(
    request: Request,
    lang: str,
    user: Annotated[User, Depends(require_user)],
    current_password: Field = "",
    new_password: Field = "",
    new_password_again: Field = "",
) -> Response:
    """Change the password; every session ends, and this browser gets a new one."""
    check_language(lang)
    repo = repository(request)
    hasher = password_hasher(request)
    found = repo.accounts.user_credentials(user.username)
    if found is None or not hasher.verify(found[1], current_password):
        return _account(
            request, lang, user, error=_("Your current password is not right."), status=400
        )
    problem = check_password(new_password)
    if problem is not None:
        return _account(request, lang, user, error=problem_text(problem), status=400)
    if new_password != new_password_again:
        return _account(request, lang, user, error=_("The two passwords differ."), status=400)
    repo.accounts.set_password(user.id, hasher.hash(new_password), now=now(request))
    response = _redirect(f"/{lang}/account?done=password")
    sign_in(request, response, user)
    return response


@router.get("/{lang}/account/export")
def export(
    request: Request, lang: str, user: Annotated[User, Depends(require_user)]
) -> JSONResponse:
    """Everything Tidings keeps about the reader, as a JSON download."""
    check_language(lang)
    data = export_account(request, user, lang)
    filename = f"tidings-{user.username}-{now(request):%Y%m%d}.json"
    return JSONResponse(
        data,
        headers={"Content-Disposition": f'attachment; filename="{filename}"', **_NO_STORE},
    )


@router.post("/{lang}/account/delete", dependencies=[Depends(verify_csrf)])
def delete_account(
    request: Request,
    lang: str,
    user: Annotated[User, Depends(require_user)],
    password: Field = "",
) -> Response:
    """Delete the account and all its data, once the password confirms it."""
    check_language(lang)
    repo = repository(request)
    found = repo.accounts.user_credentials(user.username)
    if found is None or not password_hasher(request).verify(found[1], password):
        error = _("The password is not right, so your account was not deleted.")
        return _account(request, lang, user, error=error, status=400)
    repo.accounts.delete_user(user.id)
    forget_pages(request)  # the account's comments are gone from every page
    response = _redirect(f"/{lang}/")
    sign_out(request, response)
    # The browser's HTTP cache may hold signed-in pages (private, no-cache); app.js empties
    # the service worker's page caches before the form is sent.
    response.headers["Clear-Site-Data"] = '"cache"'
    return response


@router.post("/{lang}/account/history/clear", dependencies=[Depends(verify_csrf)])
def clear_history(
    request: Request, lang: str, user: Annotated[User, Depends(require_user)]
) -> Response:
    """Forget what the reader read."""
    check_language(lang)
    repository(request).accounts.clear_reading_history(user.id)
    return _redirect(f"/{lang}/account?done=history")


# -- app passwords (issue #18) -----------------------------------------------------------------


def _used(moment: datetime | None, lang: str) -> str:
    return _("never") if moment is None else absolute_time(moment, lang)


@router.post("/{lang}/account/app-passwords", dependencies=[Depends(verify_csrf)])
def create_app_password(
    request: Request,
    lang: str,
    user: Annotated[User, Depends(require_user)],
    name: Field = "",
) -> Response:
    """Make an app password for a reader app and show it, this once."""
    check_language(lang)
    if check_app_password_name(name) is not None:
        problem = _(
            "Give the app password a name of 1 to 64 characters, such as the app it is for."
        )
        return _account(request, lang, user, error=problem, status=400)
    secret = new_app_password()
    app_passwords(request).add_app_password(
        user.id,
        name.strip(),
        app_password_hash(secret),
        fever_key(user.username, secret),
        now=now(request),
    )
    return _account(request, lang, user, new_app_password=secret)


@router.post("/{lang}/account/app-passwords/revoke", dependencies=[Depends(verify_csrf)])
def revoke_app_password(
    request: Request,
    lang: str,
    user: Annotated[User, Depends(require_user)],
    password_id: Field = "",
) -> Response:
    """Revoke one of the reader's app passwords: the app using it is signed out."""
    check_language(lang)
    number = parse_id(password_id)
    if number is None or not app_passwords(request).revoke_app_password(user.id, number):
        raise HTTPException(status_code=404, detail=_("There is no such app password."))
    return _redirect(f"/{lang}/account?done=app-password")
