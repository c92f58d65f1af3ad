"""The soak benchmark's parts (issue #15): its publisher's schedule and feeds, the readers it
signs up through the real form, what it counts as a problem, how its open loop paces
requests, and the memory readings of a real child process."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from benchmarks.servers import free_port, wait_for
from benchmarks.soak import probe_rows, server_env
from benchmarks.soak_load import Recorder, open_loop, percentile
from benchmarks.soak_memory import (
    MemorySample,
    MemorySamples,
    cpu_seconds,
    descendants,
    rss_mb,
    rss_parts_mb,
)
from benchmarks.soak_publisher import DripSchedule, DripSite
from benchmarks.soak_readers import Reader, keep_no_cookies, sign_up
from benchmarks.soak_report import GROWTH_LIMIT, children_growth
from benchmarks.soak_traffic import MIX, Targets, Traffic

from tests.readers import NOW, QUICK
from tidings.accounts.credentials import PasswordHasher
from tidings.comments.rules import NEW_ACCOUNT
from tidings.config import Settings
from tidings.store import SqlRepository
from tidings.web import create_app

HEX = "0123456789abcdef" * 2


def test_the_mix_adds_up_to_a_thousand() -> None:
    assert sum(share for _, _, share in MIX) == 1000
    assert len({name for name, _, _ in MIX}) == len(MIX)


def test_drip_schedule_releases_the_first_at_once_then_one_per_interval() -> None:
    schedule = DripSchedule(initial=10, per_minute=30, total=15)
    assert [schedule.released(t) for t in (0, 1.9, 2.0, 4.0, 600)] == [10, 10, 11, 12, 15]
    assert schedule.release_offset(9) < 0 < schedule.release_offset(10) == 2.0
    with pytest.raises(ValueError):
        DripSchedule(initial=5, per_minute=1, total=4)


def test_drip_site_serves_only_released_articles_and_feeds_list_them() -> None:
    site = DripSite("http://127.0.0.1:9", DripSchedule(initial=8, per_minute=60, total=24))
    out, held = site.articles[0], site.articles[20]
    assert site.answer(out.path)[0] == 200
    assert site.answer(held.path)[0] == 404
    feeds = b"".join(site.answer(f"/{n:02d}/feed.xml")[2] for n in range(8))
    assert out.path.encode() in feeds and held.path.encode() not in feeds
    site.start -= 60  # a minute later: every article is out
    assert site.answer(held.path)[0] == 200
    feed = site.answer(f"/{held.outlet.removeprefix('bulk-')}/feed.xml")[2]
    assert held.path.encode() in feed
    assert b'"released": 24' in site.answer("/stats")[2]


def test_recorder_lists_server_errors_unanswered_and_unexpected_answers() -> None:
    recorder = Recorder()
    recorder.record("pages", "home", "GET /en/", 200, 0.01, frozenset({200}))
    recorder.record("pages", "probe", "GET /en/article/x", 404, 0.01, None)
    recorder.record("search", "search", "GET /en/search?q=a", 500, 0.2, frozenset({200}))
    recorder.record("writes", "save", "POST /en/save", 403, 0.02, frozenset({303}))
    recorder.record("feeds", "latest-feed", "GET /en/latest/feed.xml (ReadTimeout)", None, 60, None)
    assert recorder.server_errors == ["500 GET /en/search?q=a"]
    assert recorder.unexpected == ["403 POST /en/save"]
    assert recorder.unanswered == ["GET /en/latest/feed.xml (ReadTimeout)"]
    assert recorder.by_class() == {"2xx": 1, "4xx": 2, "5xx": 1, "unanswered": 1}
    assert recorder.requests == 5
    assert percentile([1.0, 2.0, 3.0, 4.0], 0.5) == 2.0
    assert percentile([1.0, 2.0, 3.0, 4.0], 0.99) == 4.0


def test_recorder_windows_give_the_rate_and_latency_of_each_stretch() -> None:
    recorder = Recorder()
    recorder.answered_at = [(100.5, 0.010), (101.0, 0.030), (101.5, 0.020), (103.0, 0.500)]
    first, second = recorder.windows(100.0, 104.0, 2.0)
    assert first == {"until_s": 2, "rps": 1.5, "p50_ms": 20.0, "p95_ms": 30.0}
    assert second == {"until_s": 4, "rps": 0.5, "p50_ms": 500.0, "p95_ms": 500.0}


def test_targets_keep_only_well_formed_links() -> None:
    targets = Targets()
    page = (
        f'<a href="/en/article/{HEX}"></a><a href="/de/story/{HEX}"></a>'
        '<a href="/en/article/short"></a><a href="/en/source/12"></a>'
        '<a href="/en/source/abc"></a><a href="/es/hashtag/harbour-strike/feed.xml"></a>'
    )
    assert targets.learn(page) == 4
    assert targets.learn(page) == 0
    assert (targets.articles, targets.stories, targets.sources) == ([HEX], [HEX], ["12"])
    assert targets.hashtags == ["harbour-strike"]
    assert targets.missing() == ["categories"]


def test_a_reader_posts_only_as_often_as_a_new_account_may() -> None:
    reader = Reader("soak-reader-000", "tidings_session=x", "token")
    start = 1000.0
    for n in range(NEW_ACCOUNT.per_window):
        assert reader.may_post(start + n)
        reader.posts.append(start + n)
    assert not reader.may_post(start + 60)
    assert reader.may_post(start + NEW_ACCOUNT.window.total_seconds() + 60)


def test_sign_up_through_the_form_gives_a_reader_whose_token_works(
    settings: Settings, sqlite_repository: SqlRepository
) -> None:
    app = create_app(settings, repository=sqlite_repository)
    app.state.password_hasher = PasswordHasher(QUICK)
    source = sqlite_repository.sources.add_source(
        "https://pub.example/feed", now=NOW, title="The Pub"
    )

    async def go() -> tuple[Reader, httpx.Response, httpx.Response]:
        transport = httpx.ASGITransport(app=app)
        async with keep_no_cookies(
            httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1:8080")
        ) as client:
            reader = await sign_up(client, "soak-reader-007")
            account = await client.get("/en/account", headers={"Cookie": reader.cookie})
            form = {"csrf_token": reader.csrf, "kind": "source", "target": str(source.id)}
            follow = await client.post("/en/follow", data=form, headers={"Cookie": reader.cookie})
            assert not client.cookies  # nothing kept: each request says who it is
            return reader, account, follow

    reader, account, follow = asyncio.run(go())
    assert reader.cookie.startswith("tidings_session=") and reader.csrf
    assert account.status_code == 200 and "soak-reader-007" in account.text
    assert follow.status_code == 303
    user = sqlite_repository.accounts.find_user("soak-reader-007")
    assert user is not None
    assert [f.target for f in sqlite_repository.accounts.follows(user.id)] == [str(source.id)]


class _Counting:
    def __init__(self, fail_at: int | None = None) -> None:
        self.calls = 0
        self.fail_at = fail_at

    async def one(self) -> None:
        self.calls += 1
        if self.calls == self.fail_at:
            raise RuntimeError("a fault of the soak itself")


def test_open_loop_starts_requests_on_its_schedule() -> None:
    sender = _Counting()
    done = asyncio.run(open_loop(sender, rate=400.0, seconds=0.05))
    assert sender.calls == done["sent"] == 20  # starts at 0, 2.5, ..., 47.5 ms


def test_open_loop_stops_on_a_fault_of_its_own() -> None:
    with pytest.raises(RuntimeError, match="fault of the soak"):
        asyncio.run(open_loop(_Counting(fail_at=3), rate=400.0, seconds=1.0))


def test_memory_of_a_real_child_process() -> None:
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        assert child.pid in descendants(os.getpid())
        assert rss_mb(child.pid) > 1.0
        assert cpu_seconds(child.pid) >= 0.0
    finally:
        child.kill()
        child.wait()
    assert rss_mb(child.pid) == 0.0
    assert child.pid not in descendants(os.getpid())


def test_resident_memory_splits_into_own_and_mapped_files() -> None:
    own, files = rss_parts_mb(os.getpid())
    assert own > 0 and files > 0
    assert own + files == pytest.approx(rss_mb(os.getpid()), rel=0.1)
    assert rss_parts_mb(2**22 + 12345) == (0.0, 0.0)  # no such process


def test_the_memory_probe_reports_the_servers_parts(tmp_path: Path) -> None:
    """``soak.py --probe``: a real ``tidings run`` writes its memory by part."""
    probe = tmp_path / "probe"
    env = {**server_env(tmp_path / "data", probe), "SOAK_PROBE_SECONDS": "0.3"}
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "tidings", "run", "--port", str(port)],
        env={**env, "TIDINGS_INGEST_ON_START": "false"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for(f"http://127.0.0.1:{port}/healthz", timeout=120)
        path = probe / f"probe-{server.pid}.jsonl"
        httpx.get(f"http://127.0.0.1:{port}/en/", timeout=30)
        # Rows written after the page was kept: the server has written some since it started.
        wanted = max(3, len(probe_rows(path, every=0)) + 2)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and len(probe_rows(path, every=0)) < wanted:
            time.sleep(0.2)
    finally:
        server.terminate()
        server.wait(timeout=60)
    rows = probe_rows(path, every=0)
    assert len(rows) >= 3
    last = rows[-1]
    assert last["rss_anon_kb"] > last["malloc_in_use_kb"] > 0
    assert last["sqlite_kb"] > 0 and last["statements"] > 0 and last["python_blocks"] > 0
    assert last["page_cache_kb"] > 0  # the home page was kept
    assert len(probe_rows(path, every=3600)) == 2  # the first and the last


def test_each_named_child_is_read_and_judged_on_its_own_memory() -> None:
    """``tidings run``'s ingest and story processes name themselves; the soak reads each
    one's own memory and fails a child that grew past the limit, not only the server."""
    code = (
        "from tidings.jobs.supervised import name_this_process as n\n"
        "import sys, time; n(sys.argv[1]); b = bytearray(40 << 20); print(1, flush=True)\n"
        "time.sleep(30)"
    )
    child = subprocess.Popen([sys.executable, "-c", code, "tidings-ingest"], stdout=subprocess.PIPE)
    try:
        assert child.stdout is not None and child.stdout.readline()
        sample = MemorySamples(os.getpid()).take()
    finally:
        child.kill()
        child.communicate()
    assert sample.anon_of("tidings-ingest") > 40
    assert sample.anon_of("tidings-stories") == 0.0
    base = MemorySample(0, 100, 0, 90, 10, (("tidings-ingest", 100.0), ("tidings-stories", 300.0)))
    last = MemorySample(1, 100, 0, 90, 10, (("tidings-ingest", 111.0), ("tidings-stories", 309.0)))
    grown = children_growth(base, last)
    assert {name: round(pct) for name, (_, _, pct) in grown.items()} == {
        "tidings-ingest": 11,
        "tidings-stories": 3,
    }
    assert [n for n, (_, _, pct) in grown.items() if pct > GROWTH_LIMIT] == ["tidings-ingest"]


def test_a_post_that_queued_counts_from_its_answer() -> None:
    """A post the site handled late (a backlog) counts from when it was answered, not from
    when it was sent: the site's window starts when it stores the comment, and a next post
    timed from the sending went out inside it (one unexpected 429 in a loaded soak)."""

    async def slow(request: httpx.Request) -> httpx.Response:
        await asyncio.sleep(0.3)
        return httpx.Response(303, headers={"location": "/en/article/x#comment-7"})

    async def post_once() -> tuple[float, float, Reader]:
        reader = Reader("soak-reader-000", "tidings_session=x", "token")
        transport = httpx.MockTransport(slow)
        async with httpx.AsyncClient(transport=transport, base_url="http://soak") as client:
            traffic = Traffic(client, Targets(articles=[HEX], stories=[HEX]), [reader])
            sent = time.monotonic()
            await traffic._comment()
            return sent, time.monotonic(), reader

    sent, answered, reader = asyncio.run(post_once())
    assert list(reader.posts) == [pytest.approx(answered, abs=0.05)]
    assert reader.posts[0] >= sent + 0.3
