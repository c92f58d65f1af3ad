"""The search page over the ingested demo publisher."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from lxml import html as lxml_html

from tests.demo_site import DemoSite
from tidings.web import create_app


@pytest.fixture(scope="module")
def client(demo: DemoSite) -> Iterator[TestClient]:
    with TestClient(create_app(demo.settings, repository=demo.repository)) as c:
        yield c


def _titles(page: lxml_html.HtmlElement) -> list[str]:
    return [" ".join(a.text_content().split()) for a in page.xpath("//h3[@class='card-title']/a")]


def test_words_find_articles_with_marked_snippets(client: TestClient) -> None:
    response = client.get("/en/search", params={"q": "steel strands"})
    assert response.status_code == 200
    page = lxml_html.fromstring(response.text)
    titles = _titles(page)
    assert titles and "Calder Bridge" in titles[0]
    marks = page.xpath("//p[contains(@class, 'search-snippet')]/mark/text()")
    assert {m.casefold() for m in marks} == {"steel", "strands"}
    assert page.xpath("//nav[@aria-label='Main']//a[@aria-current='page']/text()") == ["Search"]


def _found(page: lxml_html.HtmlElement) -> list[str]:
    """The full-text hits only, not the "related by meaning" block under them."""
    cards = page.xpath("//div[contains(@class, 'search-results')]//h3[@class='card-title']/a")
    return [" ".join(a.text_content().split()) for a in cards]


def test_filters_narrow_the_results(client: TestClient, demo: DemoSite) -> None:
    everything = _found(lxml_html.fromstring(client.get("/en/search?q=Brackenport").text))
    german = _found(lxml_html.fromstring(client.get("/en/search?q=Brackenport&language=de").text))
    assert german and set(german) < set(everything)
    stored = {a.title: a for a in demo.repository.articles.latest_articles(limit=1000)}
    assert all(stored[t].language == "de" for t in german)
    opinion = client.get("/en/search?q=Brackenport&type=OpinionNewsArticle").text
    assert all(
        stored[t].article_type == "OpinionNewsArticle"
        for t in _found(lxml_html.fromstring(opinion))
    )
    future = client.get("/en/search?q=Brackenport&since=2100-01-01").text
    assert "Nothing found" in future


def test_bad_input_is_a_clear_answer(client: TestClient) -> None:
    assert "Nothing found" not in client.get("/en/search").text  # the empty form
    assert "Nothing found" in client.get("/en/search", params={"q": "zzzqqq"}).text
    hostile = client.get("/en/search", params={"q": '<script>alert(1)</script> "OR NEAR('})
    assert hostile.status_code == 200 and "<script>alert" not in hostile.text
    assert client.get("/en/search?q=bridge&since=yesterday").status_code == 422
    assert client.get("/en/search?q=bridge&after=garbage").status_code == 200  # first page
    assert client.get("/en/search?q=bridge&source=abc").status_code == 422


def _spelling(page: lxml_html.HtmlElement) -> tuple[str, list[str]]:
    lines = page.xpath("//p[contains(@class, 'search-spelling')]")
    if not lines:
        return "", []
    return " ".join(lines[0].text_content().split()), lines[0].xpath(".//a/@href")


def test_misspelt_words_show_the_corrected_search(client: TestClient) -> None:
    page = lxml_html.fromstring(client.get("/en/search", params={"q": "brige corosion"}).text)
    line, (corrected, typed) = _spelling(page)
    assert line == "Showing results for bridge corrosion. Search instead for brige corosion."
    assert corrected == "/en/search?q=bridge+corrosion"
    assert typed == "/en/search?q=brige+corosion&spell=0"
    assert any("Calder Bridge" in t for t in _found(page))
    # As typed: nothing, and the correction offered as a link.
    as_typed = lxml_html.fromstring(client.get(typed).text)
    assert _found(as_typed) == [] and "Nothing found" in as_typed.text_content()
    assert _spelling(as_typed) == ("Did you mean: bridge corrosion?", [corrected])


def test_a_correction_keeps_the_filters(client: TestClient) -> None:
    page = lxml_html.fromstring(client.get("/en/search?q=brdige&language=en").text)
    line, links = _spelling(page)
    assert line.startswith("Showing results for bridge.")
    assert links == ["/en/search?q=bridge&language=en", "/en/search?q=brdige&language=en&spell=0"]


def test_a_word_being_typed_matches_as_a_prefix(client: TestClient) -> None:
    page = lxml_html.fromstring(client.get("/en/search", params={"q": "earthquak"}).text)
    assert _spelling(page) == ("", [])
    assert any("earthquake" in t.casefold() for t in _found(page))


def test_storm_finds_the_german_and_french_reports_by_meaning(
    client: TestClient, demo: DemoSite
) -> None:
    page = lxml_html.fromstring(client.get("/en/search", params={"q": "storm"}).text)
    words = _found(page)
    assert words and all("Storm" in t for t in words)
    meaning = [
        " ".join(a.text_content().split())
        for a in page.xpath("//div[contains(@class, 'meaning-results')]//h3/a")
    ]
    stored = {a.title: a for a in demo.repository.articles.latest_articles(limit=1000)}
    languages = {stored[t].language for t in meaning}
    assert {"de", "fr"} <= languages
    assert any(t.startswith("Sturm") for t in meaning)
    assert any(t.startswith("Tempête") for t in meaning)


@pytest.mark.parametrize(
    "q", ["", "a" * 1000, "?!…—", '"', "*", "NEAR(", 'brige" OR NEAR(corosion', "'; --", ":*"]
)
def test_any_input_is_an_answer_not_an_error(client: TestClient, q: str) -> None:
    for spell in ("", "0"):
        response = client.get("/en/search", params={"q": q, "spell": spell})
        assert response.status_code == 200
