"""Comment markdown: any text renders to the few tags the renderer makes itself."""

from __future__ import annotations

from fuzz.html_checks import HtmlRules, check_html
from tidings.web.comments.comment_markdown import render_comment

COMMENT_HTML = HtmlRules(
    tags=frozenset({"p", "br", "blockquote", "em", "strong", "a"}),
    attributes={"a": frozenset({"href", "rel"})},
    schemes=frozenset({"http", "https"}),
)


def fuzz_one(data: bytes) -> None:
    """Render ``data`` read as UTF-8 (as a submitted form is) and check the HTML."""
    check_html(str(render_comment(data.decode("utf-8", "replace"))), COMMENT_HTML)
