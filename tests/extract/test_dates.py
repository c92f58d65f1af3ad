"""Publisher dates as aware UTC datetimes."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tidings.extract.dates import parse_datetime


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-03-01", datetime(2024, 3, 1, tzinfo=UTC)),
        ("2024-03-01T10:00:00Z", datetime(2024, 3, 1, 10, tzinfo=UTC)),
        ("2024-03-01T10:00:00+0100", datetime(2024, 3, 1, 9, tzinfo=UTC)),
        ("2024-03-01T10:00+01", datetime(2024, 3, 1, 9, tzinfo=UTC)),
        ("2024-03-01T10:00:00-05:00", datetime(2024, 3, 1, 15, tzinfo=UTC)),
        ("2024-03-01T10:00:00.123456789+01:00", datetime(2024, 3, 1, 9, 0, 0, 123456, tzinfo=UTC)),
        ("2024-03-01 10:00:00", datetime(2024, 3, 1, 10, tzinfo=UTC)),
        ("Fri, 01 Mar 2024 10:00:00 GMT", datetime(2024, 3, 1, 10, tzinfo=UTC)),
    ],
)
def test_formats(value: str, expected: datetime) -> None:
    assert parse_datetime(value) == expected


@pytest.mark.parametrize(
    "value", ["", "yesterday", "2024-13-45", "0001-01-01T00:00:00+01:00", None, 20240301]
)
def test_unreadable_dates_give_none(value: object) -> None:
    assert parse_datetime(value) is None
