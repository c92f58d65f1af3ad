"""Every page's <head>: one canonical address, OpenGraph with its locales, Twitter cards, and
JSON-LD that parses with the fields its type needs."""

from __future__ import annotations

import json
from html.parser import HTMLParser

import pytest
from fastapi.testclient import TestClient

from tests.web.test_pages import site  # noqa: F401  (the fixture)

Site = tuple[TestClient, dict[str, str]]
BASE = "http://127.0.0.1:8000"  # the public address of the test settings (no base URL)
# Head elements that may appear once at most (Nu rejects a second <title>; a second
# canonical or description is ignored or confuses crawlers).
ONCE = {"title", "link:canonical", "meta:description", "meta:og:url", "meta:og:type"}


class Head(HTMLParser):
    """The <head> of a page: its links, metas and JSON-LD blocks."""

    def __init__(self) -> None:
        super().__init__()
        self.inside = False
        self.in_jsonld = False
        self.counts: dict[str, int] = {}
        self.links: dict[str, list[str]] = {}
        self.meta: dict[str, list[str]] = {}
        self.jsonld: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "head":
            self.inside = True
        if not self.inside:
            return
        key = tag
        if tag == "link" and a.get("rel") == "canonical":
            key = "link:canonical"
            self.links.setdefault("canonical", []).append(a["href"])
        elif tag == "meta" and ("name" in a or "property" in a):
            name = a.get("name") or a["property"]
            assert "content" in a, f"<meta {name}> without content"
            assert not ("name" in a and "property" in a), name
            key = f"meta:{name}"
            self.meta.setdefault(name, []).append(a["content"])
        elif tag == "script" and a.get("type") == "application/ld+json":
            self.in_jsonld = True
            self.jsonld.append("")
        self.counts[key] = self.counts.get(key, 0) + 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "head":
            self.inside = False
        if tag == "script":
            self.in_jsonld = False

    def handle_data(self, data: str) -> None:
        if self.in_jsonld:
            self.jsonld[-1] += data


def head_of(client: TestClient, path: str) -> Head:
    response = client.get(path)
    assert response.status_code == 200, path
    head = Head()
    head.feed(response.text)
    for key in ONCE:
        assert head.counts.get(key, 0) <= 1, (path, key)
    return head


def jsonld_of(head: Head, kind: str) -> dict[str, object]:
    blocks = [json.loads(block) for block in head.jsonld]
    (data,) = [b for b in blocks if b.get("@type") == kind]
    assert isinstance(data, dict) and data["@context"] == "https://schema.org"
    return {str(k): v for k, v in data.items()}


@pytest.mark.parametrize(
    ("path", "canonical"),
    [
        ("/en/", "/en/"),
        ("/de/", "/de/"),
        ("/en/?utm_source=x&fbclid=y", "/en/"),
        ("/en/sources", "/en/sources"),
        ("/en/search", "/en/search"),
        ("/en/search?q=bridge&utm_medium=rss&page=1", "/en/search?q=bridge"),
        ("/en/search?page=2&q=bridge&zz=1", "/en/search?q=bridge&page=2"),
        ("/en/signin", "/en/signin"),
    ],
)
def test_every_page_names_one_canonical_address(site: Site, path: str, canonical: str) -> None:  # noqa: F811
    client, _ = site
    head = head_of(client, path)
    assert head.links["canonical"] == [BASE + canonical]
    assert head.meta["og:url"] == [BASE + canonical]
    assert head.meta["og:site_name"] and head.meta["og:title"]
    assert head.meta["twitter:card"] == ["summary"]


def test_og_locale_and_its_alternates(site: Site) -> None:  # noqa: F811
    client, _ = site
    german = head_of(client, "/de/")
    assert german.meta["og:locale"] == ["de_DE"]
    assert sorted(german.meta["og:locale:alternate"]) == ["en_US", "es_ES", "fr_FR"]
    assert head_of(client, "/fr/sources").meta["og:locale"] == ["fr_FR"]


def test_home_has_website_jsonld_with_a_search_action(site: Site) -> None:  # noqa: F811
    client, _ = site
    head = head_of(client, "/en/")
    data = jsonld_of(head, "WebSite")
    assert data["url"] == f"{BASE}/en/" and data["name"]
    action = data["potentialAction"]
    assert isinstance(action, dict) and action["@type"] == "SearchAction"
    assert action["target"]["urlTemplate"] == f"{BASE}/en/search?q={{search_term_string}}"
    assert action["query-input"] == "required name=search_term_string"
    assert head.meta["description"] and head.meta["og:description"] == head.meta["description"]


def test_article_pages_name_themselves_full_text_or_excerpt(site: Site) -> None:  # noqa: F811
    client, ids = site
    full = head_of(client, f"/en/article/{ids['report']}")
    page = f"{BASE}/en/article/{ids['report']}"
    assert full.links["canonical"] == [page]  # the page the sitemaps list, not the original
    assert full.meta["og:url"] == [page]
    assert full.meta["og:type"] == ["article"]
    assert full.meta["twitter:card"] == ["summary_large_image"]
    assert full.meta["og:locale"] == ["en_US"]
    excerpt = head_of(client, f"/en/article/{ids['opinion']}")  # an excerpt-only source
    assert excerpt.links["canonical"] == [f"{BASE}/en/article/{ids['opinion']}"]


def test_article_jsonld_names_the_publisher_site(site: Site) -> None:  # noqa: F811
    client, ids = site
    data = jsonld_of(head_of(client, f"/en/article/{ids['report']}"), "NewsArticle")
    for field in ("headline", "datePublished", "author", "publisher", "image", "url"):
        assert data.get(field), field
    publisher = data["publisher"]
    assert isinstance(publisher, dict) and publisher["@type"] == "Organization"
    assert publisher["url"] == "https://pub1.example/"  # the feed gave no site: its origin
    assert data["author"] == [{"@type": "Person", "name": "Lena Marsh"}]


def test_error_pages_claim_no_canonical_address(site: Site) -> None:  # noqa: F811
    client, _ = site
    response = client.get("/en/article/" + "0" * 32)
    assert response.status_code == 404
    assert 'rel="canonical"' not in response.text and "og:url" not in response.text
