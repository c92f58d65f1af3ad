"""The story stage of ingest: embed new originals, place them in stories, link related ones.

After extraction, every original article (copies follow theirs) waits in the store with
the state ``extracted``. This stage takes them oldest first, in batches:

1. embeddings of headline and lead, from the English model and (``multilingual`` on, the
   default) the multilingual one, reused from the store when the same text was embedded
   before under the same model (keyed by the text's hash), else computed in one batch;
2. a story from the online clusterer (``stories.cluster``), whose open stories were
   rebuilt from the store when the process started;
3. related articles from the usearch index beside the database (``store.vectors``: the
   multilingual vectors, so articles relate across languages, or the English ones with
   ``multilingual`` off), and the new article offered as related to those it is related to;
4. one transaction storing all of it, and the state ``clustered``;
5. the AI panel's key points and, for an outlet shown in full, the body with its sentences
   anchored (``settings.ai`` on), stored where the article page reads them.

A crash between steps redoes the batch: the clusterer's assignments are idempotent, the
index replaces a key it holds, and the store writes happen together or not at all. A batch
the store refused (the database went away) leaves the clusterer ahead of the store, so the
stage drops it and rebuilds it from the store, as a new process would. The clusterer and
the index live in this process, so one process runs the stage at a time.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import re
import time
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np

from tidings.config import Settings
from tidings.enrich.embeddings import DEFAULT_BACKEND, Embedder, article_text_for_embedding
from tidings.enrich.multilingual import MultilingualEmbedder, multilingual_text
from tidings.enrich.multilingual import available as multilingual_available
from tidings.errors import StoreError, TidingsError
from tidings.models import (
    Article,
    ArticleFacts,
    ArticleState,
    DisplayPolicy,
    Enrichment,
    Story,
    StoryPlacement,
)
from tidings.pipeline.ai_cache import KEEP_OUTPUTS, PRUNE_EVERY
from tidings.pipeline.article_ai import (
    anchored_body_key,
    anchored_body_payload,
    extracted_key_points,
    extracted_key_points_key,
)
from tidings.pipeline.enricher import Enricher
from tidings.store import Repository
from tidings.store.vectors import VectorIndex, vector_from_bytes, vector_to_bytes
from tidings.stories.cluster import ClusterParams, StoryClusterer
from tidings.stories.fit_model import default_fit_model, load_fit_model
from tidings.stories.related import RelatedRules, related_candidates
from tidings.stories.story_docs import StoryDoc, StorySummary

__all__ = [
    "IndexEmbedder",
    "StoryStage",
    "index_embedder",
    "shared_embedder",
    "shared_multilingual",
    "story_doc",
]

log = logging.getLogger(__name__)

BATCH = 64
NEIGHBOURS = 48  # nearest articles looked at for related ones
OFFERS = 12  # articles the new one is offered to as a related article
INDEX_SAVE_SECONDS = 60.0  # the index file is a cache: written at most this often
KNOWN_FACTS = 100_000  # placed articles whose facts are kept in memory (about 20 MB)


@functools.cache
def shared_embedder(
    model: str | None,
    backend: str = DEFAULT_BACKEND,
    cache_dir: Path | None = None,
    threads: int = 0,
) -> Embedder:
    """One embedder (and one loaded model) per model and backend in this process."""
    return Embedder(model, backend=backend, cache_dir=cache_dir, threads=threads)


@functools.cache
def shared_multilingual(threads: int = 0) -> MultilingualEmbedder:
    """One multilingual embedder (and one loaded model) in this process."""
    return MultilingualEmbedder(threads=threads)


IndexEmbedder = Embedder | MultilingualEmbedder


def index_embedder(settings: Settings) -> IndexEmbedder:
    """The model whose vectors the vector index holds (related articles, search by
    meaning): the multilingual one when it is on and installed, else the English one."""
    if settings.multilingual and multilingual_available():
        return shared_multilingual(settings.embedding_threads)
    return shared_embedder(
        settings.embedding_model,
        settings.embedding_backend,
        settings.model_cache_dir,
        settings.embedding_threads,
    )


def story_doc(article: Article) -> StoryDoc:
    """What the clusterer reads of a stored article; its outlet is its source."""
    return StoryDoc(
        id=article.id,
        title=article.title,
        text=article.text or article.summary or "",
        published=article.sort_time or article.published,
        outlet=str(article.source_id),
        language=article.language,
    )


def _text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def _embedding_text(article: Article) -> str:
    return article_text_for_embedding(article.title, article.text or article.summary or "")


def _multilingual_text(article: Article) -> str:
    return multilingual_text(article.title, article.text or article.summary or "")


def _story(summary: StorySummary) -> Story:
    """The stored form of the clusterer's story."""
    return Story(
        id=summary.id,
        title=summary.title,
        first_seen=summary.first_seen,
        last_updated=summary.last_updated,
        article_count=summary.size,
        outlet_count=summary.outlets,
    )


def _utcnow() -> datetime:
    return datetime.now(UTC)


class StoryStage:
    """Places extracted articles in stories and stores their related articles."""

    def __init__(
        self,
        repository: Repository,
        settings: Settings,
        *,
        embedder: Embedder | None = None,
        params: ClusterParams | None = None,
        clock: Callable[[], datetime] = _utcnow,
    ) -> None:
        self.repository = repository
        self.settings = settings
        self.embedder = embedder or shared_embedder(
            settings.embedding_model,
            settings.embedding_backend,
            settings.model_cache_dir,
            settings.embedding_threads,
        )
        self.multilingual = (
            shared_multilingual(settings.embedding_threads)
            if settings.multilingual and multilingual_available()
            else None
        )
        if params is None:
            model = settings.story_model
            params = ClusterParams(
                model=default_fit_model() if model is None else load_fit_model(model)
            )
        self.params = params
        self.rules = RelatedRules(
            limit=settings.related_limit,
            window_days=settings.related_window_days,
            half_life_days=settings.related_half_life_days,
            every_language=self.multilingual is not None,
        )
        self.clock = clock
        self._clusterer: StoryClusterer | None = None
        self._index: VectorIndex | None = None
        self._saved_at = 0.0
        self._known: OrderedDict[str, ArticleFacts] = OrderedDict()
        self.enricher = Enricher(
            repository, self.embedder, self._source_language, self.multilingual
        )
        self._source_languages: dict[int, str | None] = {}
        self._display: dict[int, DisplayPolicy] = {}
        self._outputs = 0  # AI outputs stored since the last pruning

    @property
    def index_model(self) -> IndexEmbedder:
        """The model whose vectors the vector index holds."""
        return self.multilingual or self.embedder

    @property
    def index_path(self) -> Path:
        """Where the vector index file lives: one per model, beside the database."""
        slug = re.sub(r"[^A-Za-z0-9]+", "-", self.index_model.name).strip("-")[-80:]
        return self.settings.data_dir / "vectors" / f"{slug or 'model'}.usearch"

    def warm_up(self) -> int:
        """Load the model, the vector index and the open stories now (0 articles placed)."""
        self._ready(self.clock())
        return 0

    def run(self, *, batch_size: int = BATCH) -> int:
        """Place every article waiting for a story; return how many were placed."""
        placed = 0
        while True:
            batch = self.repository.stories.articles_to_cluster(limit=batch_size)
            if not batch:
                break
            self.place(batch)
            placed += len(batch)
            if len(batch) < batch_size:
                break
        self.save_index(force=False)
        return placed

    def place(self, batch: Sequence[Article]) -> list[StoryPlacement]:
        """Embed, cluster, enrich and link ``batch`` (oldest first) and store the result.

        Stories first, then language, category and hashtags (hashtags read the story),
        then related articles (the last top-up reads the category). When the store fails
        half way, the open stories and the index are rebuilt from it for the next batch:
        placed again, the batch must not find its own assignments (a merge among them
        would never reach the store)."""
        try:
            return self._place(batch)
        except TidingsError:  # what callers catch and try again after
            self._clusterer, self._index = None, None
            self._known.clear()
            raise

    def _place(self, batch: Sequence[Article]) -> list[StoryPlacement]:
        now = self.clock()
        clusterer, index = self._ready(now)
        vectors = self._vectors(batch)
        others = self._multilingual_vectors(batch)
        placed = [
            self._assign(article, vectors[article.id], others.get(article.id), clusterer)
            for article in batch
        ]
        found = self.enricher.enrich(
            batch, vectors, {a.id: p.story.id for a, p in zip(batch, placed, strict=True)}
        )
        placements = []
        for article, placement in zip(batch, placed, strict=True):
            enrichment = found.get(article.id)
            indexed = others.get(article.id) if self.multilingual is not None else None
            related, offers = self._related(
                article,
                vectors[article.id] if indexed is None else indexed,
                placement,
                enrichment.category if enrichment else None,
                now,
                clusterer,
                index,
            )
            placements.append(
                replace(placement, related=related, offers=offers, enrichment=enrichment)
            )
        self.repository.stories.save_placements(
            placements, now=now, related_limit=self.rules.limit, per_outlet=self.rules.per_outlet
        )
        self._key_points(batch, found, now)
        return placements

    def _key_points(
        self, batch: Sequence[Article], found: Mapping[str, Enrichment], now: datetime
    ) -> None:
        """The AI panel's key points of each article, and the body with its sentences
        anchored when the page shows it in full: made once here, where the article's text
        and (just stored) language are at hand, so that no page view makes them (the page
        reads them under the same keys). What is not kept is made on the first view."""
        if not self.settings.ai:
            return
        outputs = []
        cited: dict[str, list[str]] = {}
        for article in batch:
            if not (article.text or "").strip():
                continue  # the panel shows nothing for an article without text
            enrichment = found.get(article.id)
            if enrichment is not None:
                article = replace(article, language=enrichment.language)
            try:
                payload = extracted_key_points(article, now=now)
            except Exception:  # the page makes them on its first view instead
                log.exception("key points of %s not made at ingest", article.id)
                continue
            outputs.append((extracted_key_points_key(article), payload))
            if self._shown_in_full(article.source_id):
                cited[article.id] = [p["sentence_id"] for p in payload["points"]]
        try:
            for article in self.repository.articles.articles_by_ids(list(cited)):
                if article.html and article.state is not ArticleState.FAILED:
                    points = cited[article.id]
                    try:
                        body = anchored_body_payload(article, points)
                    except Exception:  # the page anchors it on each view instead
                        log.exception("anchored body of %s not made at ingest", article.id)
                        continue
                    outputs.append((anchored_body_key(article, points), body))
            self.repository.articles.save_ai_outputs(outputs, now=now)
            self._outputs += len(outputs)
            if self._outputs >= PRUNE_EVERY:  # as the web's cache does: old ones go
                self._outputs = 0
                self.repository.articles.prune_ai_outputs(now - KEEP_OUTPUTS)
        except StoreError as exc:
            log.warning("AI outputs of %d articles not kept: %s", len(batch), exc)

    def _shown_in_full(self, source_id: int) -> bool:
        """Whether the outlet's articles are shown in full (their bodies, anchored)."""
        self._source_language(source_id)  # loads the sources
        return self._display.get(source_id) is DisplayPolicy.FULL

    def _assign(
        self,
        article: Article,
        vector: np.ndarray,
        other: np.ndarray | None,
        clusterer: StoryClusterer,
    ) -> StoryPlacement:
        """The article's story, as a placement with no related articles yet."""
        assignment = clusterer.assign(story_doc(article), vector, other)
        # A split moves articles placed before (this batch's too) between two stories: both
        # are stored whole, with every article's id.
        regrouped = tuple(
            (_story(summary), summary.members)
            for summary in map(clusterer.summary, assignment.regrouped)
        )
        return StoryPlacement(
            article_id=article.id,
            story=_story(clusterer.summary(assignment.story_id)),
            merged=tuple(assignment.merged),
            regrouped=regrouped,
        )

    def _related(
        self,
        article: Article,
        indexed: np.ndarray,
        placement: StoryPlacement,
        category: str | None,
        now: datetime,
        clusterer: StoryClusterer,
        index: VectorIndex,
    ) -> tuple[tuple[tuple[str, float], ...], tuple[tuple[str, float], ...]]:
        """The article's related articles, and those it is offered to, from the index."""
        neighbours = index.search(indexed, NEIGHBOURS)
        index.add(article.id, indexed)
        facts = self._facts([other for other, _ in neighbours], clusterer)
        story_id = clusterer.story_of(article.id) or placement.story.id
        self._known[article.id] = ArticleFacts(
            article.id,
            article.source_id,
            article.sort_time or now,
            story_id,
            None,
            article.language,
            category,
        )
        while len(self._known) > KNOWN_FACTS:
            self._known.popitem(last=False)
        candidates = related_candidates(
            article.id,
            article.sort_time or now,
            neighbours,
            facts,
            same_story={placement.story.id, story_id, *placement.merged},
            rules=self.rules,
            language=article.language,
            category=category,
        )
        related, offers = candidates.chosen(self.rules), candidates.offers(OFFERS)
        return tuple(related), tuple(offers)

    def _source_language(self, source_id: int) -> str | None:
        if source_id not in self._source_languages:
            sources = self.repository.sources.list_sources(with_counts=False)
            self._source_languages = {s.id: s.language for s in sources}
            self._display = {s.id: s.display_policy for s in sources}
        return self._source_languages.get(source_id)

    def _facts(self, ids: list[str], clusterer: StoryClusterer) -> dict[str, ArticleFacts]:
        """What choosing related articles needs of the neighbours: from memory for the
        articles this stage placed (most neighbours are recent), else from the store. The
        story comes from the clusterer while it knows the article (the store may not have
        this batch yet, and merges move articles between stories)."""
        facts = {i: self._known[i] for i in ids if i in self._known}
        missing = [i for i in ids if i not in facts]
        if missing:
            facts.update(self.repository.stories.article_facts(missing))
        for other, fact in facts.items():
            story = clusterer.story_of(other)
            if story is not None and story != fact.story_id:
                facts[other] = replace(fact, story_id=story)
        return facts

    # -- state: the clusterer's open stories and the vector index -------------------------------

    def _ready(self, now: datetime) -> tuple[StoryClusterer, VectorIndex]:
        if self._clusterer is None or self._index is None:
            started = time.perf_counter()
            model = self.index_model
            index = VectorIndex.open(
                model.dim, self.index_path, self.repository.articles.stored_vectors(model.name)
            )
            clusterer = StoryClusterer(
                self.embedder,
                multilingual=self.multilingual,
                params=self.params,
                forget_closed=True,
            )
            members = self.repository.stories.clustered_since(
                now - timedelta(days=self.params.window_days)
            )
            vectors = self._vectors(members, store=False)
            others = self._multilingual_vectors(members, store=False)
            for article in members:
                if article.story_id is not None:
                    clusterer.restore(
                        story_doc(article),
                        vectors[article.id],
                        article.story_id,
                        others.get(article.id),
                    )
            self._clusterer, self._index = clusterer, index
            log.info(
                "stories: %d open-window articles restored, %d vectors indexed in %.1f s",
                len(members),
                len(index),
                time.perf_counter() - started,
            )
        return self._clusterer, self._index

    def _vectors(self, batch: Sequence[Article], *, store: bool = True) -> dict[str, np.ndarray]:
        """Each article's English embedding: stored for its text under this model, or
        computed."""
        return self._embedded(batch, self.embedder, _embedding_text, store=store)

    def _multilingual_vectors(
        self, batch: Sequence[Article], *, store: bool = True
    ) -> dict[str, np.ndarray]:
        """Each article's multilingual embedding (none with the model off)."""
        if self.multilingual is None:
            return {}
        return self._embedded(batch, self.multilingual, _multilingual_text, store=store)

    def _embedded(
        self,
        batch: Sequence[Article],
        embedder: IndexEmbedder,
        text_of: Callable[[Article], str],
        *,
        store: bool,
    ) -> dict[str, np.ndarray]:
        model = embedder.name
        texts = {article.id: text_of(article) for article in batch}
        hashes = {article_id: _text_hash(text) for article_id, text in texts.items()}
        cached = self.repository.stories.vectors_for_texts(model, list(hashes.values()))
        missing = sorted({hashes[a]: texts[a] for a in texts if hashes[a] not in cached}.items())
        if missing:
            computed = embedder.embed([text for _, text in missing])
            for (text_hash, _), vector in zip(missing, computed, strict=True):
                cached[text_hash] = vector_to_bytes(vector)
        if store:
            rows = [(a, hashes[a], cached[hashes[a]]) for a in texts]
            self.repository.stories.save_vectors(model, rows)
        return {article_id: vector_from_bytes(cached[hashes[article_id]]) for article_id in texts}

    def save_index(self, *, force: bool = True) -> None:
        """Write the vector index file (it is rebuilt from the store when out of step)."""
        if self._index is None:
            return
        if force or time.monotonic() - self._saved_at >= INDEX_SAVE_SECONDS:
            self._index.save()
            self._saved_at = time.monotonic()
