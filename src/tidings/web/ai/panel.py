"""What the AI panel shows: key points of an article, answers, translations.

``pipeline/article_ai.py`` makes the outputs (choosing inputs, calling ``tidings.ai``,
caching); this module turns them into plain view objects for the templates, in the
reader's language: links to cited sentences, times, the words that say what made them.

With ``Settings.ai`` false nothing here is called: the views check it first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from babel import Locale

from tidings.config import Settings
from tidings.models import Article
from tidings.pipeline.ai_cache import AiCache
from tidings.pipeline.article_ai import (
    EXTRACTIVE,
    JSON,
    MAX_QUESTION_CHARS,
    ChatFactory,
    Embed,
    anchored_body,
    answer,
    key_points_payload,
    same_language,
    translated,
    translator_configured,
)
from tidings.web.i18n import N_, gettext
from tidings.web.presentation.presenters import TimeView, time_view

__all__ = [
    "EXTRACTIVE",
    "AnswerView",
    "ArticleAi",
    "PanelPoint",
    "TranslationView",
    "answer_how",
    "answer_question",
    "article_ai",
    "fallback_notice",
    "producer_text",
    "translation_for",
    "translator_configured",
]

# The producer ``pipeline.article_ai`` records, marked here for the catalogs.
N_("extractive, on this server")


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
    payload = key_points_payload(article, settings, cache, now=now, chat=chat)
    cited = [p["sentence_id"] for p in payload["points"]]
    body_html, anchors = None, frozenset[str]()
    if full and article.html:
        body = anchored_body(article, cited, cache)
        body_html, anchors = body.html, body.anchors
    translate_url = translate_label = None
    language = article.language
    if translate and language and not same_language(language, lang):
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
        notice=fallback_notice(payload["failed"]) if "failed" in payload else None,
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


def producer_text(payload: JSON) -> str:
    """What made a cached result, in the UI language. Payloads keep English ("producer");
    one cached before "rewriter" was stored is shown as it was written."""
    rewriter = payload.get("rewriter")
    if rewriter:
        return gettext(
            "reworded by %(backend)s, model %(model)s, from sentences extracted on this server"
        ) % {"backend": rewriter["backend"], "model": rewriter["model"]}
    return gettext(payload["producer"])  # EXTRACTIVE is a message id


def fallback_notice(error: object) -> str:
    """Why the points are shown as extracted, in the UI language."""
    return gettext(
        "The model server could not reword these (%(error)s); they are shown as extracted "
        "from the article."
    ) % {"error": error}


# -- ask ---------------------------------------------------------------------------------


def answer_question(
    panel: ArticleAi, article: Article, question: str, *, lang: str, embed: Embed | None
) -> AnswerView:
    """Answer a reader's question from the article; raises ``QuestionError`` for a bad one."""
    found = answer(article, question, embed=embed)
    citations = tuple(
        PanelPoint(
            c.sentence.text,
            c.sentence_id,
            _link(panel.article_id, panel.anchors, lang, c.sentence_id),
        )
        for c in found.citations
    )
    return AnswerView(found.question, citations, found.method, answer_how(found.method))


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


def translation_for(
    article: Article, settings: Settings, cache: AiCache, *, lang: str, now: datetime
) -> TranslationView:
    """The article in ``lang`` as the translation page shows it."""
    done = translated(article, settings, cache, lang=lang)
    return TranslationView(
        title=done.title,
        paragraphs=done.paragraphs,
        backend=done.backend,
        model=done.model,
        made=time_view(done.made_at, now, lang) if done.made_at else None,
        unavailable=done.unavailable,
        error=done.error,
        same_language=done.same_language,
    )
