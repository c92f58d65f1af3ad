"""extract_article on the fixture pages in tests/data/pages (fictional outlets we wrote)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from tidings.errors import ExtractionError
from tidings.extract import extract_article
from tidings.models import ExtractedArticle, Image

PAGES = Path(__file__).resolve().parents[1] / "data" / "pages"


def extract(name: str, url: str) -> ExtractedArticle:
    return extract_article((PAGES / name).read_bytes(), url)


@pytest.fixture(scope="module")
def bridge() -> ExtractedArticle:
    return extract(
        "figures_credit_span.html",
        "https://www.rivertoncourier.example/local/old-mill-bridge-reopens",
    )


def test_metadata_comes_from_json_ld(bridge: ExtractedArticle) -> None:
    assert bridge.title == "Old Mill Bridge reopens after two years of repairs"
    assert bridge.authors == ("Maya Okafor", "Daniel Reyes")
    assert bridge.published == datetime(2024, 5, 14, 11, 30, tzinfo=UTC)
    assert bridge.modified == datetime(2024, 5, 14, 15, 5, tzinfo=UTC)
    assert bridge.language == "en"
    assert bridge.article_type == "NewsArticle"
    assert bridge.section == "Local"
    assert bridge.keywords == ("Riverton", "Infrastructure", "Old Mill Bridge")
    assert bridge.site_name == "The Riverton Courier"
    assert (
        bridge.canonical_url == "https://www.rivertoncourier.example/local/old-mill-bridge-reopens"
    )
    assert bridge.description is not None and bridge.description.startswith("The 1890s span")


def test_text_is_the_body_only(bridge: ExtractedArticle) -> None:
    paragraphs = bridge.text.split("\n\n")
    assert len(paragraphs) == 7
    assert paragraphs[0].startswith("The Old Mill Bridge, the iron span")
    assert paragraphs[-1].endswith("Weight limits remain in place for trucks over 15 tons.")
    for unwanted in ("By Maya", "May 14, 2024", "Photo:", "Sam Patel", "rivets on the bridge's",
                     "Share", "More local news", "School budget", "All rights reserved"):  # fmt: skip
        assert unwanted not in bridge.text


def test_lead_image_takes_caption_and_credit_from_the_page(bridge: ExtractedArticle) -> None:
    assert bridge.lead_image == Image(
        url="https://cdn.rivertoncourier.example/images/2024/05/old-mill-bridge-1200x800.jpg",
        caption="The first cars cross the restored bridge shortly after 6 a.m. on Tuesday.",
        credit="Lena Voss/Riverton Courier",
        alt="Cars cross the restored Old Mill Bridge at dawn",
        width=1200,
        height=800,
    )


def test_figures_have_captions_and_credits_apart(bridge: ExtractedArticle) -> None:
    assert bridge.figures == (
        Image(
            url="https://www.rivertoncourier.example/images/2024/05/bridge-rivets-800x533.jpg",
            caption="A worker replaces rivets on the bridge's lower chord in March.",
            credit="Sam Patel",
            alt="A worker replaces rivets",
            width=800,
            height=533,
        ),
        Image(
            url="https://cdn.rivertoncourier.example/images/2024/05/bridge-1896.jpg",
            caption="The bridge shortly after its completion in 1896.",
            credit="Riverton Historical Society",
            alt="The bridge in 1896",
        ),
    )


def test_figures_sit_in_the_html_where_the_article_had_them(bridge: ExtractedArticle) -> None:
    html = bridge.html
    third = html.index("fell by a third while the detour")
    rivets = html.index("bridge-rivets-800x533.jpg")
    engineers = html.index("Engineers found far more corrosion")
    assert third < rivets < engineers
    assert html.index("bridge-1896.jpg") < html.index("The bridge will be lit")
    assert (
        "<figcaption>A worker replaces rivets on the bridge's lower chord in March. "
        "<small>Sam Patel</small></figcaption>"
    ) in html
    assert "old-mill-bridge" not in html  # the lead image is shown above the body, once
    assert "pixel.gif" not in html and "school-budget" not in html
    assert 'loading="lazy"' in html


def test_copyright_paragraph_is_the_credit() -> None:
    article = extract("copyright_paragraph.html", "https://harbourdaily.example/opinion/seafront")
    assert article.article_type == "OpinionNewsArticle"
    assert article.section == "Opinion"
    assert article.keywords == ("seafront", "climate", "council", "lido")
    assert article.lead_image is not None
    assert article.lead_image.url == "https://media.harbourdaily.example/2024/07/promenade-heat.jpg"
    assert article.lead_image.credit == "Harbour Press Agency"
    assert article.figures == (
        Image(
            url="https://media.harbourdaily.example/2024/07/lido-site.jpg",
            caption="The fenced-off lido site, seen from the harbour wall.",
            credit="Tom Ashby",
            alt="The fenced-off lido site",
            width=800,
            height=520,
        ),
    )
    assert "©" not in article.text and "Tom Ashby" not in article.text
    assert article.text.startswith("Walk the length of the promenade")


def test_credits_written_into_captions_are_split_off() -> None:
    article = extract(
        "caption_text_credits.html", "https://meridianpost.example/world/2024/03/lowfield?ref=rss"
    )
    assert article.article_type == "ReportageNewsArticle"
    assert (
        article.canonical_url
        == "https://meridianpost.example/world/2024/03/lowfield-floods-clean-up"
    )
    assert [(f.caption, f.credit) for f in article.figures] == [
        ("Volunteers clear debris from Church Lane on Saturday.", "Ana Duarte/Meridian Post"),
        (
            "The gauge at Lowfield weir, where the river peaked on Thursday night",
            "Kieran Holt/Getty Images",
        ),
        (
            "The collapsed section of the quay wall near the old tannery.",
            "Kieran Holt/Getty Images",
        ),
    ]
    assert article.lead_image == Image(
        url="https://images.meridianpost.example/lowfield/main-street-flood.jpg",
        caption="Main Street in Lowfield on Friday morning.",
        credit="Ana Duarte for Meridian Post",
        width=1600,
        height=1067,
    )
    assert "Getty" not in article.text and "Photograph" not in article.text


def test_german_page_in_windows_1252() -> None:
    article = extract(
        "german_foto.html",
        "https://www.nordstadt-anzeiger.example/lokales/neuheim/stadtbibliothek-tuchfabrik",
    )
    assert article.title == "Stadtbibliothek zieht in die alte Tuchfabrik"
    assert article.language == "de"
    assert article.authors == ("Katrin Albers",)
    assert article.section == "Lokales"
    assert article.keywords == ("Neuheim", "Bibliothek", "Stadtentwicklung")
    assert article.published == datetime(2024, 9, 3, 14, 45, tzinfo=UTC)
    assert article.article_type is None
    assert "„Wohnzimmer für die ganze Stadt“" in article.text
    assert article.lead_image is not None
    assert (article.lead_image.caption, article.lead_image.credit) == (
        "Der neue Lesesaal im ehemaligen Websaal der Tuchfabrik.",
        "Jens Hartmann",
    )
    assert [(f.caption, f.credit) for f in article.figures] == [
        ("Die sanierte Fassade zum Kanal hin.", "Stadt Neuheim"),
        (
            "Im Kinderbereich gibt es eine Lesehöhle aus alten Garnrollen.",
            "Nordstadt Anzeiger/Mia Berg",
        ),
    ]
    for unwanted in ("Cookies", "Foto:", "Newsletter", "Von Katrin"):
        assert unwanted not in article.text


def test_json_ld_graph_with_references() -> None:
    url = "https://lakesideledger.example/2024/02/11/council-four-day-week-trial/"
    article = extract("graph_jsonld.html", url)
    assert article.article_type == "AnalysisNewsArticle"
    assert article.authors == ("Ruth Hollis", "Omar Sayed")
    assert article.published == datetime(2024, 2, 11, 9, 15, tzinfo=UTC)  # naive: UTC
    assert article.keywords == ("four-day week", "council", "jobs")
    assert article.section == "Politics"
    assert article.canonical_url == url
    assert article.site_name == "Lakeside Ledger"
    assert article.lead_image is not None
    assert (
        article.lead_image.caption
        == "Lakeside Town Hall, where 240 staff will take part in the trial."
    )
    assert article.lead_image.credit == "Lakeside Ledger"
    assert article.figures == ()  # the post thumbnail is the lead image
    assert "town-hall" not in article.html


def test_open_graph_only_page() -> None:
    article = extract("opengraph_only.html", "https://coastlineweekly.example/travel/night-trains")
    assert article.title == "Night trains return to the coast line this summer"
    assert article.authors == ("Felix Brandt",)
    assert article.published == datetime(2024, 4, 2, 5, 0, tzinfo=UTC)
    assert article.modified == datetime(2024, 4, 2, 9, 30, tzinfo=UTC)
    assert article.language == "en"
    assert article.article_type is None
    assert article.section == "Travel"
    assert article.keywords == ("Rail", "Night trains")
    assert article.description == (
        "Sleeper services will run three nights a week from June, the first since 2009."
    )
    assert article.canonical_url == "https://coastlineweekly.example/travel/night-trains-return"
    assert article.lead_image == Image(
        url="https://static.coastlineweekly.example/img/night-train-platform.jpg",
        alt="A sleeper train waits at the platform",
        width=1280,
        height=720,
    )
    assert article.text.startswith("For the first time in fifteen years")
    assert "Published" not in article.text


def test_boilerplate_stays_out_of_the_text() -> None:
    article = extract("boilerplate.html", "https://valleygazette.example/farming/orchards-frost")
    assert article.authors == ("Ines Carvalho", "Paul Whitaker")
    paragraphs = article.text.split("\n\n")
    assert len(paragraphs) == 6
    assert paragraphs[0].startswith("Fruit growers across the valley")
    assert paragraphs[-1].startswith("Cider makers")
    for unwanted in ("cookies", "Share on", "newsletter", "Sign up", "Related", "Honey prices",
                     "comments", "Terrible news", "Tags", "Copyright", "August 19"):  # fmt: skip
        assert unwanted.lower() not in article.text.lower()


def test_lists_quotes_subheadings_and_tables() -> None:
    article = extract("structure.html", "https://blog.quietharbour.example/posts/streetlights")
    assert article.article_type == "BlogPosting"
    assert article.keywords == ("Energy", "Streetlights")
    assert article.published == datetime(2024, 1, 20, tzinfo=UTC)
    html = article.html
    for tag in ("<h2>Where the money went</h2>", "<h3>What it cost</h3>", "<ol>", "<ul>",
                "<li>Switched off 90 lamps", "<blockquote>", "<table>", "<th>Item</th>"):  # fmt: skip
        assert tag in html
    assert (
        '<a href="https://blog.quietharbour.example/reports/2021-energy-audit.pdf" '
        'rel="nofollow noopener noreferrer">energy audit</a>'
    ) in html
    for unsafe in ("onclick", "onmouseover", "style=", "javascript:", "<script", "<iframe",
                   "injected"):  # fmt: skip
        assert unsafe not in html
    paragraphs = article.text.split("\n\n")
    assert "Where the money went" in paragraphs
    assert (
        "Dimmed lights on residential streets to half power between midnight and five in the morning."
        in paragraphs
    )
    assert "Energy per year | 610 MWh | 265 MWh" in paragraphs
    assert "How our town cut" not in article.text


def test_broken_json_ld_falls_back_to_meta_tags() -> None:
    article = extract("broken_jsonld.html", "https://baysideherald.example/news/ferry-fares")
    assert article.title == "Pelican Bay ferry fares frozen for another year"
    assert article.article_type is None
    assert article.authors == ("Chloe Nguyen",)
    assert article.published == datetime(2024, 6, 27, 22, 0, tzinfo=UTC)
    assert article.site_name == "Bayside Herald"
    assert article.text.startswith("Fares on the Pelican Bay island ferry")


@pytest.mark.parametrize("name", ["login.html", "section_index.html"])
def test_pages_without_an_article_raise(name: str) -> None:
    with pytest.raises(ExtractionError):
        extract(name, "https://www.rivertoncourier.example/account")


def test_text_has_no_stray_whitespace(bridge: ExtractedArticle) -> None:
    for paragraph in bridge.text.split("\n\n"):
        assert paragraph == paragraph.strip()
        assert "  " not in paragraph and "\n" not in paragraph
