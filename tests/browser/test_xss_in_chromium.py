"""Cross-site scripting payloads in comments and names, in Chromium (issue #7, point 4).

Each payload is posted as a comment through the form, then the article page is loaded
with the Content-Security-Policy bypassed (so the escaping alone is on trial) and with
a dialog handler and a window flag: none may run. Usernames allow only a–z, digits and
``._-``, so each payload tried as a name is refused, and the refusal page, which shows
the name back, must not run it either.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta

import pytest
from playwright.sync_api import Browser, BrowserContext, Dialog, Page

from tests.browser.comment_site import CommentSite, comment_site, post_comment, sign_in

pytestmark = pytest.mark.browser

RUN = "window.__xss=1;alert(1)"
PAYLOADS = [
    f"<script>{RUN}</script>",
    f'<img src=x onerror="{RUN}">',
    f"<svg onload={RUN}>",
    f"<svg><script>{RUN}</script></svg>",
    f"<svg/onload={RUN}//",
    f'<iframe src="javascript:{RUN}"></iframe>',
    f"[click me](javascript:{RUN})",
    f"[click me](JaVaScRiPt:{RUN})",
    f"[click me](javascript&#58;{RUN})",
    "[click me](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    f'[x](https://example.com/"onmouseover="{RUN})',
    f'[x](https://example.com/" autofocus onfocus="{RUN})',
    f"[x](https://example.com/' autofocus onfocus='{RUN})",
    f'"><script>{RUN}</script>',
    f"'><img src=x onerror={RUN}>",
    f"</textarea><script>{RUN}</script>",
    f"<body onload={RUN}>",
    f'<a href="javascript:{RUN}">link</a>',
    f'<a href="&#106;avascript:{RUN}">entity link</a>',
    f'<math><mi xlink:href="javascript:{RUN}">x</mi></math>',
    f"<details open ontoggle={RUN}>",
    f"<input autofocus onfocus={RUN}>",
    f'<video><source onerror="{RUN}"></video>',
    f'<object data="javascript:{RUN}"></object>',
    f'<embed src="data:text/html,<script>parent.{RUN}</script>">',
    f'<meta http-equiv="refresh" content="0;url=javascript:{RUN}">',
    f"<style>@import 'javascript:{RUN}';</style>",
    f'<base href="javascript:{RUN}//">',
    f'<form action="javascript:{RUN}"><button>go</button></form>',
    f"\u202e<img src=x onerror={RUN}>",
    f"\uff1cscript\uff1e{RUN}\uff1c/script\uff1e",
    f"<scr<script>ipt>{RUN}</scr</script>ipt>",
    f"**<img src=x onerror={RUN}>**",
    f"> <svg/onload={RUN}>",
    f"https://example.com/<img/src/onerror={RUN}>",
    f"[<img src=x onerror={RUN}>](https://example.com)",
    f"{{{{7*7}}}}<script>{RUN}</script>",
    f"[x](https://example.com)<!--<img src=x onerror={RUN}>-->",
    f'<noscript><p title="</noscript><img src=x onerror={RUN}>">',
    f"`<img src=x onerror={RUN}>`\u2028<img src=y onerror={RUN}>",
]
ALLOWED_TAGS = {"P", "BR", "BLOCKQUOTE", "EM", "STRONG", "A"}
INSPECT = """() => {
  const found = {tags: [], handlers: [], hrefs: []};
  for (const body of document.querySelectorAll('#comments .comment-body')) {
    for (const el of body.querySelectorAll('*')) {
      found.tags.push(el.tagName);
      for (const attr of el.attributes) {
        if (attr.name.startsWith('on')) found.handlers.push(el.tagName + ' ' + attr.name);
      }
      if (el.tagName === 'A') found.hrefs.push(el.getAttribute('href'));
    }
  }
  return found;
}"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CommentSite]:
    with comment_site(tmp_path_factory.mktemp("xss")) as server:
        yield server


class Watch:
    """Dialogs a page opened; the test fails on any."""

    def __init__(self) -> None:
        self.dialogs: list[str] = []

    def __call__(self, dialog: Dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()


def _context(browser: Browser, watch: Watch) -> BrowserContext:
    context = browser.new_context(bypass_csp=True)
    context.set_default_timeout(10_000)
    context.on("page", lambda page: page.on("dialog", watch))
    return context


def _executed(page: Page) -> bool:
    return bool(page.evaluate("() => window.__xss === 1 || (window.top && window.top.__xss === 1)"))


def test_payloads_in_comments_never_run(browser: Browser, site: CommentSite) -> None:
    assert len(PAYLOADS) >= 30
    watch = Watch()
    contexts = [_context(browser, watch) for _ in range(4)]
    context = contexts[0]
    try:
        pages = [c.new_page() for c in contexts]
        for n, page in enumerate(pages):
            sign_in(page, site, site.user(f"writer{n}").username)
        for n, payload in enumerate(PAYLOADS):
            page = pages[n % len(pages)]
            # Two minutes apart: within every writer's rate limit.
            site.clock.now += timedelta(minutes=2)
            post_comment(page, site, f"Payload {n}: {payload}")
            assert not _executed(page) and watch.dialogs == [], payload
        stored = [c.body for c in site.repo.comments.comments_on("article", site.article)]
        assert stored == [f"Payload {n}: {p}" for n, p in enumerate(PAYLOADS)]  # kept verbatim
        reader = context.new_page()
        reader.goto(site.url(site.article_path), wait_until="load")
        reader.wait_for_timeout(300)  # let onload, onfocus and autofocus handlers fire
        shown = reader.locator("#comments .comment-body").all_inner_texts()
        assert len(shown) == len(PAYLOADS)
        for n, text in enumerate(shown):  # every payload is shown as the text it was
            assert text.startswith(f"Payload {n}:"), text
        found = reader.evaluate(INSPECT)
        assert set(found["tags"]) <= ALLOWED_TAGS, found["tags"]
        assert found["handlers"] == []
        assert all(re.match(r"https?://[^/\s]", href) for href in found["hrefs"]), found["hrefs"]
        for link in reader.locator("#comments .comment-body a").all():
            link.hover()
            link.focus()
        assert reader.locator("iframe, object, embed, script[src*=javascript]").count() == 0
        assert not _executed(reader) and watch.dialogs == []
    finally:
        for each in contexts:
            each.close()
    print(f"\n{len(PAYLOADS)} XSS payloads posted as comments; none ran in Chromium")


def test_payloads_as_names_are_refused_and_never_run(browser: Browser, site: CommentSite) -> None:
    watch = Watch()
    context = _context(browser, watch)
    try:
        page = context.new_page()
        for payload in PAYLOADS:
            page.goto(site.url("/en/signup"))
            # Past the form's own limits (length, required): the server is on trial.
            page.evaluate(
                """(name) => { const f = document.querySelector('#username');
                f.removeAttribute('maxlength'); f.removeAttribute('minlength'); f.value = name; }""",
                payload,
            )
            page.fill("#password", "correct horse battery")
            page.fill("#password_again", "correct horse battery")
            with page.expect_navigation():
                page.locator("form.account-form button[type=submit]").click()
            page.wait_for_timeout(50)
            assert "A username has 3 to 32" in page.locator(".form-error").inner_text(), payload
            assert page.input_value("#username") == payload  # shown back, as text
            assert not _executed(page) and watch.dialogs == [], payload
    finally:
        context.close()
    assert site.repo.accounts.count_users() == 0 or all(
        re.fullmatch(r"[a-z0-9._-]+", u.username) for u in site.repo.accounts.list_users()
    )
    print(f"\n{len(PAYLOADS)} XSS payloads tried as usernames; all refused, none ran in Chromium")
