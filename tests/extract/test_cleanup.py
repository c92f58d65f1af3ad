"""Trimming headline, standfirst, byline and page furniture around the body."""

from __future__ import annotations

import pytest
from lxml.html import fragment_fromstring

from tidings.extract.article import parse_page
from tidings.extract.body import body_text
from tidings.extract.cleanup import find_standfirsts, is_cookie_notice, trim_furniture, trim_lead

PROSE = (
    "The council voted on Tuesday to keep the library open on Sundays through the winter months."
)


def root_of(*blocks: str) -> object:
    return fragment_fromstring("<div>" + "".join(blocks) + "</div>")


def test_headline_label_standfirst_and_byline_go() -> None:
    root = root_of(
        "<p>Local</p>",
        "<h2>Library stays open on Sundays</h2>",
        "<h2>Councillors reversed last year's cut after a petition from readers</h2>",
        "<p>By Jane Roe</p>",
        "<p>March 3, 2024, 10:15</p>",
        f"<p>{PROSE}</p>",
    )
    trim_lead(root, ["Library stays open on Sundays"], None, ["Jane Roe"])
    assert body_text(root) == PROSE


def test_a_lede_repeating_the_description_stays() -> None:
    root = root_of(f"<p>{PROSE}</p>", "<p>Second paragraph.</p>")
    trim_lead(root, ["Headline"], PROSE, [])
    assert body_text(root).startswith(PROSE)


def test_a_short_sentence_with_a_date_is_not_a_dateline() -> None:
    root = root_of("<p>The vote is set for May 5, after the hearing.</p>", f"<p>{PROSE}</p>")
    trim_lead(root, ["Headline"], None, [])
    assert body_text(root).startswith("The vote is set for May 5")


def test_furniture_lines_and_trailing_teasers_go() -> None:
    root = root_of(
        *(f"<p>{PROSE}</p>" for _ in range(4)),
        "<p>READ MORE: Library budget under pressure</p>",
        "<p>Advertisement</p>",
        f"<p>{PROSE} Last word.</p>",
        "<h3>Related articles</h3>",
        "<p><a href='/a'>Pool reopens after repairs</a></p>",
        "<p><a href='/b'>Parking fees rise downtown</a></p>",
    )
    trim_furniture(root)
    text = body_text(root)
    assert text.endswith("Last word.")
    assert "READ MORE" not in text and "Advertisement" not in text and "Pool" not in text


def test_a_marker_before_real_paragraphs_does_not_cut_them() -> None:
    root = root_of(
        *(f"<p>{PROSE}</p>" for _ in range(3)),
        "<p>Don't miss</p>",
        "<p>Residents who want to comment can write to the council until Friday.</p>",
        "<p>The next meeting is on 12 March at the town hall.</p>",
    )
    trim_furniture(root)
    assert body_text(root).endswith("The next meeting is on 12 March at the town hall.")


def test_labels_standfirst_and_cookie_notice_go_without_a_headline() -> None:
    root = root_of(
        "<p>We use cookies to improve our site. Accept all or change your settings.</p>",
        "<p>The paper for the valley</p>",
        "<p>Politics</p>",
        "<p>Councillors reversed last year's cut after a petition from readers.</p>",
        "<p>Von Jana Roth</p>",
        "<p>03.03.2024, 10:15 Uhr</p>",
        f"<p>{PROSE}</p>",
    )
    standfirsts = {"councillorsreversedlastyearscutafterapetitionfromreaders"}
    trim_lead(root, ["Another headline"], None, [], standfirsts)
    assert body_text(root) == PROSE


def test_a_short_opening_line_stays_when_no_furniture_follows() -> None:
    root = root_of("<h2>Introduction</h2>", f"<p>{PROSE}</p>")
    trim_lead(root, ["Headline"], None, [])
    assert body_text(root).startswith("Introduction")


def test_find_standfirsts_reads_class_names() -> None:
    page = parse_page(
        "<html><body><p class='article__dek'>A summary of the story in one sentence.</p>"
        "<div class='story-body__introduction'><b>Another summary of the story.</b></div>"
        "<div class='subheading'><h2>Not a standfirst</h2></div></body></html>"
    )
    assert find_standfirsts(page) == {
        "asummaryofthestoryinonesentence",
        "anothersummaryofthestory",
    }


@pytest.mark.parametrize(
    ("text", "notice"),
    [
        ("We use cookies to improve our site. Accept all or change your settings.", True),
        (
            "Wir verwenden Cookies und ähnliche Technologien, um unsere Angebote zu verbessern.",
            True,
        ),
        ("En poursuivant votre navigation, vous acceptez l'utilisation de cookies.", True),
        ("Quarterline uses cookies for analytics and subscriptions.", True),
        ("The bakery will use the recipe for its Christmas cookies.", False),
        ("Cookies and cakes were sold at the fair, and we used the money for the roof.", False),
    ],
)
def test_cookie_notices(text: str, notice: bool) -> None:
    assert is_cookie_notice(text) is notice


@pytest.mark.parametrize(
    "promo",
    [
        "Want the latest? Like our Harbour Daily page on Facebook and follow us on Twitter.",
        "Do you have a story for our newsroom? Email us at tips@harbour.example.",
        "Got a tip? Write to the author at jane@harbour.example.",
        "Subscribe now and get a year of the print edition for half price!",
        "Let the morning briefing meet your inbox, every weekday at seven.",
    ],
)
def test_the_site_asking_for_follows_and_tips_goes(promo: str) -> None:
    root = root_of(*(f"<p>{PROSE}</p>" for _ in range(3)), f"<p>{promo}</p>")
    trim_furniture(root)
    assert body_text(root) == "\n\n".join([PROSE] * 3)


def test_an_article_about_following_on_social_media_stays() -> None:
    line = "The mayor told residents to follow the fire service on Twitter for updates."
    root = root_of(f"<p>{PROSE}</p>", f"<p>{line}</p>")
    trim_furniture(root)
    assert body_text(root).endswith(line)


def test_a_more_stories_heading_starts_the_trailing_teasers() -> None:
    root = root_of(
        *(f"<p>{PROSE}</p>" for _ in range(4)),
        "<h3>More Great Harbour Stories</h3>",
        "<ul><li><a href='/a'>Pool reopens</a> after repairs</li>"
        "<li><a href='/b'>Parking fees rise</a> downtown</li></ul>",
    )
    trim_furniture(root)
    assert body_text(root) == "\n\n".join([PROSE] * 4)
