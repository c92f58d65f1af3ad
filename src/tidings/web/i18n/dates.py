"""Localised times: "18 minutes ago" and the absolute time shown on hover."""

from __future__ import annotations

from datetime import UTC, datetime

from babel.dates import format_datetime, format_timedelta

from tidings.web.i18n import current_language, translations

# A publisher's clock a few minutes fast is not news from the future.
_CLOCK_SKEW_SECONDS = 15 * 60


def relative_time(moment: datetime, now: datetime, locale: str | None = None) -> str:
    """``moment`` relative to ``now``, e.g. "18 minutes ago", "vor 18 Minuten"; in the UI
    language unless ``locale`` is given."""
    locale = locale or current_language()
    seconds = (moment - now).total_seconds()
    if -60 < seconds < _CLOCK_SKEW_SECONDS:
        return translations(locale).ugettext("just now")
    return format_timedelta(moment - now, add_direction=True, threshold=1, locale=locale)


def absolute_time(moment: datetime, locale: str | None = None) -> str:
    """The full date and time in UTC, for the hover text."""
    locale = locale or current_language()
    return format_datetime(moment.astimezone(UTC), "medium", tzinfo=UTC, locale=locale) + " UTC"
