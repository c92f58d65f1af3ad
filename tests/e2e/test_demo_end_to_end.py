"""The demo publisher on a free port → ingest → pages with every element of an article."""

from __future__ import annotations

import json
import re

import pytest
from fastapi.testclient import TestClient

from tests.demo_site import DemoSite
from tidings.demo import load_catalog
from tidings.demo.catalog import DemoArticle
from tidings.models import Article, ArticleState
from tidings.web import create_app

CATALOG = load_catalog()
RELEASED = [a for a in CATALOG.articles if not a.held_back]


def _stored(demo: DemoSite) -> dict[str, Article]:
    return {
        a.title: a
        for a in demo.repository.articles.latest_articles(limit=1000, include_copies=True)
    }


def _pick(article_type: str, *, with_figures: bool = False) -> DemoArticle:
    for article in RELEASED:
        if (
            article.article_type == article_type
            and article.has_jsonld
            and (article.figures or not with_figures)
        ):
            return article
    raise AssertionError(f"the demo has no released {article_type}")


@pytest.fixture(scope="module")
def client(demo: DemoSite) -> TestClient:
    return TestClient(create_app(demo.settings, repository=demo.repository))


def test_every_released_article_is_ingested_and_extracted(demo: DemoSite) -> None:
    report = demo.first_report
    assert report.sources_checked == len(CATALOG.outlets)
    assert report.sources_failed == 0, report.errors
    assert report.new_articles == len(RELEASED)
    assert report.articles_extracted == len(RELEASED), report.errors
    stored = _stored(demo)
    assert {a.title for a in RELEASED} <= set(stored)
    # Originals went on to the story stage; copies stay extracted and follow them.
    assert all(
        a.state is (ArticleState.EXTRACTED if a.duplicate_of else ArticleState.CLUSTERED)
        for a in stored.values()
    )
    for source in demo.repository.sources.list_sources():
        assert source.title and source.last_error is None


def test_extracted_metadata_matches_what_the_publisher_wrote(demo: DemoSite) -> None:
    stored = _stored(demo)
    for expected in RELEASED:
        got = stored[expected.title]
        assert got.language == expected.language, expected.slug
        assert set(expected.authors) <= set(got.authors), expected.slug
        assert got.article_type == (expected.article_type if expected.has_jsonld else None), (
            expected.slug
        )
        assert got.lead_image is not None and got.lead_image.credit, expected.slug
        assert len(got.figures) == len(expected.figures), expected.slug
        for figure in got.figures:
            assert figure.caption and figure.credit, expected.slug
        assert got.text and got.html
        first_paragraph = next(b.text for b in expected.body if type(b).__name__ == "Paragraph")  # type: ignore[union-attr]
        assert first_paragraph[:60] in got.text, expected.slug
        assert expected.title not in got.text.split("\n\n")[0], expected.slug


def test_the_wire_copy_is_linked_to_its_original(demo: DemoSite, client: TestClient) -> None:
    stored = _stored(demo)
    wire = [stored[a.title] for a in RELEASED if a.wire]
    assert len(wire) >= 2
    copies = [a for a in wire if a.duplicate_of]
    (original,) = [a for a in wire if not a.duplicate_of]
    assert copies and all(c.duplicate_of == original.id for c in copies)
    listed = {a.id for a in demo.repository.articles.latest_articles(limit=1000)}
    assert original.id in listed and not any(c.id in listed for c in copies)
    # No other demo article is taken for a copy: different outlets on one story are not copies.
    assert [a.title for a in stored.values() if a.duplicate_of] == [c.title for c in copies]
    html = client.get(f"/en/article/{original.id}").text
    assert "Also published by" in html


def test_ingesting_again_duplicates_nothing(demo: DemoSite) -> None:
    before = demo.repository.articles.count_articles()
    report = demo.ingest()
    assert report.new_articles == 0 and report.sources_failed == 0
    assert demo.repository.articles.count_articles() == before


def test_new_articles_keep_appearing(demo: DemoSite) -> None:
    before = demo.repository.articles.count_articles()
    demo.clock.advance(demo.release_interval)
    report = demo.ingest()
    assert report.new_articles == 1 and report.articles_extracted == 1
    newest = demo.repository.articles.latest_articles(limit=1)[0]
    assert newest.title == CATALOG.held_back()[0].title
    assert demo.repository.articles.count_articles() == before + 1


def test_latest_lists_newest_first(demo: DemoSite, client: TestClient) -> None:
    html = client.get("/en/latest").text  # the front page is a front page (issue #20)
    titles = re.findall(
        r'class="card-title"><a href="/en/article/[0-9a-f]{32}"(?: lang="[a-z-]+")?>([^<]+)</a>',
        html,
    )
    assert len(titles) == demo.settings.page_size
    newest = [
        a.title for a in demo.repository.articles.latest_articles(limit=demo.settings.page_size)
    ]
    assert titles == [
        t.replace("&", "&amp;").replace("'", "&#39;").replace('"', "&#34;") for t in newest
    ]
    assert "ago</time>" in html


def test_reportage_article_page_has_every_element(demo: DemoSite, client: TestClient) -> None:
    expected = _pick("ReportageNewsArticle", with_figures=True)
    article = _stored(demo)[expected.title]
    html = client.get(f"/en/article/{article.id}").text
    outlet = CATALOG.outlet(expected.outlet)
    assert outlet.name in html and 'class="outlet-icon' in html
    assert expected.authors[0] in html
    assert re.search(r'<time datetime="[^"]+" title="[^"]+ UTC">[^<]+ ago</time>', html)
    assert "Based on facts, either observed and verified firsthand by the reporter" in html
    assert html.count("<figcaption>") >= 1 + len(expected.figures)
    for figure in expected.figures:
        # "Photo: Ravi Sandhu / The Herald" is stored as the credit's name part.
        assert figure.credit.split(": ", 1)[-1] in html
    assert expected.lead_image.caption in html
    assert 'class="button copy-link"' in html
    # Our page is canonical (docs/seo.md); the original is credited and linked.
    assert (
        f'<link rel="canonical" href="{demo.settings.public_url}/en/article/{article.id}">' in html
    )
    assert f'"isBasedOn": "{article.url}"' in html or f'"isBasedOn":"{article.url}"' in html
    assert '<meta property="og:image"' in html
    data = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    )  # type: ignore[union-attr]
    assert data["@type"] == "NewsArticle" and data["isBasedOn"] == article.url
    assert data["publisher"]["name"] == outlet.name
    assert data["author"][0]["name"] == expected.authors[0]
    assert "datePublished" in data and "image" in data and "articleBody" in data
    assert 'id="related-title"' in html


def test_opinion_and_untyped_articles(demo: DemoSite, client: TestClient) -> None:
    stored = _stored(demo)
    opinion = stored[_pick("OpinionNewsArticle").title]
    assert "Advocates for ideas" in client.get(f"/en/article/{opinion.id}").text
    untyped = next(a for a in RELEASED if not a.has_jsonld)
    assert 'class="type-label"' not in client.get(f"/en/article/{stored[untyped.title].id}").text


def test_source_pages_say_who_the_outlet_is(demo: DemoSite, client: TestClient) -> None:
    """The feed's own description (RSS description, Atom subtitle, JSON Feed description)
    is kept and shown on the source page."""
    by_title = {s.title: s for s in demo.repository.sources.list_sources(with_counts=False)}
    for outlet in CATALOG.outlets:
        source = by_title[outlet.name]
        assert source.description == outlet.tagline
        html = client.get(f"/en/source/{source.id}").text
        tagline = outlet.tagline.replace("&", "&amp;").replace("'", "&#39;")
        assert '<span class="about-outlet-description"' in html and f">{tagline}</span>" in html
