"""Text helpers below the stages: ingest and extract both use them, and they import
nothing else of Tidings."""
