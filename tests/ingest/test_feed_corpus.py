"""Every feed in ../shared/data/feeds goes through ``parse_feed`` without a crash.

The folder (see its NOTES.md) holds feed-rs's fixtures, real feeds with feed-rs's own
parse beside them, and feedparser's test suite as a tar archive, read here in memory.
Each document must parse or fail with a ``FeedError`` that says why; nothing else may
escape. Run with ``-s`` to see the counts.
"""

from __future__ import annotations

import html
import json
import tarfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tidings.errors import FeedError
from tidings.ingest import parse_feed

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "data" / "feeds"
FEED_RS = CORPUS / "feed-rs-fixtures"
FEEDPARSER_TESTS = CORPUS / "feedparser-tests.tar.xz"

EXPECTED_FILES = 132 + 2107  # as NOTES.md counts them
PARSED_FLOOR = 1893  # the rest are typed errors: broken, not feeds, or expected outputs


def _documents() -> Iterator[tuple[str, bytes]]:
    for path in sorted(FEED_RS.rglob("*")):
        if path.is_file():
            yield str(path.relative_to(CORPUS)), path.read_bytes()
    with tarfile.open(FEEDPARSER_TESTS) as archive:
        for member in archive:
            stream = archive.extractfile(member) if member.isfile() else None
            if stream is not None:
                yield member.name, stream.read()


@pytest.fixture(scope="module")
def corpus() -> list[tuple[str, bytes]]:
    if not FEED_RS.is_dir() or not FEEDPARSER_TESTS.is_file():
        pytest.skip(f"{CORPUS} is not here")
    return list(_documents())


def test_every_document_parses_or_fails_with_a_reason(corpus: list[tuple[str, bytes]]) -> None:
    parsed = typed = 0
    crashes: list[str] = []
    for name, body in corpus:
        try:
            parse_feed(body, "https://corpus.example/feed")
        except FeedError as exc:
            typed += 1
            if not str(exc).strip():
                crashes.append(f"{name}: FeedError without a message")
        except Exception as exc:
            crashes.append(f"{name}: {type(exc).__name__}: {exc}")
        else:
            parsed += 1
    print(
        f"\nfeed corpus: {len(corpus)} files, {parsed} parsed, {typed} typed errors,"
        f" {len(crashes)} crashes"
    )
    assert crashes == []
    assert len(corpus) == EXPECTED_FILES
    assert parsed + typed == len(corpus)
    assert parsed >= PARSED_FLOOR


def test_real_feeds_match_feed_rs_titles(corpus: list[tuple[str, bytes]]) -> None:
    """Each feed-rs input with an expected parse gives its title and no more entries."""
    documents = dict(corpus)
    checked = 0
    for name in documents:
        if not name.endswith(".serde.json"):
            continue
        stem = name.removesuffix(".serde.json")
        source = next(documents[s] for s in (f"{stem}.xml", f"{stem}.json") if s in documents)
        expected = json.loads(documents[name])
        feed = parse_feed(source, "https://corpus.example/feed")
        title = (expected.get("title") or {}).get("content")
        if title:
            assert feed.title == " ".join(html.unescape(title).split()), name
        # Entries without a link are skipped by design, so never more than feed-rs finds.
        assert len(feed.entries) <= len(expected["entries"]), name
        checked += 1
    assert checked == 64
