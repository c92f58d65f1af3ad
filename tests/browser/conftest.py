"""What every browser test module shares: Debian's Chromium and where screenshots go.

Each module defines its own ``site`` (a server over the data it needs); ``browser``
starts after it, because Playwright's sync API keeps an event loop running on this
thread, so anything that uses asyncio.run (ingesting the demo) must be set up before.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

from tests.servers import ThreadedServer

CHROMIUM = "/usr/bin/chromium"
# axe-core from npm (package-lock.json); `make test` runs `npm ci` when it is missing.
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WIDTHS = {"desktop": (1280, 900), "mobile": (390, 844)}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Skip the browser tests where Debian's Chromium is missing, except in CI, where a
    missing browser is a failure to see."""
    if Path(CHROMIUM).exists() or os.environ.get("CI"):
        return
    missing = pytest.mark.skip(reason="Debian's chromium is not installed (make test installs it)")
    for item in items:
        if Path(str(item.fspath)).parent == Path(__file__).parent:
            item.add_marker(missing)


@pytest.fixture(scope="module")
def browser(site: ThreadedServer) -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-background-networking", "--disable-gpu"],
        )
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``make screenshots`` sets TIDINGS_SCREENSHOTS=docs/screenshots; otherwise a temporary
    folder."""
    target = os.environ.get("TIDINGS_SCREENSHOTS")
    folder = Path(target) if target else tmp_path_factory.mktemp("screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="session")
def axe_script() -> Path:
    """axe-core's script; a skip without it, except in CI, where it is a failure."""
    if not AXE.exists():
        message = f"{AXE} is missing: run `npm ci` (make test does)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return AXE
