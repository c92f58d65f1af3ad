"""A short run of every fuzz target (#15), and what the harness counts as a crash.

``make fuzz`` runs a million executions; here each target gets a few thousand from a
fixed seed, starting from its seed corpus, so a change that crashes a parser on input
near the seeds fails ``make test``.
"""

from __future__ import annotations

import importlib
import os
from pathlib import Path

import feedparser
import pytest

from fuzz.html_checks import check_html
from fuzz.policy import GuardedFailure, InvariantBroken
from fuzz.run import run_target
from fuzz.targets import TARGETS
from fuzz.targets import feeds as feeds_target
from fuzz.targets.markdown import COMMENT_HTML
from fuzz.targets.sanitize import STORED_HTML

RUNS = 2000
SEED = 1


@pytest.fixture(scope="module")
def atheris_installed() -> None:
    """Skip where atheris (the dev extra) is missing, except in CI, where it must be."""
    try:
        importlib.import_module("atheris")
    except ImportError:
        if os.environ.get("CI"):
            raise
        pytest.skip("atheris is not installed (pip install -e '.[dev]')")


@pytest.mark.usefixtures("atheris_installed")
@pytest.mark.parametrize("name", list(TARGETS))
def test_a_short_fuzz_run_finds_no_crash(name: str, tmp_path: Path) -> None:
    run = run_target(
        TARGETS[name], RUNS, work_dir=tmp_path / "work", crash_dir=tmp_path / "crashes", seed=SEED
    )
    log = run.log.read_text(errors="replace")
    assert not run.failed, log[-4000:]
    assert run.executions >= RUNS
    assert list((tmp_path / "work" / name).iterdir()), "no input reached new code"


@pytest.mark.parametrize("name", list(TARGETS))
def test_every_seed_passes_its_target(name: str) -> None:
    fuzz_one = importlib.import_module(TARGETS[name].module).fuzz_one
    seeds = sorted(path for folder in TARGETS[name].seed_dirs() for path in folder.iterdir())
    assert seeds
    for seed in seeds:
        fuzz_one(seed.read_bytes())


def test_a_parser_error_on_purpose_is_not_a_crash() -> None:
    feeds_target.fuzz_one(b"")
    feeds_target.fuzz_one(b"<html><body>not a feed</body></html>")


def test_an_error_the_last_guard_made_is_a_crash(monkeypatch: pytest.MonkeyPatch) -> None:
    def explode(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(feedparser, "parse", explode)
    with pytest.raises(GuardedFailure, match="RuntimeError behind could not parse the feed"):
        feeds_target.fuzz_one(b'<rss version="2.0"><channel></channel></rss>')


@pytest.mark.parametrize(
    "html",
    [
        "<p>hi<script>alert(1)</script></p>",
        '<p onclick="x()">hi</p>',
        '<a href="java\tscript:alert(1)" rel="nofollow">x</a>',
        '<a href="/relative">x</a>',
        '<img src="data:image/png;base64,AA">',
        "<iframe></iframe>",
        '<p style="color: red">x</p>',
    ],
)
def test_unsafe_html_breaks_the_stored_html_rules(html: str) -> None:
    with pytest.raises(InvariantBroken):
        check_html(html, STORED_HTML)


def test_our_own_html_passes_the_rules() -> None:
    check_html(
        '<p><a href="https://x.example/a" rel="nofollow noopener noreferrer">a</a>'
        '<img src="https://x.example/i.jpg" alt="" loading="lazy" width="3"></p>',
        STORED_HTML,
    )
    check_html('<p><a href="https://x.example" rel="nofollow ugc noopener">x</a></p>', COMMENT_HTML)
    with pytest.raises(InvariantBroken):
        check_html('<p><a href="mailto:a@x.example" rel="x">x</a></p>', COMMENT_HTML)
