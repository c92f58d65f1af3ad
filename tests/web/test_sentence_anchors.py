"""Sentence anchors put into sanitised article HTML, lined up with the extracted text."""

from __future__ import annotations

from lxml import html as lxml_html

from tidings.ai.sentence_anchors import anchor_sentences
from tidings.ai.sentences import split_sentences

HTML = (
    "<p>The bridge closed on Monday. Traffic was diverted.</p>\n"
    "<figure><img src='https://pub.example/a.jpg' alt=''>"
    "<figcaption>Queues at dusk</figcaption></figure>\n"
    "<h2>Queues at the tunnel</h2>\n"
    "<p>Drivers waited for an hour. The <a href='https://pub.example/x'>tunnel operator</a> "
    "suspended tolls. Buses ran late.</p>\n"
    "<ul><li>Ferries ran every ten minutes.</li><li>Trains added carriages.</li></ul>\n"
    "<blockquote><p>We will not take chances.</p><p>Chief engineer</p></blockquote>"
)
TEXT = (
    "The bridge closed on Monday. Traffic was diverted.\n\n"
    "Queues at the tunnel\n\n"
    "Drivers waited for an hour. The tunnel operator suspended tolls. Buses ran late.\n\n"
    "Ferries ran every ten minutes.\nTrains added carriages.\n\n"
    "We will not take chances.\n\n"
    "Chief engineer"
)


def _doc(markup: str) -> lxml_html.HtmlElement:
    return lxml_html.fragment_fromstring(markup, create_parent="div")


def _by_id(markup: str) -> dict[str, lxml_html.HtmlElement]:
    return {e.get("id"): e for e in _doc(markup).iter() if e.get("id")}


def test_each_sentence_in_one_text_node_is_wrapped_in_a_span() -> None:
    body = anchor_sentences(HTML, TEXT)
    found = _by_id(body.html)
    assert found["s-0-0"].tag == "span" and found["s-0-0"].get("class") == "sentence"
    assert found["s-0-0"].text == "The bridge closed on Monday."
    assert found["s-0-1"].text == "Traffic was diverted."
    assert found["s-1-0"].text == "Queues at the tunnel"  # the subheading
    assert found["s-2-2"].text == "Buses ran late."
    assert found["s-4-0"].text == "We will not take chances."
    assert found["s-5-0"].text == "Chief engineer"
    # Every sentence of the text can be reached.
    assert body.anchors == {s.id for s in split_sentences(TEXT)}
    assert set(found) == body.anchors


def test_a_sentence_across_inline_markup_marks_its_block() -> None:
    found = _by_id(anchor_sentences(HTML, TEXT).html)
    # "The tunnel operator suspended tolls." runs across a link: its <p> gets the id.
    assert found["s-2-1"].tag == "p"
    assert "tunnel operator" in found["s-2-1"].text_content()
    # The link and the other sentences of that paragraph are intact.
    assert found["s-2-1"].xpath(".//a/@href") == ["https://pub.example/x"]
    assert found["s-2-0"].text == "Drivers waited for an hour."


def test_list_items_joined_into_one_paragraph_are_found() -> None:
    found = _by_id(anchor_sentences(HTML, TEXT).html)
    assert found["s-3-0"].text == "Ferries ran every ten minutes."
    assert found["s-3-0"].getparent().tag == "li"


def test_text_is_kept_and_the_visible_text_does_not_change() -> None:
    before = _doc(HTML).text_content()
    after = anchor_sentences(HTML, TEXT).html
    assert _doc(after).text_content() == before
    assert "<img" in after and "<figcaption>Queues at dusk</figcaption>" in after


def test_markup_in_text_is_escaped_never_injected() -> None:
    html = "<p>Officials said &lt;script&gt;alert(1)&lt;/script&gt; was a typo. Then left.</p>"
    text = "Officials said <script>alert(1)</script> was a typo. Then left."
    body = anchor_sentences(html, text)
    assert "<script>" not in body.html
    assert "&lt;script&gt;" in body.html
    assert _by_id(body.html)["s-0-1"].text == "Then left."


def test_the_cited_sentence_gets_the_block_when_only_one_can() -> None:
    html = "<p><em>Rain</em> fell all day. <em>Wind</em> rose at night.</p>"
    text = "Rain fell all day. Wind rose at night."
    body = anchor_sentences(html, text, first=["s-0-1"])
    found = _by_id(body.html)
    assert found["s-0-1"].tag == "p"
    # The other sentence gets an empty marker at the block's start.
    assert found["s-0-0"].get("class") == "sentence-anchor"
    assert body.anchors == {"s-0-0", "s-0-1"}


def test_paragraphs_without_a_block_get_no_anchor_and_the_rest_stay_aligned() -> None:
    html = "<p>First paragraph here.</p><p>Third paragraph here.</p>"
    text = "First paragraph here.\n\nA paragraph the page lacks.\n\nThird paragraph here."
    body = anchor_sentences(html, text)
    assert body.anchors == {"s-0-0", "s-2-0"}
    assert _by_id(body.html)["s-2-0"].text == "Third paragraph here."


def test_only_limits_the_anchors_and_whitespace_differences_are_tolerated() -> None:
    html = "<p>The   bridge\nclosed.  It will\n reopen in May.</p>"
    text = "The bridge closed. It will reopen in May."
    body = anchor_sentences(html, text, only=["s-0-1"])
    assert body.anchors == {"s-0-1"}
    assert _by_id(body.html)["s-0-1"].text == "It will\n reopen in May."


def test_stray_ids_like_ours_are_removed_and_empty_input_is_passed_through() -> None:
    body = anchor_sentences('<p id="s-0-0">Other words entirely.</p>', "Nothing alike here.")
    assert body.anchors == frozenset() and 'id="s-0-0"' not in body.html
    assert anchor_sentences("", "Some text.").html == ""
    assert anchor_sentences("<p>x</p>", "").html == "<p>x</p>"
