"""WebSub: intent checks, signatures, renewals, and the callback route with a real store."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient

from tidings.config import Settings
from tidings.ingest import websub
from tidings.models import Source
from tidings.store import SqlRepository
from tidings.web import create_app

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
TOPIC = "https://pub.example/feed.xml"
SECRET = "a" * 40
FEED = (
    b'<?xml version="1.0"?><rss version="2.0"><channel><title>Pub</title>'
    b"<item><title>Pushed story</title><link>https://pub.example/pushed</link></item>"
    b"</channel></rss>"
)


def _signed(body: bytes, secret: str = SECRET, method: str = "sha256") -> str:
    return f"{method}=" + hmac.new(secret.encode(), body, getattr(hashlib, method)).hexdigest()


def _source(**changes: object) -> Source:
    base = Source(
        id=1,
        feed_url=TOPIC,
        websub_hub="https://hub.example/",
        websub_topic=TOPIC,
        websub_secret=SECRET,
        websub_state="requested",
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def test_signature_ok() -> None:
    assert websub.signature_ok(SECRET, FEED, _signed(FEED))
    assert websub.signature_ok(SECRET, FEED, _signed(FEED, method="sha1"))
    assert websub.signature_ok(SECRET, FEED, _signed(FEED, method="sha512"))
    assert not websub.signature_ok(SECRET, FEED + b" ", _signed(FEED))
    assert not websub.signature_ok(SECRET, FEED, _signed(FEED, secret="b" * 40))
    assert not websub.signature_ok(SECRET, FEED, "md5=" + hashlib.md5(FEED).hexdigest())
    assert not websub.signature_ok(SECRET, FEED, None)
    assert not websub.signature_ok(None, FEED, _signed(FEED))
    assert not websub.signature_ok(SECRET, FEED, "garbage")


def test_verify_intent() -> None:
    query = {
        "hub.mode": "subscribe",
        "hub.topic": TOPIC,
        "hub.challenge": "xyz",
        "hub.lease_seconds": "3600",
    }
    check = websub.verify_intent(_source(), query, NOW)
    assert check == websub.IntentCheck(True, "xyz", "verified", NOW + timedelta(hours=1))
    assert not websub.verify_intent(
        _source(), {**query, "hub.topic": "https://evil.example/"}, NOW
    ).accept
    assert not websub.verify_intent(_source(websub_state=None), query, NOW).accept
    assert not websub.verify_intent(_source(), {**query, "hub.mode": "unsubscribe"}, NOW).accept
    assert not websub.verify_intent(_source(), {**query, "hub.challenge": ""}, NOW).accept
    denied = websub.verify_intent(_source(), {"hub.mode": "denied", "hub.topic": TOPIC}, NOW)
    assert denied.accept and denied.state == "denied"


def test_needs_subscription_and_renewal() -> None:
    hub = "https://hub.example/"
    assert not websub.needs_subscription(_source(), None, TOPIC, NOW)
    assert websub.needs_subscription(Source(id=1, feed_url=TOPIC), hub, TOPIC, NOW)
    assert websub.needs_subscription(_source(), "https://other-hub.example/", TOPIC, NOW)
    verified = _source(websub_state="verified", websub_lease_until=NOW + timedelta(days=5))
    assert not websub.needs_subscription(verified, hub, TOPIC, NOW)
    assert websub.needs_subscription(verified, hub, TOPIC, NOW + timedelta(days=4, hours=1))
    pending = _source(websub_lease_until=NOW + timedelta(hours=6))
    assert not websub.needs_subscription(pending, hub, TOPIC, NOW)
    assert websub.needs_subscription(pending, hub, TOPIC, NOW + timedelta(hours=7))
    assert not websub.needs_subscription(_source(websub_state="denied"), hub, TOPIC, NOW)
    form = websub.subscription_form(
        callback="https://me.example/websub/1", topic=TOPIC, secret=SECRET, lease_seconds=600
    )
    assert form["hub.mode"] == "subscribe" and form["hub.lease_seconds"] == "600"
    assert len(websub.new_secret()) == 40 and websub.new_secret() != websub.new_secret()


@pytest.fixture
def callback(
    settings: Settings, sqlite_repository: SqlRepository
) -> tuple[TestClient, SqlRepository, int]:
    source_id = _subscribed(sqlite_repository, state="requested", lease_until=None)
    app = create_app(settings, repository=sqlite_repository, clock=lambda: NOW)
    return TestClient(app), sqlite_repository, source_id


def _subscribed(repository: SqlRepository, *, state: str, lease_until: datetime | None) -> int:
    source = repository.sources.add_source(TOPIC, now=NOW)
    repository.sources.set_websub(
        source.id,
        hub="https://hub.example/",
        topic=TOPIC,
        secret=SECRET,
        state=state,
        lease_until=lease_until,
    )
    return source.id


def test_callback_verifies_then_accepts_only_signed_pushes(
    callback: tuple[TestClient, SqlRepository, int],
) -> None:
    client, repo, source_id = callback
    path = f"/websub/{source_id}"
    # Content before verification is dropped.
    assert (
        client.post(path, content=FEED, headers={"X-Hub-Signature": _signed(FEED)}).status_code
        == 202
    )
    assert repo.articles.count_articles() == 0
    bad = client.get(
        path,
        params={
            "hub.mode": "subscribe",
            "hub.topic": "https://evil.example/",
            "hub.challenge": "c",
        },
    )
    assert bad.status_code == 404
    ok = client.get(
        path,
        params={
            "hub.mode": "subscribe",
            "hub.topic": TOPIC,
            "hub.challenge": "c-42",
            "hub.lease_seconds": "864000",
        },
    )
    assert ok.status_code == 200 and ok.text == "c-42"
    verified = repo.sources.get_source(source_id)
    assert verified.websub_state == "verified" and verified.websub_lease_until == NOW + timedelta(
        days=10
    )
    # Forged content: acknowledged, ignored.
    assert (
        client.post(
            path, content=FEED, headers={"X-Hub-Signature": _signed(FEED, secret="x" * 40)}
        ).status_code
        == 202
    )
    assert client.post(path, content=FEED).status_code == 202
    assert repo.articles.count_articles() == 0
    assert (
        client.post(path, content=FEED, headers={"X-Hub-Signature": _signed(FEED)}).status_code
        == 202
    )
    assert [a.title for a in repo.articles.latest_articles(limit=5)] == ["Pushed story"]
    not_feed = b"<html>no</html>"
    assert (
        client.post(
            path, content=not_feed, headers={"X-Hub-Signature": _signed(not_feed)}
        ).status_code
        == 400
    )
    assert client.get("/websub/999", params={"hub.topic": TOPIC}).status_code == 404


class _Hub:
    """A WebSub hub on 127.0.0.1 that records subscription requests; with ``trickle`` it
    answers one byte of a 1000-byte body every 0.2 s."""

    def __init__(self, *, trickle: bool = False) -> None:
        import contextlib
        import threading
        import time
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
        from urllib.parse import parse_qs

        self.requests: list[dict[str, str]] = []
        hub = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                form = parse_qs(self.rfile.read(length).decode())
                hub.requests.append({k: v[0] for k, v in form.items()})
                self.send_response(202)
                self.send_header("Content-Length", "1000" if trickle else "0")
                self.end_headers()
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    for _ in range(1000 if trickle else 0):
                        self.wfile.write(b" ")
                        time.sleep(0.2)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}/hub"

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


def test_ingest_subscribes_to_the_hub_and_renews(
    settings: Settings, sqlite_repository: SqlRepository
) -> None:
    import asyncio

    from tests.localserver import LocalServer, Reply
    from tidings.ingest import build_client
    from tidings.pipeline import Ingestor

    hub = _Hub()
    publisher = LocalServer()
    try:
        feed_url = publisher.url("/feed.xml")
        body = (
            '<?xml version="1.0"?><rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel>'
            f'<title>Pub</title><atom:link rel="hub" href="{hub.url}"/>'
            f'<atom:link rel="self" href="{feed_url}"/></channel></rss>'
        )
        publisher.routes["/feed.xml"] = Reply(
            body.encode(), headers={"Content-Type": "application/rss+xml"}
        )
        config = settings.model_copy(
            update={"base_url": "https://tidings.example", "websub_lease_seconds": 7200}
        )
        clock_now = [NOW]
        source = sqlite_repository.sources.add_source(feed_url, now=NOW)

        def ingest() -> None:
            async def go() -> None:
                async with build_client(config) as client:
                    await Ingestor(
                        sqlite_repository, client, config, clock=lambda: clock_now[0]
                    ).run_once(all_sources=True)

            asyncio.run(go())

        ingest()
        (request,) = hub.requests
        stored = sqlite_repository.sources.get_source(source.id)
        assert request["hub.mode"] == "subscribe"
        assert request["hub.callback"] == f"https://tidings.example/websub/{source.id}"
        assert request["hub.topic"] == feed_url and request["hub.lease_seconds"] == "7200"
        assert request["hub.secret"] == stored.websub_secret and stored.websub_state == "requested"
        ingest()  # asked recently and not yet verified: no second request
        assert len(hub.requests) == 1
        sqlite_repository.sources.set_websub(
            source.id,
            hub=hub.url,
            topic=feed_url,
            secret=stored.websub_secret,
            state="verified",
            lease_until=NOW + timedelta(hours=2),
        )
        clock_now[0] = NOW + timedelta(hours=1)  # inside the renewal window
        ingest()
        assert len(hub.requests) == 2 and hub.requests[1]["hub.secret"] != request["hub.secret"]
    finally:
        hub.close()
        publisher.close()


def test_a_trickling_hub_cannot_hold_up_ingest(
    settings: Settings, sqlite_repository: SqlRepository
) -> None:
    import asyncio

    from tests.localserver import LocalServer, Reply
    from tidings.ingest import build_client
    from tidings.pipeline import Ingestor, IngestReport

    hub = _Hub(trickle=True)
    publisher = LocalServer()
    try:
        body = (
            '<?xml version="1.0"?><rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">'
            f'<channel><title>Pub</title><atom:link rel="hub" href="{hub.url}"/></channel></rss>'
        )
        publisher.routes["/feed.xml"] = Reply(body.encode())
        config = settings.model_copy(
            update={"base_url": "https://tidings.example", "fetch_timeout": 1.0}
        )
        source = sqlite_repository.sources.add_source(publisher.url("/feed.xml"), now=NOW)

        async def go() -> IngestReport:
            async with build_client(config) as client:
                ingestor = Ingestor(sqlite_repository, client, config, clock=lambda: NOW)
                # The hub's answer lasts 200 s: still waiting after 15 s means no deadline.
                return await asyncio.wait_for(ingestor.run_once(all_sources=True), 15)

        report = asyncio.run(go())
        assert (report.sources_checked, report.sources_failed) == (1, 0)
        assert len(hub.requests) == 1
        assert sqlite_repository.sources.get_source(source.id).websub_state == "requested"
    finally:
        hub.close()
        publisher.close()


def test_verify_intent_caps_an_endless_lease() -> None:
    """A lease past what dates can hold is read as the longest believed, not a crash."""
    for lease in ("999999999999999999999", str(10**400), "3153600000000"):
        query = {
            "hub.mode": "subscribe",
            "hub.topic": TOPIC,
            "hub.challenge": "c",
            "hub.lease_seconds": lease,
        }
        check = websub.verify_intent(_source(), query, NOW)
        assert check.accept and check.lease_until == NOW + websub.LONGEST_LEASE


def test_a_push_takes_no_more_new_entries_than_a_feed_check(
    settings: Settings, sqlite_repository: SqlRepository
) -> None:
    """A publisher names its own hub: a signed push of 1,000 items stores the newest
    ``max_new_per_feed`` only, like a feed check, and the rest wait."""
    capped = settings.model_copy(update={"max_new_per_feed": 25})
    source_id = _subscribed(
        sqlite_repository, state="verified", lease_until=NOW + timedelta(days=1)
    )
    client = TestClient(create_app(capped, repository=sqlite_repository, clock=lambda: NOW))
    items = b"".join(
        b"<item><title>Item %d</title><link>https://pub.example/%d</link>"
        b"<pubDate>%s</pubDate></item>"
        % (n, n, (NOW - timedelta(minutes=n)).strftime("%a, %d %b %Y %H:%M:%S +0000").encode())
        for n in range(1000)
    )
    body = b'<?xml version="1.0"?><rss version="2.0"><channel><title>Pub</title>'
    body += items + b"</channel></rss>"
    path = f"/websub/{source_id}"
    assert (
        client.post(path, content=body, headers={"X-Hub-Signature": _signed(body)}).status_code
        == 202
    )
    assert sqlite_repository.articles.count_articles() == 25
    titles = {a.title for a in sqlite_repository.articles.latest_articles(limit=50)}
    assert titles == {f"Item {n}" for n in range(25)}
    # The same push again adds the next newest, never more than the cap.
    assert (
        client.post(path, content=body, headers={"X-Hub-Signature": _signed(body)}).status_code
        == 202
    )
    assert sqlite_repository.articles.count_articles() == 50
