"""Times as pages write them (issue #19 point 4): with babel's locale data and patterns
read once per UI language, the hover time and "18 minutes ago" are what babel's own
``format_datetime`` and ``format_timedelta`` write, in every UI language."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from babel.dates import format_datetime, format_timedelta

from tidings.web.i18n import LANGUAGES
from tidings.web.i18n.dates import absolute_time, relative_time

NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)
# Midnight, noon, single-digit days and hours, a leap day, another zone's clock.
MOMENTS = [
    datetime(2026, 12, 7, 0, 0, 0, tzinfo=UTC),
    datetime(2026, 12, 7, 12, 0, 5, tzinfo=UTC),
    datetime(2026, 1, 2, 3, 4, 5, 600_000, tzinfo=UTC),
    datetime(2024, 2, 29, 23, 59, 59, tzinfo=UTC),
    datetime(2026, 7, 14, 9, 30, tzinfo=timezone(timedelta(hours=-5))),
    datetime(1999, 12, 31, 18, 45, tzinfo=timezone(timedelta(hours=5, minutes=30))),
]


def test_absolute_times_are_babels_medium_format_in_utc() -> None:
    for lang in LANGUAGES:
        for moment in MOMENTS:
            expected = format_datetime(moment.astimezone(UTC), "medium", tzinfo=UTC, locale=lang)
            assert absolute_time(moment, lang) == expected + " UTC"


def test_relative_times_are_babels_in_every_language() -> None:
    for lang in LANGUAGES:
        for seconds in (-90, -3600 * 5, -86400 * 3, -86400 * 40, -86400 * 800, 3600 * 2):
            moment = NOW + timedelta(seconds=seconds)
            expected = format_timedelta(moment - NOW, add_direction=True, threshold=1, locale=lang)
            assert relative_time(moment, NOW, lang) == expected
        assert relative_time(NOW - timedelta(seconds=30), NOW, "en") == "just now"
