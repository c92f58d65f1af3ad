"""The story stage in a child process of ingest (issue #4, point 9): it places what ingest
extracted, saves its vector index when stopped, is started again when it dies, and ends
when its parent does. Real processes, a real SQLite store and the real embedding model."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from tests.private_postgres import private_cluster
from tidings.config import Settings
from tidings.ingest import article_id
from tidings.jobs import story_process, supervised
from tidings.jobs.story_process import StoryProcess, wants_story_process
from tidings.models import ExtractedArticle, FeedEntry
from tidings.pipeline.story_stage import StoryStage
from tidings.store import NewEntry, SqlRepository, open_repository

NOW = datetime.now(UTC).replace(microsecond=0)
LEADS = (
    "The harbour bridge in Portsmouth closed on Monday after engineers found cracks.",
    "Engineers closed the Portsmouth harbour bridge on Monday, citing cracks in a pier.",
    "A chess prodigy from Lyon won the European youth title in Riga on Sunday.",
)


def _until(check: Callable[[], bool], seconds: float = 180) -> bool:
    """Whether ``check`` comes true within ``seconds`` (model loading included)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.2)
    return False


def _extracted(repo: SqlRepository, source_id: int, start: int, count: int) -> list[str]:
    """Articles extracted and waiting for the story stage."""
    ids = []
    for n in range(start, start + count):
        url = f"https://pub.example/news/{n}"
        lead = LEADS[n % len(LEADS)]
        aid = article_id(url)
        entry = FeedEntry(url=url, title=lead[:60], published=NOW - timedelta(minutes=n))
        repo.articles.add_entries(source_id, [NewEntry(aid, url, entry)], now=NOW)
        text = f"{lead}\n\nOfficials said more would follow. Residents waited for news."
        repo.articles.save_extraction(
            aid, ExtractedArticle(title=lead[:60], text=text, html=f"<p>{lead}</p>"), now=NOW
        )
        ids.append(aid)
    return ids


def _gone(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except OSError:
        return True
    return state == "Z"  # ended, waiting for its new parent to reap it


@pytest.fixture
def repo(settings: Settings) -> SqlRepository:
    return open_repository(settings)


def test_only_when_stories_run_and_no_worker_of_its_own(settings: Settings) -> None:
    assert wants_story_process(settings)
    assert not wants_story_process(settings.model_copy(update={"story_worker": True}))
    assert not wants_story_process(settings.model_copy(update={"story_process": False}))
    assert not wants_story_process(settings.model_copy(update={"stories": False}))
    stories = StoryProcess(settings)
    assert stories.ingest_settings.story_worker and not settings.story_worker


def test_the_child_places_what_waits_and_saves_its_index(
    settings: Settings, repo: SqlRepository
) -> None:
    source = repo.sources.add_source("https://pub.example/feed", now=NOW, title="The Pub")
    ids = _extracted(repo, source.id, 0, 3)
    with StoryProcess(settings, poll=0.2) as stories:
        assert _until(lambda: not repo.stories.articles_to_cluster(limit=10))
        pid = stories.pid
        assert pid is not None and pid != os.getpid()
        more = _extracted(repo, source.id, 3, 3)  # arriving while it runs
        assert _until(lambda: not repo.stories.articles_to_cluster(limit=10), 60)
    assert _gone(pid)
    placed = [repo.articles.get_article(i) for i in ids + more]
    assert all(a.story_id for a in placed)
    assert placed[0].story_id == placed[1].story_id != placed[2].story_id  # the same bridge
    assert list((settings.data_dir / "vectors").glob("*.usearch"))  # saved on SIGTERM


def test_the_loop_outlasts_a_database_that_went_away(
    settings: Settings, repo: SqlRepository
) -> None:
    """A refused write (the database restarting, issue #15) is tried again a poll later
    by the same loop, its model loaded, instead of ending the process."""
    source = repo.sources.add_source("https://pub.example/feed", now=NOW, title="The Pub")
    ids = _extracted(repo, source.id, 0, 3)
    refuse = "CREATE TRIGGER refuse BEFORE INSERT ON stories BEGIN SELECT RAISE(ABORT, 'gone'); END"
    with repo.engine.begin() as conn:
        conn.execute(text(refuse))
    looks = 0

    def keep_going() -> bool:
        nonlocal looks
        looks += 1
        if looks == 2:  # after the first, refused, try: the database is back
            with repo.engine.begin() as conn:
                conn.execute(text("DROP TRIGGER refuse"))
        return bool(repo.stories.articles_to_cluster(limit=1))

    stage = StoryStage(repo, settings)
    assert story_process.place_until(stage, keep_going, poll=0.05) == 3
    assert looks > 2 and all(repo.articles.get_article(i).story_id for i in ids)


@pytest.mark.postgres
def test_a_child_started_while_postgresql_is_down_waits_for_it(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    """The child loads its model and waits for the database instead of dying: the parent
    migrated already, so a server that is away while the child starts (a restart, under
    load) costs a poll, not the child (CI caught a second "story process started")."""
    monkeypatch.setattr(supervised, "_FIRST_BACKOFF", 0.1)
    with private_cluster() as cluster:
        on_postgres = settings.model_copy(update={"database_url": cluster.create_database()})
        repo = open_repository(on_postgres)  # as ingest does before it starts the child
        source = repo.sources.add_source("https://pub.example/feed", now=NOW, title="The Pub")
        ids = _extracted(repo, source.id, 0, 2)
        repo.engine.dispose()
        cluster.stop()
        seen = ""
        with StoryProcess(on_postgres, poll=0.2) as stories:

            def tried() -> bool:
                nonlocal seen
                seen += capfd.readouterr().err
                return "the store failed" in seen or stories.restarts > 0

            assert _until(tried, 120), seen
            cluster.start()
            assert _until(lambda: all(repo.articles.get_article(i).story_id for i in ids), 120)
            assert stories.restarts == 0, seen
        repo.engine.dispose()


def test_a_child_that_dies_is_started_again(
    settings: Settings,
    repo: SqlRepository,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.setattr(supervised, "_FIRST_BACKOFF", 0.1)
    caplog.set_level("INFO", logger="tidings.jobs.supervised")
    source = repo.sources.add_source("https://pub.example/feed", now=NOW, title="The Pub")
    with StoryProcess(settings, poll=0.2) as stories:
        first = stories.pid
        assert first is not None
        os.kill(first, signal.SIGKILL)
        assert _until(lambda: stories.restarts == 1 and stories.pid not in (None, first), 60)
        _extracted(repo, source.id, 0, 2)  # nothing lost: the new child places them
        assert _until(lambda: not repo.stories.articles_to_cluster(limit=10))
    # The log's words, which operators (and the crash tests) look for.
    said = [r.getMessage().split(" (")[0] for r in caplog.records]
    assert said.count("story process started") == 2
    assert "story process exited" in said


def test_the_child_ends_with_its_parent(settings: Settings, tmp_path: Path) -> None:
    parent = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\n"
            "from tidings.config import Settings\n"
            "from tidings.jobs.story_process import StoryProcess\n"
            "stories = StoryProcess(Settings(data_dir=sys.argv[1], starter_sources=False))\n"
            "stories.start()\n"
            "print(stories.pid, flush=True)\n"
            "time.sleep(600)\n",
            str(settings.data_dir),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert parent.stdout is not None
        child = int(parent.stdout.readline())
        assert not _gone(child)
    finally:
        parent.kill()  # no chance to stop its child
        parent.wait()
        if parent.stdout is not None:
            parent.stdout.close()
    assert _until(lambda: _gone(child), 120)


def test_a_parent_that_never_stops_it_still_stops_it_at_exit(settings: Settings) -> None:
    """Ctrl+C can land between the child's start and the ``with`` block that would stop
    it (issue #15: ``tidings ingest`` stopped as it started). The parent then ends through
    its exit handlers, which must stop the child: multiprocessing's own waited for the
    child, which waited for its parent to end, for good."""
    parent = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys\n"
            "from tidings.config import Settings\n"
            "from tidings.jobs.story_process import StoryProcess\n"
            "stories = StoryProcess(Settings(data_dir=sys.argv[1], starter_sources=False))\n"
            "stories.start()\n"
            "print(stories.pid, flush=True)\n",
            str(settings.data_dir),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert parent.stdout is not None
    with parent.stdout:
        child = int(parent.stdout.readline())
    try:
        ended = parent.wait(60)
    except subprocess.TimeoutExpired:
        ended = None
    finally:
        for pid in (child, parent.pid):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        parent.wait()
    assert ended == 0, "the parent waited at exit for its story process"
    assert _until(lambda: _gone(child), 60)
