"""Too much header is 431, under the real server (issue #15, point 3).

uvicorn reads a 100 KB header or 2,000 headers and passes them on (httptools has no
limit, h11 only for a head that arrives in pieces), so the app refuses them itself.
Raw requests on a socket, to the app served by uvicorn on 127.0.0.1.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest

from tests.servers import ThreadedServer
from tidings.config import Settings
from tidings.store import SqlRepository
from tidings.web import create_app
from tidings.web.middleware.request_limits import MAX_HEADER_BYTES, MAX_HEADERS

HOST = "127.0.0.1"


@pytest.fixture
def server(settings: Settings, sqlite_repository: SqlRepository) -> Iterator[ThreadedServer]:
    with ThreadedServer(create_app(settings, repository=sqlite_repository)) as running:
        yield running


def _ask(server: ThreadedServer, headers: list[tuple[str, str]]) -> tuple[int, dict[str, str]]:
    """The status and headers of the answer to ``GET /healthz`` with ``Host`` and
    ``headers``, sent as they are."""
    lines = [f"GET /healthz HTTP/1.1\r\nHost: {HOST}\r\n"]
    lines += [f"{name}: {value}\r\n" for name, value in headers]
    with socket.create_connection((HOST, server.port)) as conn:
        conn.settimeout(10)
        conn.sendall(("".join(lines) + "\r\n").encode("latin-1"))
        reader = conn.makefile("rb")
        status = int(reader.readline().split()[1])
        answer = {}
        while (line := reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            answer[name.strip().lower()] = value.strip()
    return status, answer


def _padding(total: int) -> list[tuple[str, str]]:
    """One header that brings names and values, ``Host`` included, to ``total`` bytes."""
    used = len("host") + len(HOST) + len("x-pad")
    return [("X-Pad", "a" * (total - used))]


def test_a_100_kb_header_is_431(server: ThreadedServer) -> None:
    status, headers = _ask(server, [("X-Big", "a" * 100_000)])
    assert status == 431
    assert headers["connection"] == "close"
    assert "frame-ancestors 'none'" in headers["content-security-policy"]


def test_2000_headers_are_431(server: ThreadedServer) -> None:
    status, _ = _ask(server, [(f"X-Header-{n}", "v") for n in range(2000)])
    assert status == 431


def test_a_normal_request_and_the_limits_themselves_pass(server: ThreadedServer) -> None:
    assert _ask(server, [("Accept", "text/html"), ("Cookie", "a=" + "b" * 4000)])[0] == 200
    most = [(f"X-Header-{n}", "v") for n in range(MAX_HEADERS - 1)]  # and Host
    assert _ask(server, most)[0] == 200
    assert _ask(server, [*most, ("X-One-More", "v")])[0] == 431
    assert _ask(server, _padding(MAX_HEADER_BYTES))[0] == 200
    assert _ask(server, _padding(MAX_HEADER_BYTES + 1))[0] == 431
