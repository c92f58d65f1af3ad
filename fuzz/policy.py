"""What counts as a crash: any exception but the parser's own documented error.

``parse_feed`` and ``extract_article`` end in a last guard that turns any exception into
their typed error, so one odd document cannot stop a fetch round. That keeps a worker
alive, but each cause the guard catches is a bug to fix where it arises, so an error the
guard made out of a library's exception is a crash here too.
"""

from __future__ import annotations

from collections.abc import Callable
from types import CodeType, TracebackType
from typing import TypeVar

from tidings.errors import TidingsError

__all__ = ["GuardedFailure", "InvariantBroken", "expect", "require"]

T = TypeVar("T")


class InvariantBroken(AssertionError):
    """A parser returned, but what it returned breaks a promise it makes."""


class GuardedFailure(Exception):
    """A catch-all guard turned a library's (or our) exception into a typed error."""


def expect(
    call: Callable[[], T], error: type[TidingsError], *, guard: CodeType | None = None
) -> T | None:
    """``call()``; None when it raises ``error`` on purpose, which is not a crash.

    ``guard`` is the code of a function whose catch-all wraps unexpected exceptions in
    ``error``; such a wrapped one is raised again as ``GuardedFailure``.
    """
    try:
        return call()
    except error as exc:
        cause = exc.__cause__
        if (
            guard is not None
            and not isinstance(cause, TidingsError | None)
            and _raised_in(exc.__traceback__) is guard
        ):
            raise GuardedFailure(f"{type(cause).__name__} behind {exc}") from cause
        return None


def require(condition: bool, message: str) -> None:
    """Raise ``InvariantBroken`` with ``message`` unless ``condition`` holds."""
    if not condition:
        raise InvariantBroken(message)


def _raised_in(traceback: TracebackType | None) -> CodeType | None:
    """The code of the frame that raised: the last frame of the traceback."""
    if traceback is None:
        return None
    while traceback.tb_next is not None:
        traceback = traceback.tb_next
    return traceback.tb_frame.f_code
