"""Last-Modified, If-Modified-Since and Cache-Control on pages, feeds and static files."""

from __future__ import annotations

import hashlib
import re
from email.utils import parsedate_to_datetime
from pathlib import Path

from fastapi.testclient import TestClient

from tests.demo_site import DemoSite
from tidings import __version__
from tidings.web import create_app
from tidings.web.http_cache import StaticAddresses, http_date


def _client(demo: DemoSite, seconds: float) -> TestClient:
    settings = demo.settings.model_copy(update={"page_cache_seconds": seconds})
    return TestClient(create_app(settings, repository=demo.repository))


def test_lists_and_feeds_say_when_their_newest_item_changed_and_answer_304(
    demo: DemoSite,
) -> None:
    newest = demo.repository.articles.latest_articles(limit=50)
    changed = max(t for a in newest for t in (a.sort_time, a.modified) if t is not None)
    with _client(demo, 0) as client:  # every request rendered: the view's own answer
        for path in ("/en/latest", "/en/latest/feed.xml", "/en/latest/atom.xml"):
            first = client.get(path)
            assert first.status_code == 200
            stamped = parsedate_to_datetime(first.headers["last-modified"])
            assert stamped == changed.replace(microsecond=0), path
            again = client.get(path, headers={"If-Modified-Since": first.headers["last-modified"]})
            assert again.status_code == 304, path
            assert again.content == b""
            older = http_date(stamped.replace(year=stamped.year - 1))
            assert client.get(path, headers={"If-Modified-Since": older}).status_code == 200
            assert client.get(path, headers={"If-Modified-Since": "garbage"}).status_code == 200


def test_an_article_page_says_when_the_article_changed_without_a_304(demo: DemoSite) -> None:
    article = demo.repository.articles.latest_articles(limit=1)[0]
    with _client(demo, 0) as client:
        page = client.get(f"/en/article/{article.id}")
        assert page.status_code == 200
        stamped = parsedate_to_datetime(page.headers["last-modified"])
        assert stamped <= (article.modified or article.sort_time or stamped)
        # comments and related articles change without the article: no 304 by date
        again = client.get(
            f"/en/article/{article.id}",
            headers={"If-Modified-Since": page.headers["last-modified"]},
        )
        assert again.status_code == 200


def test_feeds_are_public_for_the_page_cache_lifetime_and_pages_are_asked_again(
    demo: DemoSite,
) -> None:
    """A feed is the same for every reader; a page's address shows the reader's own page
    once they sign in, so a browser must not show its signed-out copy again unasked."""
    with _client(demo, 60) as client:
        for path in ("/en/latest/feed.json", "/en/latest/feed.xml", "/en/latest/atom.xml"):
            response = client.get(path)
            assert response.headers["cache-control"] == (
                "public, max-age=60, stale-while-revalidate=540"
            ), path
        for path in ("/en/", "/en/latest"):
            response = client.get(path)
            assert response.headers["cache-control"] == "public, no-cache", path
        kept = client.get("/en/latest", headers={"If-None-Match": response.headers["etag"]})
        assert kept.status_code == 304
        assert kept.headers["cache-control"] == "public, no-cache"
        signin = client.get("/en/signin")  # a form with a token: the reader's own
        assert "public" not in signin.headers.get("cache-control", "")
        client.cookies.set("tidings_session", "x")  # signed in: theirs alone
        assert client.get("/en/latest").headers["cache-control"].startswith("private")


def test_versioned_static_files_live_long_and_the_others_briefly(demo: DemoSite) -> None:
    with _client(demo, 60) as client:
        page = client.get("/en/")
        linked = re.findall(r'(?:href|src)="(/static/[^"?]+\?v=[^"]+)"', page.text)
        assert len(linked) == 3  # the stylesheet and both scripts
        for url in linked:
            asset = client.get(url)
            assert asset.headers["cache-control"] == "public, max-age=31536000, immutable"
            # the address names these very bytes
            assert url.endswith("?v=" + hashlib.sha256(asset.content).hexdigest()[:12])
        # the release alone no longer makes an address: bytes may change within one
        css = client.get(f"/static/style.css?v={__version__}")
        assert "immutable" not in css.headers["cache-control"]
        icon = client.get("/static/icon.svg")
        assert icon.headers["cache-control"] == "public, max-age=3600"
        assert icon.headers["etag"]
        old = client.get("/static/style.css?v=0.0.0-old")
        assert "immutable" not in old.headers["cache-control"]


def test_a_static_address_changes_when_the_files_bytes_do(tmp_path: Path) -> None:
    (tmp_path / "icons").mkdir()
    (tmp_path / "style.css").write_text("body { color: black }")
    (tmp_path / "icons" / "a.png").write_bytes(b"\x89PNG one")
    before = StaticAddresses(tmp_path)
    (tmp_path / "style.css").write_text("body { color: white }")  # same size, new bytes
    after = StaticAddresses(tmp_path)
    assert before.url("style.css") != after.url("style.css")
    assert before.url("icons/a.png") == after.url("icons/a.png")
    version = after.url("style.css").partition("?v=")[2]
    assert after.current("style.css", version)
    assert not before.current("style.css", version)
    assert not after.current("missing.css", version)


def test_a_signed_in_reader_never_gets_a_304_by_date(demo: DemoSite) -> None:
    """A list's articles are unchanged after a reader follows its hashtag, but the page
    they see is not: their copy must be rendered again."""
    with _client(demo, 0) as client:  # every request rendered: the view's own answer
        path = "/en/latest"
        first = client.get(path)
        assert first.status_code == 200
        since = first.headers["last-modified"]
        assert client.get(path, headers={"If-Modified-Since": since}).status_code == 304
        client.cookies.set("tidings_session", "x")
        again = client.get(path, headers={"If-Modified-Since": since})
        assert again.status_code == 200
