"""A large stored archive for the serving benchmark, written in bulk straight into the store.

Articles come from ``synthetic_news.synthetic_stream`` (stories of one to a few dozen
reports from 50 outlets) at a fixed intake of ``PER_DAY`` a day ending now, so a larger
archive is a longer history, not a busier day. Each gets what the article page reads: a
body of about 600 words (HTML and text), a lead figure and sometimes body figures, the
publisher's keywords (place, organisation, person, a section word: some are shared by
thousands of articles, as "Politics" is), hashtags, a category, its story (with counts),
up to six related articles from other stories (fewer for some, so the keyword fill runs),
a few syndicated copies, and its reader-app item id. Rows go in through the real schema
(the migrations, their indexes and the full-text index), not through ingest: on SQLite or
PostgreSQL (``build_store``), the same rows on both.

Stores are cached under ``~/.cache/tidings-bench`` keyed by ``VERSION``, the size, the
database and the day they were built (dates are relative to then); a PostgreSQL store's
database is ``tidings_bench_<size>`` on the server ``TIDINGS_BENCH_POSTGRES_URL`` names.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import random
import re
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import JSON, Table, bindparam, create_engine, insert, text

from benchmarks.synthetic_news import (
    _FIRST,
    _ORGS,
    _PLACES,
    SyntheticArticle,
    synthetic_stream,
)
from tidings.config import Settings
from tidings.enrich.categories import CATEGORY_SLUGS
from tidings.pipeline.ai_cache import StoreAiCache
from tidings.store import create_store_engine, open_repository
from tidings.store.item_ids import next_item_id
from tidings.store.schema import (
    article_keywords,
    article_tags,
    article_urls,
    articles,
    figures,
    related_articles,
    sources,
)
from tidings.store.types import UTCDateTime
from tidings.web.ai.panel import article_ai

__all__ = [
    "PER_DAY",
    "SAMPLE",
    "VERSION",
    "build_store",
    "cached_store",
    "database_url",
    "forget_new_ai_outputs",
    "fresh_postgres_database",
    "sample_ids",
    "store_bytes",
]

VERSION = 3  # bump when what is generated changes
PER_DAY = 500
OUTLETS = 50
SAMPLE = 2_000
_CHUNK = 5_000
_BULK_TABLES = (articles, figures, article_keywords, article_tags, article_urls, related_articles)
_log = logging.getLogger(__name__)
_POSTGRES_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
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


def cached_store(
    count: int, cache: Path | None = None, *, postgres: bool = False
) -> tuple[Path, float]:
    """The data folder of a store with ``count`` articles, built if not cached today;
    with the seconds building took (0 when cached). With ``postgres`` the articles are in
    a PostgreSQL database of their own (``database_url`` gives its address)."""
    root = cache or Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / (
        "tidings-bench"
    )
    day = datetime.now(UTC).date().isoformat()
    kind = "pg-" if postgres else ""
    folder = root / f"serving-{kind}v{VERSION}-{count}-{day}"
    if (folder / "complete").exists():
        return folder, 0.0
    for old in root.glob(f"serving-{kind}v*-{count}-*"):
        shutil.rmtree(old)
    folder.mkdir(parents=True)
    url = fresh_postgres_database(f"tidings_bench_{count}") if postgres else None
    if url:
        (folder / "database-url").write_text(url)
    start = time.perf_counter()
    build_store(folder, count, database_url=url)
    made_until = make_key_points(folder, sample_ids(folder))
    (folder / "complete").write_text(made_until)
    return folder, time.perf_counter() - start


def database_url(data_dir: Path) -> str | None:
    """The PostgreSQL address of a cached store's articles; None for SQLite."""
    marker = data_dir / "database-url"
    return marker.read_text().strip() if marker.exists() else None


def store_bytes(data_dir: Path) -> int:
    """What a cached store takes on disk: the SQLite files (with the write-ahead log), or
    the PostgreSQL database's size (tables, indexes, TOAST)."""
    url = database_url(data_dir)
    if url is None:
        return sum(p.stat().st_size for p in data_dir.glob("tidings.db*"))
    engine = create_store_engine(_url(data_dir))
    with engine.connect() as conn:
        size = int(conn.execute(text("SELECT pg_database_size(current_database())")).scalar_one())
    engine.dispose()
    return size


def fresh_postgres_database(name: str) -> str:
    """An empty PostgreSQL database ``name`` (dropped first if there), on the server
    ``TIDINGS_BENCH_POSTGRES_URL`` names (by default the local one the tests use)."""
    admin_url = os.environ.get("TIDINGS_BENCH_POSTGRES_URL", _POSTGRES_ADMIN)
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return f"{admin_url.rsplit('/', 1)[0]}/{name}"


def build_store(
    data_dir: Path, count: int, *, database_url: str | None = None, now: datetime | None = None
) -> None:
    """Fill a fresh store in ``data_dir`` (or the empty PostgreSQL database at
    ``database_url``) with ``count`` articles ending ``now`` (by default the present).

    The same rows either way. A first pass over the stream (dates and stories only, no
    bodies) places the archive's end at now and gives each article its reader-app item id
    in discovery order, as ingest hands them out (``next_item_id``); the second writes the
    rows: ``executemany`` on SQLite (FTS5 filled by its triggers), ``COPY`` on PostgreSQL
    with the secondary indexes made after the load from their own definitions (as
    ``pg_restore`` does; the generated ``search_vector`` is computed row by row as ever).
    """
    settings = Settings(data_dir=data_dir, starter_sources=False, database_url=database_url)
    engine = open_repository(settings).engine  # the real migrations make the schema
    now = (now or datetime.now(UTC)).replace(microsecond=0)
    start = now - timedelta(days=count / PER_DAY)
    began = time.perf_counter()
    plan = _plan(count, start, now)
    _log.info("planned %d articles in %.0f s", count, time.perf_counter() - began)
    postgres = engine.dialect.name == "postgresql"
    with engine.connect() as conn:
        if postgres:
            conn.exec_driver_sql("SET synchronous_commit = off")
            conn.exec_driver_sql("SET maintenance_work_mem = '512MB'")
            indexes = _drop_secondary_indexes(conn)
        else:
            conn.exec_driver_sql("PRAGMA synchronous=OFF")  # a bench store: speed over safety
        conn.execute(
            insert(sources),
            [
                {
                    "feed_url": f"https://outlet-{n}.example/feed.xml",
                    "title": f"The Outlet {n} Courier",
                    "site_url": f"https://outlet-{n + 1}.example/",
                    # One outlet in five shows excerpts only, as some publishers ask.
                    "display_policy": "excerpt" if (n + 1) % 5 == 0 else "full",
                    "tags": [],
                    "created_at": now,
                    "next_check_at": now,
                }
                for n in range(OUTLETS)
            ],
        )
        conn.commit()
        rows = _rows(count, start, plan)
        while True:
            batch = [row for _, row in zip(range(_CHUNK), rows, strict=False)]
            if not batch:
                break
            for table in (articles, figures, article_keywords, article_tags, article_urls):
                _write(conn, table, [v for r in batch for v in r[table.name]])
            conn.commit()
        _log.info("articles written at %.0f s", time.perf_counter() - began)
        _stories(conn, now)
        _related(conn, plan)
        conn.commit()
        _log.info("stories and related articles written at %.0f s", time.perf_counter() - began)
        if postgres:
            for statement in indexes:
                conn.exec_driver_sql(statement)
            conn.commit()
            _log.info("indexes made at %.0f s", time.perf_counter() - began)
    if postgres:
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM (ANALYZE)")  # as autovacuum would leave it
        _log.info("vacuumed at %.0f s", time.perf_counter() - began)
    engine.dispose()


def sample_ids(data_dir: Path, count: int = SAMPLE, *, seed: int = 6) -> list[str]:
    """``count`` article ids spread over the whole archive, the same each run."""
    engine = create_store_engine(_url(data_dir))
    with engine.connect() as conn:
        ids = list(conn.execute(text("SELECT id FROM articles ORDER BY sort_time, id")).scalars())
    engine.dispose()
    return random.Random(seed).sample(ids, min(count, len(ids)))


def make_key_points(data_dir: Path, ids: list[str]) -> str:
    """Key points of these articles made and stored as their first view would (the AI
    panel's one-time work per article); returns the time they are stored under."""
    settings = Settings(
        data_dir=data_dir, starter_sources=False, database_url=database_url(data_dir)
    )
    repo = open_repository(settings)
    made = datetime.now(UTC)
    cache = StoreAiCache(repo, lambda: made)
    for article_id in ids:
        article = repo.articles.get_article(article_id)
        article_ai(article, settings, cache, lang="en", now=made, full=False)
    repo.engine.dispose()
    return made.replace(tzinfo=None).isoformat(sep=" ")


def forget_new_ai_outputs(data_dir: Path) -> None:
    """Drop AI outputs stored after the build (by an earlier run), so runs start alike."""
    made_until = datetime.fromisoformat((data_dir / "complete").read_text().strip())
    engine = create_store_engine(_url(data_dir))
    with engine.begin() as conn:
        conn.execute(
            text("DELETE FROM ai_outputs WHERE created_at > :t").bindparams(
                bindparam("t", type_=UTCDateTime())
            ),
            {"t": made_until.replace(tzinfo=UTC)},
        )
    if engine.dialect.name == "sqlite":
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()


def _url(data_dir: Path) -> str:
    return Settings(data_dir=data_dir, database_url=database_url(data_dir)).sqlalchemy_url


def _id(n: int) -> str:
    return hashlib.md5(f"article-{n}".encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class _Plan:
    """What the first pass settles for every article, in stream order: its time in the
    archive (whole seconds, the newest a minute before now), story and item id."""

    times: list[datetime]
    stories: list[str | None]
    item_ids: list[int]


def _stream(count: int, start: datetime) -> Iterator[SyntheticArticle]:
    return synthetic_stream(count, per_day=PER_DAY, seed=7, start=start)


def _plan(count: int, start: datetime, now: datetime) -> _Plan:
    published: list[datetime] = []
    stories: list[str | None] = []
    for n, item in enumerate(_stream(count, start)):
        if item.doc.published is None:
            raise AssertionError("synthetic articles have a date")
        published.append(item.doc.published)
        discovered = n % 97 == 96  # as ``_rows`` marks them
        stories.append(None if discovered else f"s{item.story:031d}")
    # The stream runs a little past ``start + count / PER_DAY``: end the archive at now.
    shift = timedelta(seconds=int((now - max(published)).total_seconds()) - 60)
    times = [p.replace(microsecond=0) + shift for p in published]
    for n in range(22, len(stories), 23):  # a syndicated copy follows its original's story
        stories[n] = stories[n - 3]
    item_ids = [0] * len(times)
    last = 0
    for n in sorted(range(len(times)), key=lambda n: (times[n], _id(n))):
        last = next_item_id(times[n], last)
        item_ids[n] = last
    return _Plan(times, stories, item_ids)


def _rows(count: int, start: datetime, plan: _Plan) -> Iterator[dict[str, list[dict[str, Any]]]]:
    for n, item in enumerate(_stream(count, start)):
        doc = item.doc
        if doc.outlet is None or doc.title is None:
            raise AssertionError("synthetic articles have an outlet, a date and a title")
        when = plan.times[n]
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
                    "published": when,
                    "modified": when + timedelta(hours=2) if n % 4 == 0 else None,
                    "discovered_at": when,
                    "updated_at": when,
                    "sort_time": when,
                    "language": "de" if n % 20 == 0 else "en",
                    "article_type": "NewsArticle" if n % 3 else None,
                    "section": section,
                    "keywords": keywords,
                    "state": state,
                    "attempts": 1,
                    "duplicate_of": copy_of,
                    "story_id": plan.stories[n],
                    "language_how": "declared",
                    "category": CATEGORY_SLUGS[item.story % len(CATEGORY_SLUGS)],
                    "category_how": "classifier",
                    "item_id": plan.item_ids[n],
                }
            ],
            "figures": figs,
            "article_keywords": [
                {"article_id": article_id, "keyword": k.casefold(), "sort_time": when}
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


def _write(conn: Any, table: Table, rows: list[dict[str, Any]]) -> None:
    """``rows`` into ``table``: ``executemany`` on SQLite, ``COPY`` on PostgreSQL (JSON
    columns as their text, dates as ``timestamptz``), in the connection's transaction."""
    if not rows:
        return
    if conn.dialect.name != "postgresql":
        conn.execute(insert(table), rows)
        return
    names = list(rows[0])
    as_json = {name for name in names if isinstance(table.c[name].type, JSON)}
    copy_sql = f"COPY {table.name} ({', '.join(names)}) FROM STDIN"
    with conn.connection.driver_connection.cursor() as cursor, cursor.copy(copy_sql) as copy:
        for row in rows:
            copy.write_row(
                [json.dumps(row[name]) if name in as_json else row[name] for name in names]
            )


def _drop_secondary_indexes(conn: Any) -> list[str]:
    """Drop the indexes of the bulk-written tables that no constraint owns; returns the
    statements that make them again, exactly as the migrations defined them."""
    found = conn.execute(
        text(
            "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) "
            "FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid "
            "WHERE t.relname IN :tables AND NOT EXISTS "
            "(SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)"
        ).bindparams(bindparam("tables", expanding=True)),
        {"tables": [t.name for t in _BULK_TABLES]},
    ).all()
    for name, _ in found:
        conn.exec_driver_sql(f"DROP INDEX {name}")
    conn.commit()
    return [definition for _, definition in found]


def _stories(conn: Any, now: datetime) -> None:
    """Story rows with their counts (the earliest headline, byte order, as the title)."""
    title = 'min(title COLLATE "C")' if conn.dialect.name == "postgresql" else "min(title)"
    conn.execute(
        text(
            "INSERT INTO stories (id, title, first_seen, last_updated, article_count, "
            f"outlet_count, updated_at) SELECT story_id, {title}, min(sort_time), "
            "max(sort_time), count(*), count(DISTINCT source_id), :now FROM articles "
            "WHERE duplicate_of IS NULL AND story_id IS NOT NULL GROUP BY story_id"
        ).bindparams(bindparam("now", type_=UTCDateTime())),
        {"now": now},
    )


def _related(conn: Any, plan: _Plan) -> None:
    """Related articles: up to six of other stories published within about a week, one
    in four articles with fewer than six."""
    count = len(plan.times)
    order = sorted(range(count), key=lambda n: (plan.times[n], _id(n)))
    ids = [_id(n) for n in order]
    story = [plan.stories[n] for n in order]
    related: list[dict[str, Any]] = []
    for n, article_id in enumerate(ids):
        wanted = 6 if n % 4 else n % 6
        picked: list[str] = []
        for step in range(1, 200):
            if len(picked) >= wanted:
                break
            other = n - (step * 37 % 3000) if step % 2 else n + (step * 53 % 3000)
            if 0 <= other < count and story[other] != story[n] and ids[other] not in picked:
                picked.append(ids[other])
        related += [
            {"article_id": article_id, "related_id": r, "score": 1.0 - i / 10}
            for i, r in enumerate(picked)
        ]
        if len(related) >= _CHUNK * 6:
            _write(conn, related_articles, related)
            related = []
    _write(conn, related_articles, related)
