"""AI pages of an article: the panel alone, answers to questions, the translation.

Each is reachable by URL (the JSON API will mirror them); every one is a 404 when
``Settings.ai`` is off. ``/ask?partial=1`` answers with the answer alone, an HTML
fragment the article page's script puts into the panel, so that asking does not leave
the article; without a script the form loads the whole ``/ask`` page instead.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from tidings.errors import NotFound
from tidings.models import Article, ArticleState, DisplayPolicy, Source
from tidings.pipeline.ai_cache import AiCache, MemoryAiCache
from tidings.pipeline.article_ai import (
    MAX_QUESTION_CHARS,
    Embed,
    QuestionError,
    same_language,
    story_answer,
)
from tidings.pipeline.article_ai import question_embedder as embedder_for
from tidings.web.ai.panel import (
    ArticleAi,
    answer_question,
    article_ai,
    translation_for,
    translator_configured,
)
from tidings.web.i18n import gettext as _
from tidings.web.presentation.presenters import outlet_name
from tidings.web.routing.params import hex_id_or_404
from tidings.web.routing.view_context import (
    check_language,
    now,
    repository,
    settings,
    sources_by_id,
    story_or_404,
    templates,
)

router = APIRouter()
log = logging.getLogger(__name__)


def ai_cache(request: Request) -> AiCache:
    """The app's AI cache; an in-memory one is made on first use unless one was set."""
    state = request.app.state
    cache: AiCache | None = getattr(state, "ai_cache", None)
    if cache is None:
        cache = MemoryAiCache()
        state.ai_cache = cache
    return cache


def ai_enabled(request: Request) -> bool:
    """Whether the site shows AI at all (``TIDINGS_AI``)."""
    return settings(request).ai


def translation_ready(request: Request, source: str | None, lang: str) -> bool:
    """Whether this site can translate from ``source`` into ``lang``; remembered per
    process, since looking for Argos' language packages reads the disk (a package
    installed later is found after a restart)."""
    state = request.app.state
    known: dict[tuple[str | None, str], bool] | None = getattr(state, "translators", None)
    if known is None:
        known = state.translators = {}
    pair = (source, lang)
    if pair not in known:
        known[pair] = translator_configured(settings(request), source, lang)
    return known[pair]


def question_embedder(request: Request) -> Embed | None:
    """The sentence embedder for questions, when this install has the model (stories on)."""
    return embedder_for(settings(request))


def _article(request: Request, lang: str, article_id: str) -> tuple[Article, bool, str]:
    """The stored article, whether its full body is shown, and its outlet; 404s."""
    check_language(lang)
    if not ai_enabled(request):
        raise HTTPException(status_code=404, detail=_("AI features are turned off on this site."))
    hex_id_or_404(article_id, _("No such article."))
    try:
        article = repository(request).articles.get_article(article_id)
    except NotFound as exc:
        raise HTTPException(status_code=404, detail=_("No such article.")) from exc
    source = sources_by_id(request).get(article.source_id)
    if source is None:
        raise HTTPException(status_code=404, detail=_("No such article."))
    full = (
        article.state is not ArticleState.FAILED
        and bool(article.html)
        and source.display_policy is DisplayPolicy.FULL
    )
    return article, full, outlet_name(source)


def _panel(request: Request, article: Article, lang: str, full: bool) -> ArticleAi:
    panel = article_ai(
        article,
        settings(request),
        ai_cache(request),
        lang=lang,
        now=now(request),
        full=full,
        translate=translation_ready(request, article.language, lang),
    )
    if panel is None:
        raise HTTPException(status_code=404, detail=_("This article has no text to work with yet."))
    return panel


@router.api_route(
    "/{lang}/article/{article_id}/ai", methods=["GET", "HEAD"], response_class=HTMLResponse
)
def ai_page(request: Request, lang: str, article_id: str) -> Response:
    """The article's AI panel on a page of its own."""
    article, full, outlet = _article(request, lang, article_id)
    panel = _panel(request, article, lang, full)
    return templates(request).TemplateResponse(
        request,
        "ai.html",
        {"lang": lang, "article": article, "outlet": outlet, "ai": panel},
    )


@router.api_route(
    "/{lang}/article/{article_id}/ask", methods=["GET", "HEAD"], response_class=HTMLResponse
)
def ask_page(
    request: Request, lang: str, article_id: str, q: str = "", partial: str = ""
) -> Response:
    """An answer to a reader's question, cited; 422 for an empty or overlong question.
    With ``partial=1`` the answer alone (the panel's script asks for it)."""
    article, full, outlet = _article(request, lang, article_id)
    panel = _panel(request, article, lang, full)
    context = {"lang": lang, "article": article, "outlet": outlet, "ai": panel, "question": q}
    status = 200
    try:
        embed = question_embedder(request)
        context["answer"] = answer_question(panel, article, q, lang=lang, embed=embed)
    except QuestionError:
        context["question_error"] = _question_message(q)
        status = 422
    if partial == "1":
        return templates(request).TemplateResponse(
            request,
            "_ai_answer.html",
            context,
            status_code=status,
            headers={"X-Robots-Tag": "noindex"},
        )
    return templates(request).TemplateResponse(request, "ai.html", context, status_code=status)


def _question_message(question: str, *, story: bool = False) -> str:
    """Why a question was refused (``QuestionError``), in the reader's language."""
    if not question.strip():
        if story:
            return _("Type a question about the story first.")
        return _("Type a question about the article first.")
    return _(
        "That question is too long to answer: it has %(length)d characters, at most "
        "%(limit)d. Please shorten it."
    ) % {"length": len(" ".join(question.split())), "limit": MAX_QUESTION_CHARS}


@router.api_route(
    "/{lang}/article/{article_id}/translate", methods=["GET", "HEAD"], response_class=HTMLResponse
)
def translate_page(request: Request, lang: str, article_id: str) -> Response:
    """The article machine-translated into the UI language. An article already in that
    language redirects to itself; where no translator is set up there is no such page
    (operators learn how to add one from ``tidings doctor``)."""
    article, _full, outlet = _article(request, lang, article_id)
    original = f"/{lang}/article/{article.id}"
    if not (article.text or "").strip():
        raise HTTPException(status_code=404, detail=_("This article has no text to translate yet."))
    if not translation_ready(request, article.language, lang):
        if same_language(article.language, lang):
            return RedirectResponse(original, status_code=307)
        raise HTTPException(status_code=404, detail=_("This site cannot translate articles."))
    view = translation_for(
        article, settings(request), ai_cache(request), lang=lang, now=now(request)
    )
    if view.same_language:  # the translator found the text already in this language
        return RedirectResponse(original, status_code=307)
    if view.unavailable:
        raise HTTPException(status_code=404, detail=_("This site cannot translate articles."))
    status = 502 if view.error else 200
    return templates(request).TemplateResponse(
        request,
        "translate.html",
        {"lang": lang, "article": article, "outlet": outlet, "t": view},
        status_code=status,
    )


@router.api_route(
    "/{lang}/story/{story_id}/ask", methods=["GET", "HEAD"], response_class=HTMLResponse
)
def story_ask_page(
    request: Request, lang: str, story_id: str, q: str = "", partial: str = ""
) -> Response:
    """A question answered from every outlet's article of a story, each sentence cited
    with its outlet; 422 for an empty or overlong question. With ``partial=1`` the answer
    alone (the story page's script asks for it)."""
    check_language(lang)
    if not ai_enabled(request):
        raise HTTPException(status_code=404, detail=_("AI features are turned off on this site."))
    story = story_or_404(request, story_id)
    repo = repository(request)
    sources = sources_by_id(request)
    members = [a for a in repo.stories.story_articles(story.id, include_copies=False) if a.text]
    context: dict[str, object] = {"lang": lang, "story": story, "question": q}
    try:
        answer = story_answer(members, q, embed=question_embedder(request))
    except QuestionError:
        context["question_error"] = _question_message(q, story=True)
        return _story_answer(request, context, partial=partial == "1", status=422)
    by_id = {a.id: a for a in members}
    context["citations"] = [
        StoryCitation(
            text=c.sentence.text,
            outlet=outlet_name(sources.get(by_id[c.article_id].source_id)),
            href=_story_citation_href(lang, by_id[c.article_id], sources, c.sentence_id),
        )
        for c in answer.citations
        if c.article_id in by_id
    ]
    return _story_answer(request, context, partial=partial == "1", status=200)


def _story_answer(
    request: Request, context: dict[str, object], *, partial: bool, status: int
) -> Response:
    """The answer page, or with ``partial`` the answer alone for the story page's script."""
    if partial:
        return templates(request).TemplateResponse(
            request,
            "_story_answer.html",
            context,
            status_code=status,
            headers={"X-Robots-Tag": "noindex"},
        )
    return templates(request).TemplateResponse(
        request, "story_ask.html", context, status_code=status
    )


@dataclass(frozen=True, slots=True)
class StoryCitation:
    """One sentence of a story answer: its words, its outlet, where it stands."""

    text: str
    outlet: str
    href: str


def _story_citation_href(
    lang: str, article: Article, sources: dict[int, Source], sentence_id: str
) -> str:
    # The sentence anchor exists only where the page shows the full body.
    source = sources.get(article.source_id)
    full = source is not None and source.display_policy is DisplayPolicy.FULL
    return f"/{lang}/article/{article.id}" + (f"#{sentence_id}" if full else "")
