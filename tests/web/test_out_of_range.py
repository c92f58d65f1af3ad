"""Ids and days no row or datetime can hold get 404 or 422, never 500 (issue #15, point 2).

SQLite refuses to bind an int past 2**63 - 1 (``OverflowError``), ``int()`` reads "²" as
a digit and then fails, and 9999-12-31 has no next day. Each URL and form the issue
names, then every registered route with each of its path parameters and the usual query
parameters out of range, against the real app on a SQLite store, signed in as an admin
so that no role check stops a request before its ids are read. Last, an exception no
view handles is the 500 page on a connection that stays open.
"""

from __future__ import annotations

import base64
import socket
from collections.abc import Iterator
from datetime import date, timedelta
from urllib.parse import urlencode

import pytest
from fastapi.testclient import TestClient

from tests.readers import NOW
from tests.servers import ThreadedServer
from tests.web.test_comments import Site, _reader, _say, _token, make_site
from tests.web.test_security_headers import registered_routes
from tidings.accounts.models import Role
from tidings.config import Settings
from tidings.ingest import article_id
from tidings.models import ExtractedArticle, FeedEntry
from tidings.store import NewEntry, SqlRepository
from tidings.web import create_app
from tidings.web.routing.params import ID_MAX, day_span, parse_number

HUGE = "9" * 23  # past 2**63
JUST_PAST = str(ID_MAX + 1)
MALFORMED_IDS = [HUGE, JUST_PAST, "²", "-1", "1e3", "9" * 5000]
# 9999-12-31T23:00 at UTC-5 is past the calendar's end in UTC.
EDGE_CURSOR = base64.urlsafe_b64encode(f"9999-12-31T23:00:00-05:00|{'a' * 32}".encode()).decode()
HOSTILE_QUERY = urlencode(
    {"before": EDGE_CURSOR, "after": EDGE_CURSOR, "page": HUGE, "from": HUGE,
     "since": "9999-12-31", "until": "9999-12-31", "source": HUGE, "q": "bridge"}
)  # fmt: skip


@pytest.fixture
def site(settings: Settings, sqlite_repository: SqlRepository) -> Site:
    return make_site(settings, sqlite_repository)


@pytest.fixture
def admin(site: Site) -> TestClient:
    client, _ = _reader(site, "ada", role=Role.ADMIN)
    return client


def _form(client: TestClient, **fields: str) -> dict[str, str]:
    return {"csrf_token": _token(client.get("/en/account").text), **fields}


@pytest.mark.parametrize(
    ("path", "allowed"),
    [
        (f"/en/search?q=bridge&source={HUGE}", {422}),
        ("/en/search?q=bridge&source=%C2%B2", {422}),
        ("/en/search?q=bridge&until=9999-12-31", {200}),
        ("/en/search?q=bridge&since=9999-12-31&until=9999-12-31", {200}),
        ("/en/search?q=bridge&since=0001-01-01&until=0001-01-01", {200}),
        (f"/en/search/feed.xml?q=bridge&source={HUGE}", {422}),
        ("/en/search/atom.xml?q=bridge&until=9999-12-31", {200}),
        (f"/websub/{HUGE}", {404}),
        (f"/en/source/{HUGE}", {404}),
        ("/en/source/%C2%B2", {404}),
        (f"/en/source/{HUGE}/feed.xml", {404}),
        (f"/en/latest?before={EDGE_CURSOR}", {200}),
        (f"/en/?after={EDGE_CURSOR}", {200}),
        (f"/en/for-you?page={HUGE}", {200}),
        (f"/en/comments/{HUGE}/edit", {404}),
    ],
)
def test_named_get_urls(admin: TestClient, path: str, allowed: set[int]) -> None:
    assert admin.get(path).status_code in allowed


@pytest.mark.parametrize(
    ("path", "fields", "allowed"),
    [
        (f"/en/comments/{HUGE}/edit", {"body": "Changed words."}, {404}),
        (f"/en/comments/{HUGE}/delete", {}, {404}),
        (f"/en/comments/{HUGE}/report", {"reason": "spam"}, {404}),
        ("/en/comments/mute", {"user_id": HUGE}, {400}),
        ("/en/comments/unmute", {"user_id": "²"}, {400}),
        ("/en/follow", {"kind": "source", "target": HUGE}, {404}),
        ("/en/follow", {"kind": "source", "target": "²"}, {404}),
        ("/en/mute", {"kind": "source", "target": HUGE}, {404}),
        (f"/en/moderation/comments/{HUGE}/hide", {"reason": "x"}, {404}),
        (f"/en/moderation/comments/{HUGE}/restore", {}, {404}),
        ("/en/moderation/ban", {"user_id": HUGE, "days": "7"}, {404}),
        ("/en/moderation/unban", {"user_id": HUGE}, {303}),
        ("/en/moderation/switch", {"kind": "source", "target": HUGE}, {404}),
        (f"/websub/{HUGE}", {}, {404}),
    ],
)
def test_named_forms(
    admin: TestClient, path: str, fields: dict[str, str], allowed: set[int]
) -> None:
    assert admin.post(path, data=_form(admin, **fields)).status_code in allowed


def test_a_reply_to_no_comment_comes_back_with_its_text(site: Site, admin: TestClient) -> None:
    for parent in (HUGE, "²"):
        form = _form(admin, kind="article", target=site.article, parent=parent,
                     body="A reply worth keeping.")  # fmt: skip
        response = admin.post("/en/comments", data=form)
        assert response.status_code == 404
        assert "A reply worth keeping." in response.text
    assert _say(admin, site, "A first comment.").status_code == 303  # no parent: fine


def test_a_hubs_endless_lease_is_cut_not_a_crash(site: Site) -> None:
    repo = site.repo
    topic = "https://pub.example/feed"
    repo.sources.set_websub(site.source_id, hub="https://hub.example/", topic=topic, secret="s" * 16,
                    state="requested", lease_until=None)  # fmt: skip
    query = {"hub.mode": "subscribe", "hub.topic": topic, "hub.challenge": "c1",
             "hub.lease_seconds": HUGE}  # fmt: skip
    response = site.client().get(f"/websub/{site.source_id}", params=query)
    assert (response.status_code, response.text) == (200, "c1")
    lease_until = repo.sources.get_source(site.source_id).websub_lease_until
    assert lease_until is not None and lease_until - NOW > timedelta(days=3000)


def test_image_sizes_past_any_number_are_boxed(site: Site) -> None:
    url = "https://pub.example/news/sizes"
    aid = article_id(url)
    site.repo.articles.add_entries(
        site.source_id, [NewEntry(aid, url, FeedEntry(url, "Sizes"))], now=NOW
    )
    body = (
        '<p>Words.</p><img src="https://pub.example/a.jpg" width="²" height="1">'
        f'<img src="https://pub.example/b.jpg" width="1{"0" * 400}" height="{HUGE}">'
    )
    extracted = ExtractedArticle(title="Sizes", text="Words.", html=body)
    site.repo.articles.save_extraction(aid, extracted, now=NOW)
    response = site.client().get(f"/en/article/{aid}")
    assert response.status_code == 200
    assert 'width="1200" height="675"' in response.text


def _path_variants(template: str) -> Iterator[str]:
    """``template`` with lang filled and every other parameter, in turn, out of range."""
    filled = template.replace("{lang}", "en")
    names = [part for part in filled.split("/") if part.startswith("{")]
    for bad in MALFORMED_IDS:
        path = filled
        for name in names:
            path = path.replace(name, bad)
        yield path


def test_every_route_with_ids_out_of_range(admin: TestClient) -> None:
    """Every registered route, each path parameter out of range, query and form fields too."""
    fields = {"kind": "source", "target": HUGE, "parent": HUGE, "user_id": HUGE,
              "article_id": HUGE, "body": "Some words.", "days": "7"}  # fmt: skip
    tried = 0
    for template, methods in registered_routes(admin.app):  # type: ignore[arg-type]
        if template.startswith("/static") or template.startswith("/{lang}/signout"):
            continue
        for path in _path_variants(template):
            for method in sorted(methods):
                if method == "GET":
                    response = admin.get(f"{path}?{HOSTILE_QUERY}")
                elif method == "POST":
                    response = admin.post(path, data=_form(admin, **fields))
                else:
                    continue
                assert response.status_code < 500, (method, path, response.status_code)
                tried += 1
    assert tried > 100  # the sweep reached the routes, not a handful of them


def test_parse_number_bounds() -> None:
    assert parse_number(str(ID_MAX)) == ID_MAX
    assert parse_number("007") == 7
    for bad in [*MALFORMED_IDS, "", " 7", "7 ", "+7", "٣"]:
        assert parse_number(bad) is None, bad
    assert parse_number("100001", most=100_000) is None


def test_day_span_to_the_calendars_end_has_no_end() -> None:
    since, until = day_span(date(2026, 1, 1), date.max)
    assert since is not None and since.year == 2026 and until is None
    _, until = day_span(None, date(2026, 1, 1))
    assert until is not None and until.day == 2


def test_an_unhandled_error_is_the_500_page_on_a_live_connection(
    settings: Settings, sqlite_repository: SqlRepository
) -> None:
    """Starlette's last resort answers and raises again, and uvicorn then drops the
    connection; ours answers with the page and the next request on it is served."""
    app = create_app(settings, repository=sqlite_repository)

    def explode() -> None:
        raise RuntimeError("boom")

    app.add_api_route("/en/test-explodes", explode, methods=["GET"])
    with (
        ThreadedServer(app) as server,
        socket.create_connection(("127.0.0.1", server.port)) as conn,
    ):
        conn.settimeout(10)
        reader = conn.makefile("rb")
        for path, status in (("/en/test-explodes", 500), ("/healthz", 200)):
            conn.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
            head = reader.readline()
            assert head.split()[1] == str(status).encode(), (path, head)
            headers = {}
            while (line := reader.readline()) not in (b"\r\n", b""):
                name, _, value = line.decode("latin-1").partition(":")
                headers[name.strip().lower()] = value.strip()
            body = reader.read(int(headers["content-length"]))
            if status == 500:
                assert b"Something went wrong" in body
                assert headers["content-type"].startswith("text/html")
                assert "content-security-policy" in headers
