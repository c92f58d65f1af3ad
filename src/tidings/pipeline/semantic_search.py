"""Search by meaning: a query's embedding against the vector index the story stage keeps.

When a reader's words match few articles, the articles nearest in meaning (cosine
similarity of the same sentence embeddings ingest stores: headline and lead) are offered
in a second, labelled block of the search page: near the query's own vector, and near
the vectors of the best articles the words did find, so that "storm" also brings the
German and French reports of the storm its English hits are about.

Where the vectors come from is ``TIDINGS_VECTOR_INDEX``. ``file``: the index file the
story stage writes beside the database (``store.vectors``), opened read-only as a
memory-mapped view and reopened when ingest has saved a newer one (one machine).
``store``: an index of this process's own, read from the stored vectors at start and kept
current (``pipeline.vector_mirror``; a web machine where no story stage runs). ``auto``:
the file on SQLite when it exists, else the store. The model is the one ingest uses
(same settings, one instance per process: ``pipeline.story_stage.shared_embedder``),
loaded on the first query that needs it.

With stories off (no embeddings are made), before ingest has written an index or this
process has read the stored vectors, or when
the model cannot load, nothing is loaded and nothing is found: the page shows its
full-text results alone, without waiting and without an error.
"""

from __future__ import annotations

import contextlib
import importlib
import logging
import re
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from tidings.config import Settings
from tidings.enrich.multilingual import MULTILINGUAL_MODEL_NAME
from tidings.errors import TidingsError
from tidings.pipeline.vector_mirror import StoredVectors, VectorMirror
from tidings.stories.related import RelatedRules

if TYPE_CHECKING:
    from tidings.pipeline.story_stage import IndexEmbedder

__all__ = ["NEIGHBOURS", "SemanticSearch", "close_enough", "index_path"]

log = logging.getLogger(__name__)

NEIGHBOURS = 100  # nearest articles looked at before the filters
RECHECK_SECONDS = 30.0  # how often the index file is looked at for a newer save
# A few words against a headline and lead: all-MiniLM-L6-v2 gives an article on the
# query's subject, worded otherwise, 0.35-0.6, and unrelated news 0.0-0.2 (measured on the
# demo publisher's articles, tests/web/test_semantic_search.py). Articles in languages the
# model was not trained on sit close to everything and need far more, as in related
# articles (``stories.related``). The multilingual model (the index's, by default) gives
# an article on the subject 0.26-0.46 in any language ("tremblement de terre" against an
# English earthquake report: 0.26) and unrelated news at most 0.13.
MIN_SIMILARITY = 0.3
FOREIGN_MIN_SIMILARITY = 0.65
# The multilingual model, a query of a few words against a headline and lead, measured on
# ../shared/data/clustering-dev (docs/architecture.md, Search): at 0.20 precision is 0.90 on
# news-search-msv's seven queries against their results (recall 0.77) and 0.99 on
# MEANTIME's four topic names against their articles in English, Spanish, Italian and
# Dutch (recall 0.74); the best F1 lies at 0.14-0.17, with precision 0.89-0.95.
MULTILINGUAL_MIN_SIMILARITY = 0.20
# Articles like the best full-text hits (the mean of their vectors, multilingual model):
# at 0.55 ECB+'s articles on one subject against other subjects give precision 0.92
# (recall 0.58), and every MEANTIME article finds all its translations (lowest 0.48;
# other subjects at most 0.47).
LIKE_MIN_SIMILARITY = 0.55
_RULES = RelatedRules()
_HEX16 = re.compile(r"[0-9a-f]{16}")


def index_path(settings: Settings, model_name: str) -> Path:
    """Where the story stage keeps the vector index of ``model_name`` (one per model)."""
    slug = re.sub(r"[^A-Za-z0-9]+", "-", model_name).strip("-")[-80:]
    return settings.data_dir / "vectors" / f"{slug or 'model'}.usearch"


def close_enough(similarity: float, language: str | None, *, multilingual: bool = False) -> bool:
    """Whether an article this similar to a query, in ``language``, is worth showing;
    ``multilingual``: the similarity is the multilingual model's."""
    if multilingual:
        return similarity >= MULTILINGUAL_MIN_SIMILARITY
    floor = MIN_SIMILARITY if _RULES.readable(language) else FOREIGN_MIN_SIMILARITY
    return similarity >= floor


class SemanticSearch:
    """Nearest articles to a text; empty while embeddings are off or no index exists."""

    def __init__(
        self,
        settings: Settings,
        *,
        embedder: IndexEmbedder | None = None,
        clock: Callable[[], float] = time.monotonic,
        store: StoredVectors | None = None,
    ) -> None:
        self._settings = settings
        self._embedder = embedder
        self._clock = clock
        self._store = store
        self._mirror: VectorMirror | None = None
        self._started = False
        self._lock = threading.Lock()
        self._index: Any = None
        self._stamp: tuple[int, int] | None = None  # the loaded file's (mtime, size)
        self._checked_at = -RECHECK_SECONDS
        self._broken = False

    def _model(self) -> IndexEmbedder:
        if self._embedder is None:
            from tidings.pipeline.story_stage import index_embedder

            self._embedder = index_embedder(self._settings)
        return self._embedder

    @property
    def multilingual(self) -> bool:
        """Whether the index holds the multilingual model's vectors."""
        return self._model().name == MULTILINGUAL_MODEL_NAME

    def close_enough(self, similarity: float, language: str | None) -> bool:
        """Whether an article this similar to a query is worth showing."""
        return close_enough(similarity, language, multilingual=self.multilingual)

    def start(self) -> None:
        """Choose where the vectors come from; with the store, start reading them on a
        thread (returns at once; nothing is found until they are read)."""
        if self._started or not self._settings.stories:
            return
        self._started = True
        if self._store is None or not self._from_store():
            return
        self._mirror = VectorMirror(
            self._store,
            self._model().name,
            refresh_seconds=self._settings.vector_refresh_seconds,
        )
        self._mirror.start()

    def _from_store(self) -> bool:
        chosen = self._settings.vector_index
        if chosen != "auto":
            return chosen == "store"
        sqlite = self._settings.sqlalchemy_url.startswith("sqlite")
        return not (sqlite and index_path(self._settings, self._model().name).is_file())

    @property
    def mirror(self) -> VectorMirror | None:
        """This process's own index read from the store (None: the file is used)."""
        return self._mirror

    def close(self) -> None:
        """Stop reading new vectors from the store."""
        if self._mirror is not None:
            self._mirror.close()

    def enabled(self) -> bool:
        """Whether a search by meaning can run now: embeddings on, an index ready."""
        if not self._settings.stories or self._broken:
            return False
        self.start()
        if self._mirror is not None:
            return self._mirror.index is not None
        return index_path(self._settings, self._model().name).is_file()

    def nearest(
        self, text: str, k: int = NEIGHBOURS, *, like: Sequence[str] = ()
    ) -> list[tuple[str, float]]:
        """Up to ``k`` ``(article id prefix, score)`` pairs, best first, above the model's
        floor; empty when search by meaning is unavailable.

        The score is the cosine similarity to the query. With the multilingual index,
        ``like`` (ids of the best full-text hits) adds the articles whose vectors are near
        the mean of theirs, in any language, at ``LIKE_MIN_SIMILARITY`` or more; such an
        article's score is that similarity moved down to the query's scale (the floors
        made equal), when higher than its own.
        """
        words = " ".join(text.split())[:500]
        if not words or k <= 0 or not self.enabled():
            return []
        index = self._current_index()
        if index is None:
            return []
        try:
            vector = self._model().embed([words])[0]
        except TidingsError as exc:
            log.warning("search by meaning is off: the embedding model failed (%s)", exc)
            self._broken = True
            return []
        floor = MULTILINGUAL_MIN_SIMILARITY if self.multilingual else MIN_SIMILARITY
        held = self._mirror.locked() if self._mirror is not None else contextlib.nullcontext()
        with held:  # no refresh changes this process's own index meanwhile
            if vector.shape[0] != index.ndim or not len(index):
                return []
            scores = _above(index, vector, k, floor, 0.0)
            centre = _centre(index, like) if self.multilingual and like else None
            if centre is not None:
                shift = LIKE_MIN_SIMILARITY - floor
                for key, score in _above(index, centre, k, LIKE_MIN_SIMILARITY, shift).items():
                    scores[key] = max(score, scores.get(key, -1.0))
        ranked = sorted(scores.items(), key=lambda pair: (-pair[1], pair[0]))[:k]
        return [(f"{key:016x}", score) for key, score in ranked]

    def _current_index(self) -> Any:
        """The index view, reopened when the file changed (looked at every
        ``RECHECK_SECONDS`` at most), or this process's own index read from the store;
        None when there is none or it cannot be read."""
        if self._mirror is not None:
            return self._mirror.index
        with self._lock:
            moment = self._clock()
            if self._index is not None and moment - self._checked_at < RECHECK_SECONDS:
                return self._index
            self._checked_at = moment
            path = index_path(self._settings, self._model().name)
            try:
                stat = path.stat()
            except OSError:
                self._index, self._stamp = None, None
                return None
            stamp = (stat.st_mtime_ns, stat.st_size)
            if stamp != self._stamp:
                self._index, self._stamp = _open_view(path), stamp
            return self._index


def _above(index: Any, vector: Any, k: int, floor: float, shift: float) -> dict[int, float]:
    """The index's nearest keys to ``vector`` at ``floor`` or more, scored less ``shift``."""
    found = index.search(np.asarray(vector, dtype=np.float32), min(k, len(index)))
    return {
        int(key): 1.0 - float(distance) - shift
        for key, distance in zip(found.keys, found.distances, strict=True)
        if 1.0 - float(distance) >= floor
    }


def _centre(index: Any, article_ids: Sequence[str]) -> Any:
    """The mean direction of these articles' stored vectors; None when none is indexed."""
    keys = [int(a[:16], 16) for a in article_ids if _HEX16.match(a)]
    vectors = [v for v in (index.get(key) for key in keys) if v is not None]
    if not vectors:
        return None
    unit = [np.asarray(v, dtype=np.float32).ravel() for v in vectors]
    mean = np.mean([v / (np.linalg.norm(v) or 1.0) for v in unit], axis=0)
    norm = float(np.linalg.norm(mean))
    return mean / norm if norm > 0 else None


def _open_view(path: Path) -> Any:
    # onnxruntime must load before usearch (see store.vectors), which importing it does.
    importlib.import_module("tidings.store.vectors")
    from usearch.index import Index

    try:
        return Index.restore(str(path), view=True)
    except (RuntimeError, ValueError, OSError) as exc:
        log.warning("search by meaning: vector index %s is unreadable (%s)", path, exc)
        return None
