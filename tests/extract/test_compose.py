"""Building the body tree from blocks: inline markup kept, lists and quotes regrouped."""

from __future__ import annotations

from lxml.html import HtmlElement, tostring

from tidings.extract.article import parse_page
from tidings.extract.blocks import read_blocks
from tidings.extract.body import body_text
from tidings.extract.compose import body_tree


def tree_of(body: str) -> HtmlElement:
    page = parse_page(f"<html><body>{body}</body></html>")
    root = page.find("body")
    assert isinstance(root, HtmlElement)
    return body_tree(read_blocks(root))


def html(root: HtmlElement) -> str:
    return str(tostring(root, encoding="unicode"))


def test_paragraphs_keep_links_and_emphasis_but_not_pictures_or_scripts() -> None:
    root = tree_of(
        "<p class='lede'>Read <a href='/r'>the <em>report</em></a><img src='x.jpg'>"
        "<script>track()</script> now.</p>"
    )
    assert html(root) == '<div><p>Read <a href="/r">the <em>report</em></a> now.</p></div>'


def test_list_items_are_gathered_into_their_lists() -> None:
    root = tree_of("<ol><li>One</li><li>Two</li></ol><ul><li>Red</li></ul><p>After.</p>")
    assert html(root) == (
        "<div><ol><li>One</li><li>Two</li></ol><ul><li>Red</li></ul><p>After.</p></div>"
    )


def test_quoted_paragraphs_share_their_quote_and_headings_step_down() -> None:
    root = tree_of(
        "<h1>Title</h1><blockquote><p>First.</p><p>Second.</p></blockquote><h5>Small</h5>"
    )
    assert html(root) == (
        "<div><h2>Title</h2><blockquote><p>First.</p><p>Second.</p></blockquote>"
        "<h4>Small</h4></div>"
    )


def test_runs_of_text_in_a_container_become_plain_paragraphs() -> None:
    root = tree_of("<td>First <b>run</b>.<br><br>Second run.</td>")
    assert html(root) == "<div><p>First run.</p><p>Second run.</p></div>"


def test_a_data_table_is_copied_and_reads_row_by_row() -> None:
    root = tree_of(
        "<table><tr><th>Year</th><th>Visitors</th></tr><tr><td>2023</td><td>410</td></tr></table>"
    )
    assert "<table><tr><th>Year</th>" in html(root)
    assert body_text(root) == "Year | Visitors\n\n2023 | 410"
