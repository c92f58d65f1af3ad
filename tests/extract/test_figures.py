"""Finding pictures on a page and putting them back into the body."""

from __future__ import annotations

import pytest
from lxml.html import fragment_fromstring

from tidings.extract.article import parse_page
from tidings.extract.figures import (
    caption_and_credit,
    find_figures,
    image_key,
    image_url,
    is_junk_image,
)
from tidings.extract.placement import figure_element, place_figures, restore_blocks
from tidings.models import Image

BASE = "https://news.example/section/story.html"


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        ('<img src="/a.jpg">', "https://news.example/a.jpg"),
        ('<img src="data:image/gif;base64,R0lG" data-src="b.jpg">', "https://news.example/section/b.jpg"),
        ('<img src="/img/placeholder.png" data-lazy-src="//cdn.example/c.jpg">', "https://cdn.example/c.jpg"),
        ('<img srcset="s.jpg 480w, l.jpg 1600w, m.jpg 800w">', "https://news.example/section/l.jpg"),
        ('<img src="javascript:alert(1)">', None),
        ('<img src="ftp://files.example/a.jpg">', None),
    ],
)  # fmt: skip
def test_image_url_looks_past_placeholders(markup: str, expected: str | None) -> None:
    assert image_url(fragment_fromstring(markup), BASE) == expected


def test_image_key_survives_resizing() -> None:
    assert image_key("https://cdn.example/2024/05/bridge-1200x800.jpg?w=300") == "bridge"
    assert image_key("https://other.example/x/bridge-scaled.jpg") == "bridge"
    assert image_key("https://cdn.example/a/b/master/image.jpg") != image_key(
        "https://cdn.example/a/c/master/image.jpg"
    )


@pytest.mark.parametrize(
    ("image", "hints", "junk"),
    [
        (Image(url="https://x.example/photo.jpg", width=800, height=600), "", False),
        (Image(url="https://x.example/photo.jpg", width=1, height=1), "", True),
        (Image(url="https://x.example/pixel.gif"), "", True),
        (Image(url="https://x.example/site-logo.png"), "", True),
        (Image(url="https://x.example/u/123.jpg"), "author-avatar", True),
        (Image(url="https://x.example/iconic-bridge.jpg"), "", False),
    ],
)
def test_junk_images(image: Image, hints: str, junk: bool) -> None:
    assert is_junk_image(image, hints) is junk


def test_caption_and_credit_from_markup() -> None:
    figure = fragment_fromstring(
        "<figure><img src='a.jpg'><figcaption>Boats in the harbour."
        "<span class='visually-hidden'>Image</span> <span class='credit'>Photo: Jane Roe</span>"
        "</figcaption><button>Enlarge</button></figure>"
    )
    assert caption_and_credit(figure) == ("Boats in the harbour.", "Jane Roe")


def test_find_figures_skips_sidebars_and_icons() -> None:
    page = parse_page(
        "<html><body><article><p>First paragraph of the story.</p>"
        "<figure><img src='/a.jpg' width='800' height='600'><figcaption>A</figcaption></figure>"
        "<figure><img src='/icon.png' width='16' height='16'></figure>"
        "<p>Second paragraph of the story.</p></article>"
        "<aside><figure><img src='/teaser.jpg'><figcaption>Other story</figcaption></figure></aside>"
        "<div class='related-posts'><figure><img src='/r.jpg'></figure></div>"
        "</body></html>"
    )
    figures = find_figures(page, BASE)
    assert [f.image.url for f in figures] == ["https://news.example/a.jpg"]
    assert figures[0].after == "firstparagraphofthestory"
    assert figures[0].before == "secondparagraphofthestory"


def test_figure_element_markup() -> None:
    element = figure_element(
        Image(
            url="https://x.example/a.jpg",
            caption="Cap",
            credit="Cred",
            alt="Alt",
            width=4,
            height=3,
        )
    )
    from lxml.html import tostring

    assert tostring(element, encoding="unicode") == (
        '<figure><img src="https://x.example/a.jpg" alt="Alt" width="4" height="3">'
        "<figcaption>Cap <small>Cred</small></figcaption></figure>"
    )


def test_place_figures_by_neighbouring_paragraph() -> None:
    page = parse_page(
        "<html><body><div class='story'>"
        "<figure><img src='/lead.jpg'><figcaption>Lead</figcaption></figure>"
        "<p>Alpha paragraph with enough words.</p>"
        "<figure><img src='/one.jpg'><figcaption>One</figcaption></figure>"
        "<p>Beta paragraph with enough words.</p>"
        "<div><figure><img src='/two.jpg'><figcaption>Two</figcaption></figure></div>"
        "<p>Gamma paragraph with enough words.</p>"
        "</div><footer><figure><img src='/foot.jpg'></figure></footer></body></html>"
    )
    root = fragment_fromstring(
        "<div><p>Alpha paragraph with enough words.</p><p>Beta paragraph with enough words.</p>"
        "<p>Gamma paragraph with enough words.</p></div>"
    )
    images = place_figures(root, find_figures(page, BASE), page, image_key("https://x/lead.jpg"))
    assert [image.caption for image in images] == ["One", "Two"]
    assert [child.tag for child in root] == ["p", "figure", "p", "figure", "p"]


def test_unmatched_figure_inside_the_article_goes_last() -> None:
    page = parse_page(
        "<html><body><div class='story'><p>Alpha paragraph with enough words.</p>"
        "<p>Beta paragraph with enough words.</p><p>A promotion the body left out.</p>"
        "<div class='gallery'><figure><img src='/g.jpg'><figcaption>Gallery</figcaption></figure></div>"
        "</div><div class='other'><figure><img src='/x.jpg'><figcaption>X</figcaption></figure>"
        "</div></body></html>"
    )
    root = fragment_fromstring(
        "<div><p>Alpha paragraph with enough words.</p><p>Beta paragraph with enough words.</p></div>"
    )
    images = place_figures(root, find_figures(page, BASE), page, None)
    assert [image.caption for image in images] == ["Gallery"]
    assert root[-1].tag == "figure"


def test_a_bare_small_is_the_credit() -> None:
    block = fragment_fromstring(
        "<div class='image-block'><img src='a.jpg'><p class='img-caption'>Boats.</p>"
        "<small>Jens Albers</small></div>"
    )
    assert caption_and_credit(block) == ("Boats.", "Jens Albers")


def test_restore_blocks_puts_back_dropped_subheadings_and_lists() -> None:
    page = parse_page(
        "<html><body><div class='artikel'><p>Alpha paragraph with enough words.</p>"
        "<h3 class='zwischentitel'>What experts say</h3><p>Beta paragraph with enough words.</p>"
        "<ul><li>First advice given by the experts.</li><li>Second advice given by them.</li></ul>"
        "<p>Gamma paragraph with enough words.</p>"
        "<div class='share'><h3>Share this</h3></div><ul><li><a href='/x'>Link list item one</a></li>"
        "<li><a href='/y'>Link list item two</a></li></ul><p>Delta paragraph with words.</p>"
        "</div></body></html>"
    )
    root = fragment_fromstring(
        "<div><p>Alpha paragraph with enough words.</p><p>Beta paragraph with enough words.</p>"
        "<p>Gamma paragraph with enough words.</p><p>Delta paragraph with words.</p></div>"
    )
    restore_blocks(root, page)
    assert [child.tag for child in root] == ["p", "h3", "p", "ul", "p", "p"]
    assert root[1].text == "What experts say"


def test_a_small_holding_the_whole_caption_is_not_the_credit() -> None:
    figure = fragment_fromstring(
        "<figure><img src='a.jpg'><figcaption><small>Boats in the harbour. Photo: Jane Roe"
        "</small></figcaption></figure>"
    )
    assert caption_and_credit(figure) == ("Boats in the harbour.", "Jane Roe")
