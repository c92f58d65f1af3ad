"""The Fever API (issue #18) over real HTTP, with the requests Fever clients send: the
key POSTed as a form field, the rest in the query (``?api&items&since_id=...``)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from tests.api.conftest import PNG, ApiSite, add_article
from tests.readers import NOW
from tidings.accounts.tokens import new_token, token_hash
from tidings.api.ids import folder_number
from tidings.pipeline.media_cache import MediaCache
from tidings.store.schema import article_reads, saved_articles, user_follows
from tidings.web.accounts import SESSION_COOKIE, session_cookie_value


def _fever(
    site: ApiSite,
    query: str = "",
    *,
    key: str | None = None,
    form: dict[str, str] | None = None,
    path: str = "/api/fever.php",
) -> httpx.Response:
    data = {"api_key": site.fever_key if key is None else key, **(form or {})}
    return httpx.post(site.server.url(f"{path}?api{query}"), data=data, timeout=10)


def _ok(site: ApiSite, query: str = "", **kw: Any) -> dict[str, Any]:
    response = _fever(site, query, **kw)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    assert body["api_version"] == 3 and body["auth"] == 1
    return body


def _state_rows(site: ApiSite) -> tuple[int, int, list[Any]]:
    with site.repo.engine.connect() as conn:
        reads = conn.execute(select(func.count()).select_from(article_reads)).scalar_one()
        saved = conn.execute(select(func.count()).select_from(saved_articles)).scalar_one()
        lines = conn.execute(select(user_follows.c.read_before)).scalars().all()
    return reads, saved, sorted(lines, key=str)


@pytest.mark.parametrize("path", ["/api/fever.php", "/fever/", "/fever"])
def test_auth_with_the_md5_key_at_both_addresses(api_site: ApiSite, path: str) -> None:
    body = _ok(api_site, path=path)
    assert body["last_refreshed_on_time"] == int((NOW + timedelta(minutes=40)).timestamp())
    assert isinstance(body["last_refreshed_on_time"], int)
    wrong = _fever(api_site, key="0" * 32, path=path)
    assert wrong.status_code == 200 and wrong.json() == {"api_version": 3, "auth": 0}
    # The account password's md5 is no key; neither is a missing key nor the cookie.
    assert _fever(api_site, key="").json()["auth"] == 0
    bare = httpx.post(api_site.server.url(f"{path}?api"), timeout=10)
    assert bare.json() == {"api_version": 3, "auth": 0}


def test_a_key_sent_in_the_query_and_upper_case_also_works(api_site: ApiSite) -> None:
    url = api_site.server.url(f"/fever/?api&api_key={api_site.fever_key.upper()}")
    assert httpx.get(url, timeout=10).json()["auth"] == 1


def test_groups_feeds_and_favicons(api_site: ApiSite, settings: Any) -> None:
    MediaCache(settings.data_dir / "media", settings.media_cache_bytes).put(
        "https://pub.example/icon.png", PNG
    )
    body = _ok(api_site, "&groups&feeds&favicons")
    group = folder_number("Bridges")
    assert body["groups"] == [{"id": group, "title": "Bridges"}]
    assert body["feeds_groups"] == [{"group_id": group, "feed_ids": str(api_site.full_source)}]
    feeds = {f["id"]: f for f in body["feeds"]}
    assert set(feeds) == {api_site.full_source, api_site.excerpt_source}
    assert feeds[api_site.full_source] == {
        "id": api_site.full_source,
        "favicon_id": api_site.full_source,
        "title": "The Pub",
        "url": "https://pub.example/feed",
        "site_url": "https://pub.example/",
        "is_spark": 0,
        "last_updated_on_time": int((NOW + timedelta(minutes=40)).timestamp()),
    }
    assert feeds[api_site.excerpt_source]["favicon_id"] == 0
    assert [f["id"] for f in body["favicons"]] == [api_site.full_source]
    assert body["favicons"][0]["data"].startswith("image/png;base64,iVBORw0KGgo")


def test_items_page_forwards_and_backwards_50_at_a_time(api_site: ApiSite) -> None:
    site = api_site
    ids = [site.item(a) for a in site.articles]
    assert ids == sorted(ids)  # ids grow with crawl time
    newest = _ok(site, "&items")
    assert [i["id"] for i in newest["items"]] == ids[::-1]
    assert newest["total_items"] == 4
    since = _ok(site, f"&items&since_id={ids[1]}")
    assert [i["id"] for i in since["items"]] == ids[2:]
    before = _ok(site, f"&items&max_id={ids[2]}")
    assert [i["id"] for i in before["items"]] == [ids[1], ids[0]]
    assert [i["id"] for i in _ok(site, "&items&max_id=0")["items"]] == ids[::-1]
    # with_ids: any article, the unfollowed source's too; unknown ids left out.
    other = site.item(site.elsewhere)
    picked = _ok(site, f"&items&with_ids={ids[0]},{other},12345")["items"]
    assert [i["id"] for i in picked] == [ids[0], other]


def test_fifty_items_a_page(api_site: ApiSite) -> None:
    site = api_site
    for n in range(60):
        add_article(site.repo, site.full_source, 100 + n, 100 + n, body=False)
    first = _ok(site, "&items&since_id=0")["items"]
    assert len(first) == 50
    rest = _ok(site, f"&items&since_id={first[-1]['id']}")["items"]
    assert len(rest) == 14
    assert len({i["id"] for i in first + rest}) == 64


def test_item_fields_and_display_policy(api_site: ApiSite) -> None:
    site = api_site
    items = {i["id"]: i for i in _ok(site, "&items")["items"]}
    full = items[site.item(site.articles[0])]
    assert full["feed_id"] == site.full_source
    assert full["title"] == "Bridge news 1" and full["author"] == "Ada Reporter"
    assert full["url"] == f"https://pub{site.full_source}.example/news/1"
    assert full["html"].startswith('<figure><img src="https://pub')
    assert "<figcaption>A bridge Photo: Ada</figcaption>" in full["html"]
    assert "<p>Second paragraph 1.</p>" in full["html"]
    assert full["created_on_time"] == int((NOW - timedelta(minutes=29)).timestamp())
    assert (full["is_read"], full["is_saved"]) == (0, 0)
    # An "excerpt" source: two paragraphs as text and a link, never the whole body.
    excerpt = items[site.item(site.articles[3])]["html"]
    assert "<p>First paragraph 4.</p><p>Second paragraph 4.</p>" in excerpt
    assert "Third paragraph" not in excerpt
    assert excerpt.endswith(
        f'<a href="https://pub{site.excerpt_source}.example/news/4">Other Times</a></p>'
    )


def test_unread_and_saved_ids_and_item_marks(api_site: ApiSite) -> None:
    site = api_site
    ids = [site.item(a) for a in site.articles]
    body = _ok(site, "&unread_item_ids&saved_item_ids")
    assert body["unread_item_ids"] == ",".join(map(str, ids[::-1]))
    assert body["saved_item_ids"] == ""

    marked = _ok(site, form={"mark": "item", "as": "read", "id": str(ids[0])})
    assert marked["unread_item_ids"] == ",".join(map(str, ids[:0:-1]))
    marked = _ok(site, form={"mark": "item", "as": "saved", "id": str(ids[1])})
    assert marked["saved_item_ids"] == str(ids[1])
    # The same state on the site: saved is "your list", read shows on the cards.
    assert site.repo.accounts.is_saved(site.ada.id, site.articles[1])
    assert site.state.read_article_ids(site.ada.id, site.articles) == {site.articles[0]}
    item = _ok(site, f"&items&with_ids={ids[0]},{ids[1]}")["items"]
    assert [(i["is_read"], i["is_saved"]) for i in item] == [(1, 0), (0, 1)]

    _ok(site, form={"mark": "item", "as": "unread", "id": str(ids[0])})
    _ok(site, form={"mark": "item", "as": "unsaved", "id": str(ids[1])})
    body = _ok(site, "&unread_item_ids&saved_item_ids")
    assert body["unread_item_ids"] == ",".join(map(str, ids[::-1]))
    assert body["saved_item_ids"] == ""


def test_feed_and_group_marks_read_before(api_site: ApiSite) -> None:
    site = api_site
    ids = [site.item(a) for a in site.articles]
    # Articles 1-3 of the full source were stored at NOW + 1, 2, 3 minutes.
    before = int((NOW + timedelta(minutes=2)).timestamp())
    _ok(
        site,
        form={"mark": "feed", "as": "read", "id": str(site.full_source), "before": str(before)},
    )
    unread = _ok(site, "&unread_item_ids")["unread_item_ids"]
    assert unread == f"{ids[3]},{ids[2]}"
    group = folder_number("Bridges")
    later = int((NOW + timedelta(minutes=30)).timestamp())
    _ok(site, form={"mark": "group", "as": "read", "id": str(group), "before": str(later)})
    assert _ok(site, "&unread_item_ids")["unread_item_ids"] == str(ids[3])
    _ok(site, form={"mark": "group", "as": "read", "id": "-1", "before": str(later)})  # Sparks
    assert _ok(site, "&unread_item_ids")["unread_item_ids"] == str(ids[3])
    _ok(site, form={"mark": "group", "as": "read", "id": "0", "before": str(later)})  # all
    assert _ok(site, "&unread_item_ids")["unread_item_ids"] == ""


BAD = [
    ("&items&since_id=abc", {}, 400),
    ("&items&max_id=-5", {}, 400),
    ("&items&with_ids=1,x", {}, 400),
    ("&items&with_ids=" + ",".join(str(n) for n in range(1, 52)), {}, 400),
    ("&items&since_id=99999999999999999999999", {}, 400),
    ("", {"mark": "item", "as": "read", "id": "abc"}, 400),
    ("", {"mark": "item", "as": "read", "id": "777"}, 404),
    ("", {"mark": "item", "as": "starred", "id": "1"}, 400),
    ("", {"mark": "story", "as": "read", "id": "1"}, 400),
    ("", {"mark": "feed", "as": "read", "id": "1"}, 400),  # no before
    ("", {"mark": "feed", "as": "read", "id": "1", "before": "99999999999999"}, 400),
    ("", {"mark": "feed", "as": "unread", "id": "1", "before": "1"}, 400),
    ("", {"mark": "feed", "as": "read", "id": "999", "before": "1"}, 404),
    ("", {"mark": "group", "as": "read", "id": "12345", "before": "1"}, 404),
    ("", {"mark": "group", "as": "read", "id": "x", "before": "1"}, 400),
]


@pytest.mark.parametrize(("query", "form", "status"), BAD)
def test_bad_input_is_a_4xx_and_changes_nothing(
    api_site: ApiSite, query: str, form: dict[str, str], status: int
) -> None:
    before = _state_rows(api_site)
    # A valid mark in the same request must not be applied either when the query is bad.
    if not form:
        form = {
            "mark": "group",
            "as": "read",
            "id": "0",
            "before": str(int(NOW.timestamp()) + 7200),
        }
    response = _fever(api_site, query, form=form)
    assert response.status_code == status, response.text
    assert response.json()["error"]
    assert _state_rows(api_site) == before


def test_another_readers_unfollowed_feed_is_not_markable(api_site: ApiSite) -> None:
    before = _state_rows(api_site)
    response = _fever(
        api_site,
        form={"mark": "feed", "as": "read", "id": str(api_site.unfollowed_source), "before": "1"},
    )
    assert response.status_code == 404
    assert _state_rows(api_site) == before


def test_the_session_cookie_is_no_key(api_site: ApiSite) -> None:
    """A browser signed in to the site cannot write through the API: only the key counts."""
    site = api_site
    token = new_token()
    site.repo.accounts.create_session(
        site.ada.id, token_hash(token), now=NOW, expires_at=NOW + timedelta(days=1)
    )
    cookie = {SESSION_COOKIE: session_cookie_value(site.app.state.account_secret, token)}
    page = httpx.get(site.server.url("/en/account"), cookies=cookie, timeout=10)
    assert page.status_code == 200 and "ada" in page.text  # a good session on the site
    before = _state_rows(site)
    response = httpx.post(
        site.server.url("/fever/?api"),
        data={"mark": "group", "as": "read", "id": "0", "before": str(int(NOW.timestamp()) + 7200)},
        cookies=cookie,
        timeout=10,
    )
    assert response.json() == {"api_version": 3, "auth": 0}
    assert _state_rows(site) == before


def test_a_revoked_app_password_stops_working(api_site: ApiSite) -> None:
    site = api_site
    [made] = site.keys.app_passwords(site.ada.id)
    assert made.last_used_at is None
    _ok(site)
    [used] = site.keys.app_passwords(site.ada.id)
    assert used.last_used_at == site.clock.now
    assert site.keys.revoke_app_password(site.ada.id, made.id)
    assert _fever(site).json() == {"api_version": 3, "auth": 0}


def test_a_file_upload_is_refused(api_site: ApiSite) -> None:
    response = httpx.post(
        api_site.server.url("/fever/?api"),
        data={"api_key": api_site.fever_key},
        files={"mark": ("x.txt", b"item")},
        timeout=10,
    )
    assert response.status_code == 400
