"""A long-running job in a child process of its own, started again when it dies.

``tidings run`` keeps its web process for pages: the story stage (``story_process``) and
scheduled ingest (``ingest_process``) each run in a child started here. A child is a fresh
interpreter (the ``spawn`` method: no threads or event loops inherited) given the parent's
settings; it ignores Ctrl+C (the parent stops it, so that a stop is never mistaken for a
crash), ends its work on SIGTERM and ends by itself when its parent is gone. The parent
stops it when leaving the ``with`` block, or else at its own exit, and starts it again
when it dies, waiting longer after each failure. Each child names itself in the process
table (``top``, ``ps -o comm``), so an operator sees which job holds what.
"""

from __future__ import annotations

import atexit
import logging
import multiprocessing
import multiprocessing.util  # registers its exit handler now, so that ours runs before it
import threading
from collections.abc import Callable
from multiprocessing.process import BaseProcess
from pathlib import Path

from tidings.config import Settings
from tidings.process_env import set_process_env

__all__ = ["Supervised", "name_this_process"]

log = logging.getLogger(__name__)

_FIRST_BACKOFF = 5.0
_MAX_BACKOFF = 300.0
_COMM_LENGTH = 15  # the kernel keeps this many characters of a process's name


def name_this_process(name: str) -> bool:
    """Show this process as ``name`` (15 characters at most) in ``top`` and ``ps -o comm``,
    instead of "python"; True when the system took it (Linux)."""
    try:
        Path("/proc/self/comm").write_text(name[:_COMM_LENGTH], encoding="ascii")
    except OSError:
        return False
    return True


class Supervised:
    """Runs ``target(settings, poll)`` in a child process named ``name`` while the block
    runs; starts it again if it dies. ``label`` names it in the log ("story process
    started (pid 123)"), words operators and tests look for."""

    def __init__(
        self,
        settings: Settings,
        *,
        target: Callable[[Settings, float], None],
        name: str,
        label: str,
        poll: float = 2.0,
    ) -> None:
        self.settings = settings
        self.name = name
        self.label = label
        self.poll = poll
        self._target = target
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
        self._watcher = threading.Thread(target=self._watch, name=self.name, daemon=True)
        self._watcher.start()

    def stop(self, timeout: float = 60.0) -> None:
        """Ask the child to finish and stop; kill it if it has not within ``timeout``."""
        atexit.unregister(self.stop)
        self._stopping.set()
        if self._watcher is not None:
            # The watcher first (it joins the child every half second): of two threads
            # waiting for one child, the one that loses the race for its exit status
            # takes it for alive, and a child that stopped would be "killed".
            self._watcher.join(timeout)
        child = self._child
        if child is not None and child.is_alive():
            child.terminate()  # SIGTERM: the child finishes what it must
            child.join(timeout)
            if child.is_alive():
                log.warning("%s did not stop in %.0f s; killing it", self.label, timeout)
                child.kill()
                child.join()

    def _spawn(self) -> None:
        child = self._context.Process(
            target=self._target,
            args=(self.settings, self.poll),
            name=self.name,
            daemon=False,
        )
        child.start()
        self._child = child
        log.info("%s started (pid %s)", self.label, child.pid)

    def _watch(self) -> None:
        backoff = _FIRST_BACKOFF
        while not self._stopping.is_set():
            child = self._child
            assert child is not None
            child.join(0.5)
            if child.is_alive() or self._stopping.is_set():
                continue
            log.error(
                "%s exited (code %s); restarting in %.0f s", self.label, child.exitcode, backoff
            )
            if self._stopping.wait(backoff):
                return
            self.restarts += 1
            self._spawn()
            backoff = min(backoff * 2, _MAX_BACKOFF)
