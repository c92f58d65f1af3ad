"""The soak's signed-in readers: accounts made through the site's own sign-up form.

``sign_up`` does what a browser does: it opens the form (which sets the form cookie and
carries a CSRF token signed for it), posts it, keeps the session cookie the site answers
with, and reads the session's CSRF token from the account page. A ``Reader`` remembers
what the soak needs to act as that person: its comments, follows and saved articles, and
when it last posted, so a post goes out only when the site's comment limit allows it.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field
from datetime import timedelta
from http.cookiejar import DefaultCookiePolicy

import httpx

from tidings.comments.rules import EDIT_WINDOW, NEW_ACCOUNT

__all__ = ["Reader", "keep_no_cookies", "sign_up"]

PASSWORD = "soak-test-password-15"
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
# A little inside the site's windows: the two clocks and the request's travel differ.
_POST_WINDOW = NEW_ACCOUNT.window.total_seconds() + 15
_EDIT_SECONDS = (EDIT_WINDOW - timedelta(minutes=1)).total_seconds()


@dataclass
class Reader:
    """One signed-in reader: the cookie and CSRF token its browser would send."""

    name: str
    cookie: str
    csrf: str
    posts: deque[float] = field(default_factory=deque)  # monotonic times of its posts
    # Its live comments: id, when posted, the story it is on (None: on an article).
    comments: list[tuple[int, float, str | None]] = field(default_factory=list)
    follows: list[tuple[str, str]] = field(default_factory=list)
    saved: list[str] = field(default_factory=list)

    def may_post(self, now: float) -> bool:
        """Whether the limit for accounts younger than a day lets it post at ``now``."""
        while self.posts and self.posts[0] < now - _POST_WINDOW:
            self.posts.popleft()
        return len(self.posts) < NEW_ACCOUNT.per_window

    def editable(
        self, now: float, busy: set[int] | frozenset[int] = frozenset()
    ) -> list[tuple[int, str | None]]:
        """Its comments still inside the edit window and not being acted on, oldest first:
        id and story."""
        return [
            (c, story)
            for c, at, story in self.comments
            if now - at < _EDIT_SECONDS and c not in busy
        ]


def keep_no_cookies(client: httpx.AsyncClient) -> httpx.AsyncClient:
    """``client``, made to store no cookie: anonymous requests stay anonymous (the page
    cache serves them), and a reader's carry its own cookie only."""
    client.cookies.jar.set_policy(DefaultCookiePolicy(allowed_domains=[]))
    return client


def _cookie(response: httpx.Response, name: str) -> str:
    for header in response.headers.get_list("set-cookie"):
        key, _, rest = header.partition("=")
        if key.strip() == name:
            return rest.split(";", 1)[0]
    raise RuntimeError(f"{response.request.url} set no {name} cookie ({response.status_code})")


def _token(response: httpx.Response) -> str:
    found = _CSRF.search(response.text)
    if found is None:
        raise RuntimeError(f"no CSRF field on {response.request.url} ({response.status_code})")
    return found.group(1)


async def sign_up(client: httpx.AsyncClient, name: str) -> Reader:
    """Create the account ``name`` through the sign-up form, signed in."""
    form = await client.get("/en/signup")
    nonce = _cookie(form, "tidings_form")
    done = await client.post(
        "/en/signup",
        data={
            "csrf_token": _token(form),
            "username": name,
            "password": PASSWORD,
            "password_again": PASSWORD,
            "email": "",
            "next": "",
        },
        headers={"Cookie": f"tidings_form={nonce}"},
    )
    if done.status_code != 303:
        raise RuntimeError(f"sign-up of {name} answered {done.status_code}: {done.text[:300]}")
    cookie = f"tidings_session={_cookie(done, 'tidings_session')}"
    account = await client.get("/en/account", headers={"Cookie": cookie})
    return Reader(name, cookie, _token(account))
