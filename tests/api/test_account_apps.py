"""The account page's app passwords and the read state on the site's pages (issue #18):
the same state the reader apps see."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator

import httpx

from tests.api.conftest import ApiSite
from tests.readers import PASSWORD, QUICK
from tidings.accounts.app_passwords import fever_key
from tidings.accounts.credentials import PasswordHasher


def _token(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "no CSRF field on the page"
    return found.group(1)


@contextlib.contextmanager
def _browser(site: ApiSite) -> Iterator[httpx.Client]:
    """A browser signed in as ada on the site."""
    site.repo.accounts.set_password(
        site.ada.id, PasswordHasher(QUICK).hash(PASSWORD), now=site.clock.now
    )
    with httpx.Client(base_url=site.server.base, follow_redirects=False, timeout=10) as client:
        page = client.get("/en/signin")
        form = {"csrf_token": _token(page.text), "username": "ada", "password": PASSWORD}
        assert client.post("/en/signin", data=form).status_code == 303
        yield client


def _fever(site: ApiSite, key: str, **form: str) -> dict[str, object]:
    response = httpx.post(site.server.url("/fever/?api"), data={"api_key": key, **form})
    body: dict[str, object] = response.json()
    return body


def test_make_list_and_revoke_an_app_password(api_site: ApiSite) -> None:
    site = api_site
    with _browser(site) as browser:
        page = browser.get("/en/account")
        assert "Reeder" in page.text and "last used never" in page.text
        made = browser.post(
            "/en/account/app-passwords",
            data={"csrf_token": _token(page.text), "name": "NetNewsWire"},
        )
        assert made.status_code == 200 and made.headers["cache-control"] == "no-store"
        secret = re.search(r'<code class="app-password">([a-z2-9-]+)</code>', made.text)
        assert secret, made.text
        assert "/api/fever.php</code>" in made.text
        key = fever_key("ada", secret.group(1))
        assert _fever(site, key)["auth"] == 1
        # Listed with its last use; never shown again.
        again = browser.get("/en/account")
        assert "NetNewsWire" in again.text and secret.group(1) not in again.text
        [_, newest] = site.keys.app_passwords(site.ada.id)
        revoke = browser.post(
            "/en/account/app-passwords/revoke",
            data={"csrf_token": _token(again.text), "password_id": str(newest.id)},
        )
        assert revoke.status_code == 303
        assert revoke.headers["location"] == "/en/account?done=app-password"
        assert _fever(site, key)["auth"] == 0
        assert "NetNewsWire" not in browser.get("/en/account").text


def test_bad_app_password_forms_change_nothing(api_site: ApiSite) -> None:
    site = api_site
    with _browser(site) as browser:
        page = browser.get("/en/account")
        token = _token(page.text)
        for name in ("", "   ", "x" * 65):
            bad = browser.post(
                "/en/account/app-passwords", data={"csrf_token": token, "name": name}
            )
            assert bad.status_code == 400
        for number in ("abc", "999", "-1", ""):
            bad = browser.post(
                "/en/account/app-passwords/revoke",
                data={"csrf_token": token, "password_id": number},
            )
            assert bad.status_code == 404
        # Without the CSRF token nothing is made.
        forged = browser.post("/en/account/app-passwords", data={"name": "Forged"})
        assert forged.status_code in (400, 403)
    assert [k.name for k in site.keys.app_passwords(site.ada.id)] == ["Reeder"]
    # bob cannot revoke ada's.
    bob = site.repo.accounts.find_user("bob")
    assert bob is not None
    assert not site.keys.revoke_app_password(bob.id, site.keys.app_passwords(site.ada.id)[0].id)


def test_opening_an_article_marks_it_read_for_the_apps_and_the_lists(api_site: ApiSite) -> None:
    site = api_site
    first = site.articles[0]
    item = site.item(first)
    with _browser(site) as browser:
        source_page = f"/en/source/{site.full_source}"
        listing = browser.get(source_page)
        assert listing.status_code == 200, listing.text
        assert "card-read" not in listing.text
        assert browser.get(f"/en/article/{first}").status_code == 200
        marked = browser.get(source_page).text
        assert marked.count("card-read-label") == 1
        card = marked[: marked.index("card-read-label")].rsplit("<article", 1)[1]
        assert f"/en/article/{first}" in card
        unread = _fever(site, site.fever_key, unread_item_ids="1")["unread_item_ids"]
        assert str(item) not in str(unread).split(",")
        # Marked unread in an app: the card loses its mark.
        _fever(site, site.fever_key, mark="item", id=str(item), **{"as": "unread"})
        assert "card-read" not in browser.get(source_page).text
    # A signed-out visitor never sees read marks.
    assert "card-read" not in httpx.get(site.server.url(source_page)).text
