"""The search page: words over titles and bodies, with filters and marked snippets, paged
by rank cursors; when the words match little, a spelling correction from the index's own
words ("did you mean", or its results shown outright when the typed words found nothing)
and articles near in meaning follow."""

from __future__ import annotations

from dataclasses import replace
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse

from tidings.pipeline.search_spelling import corrected_query
from tidings.pipeline.semantic_search import SemanticSearch
from tidings.store import Repository
from tidings.store.search import RankCursor, SearchHit, SearchQuery, query_words
from tidings.web.feeds.feed_formats import alternates
from tidings.web.i18n import gettext as _
from tidings.web.presentation.labels import all_labels, categories
from tidings.web.presentation.paging import pager
from tidings.web.presentation.presenters import card, language_name
from tidings.web.routing.params import day_span, parse_day, parse_id
from tidings.web.routing.slow_lists import slow_list
from tidings.web.routing.view_context import (
    check_language,
    now,
    repository,
    settings,
    sources_by_id,
    templates,
)

router = APIRouter()

# Fewer full-text hits than this (on a search's first page) and the words are checked
# for misspellings, and articles near in meaning are shown after them, at most
# MEANING_ITEMS.
MEANING_BELOW = 5
MEANING_ITEMS = 10
LIKE_HITS = 3  # the best full-text hits whose vectors also look for articles like them


def search_query(
    q: str,
    *,
    source: str = "",
    category: str | None = None,
    language: str | None = None,
    type: str | None = None,
    since: str | None = None,
    until: str | None = None,
    limit: int = 20,
) -> SearchQuery:
    """The query a search form (or a search's feed URL) asks; 422 for malformed filters
    (a source number no source can have among them)."""
    first, last = parse_day(since, _("From")), parse_day(until, _("To"))
    source_id = parse_id(source) if source else None
    if source and source_id is None:
        raise HTTPException(status_code=422, detail=_("Outlet must be a source number."))
    start, end = day_span(first, last)
    return SearchQuery(
        text=q,
        source_id=source_id,
        category=category or None,
        language=language or None,
        article_type=type or None,
        since=start,
        until=end,
        limit=limit,
    )


def semantic_search(request: Request) -> SemanticSearch:
    """The app's search by meaning, made on first use (it loads nothing until asked)."""
    found: SemanticSearch | None = getattr(request.app.state, "semantic_search", None)
    if found is None:
        found = SemanticSearch(settings(request), store=repository(request).stories)
        request.app.state.semantic_search = found
    return found


def _by_meaning(request: Request, query: SearchQuery, shown: list[SearchHit]) -> list[SearchHit]:
    """Articles nearest in meaning to the query, through its filters, none of ``shown``."""
    finder = semantic_search(request)
    best = [h.article for h in shown[:LIKE_HITS]]
    near = finder.nearest(query.text, like=[a.id for a in best])
    if not near:
        return []
    repo = repository(request)
    # The same story as the best hits, in any language (the story stage joined them by
    # their multilingual vectors): as near as the floor at least.
    floor = min(score for _, score in near)
    for story_id in dict.fromkeys(a.story_id for a in best if a.story_id):
        members = repo.stories.story_articles(story_id, include_copies=False)[: MEANING_ITEMS * 3]
        near += [(a.id, floor) for a in members]
    hits = repo.search.search_near(
        replace(query, limit=MEANING_ITEMS * 3, after=None, before=None),
        near,
        exclude={h.article.id for h in shown},
    )
    return [h for h in hits if finder.close_enough(h.rank, h.article.language)][:MEANING_ITEMS]


def _spelling(
    repo: Repository, query: SearchQuery, shown: list[SearchHit], size: int
) -> tuple[str | None, list[SearchHit], str | None]:
    """A correction of the query's words worth offering (its own search finds articles),
    and, when the typed words found nothing, that search's first page and next token."""
    better = corrected_query(repo.search, query.text)
    if better is None:
        return None, [], None
    fixed = replace(query, text=better)
    if shown:
        return (better if repo.search.search(replace(fixed, limit=1)) else None), [], None
    found, _previous, next_ = _results_page(repo, fixed, size, None, None)
    return (better if found else None), found, next_


def _results_page(
    repo: Repository, query: SearchQuery, size: int, after: str | None, before: str | None
) -> tuple[list[SearchHit], str | None, str | None]:
    """One page of full-text hits with the tokens of the pages before and after it."""
    back = RankCursor.from_token(before) if not after else None
    if back is not None:
        found = repo.search.search(replace(query, before=back, limit=size + 1))
        if len(found) > size:  # else this is the first page: shown below, full
            shown = found[-size:]
            return shown, _token(shown[0]), _token(shown[-1])
    on = RankCursor.from_token(after)
    found = repo.search.search(replace(query, after=on, limit=size + 1))
    shown = found[:size]
    previous = _token(shown[0]) if on is not None and shown else None
    return shown, previous, _token(shown[-1]) if len(found) > size else None


def _search_href(lang: str, params: dict[str, str], q: str | None, **extra: str) -> str:
    """The search page for ``q`` with the same filters."""
    if q is None:
        return ""
    asked = {k: v for k, v in params.items() if v and k not in ("q", "spell")}
    return f"/{lang}/search?" + urlencode({"q": q, **asked, **extra})


def _token(hit: SearchHit) -> str | None:
    return hit.cursor.token() if hit.cursor is not None else None


@router.api_route("/{lang}/search", methods=["GET", "HEAD"], response_class=HTMLResponse)
def search_page(
    request: Request,
    lang: str,
    q: str = "",
    source: str = "",
    category: str | None = None,
    language: str | None = None,
    type: str | None = None,
    since: str | None = None,
    until: str | None = None,
    after: str | None = None,
    before: str | None = None,
    spell: str = "",
) -> HTMLResponse:
    """Articles with every word of ``q`` in their title or body, best first, filtered by
    outlet, category, language, article type and dates; when the words match few, a
    spelling correction (``spell=0``: the words as typed, none applied) and articles
    near in meaning, in a block of their own."""
    check_language(lang)
    query = search_query(
        q,
        source=source,
        category=category,
        language=language,
        type=type,
        since=since,
        until=until,
    )
    repo = repository(request)
    sources = sources_by_id(request)
    asked = bool(query_words(q))
    shown: list[SearchHit] = []
    previous = next_ = None
    if asked:
        shown, previous, next_ = _results_page(
            repo, query, settings(request).page_size, after, before
        )
    few = asked and previous is None and len(shown) < MEANING_BELOW
    suggestion, instead = None, None
    size = settings(request).page_size
    if few:
        suggestion, corrected, fixed_next = _spelling(repo, query, shown, size)
        if corrected and spell != "0":  # nothing as typed: the correction's results
            instead, shown, next_ = q, corrected, fixed_next
            q, query = suggestion or q, replace(query, text=suggestion or q)
    near = _by_meaning(request, query, shown) if few else []
    moment = now(request)
    params = {k: v for k, v in request.query_params.items() if k not in ("after", "before")}
    if instead is not None:
        params = {**{k: v for k, v in params.items() if k != "spell"}, "q": q}
    filtered = {k: v for k, v in params.items() if k != "q"}
    return templates(request).TemplateResponse(
        request,
        "search.html",
        {
            "lang": lang,
            "nav": "search",
            "q": q,
            "asked": asked,
            "suggestion": None if instead is not None else suggestion,
            "suggestion_href": _search_href(lang, params, suggestion),
            "instead": instead,
            "instead_href": _search_href(lang, params, instead, spell="0"),
            "results": [(card(h.article, sources, moment, lang), h.snippet) for h in shown],
            "near": [card(h.article, sources, moment, lang) for h in near],
            "pager": pager(
                shown,
                path=f"/{lang}/search",
                params=params,
                previous=previous,
                next_=next_,
                names=("before", "after"),
            ),
            "pager_kind": "results",
            "filtered": any(filtered.values()),
            "alternates": alternates(
                lang,
                "/search",
                _("Search: %(words)s") % {"words": " ".join(q.split())},
                urlencode({k: v for k, v in params.items() if v}),
            )
            if asked
            else [],
            "query": query,
            "since": since or "",
            "until": until or "",
            "sources": sorted(
                ((s.id, s.title or s.feed_url) for s in sources.values()), key=lambda s: s[1]
            ),
            "categories": categories(),
            "languages": [
                (code, language_name(code, lang))
                for code, _ in slow_list(
                    request, "languages", moment, repo.stories.article_languages
                )
            ],
            "types": [(label.schema_type, label.name) for label in all_labels()],
        },
    )
