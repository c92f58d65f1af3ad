"""What the site shows a signed-in reader of the state the apps changed: read marks on the
cards of a source page, and the saved list and followed sources on the account page."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

import httpx

from tests.api.conftest import ApiSite
from tests.readers import PASSWORD, QUICK
from tidings.accounts.credentials import PasswordHasher

_CARD = re.compile(r'<article class="card[^"]*">.*?</article>', re.S)
_ARTICLE_LINK = re.compile(r'href="/en/article/([0-9a-f]{32})"')


@contextmanager
def signed_in(site: ApiSite) -> Iterator[httpx.Client]:
    """A browser signed in on the site as ada, the reader the apps act for."""
    site.repo.accounts.set_password(
        site.ada.id, PasswordHasher(QUICK).hash(PASSWORD), now=site.clock.now
    )
    with httpx.Client(base_url=site.server.base, follow_redirects=False, timeout=10) as client:
        page = client.get("/en/signin")
        found = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
        assert found, "no CSRF field on the sign-in page"
        form = {"csrf_token": found.group(1), "username": "ada", "password": PASSWORD}
        assert client.post("/en/signin", data=form).status_code == 303
        yield client


def source_cards(browser: httpx.Client, source_id: int) -> dict[str, bool]:
    """The article cards of a source page: article id -> shown as read."""
    page = browser.get(f"/en/source/{source_id}")
    assert page.status_code == 200, page.text
    cards: dict[str, bool] = {}
    for card in _CARD.findall(page.text):
        article = _ARTICLE_LINK.search(card)
        assert article, card
        read = "card-read" in card.split(">", 1)[0]
        assert read == ("card-read-label" in card), card  # the class and the word agree
        cards[article.group(1)] = read
    return cards


def _section(html: str, title_id: str) -> str:
    start = html.index(f'id="{title_id}"')
    return html[start : html.index("</section>", start)]


def saved_on_account_page(browser: httpx.Client) -> list[str]:
    """The article ids of "Your list" on the account page, in its order."""
    page = browser.get("/en/account")
    assert page.status_code == 200, page.text
    return _ARTICLE_LINK.findall(_section(page.text, "saved-title"))


def followed_on_account_page(browser: httpx.Client) -> list[str]:
    """The links of "Following" on the account page."""
    page = browser.get("/en/account")
    return re.findall(r'<a href="([^"]+)">', _section(page.text, "following-title"))
