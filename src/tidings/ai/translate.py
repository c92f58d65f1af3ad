"""Translate an article's title and paragraphs into the reader's language.

Paragraphs are translated as units and come back one for one, so the page can keep the
article's structure (and show original and translation side by side). A translation names
the backend and model that made it and when: the page shows a machine-translation notice
with those, and the cache key includes them, so switching models never serves the old
model's text as the new one's. ``choose_translator`` picks the backend: Argos Translate
offline when it has the language pair, else the configured model server.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import httpx

from tidings.ai.backends import (
    ArgosTranslator,
    ModelResponseError,
    Translator,
    language_name,
    primary_language,
)
from tidings.ai.model_server import DEFAULT_TIMEOUT, OpenAICompatible, OpenAITranslator

_BLANK_LINES = re.compile(r"\n[ \t\r\f\v]*\n")
DEFAULT_BATCH_ITEMS = 16
# A batch's text, in characters; with its translation it must fit a small model's context
# (4k tokens is common on local servers) and the client's max_tokens cap.
DEFAULT_BATCH_CHARS = 3000


@dataclass(frozen=True)
class Translation:
    """An article's title and paragraphs in ``target_lang``, and what made them."""

    article_id: str
    content_hash: str
    title: str
    paragraphs: tuple[str, ...]
    source_lang: str | None
    target_lang: str
    backend: str
    model: str
    created_at: datetime

    @property
    def cache_key(self) -> str:
        """The key this translation is stored under (see ``translation_cache_key``)."""
        return translation_cache_key(
            self.article_id, self.content_hash, self.target_lang, self.backend, self.model
        )


def split_paragraphs(text: str) -> list[str]:
    """Paragraphs of an article's text: blocks separated by blank lines, trimmed."""
    return [block.strip() for block in _BLANK_LINES.split(text) if block.strip()]


def content_hash(title: str, text: str) -> str:
    """A hash of what gets translated; an edited article gets a new one and a new translation."""
    digest = hashlib.sha256(json.dumps([title, text], ensure_ascii=False).encode("utf-8"))
    return digest.hexdigest()[:32]


def translation_cache_key(
    article_id: str, content_hash: str, target_lang: str, backend: str, model: str
) -> str:
    """A fixed-length key for one article version, language, backend and model."""
    parts = [article_id, content_hash, primary_language(target_lang), backend, model]
    # JSON keeps the parts apart even when a model name holds a separator ("llama3:8b").
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode("utf-8")).hexdigest()


def needs_translation(source_lang: str | None, target_lang: str) -> bool:
    """False when the article is already in the target language (en-GB counts as en)."""
    return source_lang is None or primary_language(source_lang) != primary_language(target_lang)


def choose_translator(
    *,
    source: str | None,
    target: str,
    server_url: str | None = None,
    model: str | None = None,
    api_key: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    client: httpx.Client | None = None,
) -> Translator | None:
    """The translator to use for ``source``→``target``: Argos, else the model server, else None.

    Argos first: it is offline, fast and made for translation. It needs a known source
    language, so an article of unknown language goes to the model server. The server is
    chosen when configured, without a network call; a server that is down then fails the
    translation with a clear error rather than hiding the feature.
    """
    if source:
        argos = ArgosTranslator(source, target)
        if argos.available()[0]:
            return argos
    if server_url and model:
        return OpenAITranslator(
            OpenAICompatible(server_url, model, api_key, timeout=timeout, client=client)
        )
    return None


def translator_help(source: str | None, target: str) -> str:
    """The sentence an operator reads when no translator is set up for the pair."""
    tgt = primary_language(target)
    server = (
        "set TIDINGS_AI_SERVER_URL and TIDINGS_AI_MODEL to use an OpenAI-compatible model "
        "server (Ollama, llama.cpp, vLLM)"
    )
    if not source:
        return (
            "No translator is set up for translation from the article's language into "
            f"{language_name(tgt)}: {server[0].upper()}{server[1:]}. Argos Translate needs "
            "the article's language to be known."
        )
    src = primary_language(source)
    return (
        f"No translator is set up for translation from {language_name(src)} into "
        f"{language_name(tgt)}. Install argostranslate and the {src}→{tgt} package "
        f"(pip install argostranslate; argospm update; argospm install "
        f"translate-{src}_{tgt}), or {server}."
    )


def translate_article(
    article_id: str,
    title: str,
    text: str,
    translator: Translator,
    *,
    target_lang: str,
    source_lang: str | None = None,
    batch_items: int = DEFAULT_BATCH_ITEMS,
    batch_chars: int = DEFAULT_BATCH_CHARS,
    now: Callable[[], datetime] | None = None,
) -> Translation | None:
    """Translate the title and paragraphs of ``text``; None when already in ``target_lang``.

    The title travels with the first batch so a short article is one request.
    """
    if not needs_translation(source_lang, target_lang):
        return None
    paragraphs = split_paragraphs(text)
    items = [title.strip(), *paragraphs] if title.strip() else paragraphs
    translated: list[str] = []
    for batch in _batches(items, batch_items, batch_chars):
        outputs = translator.translate(batch, source_lang, target_lang)
        if len(outputs) != len(batch):
            raise ModelResponseError(
                f"{translator.name} returned {len(outputs)} texts for {len(batch)} paragraphs"
            )
        translated.extend(outputs)
    new_title = translated.pop(0) if title.strip() else ""
    return Translation(
        article_id=article_id,
        content_hash=content_hash(title, text),
        title=new_title,
        paragraphs=tuple(translated),
        source_lang=source_lang,
        target_lang=target_lang,
        backend=translator.name,
        model=translator.model,
        created_at=(now or _utc_now)(),
    )


def _batches(items: Sequence[str], max_items: int, max_chars: int) -> Iterator[list[str]]:
    """Consecutive runs of at most ``max_items`` items and ``max_chars`` characters.

    A single paragraph longer than ``max_chars`` goes alone rather than being cut: cutting
    mid-sentence would hurt the translation more than a long request.
    """
    batch: list[str] = []
    size = 0
    for item in items:
        if batch and (len(batch) >= max_items or size + len(item) > max_chars):
            yield batch
            batch, size = [], 0
        batch.append(item)
        size += len(item)
    if batch:
        yield batch


def _utc_now() -> datetime:
    return datetime.now(UTC)
