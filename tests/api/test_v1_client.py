"""The ``/v1`` REST API (issue #18) driven by the official ``miniflux`` client from PyPI
against a live server on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import httpx
import miniflux
import pytest
from sqlalchemy import func, select

from tests.api.conftest import ApiSite, add_article, both_databases
from tests.localserver import LocalServer, Reply
from tests.readers import NOW
from tidings.accounts.app_passwords import app_password_hash, fever_key
from tidings.accounts.models import Role
from tidings.api.ids import folder_number
from tidings.store.schema import article_reads, saved_articles, user_follows

RSS = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour Post</title>
<link>http://harbour.test/</link><description>Ships</description>
<item><title>Ferry runs late</title><link>http://harbour.test/ferry</link>
<guid>http://harbour.test/ferry</guid><pubDate>Fri, 20 Nov 2026 10:00:00 GMT</pubDate></item>
</channel></rss>"""
PAGE = b"""<!doctype html><html><head><title>Harbour</title>
<link rel="alternate" type="application/rss+xml" href="/feed.xml"></head><body>Hi</body></html>"""


@pytest.fixture
def client(api_site: ApiSite) -> miniflux.Client:
    return miniflux.Client(api_site.server.base, api_key=api_site.password, timeout=10)


@pytest.fixture
def feed_server() -> Iterator[LocalServer]:
    server = LocalServer(
        {
            "/": Reply(PAGE, headers={"Content-Type": "text/html"}),
            "/feed.xml": Reply(RSS, headers={"Content-Type": "application/rss+xml"}),
        }
    )
    yield server
    server.close()


def _rows(site: ApiSite) -> tuple[int, int, list[tuple[str, str | None]]]:
    with site.repo.engine.connect() as conn:
        reads = conn.execute(select(func.count()).select_from(article_reads)).scalar_one()
        saved = conn.execute(select(func.count()).select_from(saved_articles)).scalar_one()
        follows = conn.execute(select(user_follows.c.target, user_follows.c.folder)).all()
    return reads, saved, sorted((t, f) for t, f in follows)


def test_me_with_a_token_and_with_basic_auth(api_site: ApiSite, client: miniflux.Client) -> None:
    me = client.me()
    assert me["username"] == "ada" and me["id"] == api_site.ada.id and me["is_admin"] is False
    basic = miniflux.Client(api_site.server.base, "ada", api_site.password, timeout=10)
    assert basic.me()["id"] == api_site.ada.id
    assert client.get_version()["version"]


@pytest.mark.parametrize(
    "auth",
    [
        {"api_key": "wrong-password"},
        {"username": "bob", "password": "wrong"},
        {"username": "ada", "password": "not-used-by-apps"},  # the account password
    ],
)
def test_a_wrong_credential_is_401_with_an_error_message(
    api_site: ApiSite, auth: dict[str, str]
) -> None:
    with pytest.raises(miniflux.AccessUnauthorized) as caught:
        miniflux.Client(api_site.server.base, timeout=10, **auth).me()
    assert caught.value.status_code == 401
    assert caught.value.get_error_reason() == "Access Unauthorized"


def test_the_session_cookie_never_counts(api_site: ApiSite) -> None:
    response = httpx.get(
        api_site.server.url("/v1/me"), cookies={"tidings_session": "anything"}, timeout=10
    )
    assert response.status_code == 401
    assert response.json() == {"error_message": "Access Unauthorized"}


@both_databases
def test_feeds_categories_and_counters(api_site: ApiSite, client: miniflux.Client) -> None:
    feeds = {f["id"]: f for f in client.get_feeds()}
    assert set(feeds) == {api_site.full_source, api_site.excerpt_source}
    full = feeds[api_site.full_source]
    assert full["title"] == "The Pub" and full["category"]["title"] == "Bridges"
    assert full["category"]["id"] == folder_number("Bridges")
    assert feeds[api_site.excerpt_source]["category"]["title"] == "All"
    assert client.get_feed(api_site.full_source)["feed_url"] == "https://pub.example/feed"
    with pytest.raises(miniflux.ResourceNotFound):
        client.get_feed(api_site.unfollowed_source)  # a source ada does not follow
    cats = client.get_categories()
    assert [c["title"] for c in cats] == ["All", "Bridges"]
    counters = client._session.get(api_site.server.url("/v1/feeds/counters")).json()
    assert counters["unreads"] == {str(api_site.full_source): 3, str(api_site.excerpt_source): 1}
    assert counters["reads"] == {str(api_site.full_source): 0, str(api_site.excerpt_source): 0}
    inside = client.get_category_feeds(folder_number("Bridges"))
    assert [f["id"] for f in inside] == [api_site.full_source]


@both_databases
def test_entries_with_filters(api_site: ApiSite, client: miniflux.Client) -> None:
    everything = client.get_entries()
    assert everything["total"] == 4
    ids = [e["id"] for e in everything["entries"]]
    assert ids == sorted(ids)  # published_at ascending, Miniflux's default
    newest = client.get_entries(direction="desc", limit=2)
    assert newest["total"] == 4 and [e["id"] for e in newest["entries"]] == ids[::-1][:2]
    assert client.get_entries(limit=2, offset=3)["entries"][0]["id"] == ids[3]
    of_feed = client.get_feed_entries(api_site.full_source)
    assert of_feed["total"] == 3
    assert {e["feed"]["id"] for e in of_feed["entries"]} == {api_site.full_source}
    assert client.get_entries(feed_id=api_site.excerpt_source)["total"] == 1
    assert client.get_category_entries(folder_number("Bridges"))["total"] == 3
    assert client.get_entries(category_id=folder_number("All"))["total"] == 1
    assert client.get_entries(after_entry_id=ids[1])["total"] == 2
    assert client.get_entries(before_entry_id=ids[1])["total"] == 1
    assert client.get_entries(search="news 2")["entries"][0]["title"] == "Bridge news 2"
    assert client.get_entries(search="paragraph 3")["total"] == 1
    # Published 30 minutes before each was found: article n at NOW + n - 30 minutes.
    cut = int((NOW + timedelta(minutes=2 - 30)).timestamp())
    assert client.get_entries(published_after=cut)["total"] == 2
    assert client.get_entries(before=cut)["total"] == 1
    one = client.get_entry(ids[0])
    assert one["status"] == "unread" and one["starred"] is False
    assert one["title"] == "Bridge news 1" and "First paragraph 1." in one["content"]
    assert one["published_at"].endswith("Z") and one["feed"]["title"] == "The Pub"
    elsewhere = api_site.item(api_site.elsewhere)
    with pytest.raises(miniflux.ResourceNotFound):
        client.get_entry(elsewhere)  # an article of a source ada does not follow


@both_databases
def test_status_and_bookmark(api_site: ApiSite, client: miniflux.Client) -> None:
    first, second = (api_site.item(a) for a in api_site.articles[:2])
    client.update_entries([first, second], status="read")
    assert client.get_entries(status="read")["total"] == 2
    assert client.get_entries(status="unread")["total"] == 2
    assert client.get_entries(status=["read", "unread"])["total"] == 4
    client.update_entries([first], status="unread")
    assert [e["id"] for e in client.get_entries(status="read")["entries"]] == [second]
    assert api_site.state.read_article_ids(api_site.ada.id, api_site.articles[:2]) == {
        api_site.articles[1]
    }
    client.toggle_bookmark(first)
    assert client.get_entry(first)["starred"] is True
    assert [e["id"] for e in client.get_entries(starred=True)["entries"]] == [first]
    assert api_site.state.starred_item_ids(api_site.ada.id) == [first]
    client.toggle_bookmark(first)
    assert client.get_entry(first)["starred"] is False
    client.mark_feed_entries_as_read(api_site.full_source)
    assert client.get_feed_entries(api_site.full_source, status="unread")["total"] == 0
    client.mark_category_entries_as_read(folder_number("All"))
    assert client.get_entries(status="unread")["total"] == 0


@both_databases
def test_bad_status_changes_change_nothing(api_site: ApiSite, client: miniflux.Client) -> None:
    before = _rows(api_site)
    first = api_site.item(api_site.articles[0])
    elsewhere = api_site.item(api_site.elsewhere)
    with pytest.raises(miniflux.ResourceNotFound):
        client.update_entries([first, elsewhere], status="read")
    with pytest.raises(miniflux.ResourceNotFound):
        client.update_entries([first, 2**62], status="read")
    with pytest.raises(miniflux.BadRequest):
        client.update_entries([first], status="removed")
    with pytest.raises(miniflux.BadRequest):
        client.update_entries([], status="read")
    with pytest.raises(miniflux.ResourceNotFound):
        client.toggle_bookmark(elsewhere)
    with pytest.raises(miniflux.BadRequest):
        client.get_entries(order="title")
    with pytest.raises(miniflux.BadRequest):
        client.get_entries(limit=-1)
    url = api_site.server.url("/v1/entries")
    for body in (b"{", b'{"entry_ids": "1", "status": "read"}', b"[]"):
        response = client._session.put(url, data=body, timeout=10)
        assert response.status_code == 400 and "error_message" in response.json()
    assert client._session.get(api_site.server.url("/v1/entries/abc")).status_code == 404
    assert client._session.get(api_site.server.url(f"/v1/entries/{2**64}")).status_code == 400
    assert _rows(api_site) == before


def test_categories_create_rename_move_and_delete(
    api_site: ApiSite, client: miniflux.Client
) -> None:
    made = client.create_category("Rivers")
    assert made == {
        "id": folder_number("Rivers"),
        "title": "Rivers",
        "user_id": api_site.ada.id,
        "hide_globally": False,
    }
    assert [c["title"] for c in client.get_categories()] == ["All", "Bridges", "Rivers"]
    with pytest.raises(miniflux.BadRequest):
        client.create_category("rivers")  # the same name in another case
    moved = client.update_feed(api_site.excerpt_source, category_id=made["id"], title="Other")
    assert moved["category"]["title"] == "Rivers" and moved["title"] == "Other"
    renamed = client.update_category(made["id"], "Streams")
    assert renamed["title"] == "Streams" and renamed["id"] == folder_number("Streams")
    assert client.get_feed(api_site.excerpt_source)["category"]["title"] == "Streams"
    with pytest.raises(miniflux.ResourceNotFound):
        client.get_category_feeds(made["id"])  # the old id is gone with the old name
    with pytest.raises(miniflux.BadRequest):
        client.delete_category(folder_number("All"))
    client.delete_category(renamed["id"])
    assert client.get_feed(api_site.excerpt_source)["category"]["title"] == "All"
    assert [c["title"] for c in client.get_categories()] == ["All", "Bridges"]
    with pytest.raises(miniflux.ResourceNotFound):
        client.delete_category(renamed["id"])


def test_create_feed_by_site_address_needs_an_admin_for_a_new_source(
    api_site: ApiSite, client: miniflux.Client, feed_server: LocalServer
) -> None:
    before = _rows(api_site)
    with pytest.raises(miniflux.AccessForbidden):
        client.create_feed(feed_server.url("/"))
    assert _rows(api_site) == before
    api_site.repo.accounts.set_role(api_site.ada.id, Role.ADMIN)
    feed_id = client.create_feed(feed_server.url("/"), category_id=folder_number("Bridges"))
    feed = client.get_feed(feed_id)
    assert feed["feed_url"] == feed_server.url("/feed.xml")  # found through the page's link
    assert feed["title"] == "Harbour Post" and feed["category"]["title"] == "Bridges"
    with pytest.raises(miniflux.BadRequest):
        client.create_feed(feed_server.url("/feed.xml"))  # followed already
    client.refresh_feed(feed_id)
    assert api_site.repo.sources.get_source(feed_id).next_check_at == api_site.clock.now
    client.delete_feed(feed_id)
    assert feed_id not in {f["id"] for f in client.get_feeds()}
    assert api_site.repo.sources.get_source(feed_id).id == feed_id  # the site keeps the source


def test_a_reader_subscribes_to_a_source_the_site_follows(
    api_site: ApiSite, client: miniflux.Client
) -> None:
    add_article(api_site.repo, api_site.unfollowed_source, 9, 9)
    feed_id = client.create_feed("https://THIRD.example/feed/")  # another spelling
    assert feed_id == api_site.unfollowed_source
    assert client.get_feed_entries(feed_id)["total"] == 2


def test_discover(api_site: ApiSite, client: miniflux.Client, feed_server: LocalServer) -> None:
    found = client.discover(feed_server.url("/"))
    assert found == [{"url": feed_server.url("/feed.xml"), "title": "Harbour Post", "type": "rss"}]
    with pytest.raises(miniflux.ResourceNotFound):
        client.discover(feed_server.url("/nothing"))


def test_export_and_import_opml(api_site: ApiSite, client: miniflux.Client) -> None:
    opml = client.export_feeds()
    assert "https://pub.example/feed" in opml and 'text="Bridges"' in opml
    bob_password = "bob-app-password-0001"
    bob = api_site.repo.accounts.find_user("bob")
    assert bob is not None
    api_site.keys.add_app_password(
        bob.id, "x", app_password_hash(bob_password), fever_key("bob", bob_password), now=NOW
    )
    as_bob = miniflux.Client(api_site.server.base, api_key=bob_password, timeout=10)
    assert as_bob.get_feeds() == []
    assert as_bob.import_feeds(opml) == {"message": "Feeds imported successfully"}
    feeds = {f["feed_url"]: f["category"]["title"] for f in as_bob.get_feeds()}
    assert feeds == {"https://pub.example/feed": "Bridges", "https://other.example/feed": "All"}
    before = _rows(api_site)
    unknown = opml.replace("https://other.example/feed", "https://new.example/feed")
    with pytest.raises(miniflux.AccessForbidden):
        as_bob.import_feeds(unknown)  # a new source needs an admin
    with pytest.raises(miniflux.BadRequest):
        as_bob.import_feeds("<opml><body>")
    assert _rows(api_site) == before


def test_healthcheck(api_site: ApiSite) -> None:
    response = httpx.get(api_site.server.url("/healthcheck"), timeout=10)
    assert response.status_code == 200 and response.text == "OK"
