"""The web site: server-rendered pages."""

from __future__ import annotations

from tidings.web.app import create_app

__all__ = ["create_app"]
