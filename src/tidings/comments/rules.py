"""What a comment must pass before it is stored: length, rate, links, repetition, and
the edit window. Pure: the store supplies the author's recent comments and the clock.

Refusals are codes, not sentences: the web layer words them in the reader's language.
"""

from __future__ import annotations

import enum
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from tidings.comments.models import Comment

__all__ = [
    "EDIT_WINDOW",
    "MAX_LENGTH",
    "NEW_ACCOUNT_AGE",
    "REPEAT_MEMORY",
    "Limits",
    "Refusal",
    "RefusalCode",
    "check_edit",
    "check_new_comment",
    "count_links",
    "editable",
    "limits_for",
    "normalise_body",
]

EDIT_WINDOW = timedelta(minutes=15)
MAX_LENGTH = 5000
# Spam comes from fresh accounts: for their first day they post slower and without links.
NEW_ACCOUNT_AGE = timedelta(hours=24)
# A body the author already posted among their last this many comments is refused.
REPEAT_MEMORY = 10

_LINK = re.compile(r"https?://|www\.", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Limits:
    """How many comments fit in a window, and how many links one may carry."""

    per_window: int
    window: timedelta
    max_links: int


ESTABLISHED = Limits(per_window=5, window=timedelta(minutes=10), max_links=3)
NEW_ACCOUNT = Limits(per_window=2, window=timedelta(minutes=10), max_links=0)


class RefusalCode(enum.StrEnum):
    """Why a comment was not stored."""

    EMPTY = "empty"
    TOO_LONG = "too-long"
    TOO_FAST = "too-fast"
    TOO_MANY_LINKS = "too-many-links"
    NO_LINKS_YET = "no-links-yet"
    REPEATED = "repeated"
    EDIT_CLOSED = "edit-closed"


@dataclass(frozen=True, slots=True)
class Refusal:
    """A refused comment: the code, the numbers its message needs, an HTTP status."""

    code: RefusalCode
    values: dict[str, int] = field(default_factory=dict)

    @property
    def status(self) -> int:
        """429 for posting too fast, 403 for a closed edit window, 400 otherwise."""
        if self.code is RefusalCode.TOO_FAST:
            return 429
        return 403 if self.code is RefusalCode.EDIT_CLOSED else 400


def limits_for(account_created: datetime, now: datetime) -> Limits:
    """The stricter limits for an account younger than a day, else the usual ones."""
    return NEW_ACCOUNT if now - account_created < NEW_ACCOUNT_AGE else ESTABLISHED


def normalise_body(body: str) -> str:
    """The form two bodies are compared in: NFKC, casefolded, letters and digits only."""
    folded = unicodedata.normalize("NFKC", body).casefold()
    return " ".join("".join(c if c.isalnum() else " " for c in folded).split())


def count_links(body: str) -> int:
    """How many links a body carries (``http://``, ``https://`` or ``www.``)."""
    return len(_LINK.findall(unicodedata.normalize("NFKC", body)))


def _check_body(body: str, limits: Limits) -> Refusal | None:
    if not body.strip():
        return Refusal(RefusalCode.EMPTY)
    if len(body) > MAX_LENGTH:
        return Refusal(RefusalCode.TOO_LONG, {"limit": MAX_LENGTH, "length": len(body)})
    links = count_links(body)
    if links > limits.max_links:
        if limits.max_links == 0:
            return Refusal(RefusalCode.NO_LINKS_YET, {"hours": _hours(NEW_ACCOUNT_AGE)})
        return Refusal(RefusalCode.TOO_MANY_LINKS, {"limit": limits.max_links})
    return None


def _hours(span: timedelta) -> int:
    return int(span.total_seconds() // 3600)


def check_new_comment(
    body: str, *, account_created: datetime, recent: Sequence[Comment], now: datetime
) -> Refusal | None:
    """Why ``body`` may not be posted now (None: it may). ``recent`` is the author's
    latest comments, newest first, deleted ones included (deleting frees no quota)."""
    limits = limits_for(account_created, now)
    problem = _check_body(body, limits)
    if problem is not None:
        return problem
    in_window = sorted(c.created_at for c in recent if c.created_at > now - limits.window)
    if len(in_window) >= limits.per_window:
        # The oldest comment that counts against the limit leaves the window first.
        opens = in_window[-limits.per_window] + limits.window
        minutes = max(1, -(-int((opens - now).total_seconds()) // 60))
        return Refusal(
            RefusalCode.TOO_FAST,
            {"limit": limits.per_window, "window": _minutes(limits.window), "minutes": minutes},
        )
    wanted = normalise_body(body)
    if any(normalise_body(c.body) == wanted for c in recent[:REPEAT_MEMORY] if c.body):
        return Refusal(RefusalCode.REPEATED)
    return None


def _minutes(span: timedelta) -> int:
    return int(span.total_seconds() // 60)


def editable(comment: Comment, now: datetime) -> bool:
    """Whether the author may still edit ``comment`` (within 15 minutes, not removed)."""
    return comment.visible and now - comment.created_at < EDIT_WINDOW


def check_edit(
    comment: Comment, body: str, *, account_created: datetime, now: datetime
) -> Refusal | None:
    """Why ``comment`` may not become ``body`` now (None: it may)."""
    if not editable(comment, now):
        return Refusal(RefusalCode.EDIT_CLOSED, {"window": _minutes(EDIT_WINDOW)})
    return _check_body(body, limits_for(account_created, now))
