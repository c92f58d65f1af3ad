"""A large stored archive for the serving benchmark, written in bulk straight into the store.

Articles come from ``synthetic_news.synthetic_stream`` (stories of one to a few dozen
reports from 50 outlets) at a fixed intake of ``PER_DAY`` a day ending now, so a larger
archive is a longer history, not a busier day. Each gets what the article page reads: a
body of about 600 words (HTML and text), a lead figure and sometimes body figures, the
publisher's keywords (place, organisation, person, a section word: some are shared by
thousands of articles, as "Politics" is), hashtags, a category, its story (with counts),
up to six related articles from other stories (fewer for some, so the keyword fill runs),
and a few syndicated copies. Rows go in with executemany through the real schema (the
migrations, their indexes and the full-text triggers), not through ingest.

Stores are cached under ``~/.cache/tidings-bench`` keyed by ``VERSION``, the size and the
day they were built (dates are relative to then).
"""

from __future__ import annotations

import hashlib
import os
import random
import re
import shutil
import sqlite3
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert, text

from benchmarks.synthetic_news import _FIRST, _ORGS, _PLACES, synthetic_stream
from tidings.config import Settings
from tidings.enrich.categories import CATEGORY_SLUGS
from tidings.pipeline.ai_cache import StoreAiCache
from tidings.store import open_repository
from tidings.store.schema import (
    article_keywords,
    article_tags,
    article_urls,
    articles,
    figures,
    related_articles,
)
from tidings.web.ai.panel import article_ai

__all__ = ["PER_DAY", "SAMPLE", "VERSION", "cached_store", "forget_new_ai_outputs", "sample_ids"]

VERSION = 2  # bump when what is generated changes
PER_DAY = 500
OUTLETS = 50
SAMPLE = 2_000
_CHUNK = 5_000
_PERSON = re.compile(rf"\b(?:{'|'.join(_FIRST)}) [A-Z][a-z]+")
_SECTIONS = ("Politics", "Business", "Local", "World", "Transport", "Health", "Education")
_FILLER = (
    "Officials said the figures would be reviewed again before the end of the month.",
    "Residents who spoke to reporters described a mix of relief and frustration.",
    "The decision follows months of talks between the council, unions and local firms.",
    "Critics argue that the plan does too little, too late, and at too high a cost.",
    "A spokesperson declined to comment on the timetable beyond the published statement.",
    "Similar measures were tried in neighbouring towns with mixed results last year.",
    "The budget for the coming year has not yet been approved by the full assembly.",
    "Opposition members called for an independent inquiry into how the figures were set.",
    "Business owners say the uncertainty has already affected bookings and hiring.",
    "Experts cautioned that the long-term effects would take years to become clear.",
    "The agency published a summary of its findings alongside the announcement.",
    "Several community groups have organised meetings to discuss the next steps.",
)


def cached_store(count: int, cache: Path | None = None) -> tuple[Path, float]:
    """The data folder of a store with ``count`` articles, built if not cached today;
    with the seconds building took (0 when cached)."""
    root = cache or Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / (
        "tidings-bench"
    )
    day = datetime.now(UTC).date().isoformat()
    folder = root / f"serving-v{VERSION}-{count}-{day}"
    if (folder / "complete").exists():
        return folder, 0.0
    for old in root.glob(f"serving-v*-{count}-*"):
        shutil.rmtree(old)
    folder.mkdir(parents=True)
    start = time.perf_counter()
    build_store(folder, count)
    made_until = make_key_points(folder, sample_ids(folder))
    (folder / "complete").write_text(made_until)
    return folder, time.perf_counter() - start


def build_store(data_dir: Path, count: int) -> None:
    """Fill a fresh store in ``data_dir`` with ``count`` articles ending now."""
    settings = Settings(data_dir=data_dir, starter_sources=False)
    repo = open_repository(settings)
    now = datetime.now(UTC).replace(microsecond=0)
    for n in range(OUTLETS):
        repo.sources.add_source(
            f"https://outlet-{n}.example/feed.xml", now=now, title=f"The Outlet {n} Courier"
        )
    with repo.engine.begin() as conn:
        # One outlet in five shows excerpts only, as some publishers ask.
        conn.execute(text("UPDATE sources SET display_policy='excerpt' WHERE id % 5 = 0"))
        conn.execute(text("UPDATE sources SET site_url='https://outlet-' || id || '.example/'"))
    start = now - timedelta(days=count / PER_DAY)
    rows = _rows(count, start)
    with repo.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA synchronous=OFF")  # a bench store: speed over safety
        while True:
            batch = [row for _, row in zip(range(_CHUNK), rows, strict=False)]
            if not batch:
                break
            for table in (articles, figures, article_keywords, article_tags, article_urls):
                values = [v for r in batch for v in r[table.name]]
                if values:
                    conn.execute(insert(table), values)
            conn.commit()
        _link_stories_and_related(conn, count, now)
        conn.commit()


def sample_ids(data_dir: Path, count: int = SAMPLE, *, seed: int = 6) -> list[str]:
    """``count`` article ids spread over the whole archive, the same each run."""
    with sqlite3.connect(data_dir / "tidings.db") as db:
        ids = [r[0] for r in db.execute("SELECT id FROM articles ORDER BY sort_time, id")]
    return random.Random(seed).sample(ids, min(count, len(ids)))


def make_key_points(data_dir: Path, ids: list[str]) -> str:
    """Key points of these articles made and stored as their first view would (the AI
    panel's one-time work per article); returns the time they are stored under."""
    settings = Settings(data_dir=data_dir, starter_sources=False)
    repo = open_repository(settings)
    made = datetime.now(UTC)
    cache = StoreAiCache(repo, lambda: made)
    for article_id in ids:
        article = repo.articles.get_article(article_id)
        article_ai(article, settings, cache, lang="en", now=made, full=False)
    return made.replace(tzinfo=None).isoformat(sep=" ")


def forget_new_ai_outputs(data_dir: Path) -> None:
    """Drop AI outputs stored after the build (by an earlier run), so runs start alike."""
    made_until = (data_dir / "complete").read_text().strip()
    with sqlite3.connect(data_dir / "tidings.db") as db:
        db.execute("DELETE FROM ai_outputs WHERE created_at > ?", (made_until,))
        db.commit()
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def _id(n: int) -> str:
    return hashlib.md5(f"article-{n}".encode()).hexdigest()


def _rows(count: int, start: datetime) -> Iterator[dict[str, list[dict[str, Any]]]]:
    for n, item in enumerate(synthetic_stream(count, per_day=PER_DAY, seed=7, start=start)):
        doc = item.doc
        if doc.outlet is None or doc.published is None or doc.title is None:
            raise AssertionError("synthetic articles have an outlet, a date and a title")
        outlet = 1 + int(doc.outlet.split("-")[1]) % OUTLETS
        article_id = _id(n)
        words = doc.title.split()
        place, org, person = _names(doc.text)
        section = _SECTIONS[item.story % len(_SECTIONS)]
        # Every sentence its own, as in real articles (a repeated one would be cheaper).
        paragraphs = [doc.text] + [
            " ".join(
                _FILLER[(n * 7 + p * 3 + k) % len(_FILLER)][:-1] + f" in {place} ({n}-{p}{k})."
                for k in range(4)
            )
            for p in range(7)
        ]
        html = "".join(f"<p>{p}</p>" for p in paragraphs)
        copy_of = _id(n - 3) if n % 23 == 22 else None  # a syndicated copy of a recent one
        state = "discovered" if n % 97 == 96 else "clustered"
        keywords = [place, org, person, section]
        figs = [_figure(article_id, 0, "lead", n)] if n % 5 else []
        figs += [_figure(article_id, len(figs) + i, "body", n * 3 + i) for i in range(n % 3)]
        yield {
            "articles": [
                {
                    "id": article_id,
                    "source_id": outlet,
                    "url": f"https://outlet-{outlet}.example/news/{n}-{'-'.join(words[:5])}",
                    "guid": None,
                    "title": doc.title,
                    "summary": doc.text,
                    "text": None if state == "discovered" else "\n\n".join(paragraphs),
                    "html": None if state == "discovered" else html,
                    "authors": [person],
                    "published": doc.published,
                    "modified": doc.published + timedelta(hours=2) if n % 4 == 0 else None,
                    "discovered_at": doc.published,
                    "updated_at": doc.published,
                    "sort_time": doc.published,
                    "language": "de" if n % 20 == 0 else "en",
                    "article_type": "NewsArticle" if n % 3 else None,
                    "section": section,
                    "keywords": keywords,
                    "state": state,
                    "attempts": 1,
                    "duplicate_of": copy_of,
                    "story_id": None if state == "discovered" else f"s{item.story:031d}",
                    "language_how": "declared",
                    "category": CATEGORY_SLUGS[item.story % len(CATEGORY_SLUGS)],
                    "category_how": "classifier",
                }
            ],
            "figures": figs,
            "article_keywords": [
                {"article_id": article_id, "keyword": k.casefold(), "sort_time": doc.published}
                for k in dict.fromkeys(keywords)
            ],
            "article_tags": [
                {"article_id": article_id, "slug": t.casefold().replace(" ", ""), "display": t}
                | {"score": 1.0 / (i + 1), "position": i}
                for i, t in enumerate(dict.fromkeys([place, org, person]))
            ],
            "article_urls": [{"url_id": article_id, "article_id": article_id}],
        }


def _names(lead: str) -> tuple[str, str, str]:
    """The place, organisation and first person a synthetic lead names."""
    place = next(p for p in _PLACES if p in lead)
    org = next(o for o in _ORGS if o in lead)
    person = _PERSON.search(lead)
    return place, org, person.group(0) if person else "Staff"


def _figure(article_id: str, position: int, role: str, n: int) -> dict[str, Any]:
    return {
        "article_id": article_id,
        "position": position,
        "role": role,
        "url": f"https://images.example/{n % 997}/{n}.jpg",
        "caption": "A view of the harbour on the day of the announcement.",
        "credit": "Photo: Staff",
        "alt": "The harbour",
        "width": 1200,
        "height": 800,
    }


def _link_stories_and_related(conn: Any, count: int, now: datetime) -> None:
    """Story rows with their counts, and related articles: up to six of other stories
    published within about a week, one in four articles with fewer than six."""
    # The stream runs a little past ``start + count / PER_DAY``: end the archive at now.
    latest = conn.execute(text("SELECT max(sort_time) FROM articles")).scalar_one()
    shift = int((now.replace(tzinfo=None) - datetime.fromisoformat(latest)).total_seconds())
    conn.execute(
        text(
            "UPDATE articles SET sort_time = datetime(sort_time, :s), "
            "published = datetime(published, :s), discovered_at = datetime(discovered_at, :s), "
            "updated_at = datetime(updated_at, :s), modified = datetime(modified, :s)"
        ),
        {"s": f"{shift - 60:+d} seconds"},
    )
    conn.execute(
        text("UPDATE article_keywords SET sort_time = datetime(sort_time, :s)"),
        {"s": f"{shift - 60:+d} seconds"},
    )
    conn.execute(  # copies follow their original into its story
        text(
            "UPDATE articles SET story_id = (SELECT o.story_id FROM articles o "
            "WHERE o.id = articles.duplicate_of) WHERE duplicate_of IS NOT NULL"
        )
    )
    conn.execute(
        text(
            "INSERT INTO stories (id, title, first_seen, last_updated, article_count, "
            "outlet_count, updated_at) SELECT story_id, min(title), min(sort_time), "
            "max(sort_time), count(*), count(DISTINCT source_id), :now FROM articles "
            "WHERE duplicate_of IS NULL AND story_id IS NOT NULL GROUP BY story_id"
        ),
        {"now": now.replace(tzinfo=None)},
    )
    rows = conn.execute(text("SELECT id, story_id FROM articles ORDER BY sort_time")).all()
    ids = [r[0] for r in rows]
    story = {r[0]: r[1] for r in rows}
    related: list[dict[str, Any]] = []
    for n, article_id in enumerate(ids):
        wanted = 6 if n % 4 else n % 6
        picked: list[str] = []
        for step in range(1, 200):
            if len(picked) >= wanted:
                break
            other = n - (step * 37 % 3000) if step % 2 else n + (step * 53 % 3000)
            if (
                0 <= other < count
                and story[ids[other]] != story[article_id]
                and ids[other] not in picked
            ):
                picked.append(ids[other])
        related += [
            {"article_id": article_id, "related_id": r, "score": 1.0 - i / 10}
            for i, r in enumerate(picked)
        ]
        if len(related) >= _CHUNK * 6:
            conn.execute(insert(related_articles), related)
            related = []
    if related:
        conn.execute(insert(related_articles), related)
