"""An article as the reader apps receive it: one serialisation the APIs share.

The HTML is what the site shows: the body sanitised at ingest (nh3) with the lead figure
before it, or, for a source whose display policy is "excerpt", the first paragraphs as
escaped text and a link to the publisher (its name as the link text). Nothing the
publisher did not allow leaves through the API either.
"""

from __future__ import annotations

from datetime import datetime
from html import escape

from tidings.accounts.reader_state import ReaderItem
from tidings.models import ArticleState, DisplayPolicy, Image

__all__ = ["EXCERPT_PARAGRAPHS", "item_author", "item_html", "seconds"]

EXCERPT_PARAGRAPHS = 2  # as the article page shows an excerpt


def seconds(moment: datetime | None) -> int:
    """Whole seconds since 1970 (0 for no time)."""
    return 0 if moment is None else int(moment.timestamp())


def item_author(item: ReaderItem) -> str:
    """The article's authors, comma separated ("" when none is known)."""
    return ", ".join(item.article.authors)


def _figure(image: Image) -> str:
    size = ""
    if image.width and image.height:
        size = f' width="{image.width}" height="{image.height}"'
    img = f'<img src="{escape(image.url)}" alt="{escape(image.alt or "")}"{size}>'
    words = " ".join(p for p in (image.caption, image.credit) if p)
    caption = f"<figcaption>{escape(words)}</figcaption>" if words else ""
    return f"<figure>{img}{caption}</figure>"


def item_html(item: ReaderItem) -> str:
    """The body an app shows, honouring the source's display policy."""
    article = item.article
    lead = _figure(article.lead_image) if article.lead_image is not None else ""
    full = article.state is not ArticleState.FAILED and bool(article.html)
    if item.display_policy is DisplayPolicy.FULL and full and article.html:
        if article.lead_image is not None and article.lead_image.url in article.html:
            lead = ""  # the body shows it already
        return lead + article.html
    if article.text:
        paragraphs = article.text.split("\n\n")[:EXCERPT_PARAGRAPHS]
    else:
        paragraphs = [article.summary] if article.summary else []
    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs if p.strip())
    link = f'<p><a href="{escape(article.url)}">{escape(item.source_title)}</a></p>'
    return lead + body + link
