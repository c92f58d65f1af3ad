"""Where a line of the story brief comes from: an outlet's article and a sentence in it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

__all__ = ["Citation"]


@dataclass(frozen=True, slots=True)
class Citation:
    """An article, its outlet, the anchor id of a sentence and the text quoted from there.

    ``text`` is the sentence at ``sentence_id``, or that sentence and the one after it when
    the second leans on the first (``tidings.ai.standalone``): quoted together, they stand.
    """

    article_id: str
    outlet: str
    sentence_id: str
    text: str
    published: datetime | None = None
