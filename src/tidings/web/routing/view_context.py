"""What every view needs: the repository, the clock, the language check."""

from __future__ import annotations

from datetime import datetime

from fastapi import HTTPException, Request
from fastapi.templating import Jinja2Templates

from tidings.config import Settings
from tidings.errors import NotFound
from tidings.models import Source, Story
from tidings.store import Repository
from tidings.web.i18n import LANGUAGES, N_, set_language
from tidings.web.routing.params import is_hex_id


def check_language(lang: str) -> str:
    """The UI language from the URL prefix; 404 for one we do not speak."""
    if lang not in LANGUAGES:
        raise HTTPException(status_code=404, detail=N_("There are no pages in this language."))
    set_language(lang)
    return lang


def repository(request: Request) -> Repository:
    """The app's repository."""
    repo: Repository = request.app.state.repository
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
    return {s.id: s for s in repository(request).sources.list_sources(with_counts=False)}


class StoryMoved(Exception):
    """A story was merged into another: answered with a permanent redirect to ``url``."""

    def __init__(self, url: str) -> None:
        super().__init__(url)
        self.url = url


def story_or_404(request: Request, story_id: str) -> Story:
    """The story ``story_id`` names; ``StoryMoved`` to the same address under the story
    that absorbed it when it was merged; 404 when there is no such story."""
    missing = HTTPException(status_code=404, detail=N_("No such story."))
    if not is_hex_id(story_id):
        raise missing
    repo = repository(request)
    try:
        return repo.stories.get_story(story_id)
    except NotFound:
        into = repo.stories.story_merged_into(story_id)
        if into is None:
            raise missing from None
        url = request.url.path.replace(f"/story/{story_id}", f"/story/{into}", 1)
        raise StoryMoved(f"{url}?{request.url.query}" if request.url.query else url) from None
