"""Accounts in the web layer: who is signed in, sessions, roles and CSRF tokens.

The API other views build on (comments, moderation):

- ``current_user(request)``: the signed-in ``User`` or None (one query, cached per request;
  none at all without a session cookie).
- ``require_user``: a dependency returning the ``User``; a reader who is not signed in is
  sent to the sign-in page and brought back (``SignInRequired``).
- ``require_role(Role.MODERATOR)``: a dependency factory; 403 for lesser roles.
- ``csrf_token(request)``: the token to put in a form's ``csrf_token`` field (templates
  call ``csrf_token(request)``; ``_csrf.html`` renders the hidden input).
- ``verify_csrf``: a dependency for every POST route; 403 unless the form carries the
  token. Forms shown to readers not signed in (sign in, sign up) are covered too: the
  token then signs a random value kept in a cookie (``keep_form_cookie``).
- ``sign_in``/``sign_out`` set and clear the session cookie (HttpOnly, SameSite=Lax,
  Secure when the site is served over https); the store keeps only the token's hash.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from urllib.parse import quote, urlsplit

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tidings.accounts.credentials import PasswordHasher
from tidings.accounts.models import FOLLOW_KINDS, Role, User
from tidings.accounts.tokens import new_token, sign, token_hash, tokens_match
from tidings.config import Settings
from tidings.errors import StoreError
from tidings.store import Repository
from tidings.web.i18n import gettext as _
from tidings.web.routing.view_context import now, repository, settings

__all__ = [
    "CSRF_FIELD",
    "FORM_COOKIE",
    "SESSION_COOKIE",
    "FollowControls",
    "SignInRequired",
    "account_controls",
    "client_address",
    "csrf_token",
    "current_user",
    "install_accounts",
    "keep_form_cookie",
    "password_hasher",
    "read_marks",
    "record_reading",
    "require_role",
    "require_user",
    "safe_next",
    "session_cookie_value",
    "session_token",
    "sign_in",
    "sign_out",
    "verify_csrf",
]

log = logging.getLogger(__name__)

SESSION_COOKIE = "tidings_session"
FORM_COOKIE = "tidings_form"
CSRF_FIELD = "csrf_token"
_FORM_COOKIE_SECONDS = 12 * 3600
_MISSING = object()


class SignInRequired(Exception):
    """The page needs a signed-in reader; answered with a redirect to the sign-in page."""

    def __init__(self, next_path: str) -> None:
        super().__init__(next_path)
        self.next_path = next_path


# -- who is signed in --------------------------------------------------------------------------


def current_user(request: Any) -> User | None:
    """The signed-in user of this request, or None. Templates call it as well."""
    if not isinstance(request, Request):  # a template rendered outside a request
        return None
    cached = getattr(request.state, "account_user", _MISSING)
    if cached is not _MISSING:
        return cached if isinstance(cached, User) else None
    user = None
    token = session_token(request)
    if token:
        user = repository(request).accounts.session_user(token_hash(token), now(request))
    request.state.account_user = user
    return user


def require_user(request: Request) -> User:
    """Dependency: the signed-in user; otherwise off to the sign-in page and back."""
    user = current_user(request)
    if user is None:
        back = request.url.path
        if request.method != "GET":  # back to the page the form was on
            back = urlsplit(request.headers.get("referer", "")).path
        raise SignInRequired(back)
    return user


def require_role(role: Role) -> Callable[[Request], User]:
    """Dependency factory: the signed-in user if their role includes ``role``, else 403."""

    def dependency(request: Request) -> User:
        user = require_user(request)
        if not user.has_role(role):
            raise HTTPException(status_code=403, detail=_("Your account may not do that."))
        return user

    return dependency


def password_hasher(request: Request) -> PasswordHasher:
    """The app's argon2id hasher (made on first use: it hashes a decoy password)."""
    hasher: PasswordHasher | None = getattr(request.app.state, "password_hasher", None)
    if hasher is None:
        hasher = request.app.state.password_hasher = PasswordHasher()
    return hasher


def client_address(request: Request) -> str | None:
    """The reader's address as the server sees it (behind a proxy: run uvicorn with
    ``--proxy-headers`` so this is the reader's, not the proxy's)."""
    return request.client.host if request.client else None


# -- sessions ----------------------------------------------------------------------------------


def _secure(config: Settings) -> bool:
    return config.public_url.startswith("https://")


def session_cookie_value(secret: str, token: str) -> str:
    """The cookie for session ``token``: the token and its HMAC, so a forged or altered
    cookie is refused before the store is asked."""
    return f"{token}.{sign(secret, 'cookie', token)}"


def session_token(request: Request) -> str | None:
    """The session token from this request's cookie, when its signature holds."""
    value = request.cookies.get(SESSION_COOKIE)
    if not value or len(value) > 256 or "." not in value:
        return None
    token, _, signature = value.rpartition(".")
    if not tokens_match(signature, sign(_secret(request), "cookie", token)):
        return None
    return token


def sign_in(request: Request, response: Response, user: User) -> None:
    """Start a session for ``user``: a new random token in the cookie, its hash stored."""
    config = settings(request)
    moment = now(request)
    token = new_token()
    lifetime = timedelta(days=config.session_days)
    repository(request).accounts.create_session(
        user.id, token_hash(token), now=moment, expires_at=moment + lifetime
    )
    response.set_cookie(
        SESSION_COOKIE,
        session_cookie_value(_secret(request), token),
        max_age=int(lifetime.total_seconds()),
        path="/",
        httponly=True,
        samesite="lax",
        secure=_secure(config),
    )
    response.delete_cookie(FORM_COOKIE, path="/")
    request.state.account_user = user


def sign_out(request: Request, response: Response) -> None:
    """End this browser's session (the row and the cookie)."""
    token = session_token(request)
    if token:
        repository(request).accounts.delete_session(token_hash(token))
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="lax")
    request.state.account_user = None


# -- CSRF --------------------------------------------------------------------------------------


def _secret(request: Request) -> str:
    secret: str = request.app.state.account_secret
    return secret


def csrf_token(request: Any) -> str:
    """The CSRF token for a form on this page: tied to the session when signed in, else
    to a random value in a cookie (``keep_form_cookie`` sets it on the response)."""
    if not isinstance(request, Request):
        return ""
    session = session_token(request)
    if session and current_user(request) is not None:
        return sign(_secret(request), "session", session)
    nonce = request.cookies.get(FORM_COOKIE) or getattr(request.state, "form_nonce", None)
    if not nonce:
        nonce = request.state.form_nonce = new_token()
    return sign(_secret(request), "form", nonce)


def keep_form_cookie(request: Request, response: Response) -> None:
    """Set the cookie a signed-out reader's form token signs, if this page made one."""
    nonce = getattr(request.state, "form_nonce", None)
    if nonce:
        response.set_cookie(
            FORM_COOKIE,
            nonce,
            max_age=_FORM_COOKIE_SECONDS,
            path="/",
            httponly=True,
            samesite="lax",
            secure=_secure(settings(request)),
        )


def _expected_csrf(request: Request) -> str | None:
    session = session_token(request)
    if session and current_user(request) is not None:
        return sign(_secret(request), "session", session)
    nonce = request.cookies.get(FORM_COOKIE)
    return sign(_secret(request), "form", nonce) if nonce else None


async def verify_csrf(request: Request) -> None:
    """Dependency for POST routes: 403 unless the form's ``csrf_token`` is this browser's."""
    form = await request.form()
    given = form.get(CSRF_FIELD)
    expected = _expected_csrf(request)
    if expected is None or not isinstance(given, str) or not tokens_match(given, expected):
        raise HTTPException(
            status_code=403,
            detail=_(
                "This form has expired or was not sent from this site, so nothing was "
                "changed. Go back, reload the page and try again."
            ),
        )


def safe_next(path: str | None, lang: str, default: str = "") -> str:
    """A local path to return to after a form (never another site), else ``default``."""
    fallback = default or f"/{lang}/"
    if not path or not path.startswith("/") or path.startswith("//") or "\\" in path:
        return fallback
    if any(ord(c) < 32 for c in path):
        return fallback
    return path


# -- what pages show a signed-in reader --------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FollowControls:
    """What the follow, mute and save buttons of one page need."""

    signed_in: bool
    following: bool = False
    muted: bool = False
    saved: bool = False
    csrf: str = ""
    next: str = ""


def account_controls(request: Any, kind: str, target: object) -> FollowControls:
    """The reader's state for the hashtag, source, story or article a page is about."""
    if not isinstance(request, Request):
        return FollowControls(signed_in=False)
    user = current_user(request)
    if user is None:
        return FollowControls(signed_in=False, next=request.url.path)
    repo = repository(request)
    csrf, back = csrf_token(request), request.url.path
    if kind == "article":
        saved = repo.accounts.is_saved(user.id, str(target))
        return FollowControls(True, saved=saved, csrf=csrf, next=back)
    if kind not in FOLLOW_KINDS:
        raise ValueError(f"nothing to follow of kind {kind!r}")
    following, muted = repo.accounts.follow_state(user.id, kind, str(target))
    return FollowControls(True, following=following, muted=muted, csrf=csrf, next=back)


def record_reading(request: Request, article_id: str) -> None:
    """Note that a signed-in reader opened an article; nothing for anyone else."""
    if request.method != "GET" or SESSION_COOKIE not in request.cookies:
        return
    user = current_user(request)
    if user is None:
        return
    try:
        # Into the reading history, and read for the reader apps too (issue #18).
        repository(request).accounts.record_reading(user.id, article_id, now=now(request))
    except StoreError as exc:  # the page matters more than the history entry
        log.warning("could not record reading of %s: %s", article_id, exc)


def article_read(request: Any, article_id: str) -> bool:
    """Whether the signed-in reader has read the article (the quiet mark on cards in
    lists); False for anyone else. One query a card, with its subscription's line;
    marks ``read_marks`` fetched for this request's cards are not read again."""
    if not isinstance(request, Request) or SESSION_COOKIE not in request.cookies:
        return False
    known: dict[str, bool] = request.state.__dict__.get("read_marks", {})
    if article_id in known:
        return known[article_id]
    return article_id in _read_ids(request, [article_id])


def read_marks(request: Request, article_ids: Sequence[str]) -> None:
    """Which of these articles (the cards a page is about to show) the signed-in reader
    has read, in one query rather than one per card; nothing for anyone else."""
    if SESSION_COOKIE not in request.cookies or not article_ids:
        return
    read = _read_ids(request, article_ids)
    known = request.state.__dict__.setdefault("read_marks", {})
    known.update({i: i in read for i in article_ids})


def _read_ids(request: Request, article_ids: Sequence[str]) -> set[str]:
    user = current_user(request)
    if user is None:
        return set()
    state = request.app.state.reader_state
    try:
        read: set[str] = state.read_article_ids(user.id, article_ids)
    except StoreError as exc:  # a card without its mark beats no page
        log.warning("could not read the read state of %s: %s", ", ".join(article_ids), exc)
        return set()
    return read


# -- wiring ------------------------------------------------------------------------------------


class PrivateWhenSignedIn:
    """ASGI middleware: a response to a browser with a session is for it alone, so no
    shared cache may keep it."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        cookie = b"".join(v for k, v in scope.get("headers", []) if k == b"cookie")
        if scope["type"] != "http" or SESSION_COOKIE.encode() not in cookie:
            await self.app(scope, receive, send)
            return

        async def send_private(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = message.get("headers", [])
                given = b",".join(v for n, v in headers if n.lower() == b"cache-control")
                if b"no-store" not in given and b"private" not in given:
                    headers = [(n, v) for n, v in headers if n.lower() != b"cache-control"]
                    message["headers"] = [*headers, (b"cache-control", b"private, no-cache")]
            await send(message)

        await self.app(scope, receive, send_private)


def install_accounts(
    app: FastAPI, templates: Jinja2Templates, config: Settings, repo: Repository
) -> None:
    """Give the app its CSRF key, the sign-in redirect, the template helpers and the
    private-caching middleware."""
    if config.secret_key is not None:  # the site's key, but never the same MAC as media's
        key = config.secret_key.get_secret_value()
        app.state.account_secret = sign(key, "accounts", "csrf")
    else:  # kept in the database: every web process of the site shares it
        app.state.account_secret = repo.accounts.site_secret("csrf", new_token())

    async def to_sign_in(request: Request, exc: Exception) -> Response:
        lang = request.path_params.get("lang") or config.default_language
        back = safe_next(exc.next_path if isinstance(exc, SignInRequired) else "", lang)
        return RedirectResponse(f"/{lang}/signin?next={quote(back)}", status_code=303)

    app.add_exception_handler(SignInRequired, to_sign_in)
    app.add_middleware(PrivateWhenSignedIn)
    templates.env.globals["current_user"] = current_user
    templates.env.globals["csrf_token"] = csrf_token
    templates.env.globals["account_controls"] = account_controls
    templates.env.globals["article_read"] = article_read
