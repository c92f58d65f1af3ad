"""The copy tracker: the first text is the original, later copies point at it."""

from __future__ import annotations

import logging
import struct
from datetime import UTC, datetime, timedelta

import pytest

from tidings.pipeline.copy_tracker import CopyTracker
from tidings.stories import content_hash, fingerprint, text_keys

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
WIRE = " ".join(
    f"Paragraph {n}: the regional council voted on the harbour budget after a long debate about "
    f"ferries, bridges and the cost of repairs to the old quay number {n}."
    for n in range(12)
)
OTHER = " ".join(
    f"Item {n}: a football club announced a new coach and fans queued for tickets at gate {n}, "
    "while the stadium roof was repaired after the winter storms."
    for n in range(12)
)


def test_original_then_copies() -> None:
    loads: list[datetime] = []
    tracker = CopyTracker(lambda since: loads.append(since) or [])
    first = tracker.check("a" * 32, text_keys(WIRE), NOW)
    assert first.original is None
    exact = tracker.check("b" * 32, text_keys(WIRE), NOW)
    assert exact.original == "a" * 32 and exact.content_hash == first.content_hash
    trimmed = tracker.check(
        "c" * 32, text_keys(WIRE[: int(len(WIRE) * 0.75)] + " Copyright Meridian Press."), NOW
    )
    assert trimmed.original == "a" * 32
    assert tracker.check("d" * 32, text_keys(OTHER), NOW).original is None
    assert (
        tracker.check("a" * 32, text_keys(WIRE), NOW).original is None
    )  # re-extracting the original
    assert len(loads) == 1  # the window is loaded once


def test_state_comes_from_the_store() -> None:
    stored = [("e" * 32, None, fingerprint(WIRE).to_bytes())]
    tracker = CopyTracker(lambda since: stored)
    assert tracker.check("f" * 32, text_keys(WIRE), NOW).original == "e" * 32


def test_fingerprints_of_an_older_scheme_are_skipped(caplog: pytest.LogCaptureFixture) -> None:
    # Scheme 1 stored a 128-value MinHash: readable no more, but its content hash is.
    minhash = struct.pack("<BHI", 1, 128, 200) + bytes(4 * 128)
    stored: list[tuple[str, str | None, bytes]] = [
        ("e" * 32, content_hash(WIRE), minhash),
        ("g" * 32, content_hash(OTHER), minhash),
    ]
    tracker = CopyTracker(lambda since: stored)
    with caplog.at_level(logging.INFO, logger="tidings.pipeline.copy_tracker"):
        exact = tracker.check("f" * 32, text_keys(WIRE), NOW)
    assert exact.original == "e" * 32
    assert "2 stored fingerprints are of an older scheme" in caplog.text
    # The near-copy of an old-scheme original becomes an original, then copies follow it.
    trimmed = text_keys(OTHER[: int(len(OTHER) * 0.8)])
    assert tracker.check("h" * 32, trimmed, NOW).original is None
    assert tracker.check("i" * 32, text_keys(OTHER[: int(len(OTHER) * 0.7)]), NOW).original == (
        "h" * 32
    )


def test_text_keys_are_the_hash_and_fingerprint() -> None:
    assert text_keys(WIRE) == (content_hash(WIRE), fingerprint(WIRE))
    assert text_keys(WIRE) != text_keys(OTHER)


def test_the_window_slides_so_a_long_running_process_keeps_a_week() -> None:
    """Originals leave the window a week after they entered it: a server that runs for
    months holds a week of texts, not all it ever saw (#15's soak)."""
    stored = [("e" * 32, content_hash(OTHER), fingerprint(OTHER).to_bytes())]
    loads: list[datetime] = []
    tracker = CopyTracker(lambda since: loads.append(since) or stored)
    assert tracker.check("a" * 32, text_keys(WIRE), NOW).original is None
    later = NOW + timedelta(days=4)
    for n in range(50):
        body = " ".join(
            f"Dispatch {n} line {k}: harbour{n}x{k} met mayor{n}y{k} about quay{n}z{k} today."
            for k in range(12)
        )
        tracker.check(f"{n:032x}", text_keys(body), later)
    assert tracker.check("b" * 32, text_keys(WIRE), later).original == "a" * 32
    # a week after the first original and the loaded one entered: both have left
    after = NOW + timedelta(days=7, seconds=1)
    assert tracker.check("c" * 32, text_keys(WIRE), after).original is None  # a new original
    assert tracker.check("f" * 32, text_keys(OTHER), after).original != "e" * 32
    assert 50 <= len(tracker) <= 52  # the two old ones gone, "c" (and "f") in
    assert tracker.check("d" * 32, text_keys(WIRE), after).original == "c" * 32
    assert len(loads) == 1
    # and the later ones leave a week after they came
    gone = later + timedelta(days=7, seconds=1)
    tracker.check("g" * 32, text_keys("A short note."), gone)
    assert len(tracker) <= 3


def test_an_original_extracted_again_with_another_text_holds_both_hashes() -> None:
    tracker = CopyTracker(lambda since: [])
    assert tracker.check("a" * 32, text_keys(WIRE), NOW).original is None
    assert tracker.check("a" * 32, text_keys(OTHER), NOW).original is None  # its text changed
    assert tracker.check("b" * 32, text_keys(OTHER), NOW).original == "a" * 32
    assert tracker.check("c" * 32, text_keys(WIRE), NOW).original == "a" * 32
    # both hashes leave with it
    after = NOW + timedelta(days=7, seconds=1)
    assert tracker.check("d" * 32, text_keys(OTHER), after).original is None
    assert tracker.check("e" * 32, text_keys(WIRE), after).original is None
