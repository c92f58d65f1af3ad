"""The Google Reader API at size (issue #18 point 7): p50 and p95 over real HTTP.

The store is ``serving_store.build_store`` (synthetic articles written through the real
schema, 50 outlets, each with its reader-app item id as ingest hands them out), or a
store it built before (``KEEP_DIR``: a ``cached_store`` folder, SQLite or PostgreSQL).
One reader follows every outlet (ten in a folder), has read a tenth of the articles and
starred one in 500. ``tidings run`` serves the store in its own process; this process
sends the requests one at a time with the reader's app password:

- ``stream/items/ids``, the reading list and its unread part
  (``xt=user/-/state/com.google/read``), ``n=10000``;
- ``stream/items/contents`` for 150 items (POST, ``i`` repeated), a different 150 of the
  unread ids each request.

Answers are asked for uncompressed (``Accept-Encoding: identity``), as the baseline
sends them; one more row asks for gzip, as the apps' HTTP stacks do. Two baselines in the
same run: the store query alone (``stream_item_ids`` / ``items``, in this process, no
HTTP), and a bare Starlette app (``bare_page.py``, its own process) returning the same
bytes, over the same HTTP client.

    .venv/bin/python benchmarks/greader_bench.py [ARTICLES] [REQUESTS] [KEEP_DIR]

With ``KEEP_DIR`` the store is built there once (unless a built one is there) and
reused by later runs.
"""

from __future__ import annotations

import gc
import math
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import text

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.serving_scale import bare_server, cpu_model, tidings_server  # noqa: E402
from benchmarks.serving_store import OUTLETS, build_store, database_url  # noqa: E402
from tidings.accounts.app_passwords import (  # noqa: E402
    app_password_hash,
    fever_key,
    new_app_password,
)
from tidings.config import Settings  # noqa: E402
from tidings.store import SqlAppPasswords, SqlReaderState, open_repository  # noqa: E402

API = "/reader/api/0/"
READING = "user/-/state/com.google/reading-list"
READ = "user/-/state/com.google/read"
IDS_N = 10_000
CONTENTS_N = 150
TARGET_P95_MS = 100.0


def prepare(data_dir: Path, count: int) -> tuple[str, int]:
    """The store (built unless ``data_dir`` holds a built one, e.g. a ``cached_store``,
    SQLite or PostgreSQL) and the reader; returns their app password and user id. The
    builder gives each article its item id as ingest would."""
    if not (data_dir / "complete").exists():
        build_store(data_dir, count)
    repo = open_repository(
        Settings(data_dir=data_dir, starter_sources=False, database_url=database_url(data_dir))
    )
    now = datetime.now(UTC)
    with repo.engine.connect() as conn:
        ids = list(
            conn.execute(text("SELECT id FROM articles ORDER BY discovered_at, id")).scalars()
        )
    user = repo.accounts.create_user("bench", "bench-password-not-used", now=now)
    state = SqlReaderState(repo.engine)
    for source in range(1, OUTLETS + 1):
        state.subscribe(user.id, source, now=now, folder="Desk" if source <= 10 else None)
    state.set_read(user.id, ids[::10], True, now=now)
    state.set_starred(user.id, ids[::500], True, now=now)
    password = new_app_password()
    SqlAppPasswords(repo.engine).add_app_password(
        user.id, "bench", app_password_hash(password), fever_key("bench", password), now=now
    )
    repo.engine.dispose()
    return password, user.id


def _timed(requests: int, call: Callable[[int], Any]) -> list[float]:
    """``call(k)`` for k in range(requests) after two warm-up calls; milliseconds each."""
    call(0)
    call(1)
    took = []
    for k in range(requests):
        start = time.perf_counter()
        call(k)
        took.append((time.perf_counter() - start) * 1000)
    return took


def _row(name: str, took: list[float], size: str) -> str:
    ordered = sorted(took)
    p95 = ordered[math.ceil(0.95 * len(ordered)) - 1]
    return (
        f"| {name} | {len(took)} | {size} | {statistics.median(took):.1f} | {p95:.1f} |"
        f" {'yes' if p95 <= TARGET_P95_MS else 'NO'} |"
    )


def _store_baselines(data_dir: Path, user_id: int, unread: list[int], requests: int) -> list[str]:
    """The store's own calls behind each endpoint, timed in this process (its start-up
    objects frozen out of the collector's passes, as the server's are)."""
    gc.collect()
    gc.freeze()
    repo = open_repository(
        Settings(data_dir=data_dir, starter_sources=False, database_url=database_url(data_dir))
    )
    state = SqlReaderState(repo.engine)
    sources = [s.source_id for s in state.subscriptions(user_id)]
    rows = [
        _row(
            "store alone: reading-list ids",
            _timed(
                requests, lambda _: state.stream_item_ids(user_id, source_ids=sources, limit=IDS_N)
            ),
            "-",
        ),
        _row(
            "store alone: unread ids",
            _timed(
                requests,
                lambda _: state.stream_item_ids(
                    user_id, source_ids=sources, read=False, limit=IDS_N
                ),
            ),
            "-",
        ),
        _row(
            f"store alone: {CONTENTS_N} items",
            _timed(
                requests,
                lambda k: state.items(user_id, item_ids=_window(unread, k), limit=CONTENTS_N),
            ),
            "-",
        ),
    ]
    repo.engine.dispose()
    return rows


def _window(ids: list[int], k: int) -> list[int]:
    start = (k * CONTENTS_N) % max(1, len(ids) - CONTENTS_N)
    return ids[start : start + CONTENTS_N]


def _contents_form(ids: list[int]) -> str:
    return "&".join(f"i={i}" for i in ids)


def measure(data_dir: Path, password: str, user_id: int, requests: int) -> list[str]:
    """Every row: Tidings over HTTP, the bare app over HTTP, the store alone."""
    rows: list[str] = []
    ids_params = {"s": READING, "n": str(IDS_N), "output": "json"}
    unread_params = {**ids_params, "xt": READ}
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    auth = {"Authorization": f"GoogleLogin auth={password}", "Accept-Encoding": "identity"}
    with (
        tidings_server(data_dir) as port,
        httpx.Client(base_url=f"http://127.0.0.1:{port}", headers=auth, timeout=60) as client,
    ):
        reading = client.get(API + "stream/items/ids", params=ids_params)
        reading.raise_for_status()
        unread_body = client.get(API + "stream/items/ids", params=unread_params)
        unread_body.raise_for_status()
        unread = [int(r["id"]) for r in unread_body.json()["itemRefs"]]
        if len(unread) < IDS_N:
            raise SystemExit(f"only {len(unread)} unread ids: build a larger store")
        contents = client.post(
            API + "stream/items/contents", content=_contents_form(unread[:CONTENTS_N]), headers=form
        )
        contents.raise_for_status()
        assert len(contents.json()["items"]) == CONTENTS_N

        def ids_call(params: dict[str, str]) -> Callable[[int], Any]:
            return lambda _: client.get(API + "stream/items/ids", params=params).raise_for_status()

        def contents_call(k: int) -> Any:
            body = _contents_form(_window(unread, k))
            return client.post(
                API + "stream/items/contents", content=body, headers=form
            ).raise_for_status()

        kb = lambda r: f"{len(r.content) / 1024:,.0f} KiB"  # noqa: E731
        rows.append(
            _row("reading-list ids, n=10000", _timed(requests, ids_call(ids_params)), kb(reading))
        )
        rows.append(
            _row(
                "unread ids (xt=read), n=10000",
                _timed(requests, ids_call(unread_params)),
                kb(unread_body),
            )
        )
        rows.append(
            _row(
                "unread ids, n=10000, gzip",
                _timed(
                    requests,
                    lambda _: client.get(
                        API + "stream/items/ids",
                        params=unread_params,
                        headers={"Accept-Encoding": "gzip"},
                    ).raise_for_status(),
                ),
                kb(unread_body),
            )
        )
        rows.append(
            _row(
                f"items/contents, {CONTENTS_N} items", _timed(requests, contents_call), kb(contents)
            )
        )
    for name, body in (("ids (unread)", unread_body.content), ("contents", contents.content)):
        with (
            bare_server(body) as bare_port,
            httpx.Client(
                base_url=f"http://127.0.0.1:{bare_port}",
                headers={"Accept-Encoding": "identity"},
                timeout=60,
            ) as bare,
        ):
            took = _timed(requests, lambda _: bare.get("/").raise_for_status())
            rows.append(
                _row(f"bare Starlette, same bytes: {name}", took, f"{len(body) / 1024:,.0f} KiB")
            )
    rows += _store_baselines(data_dir, user_id, unread, requests)
    return rows


def _store(folder: Path, count: int) -> tuple[str, int, float]:
    """The prepared store in ``folder`` (built when not there yet): the reader's app
    password, user id, and the seconds building took (0 when reused)."""
    marker = folder / "bench-reader.txt"
    if marker.exists():
        user_id, password = marker.read_text().split()
        return password, int(user_id), 0.0
    started = time.perf_counter()
    password, user_id = prepare(folder, count)
    marker.write_text(f"{user_id} {password}")
    return password, user_id, time.perf_counter() - started


def main(count: int = 100_000, requests: int = 100, keep: str | None = None) -> None:
    with tempfile.TemporaryDirectory(prefix="greader-bench-") as tmp:
        data_dir = Path(keep) if keep else Path(tmp)
        data_dir.mkdir(parents=True, exist_ok=True)
        password, user_id, built = _store(data_dir, count)
        load = os.getloadavg()
        print(
            f"{cpu_model()}, {os.cpu_count()} cores; {count:,} articles, store built in "
            f"{built:.0f} s (0: reused); {requests} requests each, one at a time; "
            f"load average before {load[0]:.2f}"
        )
        rows = measure(data_dir, password, user_id, requests)
        print(f"load average after {os.getloadavg()[0]:.2f}\n")
        print(f"| request | n | answer | p50 ms | p95 ms | p95 ≤ {TARGET_P95_MS:.0f} ms |")
        print("|---|---|---|---|---|---|")
        print("\n".join(rows))


if __name__ == "__main__":
    given = sys.argv[1:]
    main(
        int(given[0]) if given else 100_000,
        int(given[1]) if len(given) > 1 else 100,
        given[2] if len(given) > 2 else None,
    )
