"""Keeping prose and the short lines in its company; dropping link lists and counters."""

from __future__ import annotations

from lxml.html import HtmlElement

from tidings.extract.article import parse_page
from tidings.extract.blocks import read_blocks
from tidings.extract.params import ExtractionParams
from tidings.extract.prose import article_blocks, text_weight

PROSE = (
    "Volunteers planted four hundred oak saplings along the river path on Saturday, "
    "finishing a week ahead of the schedule the parks department had set."
)


def kept(body: str) -> list[str]:
    page = parse_page(f"<html><body>{body}</body></html>")
    root = page.find("body")
    assert isinstance(root, HtmlElement)
    return [block.text for block in article_blocks(read_blocks(root))]


def test_short_lines_between_paragraphs_stay() -> None:
    texts = kept(f"<p>{PROSE}</p><h3>What comes next</h3><p>Why?</p><p>{PROSE} Again.</p>")
    assert texts == [PROSE, "What comes next", "Why?", f"{PROSE} Again."]


def test_short_lines_away_from_prose_go() -> None:
    links = "<ul><li><a href='/a'>Parks</a></li><li><a href='/b'>Rivers</a></li></ul>"
    texts = kept(f"<p>Sections</p>{links}<p>{PROSE}</p><p>{PROSE} Again.</p>{links}<p>Print</p>")
    assert texts == [PROSE, f"{PROSE} Again."]


def test_a_list_after_a_paragraph_stays() -> None:
    texts = kept(f"<p>{PROSE}</p><ul><li>Oak: 250</li><li>Ash: 150</li></ul>")
    assert texts == [PROSE, "Oak: 250", "Ash: 150"]


def test_counters_and_numbers_alone_go() -> None:
    texts = kept(f"<p>{PROSE}</p><p>1 / 12</p><p>2024</p><p>{PROSE} Again.</p>")
    assert texts == [PROSE, f"{PROSE} Again."]


def test_a_teaser_that_opens_with_its_link_goes_but_a_sentence_full_of_links_stays() -> None:
    teaser = "<p><a href='/t'>River path reopens after the winter floods</a> in March</p>"
    cited = (
        "<p>The plan follows <a href='/r'>a report by the river trust on the state of the "
        "banks</a> and <a href='/s'>a survey of walkers</a>.</p>"
    )
    texts = kept(f"<p>{PROSE}</p>{cited}<p>{PROSE} Again.</p>{teaser}")
    assert len(texts) == 3 and texts[1].startswith("The plan follows")


def test_furniture_goes_even_when_long() -> None:
    texts = kept(
        f"<p>{PROSE}</p><p>{PROSE}</p><div class='author-box'><p>{PROSE} The author.</p></div>"
    )
    assert texts == [PROSE, PROSE]


def test_wide_characters_weigh_more() -> None:
    assert text_weight("abc") == 3
    assert text_weight("東京都") == 9


def test_teaser_cards_go_even_when_their_summaries_read_as_prose() -> None:
    card = (
        "<div class='card'><a href='/{n}'><h3>Harbour news {n}</h3></a>"
        "<p>{PROSE}</p></div>".replace("{PROSE}", PROSE)
    )
    texts = kept(
        f"<p>{PROSE} One.</p><p>{PROSE} Two.</p>" + "".join(card.format(n=n) for n in range(3))
    )
    assert texts == [f"{PROSE} One.", f"{PROSE} Two."]


def test_repeated_paragraph_boxes_are_not_teaser_cards() -> None:
    # The same class on every paragraph box, one of which opens with a linked line.
    box = "<div class='para'>{}</div>"
    texts = kept(
        box.format(f"<p><a href='/a'>See the council agenda</a></p><p>{PROSE}</p>")
        + box.format(f"<p>{PROSE} Two.</p><p>{PROSE} Three, and more text.</p>")
    )
    assert texts[-2:] == [f"{PROSE} Two.", f"{PROSE} Three, and more text."]


def test_thresholds_come_from_the_parameters() -> None:
    page = parse_page(f"<html><body><p>{PROSE}</p><p>A short line of text.</p></body></html>")
    root = page.find("body")
    assert isinstance(root, HtmlElement)
    blocks = read_blocks(root)
    assert len(article_blocks(blocks, ExtractionParams(prose_chars=10))) == 2
    assert article_blocks(blocks, ExtractionParams(prose_chars=500)) == []
