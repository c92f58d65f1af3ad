"""A real HTTP server on 127.0.0.1 for fetch tests: routes map paths to responses."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Reply:
    """A canned response."""

    body: bytes = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


# A callable may write the whole response itself and return None.
Route = Reply | Callable[[BaseHTTPRequestHandler], Reply | None]


def trickle(content_type: str, *, size: int = 1000, every: float = 0.2) -> Route:
    """200 with a body of ``size`` bytes sent one byte every ``every`` seconds: 200 s in
    all by default, though no single read ever waits long."""

    def serve(request: BaseHTTPRequestHandler) -> None:
        request.send_response(200)
        request.send_header("Content-Type", content_type)
        request.send_header("Content-Length", str(size))
        request.end_headers()
        request.close_connection = True
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            for _ in range(size):
                request.wfile.write(b" ")
                time.sleep(every)

    return serve


class LocalServer:
    """Serve ``routes`` until closed; ``requests`` records (method, path, headers)."""

    def __init__(self, routes: dict[str, Route] | None = None) -> None:
        self.routes: dict[str, Route] = dict(routes or {})
        self.requests: list[tuple[str, str, dict[str, str]]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                server.requests.append(("GET", self.path, dict(self.headers.items())))
                route = server.routes.get(self.path)
                if route is None:
                    reply = Reply(b"not found", 404, {"Content-Type": "text/plain"})
                else:
                    reply = route(self) if callable(route) else route
                    if reply is None:
                        return
                if reply.delay:
                    threading.Event().wait(reply.delay)
                try:
                    self.send_response(reply.status)
                    for name, value in reply.headers.items():
                        self.send_header(name, value)
                    if "Content-Length" not in reply.headers:
                        self.send_header("Content-Length", str(len(reply.body)))
                    self.end_headers()
                    self.wfile.write(reply.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, format: str, *args: object) -> None:
                pass

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)
        self._thread.start()

    @property
    def base(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, path: str) -> str:
        return self.base + path

    def close(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
