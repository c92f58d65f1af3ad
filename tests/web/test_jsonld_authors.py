"""The article page's JSON-LD names each author's own page where the publisher gave one
(issue #20, point 10: ``author.url``)."""

from __future__ import annotations

from tidings.models import Article, ArticleState, Source
from tidings.web.seo.jsonld import article_jsonld


def test_authors_carry_their_page_when_the_publisher_named_one() -> None:
    article = Article(
        id="a" * 32,
        source_id=1,
        url="https://paper.example/news/ferries",
        title="Ferries return",
        state=ArticleState.EXTRACTED,
        authors=("Ines Varga", "Tom Reed"),
        author_links=(("Ines Varga", "https://paper.example/staff/ines-varga"),),
    )
    source = Source(id=1, feed_url="https://paper.example/feed", title="The Paper")
    data = article_jsonld(article, source, "https://tidings.example/en/article/" + "a" * 32, "T")
    assert data["author"] == [
        {"@type": "Person", "name": "Ines Varga", "url": "https://paper.example/staff/ines-varga"},
        {"@type": "Person", "name": "Tom Reed"},  # no page named: no url made up
    ]
