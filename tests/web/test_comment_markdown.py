"""The comments' markdown subset: what it renders, and that no reader HTML survives."""

from __future__ import annotations

import re

import pytest

from tidings.comments.rules import count_links, normalise_body
from tidings.web.comments.comment_markdown import render_comment

REL = 'rel="nofollow ugc noopener"'


@pytest.mark.parametrize(
    ("source", "html"),
    [
        ("Hello", "<p>Hello</p>"),
        ("*soft* and **loud**", "<p><em>soft</em> and <strong>loud</strong></p>"),
        ("a * b * c", "<p>a * b * c</p>"),
        ("one\ntwo\n\nthree", "<p>one<br>two</p><p>three</p>"),
        ("> said\n> more\nreply", "<blockquote><p>said<br>more</p></blockquote><p>reply</p>"),
        ("[the pub](https://pub.example/a?b=1&c=2)",
         f'<p><a href="https://pub.example/a?b=1&amp;c=2" {REL}>the pub</a></p>'),
        ("see https://pub.example/x.", f'<p>see <a href="https://pub.example/x" {REL}>https://pub.example/x</a>.</p>'),
        ("[**big**](http://pub.example)", f'<p><a href="http://pub.example" {REL}><strong>big</strong></a></p>'),
        ("5 < 6 & 7 > 2", "<p>5 &lt; 6 &amp; 7 &gt; 2</p>"),
        ("", ""),
    ],
)  # fmt: skip
def test_renders_the_subset(source: str, html: str) -> None:
    assert render_comment(source) == html


@pytest.mark.parametrize(
    "source",
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "[click](javascript:alert(1))",
        "[click](JaVaScRiPt:alert(1))",
        "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        '[x](https://a.example/"onmouseover="alert(1))',
        "[x](https://a.example/' onmouseover='alert(1))",
        "https://a.example/<svg/onload=alert(1)>",
        "**<b onclick=alert(1)>x</b>**",
        "> <iframe src=javascript:alert(1)>",
        "[x](vbscript:msgbox(1))",
        "[x](//evil.example)",
        "[x](https:evil.example)",
        "java\u0000script:alert(1)",
        "[x](https://evil.example\u202e/gpj.exe)",
    ],
)
def test_no_reader_markup_survives(source: str) -> None:
    html = str(render_comment(source))
    tags = re.findall(r"<\s*/?\s*([a-zA-Z]+)", html)
    assert set(tags) <= {"p", "br", "blockquote", "em", "strong", "a"}, html
    for tag in re.findall(r"<[^>]*>", html):  # event handlers only matter inside a tag
        assert not re.search(r"\bon\w+\s*=", tag), tag
    for href in re.findall(r'href="([^"]*)"', html):
        assert re.match(r"https?://[^/\s]", href), html
    attributes = re.findall(r"<a ([^>]*)>", html)
    for attrs in attributes:
        assert re.fullmatch(r'href="[^"<>]*" rel="nofollow ugc noopener"', attrs), attrs
    assert "\u202e" not in html and "\x00" not in html


def test_links_need_a_host_and_an_http_scheme() -> None:
    assert "<a" not in render_comment("[x](https://)")
    assert "<a" not in render_comment("ftp://files.example/x")
    assert "<a" in render_comment("HTTPS://PUB.EXAMPLE/")


def test_spam_helpers() -> None:
    assert count_links("a https://x.example b http://y.example c www.z.example") == 3
    assert count_links("ｈｔｔｐｓ://fullwidth.example") == 1  # NFKC first
    assert normalise_body("  The BRIDGE,  is closed!! ") == normalise_body("the bridge is closed")
