"""``/v1`` endpoints only Tidings has (issue #18 point 5): stories, hashtags, key points
and related entries, against the live server with an app password."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
import pytest

from tests.api.conftest import ApiSite, both_databases
from tests.readers import NOW
from tidings.models import Enrichment, ExtractedArticle, Story
from tidings.store import StoryPlacement

LONG_TEXT = (
    "The harbour bridge reopened on Monday after two years of repairs to its steel deck.\n\n"
    "Engineers replaced every cable on the northern span while ferries carried commuters.\n\n"
    "The city council said the final bill came to slightly less than the original budget."
)


def _place(site: ApiSite, article: str, story: Story, **more: Any) -> None:
    site.repo.stories.save_placements(
        [StoryPlacement(article, story, **more)], now=NOW, related_limit=6, per_outlet=2
    )


@pytest.fixture
def world(api_site: ApiSite) -> dict[str, Any]:
    """Three stories: the bridge (two outlets, one not followed, a German headline), the
    ferry (one article, related to the budget story's article) and the budget."""
    site = api_site
    first, second, third, fourth = site.articles
    site.repo.articles.save_extraction(
        third, ExtractedArticle(title="Bridge news 3", text=LONG_TEXT, html="<p>x</p>"), now=NOW
    )
    bridge = Story("b" * 32, "Bridge news 1", NOW, NOW + timedelta(hours=3), 2, 2)
    tags = Enrichment("en", "test", tags=(("harbour-bridge", "Harbour Bridge", 1.0),))
    _place(site, first, bridge, enrichment=tags)
    german = Enrichment("de", "test", tags=(("harbour-bridge", "Harbour Bridge", 1.0),))
    _place(site, site.elsewhere, bridge, enrichment=german)
    ferry = Story("f" * 32, "Bridge news 2", NOW, NOW + timedelta(hours=2), 1, 1)
    _place(site, second, ferry, related=((fourth, 0.8),))
    budget = Story("a" * 32, "Bridge news 4", NOW, NOW + timedelta(hours=1), 1, 1)
    _place(site, fourth, budget, enrichment=tags)
    return {"bridge": bridge.id, "ferry": ferry.id, "budget": budget.id}


def _get(site: ApiSite, path: str, **params: Any) -> httpx.Response:
    return httpx.get(
        site.server.url(f"/v1{path}"),
        params=params,
        headers={"X-Auth-Token": site.password},
        timeout=30,
    )


@both_databases
def test_stories_newest_first_with_counts_hashtags_and_pages(
    api_site: ApiSite, world: dict[str, Any]
) -> None:
    listed = _get(api_site, "/stories").json()["stories"]
    assert [s["id"] for s in listed] == [world["bridge"], world["ferry"], world["budget"]]
    bridge = listed[0]
    assert bridge["title"] == "Bridge news 1"
    assert (bridge["article_count"], bridge["outlet_count"]) == (2, 2)
    assert bridge["hashtags"] == [{"slug": "harbour-bridge", "title": "Harbour Bridge"}]
    latest = (NOW + timedelta(hours=3)).isoformat().replace("+00:00", "Z")
    assert bridge["last_updated_at"] == latest
    page = _get(api_site, "/stories", limit=1, offset=1).json()["stories"]
    assert [s["id"] for s in page] == [world["ferry"]]
    cutoff = int((NOW + timedelta(hours=2)).timestamp())
    older = _get(api_site, "/stories", before=cutoff).json()["stories"]
    assert [s["id"] for s in older] == [world["budget"]]


def test_a_story_title_in_the_readers_language_when_an_outlet_wrote_one(
    api_site: ApiSite, world: dict[str, Any]
) -> None:
    german = _get(api_site, f"/stories/{world['bridge']}", lang="de").json()
    assert (german["title"], german["title_language"]) == ("Bridge news 5", "de")
    english = _get(api_site, f"/stories/{world['bridge']}", lang="en").json()
    assert (english["title"], english["title_language"]) == ("Bridge news 1", "en")


@both_databases
def test_a_story_lists_every_outlets_entry_in_minifluxs_shape(
    api_site: ApiSite, world: dict[str, Any]
) -> None:
    story = _get(api_site, f"/stories/{world['bridge']}").json()
    entries = story["entries"]
    assert [e["id"] for e in entries] == [
        api_site.item(api_site.articles[0]),
        api_site.item(api_site.elsewhere),
    ]
    followed, other = entries
    assert followed["feed"]["category"]["title"] == "Bridges"
    assert other["feed_id"] == api_site.unfollowed_source
    assert other["feed"]["title"] == "Third"
    assert other["feed"]["category"]["title"] == "All"
    for entry in entries:
        assert {"status", "starred", "hash", "url", "published_at", "content"} <= set(entry)


def test_unknown_ids_are_404_and_malformed_ones_400(
    api_site: ApiSite, world: dict[str, Any]
) -> None:
    cases = {
        "/stories/" + "c" * 32: 404,
        "/stories/not-a-story": 400,
        "/hashtags/no-such-tag/entries": 404,
        "/hashtags/Bad%20Tag/entries": 400,
        "/entries/999999/keypoints": 404,
        "/entries/abc/keypoints": 400,
        "/entries/999999/related": 404,
        "/entries/0/related": 400,
    }
    for path, status in cases.items():
        answer = _get(api_site, path)
        assert answer.status_code == status, path
        assert answer.json()["error_message"]
    assert _get(api_site, "/stories", limit=0).status_code == 400
    assert httpx.get(api_site.server.url("/v1/stories"), timeout=10).status_code == 401


@both_databases
def test_a_hashtags_entries_newest_first_a_page_at_a_time(
    api_site: ApiSite, world: dict[str, Any]
) -> None:
    tagged = [api_site.elsewhere, api_site.articles[3], api_site.articles[0]]  # newest first
    ids = [api_site.item(a) for a in tagged]
    first = _get(api_site, "/hashtags/harbour-bridge/entries", limit=2).json()
    assert first["hashtag"] == {"slug": "harbour-bridge", "title": "Harbour Bridge"}
    assert [e["id"] for e in first["entries"]] == ids[:2]
    rest = _get(
        api_site, "/hashtags/harbour-bridge/entries", limit=2, before_entry_id=ids[1]
    ).json()
    assert [e["id"] for e in rest["entries"]] == ids[2:]


def test_key_points_cite_their_sentences_and_are_cached(
    api_site: ApiSite, world: dict[str, Any]
) -> None:
    entry = api_site.item(api_site.articles[2])
    answer = _get(api_site, f"/entries/{entry}/keypoints").json()
    points = answer["points"]
    assert points and answer["entry_id"] == entry
    sentences = LONG_TEXT.split("\n\n")
    for point in points:
        assert point["text"] == sentences[point["sentence_index"]]
        assert point["sentence_id"] == f"s-{point['sentence_index']}-0"
    api_site.clock.now += timedelta(hours=5)
    again = _get(api_site, f"/entries/{entry}/keypoints").json()
    assert again == answer  # made once: the same payload, with its first time


def test_related_entries_are_the_articles_stored_at_ingest(
    api_site: ApiSite, world: dict[str, Any]
) -> None:
    entry = api_site.item(api_site.articles[1])
    related = _get(api_site, f"/entries/{entry}/related").json()["entries"]
    assert related[0]["id"] == api_site.item(api_site.articles[3])
    assert related[0]["feed"]["title"] == "Other Times"


def test_the_openapi_document_describes_them(api_site: ApiSite) -> None:
    paths = httpx.get(api_site.server.url("/v1/openapi.json"), timeout=10).json()["paths"]
    for path in (
        "/stories",
        "/stories/{story_id}",
        "/hashtags/{slug}/entries",
        "/entries/{entry_id}/keypoints",
        "/entries/{entry_id}/related",
    ):
        assert set(paths[path]) == {"get"}, path
