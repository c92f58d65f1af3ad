"""The article's AI outputs, made or read from the cache: key points, answers, translations.

Request-free: these take an article, the settings and an ``AiCache`` and return plain
payloads (JSON-ready dicts, as they are cached) or values; ``web/ai/panel.py`` turns them
into what a page shows, in the reader's language. Payloads keep English words ("producer"),
so one cache serves every UI language.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from tidings.ai.ask import MAX_QUESTION_CHARS, Answer, QuestionError, ask_story, ask_with_fallback
from tidings.ai.backends import AIError, ArgosTranslator, ChatBackend, primary_language
from tidings.ai.keypoints import Embed, key_points
from tidings.ai.model_server import OpenAICompatible
from tidings.ai.rewrite import Citation as RewriteCitation
from tidings.ai.rewrite import CitedSentence, rewrite_sentences
from tidings.ai.sentence_anchors import AnchoredBody, anchor_sentences
from tidings.ai.translate import choose_translator, content_hash, translate_article
from tidings.config import Settings
from tidings.models import Article
from tidings.pipeline.ai_cache import AiCache, ai_cache_key, server_backend

__all__ = [
    "EXTRACTIVE",
    "JSON",
    "LOCAL_PRODUCER",
    "MAX_QUESTION_CHARS",
    "ChatFactory",
    "Embed",
    "QuestionError",
    "Translated",
    "anchored_body",
    "anchored_body_key",
    "anchored_body_payload",
    "answer",
    "extracted_key_points",
    "extracted_key_points_key",
    "key_points_payload",
    "question_embedder",
    "rewrite_cited",
    "rewriter_for",
    "same_language",
    "story_answer",
    "translated",
    "translator_configured",
]

log = logging.getLogger(__name__)

# What a cached payload records as its producer; the web layer marks these same words
# for the catalogs and shows them translated.
EXTRACTIVE = "extractive, on this server"
LOCAL_PRODUCER = ("local", "extractive")  # backend and model of what runs without a model server
JSON = dict[str, Any]
ChatFactory = Callable[[], ChatBackend]


def key_points_payload(
    article: Article, settings: Settings, cache: AiCache, *, now: datetime, chat: ChatFactory | None
) -> JSON:
    """The article's key points, reworded when a model server is set up for it.

    When rewording fails the extracted points come back with ``"failed"``, the error's
    words (that payload is not cached, so the next page asks again).
    """
    local_key = extracted_key_points_key(article)
    extractive = cache.get(local_key)
    if extractive is None:  # made by the story stage; else on this first view
        extractive = extracted_key_points(article, now=now)
        cache.put(local_key, extractive)
    rewriter = rewriter_for(settings, chat)
    if rewriter is None or not extractive["points"]:
        return extractive
    factory, model = rewriter
    digest = content_hash(article.title, article.text or "")
    language = article.language or "und"
    key = ai_cache_key("key-points", article.id, digest, language, server_backend(settings), model)
    cached = cache.get(key)
    if cached is not None:
        return cached
    items = [
        CitedSentence(p["text"], (RewriteCitation(article.id, n, p["text"]),))
        for n, p in enumerate(extractive["points"])
    ]
    try:
        result = rewrite_cited(items, factory, now=now)
    except AIError as exc:
        log.warning("rewording key points of %s failed: %s", article.id, exc)
        return {**extractive, "failed": str(exc)}
    payload = {
        "points": [
            {"sentence_id": p["sentence_id"], "text": s.text, "reworded": s.rewritten}
            for p, s in zip(extractive["points"], result.sentences, strict=True)
        ],
        "producer": f"reworded by {result.backend}, model {result.model}, from sentences "
        "extracted on this server",
        "rewriter": {"backend": result.backend, "model": result.model},
        "made_at": result.created_at.astimezone(UTC).isoformat(),
    }
    cache.put(key, payload)
    return payload


def extracted_key_points_key(article: Article) -> str:
    """The cache key of the article's extracted key points: its id, title, text and
    language (the story stage stores the article's language before the page reads it)."""
    digest = content_hash(article.title, article.text or "")
    language = article.language or "und"
    return ai_cache_key("key-points", article.id, digest, language, *LOCAL_PRODUCER)


def extracted_key_points(article: Article, *, now: datetime) -> JSON:
    """The article's key points as picked on this server, as the panel's cache keeps them
    (``made_at`` is ``now``). The story stage makes them once per article, so that a page
    view only reads them."""
    points = key_points(article.text or "", title=article.title, language=article.language)
    return {
        "points": [
            {"sentence_id": p.sentence.id, "text": p.sentence.text, "reworded": False}
            for p in points
        ],
        "producer": EXTRACTIVE,
        "made_at": now.astimezone(UTC).isoformat(),
    }


def anchored_body_key(article: Article, cited: Sequence[str]) -> str:
    """The cache key of the article's body with sentence anchors: what it is made from,
    the HTML, the text and the cited sentences (placed first)."""
    made_from = hashlib.sha256(
        f"{article.html or ''}\0{article.text or ''}".encode("utf-8", "surrogatepass")
    ).hexdigest()
    return ai_cache_key(
        "anchored-body", article.id, f"{made_from} {' '.join(cited)}", "und", *LOCAL_PRODUCER
    )


def anchored_body_payload(article: Article, cited: Sequence[str]) -> JSON:
    """The article's body with sentence anchors, as the cache keeps it."""
    body = anchor_sentences(article.html or "", article.text or "", first=cited)
    return {"html": body.html, "anchors": sorted(body.anchors)}


def anchored_body(article: Article, cited: Sequence[str], cache: AiCache) -> AnchoredBody:
    """The body HTML the article page shows, with an anchor on each sentence it can place
    (the ``cited`` ones first): made once by the story stage; else (an article stored
    before, or an outlet shown in full since) made here, not kept: storing it cost a view
    more than making it."""
    payload = cache.get(anchored_body_key(article, cited))
    if payload is None:
        return anchor_sentences(article.html or "", article.text or "", first=cited)
    return AnchoredBody(payload["html"], frozenset(payload["anchors"]))


def rewriter_for(settings: Settings, chat: ChatFactory | None) -> tuple[ChatFactory, str] | None:
    """A way to reach the model server for rewording, when settings ask for it."""
    if not (settings.ai_rewrite and settings.ai_server_url and settings.ai_model):
        return None
    url, model, key = settings.ai_server_url, settings.ai_model, settings.ai_api_key
    timeout = settings.ai_timeout_seconds

    def connect() -> ChatBackend:
        return OpenAICompatible(url, model, key, timeout=timeout)

    return chat or connect, model


def rewrite_cited(items: Sequence[CitedSentence], factory: ChatFactory, *, now: datetime) -> Any:
    """Reword ``items`` on a backend from ``factory``, closing it afterwards."""
    backend = factory()
    try:
        return rewrite_sentences(items, backend, now=lambda: now)
    finally:
        close = getattr(backend, "close", None)
        if callable(close):
            close()


def answer(article: Article, question: str, *, embed: Embed | None) -> Answer:
    """Answer a reader's question from the article; raises ``QuestionError`` for a bad one."""
    return ask_with_fallback(
        question, article.text or "", article_id=article.id, language=article.language, embed=embed
    )


def story_answer(articles: Sequence[Article], question: str, *, embed: Embed | None) -> Answer:
    """Answer a question from a story's articles; raises ``QuestionError`` for a bad one."""
    return ask_story(question, {a.id: a.text or "" for a in articles}, embed=embed)


def question_embedder(settings: Settings) -> Embed | None:
    """The sentence embedder for questions, when this install has the model (stories on)."""
    if not settings.stories:
        return None
    # Loaded on first use: the story stage's model is large and most pages never ask.
    from tidings.pipeline.story_stage import shared_embedder

    embedder = shared_embedder(
        settings.embedding_model,
        settings.embedding_backend,
        settings.model_cache_dir,
        settings.embedding_threads,
    )
    return embedder.embed


def same_language(language: str | None, other: str) -> bool:
    """Whether a known ``language`` and ``other`` are one language ("en-GB" and "en")."""
    return bool(language) and primary_language(language or "") == primary_language(other)


@dataclass(frozen=True, slots=True)
class Translated:
    """An article translated, or why not (``unavailable``, ``error``, ``same_language``)."""

    title: str | None = None
    paragraphs: tuple[str, ...] = ()
    backend: str | None = None
    model: str | None = None
    made_at: datetime | None = None
    unavailable: bool = False
    error: str | None = None
    same_language: bool = False


def translator_configured(settings: Settings, source: str | None, target: str) -> bool:
    """Whether a translator from ``source`` into ``target`` is set up here, asking no
    server: the model server when one is configured, else Argos Translate with the pair's
    package. An article of unknown language can go to the model server only."""
    if same_language(source, target):
        return False
    if settings.ai_server_url and settings.ai_model:
        return True
    return bool(source) and ArgosTranslator(source or "", target).available()[0]


def translated(article: Article, settings: Settings, cache: AiCache, *, lang: str) -> Translated:
    """The article in ``lang``, from the cache or the translator ``choose_translator`` picks."""
    source = article.language
    if same_language(source, lang):
        return Translated(same_language=True)
    translator = choose_translator(
        source=source,
        target=lang,
        server_url=settings.ai_server_url,
        model=settings.ai_model,
        api_key=settings.ai_api_key,
        timeout=settings.ai_timeout_seconds,
    )
    if translator is None:
        return Translated(unavailable=True)
    text = article.text or ""
    digest = content_hash(article.title, text)
    backend = translator.name
    if backend == OpenAICompatible.name:
        backend = server_backend(settings)
    key = ai_cache_key("translation", article.id, digest, lang, backend, translator.model)
    payload = cache.get(key)
    if payload is None:
        try:
            translation = translate_article(
                article.id, article.title, text, translator, target_lang=lang, source_lang=source
            )
        except AIError as exc:
            log.warning("translating %s failed: %s", article.id, exc)
            return Translated(error=str(exc), backend=translator.name, model=translator.model)
        finally:
            client = getattr(translator, "client", None)
            if isinstance(client, OpenAICompatible):
                client.close()
        if translation is None:
            return Translated(same_language=True)
        payload = {
            "title": translation.title,
            "paragraphs": list(translation.paragraphs),
            "backend": translation.backend,
            "model": translation.model,
            "made_at": translation.created_at.astimezone(UTC).isoformat(),
        }
        cache.put(key, payload)
    return Translated(
        title=payload["title"],
        paragraphs=tuple(payload["paragraphs"]),
        backend=payload["backend"],
        model=payload["model"],
        made_at=datetime.fromisoformat(payload["made_at"]),
    )
