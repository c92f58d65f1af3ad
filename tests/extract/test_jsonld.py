"""Finding and normalising the schema.org article object."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest

from tidings.extract.article import parse_page
from tidings.extract.jsonld import ArticleData, read_article_data
from tidings.models import Image

PAGE_URL = "https://news.example/2024/story"


def read(*blocks: Any, raw: str | None = None) -> ArticleData | None:
    scripts = "".join(
        f'<script type="application/ld+json">{json.dumps(block)}</script>' for block in blocks
    )
    if raw is not None:
        scripts += f'<script type="application/ld+json">{raw}</script>'
    return read_article_data(
        parse_page(f"<html><head>{scripts}</head><body></body></html>"), PAGE_URL
    )


def article(**fields: Any) -> dict[str, Any]:
    return {"@context": "https://schema.org", "@type": "NewsArticle", **fields}


def test_no_json_ld_gives_none() -> None:
    assert read() is None
    assert read({"@type": "Organization", "name": "Example News"}) is None


def test_graph_and_id_references() -> None:
    data = read(
        {
            "@context": "https://schema.org",
            "@graph": [
                {"@type": "WebPage", "@id": "#page"},
                article(author={"@id": "#jane"}, publisher={"@id": "#org"}, headline="Hello"),
                {"@type": "Person", "@id": "#jane", "name": "Jane Roe"},
                {"@type": "Organization", "@id": "#org", "name": "Example News"},
            ],
        }
    )
    assert data is not None
    assert (data.headline, data.authors, data.publisher) == ("Hello", ("Jane Roe",), "Example News")


def test_list_of_objects_and_nested_main_entity() -> None:
    data = read(
        [
            {"@type": "BreadcrumbList"},
            {"@type": "WebPage", "mainEntity": article(headline="Inside the page")},
        ]
    )
    assert data is not None and data.headline == "Inside the page"


@pytest.mark.parametrize(
    ("types", "expected"),
    [
        (["NewsArticle", "ReportageNewsArticle"], "ReportageNewsArticle"),
        (["ReviewNewsArticle", "NewsArticle"], "ReviewNewsArticle"),
        (["Article", "BlogPosting"], "BlogPosting"),
        ("http://schema.org/OpinionNewsArticle", "OpinionNewsArticle"),
        (["WebPage", "Article"], "Article"),
        ("LiveBlogPosting", "LiveBlogPosting"),
    ],
)
def test_type_prefers_the_most_specific(types: Any, expected: str) -> None:
    data = read({"@type": types, "headline": "x"})
    assert data is not None and data.article_type == expected


def test_broken_blocks_are_skipped() -> None:
    data = read(article(headline="Good"), raw='{"@type": "NewsArticle", "headline": "Bad",,}')
    assert data is not None and data.headline == "Good"
    assert read(raw="{not json at all") is None
    commented = read(raw='<!-- {"@type": "NewsArticle", "headline": "Wrapped"} -->')
    assert commented is not None and commented.headline == "Wrapped"


@pytest.mark.parametrize(
    ("author", "expected"),
    [
        ({"@type": "Person", "name": "Jane Roe"}, ("Jane Roe",)),
        ([{"@type": "Person", "name": "Jane Roe"}, {"name": "John Doe"}], ("Jane Roe", "John Doe")),
        ("By Jane Roe and John Doe", ("Jane Roe", "John Doe")),
        ({"@type": "Organization", "name": "Example News Staff"}, ("Example News Staff",)),
        ({"@type": "Person", "givenName": "Jane", "familyName": "Roe"}, ("Jane Roe",)),
        (
            [{"name": "Jane Roe"}, "Jane Roe", {"name": "https://social.example/jane"}],
            ("Jane Roe",),
        ),
        ([None, 5, {"name": ["Jane Roe"]}], ("Jane Roe",)),
    ],
)
def test_author_shapes(author: Any, expected: tuple[str, ...]) -> None:
    data = read(article(author=author))
    assert data is not None and data.authors == expected


@pytest.mark.parametrize(
    ("image", "expected"),
    [
        ("https://img.example/a.jpg", Image(url="https://img.example/a.jpg")),
        (
            ["https://img.example/a.jpg", "https://img.example/b.jpg"],
            Image(url="https://img.example/a.jpg"),
        ),
        (
            {
                "@type": "ImageObject",
                "contentUrl": "https://img.example/a.jpg",
                "caption": "A <b>caption</b> &amp; more",
                "creditText": "Jane Roe/Agency",
                "width": {"@type": "QuantitativeValue", "value": 1200},
                "height": "800px",
            },
            Image(
                url="https://img.example/a.jpg",
                caption="A caption & more",
                credit="Jane Roe/Agency",
                width=1200,
                height=800,
            ),
        ),
        (
            {"url": "https://img.example/a.jpg", "copyrightHolder": {"name": "Agency"}},
            Image(url="https://img.example/a.jpg", credit="Agency"),
        ),
    ],
)
def test_image_shapes(image: Any, expected: Image) -> None:
    data = read(article(image=image))
    assert data is not None and data.images[0] == expected


@pytest.mark.parametrize(
    ("keywords", "expected"),
    [
        (["Politics", " Budget ", "politics"], ("Politics", "Budget")),
        ("Politics, Budget,, budget", ("Politics", "Budget")),
        ([{"@type": "DefinedTerm", "name": "Energy"}], ("Energy",)),
    ],
)
def test_keyword_shapes(keywords: Any, expected: tuple[str, ...]) -> None:
    data = read(article(keywords=keywords))
    assert data is not None and data.keywords == expected


def test_dates_become_aware_utc() -> None:
    data = read(article(datePublished="2024-03-01T10:00:00+01:00", dateModified="2024-03-02T08:00"))
    assert data is not None
    assert data.published == datetime(2024, 3, 1, 9, 0, tzinfo=UTC)
    assert data.modified == datetime(2024, 3, 2, 8, 0, tzinfo=UTC)
    assert read(article(datePublished="yesterday")).published is None  # type: ignore[union-attr]


def test_section_language_url_and_body() -> None:
    data = read(
        article(
            articleSection=["World", "Europe"],
            inLanguage={"@type": "Language", "name": "de-AT"},
            mainEntityOfPage={"@type": "WebPage", "@id": "https://news.example/canonical"},
            articleBody="First.\nSecond.",
            description="  Two   lines ",
        )
    )
    assert data is not None
    assert (data.section, data.language, data.url) == (
        "World",
        "de-AT",
        "https://news.example/canonical",
    )
    assert data.body == "First.\nSecond."
    assert data.description == "Two lines"


def test_the_page_own_article_wins_over_teasers() -> None:
    teaser = article(headline="Another story", url="https://news.example/other")
    own = article(headline="This story", url="https://www.news.example/2024/story/")
    data = read({"@type": "ItemList"}, teaser, own)
    assert data is not None and data.headline == "This story"


def test_hostile_values_do_not_raise() -> None:
    data = read(
        article(
            headline={"x": 1},
            author=[1, None],
            image=[{"url": 5}, {"width": float("inf")}],
            datePublished=12,
            keywords={"a": 1},
            inLanguage=5,
        )
    )
    assert data is not None and data.headline is None and data.images == ()
    assert read(raw="[" * 100_000) is None


def test_a_claim_review_makes_the_page_a_fact_check() -> None:
    review = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": PAGE_URL,
        "claimReviewed": "The bridge carries 90,000 cars a day",
        "reviewRating": {"@type": "Rating", "alternateName": "False"},
    }
    beside = read(article(headline="Does the bridge carry 90,000 cars?", url=PAGE_URL), review)
    assert beside is not None and beside.article_type == "ClaimReview"
    assert beside.headline == "Does the bridge carry 90,000 cars?"
    alone = read(review)
    assert alone is not None and alone.article_type == "ClaimReview"
    graph = read({"@context": "https://schema.org", "@graph": [article(headline="H"), review]})
    assert graph is not None and graph.article_type == "ClaimReview"
    plain = read(article(headline="H"))
    assert plain is not None and plain.article_type == "NewsArticle"
