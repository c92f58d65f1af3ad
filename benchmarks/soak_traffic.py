"""The soak's traffic: a fixed mix of what readers do, sent over HTTP and recorded.

``MIX`` gives each action its share, per mille of all requests:

- *pages* (anonymous, UI in English 70%, German, French, Spanish 10% each): home, latest,
  article, story, hashtag, category and source pages, the sources list, and probes with
  unknown ids or slugs (any answer below 500 will do);
- *feeds*: RSS, Atom and JSON Feed of the latest news, a hashtag, a category, a source,
  a story (new article ids are read from the latest JSON Feed as ingest adds them);
- *search*: words, misspellings, other languages and scripts, query syntax and filters
  (malformed dates included), and a search's feed;
- *signed-in*: readers (``soak_readers.py``) reading the home, article and story pages,
  "For you" and their account page;
- *writes*: follow/unfollow, save/unsave, post a comment, edit and delete one's own, report
  another reader's. A post goes out from a reader the site's comment limit lets post; when
  none may, the post goes out anyway and the refusal (429) is what is expected. An edit,
  delete or report with nothing to act on becomes a signed-in article view.

Ingest merges stories while the soak runs, and a merged story's address then redirects
(301) to the story that absorbed it: a request about a story also expects 301, and the
story is noted (``stories_gone``) and no longer chosen, the story it moved to chosen in its
place; ``soak.py`` checks that each such story is really gone from the store. A comment
posted on a story merged meanwhile is refused (404).

Every request names the statuses it expects. The ``Recorder`` counts statuses, keeps
latencies by group, and lists every 5xx, every unanswered request (timeout, refused
connection) and every other unexpected status with its URL.
"""

from __future__ import annotations

import itertools
import random
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from urllib.parse import urlencode

import httpx

from benchmarks.soak_load import Recorder
from benchmarks.soak_readers import Reader

__all__ = ["MIX", "Targets", "Traffic", "discover"]

MIX: tuple[tuple[str, str, int], ...] = (  # action, group, per mille
    ("home", "pages", 80),
    ("latest", "pages", 50),
    ("article", "pages", 190),
    ("story", "pages", 60),
    ("hashtag", "pages", 40),
    ("category", "pages", 30),
    ("source", "pages", 30),
    ("sources", "pages", 10),
    ("probe", "pages", 10),
    ("latest-feed", "feeds", 60),
    ("list-feed", "feeds", 60),
    ("search", "search", 120),
    ("search-feed", "search", 20),
    ("reader-home", "signed-in", 30),
    ("reader-article", "signed-in", 75),
    ("reader-story", "signed-in", 20),
    ("for-you", "signed-in", 25),
    ("account", "signed-in", 20),
    ("follow", "writes", 31),
    ("save", "writes", 31),
    ("comment", "writes", 4),
    ("edit", "writes", 2),
    ("delete", "writes", 1),
    ("report", "writes", 1),
)
UI_LANGUAGES = ("en",) * 7 + ("de", "fr", "es")
FEEDS = ("feed.xml", "atom.xml", "feed.json")
SEARCHES = (
    "harbour",
    "bridge repairs",
    "city council budget",
    "ferry",
    "jobs",
    "election results",
    "wildfire",
    "harbor",  # the American spelling
    "brige",  # misspelled
    "councel",
    "elecshun",
    "Brücke",
    "Hafen Arbeitsplätze",
    "élections municipales",
    "incendie",
    "puerto",
    "trabajos",
    "мост",
    "港口",
    "Ελλάδα",
    '"city council',  # unbalanced quote
    "bridge AND (OR",
    "*",
    "-",
    "🚢 ferry",
    "a" * 300,
)
SEARCH_FILTERS: tuple[dict[str, str], ...] = (
    {},
    {},
    {},
    {"language": "de"},
    {"type": "opinion"},
    {"since": "2020-01-01"},
    {"since": "yesterday"},  # malformed: a clear 422
    {"source": "x"},  # malformed: a clear 422
    {"after": "not-a-cursor"},
)
_LINK = re.compile(r"/(?:en|de|fr|es)/(article|story|hashtag|category|source)/([A-Za-z0-9_.%-]+)")
_HEX = re.compile(r"[0-9a-f]{32}")
_OK, _SEE_OTHER, _TOO_MANY = frozenset({200}), frozenset({303}), frozenset({429})


@dataclass
class Targets:
    """Ids and slugs readers reach, found by following the site's own links."""

    articles: list[str] = field(default_factory=list)
    stories: list[str] = field(default_factory=list)
    hashtags: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)

    def learn(self, text: str) -> int:
        """Add the targets ``text`` links to; returns how many were new."""
        added = 0
        lists = {
            "article": self.articles,
            "story": self.stories,
            "hashtag": self.hashtags,
            "category": self.categories,
            "source": self.sources,
        }
        for kind, key in _LINK.findall(text):
            valid = {
                "article": _HEX.fullmatch(key),
                "story": _HEX.fullmatch(key),
                "source": key.isdigit(),
            }.get(kind, True)
            known = lists[kind]
            if valid and key not in known:
                known.append(key)
                added += 1
        return added

    def missing(self) -> list[str]:
        """The kinds of target none of which was found."""
        found = {
            "articles": self.articles,
            "stories": self.stories,
            "hashtags": self.hashtags,
            "categories": self.categories,
            "sources": self.sources,
        }
        return [kind for kind, values in found.items() if not values]


async def discover(client: httpx.AsyncClient, pages: int = 40) -> Targets:
    """Follow the home, latest, sources and some article and story pages' links."""
    targets = Targets()
    for path in ("/en/", "/en/latest", "/en/sources", "/en/latest/feed.json"):
        targets.learn((await client.get(path)).text)
    for kind, found in (("article", targets.articles), ("story", targets.stories)):
        for key in list(found[:pages]):
            targets.learn((await client.get(f"/en/{kind}/{key}")).text)
    return targets


Action = Callable[[], Awaitable[None]]


class Traffic:
    """Sends the mix, one action per ``one()``, in a fixed shuffled order of ``MIX``."""

    def __init__(
        self, client: httpx.AsyncClient, targets: Targets, readers: list[Reader], seed: int = 15
    ) -> None:
        self.client = client
        self.targets = targets
        self.readers = readers
        self.recorder = Recorder()
        self.rng = random.Random(seed)
        self._serial = itertools.count(1)
        self._plan = [name for name, _, share in MIX for _ in range(share)]
        self.rng.shuffle(self._plan)
        self._groups = {name: group for name, group, _ in MIX}
        self._next = 0
        self._comments: dict[int, Reader] = {}  # live comments of this run, by author
        self._reported: set[tuple[str, int]] = set()
        self._busy: set[int] = set()  # comments an edit or a delete is in flight for
        self.stories_gone: set[str] = set()
        self._actions: dict[str, Action] = {
            "home": lambda: self._page("home", "/"),
            "latest": lambda: self._page("latest", "/latest"),
            "article": lambda: self._page("article", f"/article/{self._article()}"),
            "story": self._story_page,
            "hashtag": lambda: self._page("hashtag", f"/hashtag/{self._pick(targets.hashtags)}"),
            "category": lambda: self._page(
                "category", f"/category/{self._pick(targets.categories)}"
            ),
            "source": lambda: self._page("source", f"/source/{self._pick(targets.sources)}"),
            "sources": lambda: self._page("sources", "/sources"),
            "probe": self._probe,
            "latest-feed": self._latest_feed,
            "list-feed": self._list_feed,
            "search": self._search,
            "search-feed": self._search_feed,
            "reader-home": lambda: self._reader_page("reader-home", "/en/"),
            "reader-article": self._reader_article,
            "reader-story": self._reader_story,
            "for-you": lambda: self._reader_page("for-you", "/en/for-you"),
            "account": lambda: self._reader_page("account", "/en/account"),
            "follow": self._follow,
            "save": self._save,
            "comment": self._comment,
            "edit": self._edit,
            "delete": self._delete,
            "report": self._report,
        }

    async def one(self) -> None:
        """Send the next action of the plan."""
        name = self._plan[self._next % len(self._plan)]
        self._next += 1
        await self._actions[name]()

    # -- sending ------------------------------------------------------------------------------

    async def _send(
        self,
        action: str,
        method: str,
        path: str,
        expected: frozenset[int] | None = _OK,
        *,
        reader: Reader | None = None,
        data: dict[str, str] | None = None,
        story: str | None = None,
    ) -> httpx.Response | None:
        """Send one request and record it; ``story``: the story it is about, which ingest
        may merge into another meanwhile (then its address redirects there: 301, and a
        comment on it is refused: 404)."""
        if story is not None and expected is not None:
            expected = expected | {301, 404}
        headers = {"Cookie": reader.cookie} if reader else None
        form = {"csrf_token": reader.csrf, **data} if reader and data is not None else data
        start = time.perf_counter()
        try:
            response = await self.client.request(method, path, data=form, headers=headers)
        except httpx.HTTPError as exc:
            self.recorder.record(
                self._groups[action],
                action,
                f"{method} {path} ({type(exc).__name__})",
                None,
                time.perf_counter() - start,
                expected,
            )
            return None
        self.recorder.record(
            self._groups[action],
            action,
            f"{method} {path}",
            response.status_code,
            time.perf_counter() - start,
            expected,
        )
        if story is not None and response.status_code in (301, 404):
            self.stories_gone.add(story)
            if story in self.targets.stories and len(self.targets.stories) > 1:
                self.targets.stories.remove(story)
            moved = re.search(r"/story/([0-9a-f]{32})", response.headers.get("location", ""))
            if moved and moved.group(1) not in self.targets.stories:
                self.targets.stories.append(moved.group(1))
        return response

    def _pick(self, values: list[str]) -> str:
        return self.rng.choice(values)

    def _article(self) -> str:
        """Mostly one of the 100 newest known, as readers mostly read the news."""
        known = self.targets.articles
        return self.rng.choice(known[-100:] if self.rng.random() < 0.7 else known)

    def _reader(self) -> Reader:
        return self.rng.choice(self.readers)

    # -- anonymous ----------------------------------------------------------------------------

    async def _page(self, action: str, path: str) -> None:
        response = await self._send(action, "GET", f"/{self.rng.choice(UI_LANGUAGES)}{path}")
        if action == "home" and response is not None and response.status_code == 200:
            self.targets.learn(response.text)  # the top stories of the moment

    async def _story_page(self) -> None:
        story = self._pick(self.targets.stories)
        path = f"/{self.rng.choice(UI_LANGUAGES)}/story/{story}"
        await self._send("story", "GET", path, story=story)

    async def _probe(self) -> None:
        key = f"{self.rng.getrandbits(128):032x}"
        path = self.rng.choice(
            (
                f"/article/{key}",
                f"/story/{key}",
                "/hashtag/no-such-tag-zz",
                "/source/999999",
                "/category/no-such-category",
                f"/article/{key[:7]}",
            )
        )
        await self._send("probe", "GET", f"/en{path}", None)

    async def _latest_feed(self) -> None:
        fmt = self.rng.choice(FEEDS)
        response = await self._send("latest-feed", "GET", f"/en/latest/{fmt}")
        if response is not None and response.status_code == 200 and fmt == "feed.json":
            self.targets.learn(response.text)

    async def _list_feed(self) -> None:
        kind, values = self.rng.choice(
            (
                ("hashtag", self.targets.hashtags),
                ("category", self.targets.categories),
                ("source", self.targets.sources),
                ("story", self.targets.stories),
            )
        )
        key = self._pick(values)
        path = f"/{self.rng.choice(UI_LANGUAGES)}/{kind}/{key}/{self.rng.choice(FEEDS)}"
        await self._send("list-feed", "GET", path, story=key if kind == "story" else None)

    async def _search(self) -> None:
        params = {"q": self.rng.choice(SEARCHES), **self.rng.choice(SEARCH_FILTERS)}
        malformed = params.get("since") == "yesterday" or params.get("source") == "x"
        lang = self.rng.choice(UI_LANGUAGES)
        expected = frozenset({422}) if malformed else _OK
        await self._send("search", "GET", f"/{lang}/search?{urlencode(params)}", expected)

    async def _search_feed(self) -> None:
        words = self.rng.choice(SEARCHES[:17])  # words, so the feed has something to follow
        query = urlencode({"q": words})
        await self._send("search-feed", "GET", f"/en/search/{self.rng.choice(FEEDS)}?{query}")

    # -- signed in ----------------------------------------------------------------------------

    async def _reader_page(self, action: str, path: str) -> None:
        await self._send(action, "GET", path, reader=self._reader())

    async def _reader_article(self) -> None:
        await self._reader_page("reader-article", f"/en/article/{self._article()}")

    async def _reader_story(self) -> None:
        story = self._pick(self.targets.stories)
        path = f"/en/story/{story}"
        await self._send("reader-story", "GET", path, reader=self._reader(), story=story)

    async def _follow(self) -> None:
        reader = self._reader()
        if reader.follows and self.rng.random() < 0.5:
            kind, target = reader.follows.pop(self.rng.randrange(len(reader.follows)))
            path = "/en/unfollow"
        else:
            kind, values = self.rng.choice(
                (
                    ("hashtag", self.targets.hashtags),
                    ("source", self.targets.sources),
                    ("story", self.targets.stories),
                )
            )
            target, path = self._pick(values), "/en/follow"
            reader.follows.append((kind, target))
        form = {"kind": kind, "target": target, "next": "/en/for-you"}
        story = target if kind == "story" and path == "/en/follow" else None
        await self._send("follow", "POST", path, _SEE_OTHER, reader=reader, data=form, story=story)

    async def _save(self) -> None:
        reader = self._reader()
        if reader.saved and self.rng.random() < 0.5:
            article, path = reader.saved.pop(self.rng.randrange(len(reader.saved))), "/en/unsave"
        else:
            article, path = self._article(), "/en/save"
            reader.saved.append(article)
        form = {"article_id": article, "next": f"/en/article/{article}"}
        await self._send("save", "POST", path, _SEE_OTHER, reader=reader, data=form)

    async def _comment(self) -> None:
        now = time.monotonic()
        free = [r for r in self.readers if r.may_post(now)]
        reader = self.rng.choice(free) if free else min(self.readers, key=lambda r: r.posts[0])
        if free:
            reader.posts.append(now)  # before sending: a concurrent post must not count on it
        kind = "story" if self.rng.random() < 0.3 else "article"
        target = self._pick(self.targets.stories) if kind == "story" else self._article()
        body = f"Soak comment {next(self._serial)} by {reader.name}: {self.rng.random():.6f}."
        form = {"kind": kind, "target": target, "parent": "", "body": body}
        # The site's window may have let the least recent poster post again meanwhile.
        expected = _SEE_OTHER if free else _TOO_MANY | _SEE_OTHER
        story = target if kind == "story" else None
        response = await self._send(
            "comment", "POST", "/en/comments", expected, reader=reader, data=form, story=story
        )
        if free:
            # The site counted the post when it handled it, at some moment up to now: a
            # post that queued behind a backlog counts from its answer, so the next one
            # is not sent inside the site's window.
            reader.posts.remove(now)
            reader.posts.append(time.monotonic())
        if response is None:
            return
        found = re.search(r"#comment-(\d+)$", response.headers.get("location", ""))
        if response.status_code == 303 and found:
            self.recorder.posted_comments += 1
            self._comments[int(found.group(1))] = reader
            reader.comments.append((int(found.group(1)), now, story))
        elif response.status_code == 429:
            self.recorder.refused_comments += 1

    async def _edit(self) -> None:
        now = time.monotonic()
        owners = [r for r in self.readers if r.editable(now, self._busy)]
        if not owners:
            return await self._reader_article()
        reader = self.rng.choice(owners)
        comment_id, story = reader.editable(now, self._busy)[-1]
        body = f"Soak comment {comment_id}, edited as {next(self._serial)}."
        path = f"/en/comments/{comment_id}/edit"
        self._busy.add(comment_id)
        try:  # an edit checks its page: a comment on a story merged since then gets a 404
            await self._send(
                "edit", "POST", path, _SEE_OTHER, reader=reader, data={"body": body}, story=story
            )
        finally:
            self._busy.discard(comment_id)
        return None

    async def _delete(self) -> None:
        owners = [r for r in self.readers if any(c[0] not in self._busy for c in r.comments)]
        if not owners:
            return await self._reader_article()
        reader = self.rng.choice(owners)
        found = next(i for i, c in enumerate(reader.comments) if c[0] not in self._busy)
        comment_id = reader.comments.pop(found)[0]  # oldest first
        self._comments.pop(comment_id, None)
        path = f"/en/comments/{comment_id}/delete"
        await self._send("delete", "POST", path, _SEE_OTHER, reader=reader, data={})
        return None

    async def _report(self) -> None:
        reader = self._reader()
        others = [
            c
            for c, author in self._comments.items()
            if author is not reader and (reader.name, c) not in self._reported
        ]
        if not others:
            return await self._reader_article()
        comment_id = self.rng.choice(others)
        self._reported.add((reader.name, comment_id))
        form = {"reason": "other", "note": "Soak: checking the report form."}
        path = f"/en/comments/{comment_id}/report"
        await self._send("report", "POST", path, _SEE_OTHER, reader=reader, data=form)
        return None
