"""Article translation: structure kept, batched, skipped when needless, keyed for a cache."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import UTC, datetime

import pytest

from tests.ai.openai_server import OpenAIServer
from tidings.ai.backends import ModelResponseError
from tidings.ai.model_server import OpenAICompatible, OpenAITranslator
from tidings.ai.translate import (
    Translation,
    content_hash,
    needs_translation,
    split_paragraphs,
    translate_article,
    translation_cache_key,
)

MODEL = "tiny-translator"
WHEN = datetime(2026, 11, 30, 9, 15, tzinfo=UTC)
ARTICLE_ID = "0123456789abcdef0123456789abcdef"
TEXT = "The storm hit the city on Monday.\n\nThe river rose.\n  \n\nPeople were hurt."


@pytest.fixture
def translator(server: OpenAIServer) -> Iterator[OpenAITranslator]:
    with OpenAICompatible(server.base_url, MODEL, timeout=5) as client:
        yield OpenAITranslator(client)


def test_paragraphs_are_blocks_between_blank_lines() -> None:
    assert split_paragraphs(TEXT) == [
        "The storm hit the city on Monday.",
        "The river rose.",
        "People were hurt.",
    ]
    assert split_paragraphs("one line\nstill the same paragraph") == [
        "one line\nstill the same paragraph"
    ]
    assert split_paragraphs("  \n\n ") == []


def test_an_article_is_translated_paragraph_for_paragraph(
    server: OpenAIServer, translator: OpenAITranslator
) -> None:
    result = translate_article(
        ARTICLE_ID,
        "Flood in the city",
        TEXT,
        translator,
        source_lang="en",
        target_lang="de",
        now=lambda: WHEN,
    )
    assert result == Translation(
        article_id=ARTICLE_ID,
        content_hash=content_hash("Flood in the city", TEXT),
        title="Hochwasser im die Stadt",
        paragraphs=(
            "die Sturm hit die Stadt am Montag.",
            "die Fluss stieg.",
            "Menschen wurden verletzt.",
        ),
        source_lang="en",
        target_lang="de",
        backend="openai-compatible",
        model=MODEL,
        created_at=WHEN,
    )
    # Title and paragraphs travelled together: a short article is one request.
    (request,) = server.chat_requests()
    assert request.body["messages"][1]["content"].startswith('["Flood in the city", ')


def test_long_articles_go_in_batches(server: OpenAIServer, translator: OpenAITranslator) -> None:
    text = "\n\n".join(f"the storm {n}" for n in range(5))
    result = translate_article(ARTICLE_ID, "", text, translator, target_lang="de", batch_items=2)
    assert result is not None
    assert result.title == ""
    assert result.paragraphs == tuple(f"die Sturm {n}" for n in range(5))
    assert len(server.chat_requests()) == 3
    assert result.source_lang is None


def test_batches_respect_the_character_budget(
    server: OpenAIServer, translator: OpenAITranslator
) -> None:
    long = "the river " * 40  # 400 characters: alone in its batch, not cut
    text = "\n\n".join(["the storm", long.strip(), "the flood", "the city"])
    result = translate_article(ARTICLE_ID, "", text, translator, target_lang="de", batch_chars=100)
    assert result is not None and len(result.paragraphs) == 4
    sizes = [len(r.body["messages"][1]["content"]) for r in server.chat_requests()]
    assert len(sizes) == 3  # [storm] [long] [flood, city]


@pytest.mark.parametrize(("source", "target"), [("de", "de"), ("en-GB", "en"), ("EN", "en-us")])
def test_no_translation_into_the_articles_own_language(
    server: OpenAIServer, translator: OpenAITranslator, source: str, target: str
) -> None:
    assert not needs_translation(source, target)
    assert (
        translate_article(ARTICLE_ID, "T", TEXT, translator, source_lang=source, target_lang=target)
        is None
    )
    assert server.requests == []


def test_a_model_that_drops_paragraphs_fails_the_translation(
    server: OpenAIServer, translator: OpenAITranslator
) -> None:
    server.fault = "miscount"
    with pytest.raises(ModelResponseError, match="translations for 1 inputs"):
        translate_article(ARTICLE_ID, "T", TEXT, translator, source_lang="en", target_lang="de")


class _ShortTranslator:
    """Breaks the one-output-per-input promise, as a faulty backend might."""

    name = "short"
    model = "short-1"

    def available(self) -> tuple[bool, str]:
        return True, "always"

    def translate(self, texts: Sequence[str], source: str | None, target: str) -> list[str]:
        return list(texts)[:-1]


def test_any_backends_miscount_is_caught() -> None:
    with pytest.raises(ModelResponseError, match="short returned 3 texts for 4 paragraphs"):
        translate_article(ARTICLE_ID, "T", TEXT, _ShortTranslator(), target_lang="de")


def test_cache_key_names_article_version_language_backend_and_model() -> None:
    digest = content_hash("Title", TEXT)
    key = translation_cache_key(ARTICLE_ID, digest, "de", "openai-compatible", "llama3:8b")
    assert len(key) == 64
    assert key == translation_cache_key(ARTICLE_ID, digest, "de", "openai-compatible", "llama3:8b")
    assert key == translation_cache_key(
        ARTICLE_ID, digest, "DE-at", "openai-compatible", "llama3:8b"
    )
    others = {
        translation_cache_key("f" * 32, digest, "de", "openai-compatible", "llama3:8b"),
        translation_cache_key(
            ARTICLE_ID, content_hash("Title", TEXT + "!"), "de", "openai-compatible", "llama3:8b"
        ),
        translation_cache_key(ARTICLE_ID, digest, "fr", "openai-compatible", "llama3:8b"),
        translation_cache_key(ARTICLE_ID, digest, "de", "argos-translate", "llama3:8b"),
        translation_cache_key(ARTICLE_ID, digest, "de", "openai-compatible", "llama3:70b"),
        # Parts are kept apart: moving a separator between fields makes another key.
        translation_cache_key(ARTICLE_ID, digest, "de", "openai-compatible:llama3", "8b"),
    }
    assert key not in others and len(others) == 6
    assert content_hash("A", "B") != content_hash("", "AB")


def test_a_translation_knows_its_cache_key(translator: OpenAITranslator) -> None:
    result = translate_article(
        ARTICLE_ID, "T", TEXT, translator, source_lang="en", target_lang="de"
    )
    assert result is not None
    assert result.cache_key == translation_cache_key(
        ARTICLE_ID, content_hash("T", TEXT), "de", "openai-compatible", MODEL
    )
    assert result.created_at.tzinfo is UTC
