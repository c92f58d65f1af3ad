"""The Google Reader API (issue #18) over real HTTP against the live server: login,
lists, ids, contents, marks and subscriptions, and bad input changing nothing."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from urllib.parse import urlencode

import httpx
import pytest
from sqlalchemy import func, select

from tests.api.conftest import ApiSite, add_article, both_databases
from tests.readers import NOW
from tidings.api.greader import action_token
from tidings.api.ids import long_item_id
from tidings.store.schema import article_reads, saved_articles, user_follows

API = "/reader/api/0/"
READING = "user/-/state/com.google/reading-list"
READ = "user/-/state/com.google/read"
STARRED = "user/-/state/com.google/starred"


def _auth(site: ApiSite, token: str | None = None) -> dict[str, str]:
    return {"Authorization": f"GoogleLogin auth={site.password if token is None else token}"}


def _get(site: ApiSite, path: str, prefix: str = "", **params: Any) -> httpx.Response:
    return httpx.get(
        site.server.url(prefix + API + path), params=params, headers=_auth(site), timeout=10
    )


def _post(site: ApiSite, path: str, data: Any, **kw: Any) -> httpx.Response:
    """POST a form (a dict, or pairs for repeated fields, as clients send ``i``) or bytes."""
    headers = kw.pop("headers", None) or _auth(site)
    if isinstance(data, bytes):
        return httpx.post(site.server.url(API + path), content=data, headers=headers, timeout=10)
    pairs = list(data.items()) if isinstance(data, dict) else data
    form = {"Content-Type": "application/x-www-form-urlencoded", **headers}
    return httpx.post(
        site.server.url(API + path), content=urlencode(pairs), headers=form, timeout=10
    )


def _state(site: ApiSite) -> tuple[Any, ...]:
    with site.repo.engine.connect() as conn:
        reads = conn.execute(select(article_reads.c.article_id, article_reads.c.read)).all()
        saved = conn.execute(select(func.count()).select_from(saved_articles)).scalar_one()
        follows = conn.execute(
            select(
                user_follows.c.target,
                user_follows.c.folder,
                user_follows.c.title,
                user_follows.c.read_before,
            )
        ).all()
    return sorted(reads), saved, sorted(follows, key=str)


def _ids(site: ApiSite, **params: Any) -> list[int]:
    response = _get(site, "stream/items/ids", output="json", **params)
    assert response.status_code == 200, response.text
    return [int(r["id"]) for r in response.json()["itemRefs"]]


@pytest.mark.parametrize("prefix", ["", "/api/greader.php"])
def test_client_login_by_get_and_post_text_and_json(api_site: ApiSite, prefix: str) -> None:
    url = api_site.server.url(prefix + "/accounts/ClientLogin")
    creds = {"Email": "ada", "Passwd": api_site.password}
    posted = httpx.post(url, data=creds, timeout=10)
    assert posted.status_code == 200
    lines = dict(line.split("=", 1) for line in posted.text.strip().splitlines())
    assert set(lines) == {"SID", "LSID", "Auth"} and "=" not in lines["Auth"]
    got = httpx.get(url, params={**creds, "output": "json"}, timeout=10)
    assert got.json()["Auth"] == lines["Auth"]
    token = lines["Auth"]
    info = httpx.get(
        api_site.server.url(prefix + API + "user-info"),
        headers=_auth(api_site, token),
        timeout=10,
    )
    assert info.json()["userName"] == "ada"
    # The account password is no app password; a wrong one is a 401.
    for bad in (
        {"Email": "ada", "Passwd": "not-used-by-apps"},
        {"Email": "bob", **{"Passwd": api_site.password}},
    ):
        assert httpx.post(url, data=bad, timeout=10).status_code == 401


def test_a_wrong_or_missing_token_is_a_bad_token_401(api_site: ApiSite) -> None:
    for headers in ({}, _auth(api_site, "wrong-token"), {"Cookie": "tidings_session=x"}):
        response = httpx.get(api_site.server.url(API + "tag/list"), headers=headers, timeout=10)
        assert response.status_code == 401
        assert response.headers["google-bad-token"] == "true"


def test_unknown_endpoints_are_404_and_writes_need_post(api_site: ApiSite) -> None:
    response = _get(api_site, "no/such/thing")
    assert response.status_code == 404 and "no Google Reader endpoint" in response.text
    assert httpx.get(api_site.server.url("/api/greader.php/nope"), timeout=10).status_code == 404
    assert _get(api_site, "edit-tag").status_code == 405


def test_labels_match_between_tag_list_and_subscription_list_with_etags(api_site: ApiSite) -> None:
    tags = _get(api_site, "tag/list", output="json")
    assert tags.status_code == 200
    assert {"id": "user/-/label/Bridges", "type": "folder"} in tags.json()["tags"]
    subs = _get(api_site, "subscription/list", output="json")
    by_id = {s["id"]: s for s in subs.json()["subscriptions"]}
    full = by_id[f"feed/{api_site.full_source}"]
    assert full["categories"] == [{"id": "user/-/label/Bridges", "label": "Bridges"}]
    assert full["url"] == "https://pub.example/feed" and full["title"] == "The Pub"
    assert by_id[f"feed/{api_site.excerpt_source}"]["categories"] == []
    again = httpx.get(
        api_site.server.url(API + "subscription/list"),
        headers={**_auth(api_site), "If-None-Match": subs.headers["etag"]},
        timeout=10,
    )
    assert again.status_code == 304
    api_site.state.set_folder(api_site.ada.id, api_site.excerpt_source, "Papers")
    changed = httpx.get(
        api_site.server.url(API + "subscription/list"),
        headers={**_auth(api_site), "If-None-Match": subs.headers["etag"]},
        timeout=10,
    )
    assert changed.status_code == 200


@both_databases
def test_stream_ids_by_stream_and_filter(api_site: ApiSite) -> None:
    items = [api_site.item(a) for a in api_site.articles]
    assert _ids(api_site, s=READING, n=100) == sorted(items, reverse=True)
    assert _ids(api_site, s=READING, n=100, r="o") == sorted(items)
    assert _ids(api_site, s=f"feed/{api_site.full_source}", n=100) == sorted(
        items[:3], reverse=True
    )
    assert _ids(api_site, s="user/-/label/Bridges", n=100) == sorted(items[:3], reverse=True)
    api_site.state.set_read(api_site.ada.id, [api_site.articles[0]], True, now=NOW)
    api_site.state.set_starred(api_site.ada.id, [api_site.elsewhere], True, now=NOW)
    assert _ids(api_site, s=READING, xt=READ, n=100) == sorted(items[1:], reverse=True)
    assert _ids(api_site, s=READ, n=100) == [items[0]]
    assert _ids(api_site, s=STARRED, n=100) == [api_site.item(api_site.elsewhere)]
    assert _ids(api_site, s=READ, xt=READ) == []
    # ot: only what was found at or after that second (articles 3 and 4 here).
    third = int((NOW + timedelta(minutes=3)).timestamp())
    assert _ids(api_site, s=READING, ot=third, n=100) == sorted(items[2:], reverse=True)
    assert _ids(api_site, s=READING, nt=third, n=100) == sorted(items[:2], reverse=True)


@both_databases
def test_continuation_is_keyset_so_new_articles_never_shift_a_page(api_site: ApiSite) -> None:
    first = _get(api_site, "stream/items/ids", s=READING, n=2).json()
    assert isinstance(first["continuation"], str)
    add_article(api_site.repo, api_site.full_source, 9, 90)  # arrives between the pages
    second = _get(api_site, "stream/items/ids", s=READING, n=2, c=first["continuation"]).json()
    items = sorted((api_site.item(a) for a in api_site.articles), reverse=True)
    assert [int(r["id"]) for r in first["itemRefs"] + second["itemRefs"]] == items


@both_databases
def test_an_item_reference_and_its_item_carry_one_timestamp(api_site: ApiSite) -> None:
    """``timestampUsec`` is the item id (its discovery time in microseconds, unique), in
    the id list and in the item alike, as FreshRSS hands out its ids."""
    refs = _get(api_site, "stream/items/ids", s=READING, n=100).json()["itemRefs"]
    assert refs and all(r["timestampUsec"] == r["id"] for r in refs)
    assert all(r["directStreamIds"] == [] for r in refs)
    first = refs[0]
    got = _post(api_site, "stream/items/contents", [("i", first["id"])]).json()["items"]
    assert got[0]["timestampUsec"] == first["id"]
    found = int(got[0]["crawlTimeMsec"])
    assert found * 1000 <= int(first["id"]) < (found + 1000) * 1000


@pytest.mark.parametrize(
    "params",
    [
        {"n": "10001"},
        {"n": "0"},
        {"n": "x"},
        {"c": "abc"},
        {"s": "feed/999"},
        {"s": "user/-/label/Nope"},
        {"s": "user/-/state/com.google/broadcast"},
        {"xt": "user/-/label/X"},
        {"ot": "99999999999999"},
        {"r": "z"},
    ],
)
def test_bad_stream_arguments_are_4xx(api_site: ApiSite, params: dict[str, str]) -> None:
    response = _get(api_site, "stream/items/ids", **{"s": READING, **params})
    assert 400 <= response.status_code < 500, params


@both_databases
def test_contents_by_every_id_form_with_required_fields(api_site: ApiSite) -> None:
    item = api_site.item(api_site.articles[0])
    other = api_site.item(api_site.articles[1])
    third = api_site.item(api_site.articles[2])
    forms = [
        long_item_id(item),
        f"tag:google.com,2005:reader/item/{other:x}",
        f"{third:016x}",
        str(api_site.item(api_site.articles[3])),
    ]
    response = _post(api_site, "stream/items/contents?output=json", [("i", f) for f in forms])
    assert response.status_code == 200, response.text
    got = response.json()["items"]
    assert [g["id"] for g in got] == [long_item_id(api_site.item(a)) for a in api_site.articles]
    first = got[0]
    for name in ("crawlTimeMsec", "timestampUsec"):
        assert isinstance(first[name], str) and first[name].isdigit()
    assert isinstance(first["published"], int) and isinstance(first["updated"], int)
    assert first["title"] == "Bridge news 1"
    assert first["canonical"][0]["href"] == "https://pub1.example/news/1".replace(
        "pub1", f"pub{api_site.full_source}"
    )
    assert first["alternate"][0]["href"] == first["canonical"][0]["href"]
    assert first["origin"] == {
        "streamId": f"feed/{api_site.full_source}",
        "title": "The Pub",
        "htmlUrl": "https://pub.example/",
    }
    assert "user/-/label/Bridges" in first["categories"] and READING in first["categories"]
    assert "<p>First paragraph 1.</p>" in first["summary"]["content"]
    assert first["author"] == "Ada Reporter"
    # Exactly the keys strict decoders build their records from (Miniflux's shapes).
    assert first["enclosure"] == [
        {"url": f"https://pub{api_site.full_source}.example/img/1.jpg", "type": "image/jpeg"}
    ]
    assert first["canonical"] == [{"href": first["alternate"][0]["href"]}]
    # The excerpt source gets its excerpt and a link, never the full body.
    assert "Third paragraph" not in got[3]["summary"]["content"]
    # Signed decimal: the same 64 bits.
    signed = str(item - 2**64)
    assert _post(api_site, "stream/items/contents", {"i": signed}).json()["items"][0][
        "id"
    ] == long_item_id(item)


def test_contents_bad_and_unknown_ids(api_site: ApiSite) -> None:
    assert _post(api_site, "stream/items/contents", {"i": "not-an-id"}).status_code == 400
    assert _post(api_site, "stream/items/contents", {}).status_code == 400
    assert _post(api_site, "stream/items/contents", {"i": "123456"}).status_code == 404
    many = [("i", str(n + 1)) for n in range(1001)]
    assert _post(api_site, "stream/items/contents", many).status_code == 400


def test_stream_contents_by_path_query_and_none(api_site: ApiSite) -> None:
    newest = long_item_id(api_site.item(api_site.articles[3]))
    by_path = _get(api_site, f"stream/contents/{READING}", n=1).json()
    assert by_path["items"][0]["id"] == newest and "continuation" in by_path
    by_query = _get(api_site, "stream/contents", s=f"feed/{api_site.excerpt_source}").json()
    assert [i["id"] for i in by_query["items"]] == [newest]
    assert _get(api_site, "stream/contents").json()["id"] == READING
    prefixed = _get(api_site, "stream/contents/user/-/label/Bridges", prefix="/api/greader.php")
    assert len(prefixed.json()["items"]) == 3


@both_databases
def test_edit_tag_read_starred_kept_unread(api_site: ApiSite) -> None:
    one, two = api_site.articles[0], api_site.articles[1]
    ids = [long_item_id(api_site.item(one)), str(api_site.item(two))]
    token = _get(api_site, "token").text
    assert token == action_token(api_site.password)
    assert (
        _post(api_site, "edit-tag", [("i", ids[0]), ("i", ids[1]), ("a", READ), ("T", token)]).text
        == "OK"
    )
    assert api_site.state.read_article_ids(api_site.ada.id, [one, two]) == {one, two}
    _post(api_site, "edit-tag", {"i": ids[0], "a": STARRED})
    assert api_site.state.starred_item_ids(api_site.ada.id) == [api_site.item(one)]
    _post(
        api_site, "edit-tag", {"i": ids[1], "r": READ, "a": "user/-/state/com.google/kept-unread"}
    )
    assert api_site.state.read_article_ids(api_site.ada.id, [one, two]) == {one}
    _post(api_site, "edit-tag", {"i": ids[0], "r": STARRED})
    assert api_site.state.starred_item_ids(api_site.ada.id) == []


@both_databases
@pytest.mark.parametrize(
    "form",
    [
        [("i", "tag:google.com,2005:reader/item/zz"), ("a", READ)],
        [("i", "12345"), ("a", READ)],  # unknown: 404
        [("i", "1"), ("a", "user/-/state/com.google/broadcast")],
        [("i", "1")],
        [("i", str(n + 1)) for n in range(1001)] + [("a", READ)],
    ],
)
def test_bad_edit_tag_changes_nothing(api_site: ApiSite, form: list[tuple[str, str]]) -> None:
    known = ("i", str(api_site.item(api_site.articles[0])))
    before = _state(api_site)
    response = _post(api_site, "edit-tag", [known, *form])
    assert 400 <= response.status_code < 500
    assert _state(api_site) == before


def test_a_wrong_t_is_a_bad_token_and_changes_nothing(api_site: ApiSite) -> None:
    before = _state(api_site)
    item = str(api_site.item(api_site.articles[0]))
    response = _post(api_site, "edit-tag", {"i": item, "a": READ, "T": "forged"})
    assert response.status_code == 401 and response.headers["google-bad-token"] == "true"
    assert _state(api_site) == before


@both_databases
@pytest.mark.parametrize("unit", [1, 1_000_000])
def test_mark_all_as_read_in_seconds_or_microseconds(api_site: ApiSite, unit: int) -> None:
    # Up to the second article's discovery: the first two read, the third still unread.
    second = int((NOW + timedelta(minutes=2)).timestamp())
    form = {"s": f"feed/{api_site.full_source}", "ts": str(second * unit)}
    assert _post(api_site, "mark-all-as-read", form).text == "OK"
    read = api_site.state.read_article_ids(api_site.ada.id, api_site.articles)
    assert read == set(api_site.articles[:2])
    assert _post(api_site, "mark-all-as-read", {"s": STARRED}).status_code == 400


@both_databases
def test_unread_count(api_site: ApiSite) -> None:
    api_site.state.set_read(api_site.ada.id, [api_site.articles[0]], True, now=NOW)
    rows = {
        r["id"]: r for r in _get(api_site, "unread-count", output="json").json()["unreadcounts"]
    }
    assert rows[f"feed/{api_site.full_source}"]["count"] == 2
    assert rows["user/-/label/Bridges"]["count"] == 2
    assert rows[READING]["count"] == 3
    assert rows[READING]["newestItemTimestampUsec"].isdigit()


@both_databases
def test_subscription_edit_quickadd_and_labels(api_site: ApiSite) -> None:
    third = f"feed/{api_site.unfollowed_source}"
    form = {"ac": "subscribe", "s": third, "a": "user/-/label/News", "t": "Mine"}
    assert _post(api_site, "subscription/edit", form).text == "OK"
    sub = api_site.state.subscription(api_site.ada.id, api_site.unfollowed_source)
    assert sub is not None and (sub.folder, sub.title) == ("News", "Mine")
    edit = {"ac": "edit", "s": third, "r": "user/-/label/News", "a": "user/-/label/Bridges"}
    _post(api_site, "subscription/edit", edit)
    assert (
        api_site.state.subscription(api_site.ada.id, api_site.unfollowed_source).folder == "Bridges"
    )  # type: ignore[union-attr]
    _post(api_site, "subscription/edit", {"ac": "unsubscribe", "s": third})
    assert api_site.state.subscription(api_site.ada.id, api_site.unfollowed_source) is None
    # Quick add of a feed Tidings follows, under another spelling of its address.
    added = _post(api_site, "subscription/quickadd", {"quickadd": "HTTPS://THIRD.example/feed"})
    assert added.json()["streamId"] == third
    # A reader cannot add a feed Tidings does not follow; nothing changes.
    before = _state(api_site)
    assert (
        _post(
            api_site, "subscription/quickadd", {"quickadd": "https://new.example/feed"}
        ).status_code
        == 403
    )
    assert (
        _post(
            api_site, "subscription/edit", {"ac": "subscribe", "s": "feed/https://new.example/rss"}
        ).status_code
        == 403
    )
    assert _post(api_site, "subscription/edit", {"ac": "edit", "s": "feed/999"}).status_code == 404
    assert _post(api_site, "subscription/edit", {"ac": "boom", "s": third}).status_code == 400
    assert _state(api_site) == before


def test_rename_and_disable_tag(api_site: ApiSite) -> None:
    form = {"s": "user/-/label/Bridges", "dest": "user/-/label/Spans"}
    assert _post(api_site, "rename-tag", form).text == "OK"
    assert api_site.state.folders(api_site.ada.id) == ["Spans"]
    assert _post(api_site, "rename-tag", form).status_code == 404
    assert _post(api_site, "disable-tag", {"s": "user/-/label/Spans"}).text == "OK"
    assert api_site.state.folders(api_site.ada.id) == []
    assert api_site.state.subscription(api_site.ada.id, api_site.full_source) is not None


def test_opml_export_and_import(api_site: ApiSite) -> None:
    exported = _get(api_site, "subscription/export")
    assert exported.status_code == 200 and b'xmlUrl="https://pub.example/feed"' in exported.content
    assert b'<outline text="Bridges"' in exported.content
    opml = (
        b'<?xml version="1.0"?><opml version="2.0"><body><outline text="World">'
        b'<outline type="rss" text="Third" xmlUrl="https://third.example/feed"/>'
        b'<outline type="rss" text="New" xmlUrl="https://unknown.example/feed"/>'
        b"</outline></body></opml>"
    )
    response = _post(
        api_site,
        "subscription/import",
        opml,
        headers={**_auth(api_site), "Content-Type": "text/x-opml"},
    )
    body = response.json()
    assert body["subscribed"] == 1 and "unknown.example" in body["skipped"][0]
    sub = api_site.state.subscription(api_site.ada.id, api_site.unfollowed_source)
    assert sub is not None and sub.folder == "World"
    bad = _post(
        api_site,
        "subscription/import",
        b"<html/>",
        headers={**_auth(api_site), "Content-Type": "text/xml"},
    )
    assert bad.status_code == 400
