"""Who a reader app is: an app password, sent as the protocols send it.

Every form resolves to an ``ApiReader`` through the store's hashes: Basic auth (username
and app password), a bare token (``X-Auth-Token``, ``Authorization: GoogleLogin
auth=...``: the app password itself), a username and app password from a form
(ClientLogin), or a Fever key (md5 of "username:app password"). None of them reads the
session cookie: a page open in the reader's browser can never make an API request count
as the reader, so a cross-site form cannot write through the API.
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass
from datetime import datetime

from fastapi import FastAPI, Request

from tidings.accounts.app_passwords import app_password_hash
from tidings.accounts.credentials import normalise_username
from tidings.accounts.models import User
from tidings.store import AppPasswords, ReaderState, SqlAppPasswords, SqlReaderState

__all__ = [
    "ApiReader",
    "app_passwords",
    "basic_credentials",
    "bearer_token",
    "install_auth",
    "reader_from_basic",
    "reader_from_fever_key",
    "reader_from_password",
    "reader_from_token",
    "reader_state",
]

_MD5 = re.compile(r"[0-9a-f]{32}")
_MAX_SECRET = 256  # no app password is longer; longer input is not looked up


@dataclass(frozen=True, slots=True)
class ApiReader:
    """The account an app speaks for, and which app password it used."""

    user: User
    password_id: int


def install_auth(app: FastAPI) -> None:
    """Give the app its reader-state and app-password stores (on the site's engine)."""
    engine = app.state.repository.engine
    app.state.reader_state = SqlReaderState(engine)
    app.state.app_passwords = SqlAppPasswords(engine)


def reader_state(request: Request) -> ReaderState:
    """The app's reader-state store."""
    value: ReaderState = request.app.state.reader_state
    return value


def app_passwords(request: Request) -> AppPasswords:
    """The app's app-password store."""
    value: AppPasswords = request.app.state.app_passwords
    return value


def _now(request: Request) -> datetime:
    value: datetime = request.app.state.clock()
    return value


def reader_from_token(request: Request, token: str) -> ApiReader | None:
    """The reader whose app password ``token`` is."""
    token = token.strip()
    if not token or len(token) > _MAX_SECRET:
        return None
    found = app_passwords(request).app_password_user(
        secret_hash=app_password_hash(token), now=_now(request)
    )
    return None if found is None else ApiReader(*found)


def reader_from_password(request: Request, username: str, password: str) -> ApiReader | None:
    """The reader when ``password`` is one of the app passwords of ``username``."""
    reader = reader_from_token(request, password)
    if reader is None or reader.user.username != normalise_username(username):
        return None
    return reader


def reader_from_fever_key(request: Request, api_key: str) -> ApiReader | None:
    """The reader whose app password's Fever key is ``api_key`` (32 hex digits)."""
    key = api_key.strip().lower()
    if not _MD5.fullmatch(key):
        return None
    found = app_passwords(request).app_password_user(fever_key=key, now=_now(request))
    return None if found is None else ApiReader(*found)


def basic_credentials(request: Request) -> tuple[str, str] | None:
    """Username and password of an ``Authorization: Basic`` header, if well formed."""
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "basic" or not value.strip():
        return None
    try:
        decoded = base64.b64decode(value.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None
    username, colon, password = decoded.partition(":")
    return (username, password) if colon else None


def reader_from_basic(request: Request) -> ApiReader | None:
    """The reader of an ``Authorization: Basic`` header (username and app password)."""
    given = basic_credentials(request)
    return None if given is None else reader_from_password(request, *given)


def bearer_token(request: Request) -> str | None:
    """The token of ``X-Auth-Token`` or ``Authorization: GoogleLogin auth=...``/``Bearer``."""
    header = request.headers.get("x-auth-token")
    if header:
        return header.strip()
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() == "googlelogin" and value.strip().lower().startswith("auth="):
        return value.strip()[5:]
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    return None
