"""What the AI panel shows: key points of an article, answers, translations.

The ``tidings.ai`` functions do the work; this module picks their inputs from stored
articles and settings, caches what is slow or stable, and turns results into plain view
objects for the templates. Everything it caches is a JSON-serialisable dict behind the
``AiCache`` protocol, so a database-backed cache can replace the in-memory one; each key
holds the kind, the article or story id, a hash of the content, the language, the backend
and the model, so an edited article or a switched model never gets another's output.

With ``Settings.ai`` false nothing here is called: the views check it first.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from babel import Locale

from tidings.ai.ask import MAX_QUESTION_CHARS, ask_with_fallback
from tidings.ai.backends import AIError, ArgosTranslator, ChatBackend, primary_language
from tidings.ai.keypoints import Embed, key_points
from tidings.ai.model_server import OpenAICompatible
from tidings.ai.rewrite import Citation as RewriteCitation
from tidings.ai.rewrite import CitedSentence, rewrite_sentences
from tidings.ai.translate import choose_translator, content_hash, translate_article
from tidings.config import Settings
from tidings.models import Article
from tidings.web.ai_cache import AiCache, ai_cache_key, server_backend
from tidings.web.i18n import N_, gettext
from tidings.web.presenters import TimeView, time_view
from tidings.web.sentence_anchors import anchor_sentences

__all__ = [
    "EXTRACTIVE",
    "LOCAL_PRODUCER",
    "AnswerView",
    "ArticleAi",
    "PanelPoint",
    "TranslationView",
    "answer_how",
    "answer_question",
    "article_ai",
    "fallback_notice",
    "producer_text",
    "rewrite_cited",
    "rewriter_for",
    "translation_for",
    "translator_configured",
]

log = logging.getLogger(__name__)

EXTRACTIVE = N_("extractive, on this server")  # what a cached payload records as its producer
LOCAL_PRODUCER = ("local", "extractive")  # backend and model of what runs without a model server
JSON = dict[str, Any]
ChatFactory = Callable[[], ChatBackend]


# -- views -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PanelPoint:
    """A key point, an answer sentence or a brief line: text and the sentence it cites."""

    text: str
    sentence_id: str
    href: str | None  # None when the sentence has no anchor on the article page
    reworded: bool = False


@dataclass(frozen=True, slots=True)
class AnswerView:
    """The answer to a reader's question, or why there is none; ``how`` says in a reader's
    words how its sentences were picked (``method`` names the technique)."""

    question: str
    citations: tuple[PanelPoint, ...]
    method: str
    how: str

    @property
    def says(self) -> bool:
        """False when the article does not answer the question."""
        return bool(self.citations)


@dataclass(frozen=True, slots=True)
class ArticleAi:
    """The article page's AI panel, and the body HTML with sentence anchors.

    ``producer`` names the model that reworded the points; None when they are the
    article's own sentences as picked on this server.
    """

    article_id: str
    points: tuple[PanelPoint, ...]
    producer: str | None
    made: TimeView | None
    notice: str | None
    translate_url: str | None
    translate_label: str | None
    body_html: str | None
    anchors: frozenset[str]

    @property
    def max_question(self) -> int:
        """The longest question the ask box takes, in characters."""
        return MAX_QUESTION_CHARS

    @property
    def linked(self) -> bool:
        """Whether any point links to its sentence on the page."""
        return any(p.href for p in self.points)


def article_ai(
    article: Article,
    settings: Settings,
    cache: AiCache,
    *,
    lang: str,
    now: datetime,
    full: bool,
    translate: bool = False,
    chat: ChatFactory | None = None,
) -> ArticleAi | None:
    """Key points and an anchored body for an article; None when it has no text yet.

    ``translate`` says whether a translator is set up for the article's language into
    ``lang`` (``translator_configured``): only then, and only for an article known to be in
    another language, does the panel offer "Read in <language>".
    """
    text = article.text or ""
    if not text.strip():
        return None
    payload = _key_points_payload(article, settings, cache, now=now, chat=chat)
    cited = [p["sentence_id"] for p in payload["points"]]
    body_html, anchors = None, frozenset[str]()
    if full and article.html:
        body = anchor_sentences(article.html, text, first=cited)
        body_html, anchors = body.html, body.anchors
    translate_url = translate_label = None
    language = article.language
    if translate and language and primary_language(language) != primary_language(lang):
        translate_url = f"/{lang}/article/{article.id}/translate"
        translate_label = gettext("Read in %(language)s") % {
            # The UI language's own name, as a sentence has it: "français", "Deutsch".
            "language": Locale.parse(lang).get_language_name(lang)
        }
    points = tuple(
        PanelPoint(
            p["text"],
            p["sentence_id"],
            _link(article.id, anchors, lang, p["sentence_id"]),
            p["reworded"],
        )
        for p in payload["points"]
    )
    return ArticleAi(
        article_id=article.id,
        points=points,
        producer=None if payload["producer"] == EXTRACTIVE else producer_text(payload),
        made=time_view(datetime.fromisoformat(payload["made_at"]), now, lang),
        notice=payload.get("notice"),
        translate_url=translate_url,
        translate_label=translate_label,
        body_html=body_html,
        anchors=anchors,
    )


def _link(article_id: str, anchors: frozenset[str], lang: str, sentence_id: str) -> str | None:
    """The address of a sentence on the article page, when it has an anchor there."""
    if sentence_id not in anchors:
        return None
    return f"/{lang}/article/{article_id}#{sentence_id}"


def _key_points_payload(
    article: Article, settings: Settings, cache: AiCache, *, now: datetime, chat: ChatFactory | None
) -> JSON:
    text = article.text or ""
    digest = content_hash(article.title, text)
    language = article.language or "und"
    local_key = ai_cache_key("key-points", article.id, digest, language, *LOCAL_PRODUCER)
    extractive = cache.get(local_key)
    if extractive is None:
        points = key_points(text, title=article.title, language=article.language)
        extractive = {
            "points": [
                {"sentence_id": p.sentence.id, "text": p.sentence.text, "reworded": False}
                for p in points
            ],
            "producer": EXTRACTIVE,
            "made_at": now.astimezone(UTC).isoformat(),
        }
        cache.put(local_key, extractive)
    rewriter = rewriter_for(settings, chat)
    if rewriter is None or not extractive["points"]:
        return extractive
    factory, model = rewriter
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
        return {**extractive, "notice": fallback_notice(exc)}
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


def producer_text(payload: JSON) -> str:
    """What made a cached result, in the UI language. Payloads keep English ("producer");
    one cached before "rewriter" was stored is shown as it was written."""
    rewriter = payload.get("rewriter")
    if rewriter:
        return gettext(
            "reworded by %(backend)s, model %(model)s, from sentences extracted on this server"
        ) % {"backend": rewriter["backend"], "model": rewriter["model"]}
    return gettext(payload["producer"])  # EXTRACTIVE is a message id


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
    backend = factory()
    try:
        return rewrite_sentences(items, backend, now=lambda: now)
    finally:
        close = getattr(backend, "close", None)
        if callable(close):
            close()


def fallback_notice(exc: AIError) -> str:
    """Why the points are shown as extracted, in the UI language."""
    return gettext(
        "The model server could not reword these (%(error)s); they are shown as extracted "
        "from the article."
    ) % {"error": exc}


# -- ask ---------------------------------------------------------------------------------


def answer_question(
    panel: ArticleAi, article: Article, question: str, *, lang: str, embed: Embed | None
) -> AnswerView:
    """Answer a reader's question from the article; raises ``QuestionError`` for a bad one."""
    answer = ask_with_fallback(
        question, article.text or "", article_id=article.id, language=article.language, embed=embed
    )
    citations = tuple(
        PanelPoint(
            c.sentence.text,
            c.sentence_id,
            _link(panel.article_id, panel.anchors, lang, c.sentence_id),
        )
        for c in answer.citations
    )
    return AnswerView(answer.question, citations, answer.method, answer_how(answer.method))


# How an answer's sentences were picked, in a reader's words, by ``Answer.method``.
_ANSWER_HOW = {
    "words": N_(
        "These are the article's own sentences that share the most words with your "
        "question, picked on this server."
    ),
    "words+embeddings": N_(
        "These are the article's own sentences closest to your question in words and "
        "meaning, picked on this server."
    ),
}
_ANSWER_HOW_ANY = N_("These are the article's own sentences, picked on this server.")


def answer_how(method: str) -> str:
    """How an answer was made, in the UI language, without naming techniques."""
    return gettext(_ANSWER_HOW.get(method, _ANSWER_HOW_ANY))


# -- translation -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TranslationView:
    """A translated article, or why there is none (``unavailable``, ``error``,
    ``same_language``)."""

    title: str | None = None
    paragraphs: tuple[str, ...] = ()
    backend: str | None = None
    model: str | None = None
    made: TimeView | None = None
    unavailable: bool = False
    error: str | None = None
    same_language: bool = False


def translator_configured(settings: Settings, source: str | None, target: str) -> bool:
    """Whether a translator from ``source`` into ``target`` is set up here, asking no
    server: the model server when one is configured, else Argos Translate with the pair's
    package. An article of unknown language can go to the model server only."""
    if source and primary_language(source) == primary_language(target):
        return False
    if settings.ai_server_url and settings.ai_model:
        return True
    return bool(source) and ArgosTranslator(source or "", target).available()[0]


def translation_for(
    article: Article, settings: Settings, cache: AiCache, *, lang: str, now: datetime
) -> TranslationView:
    """The article in ``lang``, from the cache or the translator ``choose_translator`` picks."""
    source = article.language
    if source and primary_language(source) == primary_language(lang):
        return TranslationView(same_language=True)
    translator = choose_translator(
        source=source,
        target=lang,
        server_url=settings.ai_server_url,
        model=settings.ai_model,
        api_key=settings.ai_api_key,
        timeout=settings.ai_timeout_seconds,
    )
    if translator is None:
        return TranslationView(unavailable=True)
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
            return TranslationView(error=str(exc), backend=translator.name, model=translator.model)
        finally:
            client = getattr(translator, "client", None)
            if isinstance(client, OpenAICompatible):
                client.close()
        if translation is None:
            return TranslationView(same_language=True)
        payload = {
            "title": translation.title,
            "paragraphs": list(translation.paragraphs),
            "backend": translation.backend,
            "model": translation.model,
            "made_at": translation.created_at.astimezone(UTC).isoformat(),
        }
        cache.put(key, payload)
    return TranslationView(
        title=payload["title"],
        paragraphs=tuple(payload["paragraphs"]),
        backend=payload["backend"],
        model=payload["model"],
        made=time_view(datetime.fromisoformat(payload["made_at"]), now, lang),
    )
