"""Comments in Chromium (issue #7, point 4): a reader signs up and comments, a second
reader reports it, a moderator hides it from the queue; it is gone for readers and
listed as hidden in the queue. Screenshots of the section and the queue."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext

from tests.browser.comment_site import CommentSite, comment_site, post_comment, sign_in, sign_up
from tests.browser.conftest import WIDTHS
from tidings.accounts.models import Role

pytestmark = pytest.mark.browser

SPAM = "Cheap watches at unbeatable prices, ask me how"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CommentSite]:
    with comment_site(tmp_path_factory.mktemp("comments")) as server:
        yield server


def _context(browser: Browser) -> BrowserContext:
    width, height = WIDTHS["desktop"]
    context = browser.new_context(viewport={"width": width, "height": height})
    context.set_default_timeout(10_000)
    return context


def test_sign_up_comment_report_and_hide(browser: Browser, site: CommentSite, shots: Path) -> None:
    site.user("mia", Role.MODERATOR)  # moderators are made by an admin (here: the store)
    writer, reporter, moderator, guest = (_context(browser) for _ in range(4))
    try:
        page = writer.new_page()
        page.goto(site.url(site.article_path))
        assert "No comments yet…" in page.locator("#comments").inner_text()
        assert page.locator("p.comment-count a[href='#comments']").inner_text() == "0 comments"
        sign_up(page, site, "ada")
        post_comment(page, site, "The **cable work** took longer than planned:\n> eight months")
        post_comment(page, site, SPAM)
        comment = page.locator("article.comment", has_text=SPAM)
        assert comment.is_visible()
        assert page.locator("p.comment-count a").inner_text() == "2 comments"
        assert page.locator("article.comment strong", has_text="cable work").count() == 1

        other = reporter.new_page()
        sign_up(other, site, "bob")
        other.goto(site.url(site.article_path))
        target = other.locator("article.comment", has_text=SPAM)
        target.locator("details.comment-tool summary", has_text="Report").click()
        target.locator("input[name=reason][value=spam]").check()
        target.locator("input[name=note]").fill("Advertising")
        with other.expect_navigation():
            target.locator("form.comment-report button[type=submit]").click()
        assert "A moderator will look at this comment." in other.locator("#comments").inner_text()
        assert (
            other.locator("article.comment", has_text=SPAM)
            .locator(".comment-reported")
            .is_visible()
        )
        # The section in the page, below the sticky masthead (an element shot would put
        # the masthead over its top).
        other.evaluate("document.querySelector('#comments').scrollIntoView()")
        other.evaluate("window.scrollBy(0, -80)")
        other.screenshot(path=str(shots / "comments-desktop.png"))

        mod = moderator.new_page()
        sign_in(mod, site, "mia")
        mod.locator("nav[aria-label=Main] a", has_text="Moderation").click()
        mod.wait_for_url("**/en/moderation")
        reported = mod.locator("li.queue-item", has_text=SPAM).first
        assert "bob" in reported.inner_text() and "Advertising" in reported.inner_text()
        reported.locator("input[name=reason]").fill("Advertising is not allowed")
        with mod.expect_navigation():
            reported.locator("button", has_text="Hide").click()
        assert "The comment is hidden." in mod.locator("main").inner_text()
        hidden = mod.locator("section.moderation-section", has=mod.locator("#hidden-title"))
        assert SPAM in hidden.inner_text() and "Advertising is not allowed" in hidden.inner_text()
        assert (
            SPAM
            not in mod.locator(
                "section.moderation-section", has=mod.locator("#reported-title")
            ).inner_text()
        )
        mod.screenshot(path=str(shots / "moderation-desktop.png"), full_page=True)

        for reader in (other, guest.new_page()):
            reader.goto(site.url(site.article_path))
            text = reader.locator("#comments").inner_text()
            assert SPAM not in text and "cable work" in text
            assert reader.locator("p.comment-count a").inner_text() == "1 comment"
        page.goto(site.url(site.article_path))
        assert "hidden by a moderator" in page.locator("#comments").inner_text()
    finally:
        for context in (writer, reporter, moderator, guest):
            context.close()
    assert (shots / "comments-desktop.png").stat().st_size > 5_000
    assert (shots / "moderation-desktop.png").stat().st_size > 5_000
