"""Enrichment cost per article: language, category and hashtags, as the story stage runs them.

The articles are the bulk publisher's (``bulk_publisher.build_site``: text recombined from our
fixtures, ten outlets), extracted from their pages as ingest extracts them. Their story
vectors are computed before the clock starts (the stage has them already: it embeds for
clustering), so what is timed is what enrichment adds: ``Enricher.enrich`` over batches of
64 (the stage's batch), each article in a story of its own and the known-tag table filling
as it goes. Each part is also timed alone on the same articles. Issue #5 asks for the cost
per article to be reported.

    .venv/bin/python benchmarks/enrich_speed.py
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
from tidings.enrich.categories import CategoryInput, categorize_many  # noqa: E402
from tidings.enrich.categories_model import CategoryClassifier  # noqa: E402
from tidings.enrich.embeddings import Embedder, article_text_for_embedding  # noqa: E402
from tidings.enrich.hashtags import HashtagCanon, extract_hashtags  # noqa: E402
from tidings.enrich.language import choose_language  # noqa: E402
from tidings.models import Article, ArticleState  # noqa: E402
from tidings.pipeline import extract_page  # noqa: E402
from tidings.pipeline.enricher import Enricher  # noqa: E402

ARTICLES = int(os.environ.get("BENCH_ENRICH_ARTICLES", "1000"))
BATCH = 64


class _NoStore:
    """What ``Enricher`` reads from the store, empty: a fresh site."""

    def known_tags(self, *, limit: int) -> dict[str, str]:
        return {}

    def story_tags(self, story_ids: object) -> dict[str, list[str]]:
        return {}


def articles(count: int = ARTICLES) -> list[Article]:
    """``count`` bulk articles, extracted from their pages."""
    site = build_site("http://127.0.0.1:1", outlets=10, per_outlet=max(1, count // 10 + 1))
    out = []
    for number, bulk in enumerate(site.articles[:count]):
        url = "http://127.0.0.1" + bulk.path
        page = extract_page(site.bodies[bulk.path], url, charset="utf-8")
        out.append(
            Article(
                id=f"{number:032x}",
                source_id=1 + number % 10,
                url=url,
                title=page.title or bulk.title,
                state=ArticleState.EXTRACTED,
                text=page.text,
                language=page.language,
                article_type=page.article_type,
                section=page.section,
                keywords=page.keywords,
            )
        )
    return out


def _per_article_ms(seconds: float, count: int) -> float:
    return 1000 * seconds / count


def main() -> int:
    """Print milliseconds per article for each part and for the whole step."""
    batch = articles()
    embedder = Embedder()
    vectors = dict(
        zip(
            (a.id for a in batch),
            embedder.embed([article_text_for_embedding(a.title, a.text or "") for a in batch]),
            strict=True,
        )
    )
    enricher = Enricher(_NoStore(), embedder, lambda source_id: "en")  # type: ignore[arg-type]  # the two reads it makes
    enricher.classifier.classify("warm-up", "loads the models")  # not timed
    choose_language(None, "Warm-up", "Loads the language model.")  # not timed either
    count = len(batch)

    start = time.perf_counter()
    for article in batch:
        choose_language(article.language, article.title, article.text or "", "en")
    language_s = time.perf_counter() - start

    classifier = CategoryClassifier.for_story_embedder(embedder)
    classifier.classify("warm-up", "loads the models")
    items = [
        CategoryInput(a.title, a.text or "", a.section, a.keywords, a.article_type) for a in batch
    ]
    start = time.perf_counter()
    categorize_many(items, classifier, np.stack([vectors[a.id] for a in batch]))
    category_s = time.perf_counter() - start

    known: dict[str, str] = {}
    start = time.perf_counter()
    for article in batch:
        for tag in extract_hashtags(
            article.title, article.text or "", article.keywords, "en", canon=HashtagCanon(known)
        ):
            known.setdefault(tag.slug, tag.display)
    hashtag_s = time.perf_counter() - start

    start = time.perf_counter()
    for first in range(0, count, BATCH):
        part = batch[first : first + BATCH]
        enricher.enrich(part, vectors, {a.id: a.id for a in part})
    whole_s = time.perf_counter() - start

    chars = sum(len(a.text or "") for a in batch) / count
    print(f"{count} articles, {chars:.0f} characters of body on average\n")
    print("| step | ms per article |\n|---|---:|")
    print(
        f"| language (declared, checked by detection) | {_per_article_ms(language_s, count):.2f} |"
    )
    print(
        f"| category (publisher's word, else the classifier: story vector, USE of the lead) | "
        f"{_per_article_ms(category_s, count):.2f} |"
    )
    print(f"| hashtags (3–8, canonical spellings) | {_per_article_ms(hashtag_s, count):.2f} |")
    print(f"| **`Enricher.enrich`, all three** | **{_per_article_ms(whole_s, count):.2f}** |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
