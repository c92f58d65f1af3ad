"""Article-type labels: the publisher's schema.org type, or a guess from the address."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.demo_site import DemoSite
from tidings.web import create_app
from tidings.web.presentation.labels import guess_label, label_for
from tidings.web.presentation.presenters import feed_format_name


@pytest.mark.parametrize(
    ("schema_type", "name"),
    [
        ("ReportageNewsArticle", "Reporting"),
        ("https://schema.org/AnalysisNewsArticle", "Analysis"),
        ("OpinionNewsArticle", "Opinion"),
        ("ReviewNewsArticle", "Review"),
        ("BackgroundNewsArticle", "Background"),
        ("AskPublicNewsArticle", "Ask the public"),
        ("SatiricalArticle", "Satire"),
        ("ClaimReview", "Fact check"),
    ],
)
def test_every_stated_type_has_a_label_and_its_definition(schema_type: str, name: str) -> None:
    label = label_for(schema_type)
    assert label is not None and label.name == name
    assert len(label.explanation) > 40 and label.explanation.endswith(".")


def test_no_label_without_a_stated_type() -> None:
    assert label_for(None) is None and label_for("") is None
    assert label_for("Recipe") is None


@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("https://news.example/opinion/2026/11/close-the-bridge", "Opinion"),
        ("https://news.example/commentisfree/2026/nov/20/bridge", "Opinion"),
        ("https://zeitung.example/meinung/kommentar-zur-bruecke-123", "Opinion"),
        ("https://news.example/world/analysis/what-the-closure-costs", "Analysis"),
        ("https://news.example/culture/reviews/the-new-play", "Review"),
        ("https://news.example/explainers/why-cables-corrode", "Background"),
        ("https://news.example/fact-check/bridge-traffic-claim", "Fact check"),
    ],
)
def test_a_kind_named_by_a_path_segment_is_guessed(url: str, name: str) -> None:
    label = guess_label(url)
    assert label is not None and label.name == name


@pytest.mark.parametrize(
    "url",
    [
        "https://news.example/news/opinion-poll-shows-support-for-repairs",
        "https://news.example/2026/11/20/bridge-shut",
        "https://news.example/",
        "https://news.example/business/review-of-the-year-in-markets",
    ],
)
def test_words_inside_a_slug_are_not_a_kind(url: str) -> None:
    assert guess_label(url) is None


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("rss20", "RSS 2.0"),
        ("rss091", "RSS 0.91"),
        ("rss10", "RSS 1.0"),
        ("atom10", "Atom 1.0"),
        ("atom03", "Atom 0.3"),
        ("json11", "JSON Feed 1.1"),
        ("cdf", "cdf"),
        (None, None),
    ],
)
def test_feed_formats_are_named_as_readers_know_them(code: str | None, name: str | None) -> None:
    assert feed_format_name(code) == name


def test_the_sources_pages_show_readers_no_parser_codes(demo: DemoSite) -> None:
    """Feed formats are an operator's matter (tests/web/test_home_front.py: an admin sees
    "RSS 2.0"); a reader sees neither the parser's codes nor the column."""
    client = TestClient(create_app(demo.settings, repository=demo.repository))
    listing = client.get("/en/sources").text
    assert not any(f">{code}<" in listing for code in ("rss20", "atom10", "json11"))
    assert "RSS 2.0" not in listing
    source = next(s for s in demo.repository.sources.list_sources() if s.feed_format == "rss20")
    page = client.get(f"/en/source/{source.id}").text
    assert "rss20" not in page and "RSS 2.0" not in page
