"""Feeds carry our plain text as text, never as live markup (issue #15, point 1).

One stored article whose every text holds markup-like text, as a publisher's page may
(``&lt;img ...&gt;`` in its HTML is ``<img ...>`` in our plain text). Every list's feed
in every format is read as a reader reads it: RSS titles and descriptions as HTML, Atom
texts by their ``type``, JSON Feed by its spec; feedparser reads RSS and Atom too. No
field may hold an element, and each must still read as the text the publisher wrote.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlencode

import feedparser
import pytest
from fastapi.testclient import TestClient
from lxml import etree
from lxml import html as lxml_html

from tests.readers import NOW
from tidings.config import Settings
from tidings.enrich.categories import TAXONOMY
from tidings.ingest import article_id
from tidings.models import ExtractedArticle, FeedEntry, Story
from tidings.store import Enrichment, NewEntry, SqlRepository, StoryPlacement
from tidings.web import create_app

IMG = "<img src=x onerror=alert(1)>"
SCRIPT = "<script>alert(1)</script>"
ENTITY = "&lt;b&gt;"  # the text as the publisher meant it, not a bold tag
MARKUP = f"{IMG} {SCRIPT} {ENTITY}"
TITLE = f"Bridge opens {MARKUP}"
SUMMARY = f"The lead paragraph quotes {MARKUP} as written on the page."
OUTLET = f"The Pub {IMG}"
STORY_TITLE = f"The bridge story {MARKUP}"
STORY_ID = "5" * 32
CATEGORY = TAXONOMY[0].slug
ATOM = {"a": "http://www.w3.org/2005/Atom"}


@dataclass(frozen=True)
class Site:
    client: TestClient
    lists: dict[str, str]  # list kind -> its path after the language (and a query)


@pytest.fixture
def site(settings: Settings, sqlite_repository: SqlRepository) -> Iterator[Site]:
    repo = sqlite_repository
    source = repo.sources.add_source("https://pub.example/feed", now=NOW, title=OUTLET)
    url = "https://pub.example/news/1"
    aid = article_id(url)
    entry = FeedEntry(url=url, title=TITLE, summary=SUMMARY, published=NOW - timedelta(hours=1),
                      authors=(MARKUP,), categories=(MARKUP,))  # fmt: skip
    repo.articles.add_entries(source.id, [NewEntry(aid, url, entry)], now=NOW)
    body = f"{SUMMARY}\n\nA second paragraph: {MARKUP}."
    extracted = ExtractedArticle(
        title=TITLE,
        text=body,
        html="".join(f"<p>{html.escape(p, quote=False)}</p>" for p in body.split("\n\n")),
        authors=(MARKUP,),
        description=SUMMARY,
        section=MARKUP,
    )
    repo.articles.save_extraction(aid, extracted, now=NOW)
    story = Story(STORY_ID, STORY_TITLE, NOW - timedelta(hours=1), NOW, 1, 1)
    enrichment = Enrichment(
        "en", "declared", category=CATEGORY, category_how="test", tags=(("bridge", MARKUP, 1.0),)
    )
    repo.stories.save_placements(
        [StoryPlacement(aid, story, enrichment=enrichment)], now=NOW, related_limit=3, per_outlet=2
    )
    lists = {
        "home": "",
        "latest": "/latest",
        "search": "/search?" + urlencode({"q": IMG}),
        "hashtag": "/hashtag/bridge",
        "category": f"/category/{CATEGORY}",
        "source": f"/source/{source.id}",
        "story": f"/story/{STORY_ID}",
    }
    with TestClient(create_app(settings, repository=repo)) as client:
        yield Site(client, lists)


def _get(site: Site, kind: str, filename: str) -> bytes:
    path, _, query = site.lists[kind].partition("?")
    response = site.client.get(f"/en{path}/{filename}" + (f"?{query}" if query else ""))
    assert response.status_code == 200, (kind, filename, response.text)
    return response.content


def _read_as_html(text: str, where: str) -> str:
    """What a reader shows for ``text`` taken as HTML; fails on any element in it."""
    fragment = lxml_html.fragment_fromstring(text, create_parent="div")
    elements = [element.tag for element in fragment.iterdescendants()]
    assert not elements, f"{where} holds markup: {elements} in {text!r}"
    return str(fragment.text_content())


KINDS = ["home", "latest", "search", "hashtag", "category", "source", "story"]


@pytest.mark.parametrize("kind", KINDS)
def test_rss_texts_read_as_text_when_taken_for_html(site: Site, kind: str) -> None:
    channel = etree.fromstring(_get(site, kind, "feed.xml")).find("channel")
    assert channel is not None
    shown = {
        element.tag: _read_as_html(element.text or "", f"{kind} RSS <{element.tag}>")
        for element in channel.iter("title", "description", "source")
        if element.getparent() is channel
    }
    items = channel.findall("item")
    assert len(items) == 1, kind
    item = {
        element.tag: _read_as_html(element.text or "", f"{kind} RSS item <{element.tag}>")
        for element in items[0]
        if element.tag in ("title", "description", "source", "author", "category")
    }
    assert item["title"] == TITLE
    assert item["description"] == SUMMARY
    assert item["source"] == OUTLET
    if kind == "story":
        assert shown["title"].startswith(STORY_TITLE)
        assert STORY_TITLE in shown["description"]
    if kind == "search":
        assert IMG in shown["title"] and IMG in shown["description"]


@pytest.mark.parametrize("kind", KINDS)
def test_atom_texts_say_they_are_text(site: Site, kind: str) -> None:
    feed = etree.fromstring(_get(site, kind, "atom.xml"))
    constructs = feed.xpath(
        "/a:feed/a:title | /a:feed/a:subtitle | //a:entry/a:title | //a:entry/a:summary"
        " | //a:entry/a:content | //a:entry/a:rights",
        namespaces=ATOM,
    )
    for element in constructs:
        # Plain text said to be plain text: a reader shows it as it is.
        assert element.get("type") == "text", (kind, element.tag, element.get("type"))
    (entry,) = feed.xpath("//a:entry", namespaces=ATOM)
    assert entry.xpath("a:title/text()", namespaces=ATOM) == [TITLE]
    assert entry.xpath("a:summary/text()", namespaces=ATOM) == [SUMMARY]
    assert entry.xpath("a:author/a:name/text()", namespaces=ATOM) == [OUTLET]
    if kind == "story":
        assert feed.xpath("string(/a:feed/a:title)", namespaces=ATOM).startswith(STORY_TITLE)


@pytest.mark.parametrize("kind", KINDS)
def test_json_feed_texts_are_plain_and_no_html_is_live(site: Site, kind: str) -> None:
    feed = json.loads(_get(site, kind, "feed.json"))
    (item,) = feed["items"]
    assert item["title"] == TITLE
    assert item["summary"] == item["content_text"] == SUMMARY
    assert item["authors"] == [{"name": OUTLET}]
    if "content_html" in item:
        assert _read_as_html(item["content_html"], f"{kind} JSON content_html") == SUMMARY
    if kind == "story":
        assert feed["title"].startswith(STORY_TITLE)


@pytest.mark.parametrize("filename", ["feed.xml", "atom.xml"])
@pytest.mark.parametrize("kind", KINDS)
def test_feedparser_shows_the_publishers_text(site: Site, kind: str, filename: str) -> None:
    """feedparser, what most feed readers build on, decides per field between HTML and
    plain text; either way the reader sees the text and no element."""
    parsed = feedparser.parse(_get(site, kind, filename))
    assert not parsed.bozo, parsed.get("bozo_exception")

    def shown(detail: dict[str, str], where: str) -> str:
        if detail["type"] == "text/plain":
            return detail["value"]
        assert detail["type"] == "text/html", where
        return _read_as_html(detail["value"], where)

    (entry,) = parsed.entries
    assert shown(entry.title_detail, f"{kind} {filename} title") == TITLE
    assert shown(entry.summary_detail, f"{kind} {filename} summary") == SUMMARY
    for field in ("title_detail", "subtitle_detail"):
        if field in parsed.feed:
            shown(parsed.feed[field], f"{kind} {filename} feed {field}")
    if kind == "story":
        assert shown(parsed.feed.title_detail, "story feed title").startswith(STORY_TITLE)
