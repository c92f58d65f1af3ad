"""The request sequences NetNewsWire (its "FreshRSS" account) and Read You send to a Google
Reader server, as their public sources build them, with the fields their decoders require;
and a sync walk-through: subscribe, read, star and mark all read, then the store and the
signed-in site agree."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlencode

import httpx

from tests.api.conftest import ApiSite, both_databases
from tests.api.web_view import (
    followed_on_account_page,
    saved_on_account_page,
    signed_in,
    source_cards,
)

READING = "user/-/state/com.google/reading-list"
READ = "user/-/state/com.google/read"
STARRED = "user/-/state/com.google/starred"
# What the clients' item decoders read and fail without (NetNewsWire's ReaderAPIEntry,
# Read You's GoogleReaderDTO.Item): strings where they decode strings.
_ITEM_STRINGS = ("id", "crawlTimeMsec", "timestampUsec", "title")


@contextmanager
def _client(site: ApiSite, base: str) -> Iterator[tuple[httpx.Client, str]]:
    with httpx.Client(base_url=site.server.url(base), timeout=10) as client:
        yield _login(client, site)


def _login(client: httpx.Client, site: ApiSite) -> tuple[httpx.Client, str]:
    login = client.post("/accounts/ClientLogin", data={"Email": "ada", "Passwd": site.password})
    assert login.status_code == 200
    auth = dict(line.split("=", 1) for line in login.text.split())["Auth"]
    client.headers["Authorization"] = f"GoogleLogin auth={auth}"
    token = client.get("/reader/api/0/token")
    assert token.status_code == 200 and token.text.strip()
    return client, token.text.strip()


def _form(client: httpx.Client, path: str, pairs: list[tuple[str, str]]) -> httpx.Response:
    return client.post(
        path,
        content=urlencode(pairs),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )


def _check_item(item: dict[str, Any]) -> None:
    for name in _ITEM_STRINGS:
        assert isinstance(item[name], str), name
    assert isinstance(item["published"], int)
    assert isinstance(item["summary"]["content"], str)
    assert isinstance(item["origin"]["streamId"], str)
    assert isinstance(item["alternate"][0]["href"], str)
    assert all(isinstance(c, str) for c in item["categories"])


def test_netnewswire_freshrss_account_sequence(api_site: ApiSite) -> None:
    # NetNewsWire's ReaderAPICaller against "https://host/api/greader.php".
    with _client(api_site, "/api/greader.php") as (client, token):
        info = client.get("/reader/api/0/user-info", params={"output": "json"}).json()
        assert info["userName"] == "ada"
        tags = client.get("/reader/api/0/tag/list", params={"output": "json"}).json()["tags"]
        assert all(isinstance(t["id"], str) for t in tags)
        subs = client.get("/reader/api/0/subscription/list", params={"output": "json"}).json()
        for sub in subs["subscriptions"]:
            assert {"id", "title", "categories", "url", "htmlUrl"} <= set(sub)
        # Unread ids (reading list minus read), then starred ids, n=1000 with continuation.
        unread = client.get(
            "/reader/api/0/stream/items/ids",
            params={"s": READING, "xt": READ, "n": "1000", "output": "json"},
        ).json()
        ids = [r["id"] for r in unread["itemRefs"]]
        assert len(ids) == 4 and all(i.isdigit() for i in ids)
        starred = client.get(
            "/reader/api/0/stream/items/ids", params={"s": STARRED, "n": "1000", "output": "json"}
        ).json()
        assert starred["itemRefs"] == []
        # Contents by POST: "i" for each id as items/ids gave it, T in the form.
        contents = _form(
            client,
            "/reader/api/0/stream/items/contents?output=json",
            [("T", token), *(("i", i) for i in ids)],
        )
        assert contents.status_code == 200
        for item in contents.json()["items"]:
            _check_item(item)
        # Marking: edit-tag with long ids, a=read, then a=starred.
        long_ids = [item["id"] for item in contents.json()["items"]]
        marked = _form(
            client, "/reader/api/0/edit-tag", [("T", token), ("a", READ), ("i", long_ids[0])]
        )
        assert marked.status_code == 200 and marked.text == "OK"
        _form(client, "/reader/api/0/edit-tag", [("T", token), ("a", STARRED), ("i", long_ids[1])])
        assert len(api_site.state.unread_item_ids(api_site.ada.id)) == 3
        assert len(api_site.state.starred_item_ids(api_site.ada.id)) == 1


def test_read_you_sequence(api_site: ApiSite) -> None:
    # Read You's GoogleReaderAPI: the server URL as typed (site root), JSON everywhere.
    with _client(api_site, "") as (client, token):
        assert client.get("/reader/api/0/user-info").json()["userId"]
        client.get("/reader/api/0/subscription/list", params={"output": "json"}).raise_for_status()
        client.get("/reader/api/0/tag/list", params={"output": "json"}).raise_for_status()
        unread = client.get(
            "/reader/api/0/stream/items/ids",
            params={"s": READING, "xt": READ, "n": "10000", "output": "json"},
        ).json()["itemRefs"]
        read = client.get(
            "/reader/api/0/stream/items/ids", params={"s": READ, "n": "10000", "output": "json"}
        ).json()["itemRefs"]
        assert len(unread) == 4 and read == []
        # Read You fetches contents in chunks with the short (decimal) ids.
        body = _form(
            client,
            "/reader/api/0/stream/items/contents",
            [("i", r["id"]) for r in unread],
        ).json()
        assert len(body["items"]) == 4
        for item in body["items"]:
            _check_item(item)
        # Mark all of a feed read, then keep one unread.
        assert (
            _form(
                client,
                "/reader/api/0/mark-all-as-read",
                [("s", f"feed/{api_site.full_source}"), ("ts", str(10**16)), ("T", token)],
            ).text
            == "OK"
        )
        _form(
            client,
            "/reader/api/0/edit-tag",
            [("i", body["items"][1]["id"]), ("r", READ), ("T", token)],
        )
        rows = client.get("/reader/api/0/unread-count", params={"output": "json"}).json()
        counts = {r["id"]: r["count"] for r in rows["unreadcounts"]}
        assert counts[f"feed/{api_site.full_source}"] == 1


@both_databases
def test_sync_walk_through_reaches_the_store_and_the_site(api_site: ApiSite) -> None:
    with _client(api_site, "/api/greader.php") as (client, token):
        third = f"feed/{api_site.unfollowed_source}"
        edit = [("ac", "subscribe"), ("s", third), ("a", "user/-/label/World"), ("T", token)]
        assert _form(client, "/reader/api/0/subscription/edit", edit).text == "OK"
        item = str(api_site.item(api_site.elsewhere))
        _form(client, "/reader/api/0/edit-tag", [("i", item), ("a", READ), ("T", token)])
        first = str(api_site.item(api_site.articles[0]))
        _form(client, "/reader/api/0/edit-tag", [("i", first), ("a", STARRED), ("T", token)])
        _form(client, "/reader/api/0/mark-all-as-read", [("s", READING), ("T", token)])
        # The same state in the store the web pages read: followed, saved, everything read.
        state, ada = api_site.state, api_site.ada.id
        sub = state.subscription(ada, api_site.unfollowed_source)
        assert sub is not None and sub.folder == "World"
        assert state.starred_item_ids(ada) == [api_site.item(api_site.articles[0])]
        assert state.unread_item_ids(ada) == []
        follows = {f.target for f in api_site.repo.accounts.follows(ada) if f.kind == "source"}
        assert str(api_site.unfollowed_source) in follows
        assert api_site.articles[0] in {
            s.article_id for s in api_site.repo.accounts.saved_articles(ada, limit=10)
        }
    # The same state on the signed-in site: every card read, the star in "Your list",
    # the new follow under "Following".
    with signed_in(api_site) as browser:
        for source in (api_site.full_source, api_site.excerpt_source, api_site.unfollowed_source):
            cards = source_cards(browser, source)
            assert cards and all(cards.values()), (source, cards)
        assert saved_on_account_page(browser) == [api_site.articles[0]]
        assert f"/en/source/{api_site.unfollowed_source}" in followed_on_account_page(browser)
    # And through the Miniflux-style API with the same app password.
    with httpx.Client(
        base_url=api_site.server.url(""), timeout=10, headers={"X-Auth-Token": api_site.password}
    ) as v1:
        unread = v1.get("/v1/entries", params={"status": "unread"})
        assert unread.status_code == 200 and unread.json()["total"] == 0
        starred = v1.get("/v1/entries", params={"starred": "true"}).json()["entries"]
        assert [e["id"] for e in starred] == [api_site.item(api_site.articles[0])]
        feeds = {f["id"]: f for f in v1.get("/v1/feeds").json()}
        assert feeds[api_site.unfollowed_source]["category"]["title"] == "World"
