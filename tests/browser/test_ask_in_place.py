"""Asking about an article or a story in Debian's Chromium: the answer arrives inside the
panel or the brief, the page and the question stay, and a citation leads to its sentence,
marked and focused (issue #16).

``make screenshots`` sets TIDINGS_SCREENSHOTS=docs/screenshots (article-ai-answer.png,
story-ai-answer.png); otherwise they go to a temporary folder.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from tests.browser.conftest import WIDTHS
from tests.demo_site import DemoSite
from tests.servers import ThreadedServer
from tidings.models import Article
from tidings.web import create_app

pytestmark = pytest.mark.browser

QUESTION = "How many vehicles use the bridge a day?"
# Whether an element lies wholly inside the viewport, below the sticky masthead.
IN_VIEW = """e => { const r = e.getBoundingClientRect();
  const top = document.querySelector('.masthead').getBoundingClientRect().bottom;
  return r.top >= top && r.bottom <= innerHeight; }"""


@pytest.fixture(scope="module")
def bridge(demo: DemoSite) -> Article:
    """The Harbour Herald's Calder Bridge report."""
    return demo.bridge_report()


@pytest.fixture(scope="module")
def site(demo: DemoSite, bridge: Article) -> Iterator[ThreadedServer]:
    with ThreadedServer(create_app(demo.settings, repository=demo.repository)) as server:
        yield server


def _open(browser: Browser, url: str, *, javascript: bool = True) -> tuple[Page, list[str]]:
    size = WIDTHS["desktop"]
    context = browser.new_context(
        viewport={"width": size[0], "height": size[1]}, java_script_enabled=javascript
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.goto(url, wait_until="networkidle")
    return page, problems


def test_the_answer_appears_in_the_panel_and_its_citation_marks_the_sentence(
    browser: Browser, site: ThreadedServer, bridge: Article, shots: Path
) -> None:
    url = site.url(f"/en/article/{bridge.id}")
    page, problems = _open(browser, url)
    loads: list[str] = []
    page.on("framenavigated", lambda frame: loads.append(frame.url))
    page.fill("#ai-question", QUESTION)
    with page.expect_response(lambda r: "partial=1" in r.url) as asked:
        page.click("form.ai-ask button[type=submit]")
    assert asked.value.status == 200
    answer = page.locator("section.ai-panel #ai-answer-slot .ai-answer")
    answer.wait_for()
    # In place: no page was loaded, the address is the article's, the question stays.
    assert loads == [] and page.url == url
    assert page.input_value("#ai-question") == QUESTION
    assert page.locator(".story-body").count() == 1
    first = answer.locator(".ai-citations li").first
    assert "38,000" in first.locator("blockquote").inner_text()
    page.evaluate("document.querySelector('.masthead').style.position = 'static'")
    page.locator("section.ai-panel").screenshot(path=str(shots / "article-ai-answer.png"))
    page.evaluate("document.querySelector('.masthead').style.position = ''")

    citation = first.locator("a.sentence-link")
    anchor = (citation.get_attribute("href") or "").split("#")[1]
    sentence = page.locator(f".story-body [id='{anchor}']")
    assert "is-marked" not in (sentence.get_attribute("class") or "")
    citation.click()
    page.wait_for_function(f"location.hash === '#{anchor}'")
    # Marked, in view, and the focus is on it, so a screen reader reads it next.
    assert "is-marked" in (sentence.get_attribute("class") or "")
    assert sentence.evaluate(IN_VIEW)
    assert sentence.evaluate("e => document.activeElement === e")
    assert "38,000" in sentence.inner_text()
    assert sentence.evaluate("e => getComputedStyle(e).backgroundColor") not in (
        "rgba(0, 0, 0, 0)",
        "transparent",
    )
    # Still the same page (only its fragment changed): the panel keeps its answer.
    assert {u.split("#")[0] for u in loads} <= {url} and "38,000" in answer.inner_text()
    # A key point's number marks its sentence the same way, and only that one is marked.
    point = page.locator("ol.key-points li").nth(2).locator("a.sentence-link")
    point_anchor = (point.get_attribute("href") or "").split("#")[1]
    point.click()
    page.wait_for_function(f"location.hash === '#{point_anchor}'")
    marked = page.locator(".story-body .is-marked")
    assert marked.count() == 1
    assert marked.evaluate(IN_VIEW) and marked.evaluate("e => document.activeElement === e")
    assert problems == []
    page.context.close()


def test_a_refused_question_is_explained_in_the_panel(
    browser: Browser, site: ThreadedServer, bridge: Article
) -> None:
    url = site.url(f"/en/article/{bridge.id}")
    page, problems = _open(browser, url)
    page.fill("#ai-question", "   ")
    with page.expect_response(lambda r: "partial=1" in r.url) as asked:
        page.click("form.ai-ask button[type=submit]")
    assert asked.value.status == 422
    alert = page.locator("#ai-answer-slot p.ai-error[role=alert]")
    assert "Type a question" in alert.inner_text()
    assert page.url == url
    # Asking again replaces the message with the answer.
    page.fill("#ai-question", QUESTION)
    page.click("form.ai-ask button[type=submit]")
    page.locator("#ai-answer-slot .ai-answer").wait_for()
    assert page.locator("#ai-answer-slot .ai-error").count() == 0
    # Console errors for the 422 response itself are the browser's, not the script's.
    assert [p for p in problems if "422" not in p] == []
    page.context.close()


def test_without_javascript_asking_loads_the_answer_page(
    browser: Browser, site: ThreadedServer, bridge: Article
) -> None:
    page, _problems = _open(browser, site.url(f"/en/article/{bridge.id}"), javascript=False)
    page.fill("#ai-question", QUESTION)
    with page.expect_navigation():
        page.click("form.ai-ask button[type=submit]")
    assert f"/en/article/{bridge.id}/ask?q=" in page.url and page.url.endswith("#ai-answer")
    assert "38,000" in page.locator("#ai-answer").inner_text()
    assert page.input_value("#ai-question") == QUESTION
    # The citation leads to the article page, where CSS :target marks the sentence.
    citation = page.locator("#ai-answer a.sentence-link").first
    anchor = (citation.get_attribute("href") or "").split("#")[1]
    with page.expect_navigation():
        citation.click()
    assert page.url.endswith(f"/en/article/{bridge.id}#{anchor}")
    sentence = page.locator(f".story-body [id='{anchor}']")
    assert sentence.evaluate("e => e.matches(':target')")
    assert sentence.evaluate("e => getComputedStyle(e).backgroundColor") not in (
        "rgba(0, 0, 0, 0)",
        "transparent",
    )
    page.context.close()


def test_asking_about_a_story_answers_inside_its_brief(
    browser: Browser, site: ThreadedServer, bridge: Article, shots: Path
) -> None:
    """The story page's question box answers in place too, from every outlet's article."""
    url = site.url(f"/en/story/{bridge.story_id}")
    page, problems = _open(browser, url)
    loads: list[str] = []
    page.on("framenavigated", lambda frame: loads.append(frame.url))
    page.fill("#story-question", "How much could the closure cost?")
    with page.expect_response(lambda r: "partial=1" in r.url) as asked:
        page.click("section.story-brief form.ai-ask button[type=submit]")
    assert asked.value.status == 200
    answer = page.locator("section.story-brief #story-answer-slot .ai-answer")
    answer.wait_for()
    assert loads == [] and page.url == url
    assert page.input_value("#story-question") == "How much could the closure cost?"
    first = answer.locator(".ai-citations li").first
    assert "£4m" in first.inner_text()
    page.evaluate("document.querySelector('.masthead').style.position = 'static'")
    answer.screenshot(path=str(shots / "story-ai-answer.png"))
    assert problems == []
    page.context.close()
