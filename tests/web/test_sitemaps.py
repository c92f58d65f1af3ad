"""robots.txt, the sitemap index, article sitemaps by month and the news sitemap."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from fastapi.testclient import TestClient
from lxml import etree

from tests.demo_site import DemoSite
from tidings.web import create_app
from tidings.web.seo import sitemaps

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"


@pytest.fixture(scope="module")
def client(demo: DemoSite) -> Iterator[TestClient]:
    newest = demo.repository.articles.latest_articles(limit=1)[0].sort_time
    assert newest is not None
    settings = demo.settings.model_copy(update={"base_url": "https://news.example.org/"})
    app = create_app(
        settings, repository=demo.repository, clock=lambda: newest + timedelta(hours=1)
    )
    with TestClient(app) as c:
        yield c


def _xml(client: TestClient, path: str) -> etree._Element:
    response = client.get(path)
    assert response.status_code == 200, path
    assert response.headers["content-type"].startswith("application/xml")
    return etree.fromstring(response.content)


def test_robots_allows_pages_keeps_out_personal_ones_and_names_the_sitemap(
    client: TestClient,
) -> None:
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    lines = response.text.splitlines()
    assert lines[:2] == ["User-agent: *", "Allow: /"]
    for rule in ("/en/account", "/de/account", "/en/comments/", "/en/search?", "/fr/for-you"):
        assert f"Disallow: {rule}" in lines
    assert "Disallow: /en/search" not in lines  # the empty search form stays crawlable
    assert not any(line == "Disallow: /en/article" for line in lines)
    assert "Sitemap: https://news.example.org/sitemap.xml" in lines


def test_the_index_names_every_article_once_through_its_month_sitemaps(
    client: TestClient, demo: DemoSite
) -> None:
    index = _xml(client, "/sitemap.xml")
    assert index.tag == f"{SM}sitemapindex"
    locs = [s.findtext(f"{SM}loc") for s in index.iter(f"{SM}sitemap")]
    assert "https://news.example.org/sitemaps/news.xml" in locs
    months = [loc for loc in locs if loc and "/articles-" in loc]
    assert months
    seen: list[str] = []
    for loc in months:
        urlset = _xml(client, urlsplit(loc).path)
        assert urlset.tag == f"{SM}urlset"
        for url in urlset.iter(f"{SM}url"):
            loc_text = url.findtext(f"{SM}loc") or ""
            assert loc_text.startswith("https://news.example.org/en/article/")
            assert url.findtext(f"{SM}lastmod")
            alternates = {
                link.get("hreflang"): link.get("href") for link in url.iter(f"{XHTML}link")
            }
            assert set(alternates) == {"en", "de", "fr", "es"}
            assert alternates["de"] == loc_text.replace("/en/", "/de/")
            seen.append(loc_text.rsplit("/", 1)[1])
    originals = [a.id for a in demo.repository.articles.latest_articles(limit=10_000)]
    assert sorted(seen) == sorted(originals)  # copies have their original's page instead


def test_a_month_past_the_page_size_gets_numbered_pages(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sitemaps, "PAGE_SIZE", 2)
    monkeypatch.setattr("tidings.web.seo.sitemap_views.PAGE_SIZE", 2)
    locs = [
        urlsplit(s.findtext(f"{SM}loc") or "").path
        for s in _xml(client, "/sitemap.xml").iter(f"{SM}sitemap")
    ]
    paged = [p for p in locs if p.count("-") == 3]
    assert paged, locs
    assert len(_xml(client, paged[0]).findall(f"{SM}url")) <= 2
    first = paged[0].rsplit("-", 1)[0]
    assert client.get(f"{first}-1.xml").status_code == 404  # page one has no number
    assert client.get(f"{first}-999.xml").status_code == 404
    for path in ("/sitemaps/articles-1999-01.xml", "/sitemaps/articles-2024-13.xml", "/sitemaps/x"):
        assert client.get(path).status_code == 404, path


def test_the_news_sitemap_holds_the_last_two_days_with_publication_and_title(
    client: TestClient, demo: DemoSite
) -> None:
    urlset = _xml(client, "/sitemaps/news.xml")
    urls = urlset.findall(f"{SM}url")
    assert 0 < len(urls) <= sitemaps.NEWS_LIMIT
    newest = demo.repository.articles.latest_articles(limit=1)[0]
    titles = {a.id: a.title for a in demo.repository.articles.latest_articles(limit=10_000)}
    for url in urls:
        news = url.find(f"{NEWS}news")
        assert news is not None
        assert news.findtext(f"{NEWS}publication/{NEWS}name") == "Tidings"
        assert len(news.findtext(f"{NEWS}publication/{NEWS}language") or "") in (2, 3)
        assert news.findtext(f"{NEWS}publication_date")
        article_id = (url.findtext(f"{SM}loc") or "").rsplit("/", 1)[1]
        assert news.findtext(f"{NEWS}title") == titles[article_id]
    assert (urls[0].findtext(f"{SM}loc") or "").endswith(newest.id)
