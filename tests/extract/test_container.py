"""Finding the article's container: scored prose, siblings and look-alikes, microdata."""

from __future__ import annotations

from lxml.html import HtmlElement

from tidings.extract.article import parse_page
from tidings.extract.blocks import read_blocks
from tidings.extract.container import container_blocks

PROSE = (
    "The harbour board agreed on Thursday to dredge the eastern channel, which has silted up "
    "since the storms, so that larger ferries can dock again, the chair said."
)
TEASER = "<li><a href='/x'>Lighthouse keeper retires after forty years</a></li>"


def chosen(body: str) -> list[str]:
    page = parse_page(f"<html><body>{body}</body></html>")
    root = page.find("body")
    assert isinstance(root, HtmlElement)
    return [block.text for block in container_blocks(read_blocks(root))]


def test_the_prose_container_wins_over_teasers_and_navigation() -> None:
    texts = chosen(
        f"<ul class='menu'><li><a href='/'>Home</a></li></ul>"
        f"<div class='story'><p>{PROSE}</p><p>{PROSE} Two.</p><p>{PROSE} Three.</p></div>"
        f"<div class='rail'><ul>{TEASER * 5}</ul></div>"
    )
    assert texts == [PROSE, f"{PROSE} Two.", f"{PROSE} Three."]


def test_a_body_split_by_an_ad_row_is_read_in_full() -> None:
    texts = chosen(
        f"<div class='row'><div class='body body-part-1'><p>{PROSE} One.</p>"
        f"<p>{PROSE} Two.</p><p>{PROSE} Three.</p></div><div class='rail'>Ad</div></div>"
        "<div class='row ad-row'><div class='ad'>Advertisement</div></div>"
        f"<div class='row'><div class='body body-part-2'><p>{PROSE} Four.</p></div></div>"
    )
    assert texts == [f"{PROSE} One.", f"{PROSE} Two.", f"{PROSE} Three.", f"{PROSE} Four."]


def test_paragraphs_beside_the_container_come_along() -> None:
    # The first paragraphs as <div>s next to the box that holds the rest.
    texts = chosen(
        f"<section><div class='para'>{PROSE} One.</div><div class='para'>{PROSE} Two.</div>"
        f"<div class='rest'><div class='para'>{PROSE} Three.</div>"
        f"<div class='para'>{PROSE} Four.</div><div class='para'>{PROSE} Five.</div>"
        f"<div class='para'>{PROSE} Six.</div></div></section>"
        f"<div class='rail'><ul>{TEASER * 3}</ul></div>"
    )
    assert texts[0] == f"{PROSE} One." and texts[-1] == f"{PROSE} Six." and len(texts) == 6


def test_the_declared_article_body_is_preferred() -> None:
    texts = chosen(
        f"<div class='digest'><p>{PROSE} A reader.</p><p>{PROSE} Another reader.</p>"
        f"<p>{PROSE} A third reader.</p></div>"
        f"<div itemprop='articleBody'><p>{PROSE} The story.</p><p>{PROSE} Its end.</p></div>"
    )
    assert texts == [f"{PROSE} The story.", f"{PROSE} Its end."]


def test_no_text_gives_no_blocks() -> None:
    assert chosen("<div><img src='a.jpg'></div>") == []
