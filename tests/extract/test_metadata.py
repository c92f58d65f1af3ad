"""Meta-tag fallbacks and the precedence rules between sources."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tidings.extract import extract_article
from tidings.extract.article import parse_page
from tidings.extract.jsonld import ArticleData
from tidings.extract.metadata import PageMetadata, read_page_metadata
from tidings.extract.resolve import (
    pick_author_links,
    pick_authors,
    pick_canonical,
    pick_keywords,
    pick_language,
    pick_title,
    strip_site_name,
)


def meta_of(head: str, body: str = "") -> PageMetadata:
    return read_page_metadata(
        parse_page(f"<html lang='pt-BR'><head>{head}</head><body>{body}</body></html>")
    )


def test_open_graph_and_article_tags() -> None:
    meta = meta_of(
        '<meta property="og:title" content="OG title">'
        '<meta property="og:site_name" content="Site">'
        '<meta property="OG:Description" content="OG description">'
        '<meta name="description" content="Meta description">'
        '<meta property="article:author" content="https://social.example/someone">'
        '<meta property="article:author" content="Ana Lima">'
        '<meta property="article:published_time" content="2024-05-01T12:00:00-03:00">'
        '<meta property="article:tag" content="Economia"><meta property="article:tag" content="economia">'
        '<meta name="keywords" content="a, b ,, c">'
        '<meta property="og:image" content="/img/a.jpg"><meta property="og:image:width" content="1200">'
        '<link rel="Canonical" href="/x"><title>Page title</title>'
    )
    assert meta.og_title == "OG title"
    assert meta.description == "OG description"
    assert meta.article_authors == ("Ana Lima",)
    assert meta.published == datetime(2024, 5, 1, 15, tzinfo=UTC)
    assert meta.tags == ("Economia",)
    assert meta.keywords == ("a", "b", "c")
    assert meta.image is not None and (meta.image.url, meta.image.width) == ("/img/a.jpg", 1200)
    assert (meta.canonical_url, meta.html_title, meta.html_lang) == ("/x", "Page title", "pt-BR")


def test_byline_and_time_element_in_the_body() -> None:
    meta = meta_of(
        "",
        "<article><p class='byline'>By Ana Lima and Rui Costa | 3 May 2024</p>"
        "<time datetime='2024-05-03T08:00:00Z'>3 May</time></article>",
    )
    assert meta.byline_authors == ("Ana Lima", "Rui Costa")
    assert meta.time_element == datetime(2024, 5, 3, 8, tzinfo=UTC)


def test_svg_titles_are_not_the_page_title() -> None:
    assert meta_of("", "<svg><title>icon</title></svg>").html_title is None


@pytest.mark.parametrize(
    ("title", "site", "expected"),
    [
        ("Headline | Site Name", "Site Name", "Headline"),
        ("Headline - site name", "Site Name", "Headline"),
        ("Headline – Site Name", "Site Name", "Headline"),
        ("Site Name: Headline", "Site Name", "Headline"),
        ("Headline | Other", "Site Name", "Headline | Other"),
        ("Headline | Site Name", None, "Headline | Site Name"),
        ("Site Name", "Site Name", "Site Name"),
    ],
)
def test_strip_site_name(title: str, site: str | None, expected: str) -> None:
    assert strip_site_name(title, site) == expected


def test_title_precedence() -> None:
    meta = PageMetadata(og_title="OG | Site", html_title="HTML | Site")
    assert pick_title(ArticleData("NewsArticle", headline="LD"), meta, "Site", "T") == "LD"
    assert pick_title(None, meta, "Site", "T") == "OG"
    assert pick_title(None, PageMetadata(html_title="HTML | Site"), "Site", "T") == "HTML"
    assert pick_title(None, PageMetadata(), None, "T") == "T"
    assert pick_title(None, PageMetadata(), None, None) is None


def test_author_precedence() -> None:
    meta = PageMetadata(meta_authors=("Meta",), article_authors=("Tag",), byline_authors=("Line",))
    assert pick_authors(ArticleData("NewsArticle", authors=("LD",)), meta) == ("LD",)
    assert pick_authors(None, meta) == ("Meta",)
    assert pick_authors(None, PageMetadata(article_authors=("Tag",), byline_authors=("L",))) == (
        "Tag",
    )
    assert pick_authors(None, PageMetadata(byline_authors=("Line",))) == ("Line",)


@pytest.mark.parametrize(
    ("ld", "lang", "locale", "expected"),
    [
        ("en-US", "de", "fr_FR", "en"),
        (None, "DE-at", "fr_FR", "de"),
        (None, None, "fr_FR", "fr"),
        (None, "not a language!", None, None),
        (None, None, None, None),
    ],
)
def test_language(
    ld: str | None, lang: str | None, locale: str | None, expected: str | None
) -> None:
    data = ArticleData("NewsArticle", language=ld) if ld else None
    assert pick_language(data, PageMetadata(html_lang=lang, og_locale=locale)) == expected


def test_keywords_and_canonical_precedence() -> None:
    meta = PageMetadata(tags=("tag",), keywords=("kw",), og_url="https://x.example/og")
    assert pick_keywords(ArticleData("NewsArticle", keywords=("ld",)), meta) == ("ld",)
    assert pick_keywords(None, meta) == ("tag",)
    assert pick_keywords(None, PageMetadata(keywords=("kw",))) == ("kw",)
    base = "https://x.example/a/b"
    assert (
        pick_canonical(None, PageMetadata(canonical_url="/c", og_url="/o"), base)
        == "https://x.example/c"
    )
    assert pick_canonical(None, meta, base) == "https://x.example/og"
    assert (
        pick_canonical(ArticleData("NewsArticle", url="/ld"), PageMetadata(), base)
        == "https://x.example/ld"
    )
    assert pick_canonical(None, PageMetadata(canonical_url="javascript:x"), base) is None


def test_author_pages_from_json_ld_and_rel_author_links() -> None:
    """Issue #20, point 10: an author's own page, where the publisher names one, for the
    article page's JSON-LD ``author.url``."""
    page = """<html><head><script type="application/ld+json">
      {"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Ferries return",
       "author": [{"@type": "Person", "name": "Ines Varga", "url": "/staff/ines-varga"},
                  {"@type": "Person", "name": "Tom Reed"}, "Ola Berg"]}
      </script></head><body><article><h1>Ferries return</h1>
      <p>By <a rel="author" href="https://paper.example/people/tom-reed">TOM REED</a>
      and <a rel="author" href="javascript:alert(1)">Ola Berg</a></p>
      <p>Ferry sailings from the harbour resumed on Tuesday morning after two days of gales
      kept every boat in port, the operator said, and the first crossing left on time.</p>
      <p>Passengers who missed crossings can travel on any sailing this week without paying
      again, and the operator said extra crossings would run on Saturday and Sunday.</p>
      </article></body></html>"""
    article = extract_article(page.encode(), "https://paper.example/news/ferries")
    assert article.authors == ("Ines Varga", "Tom Reed", "Ola Berg")
    assert article.author_links == (
        ("Ines Varga", "https://paper.example/staff/ines-varga"),  # made absolute
        ("Tom Reed", "https://paper.example/people/tom-reed"),  # the page's link, any case
    )  # Ola Berg's link is not http(s): none


def test_author_pages_only_for_chosen_authors() -> None:
    meta = PageMetadata(author_links=(("Someone Else", "https://x.example/p"),))
    data = ArticleData("NewsArticle", authors=("Ana",), author_links=(("Ana", "//x.example/a"),))
    assert pick_author_links(data, meta, ("Ana",), "https://x.example/n") == (
        ("Ana", "https://x.example/a"),
    )
    assert pick_author_links(None, meta, ("Ana",), "https://x.example/n") == ()
