"""The starter list: public news feeds imported on first start (docs/sources.md)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tidings.errors import ConfigError


@dataclass(frozen=True, slots=True)
class StarterFeed:
    """A feed on the starter list."""

    url: str
    name: str
    country: str
    language: str


STARTER_FEEDS: tuple[StarterFeed, ...] = (
    StarterFeed("https://feeds.bbci.co.uk/news/world/rss.xml", "BBC News – World", "GB", "en"),
    StarterFeed("https://www.theguardian.com/world/rss", "The Guardian – World", "GB", "en"),
    StarterFeed("https://feeds.npr.org/1001/rss.xml", "NPR News", "US", "en"),
    StarterFeed("https://www.aljazeera.com/xml/rss/all.xml", "Al Jazeera English", "QA", "en"),
    StarterFeed("https://rss.dw.com/rdf/rss-en-all", "Deutsche Welle (English)", "DE", "en"),
    StarterFeed("https://www.cbc.ca/webfeed/rss/rss-topstories", "CBC News", "CA", "en"),
    StarterFeed(
        "https://www.abc.net.au/news/feed/51120/rss.xml", "ABC News (Australia)", "AU", "en"
    ),
    StarterFeed("https://www.rnz.co.nz/rss/national.xml", "RNZ National", "NZ", "en"),
    StarterFeed(
        "https://www.thehindu.com/news/national/feeder/default.rss",
        "The Hindu – National",
        "IN",
        "en",
    ),
    StarterFeed("https://feeds.arstechnica.com/arstechnica/index", "Ars Technica", "US", "en"),
    StarterFeed("https://www.theverge.com/rss/index.xml", "The Verge", "US", "en"),
    StarterFeed("https://www.tagesschau.de/xml/rss2/", "tagesschau.de", "DE", "de"),
    StarterFeed("https://www.spiegel.de/schlagzeilen/index.rss", "DER SPIEGEL", "DE", "de"),
    StarterFeed("https://www.heise.de/rss/heise-atom.xml", "heise online", "DE", "de"),
    StarterFeed("https://www.lemonde.fr/rss/une.xml", "Le Monde", "FR", "fr"),
    StarterFeed("https://www.france24.com/fr/rss", "France 24", "FR", "fr"),
    StarterFeed(
        "https://feeds.elpais.com/mrss-s/pages/ep/site/elpais.com/portada", "EL PAÍS", "ES", "es"
    ),
    StarterFeed("https://feeds.bbci.co.uk/mundo/rss.xml", "BBC News Mundo", "GB", "es"),
    StarterFeed("https://www.ansa.it/sito/ansait_rss.xml", "ANSA", "IT", "it"),
    StarterFeed("https://feeds.nos.nl/nosnieuwsalgemeen", "NOS Nieuws", "NL", "nl"),
    StarterFeed("https://www.svt.se/nyheter/rss.xml", "SVT Nyheter", "SE", "sv"),
    StarterFeed(
        "https://feeds.folha.uol.com.br/emcimadahora/rss091.xml", "Folha de S.Paulo", "BR", "pt"
    ),
    StarterFeed("https://www3.nhk.or.jp/rss/news/cat0.xml", "NHK ニュース", "JP", "ja"),
)


def starter_feeds(replacement: Path | None = None) -> list[tuple[str, str | None]]:
    """(feed URL, name) pairs to import: the built-in list, or the operator's file.

    The file holds one feed URL per line, optionally followed by whitespace and a name;
    blank lines and lines starting with ``#`` are ignored.
    """
    if replacement is None:
        return [(feed.url, feed.name) for feed in STARTER_FEEDS]
    try:
        lines = replacement.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise ConfigError(f"cannot read starter sources file {replacement}: {exc}") from exc
    feeds: list[tuple[str, str | None]] = []
    for line in lines:
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        url, _, name = line.partition(" ")
        if not url.startswith(("http://", "https://")):
            raise ConfigError(f"{replacement}: not an http(s) URL: {url!r}")
        feeds.append((url, name.strip() or None))
    return feeds
