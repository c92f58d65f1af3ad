"""AI outputs kept in one transaction for a batch (the story stage's key points and bodies),
on both databases."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tidings.store import SqlRepository

NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)


def test_a_batch_of_ai_outputs_is_kept_and_replaces_what_was_there(
    repository: SqlRepository,
) -> None:
    kept, new = "key-points/" + "a" * 32 + "/" + "b" * 40, "anchored-body/" + "c" * 32 + "/x"
    repository.articles.save_ai_output(kept, {"points": []}, now=NOW - timedelta(days=40))
    repository.articles.save_ai_outputs([], now=NOW)  # nothing to keep
    repository.articles.save_ai_outputs(
        [(kept, {"points": [{"text": "Zürich, 38,000"}]}), (new, {"html": "<p>x</p>"})], now=NOW
    )
    assert repository.articles.ai_output(kept) == {"points": [{"text": "Zürich, 38,000"}]}
    assert repository.articles.ai_output(new) == {"html": "<p>x</p>"}
    # Replaced, so made now: not pruned with the outputs made 40 days ago.
    assert repository.articles.prune_ai_outputs(NOW - timedelta(days=30)) == 0
