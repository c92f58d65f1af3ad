"""A story's title for a reader: the web's cards, story pages and feeds, and the `/v1` API
share it (issue #20: a story is titled in the reader's language where an outlet wrote
one)."""

from __future__ import annotations

from tidings.models import Article, Story

__all__ = ["same_words", "story_title"]


def same_words(a: str | None, b: str | None) -> bool:
    """Whether two headlines are the same words, ignoring case and spacing."""
    return " ".join((a or "").split()).casefold() == " ".join((b or "").split()).casefold()


def story_title(
    story: Story, articles: list[Article], locale: str | None
) -> tuple[str, str | None]:
    """The story's title for a reader of ``locale`` and the language it is in: the story's
    own headline when it is in that language (or says none), else the first headline in
    that language among its ``articles`` (oldest first), else the story's own."""
    own = next((a for a in articles if story.title and same_words(a.title, story.title)), None)
    own_language = own.language if own else None
    if story.title and (locale is None or own_language in (None, locale)):
        return story.title, own_language
    if locale is not None:
        in_reader_language = next((a for a in articles if a.language == locale and a.title), None)
        if in_reader_language is not None:
            return in_reader_language.title or "", locale
    if story.title:
        return story.title, own_language
    first = articles[0] if articles else None
    return (first.title or "", first.language) if first else ("", None)
