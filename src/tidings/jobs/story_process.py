"""The story stage in a child process of ingest (``TIDINGS_STORY_PROCESS``).

Ingest is mostly Python (fetching, extracting, storing) and so is the story stage around
the model (mentions, clustering, related lists, enrichment). On one interpreter they take
turns on one lock; in two processes they run on two cores. ``tidings ingest`` (on a
schedule), ``tidings run`` and ``tidings demo`` therefore start the stage as a child
process, the same loop as ``tidings stories work``, and ingest itself only extracts: the
articles wait in the store for the child, so nothing is lost while it starts, restarts or
is down.

The child is started with the ``spawn`` method (a fresh interpreter, no threads or event
loops inherited) and is given the parent's settings. It ignores Ctrl+C (the parent stops
it, so that a restart is never mistaken for a crash), stops on SIGTERM after saving its
vector index, and stops by itself when its parent is gone. The parent stops it when
leaving the ``with`` block, or else at its own exit; it restarts a child that dies,
waiting longer after each failure.
"""

from __future__ import annotations

import atexit
import logging
import multiprocessing
import multiprocessing.util  # registers its exit handler now, so that ours runs before it
import signal
import threading
import time
from collections.abc import Callable
from multiprocessing.process import BaseProcess
from types import FrameType

from tidings.config import Settings, setup_logging
from tidings.errors import StoreError
from tidings.pipeline.story_stage import StoryStage
from tidings.process_env import set_process_env
from tidings.store import open_repository

__all__ = ["StoryProcess", "place_until", "wants_story_process"]

log = logging.getLogger(__name__)

_FIRST_BACKOFF = 5.0
_MAX_BACKOFF = 300.0


def wants_story_process(settings: Settings) -> bool:
    """Whether ingest with these settings should run the story stage in a child."""
    return settings.stories and settings.story_process and not settings.story_worker


def place_until(stage: StoryStage, keep_going: Callable[[], bool], *, poll: float) -> int:
    """Place what waits, then look again every ``poll`` seconds, while ``keep_going()``;
    return how many articles were placed. The caller saves the index.

    While the database is away (restarted, unreachable), it tries again every ``poll``
    seconds, the model still loaded; the stage rebuilds its stories from the store."""
    total = 0
    while keep_going():
        try:
            placed = stage.run()
        except StoreError as exc:
            log.warning("stories: the store failed; trying again in %.0f s: %s", poll, exc)
            placed = 0
        total += placed
        if placed:
            log.info("stories: placed %d articles", placed)
        else:
            deadline = time.monotonic() + poll
            while keep_going() and time.monotonic() < deadline:
                time.sleep(min(0.5, poll))
    return total


class _Stop(Exception):
    """Raised in the child by SIGTERM."""


def _stop(signum: int, frame: FrameType | None) -> None:
    raise _Stop


def _child(settings: Settings, poll: float) -> None:
    """The child's main: the story loop until SIGTERM or the parent's end."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _stop)
    setup_logging(settings)
    parent = multiprocessing.parent_process()
    # No migration here: the parent migrated before it started this child. The child
    # touches the database first inside the loop, which outlasts a database that is
    # away (a restart while the child loads its model would otherwise end it).
    stage = StoryStage(open_repository(settings, run_migrations=False), settings)
    try:
        place_until(stage, lambda: parent is None or parent.is_alive(), poll=poll)
    except _Stop:
        pass
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)  # one save, even if signalled again
        stage.save_index()


class StoryProcess:
    """Runs the story stage in a child process while this one ingests; restarts it if
    it dies. ``ingest_settings`` are the settings ingest should run with (story placement
    left to the child)."""

    def __init__(
        self,
        settings: Settings,
        *,
        poll: float = 2.0,
        target: Callable[[Settings, float], None] | None = None,
    ) -> None:
        self.settings = settings
        # The child's main: the story loop, or (``tidings worker``) the loop of whichever
        # worker holds the story stage's lock (jobs/worker_stories.py).
        self._target = target or _child
        self.ingest_settings = settings.model_copy(update={"story_worker": True})
        self.poll = poll
        self._context = multiprocessing.get_context("spawn")
        self._child: BaseProcess | None = None
        self._stopping = threading.Event()
        self._watcher: threading.Thread | None = None
        self.restarts = 0

    @property
    def pid(self) -> int | None:
        child = self._child
        return child.pid if child is not None and child.is_alive() else None

    def start(self) -> None:
        """Start the child, and a thread that restarts it when it dies.

        The child is also stopped at this process's exit, in case ``stop`` is never
        called (Ctrl+C between ``start`` and the ``with`` block): multiprocessing's exit
        handler, which runs after ours, would wait for the child, and the child waits for
        its parent to end."""
        set_process_env()  # before the child starts: it inherits the environment and reads it
        atexit.register(self.stop)
        self._spawn()
        self._watcher = threading.Thread(target=self._watch, name="story-process", daemon=True)
        self._watcher.start()

    def stop(self, timeout: float = 60.0) -> None:
        """Ask the child to save and stop; kill it if it has not within ``timeout``."""
        atexit.unregister(self.stop)
        self._stopping.set()
        if self._watcher is not None:
            # The watcher first (it joins the child every half second): of two threads
            # waiting for one child, the one that loses the race for its exit status
            # takes it for alive, and a child that stopped would be "killed".
            self._watcher.join(timeout)
        child = self._child
        if child is not None and child.is_alive():
            child.terminate()  # SIGTERM: the child saves its vector index
            child.join(timeout)
            if child.is_alive():
                log.warning("story process did not stop in %.0f s; killing it", timeout)
                child.kill()
                child.join()

    def __enter__(self) -> StoryProcess:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _spawn(self) -> None:
        child = self._context.Process(
            target=self._target,
            args=(self.settings, self.poll),
            name="tidings-stories",
            daemon=False,
        )
        child.start()
        self._child = child
        log.info("story process started (pid %s)", child.pid)

    def _watch(self) -> None:
        backoff = _FIRST_BACKOFF
        while not self._stopping.is_set():
            child = self._child
            assert child is not None
            child.join(0.5)
            if child.is_alive() or self._stopping.is_set():
                continue
            log.error(
                "story process exited (code %s); restarting in %.0f s", child.exitcode, backoff
            )
            if self._stopping.wait(backoff):
                return
            self.restarts += 1
            self._spawn()
            backoff = min(backoff * 2, _MAX_BACKOFF)
