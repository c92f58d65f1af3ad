"""OPML import and export: reader exports, round trips, and hostile files."""

from __future__ import annotations

import random
from datetime import UTC, datetime

import pytest

from tests.conftest import DATA
from tests.ingest.test_feeds import xml_attacks
from tests.localserver import LocalServer
from tidings.errors import OpmlError
from tidings.ingest.opml import (
    MAX_FOLDER_DEPTH,
    OpmlFeed,
    OpmlSkip,
    parse_opml,
    read_opml,
    write_opml,
)
from tidings.ingest.urls import normal_feed_url

OPML = DATA / "opml"


def test_a_feed_reader_export() -> None:
    feeds = parse_opml((OPML / "feedreader-export.opml").read_bytes())
    assert feeds == [
        OpmlFeed(
            "https://lantern.example/rss.xml",
            "The Lantern Courier",
            "https://lantern.example/",
            (("News",), ("Business & Tech",)),  # listed again in a second folder
        ),
        OpmlFeed(
            "https://talbote.example/atom.xml",
            "Der Talbote",
            "https://talbote.example/",
            (("News", "Regional"), ("Deutsch",), ("Lokal", "Verkehr")),
        ),
        OpmlFeed(  # attribute names in any case
            "https://northwind.example/feed.json",
            "Northwind Business Wire",
            "https://northwind.example/",
            (("Business & Tech",),),
        ),
        OpmlFeed("http://ridge.example/feed.json", "Ridge Weekly 🏔", None, ()),
        OpmlFeed(
            "https://meridian.example/news-sitemap.xml", "The Meridian (news sitemap)", None, ()
        ),
        # A title that only repeats the URL is no title.
        OpmlFeed("https://polder.example/atom", None, None, ()),
    ]
    skipped = read_opml((OPML / "feedreader-export.opml").read_bytes()).skipped
    assert skipped == (
        OpmlSkip("An old gopher feed", (), "not a web address (gopher:)"),
        OpmlSkip(
            "An empty folder", (), "an empty folder (folders are kept as tags of their feeds)"
        ),
    )


def test_an_opml_1_export_in_latin1() -> None:
    (feed,) = parse_opml((OPML / "opml1-latin1.opml").read_bytes())
    assert feed == OpmlFeed("https://cafe.example/rss", "Café Chronicle", None, (("Cafes",),))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"  \n", "empty"),
        (b"<opml><body><outline xmlUrl='https://x.example/'></body>", "broken XML"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "broken XML"),
        (b'<rss version="2.0"><channel/></rss>', "the document is <rss>, not <opml>"),
        (b"<html><body>Sign in</body></html>", "not <opml>"),
    ],
)
def test_what_is_not_opml(data: bytes, message: str) -> None:
    with pytest.raises(OpmlError, match=message):
        parse_opml(data)


def test_opml_without_a_body_or_feeds() -> None:
    assert parse_opml(b"<opml version='2.0'><head/></opml>") == []
    assert parse_opml(b"<opml version='2.0'><body><outline text='x'/></body></opml>") == []


def test_deeply_nested_folders() -> None:
    depth = 50_000
    data = (
        "<opml><body>"
        + "".join(f'<outline text="f{i}">' for i in range(depth))
        + '<outline type="rss" xmlUrl="https://deep.example/rss"/>'
        + "</outline>" * depth
        + "</body></opml>"
    ).encode()
    (feed,) = parse_opml(data)
    assert feed.folders == (tuple(f"f{i}" for i in range(MAX_FOLDER_DEPTH)),)


def test_entity_attacks_on_opml_are_refused(local_server: LocalServer) -> None:
    inner = '<body><outline type="rss" text="{ref}" xmlUrl="https://x.example/"/></body>'
    for name, data in xml_attacks("opml", inner, local_server.url("/evil.dtd")).items():
        with pytest.raises(OpmlError, match="entity declarations are not allowed"):
            parse_opml(data)
        assert local_server.requests == [], name


def test_an_external_dtd_on_opml_is_never_fetched(local_server: LocalServer) -> None:
    data = f'<!DOCTYPE opml SYSTEM "{local_server.url("/opml.dtd")}"><opml><body><outline xmlUrl="https://x.example/"/></body></opml>'
    assert [f.url for f in parse_opml(data.encode())] == ["https://x.example/"]
    assert local_server.requests == []


def test_write_opml() -> None:
    feeds = [
        OpmlFeed("https://a.example/rss?x=1&y=2", 'A "quoted" <title>', None, ()),
        OpmlFeed("https://b.example/feed", None, "https://b.example/", (("News", "Local"),)),
        OpmlFeed("https://c.example/feed", "C", None, (("News",), ("Other",))),
    ]
    data = write_opml(feeds, created=datetime(2026, 11, 18, 9, 0, tzinfo=UTC))
    text = data.decode("utf-8")
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<opml version="2.0">')
    assert "<title>Tidings sources</title>" in text
    assert "<dateCreated>Wed, 18 Nov 2026 09:00:00 +0000</dateCreated>" in text
    assert 'xmlUrl="https://a.example/rss?x=1&amp;y=2"' in text
    assert 'title="A &quot;quoted&quot; &lt;title&gt;"' in text
    assert text.count('<outline text="News" title="News">') == 1  # one folder for both
    assert text.count('<outline text="Local" title="Local">') == 1  # nested inside News
    assert "category" not in text  # folders are outlines, not a category path
    assert text.count('xmlUrl="https://c.example/feed"') == 2  # once in each folder
    assert parse_opml(data) == feeds
    assert "dateCreated" not in write_opml([]).decode()  # pure unless given a time


def test_write_opml_drops_what_xml_cannot_carry() -> None:
    feeds = [
        OpmlFeed("https://x.example/\x00feed", "Bell\x07 and \ud800 surrogate", None, (("\x1b",),))
    ]
    assert parse_opml(write_opml(feeds, title="\x0c")) == [
        OpmlFeed("https://x.example/feed", "Bell and surrogate", None, ())
    ]


ALPHABET = (
    "abcxyz ABC 0123 &&amp; <>\"' \t/é ß ü ñ 中文 日本語 한국어 עברית العربية 🏔🎉 ‮ \u00a0;=?#%+"
)


def _words(rng: random.Random, low: int, high: int, banned: str = "") -> str:
    text = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(low, high)))
    text = "".join(ch for ch in text if ch not in banned)
    return " ".join(text.split())  # what parse_opml makes of whitespace


def test_write_then_parse_round_trips_300_varied_feeds() -> None:
    rng = random.Random(20261118)
    names = [_words(rng, 1, 12) or "Folder" for _ in range(12)]
    feeds: list[OpmlFeed] = []
    for i in range(300):
        scheme = rng.choice(["http", "https", "HTTPS"])
        query = rng.choice(["", "?a=1&b=2", "?q=caf%C3%A9&x=<y>", "#frag", "?t='x'&u=\"y\""])
        url = f"{scheme}://site{i}.example/{_words(rng, 0, 6, ' ')}feed{query}"
        title = _words(rng, 0, 40) or None
        site = rng.choice([None, f"https://site{i}.example/", f"http://site{i}.example/?a&b"])
        folders: tuple[tuple[str, ...], ...] = ()
        if rng.random() < 0.7:
            # One to three places, some nested; a name may hold "/", "," or "&".
            paths = (
                (rng.choice(names), *rng.sample(names, rng.randint(0, 2)))
                for _ in range(rng.randint(1, 3))
            )
            folders = tuple(dict.fromkeys(paths))
        # Read back under its normal form: scheme lower-case, no fragment.
        feeds.append(OpmlFeed(normal_feed_url(url), title, site, folders))
    data = write_opml(feeds, title="Round & trip <test>", created=datetime(2026, 1, 1))
    back = parse_opml(data)
    assert len(back) == len(feeds)

    def places(feed: OpmlFeed) -> tuple[str | None, str | None, frozenset[tuple[str, ...]]]:
        return feed.title, feed.site_url, frozenset(feed.folders)  # folders in any order

    assert {f.url: places(f) for f in back} == {f.url: places(f) for f in feeds}
