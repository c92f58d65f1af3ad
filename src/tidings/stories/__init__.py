"""Stories: what articles have in common.

Near-duplicate detection (``dedupe``) finds syndicated copies of one wire text.
"""

from tidings.stories.dedupe import (
    Fingerprint,
    content_hash,
    fingerprint,
    is_near_duplicate,
    similarity,
    text_keys,
)
from tidings.stories.dedupe_index import DuplicateIndex
from tidings.stories.normalize import normalise_body

__all__ = [
    "DuplicateIndex",
    "Fingerprint",
    "content_hash",
    "fingerprint",
    "is_near_duplicate",
    "normalise_body",
    "similarity",
    "text_keys",
]
