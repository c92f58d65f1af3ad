"""The flow: everything that joins the pure stages to the store, the network and the readers.

The stages (``ingest``, ``extract``, ``enrich``, ``stories``, ``ai``) take values and return
values; the modules here do the I/O around them, so the web, the command line and the
workers call one service layer:

- ``ingestor``: ingest rounds (feeds → entries → pages → articles) and WebSub pushes;
- ``story_stage`` and ``enricher``: embed, cluster, relate and enrich extracted articles,
  in one store transaction per batch, and keep the usearch file;
- ``copy_tracker``: the recent window of article texts that finds copies;
- ``subscribe``: feed discovery before a source is followed;
- ``ai_cache``, ``semantic_search``, ``media_fetch`` and the AI panel and brief cores:
  the reader services the web and the command line share.
"""

from __future__ import annotations

from tidings.pipeline.ingestor import (
    Ingestor,
    IngestReport,
    Progress,
    accept_push,
    extract_page,
    new_entries,
)

__all__ = ["IngestReport", "Ingestor", "Progress", "accept_push", "extract_page", "new_entries"]
