"""A large fake publisher for the ingest benchmark: thousands of distinct article pages.

Pages are rendered by the demo outlets' own templates (``tidings.demo``); their text is
recombined from our fixtures: sentences of the demo articles and of tests/data/pages, in the
outlet's language, around a generated lead that names a person, a place, an organisation and
a number. A seeded RNG makes the site the same on every run. Some events are covered by 2-5
outlets (stories: same facts, own words), and about 5% of pages are syndicated copies of
another outlet's article (same headline and body). Each outlet has one RSS 2.0 feed.

    site = build_site("http://127.0.0.1:8123")   # pages by path, feeds, the articles
    python benchmarks/bulk_publisher.py FOLDER PORT   # serve a site written by write_site
"""

from __future__ import annotations

import dataclasses
import random
import re
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from xml.sax.saxutils import escape

from lxml import html as lxml_html

from tidings.demo import (
    BodyBlock,
    Catalog,
    DemoArticle,
    DemoOutlet,
    Heading,
    Paragraph,
    Schedule,
    article_path,
    load_catalog,
)
from tidings.demo.pages import render_article

__all__ = ["BulkArticle", "BulkSite", "build_site", "write_site"]

ROOT = Path(__file__).resolve().parents[1]
FIXTURE_PAGES = ROOT / "tests" / "data" / "pages"
ROBOTS_TXT = b"User-agent: *\nAllow: /\n"


def _split(text: str, sep: str = " ") -> tuple[str, ...]:
    return tuple(text.split(sep))


_FIRST = _split("Mara Oskar Ines Tomas Leila Pavel Greta Jonas Amira Felix Nadia Ruben Clara Anton")
_LAST = _split("Lindqvist Brandt Okafor Varga Moreau Castell Halvorsen Novak Rahimi Sterling Duval")
_PLACES = _split(
    "Port Avel|Lindhaven|Calder Bay|Norrow|Saint Brey|Kestrel Point|Marrowgate|Fenwick|"
    "Greyhaven|Oldmere|Brackwater|Dunmoor|Highcliff|Selby Cross|Amberfield|Stonemouth",
    "|",
)
_ORGS = _split(
    "Harbour Authority|City Council|Transit Board|Health Trust|Water Company|Rail Company", "|"
)
_THINGS = _split("ferries jobs homes flights trains schools clinics turbines bridges buses farms")
_EVENT = {
    "en": (
        (
            "{place} {org} to cut {number} {thing} as costs rise",
            "{person} warns {number} {thing} in {place} are at risk",
            "{number} {thing} in {place} face changes, says {org}",
        ),
        "{place}: {person} of the {org} said on {day} that {number} {thing} would be affected "
        "from next month. {other} called the decision {adjective}.",
    ),
    "de": (
        (
            "{place}: {org} streicht {number} {thing}",
            "{person} warnt vor Folgen für {number} {thing} in {place}",
        ),
        "{place}. {person} von der {org} sagte am {day}, {number} {thing} seien betroffen. "
        "{other} nannte die Entscheidung {adjective}.",
    ),
    "fr": (
        (
            "{place} : {org} supprime {number} {thing}",
            "{person} s'inquiète pour {number} {thing} à {place}",
        ),
        "{place}. {person}, de {org}, a annoncé le {day} que {number} {thing} seraient "
        "concernés. {other} juge la décision {adjective}.",
    ),
}
_ADJECTIVES = _split("overdue|reckless|sensible|premature|unavoidable|baffling", "|")
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-ZÄÖÜÉÈ«\"“])")


@dataclass(frozen=True, slots=True)
class BulkArticle:
    """One generated article: where it lives, what it says, and what it belongs to."""

    path: str
    outlet: str
    title: str
    lead: str
    body_text: str
    story: str | None
    copy_of: str | None


@dataclass(frozen=True, slots=True)
class BulkSite:
    """Every path the publisher serves (pages, feeds, robots.txt) and the articles."""

    bodies: dict[str, bytes]
    feeds: list[str]
    articles: list[BulkArticle]


@dataclass(frozen=True, slots=True)
class _Event:
    key: str
    facts: dict[str, str]


def _sentences() -> dict[str, list[str]]:
    """Sentences of the demo articles and the fixture pages, by language."""
    pool: dict[str, list[str]] = {"en": [], "de": [], "fr": []}
    for article in load_catalog().articles:
        for block in article.body:
            if isinstance(block, Paragraph):
                pool.setdefault(article.language, []).extend(_SENTENCE.split(block.text))
    for page in sorted(FIXTURE_PAGES.glob("*.html")):
        tree = lxml_html.fromstring(page.read_bytes())
        language = "de" if "german" in page.name else "en"
        for p in tree.iter("p"):
            text = " ".join(p.text_content().split())
            if len(text) > 80 and "cookie" not in text.lower():
                pool[language].extend(_SENTENCE.split(text))
    return {lang: [s for s in sentences if len(s) > 30] for lang, sentences in pool.items()}


def _event(rng: random.Random, index: int) -> _Event:
    facts = {
        "person": f"{rng.choice(_FIRST)} {rng.choice(_LAST)}",
        "other": f"{rng.choice(_FIRST)} {rng.choice(_LAST)}",
        "place": rng.choice(_PLACES),
        "org": rng.choice(_ORGS),
        "number": str(rng.randint(12, 9800)),
        "thing": rng.choice(_THINGS),
        "day": f"{rng.randint(1, 28)} November",
        "adjective": rng.choice(_ADJECTIVES),
    }
    return _Event(f"event-{index}", facts)


def _body(
    rng: random.Random, lead: str, sentences: list[str], event: _Event
) -> tuple[BodyBlock, ...]:
    blocks: list[BodyBlock] = [Paragraph(lead)]
    for number in range(rng.randint(4, 7)):
        picked = rng.sample(sentences, rng.randint(2, 4))
        if number == 2:  # a sentence of this article's own, so no two bodies agree by chance
            picked.append(
                f"{event.facts['other']} expects {rng.randint(3, 900)} more by "
                f"{rng.choice(('spring', 'the summer', 'the end of the year'))}."
            )
        blocks.append(Paragraph(" ".join(picked)))
        if number == 1 and rng.random() < 0.4:
            blocks.append(Heading(rng.choice(sentences)[:60].rstrip(" ,.;")))
    return tuple(blocks)


def _slug(title: str, index: int) -> str:
    ascii_title = title.encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_title).strip("-")[:60].strip("-") + f"-{index}"


def build_site(
    base_url: str, *, outlets: int = 10, per_outlet: int = 200, seed: int = 4
) -> BulkSite:
    """The whole site for a publisher at ``base_url``, the same for the same arguments."""
    rng = random.Random(seed)
    catalog = load_catalog()
    pool = _sentences()
    now = datetime.now(UTC).replace(microsecond=0)
    schedule = Schedule(start=now, release_interval=120.0)
    templates = catalog.outlets
    sites = [
        dataclasses.replace(templates[i % len(templates)], name=f"Bulk Outlet {i}")
        for i in range(outlets)
    ]
    plans = _plan(rng, outlets, per_outlet)
    made: dict[int, list[DemoArticle]] = {i: [] for i in range(outlets)}
    articles: list[tuple[int, DemoArticle, BulkArticle]] = []
    by_index: dict[int, tuple[DemoArticle, BulkArticle]] = {}
    for index, (outlet_no, event, copy_of, minutes_ago) in enumerate(plans):
        outlet = sites[outlet_no]
        prefix = f"/{outlet_no:02d}"
        source = by_index.get(copy_of) if copy_of is not None else None
        demo = rng.choice([a for a in catalog.articles if a.outlet == outlet.slug])
        headlines, lead_template = _EVENT.get(outlet.language, _EVENT["en"])
        title = rng.choice(headlines).format(**event.facts)
        if source is not None:  # syndicated: the same body under this outlet's headline
            body, story, wire = source[0].body, source[0].story, "bulk-wire"
            title = source[0].title
        else:
            lead = lead_template.format(**event.facts)
            body = _body(rng, lead, pool[outlet.language], event)
            story, wire = event.key, None
        article = dataclasses.replace(
            demo,
            slug=_slug(title, index),
            title=title,
            description=" ".join(str(getattr(body[0], "text", "")).split()[:30]),
            keywords=(event.facts["place"], event.facts["org"]),
            story=story,
            wire=wire,
            body=body,
            published_minutes_ago=minutes_ago,
            release_slot=None,
            modified_minutes_ago=None,
        )
        path = prefix + article_path(outlet, article, schedule.published_at(article))
        text = "\n".join(str(getattr(b, "text", "")) for b in body)
        bulk = BulkArticle(
            path=path,
            outlet=f"bulk-{outlet_no:02d}",
            title=title,
            lead=str(getattr(body[0], "text", "")),
            body_text=text,
            story=story,
            copy_of=source[1].path if source else None,
        )
        made[outlet_no].append(article)
        articles.append((outlet_no, article, bulk))
        by_index[index] = (article, bulk)
    bodies: dict[str, bytes] = {"/robots.txt": ROBOTS_TXT}
    for outlet_no, article, bulk in articles:
        outlet = sites[outlet_no]
        single = Catalog(outlets=(outlet,), articles=tuple(made[outlet_no]))
        page = render_article(
            single, schedule, article, now=now, base_url=f"{base_url}/{outlet_no:02d}"
        )
        bodies[bulk.path] = page.encode("utf-8")
    feeds = []
    for outlet_no, outlet in enumerate(sites):
        feed_path = f"/{outlet_no:02d}/feed.xml"
        mine = [(a, b) for n, a, b in articles if n == outlet_no]
        bodies[feed_path] = _rss(base_url, outlet, mine, schedule).encode("utf-8")
        feeds.append(base_url + feed_path)
    return BulkSite(bodies, feeds, [bulk for _, _, bulk in articles])


def _plan(
    rng: random.Random, outlets: int, per_outlet: int
) -> list[tuple[int, _Event, int | None, int]]:
    """(outlet, event, index of the copied article or None, minutes ago) per article."""
    plans: list[tuple[int, _Event, int | None, int]] = []
    slots = {i: per_outlet for i in range(outlets)}
    events = 0
    while any(slots.values()):
        event = _event(rng, events)
        events += 1
        size = rng.choice((1, 1, 1, 1, 2, 2, 3, 4, 5))  # about 35% of pages share an event
        free = [i for i, left in slots.items() if left]
        minutes = rng.randint(60, 5 * 24 * 60)
        for outlet_no in rng.sample(free, min(size, len(free))):
            slots[outlet_no] -= 1
            copy_of = None
            if plans and rng.random() < 0.05:
                # A syndicated copy of an earlier original from another outlet.
                originals = [
                    i for i, p in enumerate(plans[-200:], max(0, len(plans) - 200)) if p[2] is None
                ]
                candidate = rng.choice(originals)
                if plans[candidate][0] != outlet_no:
                    copy_of = candidate
            if copy_of is not None:
                original = plans[copy_of]
                plans.append((outlet_no, original[1], copy_of, max(1, original[3] - 30)))
            else:
                plans.append((outlet_no, event, None, minutes + rng.randint(0, 24 * 60)))
    return plans


def _rss(
    base_url: str,
    outlet: DemoOutlet,
    articles: list[tuple[DemoArticle, BulkArticle]],
    schedule: Schedule,
) -> str:
    items = []
    ordered = sorted(articles, key=lambda ab: schedule.published_at(ab[0]), reverse=True)
    for article, bulk in ordered:
        link = escape(base_url + bulk.path)
        items.append(
            f"<item><title>{escape(article.title)}</title><link>{link}</link>"
            f'<guid isPermaLink="true">{link}</guid>'
            f"<pubDate>{format_datetime(schedule.published_at(article))}</pubDate>"
            f"<description>{escape(article.description)}</description></item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
        f"<title>{escape(outlet.name)}</title><link>{escape(base_url)}/</link>"
        f"<description>{escape(outlet.tagline)}</description>"
        f"<lastBuildDate>{format_datetime(datetime.now(UTC))}</lastBuildDate>"
        + "".join(items)
        + "</channel></rss>"
    )


def write_site(site: BulkSite, folder: Path) -> None:
    """Write every served path under ``folder`` (paths kept in an index file)."""
    folder.mkdir(parents=True, exist_ok=True)
    index = []
    for number, (path, body) in enumerate(site.bodies.items()):
        (folder / f"{number}.bin").write_bytes(body)
        index.append(f"{number}\t{path}")
    (folder / "index.tsv").write_text("\n".join(index), encoding="utf-8")


def _content_type(path: str) -> str:
    if path.endswith(".xml"):
        return "application/rss+xml; charset=utf-8"
    if path.endswith(".txt"):
        return "text/plain; charset=utf-8"
    return "text/html; charset=utf-8"


def serve(folder: Path, port: int) -> None:
    """Serve a written site on 127.0.0.1 with a thread per connection (keep-alive)."""
    bodies: dict[str, bytes] = {}
    for line in (folder / "index.tsv").read_text(encoding="utf-8").splitlines():
        number, path = line.split("\t", 1)
        bodies[path] = (folder / f"{number}.bin").read_bytes()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            body = bodies.get(self.path.split("?", 1)[0])
            self.send_response(200 if body is not None else 404)
            body = body if body is not None else b"not found"
            self.send_header("Content-Type", _content_type(self.path))
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    with ThreadingHTTPServer(("127.0.0.1", port), Handler) as server:
        server.daemon_threads = True
        server.serve_forever()


if __name__ == "__main__":
    serve(Path(sys.argv[1]), int(sys.argv[2]))
