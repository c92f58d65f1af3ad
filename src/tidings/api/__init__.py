"""The reader-app APIs (issue #18): the Fever API today; the Google Reader API and a
Miniflux-compatible ``/v1`` build on the same helpers.

- ``auth``: who an app is (app password, Basic, token, Fever key); never the session cookie.
- ``ids``: the id forms the protocols use (64-bit items, hex, folders as integers).
- ``items``: an article as the apps receive it (sanitised HTML honouring the display
  policy, author, times).
- ``fever``: ``/api/fever.php`` and ``/fever/``.
- ``greader``: the Google Reader API, ``/api/greader.php`` and ``/reader/api/0/``.
- ``v1``: the Miniflux-compatible REST API at ``/v1`` with ``/v1/openapi.json``.

Like the web, the API reaches the stages only through the flow and keeps its state in
the store (the layer contracts in ``pyproject.toml``).
"""

from __future__ import annotations

from fastapi import FastAPI

from tidings.api import fever, greader
from tidings.api.auth import install_auth
from tidings.api.v1 import install_v1

__all__ = ["install_api"]


def install_api(app: FastAPI) -> None:
    """Mount the reader-app APIs on the site (after ``app.state.repository`` is set)."""
    install_auth(app)
    app.include_router(fever.router)
    app.include_router(greader.router)
    install_v1(app)
