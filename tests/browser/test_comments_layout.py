"""The comment section as a reader meets it (issue #20, point 2), measured in Chromium: it
lines up with the article, its actions are one kind of button, and after a reply or a
report the page opens on the comment below the sticky masthead, with a report answered
by what happens next."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.comment_site import CommentSite, comment_site, post_comment, sign_in
from tests.browser.conftest import WIDTHS

pytestmark = pytest.mark.browser

# The comment's box against the masthead's, in the viewport.
PLACE = """id => { const c = document.getElementById(id).getBoundingClientRect();
  const m = document.querySelector('header.masthead').getBoundingClientRect();
  return {top: c.top, mastheadBottom: m.bottom, height: innerHeight, scrolled: scrollY}; }"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CommentSite]:
    with comment_site(tmp_path_factory.mktemp("comment-layout")) as server:
        yield server


def _page(browser: Browser, width: str) -> Page:
    w, h = WIDTHS[width]
    context = browser.new_context(viewport={"width": w, "height": h})
    context.set_default_timeout(10_000)
    return context.new_page()


def _comment_id(page: Page) -> str:
    return page.url.rsplit("#", 1)[1]


def _below_masthead(page: Page, element_id: str) -> None:
    place = page.evaluate(PLACE, element_id)
    assert place["scrolled"] > 0, place  # the page did move to the comment
    assert place["top"] >= place["mastheadBottom"], place
    assert place["top"] < place["height"], place


def _many_comments(page: Page, site: CommentSite, writer: str) -> None:
    """Enough text above the last comment that the page must scroll to reach it."""
    _reader(page, site, writer)
    for n in range(4):  # under the limit of 5 in 10 minutes
        post_comment(page, site, f"Comment number {n} from {writer}.\n\n" + "Filler line. " * 60)


def _reader(page: Page, site: CommentSite, name: str) -> None:
    """A reader with an account old enough for the usual limits, signed in."""
    site.user(name)
    sign_in(page, site, name)


@pytest.mark.parametrize("width", ["desktop", "mobile"])
def test_reply_and_report_land_on_the_comment_below_the_masthead(
    browser: Browser, site: CommentSite, shots: Path, width: str
) -> None:
    writer, reader = f"writer{width}", f"reader{width}"
    first = _page(browser, width)
    _many_comments(first, site, writer)
    page = _page(browser, width)
    _reader(page, site, reader)
    page.goto(site.url(site.article_path))
    last = page.locator("article.comment", has_text=f"Comment number 3 from {writer}")
    last.locator("summary", has_text="Reply").click()
    last.locator("..").locator("textarea[name=body]").fill(f"A reply from {reader}.")
    with page.expect_navigation():
        last.locator("..").locator("button", has_text="Post reply").click()
    reply_id = _comment_id(page)
    assert reply_id.startswith("comment-")
    expect(page.locator(f"#{reply_id}")).to_contain_text(f"A reply from {reader}.")
    _below_masthead(page, reply_id)

    target = page.locator("article.comment", has_text=f"Comment number 3 from {writer}")
    target.locator("summary", has_text="Report").click()
    target.locator("input[name=reason][value=off-topic]").check()
    with page.expect_navigation():
        target.locator("form.comment-report button[type=submit]").click()
    reported_id = _comment_id(page)
    _below_masthead(page, reported_id)
    said = page.locator(f"#{reported_id} .comment-reported")
    expect(said).to_be_visible()
    expect(said).to_contain_text("A moderator will look at it")
    expect(said).to_contain_text("stays visible")
    page.screenshot(path=str(shots / f"comment-reported-{width}.png"))
    first.context.close()
    page.context.close()


def test_the_section_lines_up_and_its_actions_are_one_kind_of_button(
    browser: Browser, site: CommentSite, shots: Path
) -> None:
    page = _page(browser, "desktop")
    _reader(page, site, "columnist")
    post_comment(page, site, "A comment to act on.")
    other = _page(browser, "desktop")
    _reader(other, site, "neighbour")
    other.goto(site.url(site.article_path))
    story = other.locator("article.story").bounding_box()
    section = other.locator("section.comments").bounding_box()
    assert story and section
    assert abs(section["x"] - story["x"]) <= 1, (section, story)
    assert abs(section["width"] - story["width"]) <= 1, (section, story)

    actions = other.locator("article.comment", has_text="A comment to act on.").locator(
        ".comment-actions > a, .comment-actions > details > summary, .comment-actions > form > button"
    )
    words = [t.strip() for t in actions.all_inner_texts()]
    assert words[:2] == ["Reply", "Report"] and words[2].startswith("Mute"), words
    looks = actions.evaluate_all(
        """els => els.map(e => { const s = getComputedStyle(e);
             return [s.display.replace('inline-', ''), s.borderRadius, s.borderTopStyle, s.fontSize, s.paddingLeft,
                     s.listStyleType === 'none' || e.tagName !== 'SUMMARY',
                     Math.round(e.getBoundingClientRect().height)]; })"""
    )
    assert all(look == looks[0] for look in looks), looks
    # Keyboard: a disclosure button says whether it is open.
    report = other.locator("article.comment", has_text="A comment to act on.").locator(
        "details:has(> summary:text('Report'))"
    )
    report.locator("> summary").focus()
    other.keyboard.press("Enter")
    expect(report).to_have_attribute("open", "")
    expect(report.locator("legend")).to_be_visible()
    other.screenshot(path=str(shots / "comment-actions-desktop.png"))
    page.context.close()
    other.context.close()
