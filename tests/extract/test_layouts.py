"""Whole pages laid out in ways that split, hide or wrap the body (fictional fixture pages)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tidings.extract import extract_article
from tidings.models import ExtractedArticle

PAGES = Path(__file__).resolve().parents[1] / "data" / "pages"


def extract(name: str, url: str) -> ExtractedArticle:
    return extract_article((PAGES / name).read_bytes(), url)


def test_a_body_split_by_an_ad_row_is_whole_and_its_furniture_goes() -> None:
    article = extract("split_body.html", "https://lakeshoregazette.example/transport/tram-line")
    paragraphs = article.text.split("\n\n")
    assert paragraphs[0].startswith("The first tram to the university campus")
    assert "What changes for buses" in paragraphs
    assert paragraphs[-1].startswith("The city says the trams will run every six minutes")
    assert len(paragraphs) == 7
    for unwanted in ("Tram line to the university opens", "By Priya", "1 / 6", "Harbour Photo",
                     "Most read", "Advertisement", "Facebook", "More Great", "Bridge inspection",
                     "©"):  # fmt: skip
        assert unwanted not in article.text
    assert "<h2>What changes for buses</h2>" in article.html


def test_an_old_table_layout_page_gives_its_paragraphs() -> None:
    article = extract("table_layout.html", "https://valleybusiness.example/2004/06/14/glass.html")
    paragraphs = article.text.split("\n\n")
    assert len(paragraphs) == 5
    assert paragraphs[0].startswith("NORTHFIELD - For most of the 1990s")
    assert paragraphs[-1].endswith("electricity prices for next year.")
    for unwanted in ("Markets", "Columns", "Glassworks Finds", "Tomas Berglund", "E-mail story",
                     "Copyright"):  # fmt: skip
        assert unwanted not in article.text
    assert "handheld computers (VGL)." in article.text


def test_paragraphs_set_as_divs_inside_a_navigation_left_open() -> None:
    article = extract("div_paragraphs.html", "https://alpinecourier.example/valleys/night-trains")
    paragraphs = article.text.split("\n\n")
    assert len(paragraphs) == 6
    assert paragraphs[0].startswith("Sleeper trains will run over the mountain line")
    assert paragraphs[-1].startswith("A decision on a second route")
    for unwanted in ("Front page", "Updated 08:15", "Share", "Latest", "Snow closes"):
        assert unwanted not in article.text


def test_trafilatura_reads_the_page_when_our_reading_finds_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("tidings.extract.article.article_blocks", lambda blocks, params: [])
    article = extract("div_paragraphs.html", "https://alpinecourier.example/valleys/night-trains")
    assert "Sleeper trains will run over the mountain line" in article.text
