"""Feed item ids that do not change with the UI language, and the lead image in RSS and Atom."""

from __future__ import annotations

import json
from collections.abc import Iterator

import feedparser
import pytest
from fastapi.testclient import TestClient
from lxml import etree

from tests.demo_site import DemoSite
from tidings.web import create_app

ATOM = "{http://www.w3.org/2005/Atom}"
MEDIA = "{http://search.yahoo.com/mrss/}"


@pytest.fixture(scope="module")
def client(demo: DemoSite) -> Iterator[TestClient]:
    with TestClient(create_app(demo.settings, repository=demo.repository)) as c:
        yield c


def _ids(client: TestClient, lang: str) -> dict[str, list[str]]:
    rss = etree.fromstring(client.get(f"/{lang}/latest/feed.xml").content)
    atom = etree.fromstring(client.get(f"/{lang}/latest/atom.xml").content)
    feed = json.loads(client.get(f"/{lang}/latest/feed.json").content)
    for guid in rss.iter("guid"):
        assert guid.get("isPermaLink") == "false"
    return {
        "rss": [g.text or "" for g in rss.iter("guid")],
        "atom": [e.findtext(f"{ATOM}id") or "" for e in atom.iter(f"{ATOM}entry")],
        "json": [item["id"] for item in feed["items"]],
    }


def test_an_article_has_one_id_in_every_language_and_format(client: TestClient) -> None:
    english, german = _ids(client, "en"), _ids(client, "de")
    assert english["rss"]
    assert english == german
    assert english["rss"] == english["atom"] == english["json"]
    assert all("/article/" in i and "/en/" not in i for i in english["rss"])


def test_rss_and_atom_carry_the_lead_image_as_json_feed_does(
    client: TestClient, demo: DemoSite
) -> None:
    latest = demo.repository.articles.latest_articles(limit=50)
    pictured = {a.id: a.lead_image.url for a in latest if a.lead_image is not None}
    assert pictured
    rss = etree.fromstring(client.get("/en/latest/feed.xml").content)
    in_rss = {}
    for item in rss.iter("item"):
        content = item.find(f"{MEDIA}content")
        if content is not None:
            assert content.get("medium") == "image"
            in_rss[(item.findtext("link") or "").rsplit("/", 1)[1]] = content.get("url")
    atom = etree.fromstring(client.get("/en/latest/atom.xml").content)
    in_atom = {}
    for entry in atom.iter(f"{ATOM}entry"):
        enclosure = entry.find(f"{ATOM}link[@rel='enclosure']")
        if enclosure is not None:
            alternate = entry.find(f"{ATOM}link[@rel='alternate']")
            assert alternate is not None
            in_atom[(alternate.get("href") or "").rsplit("/", 1)[1]] = enclosure.get("href")
    feed = json.loads(client.get("/en/latest/feed.json").content)
    in_json = {
        item["url"].rsplit("/", 1)[1]: item["image"] for item in feed["items"] if "image" in item
    }
    assert in_rss == in_atom == in_json == pictured
    # and feed readers' parser finds them where it looks
    parsed = feedparser.parse(client.get("/en/latest/feed.xml").content)
    assert not parsed.bozo
    assert sum(1 for e in parsed.entries if e.get("media_content")) == len(pictured)
