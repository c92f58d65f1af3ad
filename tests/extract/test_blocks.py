"""Reading a page as text blocks: what starts a block, what is skipped, what is furniture."""

from __future__ import annotations

from lxml.html import HtmlElement

from tidings.extract.article import parse_page
from tidings.extract.blocks import Block, read_blocks
from tidings.extract.marks import is_furniture
from tidings.extract.params import ExtractionParams

PROSE = "The ferry timetable changes on Monday, with two extra sailings on weekday mornings."


def blocks_of(body: str) -> list[Block]:
    page = parse_page(f"<html><body>{body}</body></html>")
    root = page.find("body")
    assert isinstance(root, HtmlElement)
    return read_blocks(root)


def texts(blocks: list[Block]) -> list[str]:
    return [block.text for block in blocks]


def test_paragraphs_headings_and_items_are_blocks_and_inline_text_joins() -> None:
    blocks = blocks_of(
        "<h2>Timetable</h2><p>The <b>ferry</b> <a href='/t'>timetable</a> changes.</p>"
        "<ul><li>First item</li><li>Second item</li></ul>"
    )
    assert texts(blocks) == [
        "Timetable",
        "The ferry timetable changes.",
        "First item",
        "Second item",
    ]
    assert [block.kind for block in blocks] == ["h", "p", "li", "li"]
    assert blocks[1].link_chars == len("timetable") and not blocks[1].lead_link


def test_line_breaks_split_text_held_in_a_div_but_not_in_a_paragraph() -> None:
    blocks = blocks_of("<div>First run.<br><br>Second run.</div><p>One line<br>two lines</p>")
    assert texts(blocks) == ["First run.", "Second run.", "One line\ntwo lines"]
    assert not blocks[0].whole and blocks[2].whole


def test_scripts_media_controls_and_hidden_text_are_not_text() -> None:
    blocks = blocks_of(
        f"<p>{PROSE}<img src='a.jpg'> <script>var x;</script>More.</p>"
        "<div hidden>Hidden</div><div style='display: none'>Gone</div>"
        "<span aria-hidden='true'>Icon</span><figure><figcaption>Caption</figcaption></figure>"
        "<button>Share</button>"
    )
    assert texts(blocks) == [f"{PROSE} More."]


def test_unknown_elements_start_blocks() -> None:
    blocks = blocks_of("<x-menu><x-item>Home</x-item><x-item>World</x-item></x-menu>")
    assert texts(blocks) == ["Home", "World"]


def test_a_block_that_opens_with_a_link_is_marked() -> None:
    blocks = blocks_of("<p><a href='/a'>Ferry fares rise</a> as fuel costs climb</p>")
    assert blocks[0].lead_link


def test_a_data_table_is_one_block_and_a_layout_table_is_read_through() -> None:
    blocks = blocks_of(
        "<table><tr><th>Route</th><th>Sailings</th></tr><tr><td>North</td><td>6</td></tr></table>"
        f"<table><tr><td><p>{PROSE}</p></td><td><p>Side column.</p></td></tr></table>"
    )
    assert [block.kind for block in blocks] == ["table", "p", "p"]
    assert blocks[0].text == "Route | Sailings\nNorth | 6"


def test_furniture_is_flagged_by_tag_and_class() -> None:
    blocks = blocks_of(
        f"<div class='story'><p>{PROSE}</p><p>{PROSE}</p></div>"
        "<nav><a href='/'>Home</a></nav><div class='share-bar'><a href='/s'>Share</a></div>"
        "<div class='post-content comments-open'><p>Kept: content words win.</p></div>"
    )
    assert [block.text for block in blocks if block.furniture] == ["Home", "Share"]


def test_furniture_that_wraps_most_of_the_page_is_layout() -> None:
    # A <nav> left open swallows the article; a class describes the page around it.
    blocks = blocks_of(
        f"<nav><a href='/'>Home</a><div class='main-sidebar-layout'><p>{PROSE}</p>"
        f"<p>{PROSE}</p></div><div class='sidebar'>Most read</div></nav>"
    )
    assert [block.text for block in blocks if block.furniture] == ["Most read"]


def test_is_furniture_reads_words_in_class_names() -> None:
    page = parse_page(
        "<html><body><div class='related-links'></div><div class='share'></div>"
        "<div class='post-content'></div><div class='shared-space'></div>"
        "<div class='article-body has-sidebar'></div></body></html>"
    )
    verdicts = [is_furniture(element) for element in page.iter("div")]
    assert verdicts == [True, True, False, False, False]


def test_social_embeds_are_furniture_only_when_the_parameters_say_so() -> None:
    page = parse_page(
        f"<html><body><p>{PROSE}</p><blockquote class='twitter-tweet' data-lang='en'>"
        "<p>New timetable from Monday!</p></blockquote></body></html>"
    )
    root = page.find("body")
    assert isinstance(root, HtmlElement)
    kept = read_blocks(root, ExtractionParams(keep_social_embeds=True))
    dropped = read_blocks(root, ExtractionParams(keep_social_embeds=False))
    assert [block.furniture for block in kept] == [False, False]
    assert [block.furniture for block in dropped] == [False, True]
