"""Accounts on the site: who is signed in, sessions, roles and CSRF tokens (``sessions``,
re-exported here), the account pages (``account_views``), a reader's data as pages show and
export it (``account_data``), follow, mute and save buttons (``follow_views``).

The rules themselves (passwords, tokens, throttling) are ``tidings.accounts``.
"""

from __future__ import annotations

from tidings.web.accounts.sessions import (
    CSRF_FIELD,
    FORM_COOKIE,
    SESSION_COOKIE,
    FollowControls,
    SignInRequired,
    account_controls,
    client_address,
    csrf_token,
    current_user,
    install_accounts,
    keep_form_cookie,
    password_hasher,
    record_reading,
    require_role,
    require_user,
    safe_next,
    session_cookie_value,
    session_token,
    sign_in,
    sign_out,
    verify_csrf,
)

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
