"""The enrich step of the story stage: language, category and hashtags of placed articles.

It runs where the story stage already has what it needs: the article's text, its vector
(the category classifier reuses it as one of its two embeddings) and its story (a
bare surname becomes the full name the story's other articles use). Results are saved with
the placement, in the same transaction. State kept in memory: the known hashtags (slug to
display, loaded once from the store, then extended) and the hashtags of recent stories.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence

import numpy as np

from tidings.enrich.categories import CategoryGuess, CategoryInput, categorize_many
from tidings.enrich.categories_model import CategoryClassifier
from tidings.enrich.embeddings import Embedder
from tidings.enrich.hashtags import HashtagCanon, extract_hashtags
from tidings.enrich.language import choose_language
from tidings.enrich.multilingual import MultilingualEmbedder
from tidings.models import Article, Enrichment
from tidings.store import Repository

__all__ = ["Enricher"]

KNOWN_TAGS = 50_000  # most used hashtags loaded for canonical spellings (about 5 MB)
STORY_TAGS = 20_000  # stories whose hashtags stay in memory


class Enricher:
    """Language, category and hashtags for a batch of articles placed in stories."""

    def __init__(
        self,
        repository: Repository,
        embedder: Embedder,
        source_language: Callable[[int], str | None],
        multilingual: MultilingualEmbedder | None = None,
    ) -> None:
        self.repository = repository
        self.classifier = CategoryClassifier.for_story_embedder(embedder, multilingual)
        self.source_language = source_language
        self._known: dict[str, str] | None = None
        self._stories: OrderedDict[str, list[str]] = OrderedDict()

    def enrich(
        self,
        batch: Sequence[Article],
        vectors: Mapping[str, np.ndarray],
        story_of: Mapping[str, str],
    ) -> dict[str, Enrichment]:
        """What each article of ``batch`` is: ``vectors`` and ``story_of`` by article id."""
        known = self._known_tags()
        self._load_stories([story_of[a.id] for a in batch if a.id in story_of])
        languages = [
            choose_language(
                a.language,
                a.title,
                a.text or a.summary or "",
                self.source_language(a.source_id),
            )
            for a in batch
        ]
        categories = self._categories(batch, [d.code for d in languages], vectors)
        found: dict[str, Enrichment] = {}
        for article, language, category in zip(batch, languages, categories, strict=True):
            text = article.text or article.summary or ""
            story_id = story_of.get(article.id)
            story_tags = self._stories.get(story_id, []) if story_id else []
            tags = extract_hashtags(
                article.title,
                text,
                article.keywords,
                language.code,
                canon=HashtagCanon(known, story_tags),
            )
            for tag in tags:
                known.setdefault(tag.slug, tag.display)
                if story_id is not None and tag.display not in story_tags:
                    self._stories.setdefault(story_id, story_tags).append(tag.display)
            found[article.id] = Enrichment(
                language=language.code,
                language_how=language.source.value,
                category=category.slug if category else None,
                category_how=category.how if category else None,
                tags=tuple((t.slug, t.display, round(t.score, 3)) for t in tags),
            )
        return found

    def _categories(
        self,
        batch: Sequence[Article],
        languages: Sequence[str | None],
        vectors: Mapping[str, np.ndarray],
    ) -> list[CategoryGuess | None]:
        """The publisher's word, else the classifier, for articles in a language it reads
        (``tidings categorize`` calls the same ``categorize_many``)."""
        items = [
            CategoryInput(
                title=a.title,
                text=a.text or a.summary or "",
                section=a.section,
                feed_categories=a.keywords,
                article_type=a.article_type,
                language=language,
            )
            for a, language in zip(batch, languages, strict=True)
        ]
        rows = np.stack([vectors[a.id] for a in batch]) if batch else None
        return categorize_many(items, self.classifier, rows)

    def _known_tags(self) -> dict[str, str]:
        if self._known is None:
            self._known = self.repository.stories.known_tags(limit=KNOWN_TAGS)
        return self._known

    def _load_stories(self, story_ids: Sequence[str]) -> None:
        missing = [s for s in dict.fromkeys(story_ids) if s not in self._stories]
        if missing:
            self._stories.update(self.repository.stories.story_tags(missing))
        for story_id in story_ids:
            if story_id in self._stories:
                self._stories.move_to_end(story_id)
        while len(self._stories) > STORY_TAGS:
            self._stories.popitem(last=False)
