"""Article extraction: a pure stage from a fetched page to an ExtractedArticle.

    extract_article(html, url)  body text and sanitised HTML, metadata, lead image, figures
    sanitize_html(html, base)   the allowlist every stored HTML fragment goes through

Inside: ``charset`` decodes bytes; ``jsonld`` and ``metadata`` read what the publisher
declares; ``body`` runs trafilatura and ``cleanup`` trims what it keeps around the text;
``figures``, ``credits`` and ``placement`` put pictures with captions and credits back
in; ``resolve`` picks each field by precedence; ``sanitize`` cleans the HTML.
"""

from tidings.extract.article import extract_article
from tidings.extract.sanitize import sanitize_html

__all__ = ["extract_article", "sanitize_html"]
