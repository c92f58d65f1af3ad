"""Turn stored articles into what templates show: cards, excerpts, times."""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlsplit

from babel import Locale, UnknownLocaleError

from tidings.models import Article, Image, Source, Story
from tidings.pipeline.story_titles import same_words, story_title
from tidings.store import Cursor
from tidings.web.i18n import gettext
from tidings.web.i18n.dates import absolute_time, relative_time

_EXCERPT_CHARS = 240


@dataclass(frozen=True, slots=True)
class TimeView:
    """A moment as the page shows it."""

    iso: str
    relative: str
    absolute: str


@dataclass(frozen=True, slots=True)
class ArticleCard:
    """One article in a list."""

    article: Article
    source: Source | None
    outlet: str
    time: TimeView | None
    excerpt: str
    image: Image | None


def time_view(moment: datetime | None, now: datetime, locale: str | None = None) -> TimeView | None:
    """The ``<time>`` element's parts for ``moment``."""
    if moment is None:
        return None
    return TimeView(
        iso=moment.astimezone(UTC).isoformat(timespec="seconds"),
        relative=relative_time(moment, now, locale),
        absolute=absolute_time(moment, locale),
    )


def outlet_name(source: Source | None) -> str:
    """What to call the publisher."""
    if source is None:
        return gettext("Unknown source")
    return source.title or source.site_url or source.feed_url


def excerpt(article: Article, limit: int = _EXCERPT_CHARS) -> str:
    """A short teaser: the feed summary, else the start of the body, cut at a word."""
    text = article.summary or ""
    if len(text) < 40 and article.text:
        text = article.text.split("\n\n", 1)[0]
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",.;:–-")
    return cut + "…"


def translation_original(article: Article) -> str | None:
    """The original a publisher's machine-translated article names, if it is an http(s)
    address with a host: the only kind of link the article page may offer for it."""
    if not article.machine_translated or not article.translated_from:
        return None
    try:
        parts = urlsplit(article.translated_from)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return article.translated_from


def card(
    article: Article, sources: dict[int, Source], now: datetime, locale: str | None = None
) -> ArticleCard:
    """An article card for lists."""
    source = sources.get(article.source_id)
    return ArticleCard(
        article=article,
        source=source,
        outlet=outlet_name(source),
        time=time_view(article.published or article.discovered_at, now, locale),
        excerpt=excerpt(article),
        image=article.lead_image,
    )


@dataclass(frozen=True, slots=True)
class Headline:
    """One outlet's headline on a story card: the article and who published it (a card
    shows no time or excerpt for it, so none is made)."""

    article: Article
    source: Source | None
    outlet: str


@dataclass(frozen=True, slots=True)
class StoryCard:
    """One story in a list: its title, picture, reach and a few outlets' headlines."""

    story: Story
    title: str
    image: Image | None
    updated: TimeView | None
    headlines: tuple[Headline, ...]
    title_language: str | None = None  # the headline's language, where it says one


def story_card(
    story: Story,
    articles: list[Article],
    sources: dict[int, Source],
    now: datetime,
    locale: str | None = None,
    *,
    headlines: int = 3,
) -> StoryCard:
    """A story card from the story's original articles (oldest first): the first lead
    image, the title in the reader's language where an outlet wrote one, and one headline
    from each of up to ``headlines`` outlets whose wording differs from the title."""
    title, title_language = story_title(story, articles, locale)
    picked: list[Article] = []
    seen: set[int] = set()
    for a in articles:
        # The title is one outlet's headline already: a row repeating it says nothing.
        if a.source_id not in seen and len(picked) < headlines and not same_words(a.title, title):
            picked.append(a)
            seen.add(a.source_id)
    image = next((a.lead_image for a in articles if a.lead_image), None)
    return StoryCard(
        story=story,
        title=title,
        image=image,
        updated=time_view(story.last_updated, now, locale),
        headlines=tuple(
            Headline(a, sources.get(a.source_id), outlet_name(sources.get(a.source_id)))
            for a in picked
        ),
        title_language=title_language,
    )


def encode_cursor(article: Article) -> str:
    """An opaque ``?before=`` token pointing after ``article``."""
    moment = article.sort_time or article.published or article.discovered_at
    if moment is None:
        raise ValueError("a stored article always has a sort time")
    return (
        base64.urlsafe_b64encode(f"{moment.isoformat()}|{article.id}".encode()).decode().rstrip("=")
    )


def decode_cursor(token: str | None) -> Cursor | None:
    """The cursor in a ``?before=`` token; None for a missing or malformed one."""
    if not token:
        return None
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
        moment, article_id = raw.split("|", 1)
        parsed = datetime.fromisoformat(moment)
        if parsed.tzinfo is None or len(article_id) != 32:
            return None
        # At the calendar's edge, moving to UTC overflows (9999-12-31T23:00-05:00).
        return Cursor(sort_time=parsed.astimezone(UTC), article_id=article_id)
    except (ValueError, OverflowError, binascii.Error, UnicodeDecodeError):
        return None


_FEED_FAMILIES = {"rss": "RSS", "atom": "Atom", "json": "JSON Feed"}
_FEED_CODE = re.compile(r"(rss|atom|json)(\d)(\d+)")


def feed_format_name(code: str | None) -> str | None:
    """A feed format as its readers name it: "RSS 2.0", "Atom 1.0", "JSON Feed 1.1",
    "RSS 0.91", for the codes parsing stores ("rss20", "atom10", "json11", "rss091");
    another code as it is."""
    if not code:
        return None
    found = _FEED_CODE.fullmatch(code.lower())
    if found is None:
        return code
    family, major, minor = found.groups()
    return f"{_FEED_FAMILIES[family]} {major}.{minor}"


def language_name(code: str, ui: str) -> str:
    """A language's name in the UI language ("Deutsch" is "German" on an English page),
    capitalised as a label ("Allemand", not the "allemand" of a French sentence)."""
    try:
        name = Locale.parse(ui).languages.get(code)
    except (ValueError, UnknownLocaleError):
        name = None
    return str(name)[:1].upper() + str(name)[1:] if name else code


# Country-code domains sold to everyone, which say nothing of where an outlet is.
_GENERIC_CCTLDS = frozenset(
    ["ai", "cc", "co", "fm", "gg", "io", "la", "ly", "me", "nu", "tk", "to", "tv", "ws"]
)
_TLD_TERRITORY = {"uk": "GB"}  # the one ccTLD that is not its ISO 3166 code
_ABOUT_DESCRIPTION_CHARS = 160


@dataclass(frozen=True, slots=True)
class OutletAbout:
    """Who an outlet is, in a line: the feed's own description, and its site's domain,
    country, language and owner, as far as known."""

    description: str | None
    facts: tuple[str, ...]


def site_domain(source: Source) -> str | None:
    """The outlet's domain, from its site link else its feed ("www." left off); None for
    an address without a domain name (an IP address)."""
    for url in (source.site_url, source.feed_url):
        try:
            host = (urlsplit(url).hostname or "") if url else ""
        except ValueError:
            continue
        if host and not host.replace(".", "").isdigit() and ":" not in host and "." in host:
            return host.removeprefix("www.")
    return None


def domain_country(domain: str | None) -> str | None:
    """The ISO 3166 country a domain's country-code TLD names ("zeitung.de" → "DE"); None
    for generic TLDs and for country codes sold to everyone (.io, .tv, .co…)."""
    if not domain:
        return None
    tld = domain.rsplit(".", 1)[-1].lower()
    if len(tld) != 2 or not tld.isalpha() or tld in _GENERIC_CCTLDS:
        return None
    return _TLD_TERRITORY.get(tld, tld.upper())


def outlet_about(source: Source | None, ui: str) -> OutletAbout | None:
    """What Tidings knows of who ``source`` is, in the UI language ``ui``; None when it
    knows nothing worth a line."""
    if source is None:
        return None
    domain = site_domain(source)
    facts: list[str] = [domain] if domain else []
    country = source.country or domain_country(domain)
    if country:
        try:
            name = Locale.parse(ui).territories.get(country.upper())
        except (ValueError, UnknownLocaleError):
            name = None
        if name:
            facts.append(str(name))
    if source.language:
        facts.append(
            gettext("Language: %(language)s") % {"language": language_name(source.language, ui)}
        )
    if source.owner:
        facts.append(gettext("Owned by %(owner)s") % {"owner": source.owner})
    description = " ".join((source.description or "").split()) or None
    if description and len(description) > _ABOUT_DESCRIPTION_CHARS:
        cut = description[:_ABOUT_DESCRIPTION_CHARS].rsplit(" ", 1)[0].rstrip(",.;:–-")
        description = cut + "…"
    if description and source.title and same_words(description, source.title):
        description = None  # a feed describing itself by its own name says nothing more
    if not facts and not description:
        return None
    return OutletAbout(description=description, facts=tuple(facts))
