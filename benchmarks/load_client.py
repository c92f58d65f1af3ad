"""A load generator, run as its own process: fixed concurrency, fixed duration, many paths.

    python benchmarks/load_client.py HOST PORT PATHS_FILE CONCURRENCY WARMUP_S DURATION_S
    python benchmarks/load_client.py --once HOST PORT PATHS_FILE CONCURRENCY

Each of CONCURRENCY workers keeps one HTTP/1.1 keep-alive connection and asks for the
paths in PATHS_FILE (one a line) in turn, each worker starting at another place in the
list. Requests started in the first WARMUP_S seconds are not counted; requests started
in the next DURATION_S are. One JSON line goes to stdout: requests, errors, requests/s,
p50 and p99 in milliseconds, and every answer, warm-up included (``answered``).

With ``--once`` the workers share the list and ask for each path once (a visit before a
measurement, as readers who came before would have); the JSON line then gives requests,
errors and seconds.

With ``LOAD_COOKIE`` set in the environment, every request sends it as its ``Cookie``
header (a signed-in reader).

It speaks just enough HTTP (GET, a Content-Length body) to be cheap: an httpx client costs
more per request than a bare Starlette page does, and would measure itself.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import time
from pathlib import Path

__all__ = ["load"]

_COOKIE = f"Cookie: {os.environ['LOAD_COOKIE']}\r\n" if os.environ.get("LOAD_COOKIE") else ""


async def _get(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, request: bytes
) -> tuple[int, int]:
    """Send one request and read its whole answer: (status, body bytes)."""
    writer.write(request)
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    status = int(lines[0].split(b" ", 2)[1])
    length = next(
        (
            int(v)
            for k, _, v in (h.partition(b":") for h in lines[1:])
            if k.lower() == b"content-length"
        ),
        None,
    )
    if length is None:
        raise ValueError("no Content-Length")
    body = await reader.readexactly(length)
    return status, len(body)


async def load(
    host: str, port: int, paths: list[str], concurrency: int, warmup: float, duration: float
) -> dict[str, float]:
    """Load ``host:port`` with ``paths`` and measure; see the module docstring."""
    latencies: list[float] = []
    errors = 0
    answered = 0  # every answer, warm-up included (for the server's CPU per request)
    begin = time.perf_counter()
    counted_from, until = begin + warmup, begin + warmup + duration

    async def worker(offset: int) -> None:
        nonlocal errors, answered
        reader, writer = await asyncio.open_connection(host, port)
        n = offset
        try:
            while True:
                path = paths[n % len(paths)]
                n += 1
                request = (
                    f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\n"
                    f"User-Agent: tidings-bench\r\n{_COOKIE}\r\n"
                ).encode()
                start = time.perf_counter()
                if start >= until:
                    return
                try:
                    status, _ = await _get(reader, writer, request)
                except (OSError, ValueError, asyncio.IncompleteReadError):
                    status = 0
                    writer.close()
                    reader, writer = await asyncio.open_connection(host, port)
                end = time.perf_counter()
                answered += 1
                if start >= counted_from and end <= until:
                    if status == 200:
                        latencies.append(end - start)
                    else:
                        errors += 1
        finally:
            writer.close()

    step = max(1, len(paths) // concurrency)
    await asyncio.gather(*(worker(i * step) for i in range(concurrency)))
    ordered = sorted(latencies)
    count = len(ordered)
    return {
        "requests": count,
        "errors": errors,
        "rps": count / duration,
        "p50_ms": ordered[count // 2] * 1000 if count else float("nan"),
        "p99_ms": ordered[max(0, int(count * 0.99) - 1)] * 1000 if count else float("nan"),
        "answered": answered,
    }


async def visit(host: str, port: int, paths: list[str], concurrency: int) -> dict[str, float]:
    """Ask for every path once, ``concurrency`` at a time."""
    todo = iter(paths)
    errors = 0
    begin = time.perf_counter()

    async def worker() -> None:
        nonlocal errors
        reader, writer = await asyncio.open_connection(host, port)
        try:
            for path in todo:
                request = f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\n{_COOKIE}\r\n".encode()
                status, _ = await _get(reader, writer, request)
                errors += status != 200
        finally:
            writer.close()

    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return {"requests": len(paths), "errors": errors, "seconds": time.perf_counter() - begin}


def main(argv: list[str]) -> None:
    try:
        import uvloop

        asyncio.set_event_loop_policy(uvloop.EventLoopPolicy())
    except ImportError:  # pragma: no cover - uvloop comes with uvicorn[standard]
        pass
    if argv[0] == "--once":
        host, port, paths_file, concurrency = argv[1:]
        paths = [p for p in Path(paths_file).read_text().splitlines() if p]
        print(json.dumps(asyncio.run(visit(host, int(port), paths, int(concurrency)))))
        return
    host, port, paths_file, concurrency, warmup, duration = argv
    paths = [p for p in Path(paths_file).read_text().splitlines() if p]
    result = asyncio.run(
        load(host, int(port), paths, int(concurrency), float(warmup), float(duration))
    )
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1:])
