"""Accounts on the site (issue #7): sign up, in and out, lockout, CSRF, password, export,
delete, follow/mute/save buttons. A real SQLite store; argon2id hashes as in production."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import timedelta
from typing import Annotated

import pytest
from fastapi import Depends
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from tests.readers import NOW, PASSWORD, QUICK, Clock
from tidings.accounts.credentials import PasswordHasher
from tidings.accounts.models import Role, User
from tidings.config import Settings
from tidings.ingest import article_id
from tidings.models import ExtractedArticle, FeedEntry, Story
from tidings.store import Enrichment, NewEntry, SqlAppPasswords, SqlRepository, StoryPlacement
from tidings.store.schema import login_failures, reading_history, users
from tidings.store.sql_users import USER_TABLES
from tidings.web import create_app
from tidings.web.accounts import require_role

STORY = "5" * 32


@dataclass
class Site:
    app_settings: Settings
    repo: SqlRepository
    clock: Clock
    source_id: int
    article: str
    other: str

    def client(
        self, base_url: str = "http://testserver", *, production_hashes: bool = False
    ) -> TestClient:
        app = create_app(self.app_settings, repository=self.repo, clock=self.clock)
        if not production_hashes:  # argon2id all the same, at a fraction of the memory and time
            app.state.password_hasher = PasswordHasher(QUICK)
        return TestClient(app, base_url=base_url, follow_redirects=False)


def _article(repo: SqlRepository, source_id: int, n: int) -> str:
    url = f"https://pub.example/news/{n}"
    entry = FeedEntry(url=url, title=f"Bridge news {n}", published=NOW - timedelta(hours=n))
    aid = article_id(url)
    repo.articles.add_entries(source_id, [NewEntry(aid, url, entry)], now=NOW)
    repo.articles.save_extraction(
        aid,
        ExtractedArticle(title=f"Bridge news {n}", text="Words.", html="<p>Words.</p>"),
        now=NOW,
    )
    story = Story(STORY, "The bridge story", NOW - timedelta(hours=3), NOW, 2, 1)
    found = Enrichment("en", "declared", tags=(("calderbridge", "Calder Bridge", 3.0),))
    repo.stories.save_placements(
        [StoryPlacement(aid, story, enrichment=found)], now=NOW, related_limit=3, per_outlet=2
    )
    return aid


@pytest.fixture
def site(settings: Settings, sqlite_repository: SqlRepository) -> Site:
    source = sqlite_repository.sources.add_source(
        "https://pub.example/feed", now=NOW, title="The Pub"
    )
    first = _article(sqlite_repository, source.id, 1)
    second = _article(sqlite_repository, source.id, 2)
    return Site(settings, sqlite_repository, Clock(), source.id, first, second)


def _token(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "no CSRF field on the page"
    return found.group(1)


def _signup(client: TestClient, name: str = "Ada", password: str = PASSWORD) -> None:
    page = client.get("/en/signup")
    form = {
        "csrf_token": _token(page.text),
        "username": name,
        "password": password,
        "password_again": password,
    }
    response = client.post("/en/signup", data=form)
    assert response.status_code == 303, response.text


def _signin(client: TestClient, name: str, password: str, next: str = ""):  # type: ignore[no-untyped-def]
    page = client.get("/en/signin")
    form = {"csrf_token": _token(page.text), "username": name, "password": password, "next": next}
    return client.post("/en/signin", data=form)


def _post(client: TestClient, path: str, page: str, **fields: str):  # type: ignore[no-untyped-def]
    """POST a form with the CSRF token shown on ``page``."""
    return client.post(path, data={"csrf_token": _token(client.get(page).text), **fields})


def _count(repo: SqlRepository, table, user_id: int | None = None) -> int:  # type: ignore[no-untyped-def]
    stmt = select(func.count()).select_from(table)
    if user_id is not None:
        stmt = stmt.where(table.c.user_id == user_id)
    with repo.engine.connect() as conn:
        return int(conn.execute(stmt).scalar_one())


def test_sign_up_in_and_out(site: Site) -> None:
    client = site.client(production_hashes=True)
    page = client.get("/en/")
    assert '<span class="account-word">Sign in</span></a>' in page.text
    assert "For you" not in page.text
    signup = client.get("/en/signup")
    assert "tidings_form=" in signup.headers["set-cookie"]
    form = {
        "csrf_token": _token(signup.text),
        "username": "Ada",
        "email": "ada@example.org",
        "password": PASSWORD,
        "password_again": PASSWORD,
    }
    done = client.post("/en/signup", data=form)
    assert done.status_code == 303 and done.headers["location"] == "/en/account"
    cookie = next(
        c for c in done.headers.get_list("set-cookie") if c.startswith("tidings_session=")
    )
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Path=/" in cookie
    assert "Secure" not in cookie  # the site is served over http here
    ada = site.repo.accounts.find_user("ada")
    assert ada is not None and ada.email == "ada@example.org" and ada.role is Role.READER
    # The stored hash is argon2id, never the password.
    credentials = site.repo.accounts.user_credentials("ada")
    assert credentials is not None and credentials[1].startswith("$argon2id$v=19$m=65536,t=3,")
    home = client.get("/en/")
    assert '<span class="account-word">ada</span></a>' in home.text and "/en/for-you" in home.text
    # The cookie is signed: the token with a changed signature, or the bare token, is a
    # stranger's cookie.
    value = client.cookies["tidings_session"]
    token, _, signature = value.rpartition(".")
    for cookie_value, signed_in in (
        (value, True),
        (f"{token}.{signature[::-1]}", False),
        (token, False),
    ):
        browser = site.client()
        browser.cookies.set("tidings_session", cookie_value)
        assert (
            '<span class="account-word">ada</span></a>' in browser.get("/en/").text
        ) is signed_in
    assert home.headers["cache-control"] == "private, no-cache"
    signed_out = _post(client, "/en/signout", "/en/account")
    assert signed_out.status_code == 303
    assert signed_out.headers["clear-site-data"] == '"cache"'
    assert site.repo.accounts.count_sessions(ada.id) == 0
    assert client.get("/en/account").headers["location"] == "/en/signin?next=/en/account"
    assert client.get("/en/").headers["cache-control"].startswith("public")  # no longer theirs
    wrong = _signin(client, "ada", "not the password")
    assert wrong.status_code == 400 and "Wrong username or password." in wrong.text
    assert _signin(client, "nobody", PASSWORD).status_code == 400
    right = _signin(client, "ADA", PASSWORD, next="/en/for-you")  # names ignore case
    assert right.status_code == 303 and right.headers["location"] == "/en/for-you"
    assert client.get("/en/account").status_code == 200


def test_https_sites_set_secure_cookies(settings: Settings, site: Site) -> None:
    site.app_settings = settings.model_copy(update={"base_url": "https://news.example"})
    client = site.client("https://testserver")  # Secure cookies come back over https only
    page = client.get("/en/signup")
    assert "Secure" in page.headers["set-cookie"]
    form = {"csrf_token": _token(page.text), "username": "ada"}
    done = client.post(
        "/en/signup", data={**form, "password": PASSWORD, "password_again": PASSWORD}
    )
    assert "Secure" in done.headers["set-cookie"]


def test_sign_up_checks_names_and_passwords(site: Site) -> None:
    _signup(site.client(), "ada")
    client = site.client()
    cases = {
        ("x", PASSWORD, PASSWORD): "A username has 3 to 32",
        ("bob", "short", "short"): "at least 8 characters",
        ("bob", PASSWORD, PASSWORD + "!"): "The two passwords differ.",
        ("Ada", PASSWORD, PASSWORD): "That username is taken.",
    }
    for (name, password, again), message in cases.items():
        page = client.get("/en/signup")
        form = {"csrf_token": _token(page.text), "username": name}
        response = client.post(
            "/en/signup", data={**form, "password": password, "password_again": again}
        )
        assert response.status_code == 400 and message in response.text, name
    assert [u.username for u in site.repo.accounts.list_users()] == ["ada"]


def test_signups_can_be_closed(settings: Settings, site: Site) -> None:
    site.app_settings = settings.model_copy(update={"signups": False})
    client = site.client()
    assert client.get("/en/signup").status_code == 404
    assert client.post("/en/signup", data={"username": "x"}).status_code in (403, 404)


def test_repeated_failures_lock_the_account_for_a_while(site: Site) -> None:
    _signup(site.client(), "ada")
    client = site.client()
    for attempt in range(1, 5):
        response = _signin(client, "ada", f"wrong {attempt}")
        assert response.status_code == 400, attempt
    locked = _signin(client, "ada", "wrong 5")
    assert locked.status_code == 429
    assert "Too many failed sign-ins" in locked.text and "15 minutes" in locked.text
    # Even the right password waits, and waiting does not count as more failures.
    assert _signin(client, "ada", PASSWORD).status_code == 429
    assert _count(site.repo, login_failures) == 10  # five for the name, five for the address
    site.clock.now = NOW + timedelta(minutes=14)
    assert _signin(client, "ada", PASSWORD).status_code == 429
    site.clock.now = NOW + timedelta(minutes=15, seconds=1)
    assert _signin(client, "ada", PASSWORD).status_code == 303
    # A good sign-in forgets the name's failures (the address keeps its own).
    with site.repo.engine.connect() as conn:
        keys = set(conn.execute(select(login_failures.c.key)).scalars())
    assert keys == {"ip:testclient"}


def test_one_address_failing_many_names_is_locked(site: Site) -> None:
    client = site.client()
    for n in range(20):
        assert _signin(client, f"user{n}", "wrong password").status_code in (400, 429)
    response = _signin(client, "someone", "wrong password")
    assert response.status_code == 429


def test_posts_without_the_right_csrf_token_change_nothing(site: Site) -> None:
    anonymous = site.client()
    # Sign-in and sign-up forms: no token, or a token without its cookie.
    token = _token(anonymous.get("/en/signup").text)
    form = {"username": "eve", "password": PASSWORD, "password_again": PASSWORD}
    assert anonymous.post("/en/signup", data=form).status_code == 403
    assert site.client().post("/en/signup", data={**form, "csrf_token": token}).status_code == 403
    assert site.repo.accounts.find_user("eve") is None
    _signup(site.client(), "ada")
    no_token = site.client().post("/en/signin", data={"username": "ada", "password": PASSWORD})
    assert no_token.status_code == 403
    assert "nothing was changed" in no_token.text
    assert "tidings_session" not in no_token.headers.get("set-cookie", "")
    # Signed in: every form needs this session's token; bob's does not do for ada.
    ada = site.client()
    assert _signin(ada, "ada", PASSWORD).status_code == 303
    bob = site.client()
    _signup(bob, "bob")
    bobs = _token(bob.get("/en/account").text)
    user = site.repo.accounts.find_user("ada")
    assert user is not None
    attempts = [
        ("/en/follow", {"kind": "source", "target": str(site.source_id)}),
        ("/en/mute", {"kind": "source", "target": str(site.source_id)}),
        ("/en/save", {"article_id": site.article}),
        ("/en/account/history/clear", {}),
        (
            "/en/account/password",
            {
                "current_password": PASSWORD,
                "new_password": "another password",
                "new_password_again": "another password",
            },
        ),
        ("/en/account/delete", {"password": PASSWORD}),
        ("/en/signout", {}),
    ]
    ada.get(f"/en/article/{site.article}")  # one history entry to (not) clear
    for path, fields in attempts:
        for token in (None, "x" * 64, bobs):
            data = fields if token is None else {**fields, "csrf_token": token}
            response = ada.post(path, data=data)
            assert response.status_code == 403, (path, token)
    assert site.repo.accounts.follows(user.id) == [] and site.repo.accounts.mutes(user.id) == []
    assert not site.repo.accounts.is_saved(user.id, site.article)
    assert len(site.repo.accounts.reading_history(user.id, limit=5)) == 1
    assert site.repo.accounts.find_user("ada") is not None
    assert ada.get("/en/account").status_code == 200  # still signed in
    assert _signin(site.client(), "ada", PASSWORD).status_code == 303  # password unchanged


def test_changing_the_password_signs_out_other_browsers(site: Site) -> None:
    here, elsewhere = site.client(), site.client()
    _signup(here, "ada")
    assert _signin(elsewhere, "ada", PASSWORD).status_code == 303
    assert elsewhere.get("/en/account").status_code == 200
    fields = {"new_password": "a new password", "new_password_again": "a new password"}
    wrong = _post(here, "/en/account/password", "/en/account", current_password="nope", **fields)
    assert wrong.status_code == 400 and "current password is not right" in wrong.text
    assert elsewhere.get("/en/account").status_code == 200
    changed = _post(
        here, "/en/account/password", "/en/account", current_password=PASSWORD, **fields
    )
    assert changed.status_code == 303
    assert "signed out" in here.get(changed.headers["location"]).text  # this browser stays in
    assert elsewhere.get("/en/account").status_code == 303  # the other one is out
    assert _signin(site.client(), "ada", PASSWORD).status_code == 400
    assert _signin(site.client(), "ada", "a new password").status_code == 303


def test_follow_mute_and_save_buttons(site: Site) -> None:
    anonymous = site.client()
    for path in ("/en/hashtag/calderbridge", f"/en/source/{site.source_id}", f"/en/story/{STORY}"):
        page = anonymous.get(path)
        assert page.status_code == 200, path
        assert "Sign in to follow" in page.text and "csrf_token" not in page.text
        assert "set-cookie" not in page.headers  # anonymous pages stay cacheable
    article = anonymous.get(f"/en/article/{site.article}")
    # One save (issue #20): signed out, the offline copy only; no second "save" to sign in for.
    assert "Save for offline" in article.text and "Save to my list" not in article.text
    assert "Sign in to save" not in article.text
    assert _count(site.repo, reading_history) == 0  # never for anonymous readers
    client = site.client()
    _signup(client, "ada")
    user = site.repo.accounts.find_user("ada")
    assert user is not None
    tag_page = client.get("/en/hashtag/calderbridge")
    assert 'action="/en/follow"' in tag_page.text and 'action="/en/mute"' in tag_page.text
    followed = _post(
        client,
        "/en/follow",
        "/en/hashtag/calderbridge",
        kind="hashtag",
        target="calderbridge",
        next="/en/hashtag/calderbridge",
    )
    assert (
        followed.status_code == 303 and followed.headers["location"] == "/en/hashtag/calderbridge"
    )
    assert 'action="/en/unfollow"' in client.get("/en/hashtag/calderbridge").text
    source_page = f"/en/source/{site.source_id}"
    _post(client, "/en/mute", source_page, kind="source", target=str(site.source_id))
    assert 'action="/en/unmute"' in client.get(source_page).text
    story_page = client.get(f"/en/story/{STORY}")
    assert 'action="/en/follow"' in story_page.text and 'action="/en/mute"' not in story_page.text
    _post(client, "/en/follow", f"/en/story/{STORY}", kind="story", target=STORY)
    article_page = f"/en/article/{site.article}"
    signed_in = client.get(article_page).text
    assert "Save to my list" in signed_in and "Save for offline" not in signed_in
    _post(client, "/en/save", article_page, article_id=site.article, next=article_page)
    assert "Remove from my list" in client.get(article_page).text
    assert {(f.kind, f.target) for f in site.repo.accounts.follows(user.id)} == {
        ("hashtag", "calderbridge"),
        ("story", STORY),
    }
    assert [(m.kind, m.target) for m in site.repo.accounts.mutes(user.id)] == [
        ("source", str(site.source_id))
    ]
    assert site.repo.accounts.is_saved(user.id, site.article)
    assert [h.article_id for h in site.repo.accounts.reading_history(user.id, limit=5)] == [
        site.article
    ]
    # Things that do not exist cannot be followed; "next" never leaves the site.
    for kind, target in (
        ("hashtag", "nothing"),
        ("source", "999"),
        ("story", "0" * 32),
        ("x", "1"),
    ):
        missing = _post(client, "/en/follow", "/en/account", kind=kind, target=target)
        assert missing.status_code == 404, kind
    away = _post(
        client, "/en/unfollow", "/en/account", kind="story", target=STORY, next="//evil.example/"
    )
    assert away.headers["location"] == "/en/"
    account = client.get("/en/account")
    assert "#CalderBridge" in account.text and "The Pub" in account.text
    assert "Bridge news 1" in account.text  # saved and read
    cleared = _post(client, "/en/account/history/clear", "/en/account")
    assert cleared.status_code == 303
    assert site.repo.accounts.reading_history(user.id, limit=5) == []


def test_export_holds_everything_kept(site: Site) -> None:
    client = site.client()
    _signup(client, "ada")
    user = site.repo.accounts.find_user("ada")
    assert user is not None
    site.repo.accounts.follow(user.id, "hashtag", "calderbridge", now=NOW)
    site.repo.accounts.follow(user.id, "source", str(site.source_id), now=NOW)
    site.repo.accounts.mute(user.id, "hashtag", "weather", now=NOW)
    site.repo.accounts.save_article(user.id, site.other, now=NOW)
    client.get(f"/en/article/{site.article}")
    response = client.get("/en/account/export")
    assert response.status_code == 200
    assert response.headers["content-disposition"].startswith('attachment; filename="tidings-ada-')
    assert response.headers["cache-control"] == "no-store"
    data = json.loads(response.text)
    assert data["format"] == "tidings-account-export" and data["version"] == 1
    assert data["account"]["username"] == "ada" and data["account"]["role"] == "reader"
    assert "password" not in json.dumps(data["account"]).replace("password_changed_at", "")
    assert {(f["kind"], f["target"], f["name"]) for f in data["follows"]} == {
        ("hashtag", "calderbridge", "#CalderBridge"),
        ("source", str(site.source_id), "The Pub"),
    }
    assert [(m["kind"], m["target"]) for m in data["mutes"]] == [("hashtag", "weather")]
    assert [(s["article_id"], s["title"]) for s in data["saved"]] == [(site.other, "Bridge news 2")]
    assert [h["article_id"] for h in data["history"]] == [site.article]
    assert site.client().get("/en/account/export").status_code == 303  # signed out: sign in


def test_deleting_the_account_removes_its_data(site: Site) -> None:
    client, other = site.client(), site.client()
    _signup(client, "ada")
    _signup(other, "bob")
    ada, bob = site.repo.accounts.find_user("ada"), site.repo.accounts.find_user("bob")
    assert ada is not None and bob is not None
    for user in (ada, bob):
        site.repo.accounts.follow(user.id, "source", str(site.source_id), now=NOW)
        site.repo.accounts.mute(user.id, "hashtag", "weather", now=NOW)
        site.repo.accounts.save_article(user.id, site.article, now=NOW)
        SqlAppPasswords(site.repo.engine).add_app_password(
            user.id, "App", f"{user.id}" * 64, f"{user.id}" * 32, now=NOW
        )
    client.get(f"/en/article/{site.article}")  # read: history and read state
    other.get(f"/en/article/{site.article}")
    _signin(site.client(), "ada", "a wrong password")  # a failure kept under her name
    refused = _post(client, "/en/account/delete", "/en/account", password="not it")
    assert refused.status_code == 400 and "not deleted" in refused.text
    assert site.repo.accounts.find_user("ada") is not None
    deleted = _post(client, "/en/account/delete", "/en/account", password=PASSWORD)
    assert deleted.status_code == 303 and deleted.headers["location"] == "/en/"
    assert 'tidings_session=""' in deleted.headers["set-cookie"]
    assert site.repo.accounts.find_user("ada") is None
    for table in USER_TABLES:
        assert _count(site.repo, table, ada.id) == 0, table.name
        assert _count(site.repo, table, bob.id) > 0, table.name
    with site.repo.engine.connect() as conn:
        keys = set(conn.execute(select(login_failures.c.key)).scalars())
        assert "user:ada" not in keys
        assert conn.execute(select(users.c.username)).scalars().all() == ["bob"]
    assert _signin(site.client(), "ada", PASSWORD).status_code == 400
    assert other.get("/en/account").status_code == 200


def test_require_role_lets_only_enough_of_a_role_in(site: Site) -> None:
    client = site.client()
    app = client.app

    @app.get("/en/moderation-test")  # type: ignore[attr-defined, misc]
    def moderation(user: Annotated[User, Depends(require_role(Role.MODERATOR))]) -> dict[str, str]:
        return {"user": user.username}

    assert client.get("/en/moderation-test").status_code == 303  # not signed in: sign in
    _signup(client, "ada")
    assert client.get("/en/moderation-test").status_code == 403
    user = site.repo.accounts.find_user("ada")
    assert user is not None
    site.repo.accounts.set_role(user.id, Role.MODERATOR)
    assert client.get("/en/moderation-test").json() == {"user": "ada"}
    site.repo.accounts.set_role(user.id, Role.ADMIN)
    assert client.get("/en/moderation-test").status_code == 200


def test_account_pages_have_no_inline_script_or_style(site: Site) -> None:
    client = site.client()
    for path in ("/en/signin", "/en/signup"):
        page = client.get(path)
        assert "<script>" not in page.text and "style=" not in page.text, path
    _signup(client, "ada")
    for path in ("/en/account", "/en/for-you"):
        page = client.get(path)
        assert page.status_code == 200, path
        assert "<script>" not in page.text and "style=" not in page.text, path


def test_hashes_made_with_other_parameters_are_renewed_at_sign_in(site: Site) -> None:
    _signup(site.client(), "ada")  # hashed with the quick parameters
    old = site.repo.accounts.user_credentials("ada")
    assert old is not None and "$m=1024,t=1,p=1$" in old[1]
    assert _signin(site.client(production_hashes=True), "ada", PASSWORD).status_code == 303
    new = site.repo.accounts.user_credentials("ada")
    assert new is not None and "$m=65536,t=3,p=4$" in new[1]
    assert new[0].password_changed_at == old[0].password_changed_at  # not a password change
    assert _signin(site.client(), "ada", PASSWORD).status_code == 303
