"""RSS 0.9x–2.0, RSS 1.0 (RDF) and Atom 0.3/1.0 through feedparser.

The caller has already decoded the document to UTF-8 and refused entity declarations;
feedparser gets the bytes wrapped in a stream, because given bare bytes it first tries
them as a file name (a feed whose body is ``/etc/passwd`` would be read from our disk).
"""

from __future__ import annotations

import calendar
import io
import re
from datetime import UTC, datetime
from typing import Any
from xml.sax import SAXParseException

import feedparser

from tidings.errors import FeedError
from tidings.ingest.xmlsafety import absolute_http_url, clean_text, language_code, utf8_document
from tidings.models import FeedEntry, Image, ParsedFeed

__all__ = ["MAX_TAGS", "parse_xml_feed"]

# feedparser spends about 30 µs on each element, so this bounds one parse to seconds; a
# 5 MB feed of full-text articles has about half as many (one tag per 50–100 bytes).
MAX_TAGS = 200_000

# feedparser's names, where ours differ: both Netscape and UserLand 0.91 are "rss091".
_VERSIONS = {"rss091n": "rss091", "rss091u": "rss091", "rss": None, "atom": None}
_PERIOD_MINUTES = {
    "hourly": 60.0,
    "daily": 1440.0,
    "weekly": 10080.0,
    "monthly": 43830.0,  # 30.44 days, a calendar month on average
    "yearly": 525960.0,
}
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
# feedparser keeps only the last <hour> and <day>, so the channel's lists are read here.
_SKIP_HOURS = re.compile(r"<skipHours\b[^>]*>(.*?)</skipHours\s*>", re.DOTALL | re.IGNORECASE)
_SKIP_DAYS = re.compile(r"<skipDays\b[^>]*>(.*?)</skipDays\s*>", re.DOTALL | re.IGNORECASE)
_HOUR = re.compile(r"<hour\b[^>]*>\s*(\d{1,2})\s*</hour\s*>", re.IGNORECASE)
_DAY = re.compile(r"<day\b[^>]*>\s*([A-Za-z]{3,9})\s*</day\s*>", re.IGNORECASE)
_CHARACTER_REFERENCE = re.compile(r"&#(?:[xX]([0-9a-fA-F]+)|([0-9]+));?")
_NAMESPACE_DECLARATION = re.compile(r"""(\bxmlns(?::[^\s=]+)?\s*=\s*["'])([^"'<]*)["']""")


def parse_xml_feed(text: str, url: str) -> ParsedFeed:
    """Parse a decoded RSS or Atom document whose entity declarations were refused."""
    if text.count("<") > MAX_TAGS:
        raise FeedError(
            f"the document has more than {MAX_TAGS:,} tags, more than any feed Tidings reads"
        )
    text = _repair(text)
    try:
        parsed: Any = feedparser.parse(
            io.BytesIO(utf8_document(text)),
            response_headers={
                "content-location": url,
                # Says the bytes are UTF-8 XML, which they are; without a content type
                # feedparser flags every document as broken ("no Content-type specified").
                "content-type": "application/xml; charset=utf-8",
            },
        )
    except (TypeError, ValueError, LookupError) as exc:
        # feedparser 6.0 bugs on malformed documents, found by fuzzing: gml:pos and
        # gml:posList (georss), psc:chapter without start, and stray end tags
        # (creativeCommons:license, image width, an entry's link). They need fixing
        # upstream; a guess here would hide them.
        raise FeedError(f"feedparser cannot read this feed: {type(exc).__name__}: {exc}") from exc
    version = parsed.get("version") or ""
    if not version:
        reason = parsed.get("bozo_exception")
        detail = f": {_describe(reason)}" if reason else ""
        raise FeedError(f"not a feed (no RSS or Atom document found{detail})")
    feed = parsed.feed
    read = (_entry(raw, url) for raw in _dicts(parsed.entries))
    entries = tuple(entry for entry in read if entry is not None)
    if parsed.get("bozo") and not entries:
        # Malformed XML from which nothing usable came: an error the operator should see.
        # (Malformed feeds that still yield entries are accepted, as readers expect.)
        raise FeedError(f"broken feed: {_describe(parsed.get('bozo_exception'))}")
    image = feed.get("image")
    image_url = _str(image.get("href")) if isinstance(image, dict) else None
    links = _dicts(feed.get("links"))
    return ParsedFeed(
        title=clean_text(_str(feed.get("title"))),
        site_url=absolute_http_url(_str(feed.get("link")), url),
        format="atom" if version.startswith("atom") else "rss",
        entries=entries,
        language=language_code(_str(feed.get("language"))),
        description=clean_text(_str(feed.get("subtitle"))),
        icon_url=absolute_http_url(_str(feed.get("icon")) or image_url, url),
        version=_VERSIONS.get(version, version),
        ttl_minutes=_positive_int(feed.get("ttl")),
        skip_hours=_skip_hours(text),
        skip_days=_skip_days(text),
        update_interval_minutes=_update_interval(feed),
        hub_url=_link(links, "hub", url),
        self_url=_link(links, "self", url),
    )


def _repair(text: str) -> str:
    """Take out the two things that crash feedparser in otherwise readable feeds."""
    # Its fallback parser calls chr() on every character reference, so one out of
    # Unicode's range (or a surrogate) raises instead of being flagged.
    text = _CHARACTER_REFERENCE.sub(_checked_reference, text)
    # Python's SAX reader splits "namespace localname" on any Unicode space, so a
    # namespace URI holding a no-break space breaks every element in it.
    return _NAMESPACE_DECLARATION.sub(
        lambda m: m.group(1) + re.sub(r"\s", "", m.group(2)) + m.group(1)[-1], text
    )


def _checked_reference(match: re.Match[str]) -> str:
    hex_digits, decimal = match.group(1), match.group(2)
    digits = hex_digits or decimal
    if len(digits.lstrip("0")) > 7:
        return "&#xFFFD;"
    value = int(digits, 16 if hex_digits else 10)
    if value == 0 or value > 0x10FFFF or 0xD800 <= value <= 0xDFFF:
        return "&#xFFFD;"
    return match.group(0)


def _describe(problem: Any) -> str:
    """Where the XML broke, in words: "line 19, column 84: no element found"."""
    if isinstance(problem, SAXParseException):
        line, column = problem.getLineNumber(), problem.getColumnNumber()
        return f"line {line}, column {column}: {problem.getMessage()}"
    return str(problem)


def _str(value: Any) -> str | None:
    """Text feedparser read, or None: from broken markup it can leave a dict in its place."""
    return value if isinstance(value, str) else None


def _dicts(value: Any) -> list[Any]:
    """The mappings in a list feedparser read; from broken markup the list can be a string."""
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _entry(raw: Any, feed_url: str) -> FeedEntry | None:
    link = absolute_http_url(_str(raw.get("link")), feed_url)
    guid = _str(raw.get("id"))
    if link is None and guid and guid.startswith(("http://", "https://")):
        link = guid
    if link is None:
        return None
    authors = tuple(
        name
        for name in (clean_text(_str(a.get("name"))) for a in _dicts(raw.get("authors")))
        if name
    )
    if not authors and _str(raw.get("author")):
        authors = (clean_text(raw.get("author")) or "",)
    categories = tuple(
        term for term in (clean_text(_str(t.get("term"))) for t in _dicts(raw.get("tags"))) if term
    )
    return FeedEntry(
        url=link,
        title=clean_text(_str(raw.get("title"))) or link,
        summary=clean_text(_str(raw.get("summary"))),
        published=_from_struct(raw.get("published_parsed")),
        # dict.get: feedparser would quietly substitute the published date (and warn).
        updated=_from_struct(dict.get(raw, "updated_parsed")),
        authors=tuple(a for a in authors if a),
        categories=categories,
        guid=guid,
        image=_image(raw, feed_url),
    )


def _image(raw: Any, feed_url: str) -> Image | None:
    for media in _dicts(raw.get("media_content")):
        url = absolute_http_url(_str(media.get("url")), feed_url)
        if media.get("medium", "image") == "image" and url:
            return Image(url=url, width=_int(media.get("width")), height=_int(media.get("height")))
    for thumb in _dicts(raw.get("media_thumbnail")):
        url = absolute_http_url(_str(thumb.get("url")), feed_url)
        if url:
            return Image(url=url)
    for link in _dicts(raw.get("links")):
        url = absolute_http_url(_str(link.get("href")), feed_url)
        if (
            link.get("rel") == "enclosure"
            and str(link.get("type", "")).startswith("image/")
            and url
        ):
            return Image(url=url)
    return None


def _link(links: list[Any], rel: str, feed_url: str) -> str | None:
    for link in links:
        if str(link.get("rel", "")).lower() == rel:
            found = absolute_http_url(_str(link.get("href")), feed_url)
            if found:
                return found
    return None


def _update_interval(feed: Any) -> float | None:
    """sy:updatePeriod ÷ sy:updateFrequency, each defaulting as the module's spec says."""
    period = str(feed.get("sy_updateperiod") or "").strip().lower()
    frequency = str(feed.get("sy_updatefrequency") or "").strip()
    if not period and not frequency:
        return None
    minutes = _PERIOD_MINUTES.get(period or "daily")
    times = _positive_int(frequency or "1")
    if minutes is None or times is None:
        return None
    return minutes / times


def _skip_hours(text: str) -> tuple[int, ...]:
    block = _SKIP_HOURS.search(text)
    if block is None:
        return ()
    # 0–23 per the spec; some publishers count 1–24, where 24 is midnight.
    hours = {int(h) % 24 for h in _HOUR.findall(block.group(1)) if int(h) <= 24}
    return tuple(sorted(hours))


def _skip_days(text: str) -> tuple[str, ...]:
    block = _SKIP_DAYS.search(text)
    if block is None:
        return ()
    named = {d.lower()[:3] for d in _DAY.findall(block.group(1))}
    return tuple(day for day in _DAYS if day.lower()[:3] in named)


def _positive_int(value: Any) -> int | None:
    number = _int(value)
    return number if number is not None and 0 < number < 10**9 else None


def _int(value: Any) -> int | None:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None


def _from_struct(value: Any) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(value), tz=UTC)
    except (OverflowError, ValueError, TypeError, OSError):
        return None
