"""A publisher's own machine-translation statement, on pages we wrote (tests/data/pages)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tidings.extract import extract_article
from tidings.models import ExtractedArticle

PAGES = Path(__file__).resolve().parents[1] / "data" / "pages"
PARAGRAPHS = "".join(
    f"<p>The harbour board met on Tuesday to discuss the new quay, paragraph {n}, and agreed "
    "to publish its plans for the northern basin before the summer recess.</p>"
    for n in range(4)
)


def extract(name: str, url: str) -> ExtractedArticle:
    return extract_article((PAGES / name).read_bytes(), url)


def page(*, head: str = "", before: str = "", after: str = "", jsonld: Any = None) -> str:
    if jsonld is not None:
        head += f'<script type="application/ld+json">{json.dumps(jsonld)}</script>'
    return (
        f"<html><head><title>Quay plans</title>{head}</head><body><main><article>"
        f"<h1>Quay plans</h1>{before}<div class='article-body'>{PARAGRAPHS}</div>{after}"
        "</article></main></body></html>"
    )


def test_json_ld_translator_software_with_the_original() -> None:
    article = extract(
        "mt_jsonld_software.html", "https://nordvikpost.example/en/2025/03/ferry-electric"
    )
    assert article.machine_translated
    assert article.translated_from == "https://nordvikpost.example/no/2025/03/ferje-elektrisk"


def test_german_disclaimer_stays_in_the_body_and_links_the_original() -> None:
    article = extract("mt_disclaimer_de.html", "https://elbtaler.example/de/waermespeicher-hafen")
    assert article.machine_translated
    assert article.translated_from == "https://elbtaler.example/en/heat-storage-harbour"
    assert "Dieser Artikel wurde aus dem Englischen maschinell übersetzt." in article.text


def test_french_disclaimer_beside_the_body() -> None:
    article = extract(
        "mt_disclaimer_fr.html", "https://courrier-collines.example/2025/tramway-hopital"
    )
    assert article.machine_translated
    assert article.translated_from is None
    # The line sits in a box marked as a disclaimer: furniture, not body text.
    assert "Traduit automatiquement" not in article.text


def test_an_article_about_machine_translation_is_not_one() -> None:
    article = extract(
        "mt_research_topic.html", "https://harbourherald.example/en/translation-study"
    )
    assert "Machine translation has improved" in article.text
    assert not article.machine_translated
    assert article.translated_from is None  # an hreflang alternate alone says nothing


def test_a_human_translator_is_no_machine() -> None:
    article = extract(
        "mt_human_translator.html", "https://coastlinereview.example/en/last-lighthouse-keeper"
    )
    assert not article.machine_translated
    # The original is still what the publisher states.
    assert article.translated_from == "https://coastlinereview.example/es/ultimo-farero"


@pytest.mark.parametrize(
    "translator",
    [
        "Google Translate",
        {"@type": "WebApplication", "name": "Newsroom helper"},
        {"@type": "Organization", "name": "DeepL SE"},
        [{"@type": "Person", "name": "Ana Ruiz"}, {"@id": "#engine"}],
    ],
)
def test_json_ld_translators_that_are_machines(translator: Any) -> None:
    graph = [
        {"@type": "NewsArticle", "headline": "Quay plans", "translator": translator},
        {"@type": "SoftwareApplication", "@id": "#engine", "name": "Engine"},
    ]
    html = page(jsonld={"@context": "https://schema.org", "@graph": graph})
    assert extract_article(html, "https://port.example/quay").machine_translated


def test_the_original_must_be_another_http_page() -> None:
    def original(work: Any) -> str | None:
        node = {"@type": "NewsArticle", "headline": "Quay plans", "translationOfWork": work}
        return extract_article(page(jsonld=node), "https://port.example/quay").translated_from

    assert original({"url": "/nl/kade"}) == "https://port.example/nl/kade"
    assert original("javascript:alert(1)") is None
    assert original({"@id": "#original"}) is None  # a node of this page, not an address
    assert original("https://port.example/quay") is None


def test_disclaimer_links_count_only_as_another_language_version() -> None:
    alternate = '<link rel="alternate" hreflang="nl" href="https://port.example/nl/kade">'
    note = '<p><em>This article was machine-translated. <a href="{}">{}</a></em></p>'
    cases = [
        (alternate, note.format("/nl/kade", "Original"), "https://port.example/nl/kade"),
        ("", note.format("/about/translation", "How we translate"), None),
        ("", note.format("/de/kai", "Original").replace("<a ", '<a hreflang="de" '),
         "https://port.example/de/kai"),
    ]  # fmt: skip
    for head, after, expected in cases:
        article = extract_article(page(head=head, after=after), "https://port.example/quay")
        assert article.machine_translated
        assert article.translated_from == expected


def test_reader_comments_are_not_the_publisher() -> None:
    comments = (
        "<section class='comments'><p>This article was machine translated, "
        "it reads badly.</p></section>"
    )
    article = extract_article(page(after=comments), "https://port.example/quay")
    assert not article.machine_translated


def test_a_label_line_above_the_body() -> None:
    label = "<p class='note'><small>Automatisch vertaald uit het Engels</small></p>"
    article = extract_article(page(before=label), "https://port.example/quay")
    assert article.machine_translated
