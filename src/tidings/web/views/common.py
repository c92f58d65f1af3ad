"""What every view needs: the repository, the clock, the language check."""

from __future__ import annotations

from datetime import datetime

from fastapi import HTTPException, Request
from fastapi.templating import Jinja2Templates

from tidings.config import Settings
from tidings.models import Source
from tidings.store import SqlRepository
from tidings.web.i18n import LANGUAGES, N_, set_language


def check_language(lang: str) -> str:
    """The UI language from the URL prefix; 404 for one we do not speak."""
    if lang not in LANGUAGES:
        raise HTTPException(status_code=404, detail=N_("There are no pages in this language."))
    set_language(lang)
    return lang


def repository(request: Request) -> SqlRepository:
    """The app's repository."""
    repo: SqlRepository = request.app.state.repository
    return repo


def settings(request: Request) -> Settings:
    """The app's settings."""
    value: Settings = request.app.state.settings
    return value


def templates(request: Request) -> Jinja2Templates:
    """The app's template environment."""
    value: Jinja2Templates = request.app.state.templates
    return value


def now(request: Request) -> datetime:
    """The current time by the app's clock."""
    value: datetime = request.app.state.clock()
    return value


def sources_by_id(request: Request) -> dict[int, Source]:
    """Every source by id, without article counts (cheap)."""
    return {s.id: s for s in repository(request).list_sources(with_counts=False)}
