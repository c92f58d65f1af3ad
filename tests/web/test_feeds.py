"""Every list as RSS 2.0, Atom and JSON Feed, over the ingested demo publisher."""

from __future__ import annotations

import json
from collections.abc import Iterator

import feedparser
import pytest
from fastapi.testclient import TestClient
from lxml import etree
from lxml import html as lxml_html

from tests.demo_site import DemoSite
from tidings.ingest import parse_feed
from tidings.web import create_app

FORMATS = {
    "feed.xml": "application/rss+xml",
    "atom.xml": "application/atom+xml",
    "feed.json": "application/feed+json",
}


@pytest.fixture(scope="module")
def client(demo: DemoSite) -> Iterator[TestClient]:
    with TestClient(create_app(demo.settings, repository=demo.repository)) as c:
        yield c


@pytest.fixture(scope="module")
def lists(demo: DemoSite) -> dict[str, str]:
    """A page of each kind of list: its path after the language."""
    repo = demo.repository
    bridge = demo.bridge_report()
    assert bridge.story_id and bridge.category
    slug = repo.stories.tags_of(bridge.id)[0][0]
    return {
        "latest": "",
        "hashtag": f"/hashtag/{slug}",
        "category": f"/category/{bridge.category}",
        "source": f"/source/{bridge.source_id}",
        "story": f"/story/{bridge.story_id}",
    }


@pytest.mark.parametrize("kind", ["latest", "hashtag", "category", "source", "story"])
def test_each_list_in_three_formats_with_the_same_items(
    client: TestClient, lists: dict[str, str], kind: str
) -> None:
    path = lists[kind]
    page = lxml_html.fromstring(client.get(f"/en{path}" + ("" if path else "/")).text)
    linked = {
        link.get("type"): link.get("href")
        for link in page.xpath("//head/link[@rel='alternate'][@type]")
    }
    assert linked == {kind_type: f"/en{path}/{name}" for name, kind_type in FORMATS.items()}
    items: dict[str, list[str]] = {}
    for name, media_type in FORMATS.items():
        response = client.get(f"/en{path}/{name}")
        assert response.status_code == 200, (kind, name)
        assert response.headers["content-type"].startswith(media_type)
        # Read back by Tidings' own feed reader, which speaks all three.
        parsed = parse_feed(response.content, f"http://testserver/en{path}/{name}")
        items[name] = [entry.url for entry in parsed.entries]
        if name.endswith(".xml"):  # and by feedparser, what most feed readers build on
            other = feedparser.parse(response.content)
            assert not other.bozo, (kind, name, other.get("bozo_exception"))
            assert [entry.link for entry in other.entries] == items[name]
    assert items["feed.xml"], kind
    assert items["feed.xml"] == items["atom.xml"] == items["feed.json"]
    assert all(link.startswith("http://") and "/en/article/" in link for link in items["feed.xml"])


def test_the_story_feed_holds_its_articles_newest_first(
    client: TestClient, demo: DemoSite, lists: dict[str, str]
) -> None:
    story_id = lists["story"].rsplit("/", 1)[1]
    members = demo.repository.stories.story_articles(story_id, include_copies=False)
    feed = json.loads(client.get(f"/en{lists['story']}/feed.json").content)
    assert [item["id"].rsplit("/", 1)[1] for item in feed["items"]] == [a.id for a in members][::-1]


def test_json_feed_and_atom_carry_what_their_specs_require(
    client: TestClient, lists: dict[str, str]
) -> None:
    feed = json.loads(client.get(f"/en{lists['hashtag']}/feed.json").content)
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["feed_url"].endswith(f"/en{lists['hashtag']}/feed.json")
    for item in feed["items"]:
        assert item["id"] and item["url"] and item["title"] and item["date_published"]
        assert item["authors"][0]["name"]
    atom = etree.fromstring(client.get(f"/en{lists['hashtag']}/atom.xml").content)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    assert atom.xpath("/a:feed/a:id/text()", namespaces=ns)
    assert atom.xpath("/a:feed/a:updated/text()", namespaces=ns)[0].endswith("Z")
    for entry in atom.xpath("/a:feed/a:entry", namespaces=ns):
        for field in ("id", "title", "updated", "author/a:name"):
            assert entry.xpath(f"a:{field}/text()", namespaces=ns), field


@pytest.mark.parametrize(
    "path",
    [
        "/en/source/999999/feed.xml",
        "/en/source/abc/atom.xml",
        f"/en/story/{'0' * 32}/feed.json",
        "/en/story/not-a-story/feed.xml",
        "/en/hashtag/nosuchtag/atom.xml",
        "/en/category/gossip/feed.json",
        "/xx/feed.xml",
    ],
)
def test_unknown_lists_have_no_feed(client: TestClient, path: str) -> None:
    assert client.get(path).status_code == 404
