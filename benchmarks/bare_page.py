"""The baseline: a bare Starlette app that returns a file's bytes as HTML."""

from __future__ import annotations

import sys
from pathlib import Path

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

BODY = Path(sys.argv[1]).read_bytes()


async def page(request: Request) -> Response:
    return Response(BODY, media_type="text/html; charset=utf-8")


async def health(request: Request) -> Response:
    return Response(b"ok")


app = Starlette(routes=[Route("/", page), Route("/healthz", health)])

if __name__ == "__main__":
    uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[2]), log_level="warning")
