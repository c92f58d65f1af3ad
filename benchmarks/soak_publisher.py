"""The soak's publishers, in their own process: outlets that keep publishing while it runs.

    python benchmarks/soak_publisher.py INITIAL PER_MINUTE TOTAL DEMO_RELEASE_SECONDS

- *Bulk outlets* (``bulk_publisher.build_site``, 8 outlets, ``TOTAL`` articles, one RSS
  2.0 feed each): the first ``INITIAL`` articles are out at start, then one more every
  ``60 / PER_MINUTE`` seconds, in the site's order (an event's outlets publish close
  together, so stories grow). A feed lists its outlet's 30 newest released articles; an
  article not yet released is a 404, as on the demo.
- *The demo outlets* (``tidings.demo``), whose held-back articles go live one per
  ``DEMO_RELEASE_SECONDS``.

Both listen on 127.0.0.1, on ports the system picks. The process prints one line,
``ready BULK_BASE DEMO_BASE``, then serves until it is terminated. ``GET /stats`` on the
bulk base answers JSON: articles released, feed and page requests served.
"""

from __future__ import annotations

import json
import socket
import sys
import threading
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from xml.sax.saxutils import escape

import uvicorn

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.bulk_publisher import BulkArticle, build_site  # noqa: E402
from tidings.demo import create_publisher_app  # noqa: E402

__all__ = ["DripSchedule", "DripSite", "bulk_feed_urls", "rss_feed"]

OUTLETS = 8
FEED_ITEMS = 30


def bulk_feed_urls(base_url: str) -> list[str]:
    """The bulk outlets' feed URLs on the publisher at ``base_url``."""
    return [f"{base_url}/{n:02d}/feed.xml" for n in range(OUTLETS)]


class DripSchedule:
    """Which of ``total`` articles are out ``elapsed`` seconds after the start."""

    def __init__(self, initial: int, per_minute: float, total: int) -> None:
        if initial < 0 or per_minute < 0 or total < initial:
            raise ValueError("need 0 <= initial <= total and a rate >= 0")
        self.initial, self.per_minute, self.total = initial, per_minute, total

    def released(self, elapsed: float) -> int:
        """How many articles are out, the first ones first."""
        more = int(max(elapsed, 0.0) * self.per_minute / 60.0)
        return min(self.total, self.initial + more)

    def release_offset(self, index: int) -> float:
        """Seconds after the start at which article ``index`` goes out (before: negative,
        a minute apart, so the first feed already reads newest first)."""
        if index < self.initial:
            return float(index - self.initial) * 60.0
        return (index - self.initial + 1) * 60.0 / self.per_minute


def rss_feed(
    base_url: str, outlet: str, items: list[tuple[BulkArticle, datetime]], built: datetime
) -> bytes:
    """An RSS 2.0 feed of ``items`` (article, publication time), in the order given."""
    entries = "".join(
        f"<item><title>{escape(a.title)}</title><link>{escape(base_url + a.path)}</link>"
        f'<guid isPermaLink="true">{escape(base_url + a.path)}</guid>'
        f"<pubDate>{format_datetime(when)}</pubDate>"
        f"<description>{escape(a.lead[:300])}</description></item>"
        for a, when in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
        f"<title>{escape(outlet)}</title><link>{escape(base_url)}/</link>"
        f"<description>Soak outlet {escape(outlet)}</description>"
        f"<lastBuildDate>{format_datetime(built)}</lastBuildDate>{entries}</channel></rss>"
    ).encode()


class DripSite:
    """The bulk outlets' pages and feeds as the schedule releases them."""

    def __init__(self, base_url: str, schedule: DripSchedule) -> None:
        per_outlet = -(-schedule.total // OUTLETS)
        site = build_site(base_url, outlets=OUTLETS, per_outlet=per_outlet)
        self.base_url = base_url
        self.schedule = schedule
        self.articles = site.articles[: schedule.total]
        self.bodies = site.bodies
        self.index = {a.path: i for i, a in enumerate(self.articles)}
        self.start = time.monotonic()
        self.started_at = datetime.now(UTC)
        self.counts = {"feed_requests": 0, "page_requests": 0}
        self._lock = threading.Lock()

    def released(self) -> int:
        return self.schedule.released(time.monotonic() - self.start)

    def answer(self, path: str) -> tuple[int, str, bytes]:
        """Status, content type and body for ``path``."""
        released = self.released()
        if path == "/stats":
            with self._lock:
                stats = {"released": released, **self.counts}
            return 200, "application/json", json.dumps(stats).encode()
        if path == "/robots.txt":
            return 200, "text/plain; charset=utf-8", self.bodies[path]
        outlet = path.removesuffix("/feed.xml").strip("/")
        if path.endswith("/feed.xml") and outlet.isdigit() and int(outlet) < OUTLETS:
            self._count("feed_requests")
            return 200, "application/rss+xml; charset=utf-8", self._feed(outlet, released)
        number = self.index.get(path)
        if number is None or number >= released:
            return 404, "text/plain; charset=utf-8", b"not found"
        self._count("page_requests")
        return 200, "text/html; charset=utf-8", self.bodies[path]

    def _count(self, key: str) -> None:
        with self._lock:
            self.counts[key] += 1

    def _feed(self, outlet: str, released: int) -> bytes:
        mine = [
            (a, self.started_at + timedelta(seconds=self.schedule.release_offset(i)))
            for i, a in enumerate(self.articles[:released])
            if a.outlet == f"bulk-{outlet}"
        ]
        newest = sorted(mine, key=lambda item: item[1], reverse=True)[:FEED_ITEMS]
        return rss_feed(self.base_url, f"Soak Outlet {outlet}", newest, datetime.now(UTC))


def _demo_in_thread(release_interval: float) -> str:
    """The demo publisher on a free port, served by uvicorn on a daemon thread."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    app = create_publisher_app(release_interval=release_interval)
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True).start()
    return f"http://127.0.0.1:{port}"


def main(argv: list[str]) -> None:
    initial, per_minute, total, demo_release = argv
    with ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler) as server:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        site = DripSite(base, DripSchedule(int(initial), float(per_minute), int(total)))

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                status, kind, body = site.answer(self.path.split("?", 1)[0])
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:
                pass

        server.RequestHandlerClass = Handler
        server.daemon_threads = True
        demo = _demo_in_thread(float(demo_release))
        print(f"ready {base} {demo}", flush=True)
        server.serve_forever()


if __name__ == "__main__":
    main(sys.argv[1:])
