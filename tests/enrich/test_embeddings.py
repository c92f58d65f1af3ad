"""Sentence embeddings with the packaged all-MiniLM-L6-v2 (loaded once for the module)."""

from __future__ import annotations

import numpy as np
import pytest

from tidings.enrich.embeddings import (
    DEFAULT_MODEL_NAME,
    Embedder,
    EmbeddingError,
    article_text_for_embedding,
)


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
    assert embedder.name == DEFAULT_MODEL_NAME


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
