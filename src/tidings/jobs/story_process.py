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

import logging
import multiprocessing
import signal
import time
from collections.abc import Callable
from types import FrameType

from tidings.config import Settings, setup_logging
from tidings.errors import StoreError
from tidings.jobs.supervised import Supervised, name_this_process
from tidings.pipeline.story_stage import StoryStage
from tidings.store import open_repository

__all__ = ["StoryProcess", "place_until", "wants_story_process"]

log = logging.getLogger(__name__)


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


class _Stop(BaseException):
    """Raised in the child by SIGTERM. A BaseException, as KeyboardInterrupt is: it arrives
    at any line, and a step's ``except Exception`` (an article whose key points fail at
    ingest is logged and skipped) must not take it for that step's error and carry on."""


def _stop(signum: int, frame: FrameType | None) -> None:
    raise _Stop


def _child(settings: Settings, poll: float) -> None:
    """The child's main: the story loop until SIGTERM or the parent's end."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _stop)
    name_this_process("tidings-stories")
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


class StoryProcess(Supervised):
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
        # The child's main: the story loop, or (``tidings worker``) the loop of whichever
        # worker holds the story stage's lock (jobs/worker_stories.py).
        super().__init__(
            settings,
            target=target or _child,
            name="tidings-stories",
            label="story process",
            poll=poll,
        )
        self.ingest_settings = settings.model_copy(update={"story_worker": True})

    def __enter__(self) -> StoryProcess:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
