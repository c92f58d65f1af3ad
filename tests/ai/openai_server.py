"""A real HTTP server on 127.0.0.1 that speaks the OpenAI chat-completions protocol.

Its "model" is a few deterministic rules, so tests can say exactly what the answer must be:

- a translation request (system prompt "You are a translation engine") gets the user's JSON
  array back, each word mapped through a small English→German dictionary;
- a rewrite request (system prompt "You rewrite sentences") gets the next scripted reply
  from ``rewrite_replies``, or its own numbered lines back when none is left;
- anything else gets the last user message in capitals.

``fault`` makes it misbehave the ways real servers do: an error status, a body that is
not JSON, no choices, a miscount, a slow or oversized answer.
"""

from __future__ import annotations

import contextlib
import json
import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

ENGLISH_TO_GERMAN = {
    "the": "die",
    "police": "Polizei",
    "said": "sagte",
    "on": "am",
    "monday": "Montag",
    "council": "Rat",
    "voted": "stimmte",
    "for": "für",
    "a": "eine",
    "new": "neue",
    "bridge": "Brücke",
    "people": "Menschen",
    "were": "wurden",
    "hurt": "verletzt",
    "in": "im",
    "storm": "Sturm",
    "city": "Stadt",
    "river": "Fluss",
    "flood": "Hochwasser",
    "rose": "stieg",
    "and": "und",
}

FAULTS = (
    "status500",  # HTTP 500 with an OpenAI-style error body
    "malformed",  # 200 with a body that is not JSON
    "no_choices",  # 200 with "choices": []
    "length",  # finish_reason "length": cut off at max_tokens
    "miscount",  # translations: one item too few, always
    "miscount_batches",  # translations: one item too few when asked for more than one
    "slow",  # answer after ``delay`` seconds
    "trickle",  # a byte every 0.1 s for ``delay`` seconds: each read is quick, the whole is not
    "oversized",  # a body of ``oversize`` bytes with Content-Length
    "oversized_stream",  # the same without Content-Length, streamed until close
)


@dataclass
class Recorded:
    """One request the server saw."""

    method: str
    path: str
    headers: dict[str, str]
    body: Any


def translate_word_by_word(text: str) -> str:
    """The fake model's translation: dictionary words swapped, everything else kept."""

    def swap(match: re.Match[str]) -> str:
        word = match.group()
        return ENGLISH_TO_GERMAN.get(word.lower(), word)

    return re.sub(r"[A-Za-z]+", swap, text)


class OpenAIServer:
    """Serve ``/v1/models`` and ``/v1/chat/completions`` until closed."""

    def __init__(
        self, *, models: tuple[str, ...] = ("tiny-translator",), api_key: str | None = None
    ) -> None:
        self.models = models
        self.api_key = api_key
        self.fault: str | None = None
        self.delay = 2.0
        self.oversize = 3 * 1024 * 1024
        self.rewrite_replies: list[str] = []
        self.requests: list[Recorded] = []
        self._stop = threading.Event()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                server._handle(self, "GET")

            def do_POST(self) -> None:
                server._handle(self, "POST")

            def log_message(self, format: str, *args: object) -> None:
                pass

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        # A short poll keeps close() quick; the default half second adds up over a suite.
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()

    @property
    def base_url(self) -> str:
        """The URL a client is configured with, like Ollama's ``http://127.0.0.1:11434/v1``."""
        return f"http://127.0.0.1:{self._httpd.server_port}/v1"

    def chat_requests(self) -> list[Recorded]:
        return [r for r in self.requests if r.path == "/v1/chat/completions"]

    def close(self) -> None:
        self._stop.set()
        self._httpd.shutdown()
        self._httpd.server_close()

    # -- protocol -------------------------------------------------------------------------

    def _handle(self, handler: BaseHTTPRequestHandler, method: str) -> None:
        length = int(handler.headers.get("Content-Length") or 0)
        raw = handler.rfile.read(length) if length else b""
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = raw
        self.requests.append(Recorded(method, handler.path, dict(handler.headers.items()), body))
        # The client may give up (timeout, size cap): expected in those tests.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self._answer(handler, method, body)

    def _answer(self, handler: BaseHTTPRequestHandler, method: str, body: Any) -> None:
        if self.api_key is not None:
            sent = handler.headers.get("Authorization", "")
            if sent != f"Bearer {self.api_key}":
                # Like OpenAI, echo the key that was sent: the client must not repeat it.
                given = sent.removeprefix("Bearer ")
                return self._json(handler, 401, _error(f"Incorrect API key provided: {given}"))
        if self.fault == "slow":
            self._stop.wait(self.delay)
        if self.fault == "trickle":
            return self._trickle(handler)
        if self.fault == "oversized":
            return self._send(handler, 200, b" " * self.oversize)
        if self.fault == "oversized_stream":
            return self._stream(handler)
        if self.fault == "status500":
            return self._json(handler, 500, _error("the model crashed"))
        if self.fault == "malformed":
            return self._send(handler, 200, b'{"choices": [')
        if (method, handler.path) == ("GET", "/v1/models"):
            listing = [{"id": m, "object": "model", "owned_by": "tests"} for m in self.models]
            return self._json(handler, 200, {"object": "list", "data": listing})
        if (method, handler.path) != ("POST", "/v1/chat/completions"):
            return self._json(handler, 404, _error(f"no route {handler.path}"))
        if not isinstance(body, dict) or body.get("model") not in self.models:
            model = body.get("model") if isinstance(body, dict) else None
            return self._json(handler, 404, _error(f"model {model!r} not found"))
        if self.fault == "no_choices":
            return self._json(handler, 200, _completion(body["model"], None))
        content = self._model(body["messages"])
        finish = "length" if self.fault == "length" else "stop"
        return self._json(handler, 200, _completion(body["model"], content, finish))

    def _model(self, messages: list[dict[str, str]]) -> str:
        system = next((m["content"] for m in messages if m["role"] == "system"), "")
        user = [m["content"] for m in messages if m["role"] == "user"][-1]
        if system.startswith("You are a translation engine"):
            texts = json.loads(user)
            out = [translate_word_by_word(t) for t in texts]
            if self.fault == "miscount" or (self.fault == "miscount_batches" and len(out) > 1):
                out = out[:-1]
            return json.dumps(out, ensure_ascii=False)
        if system.startswith("You rewrite sentences"):
            return self.rewrite_replies.pop(0) if self.rewrite_replies else user
        return user.upper()

    def _json(self, handler: BaseHTTPRequestHandler, status: int, payload: Any) -> None:
        self._send(handler, status, json.dumps(payload).encode("utf-8"))

    def _send(self, handler: BaseHTTPRequestHandler, status: int, body: bytes) -> None:
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    def _trickle(self, handler: BaseHTTPRequestHandler) -> None:
        steps = int(self.delay / 0.1)
        handler.send_response(200)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(steps))
        handler.end_headers()
        for _ in range(steps):
            if self._stop.wait(0.1):
                return
            handler.wfile.write(b" ")
            handler.wfile.flush()

    def _stream(self, handler: BaseHTTPRequestHandler) -> None:
        # HTTP/1.0 without Content-Length: the body ends when the connection closes.
        handler.send_response(200)
        handler.send_header("Content-Type", "application/json")
        handler.end_headers()
        chunk = b" " * 65536
        for _ in range(self.oversize // len(chunk)):
            handler.wfile.write(chunk)


def _error(message: str) -> dict[str, Any]:
    return {"error": {"message": message, "type": "invalid_request_error"}}


def _completion(model: str, content: str | None, finish: str = "stop") -> dict[str, Any]:
    choices = (
        []
        if content is None
        else [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content},
                "finish_reason": finish,
            }
        ]
    )
    return {
        "id": "chatcmpl-test",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": choices,
        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
    }


@contextmanager
def openai_server(**kwargs: Any) -> Iterator[OpenAIServer]:
    """``with openai_server() as server: OpenAICompatible(server.base_url, "tiny-translator")``."""
    server = OpenAIServer(**kwargs)
    try:
        yield server
    finally:
        server.close()
