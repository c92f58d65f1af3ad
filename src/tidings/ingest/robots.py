"""robots.txt: parse it (RFC 9309 plus Crawl-delay) and keep each site's rules for a while.

Our own small parser rather than urllib.robotparser: that one applies the first matching
rule instead of the longest, and knows neither ``*`` nor ``$`` in paths, which many news
sites use (``Disallow: /*?share=``).
"""

from __future__ import annotations

import asyncio
import contextlib
import re
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from urllib.parse import quote, unquote

__all__ = [
    "AGENT",
    "MAX_ROBOTS_BYTES",
    "UNREACHABLE_RETRY_SECONDS",
    "RobotsCache",
    "RobotsRules",
    "parse_robots",
    "rules_for_status",
]

AGENT = "tidings"  # the product token publishers address in robots.txt
MAX_ROBOTS_BYTES = 512 * 1024  # RFC 9309 asks crawlers to read at least 500 KiB
UNREACHABLE_RETRY_SECONDS = 300.0  # a 5xx or timeout is often brief: ask again soon

_LINE = re.compile(r"^\s*([A-Za-z-]+)\s*:\s*(.*?)\s*$")
_SAFE = "/?=&:@!$'()*+,;~%-._"


def _normalise(path: str) -> str:
    # Compare paths in one percent-encoding: "/caf%C3%A9" and "/café" are the same page.
    return quote(unquote(path), safe=_SAFE)


@dataclass(frozen=True, slots=True)
class _Rule:
    allow: bool
    pattern: re.Pattern[str]
    length: int  # specificity: the longest matching rule wins


def _rule(allow: bool, path: str) -> _Rule:
    path = _normalise(path)
    anchored = path.endswith("$")
    body = path[:-1] if anchored else path
    regex = ".*".join(re.escape(part) for part in body.split("*"))
    return _Rule(allow, re.compile(regex + ("$" if anchored else ""), re.S), len(path))


@dataclass(frozen=True, slots=True)
class RobotsRules:
    """The rules of one site that apply to Tidings."""

    rules: tuple[_Rule, ...] = ()
    crawl_delay: float | None = None
    disallow_everything: bool = False

    @classmethod
    def allow_all(cls) -> RobotsRules:
        """No robots.txt, or none we could read: everything is allowed."""
        return cls()

    @classmethod
    def disallow_all(cls) -> RobotsRules:
        """The site keeps robots.txt private (401/403): assume nothing is allowed."""
        return cls(disallow_everything=True)

    def allows(self, path: str) -> bool:
        """Whether Tidings may fetch ``path`` (path and query of the URL)."""
        path = _normalise(path or "/")
        if path == "/robots.txt":
            return True
        if self.disallow_everything:
            return False
        best: _Rule | None = None
        for rule in self.rules:
            if rule.pattern.match(path) and (
                best is None
                or rule.length > best.length
                or (rule.length == best.length and rule.allow)  # a tie goes to allow
            ):
                best = rule
        return best is None or best.allow


def parse_robots(text: str, agent: str = AGENT) -> RobotsRules:
    """The rules ``text`` sets for ``agent``, else for ``*`` (groups of one agent merge)."""
    groups: dict[str, tuple[list[_Rule], list[float]]] = {}
    current: list[str] = []
    in_rules = False
    for raw in text.splitlines():
        match = _LINE.match(raw.split("#", 1)[0])
        if match is None:
            continue
        key, value = match.group(1).lower(), match.group(2)
        if key == "user-agent":
            if in_rules:  # a user-agent line after rules starts a new group
                current, in_rules = [], False
            token = re.split(r"[/\s]", value.lower(), maxsplit=1)[0]
            current.append(token)
            groups.setdefault(token, ([], []))
        elif key in ("allow", "disallow", "crawl-delay") and current:
            in_rules = True
            for token in current:
                rules, delays = groups[token]
                if key == "crawl-delay":
                    with contextlib.suppress(ValueError):  # "Crawl-delay: soon" and the like
                        delays.append(max(0.0, float(value)))
                elif value:  # an empty Disallow allows everything: no rule
                    rules.append(_rule(key == "allow", value))
    rules, delays = groups.get(agent.lower()) or groups.get("*") or ([], [])
    return RobotsRules(tuple(rules), max(delays) if delays else None)


def rules_for_status(status: int) -> tuple[RobotsRules, bool]:
    """Rules for a robots.txt that answered an error status, and whether to ask again soon."""
    if status in (401, 403):
        return RobotsRules.disallow_all(), False
    if status == 429 or status >= 500:
        return RobotsRules.allow_all(), True
    return RobotsRules.allow_all(), False  # 404, 410 and other 4xx: no robots.txt


Loader = Callable[[str], Awaitable[tuple[RobotsRules, float]]]


class RobotsCache:
    """Each origin's rules, kept for the time its loader says; one load per origin at once."""

    def __init__(self, clock: Callable[[], float], *, max_sites: int = 10_000) -> None:
        self.clock = clock
        self.max_sites = max_sites
        self._rules: OrderedDict[str, tuple[RobotsRules, float]] = OrderedDict()
        self._loading: dict[str, asyncio.Future[RobotsRules]] = {}

    def peek(self, origin: str) -> RobotsRules | None:
        """The origin's rules if known and fresh; never loads."""
        entry = self._rules.get(origin)
        if entry is None or entry[1] <= self.clock():
            return None
        return entry[0]

    async def get(self, origin: str, load: Loader) -> RobotsRules:
        """The origin's rules, loading them with ``load(origin) -> (rules, ttl)`` if needed."""
        while True:
            rules = self.peek(origin)
            if rules is not None:
                self._rules.move_to_end(origin)
                return rules
            pending = self._loading.get(origin)
            if pending is None:
                return await self._load(origin, load)
            try:
                return await asyncio.shield(pending)
            except asyncio.CancelledError:
                if not pending.cancelled():
                    raise  # we were cancelled, not the load: stop
                # The task loading it was cancelled: try again ourselves.

    async def _load(self, origin: str, load: Loader) -> RobotsRules:
        future: asyncio.Future[RobotsRules] = asyncio.get_running_loop().create_future()
        self._loading[origin] = future
        try:
            rules, ttl = await load(origin)
        except asyncio.CancelledError:
            future.cancel()
            raise
        except BaseException as exc:
            future.set_exception(exc)
            future.exception()  # retrieved: no "never retrieved" noise when nobody waited
            raise
        finally:
            del self._loading[origin]
        self._rules[origin] = (rules, self.clock() + ttl)
        self._rules.move_to_end(origin)
        while len(self._rules) > self.max_sites:
            self._rules.popitem(last=False)
        future.set_result(rules)
        return rules
