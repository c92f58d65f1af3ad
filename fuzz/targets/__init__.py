"""The fuzz targets: one module per parser, each with ``fuzz_one(data: bytes) -> None``.

The registry names modules rather than importing them, so the harness imports only the
target it runs.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

__all__ = ["TARGETS", "Target"]


@dataclass(frozen=True, slots=True)
class Target:
    """One parser to fuzz: the largest input worth trying, its tokens, the code it tests."""

    name: str  # its module is fuzz.targets.<name>
    max_len: int
    dictionary: str  # a file in fuzz/dicts/: tokens libFuzzer splices into inputs
    # Modules (or packages) whose Python code guides the fuzzer: the code under test.
    instrument: tuple[str, ...]
    # Folders of the test suite's own fixtures that seed it too, relative to the
    # repository root: read in place, never copied into fuzz/corpus.
    fixtures: tuple[str, ...] = ()

    @property
    def module(self) -> str:
        """The module holding the target's ``fuzz_one``."""
        return f"{__name__}.{self.name}"

    def seed_dirs(self) -> tuple[Path, ...]:
        """Where its seeds are: ``fuzz/corpus/<name>`` and the fixture folders."""
        root = Path(__file__).resolve().parents[2]
        own = root / "fuzz" / "corpus" / self.name
        return tuple(d for d in (own, *(root / f for f in self.fixtures)) if d.is_dir())


TARGETS = {
    target.name: target
    for target in (
        Target(
            "feeds", 8192, "feeds.dict", ("tidings.ingest", "feedparser"), ("tests/data/feeds",)
        ),
        Target("extract", 8192, "html.dict", ("tidings.extract",), ("tests/data/pages",)),
        Target("sanitize", 4096, "html.dict", ("tidings.extract.sanitize",)),
        Target("markdown", 2048, "markdown.dict", ("tidings.web.comments.comment_markdown",)),
        Target("opml", 4096, "opml.dict", ("tidings.ingest",), ("tests/data/opml",)),
    )
}
