"""The stored-HTML allowlist."""

from __future__ import annotations

import pytest

from tidings.extract import sanitize_html

BASE = "https://news.example/world/story.html"


def test_links_are_absolute_and_nofollow() -> None:
    assert sanitize_html('<p><a href="../about" title="t">About</a></p>', BASE) == (
        '<p><a href="https://news.example/about" rel="nofollow noopener noreferrer">About</a></p>'
    )


def test_images_keep_only_safe_attributes() -> None:
    html = sanitize_html(
        '<img src="//cdn.example/a.jpg" alt="A" width="640" height="auto" class="x" '
        'onerror="alert(1)" srcset="b.jpg 2x" style="border:0">',
        BASE,
    )
    assert html == '<img src="https://cdn.example/a.jpg" alt="A" width="640" loading="lazy">'


@pytest.mark.parametrize(
    "markup",
    [
        '<img src="data:image/png;base64,AAAA">',
        '<img src="javascript:alert(1)">',
        '<img src="mailto:a@b.example">',
        "<img>",
    ],
)
def test_images_without_a_safe_source_are_dropped(markup: str) -> None:
    assert sanitize_html(f"<p>x{markup}</p>", BASE) == "<p>x</p>"


@pytest.mark.parametrize(
    "markup",
    [
        "<script>alert(1)</script>",
        "<style>p{}</style>",
        '<iframe src="https://video.example/x">fallback</iframe>',
        "<form><input name=q><button>Go</button></form>",
        "<noscript>old</noscript>",
        "<svg><text>t</text></svg>",
    ],
)
def test_active_content_goes_with_its_text(markup: str) -> None:
    assert sanitize_html(f"<p>keep</p>{markup}", BASE) == "<p>keep</p>"


def test_dangerous_links_lose_the_link_not_the_text() -> None:
    assert sanitize_html(
        '<p><a href="javascript:alert(1)">x</a> <a href="data:,y">y</a></p>', BASE
    ) == ("<p>x y</p>")


def test_allowlist_keeps_structure() -> None:
    html = (
        "<h2>H</h2><h3>S</h3><ul><li><em>a</em></li></ul><ol start='3'><li><strong>b</strong></li></ol>"
        "<blockquote><p>q <cite>c</cite></p></blockquote>"
        "<figure><img src='https://x.example/a.jpg'><figcaption>Cap <small>Cred</small></figcaption></figure>"
        "<table><thead><tr><th colspan='2'>h</th></tr></thead><tbody><tr><td>1</td><td>2</td></tr></tbody></table>"
    )
    cleaned = sanitize_html(html, BASE)
    for fragment in ("<h2>H</h2>", "<h3>S</h3>", "<em>a</em>", '<ol start="3">', "<cite>c</cite>",
                     "<small>Cred</small>", '<th colspan="2">h</th>', "<td>1</td>"):  # fmt: skip
        assert fragment in cleaned


def test_unknown_tags_are_unwrapped_and_attributes_dropped() -> None:
    assert (
        sanitize_html(
            '<div class="x" id="y"><h1>Big</h1><p style="color:red" onclick="x()">t</p><span class="s">u</span></div>',
            BASE,
        )
        == "Big<p>t</p><span>u</span>"
    )


def test_empty_blocks_go() -> None:
    assert sanitize_html("<p> </p><p><img src='x.gif' width='x'></p><p>t</p>", BASE).endswith(
        "<p>t</p>"
    )
    assert sanitize_html("<p><span></span></p><p>t</p>", BASE) == "<p>t</p>"
