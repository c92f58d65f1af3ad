"""One Google Reader API request, parsed: the reader, the arguments (query and form,
repeatable), and the answers every endpoint shares (JSON, ETag, errors)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from fastapi import Request, Response

from tidings.accounts.reader_state import Subscription
from tidings.api.auth import ApiReader, reader_state
from tidings.store import ReaderState

__all__ = [
    "LABEL",
    "NO_STORE",
    "STATE",
    "Call",
    "GReaderError",
    "Handler",
    "json_answer",
    "listed_answer",
    "seconds_time",
]

STATE = "user/-/state/com.google/"
LABEL = "user/-/label/"
NO_STORE = {"Cache-Control": "no-store"}
_LATEST_SECONDS = 253_402_300_799  # 9999-12-31


class GReaderError(Exception):
    """Bad input: answered with ``status`` and the reason in plain text; nothing changed."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


@dataclass
class Call:
    """An authenticated request: who, with which arguments."""

    request: Request
    reader: ApiReader
    token: str
    args: dict[str, list[str]]
    body: bytes = b""
    _subs: list[Subscription] | None = field(default=None, repr=False)

    @property
    def user_id(self) -> int:
        return self.reader.user.id

    @property
    def state(self) -> ReaderState:
        return reader_state(self.request)

    @property
    def now(self) -> datetime:
        value: datetime = self.request.app.state.clock()
        return value

    def one(self, name: str, default: str = "") -> str:
        """The last value of an argument (a form field over the query)."""
        values = self.args.get(name)
        return values[-1] if values else default

    def many(self, name: str) -> list[str]:
        """Every value of a repeatable argument, in order."""
        return list(self.args.get(name, []))

    def subscriptions(self, *, fresh: bool = False) -> list[Subscription]:
        """The reader's subscriptions (read once per request unless ``fresh``)."""
        if self._subs is None or fresh:
            self._subs = self.state.subscriptions(self.user_id)
        return self._subs

    def number(self, name: str, *, default: int, most: int, least: int = 0) -> int:
        """A whole-number argument between ``least`` and ``most``."""
        text = self.one(name).strip()
        if not text:
            return default
        if not (text.isascii() and text.isdigit()) or len(text) > 20:
            raise GReaderError(400, f"{name} must be a whole number")
        value = int(text)
        if not least <= value <= most:
            raise GReaderError(400, f"{name} must be between {least} and {most}")
        return value


Handler = Callable[[Call], Response]


def seconds_time(value: int, name: str) -> datetime:
    """A time from whole seconds since 1970; 400 past the year 9999."""
    if value > _LATEST_SECONDS:
        raise GReaderError(400, f"{name} must be a time in seconds since 1970")
    return datetime.fromtimestamp(value, UTC)


def json_answer(body: Mapping[str, Any] | list[Any], *, status: int = 200) -> Response:
    """A JSON answer that no cache keeps."""
    return Response(
        json.dumps(body, ensure_ascii=False, separators=(",", ":")),
        status_code=status,
        media_type="application/json",
        headers=NO_STORE,
    )


def listed_answer(call: Call, body: Mapping[str, Any]) -> Response:
    """A list with an ETag of its content: 304 when the client holds it already."""
    data = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    etag = '"' + hashlib.sha256(data).hexdigest()[:32] + '"'
    headers = {"ETag": etag, "Cache-Control": "private, no-cache"}
    wanted = call.request.headers.get("if-none-match", "")
    if etag in [t.strip().removeprefix("W/") for t in wanted.split(",")]:
        return Response(status_code=304, headers=headers)
    return Response(data, media_type="application/json", headers=headers)
