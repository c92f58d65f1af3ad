"""axe-core on every page type, at desktop and phone width, in light and dark colours.

A serious or critical violation of WCAG 2.1 A/AA or of axe's best practices fails the
test. Run with ``-s`` to see a table of every violation found, by page type and impact.
axe-core comes from npm (package-lock.json; ``make test`` runs ``npm ci``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser

from tests.browser.conftest import WIDTHS
from tests.browser.page_types import (
    CUT_MASTHEAD_LINKS,
    NAMES,
    PageType,
    page_types,
    serve,
    visit,
)
from tests.demo_site import DemoSite
from tests.servers import ThreadedServer

pytestmark = pytest.mark.browser

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
FAILING = ("critical", "serious")
IMPACTS = ("critical", "serious", "moderate", "minor")
SCHEMES = ("light", "dark")

RUN_AXE = """async tags => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
  return result.violations.map(v => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    targets: v.nodes.map(n => n.target.join(' ')),
    summary: v.nodes.length ? v.nodes[0].failureSummary : '',
  }));
}"""

# (page type, width, scheme) -> violations by impact, for the table printed at the end.
_FOUND: dict[tuple[str, str, str], Counter[str]] = {}


@pytest.fixture(scope="module")
def pages(demo: DemoSite) -> dict[str, PageType]:
    return page_types(demo)


@pytest.fixture(scope="module")
def site(demo: DemoSite, pages: dict[str, PageType]) -> Iterator[ThreadedServer]:
    with serve(demo) as server:
        yield server


@pytest.fixture(scope="module", autouse=True)
def summary() -> Iterator[None]:
    """Print every violation count, by page type, width and colour scheme (see with -s)."""
    yield
    if not _FOUND:
        return
    header = f"{'page':<10} {'width':<8} {'scheme':<7} " + " ".join(f"{i:>9}" for i in IMPACTS)
    lines = ["", "axe-core violations (nodes) by impact", header, "-" * len(header)]
    for (name, width, scheme), counts in sorted(
        _FOUND.items(), key=lambda item: (NAMES.index(item[0][0]), item[0][1:])
    ):
        cells = " ".join(f"{counts.get(i, 0):>9}" for i in IMPACTS)
        lines.append(f"{name:<10} {width:<8} {scheme:<7} {cells}")
    print("\n".join(lines))


def _describe(violations: list[dict[str, Any]]) -> str:
    return "\n".join(
        f"{v['impact']}: {v['id']} ({v['help']}) at {', '.join(v['targets'][:8])}\n"
        f"    {' '.join(str(v['summary']).split())}"
        for v in violations
    )


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("name", NAMES)
def test_no_serious_violations(
    browser: Browser,
    site: ThreadedServer,
    pages: dict[str, PageType],
    axe_script: Path,
    name: str,
    width: str,
) -> None:
    """axe in the light and then the dark colour scheme, on one load of the page."""
    size = WIDTHS[width]
    # The site's CSP forbids scripts it did not serve; the axe run is allowed past it.
    context = browser.new_context(
        viewport={"width": size[0], "height": size[1]}, color_scheme="light", bypass_csp=True
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    failing: list[str] = []
    try:
        visit(page, site, pages[name])
        page.add_script_tag(path=str(axe_script))
        for scheme in SCHEMES:
            page.emulate_media(color_scheme=scheme)  # type: ignore[arg-type]
            assert page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches") == (
                scheme == "dark"
            )
            violations: list[dict[str, Any]] = page.evaluate(RUN_AXE, TAGS)
            counts: Counter[str] = Counter()
            for v in violations:
                counts[v["impact"]] += len(v["targets"])
            _FOUND[(name, width, scheme)] = counts
            serious = [v for v in violations if v["impact"] in FAILING]
            if serious:
                failing.append(f"{name} at {width} in {scheme}:\n{_describe(serious)}")
    finally:
        context.close()
    assert not failing, "\n".join(failing)


# What the focused element looks like: its box and whether a focus ring is drawn.
FOCUSED = """() => {
  const e = document.activeElement;
  const s = getComputedStyle(e);
  const r = e.getBoundingClientRect();
  const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2;
  return {
    tag: e.tagName.toLowerCase(),
    text: (e.innerText || e.getAttribute('aria-label') || e.value || '').trim().slice(0, 40),
    cls: e.className,
    ring: outline || s.boxShadow !== 'none',
    left: r.left, top: r.top, width: r.width, height: r.height,
  };
}"""


def test_skip_link_comes_first_and_shows_when_focused(
    browser: Browser, site: ThreadedServer
) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(site.url("/en/"), wait_until="networkidle")
    page.keyboard.press("Tab")
    first = page.evaluate(FOCUSED)
    assert first["cls"] == "skip" and first["ring"], first
    assert first["left"] >= 0 and first["top"] >= 0 and first["width"] >= 40, first
    assert page.locator("a.skip").is_visible()
    page.keyboard.press("Enter")
    assert page.url.endswith("#main")
    # The next stop is inside the main content, not back at the masthead.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null")
    context.close()


@pytest.mark.parametrize("name", ["home", "article", "search", "sources"])
def test_every_focus_stop_shows_a_ring(
    browser: Browser, site: ThreadedServer, pages: dict[str, PageType], name: str
) -> None:
    """Tab through the first 60 stops: each is on screen when focused and has a visible
    outline or shadow."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    visit(page, site, pages[name])
    stops = []
    for _ in range(60):
        page.keyboard.press("Tab")
        stop = page.evaluate(FOCUSED)
        if stop["tag"] == "body":
            break
        stops.append(stop)
    context.close()
    assert len(stops) >= 10
    assert [s for s in stops if not s["ring"]] == []
    assert [s for s in stops if s["width"] < 8 or s["height"] < 8] == []
    # Focus reaches the controls, not only links.
    if name in ("article", "search"):
        assert any(s["tag"] in ("button", "input") for s in stops), stops


@pytest.mark.parametrize("name", NAMES)
def test_nothing_overflows_at_360_px(
    browser: Browser, site: ThreadedServer, pages: dict[str, PageType], name: str
) -> None:
    """At 360 px no page scrolls sideways, and no element pokes past the right edge
    (unless it sits in a box that scrolls it, like a wide table)."""
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    visit(page, site, pages[name])
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
    poking = page.evaluate(
        """() => Array.from(document.body.querySelectorAll('*')).filter(e => {
          const r = e.getBoundingClientRect();
          if (r.width === 0 || r.right <= innerWidth + 1 || !e.checkVisibility()) return false;
          for (let p = e.parentElement; p && p !== document.body; p = p.parentElement) {
            if (getComputedStyle(p).overflowX !== 'visible') return false;
          }
          return true;
        }).map(e => e.tagName.toLowerCase() + '.' + e.className)"""
    )
    # The masthead's links are all on screen, none cut off in a row that scrolls sideways.
    cut = page.evaluate(CUT_MASTHEAD_LINKS)
    context.close()
    assert poking == []
    assert cut == []
