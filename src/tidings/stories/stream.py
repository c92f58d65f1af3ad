"""Cluster a batch of article records (JSON objects) the way ``tidings stories cluster`` does.

A record has ``id`` and ``text``, and optionally ``title``, ``date`` (ISO 8601 or RFC 2822;
other forms leave the article undated), ``lang``, ``outlet`` and ``url`` (whose host stands
in for the outlet). The command and the quality gate both go through ``cluster_records``,
so what the gate measures is what the command prints.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

from tidings.enrich.embeddings import Embedder
from tidings.enrich.multilingual import MultilingualEmbedder
from tidings.stories.cluster import Assignment, ClusterParams, StoryClusterer, StoryDoc
from tidings.stories.fit_training import LabelledGroup

__all__ = ["RecordError", "cluster_records", "labelled_groups", "story_doc_from_record"]


class RecordError(ValueError):
    """A record lacks ``id`` or ``text``, or has a field of the wrong kind."""


def _text(record: Mapping[str, object], key: str) -> str | None:
    value = record.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise RecordError(f"{key!r} must be a string, not {type(value).__name__}")
    return value


def _published(value: str | None) -> datetime | None:
    """ISO 8601 or RFC 2822 (as feeds write it); anything else leaves the article undated."""
    if not value or not value.strip():
        return None
    value = value.strip()
    moment: datetime | None = None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        try:
            moment = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            try:
                day = date.fromisoformat(value[:10])
            except ValueError:
                return None
            moment = datetime(day.year, day.month, day.day)
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def story_doc_from_record(record: Mapping[str, object]) -> StoryDoc:
    """The ``StoryDoc`` a record describes; ``RecordError`` when it is malformed."""
    raw_id = record.get("id")
    if isinstance(raw_id, int) and not isinstance(raw_id, bool):
        raw_id = str(raw_id)
    if not isinstance(raw_id, str) or not raw_id:
        raise RecordError("a record needs an 'id' (string)")
    text = _text(record, "text")
    if text is None:
        raise RecordError(f"record {raw_id!r} needs a 'text'")
    outlet = _text(record, "outlet")
    url = _text(record, "url")
    if outlet is None and url:
        outlet = urlsplit(url).hostname
    return StoryDoc(
        id=raw_id,
        title=_text(record, "title"),
        text=text,
        published=_published(_text(record, "date")),
        outlet=outlet,
        language=_text(record, "lang"),
    )


def cluster_records(
    records: Iterable[Mapping[str, object]],
    embedder: Embedder,
    params: ClusterParams | None = None,
    *,
    multilingual: MultilingualEmbedder | None = None,
) -> tuple[list[Assignment], StoryClusterer]:
    """Cluster the records in date order (undated ones keep their place in the file).

    Returns one assignment per record, in the order given, and the clusterer, whose
    ``stories()`` summarise the result. Each assignment names the article's final story:
    one that a later article merged into another reports the story that absorbed it.
    ``multilingual`` adds the multilingual model's meaning, as ingest does by default.
    """
    docs = [story_doc_from_record(record) for record in records]
    clusterer = StoryClusterer(embedder, multilingual=multilingual, params=params)
    assignments = clusterer.assign_many(docs)
    return [
        replace(a, story_id=clusterer.story_of(a.doc_id) or a.story_id) for a in assignments
    ], clusterer


def labelled_groups(records: Iterable[Mapping[str, object]]) -> list[LabelledGroup]:
    """Records with their true story (``story``) as groups for fitting the story model:
    one group per ``group`` value (records without one form one group), named by it."""
    grouped: dict[str, list[tuple[StoryDoc, str]]] = {}
    for record in records:
        doc = story_doc_from_record(record)
        story = record.get("story")
        if isinstance(story, int) and not isinstance(story, bool):
            story = str(story)
        if not isinstance(story, str) or not story:
            raise RecordError(f"record {doc.id!r} needs a 'story' (string): the story it is in")
        group = record.get("group", "all")
        grouped.setdefault(str(group), []).append((doc, story))
    return [
        LabelledGroup(name, tuple(d for d, _ in pairs), tuple(s for _, s in pairs))
        for name, pairs in grouped.items()
    ]
