"""The demo publisher app, driven through Starlette's TestClient with a fake clock."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime, parsedate_to_datetime
from html.parser import HTMLParser

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from tidings.demo import (
    Catalog,
    DemoArticle,
    Paragraph,
    Schedule,
    article_path,
    create_publisher_app,
    feed_urls,
    load_catalog,
)
from tidings.demo.pages import display_date

START = datetime(2025, 3, 14, 9, 0, tzinfo=UTC)
INTERVAL = 120.0
BASE = "http://testserver"
NS = {
    "atom": "http://www.w3.org/2005/Atom",
    "dc": "http://purl.org/dc/elements/1.1/",
    "media": "http://search.yahoo.com/mrss/",
}


class FakeClock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


class Page(HTMLParser):
    """The bits of an article page the tests look at."""

    def __init__(self) -> None:
        super().__init__()
        self.lang: str | None = None
        self.title = ""
        self.canonical: str | None = None
        self.meta: dict[str, list[str]] = {}
        self.jsonld: list[str] = []
        self.imgs: list[dict[str, str | None]] = []
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        elif tag == "link" and a.get("rel") == "canonical":
            self.canonical = a.get("href")
        elif tag == "meta" and (key := a.get("property") or a.get("name")):
            self.meta.setdefault(key, []).append(a.get("content") or "")
        elif tag == "img":
            self.imgs.append(a)
        elif tag == "title" or (tag == "script" and a.get("type") == "application/ld+json"):
            self._in = tag
            if tag == "script":
                self.jsonld.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == self._in:
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "title":
            self.title += data
        elif self._in == "script":
            self.jsonld[-1] += data


def parse_page(html: str) -> Page:
    page = Page()
    page.feed(html)
    return page


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(START)


@pytest.fixture
def app(clock: FakeClock) -> Starlette:
    return create_publisher_app(release_interval=INTERVAL, clock=clock)


@pytest.fixture
def client(app: Starlette) -> TestClient:
    return TestClient(app)


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


SCHEDULE = Schedule(start=START, release_interval=INTERVAL)


def path_of(catalog: Catalog, article: DemoArticle) -> str:
    return article_path(catalog.outlet(article.outlet), article, SCHEDULE.published_at(article))


def feed_links(client: TestClient, url: str) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200
    if "json" in response.headers["content-type"]:
        return [item["url"] for item in response.json()["items"]]
    root = ET.fromstring(response.content)
    if root.tag == "rss":
        return [link.text or "" for link in root.iterfind("channel/item/link")]
    return [
        link.get("href") or ""
        for link in root.iterfind("atom:entry/atom:link[@rel='alternate']", NS)
    ]


def test_feed_urls_tolerate_a_trailing_slash() -> None:
    urls = feed_urls("http://127.0.0.1:8081/")
    assert urls[0] == "http://127.0.0.1:8081/harbour-herald/feed.xml"
    assert urls == feed_urls("http://127.0.0.1:8081")
    assert len(urls) == len(load_catalog().outlets)


def test_index_lists_every_feed(client: TestClient) -> None:
    response = client.get("/")
    assert response.status_code == 200
    for url in feed_urls(BASE):
        assert url in response.text


def test_robots_txt(client: TestClient) -> None:
    response = client.get("/robots.txt")
    assert response.text == "User-agent: *\nDisallow: /private/\n"


def test_feeds_list_released_articles_newest_first(client: TestClient, catalog: Catalog) -> None:
    types = {"rss": "application/rss+xml", "atom": "application/atom+xml"}
    for outlet, url in zip(catalog.outlets, feed_urls(BASE), strict=True):
        response = client.get(url)
        expected_type = types.get(outlet.feed_format, "application/feed+json")
        assert response.headers["content-type"].startswith(expected_type)
        live = SCHEDULE.released(catalog.articles_for(outlet.slug), START)
        assert feed_links(client, url) == [BASE + path_of(catalog, a) for a in live][:30]
        for article in catalog.held_back():
            assert path_of(catalog, article) not in response.text
        for article in live:
            # Summaries only: Tidings must fetch the page for the text.
            first = next(b for b in article.body if isinstance(b, Paragraph))
            assert first.text[:80] not in response.text


def test_rss_items_carry_what_readers_need(client: TestClient) -> None:
    for url in ("/harbour-herald/feed.xml", "/lindhavener-anzeiger/rss/alle.xml"):
        root = ET.fromstring(client.get(url).content)
        for item in root.iterfind("channel/item"):
            assert item.findtext("dc:creator", namespaces=NS)
            assert item.findall("category")
            assert parsedate_to_datetime(item.findtext("pubDate") or "").tzinfo is not None
            enclosure = item.find("enclosure")
            media = item.find("media:content", NS)
            assert (enclosure if enclosure is not None else media) is not None
            assert item.findtext("description")


def test_atom_entries_carry_what_readers_need(client: TestClient) -> None:
    for url in ("/quarterline/atom.xml", "/courrier-des-rives/flux.atom"):
        root = ET.fromstring(client.get(url).content)
        for entry in root.iterfind("atom:entry", NS):
            assert entry.findtext("atom:author/atom:name", namespaces=NS)
            category = entry.find("atom:category", NS)
            assert category is not None
            assert category.get("term")
            for tag in ("published", "updated"):
                stamp = entry.findtext(f"atom:{tag}", namespaces=NS) or ""
                assert datetime.fromisoformat(stamp).tzinfo is not None
            assert entry.findtext("atom:summary", namespaces=NS)


def test_json_feed_items_carry_what_readers_need(client: TestClient, catalog: Catalog) -> None:
    outlets = [o for o in catalog.outlets if o.feed_format == "jsonfeed"]
    assert len(outlets) >= 2
    for outlet in outlets:
        by_url = {BASE + path_of(catalog, a): a for a in catalog.articles_for(outlet.slug)}
        feed = client.get(outlet.feed_url_path).json()
        assert feed["version"] == "https://jsonfeed.org/version/1.1"
        assert feed["language"] == outlet.language
        assert feed["items"]
        for item in feed["items"]:
            assert item["authors"][0]["name"]
            # The outlet's own label: "Local", not the demo's canonical "News".
            assert item["tags"][0] == outlet.section_label(by_url[item["url"]].section)
            assert item["image"].endswith(".svg")
            assert item["summary"]
            assert datetime.fromisoformat(item["date_published"]).tzinfo is not None


def test_held_back_article_is_released_after_the_interval(
    client: TestClient, clock: FakeClock, catalog: Catalog
) -> None:
    first = catalog.held_back()[0]
    outlet = catalog.outlet(first.outlet)
    path = path_of(catalog, first)
    before = feed_links(client, outlet.feed_url_path)
    assert client.get(path).status_code == 404
    assert client.get(f"/{outlet.slug}/images/{first.lead_image.name}.svg").status_code == 404

    clock.advance(INTERVAL)

    after = feed_links(client, outlet.feed_url_path)
    assert after == [BASE + path, *before]
    assert client.get(path).status_code == 200
    assert first.title in client.get(outlet.home_path).text


def test_feeds_answer_304_to_conditional_requests(client: TestClient, clock: FakeClock) -> None:
    url = "/harbour-herald/feed.xml"
    first = client.get(url)
    etag, modified = first.headers["etag"], first.headers["last-modified"]
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
    assert client.get(url, headers={"If-Modified-Since": modified}).status_code == 304
    older = format_datetime(parsedate_to_datetime(modified) - timedelta(hours=1), usegmt=True)
    assert client.get(url, headers={"If-Modified-Since": older}).status_code == 200
    assert client.get(url, headers={"If-None-Match": '"other"'}).status_code == 200

    clock.advance(INTERVAL)  # the first held-back article belongs to this outlet

    fresh = client.get(url, headers={"If-None-Match": etag, "If-Modified-Since": modified})
    assert fresh.status_code == 200
    assert fresh.headers["etag"] != etag


def test_article_pages_carry_metadata(client: TestClient, catalog: Catalog) -> None:
    for outlet in catalog.outlets:
        for article in SCHEDULE.released(catalog.articles_for(outlet.slug), START):
            path = path_of(catalog, article)
            response = client.get(path)
            assert response.status_code == 200
            page = parse_page(response.text)
            assert page.lang == article.language
            assert page.title.startswith(article.title)
            assert page.canonical == BASE + path
            assert page.meta["og:url"] == [BASE + path]
            assert page.meta["og:type"] == ["article"]
            assert page.meta["og:title"] == [article.title]
            assert page.meta["og:site_name"] == [outlet.name]
            assert page.meta["og:image"][0].startswith(BASE + f"/{outlet.slug}/images/")
            assert page.meta["description"] == [article.description]
            assert page.meta["author"]
            assert page.meta["article:section"]
            assert set(page.meta["article:tag"]) == set(article.keywords)
            for key in ("article:published_time", "article:modified_time"):
                assert datetime.fromisoformat(page.meta[key][0]).utcoffset() == timedelta(0)
            assert len(page.imgs) >= 1 + len(article.figures)
            for img in page.imgs:
                assert img["width"]
                assert img["height"]
                assert img["alt"] is not None
            for image in article.images:
                assert image.caption.replace("'", "&#39;") in response.text
                assert image.credit.replace("'", "&#39;").replace("&", "&amp;") in response.text
            check_jsonld(page, article, outlet.jsonld_style)


def check_jsonld(page: Page, article: DemoArticle, style: str) -> None:
    if not article.has_jsonld:
        assert page.jsonld == []
        return
    (raw,) = page.jsonld
    data = json.loads(raw)
    node = data
    if style == "graph":
        types = [n["@type"] for n in data["@graph"]]
        assert "WebPage" in types
        node = data["@graph"][types.index(article.article_type)]
    else:
        assert data["@type"] == article.article_type
    assert data["@context"] == "https://schema.org"
    assert node["headline"] == article.title
    authors = node["author"] if isinstance(node["author"], list) else [node["author"]]
    assert [a["name"] for a in authors] == list(article.authors)
    if style == "author-list":
        assert isinstance(node["author"], list)
    keywords = node["keywords"]
    if style == "comma-keywords":
        assert keywords == ", ".join(article.keywords)
    else:
        assert keywords == list(article.keywords)
    assert node["publisher"]["logo"]["url"]
    image = node["image"]
    assert image["@type"] == "ImageObject"
    assert (image["width"], image["height"]) == (1200, 675)
    assert image["caption"] == article.lead_image.caption
    assert image["creditText"] == article.lead_image.credit
    for key in ("datePublished", "dateModified"):
        assert datetime.fromisoformat(node[key]).utcoffset() == timedelta(0)
    for key in ("description", "articleSection", "inLanguage", "mainEntityOfPage"):
        assert node[key]


def test_images_and_favicons_are_svg_with_long_cache(client: TestClient, catalog: Catalog) -> None:
    article = catalog.articles[0]
    for url in (
        f"/{article.outlet}/images/{article.lead_image.name}.svg",
        f"/{article.outlet}/favicon.svg",
    ):
        response = client.get(url)
        assert response.status_code == 200
        assert response.headers["content-type"] == "image/svg+xml"
        assert "max-age=31536000" in response.headers["cache-control"]
        assert ET.fromstring(response.content).tag == "{http://www.w3.org/2000/svg}svg"


@pytest.mark.parametrize(
    "path",
    [
        "/nowhere",
        "/nowhere/feed.xml",
        "/harbour-herald/2020/01/no-such-story",
        "/harbour-herald/images/no-such-picture.svg",
        "/quarterline/feed.xml",
        "/private/anything",
    ],
)
def test_unknown_paths_are_404_html(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")


def test_outlet_home_lists_released_articles_newest_first(
    client: TestClient, catalog: Catalog
) -> None:
    outlet = catalog.outlets[0]
    text = client.get(outlet.home_path).text
    live = SCHEDULE.released(catalog.articles_for(outlet.slug), START)
    positions = [text.index(path_of(catalog, a)) for a in live]
    assert positions == sorted(positions)
    assert client.get(f"/{outlet.slug}").status_code == 200  # redirected to the slash


def test_spanish_pages_date_and_label_in_spanish(client: TestClient, catalog: Catalog) -> None:
    assert display_date(START, "es") == "14 de marzo de 2025, 09:00 UTC"
    (outlet,) = [o for o in catalog.outlets if o.language == "es"]
    article = next(a for a in catalog.articles_for(outlet.slug) if a.section == "News")
    html = client.get(path_of(catalog, article)).text
    assert f'<meta property="article:section" content="{outlet.section_label("News")}">' in html
    assert outlet.section_label("News") != "News"
    assert display_date(SCHEDULE.published_at(article), "es") in html


def test_clock_must_be_timezone_aware() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        create_publisher_app(clock=lambda: datetime(2025, 1, 1))
