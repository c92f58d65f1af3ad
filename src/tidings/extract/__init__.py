"""Article extraction: a pure stage from a fetched page to an ExtractedArticle.

    extract_article(html, url)  body text and sanitised HTML, metadata, lead image, figures
    sanitize_html(html, base)   the allowlist every stored HTML fragment goes through

Inside: ``charset`` decodes bytes; ``jsonld`` and ``metadata`` read what the publisher
declares. The body comes from one walk over the parsed page: ``blocks`` reads it as text
blocks (``marks`` says which elements are furniture), ``container`` finds the element(s)
holding the article, ``prose`` keeps the blocks that read as the article, ``compose``
builds the body tree and ``cleanup`` trims headline, byline and furniture lines; ``body``
runs trafilatura only for pages where that finds nothing. ``figures``, ``credits`` and
``placement`` put pictures with captions and credits back in; ``resolve`` picks each
field by precedence; ``sanitize`` cleans the HTML. ``mt_notice`` (with the phrases in
``mt_words``) reads whether the publisher says it machine-translated the article.
"""

from tidings.extract.article import extract_article
from tidings.extract.sanitize import sanitize_html

__all__ = ["extract_article", "sanitize_html"]
