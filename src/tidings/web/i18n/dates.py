"""Localised times: "18 minutes ago" and the absolute time shown on hover."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cache

from babel import Locale
from babel.dates import (
    DateTimePattern,
    format_timedelta,
    get_date_format,
    get_datetime_format,
    get_time_format,
    parse_pattern,
)

from tidings.web.i18n import current_language, translations

# A publisher's clock a few minutes fast is not news from the future.
_CLOCK_SKEW_SECONDS = 15 * 60


@cache
def _locale(code: str) -> Locale:
    """Babel's locale for a UI language, parsed once: a list page shows dozens of times,
    and parsing the code again for each cost more than formatting it."""
    return Locale.parse(code)


@cache
def _medium(code: str) -> tuple[str, DateTimePattern, DateTimePattern]:
    """How ``format_datetime(…, "medium")`` joins a date and a time in ``code``, and the
    two patterns, parsed once."""
    locale = _locale(code)
    return (
        str(get_datetime_format("medium", locale=locale)).replace("'", ""),
        parse_pattern(get_date_format("medium", locale=locale)),
        parse_pattern(get_time_format("medium", locale=locale)),
    )


def relative_time(moment: datetime, now: datetime, locale: str | None = None) -> str:
    """``moment`` relative to ``now``, e.g. "18 minutes ago", "vor 18 Minuten"; in the UI
    language unless ``locale`` is given."""
    locale = locale or current_language()
    seconds = (moment - now).total_seconds()
    if -60 < seconds < _CLOCK_SKEW_SECONDS:
        return translations(locale).ugettext("just now")
    return format_timedelta(moment - now, add_direction=True, threshold=1, locale=_locale(locale))


def absolute_time(moment: datetime, locale: str | None = None) -> str:
    """The full date and time in UTC, for the hover text: what babel's
    ``format_datetime(moment, "medium", tzinfo=UTC)`` writes, with its patterns parsed once."""
    code = locale or current_language()
    joined, date_pattern, time_pattern = _medium(code)
    utc = moment.astimezone(UTC)
    day = utc.date()
    time = time_pattern.apply(utc.timetz(), _locale(code), reference_date=day)
    return (
        joined.replace("{0}", time).replace("{1}", date_pattern.apply(day, _locale(code))) + " UTC"
    )
