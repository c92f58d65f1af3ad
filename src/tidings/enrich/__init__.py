"""Enrichment: what Tidings adds to an extracted article (embeddings, entities, keyphrases)."""

from tidings.enrich.embeddings import Embedder, EmbeddingError, article_text_for_embedding
from tidings.enrich.entities import Mentions, extract_mentions

__all__ = [
    "Embedder",
    "EmbeddingError",
    "Mentions",
    "article_text_for_embedding",
    "extract_mentions",
]
