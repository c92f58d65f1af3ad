"""Comments on the site (issue #7, point 2): posting, replies, the edit window, deleting,
reporting, moderation, switches, limits, spam checks, mutes, counts, CSRF. A real SQLite
store and the app's injectable clock."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from tests.readers import NOW, PASSWORD, QUICK, Clock
from tidings.accounts.credentials import PasswordHasher
from tidings.accounts.models import Role, User
from tidings.config import Settings
from tidings.ingest import article_id
from tidings.models import ExtractedArticle, FeedEntry, Story
from tidings.store import Enrichment, NewEntry, SqlRepository, StoryPlacement
from tidings.store.schema import comment_bans, comment_mutes, comment_reports, comments
from tidings.web import create_app

STORY = "5" * 32
EMPTY = "No comments yet… Be the first to share your thoughts."


@dataclass
class Site:
    app_settings: Settings
    repo: SqlRepository
    clock: Clock
    source_id: int
    article: str
    other: str

    def client(self) -> TestClient:
        app = create_app(self.app_settings, repository=self.repo, clock=self.clock)
        app.state.password_hasher = PasswordHasher(QUICK)
        return TestClient(app, follow_redirects=False)

    def page(self, article: str | None = None) -> str:
        return f"/en/article/{article or self.article}"


def _article(repo: SqlRepository, source_id: int, n: int) -> str:
    url = f"https://pub.example/news/{n}"
    entry = FeedEntry(url=url, title=f"Bridge news {n}", published=NOW - timedelta(hours=n))
    aid = article_id(url)
    repo.articles.add_entries(source_id, [NewEntry(aid, url, entry)], now=NOW)
    repo.articles.save_extraction(
        aid,
        ExtractedArticle(title=f"Bridge news {n}", text="Words.", html="<p>Words.</p>"),
        now=NOW,
    )
    story = Story(STORY, "The bridge story", NOW - timedelta(hours=3), NOW, 2, 1)
    repo.stories.save_placements(
        [StoryPlacement(aid, story, enrichment=Enrichment("en", "declared"))],
        now=NOW,
        related_limit=3,
        per_outlet=2,
    )
    return aid


def make_site(settings: Settings, repo: SqlRepository) -> Site:
    """Two articles of one outlet, in one story."""
    source = repo.sources.add_source("https://pub.example/feed", now=NOW, title="The Pub")
    first = _article(repo, source.id, 1)
    second = _article(repo, source.id, 2)
    return Site(settings, repo, Clock(), source.id, first, second)


@pytest.fixture
def site(settings: Settings, sqlite_repository: SqlRepository) -> Site:
    return make_site(settings, sqlite_repository)


def _token(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "no CSRF field on the page"
    return found.group(1)


def _reader(
    site: Site, name: str, *, role: Role = Role.READER, age: timedelta = timedelta(days=3)
) -> tuple[TestClient, User]:
    """A signed-in client for a new account created ``age`` ago (established by default)."""
    user = site.repo.accounts.create_user(name, QUICK.hash(PASSWORD), now=NOW - age, role=role)
    client = site.client()
    page = client.get("/en/signin")
    done = client.post(
        "/en/signin",
        data={"csrf_token": _token(page.text), "username": name, "password": PASSWORD},
    )
    assert done.status_code == 303, done.text
    return client, user


def _say(
    client: TestClient,
    site: Site,
    body: str,
    *,
    parent: int | None = None,
    kind: str = "article",
    target: str | None = None,
):  # type: ignore[no-untyped-def]
    target = target or site.article
    # The account page always carries the reader's token (a closed page has no form).
    form = {"csrf_token": _token(client.get("/en/account").text), "kind": kind, "target": target,
            "body": body, "parent": str(parent or "")}  # fmt: skip
    return client.post("/en/comments", data=form)


def _post(client: TestClient, path: str, page: str, **fields: str):  # type: ignore[no-untyped-def]
    return client.post(path, data={"csrf_token": _token(client.get(page).text), **fields})


def _count(repo: SqlRepository, table, **where: object) -> int:  # type: ignore[no-untyped-def]
    stmt = select(func.count()).select_from(table)
    for column, value in where.items():
        stmt = stmt.where(table.c[column] == value)
    with repo.engine.connect() as conn:
        return int(conn.execute(stmt).scalar_one())


def _posted_id(response) -> int:  # type: ignore[no-untyped-def]
    assert response.status_code == 303, response.text
    found = re.search(r"#comment-(\d+)$", response.headers["location"])
    assert found, response.headers["location"]
    return int(found.group(1))


def test_empty_state_count_and_sign_in_link(site: Site) -> None:
    page = site.client().get(site.page())
    assert EMPTY in page.text
    assert 'href="#comments">0 comments</a>' in page.text
    assert f'/en/signin?next=/en/article/{site.article}">Sign in to comment' in page.text
    assert 'name="body"' not in page.text  # no form for readers not signed in
    story = site.client().get(f"/en/story/{STORY}")
    assert EMPTY in story.text and 'id="comments"' in story.text


def test_post_a_comment_and_see_it_rendered_and_counted(site: Site) -> None:
    ada, _ = _reader(site, "ada")
    done = _say(ada, site, "Hello *bridge* fans, see https://pub.example/x\n> a quote")
    comment_id = _posted_id(done)
    assert done.headers["location"] == f"{site.page()}#comment-{comment_id}"
    page = site.client().get(site.page())
    assert EMPTY not in page.text
    assert 'href="#comments">1 comment</a>' in page.text
    assert f'id="comment-{comment_id}"' in page.text
    assert "Hello <em>bridge</em> fans" in page.text
    assert '<a href="https://pub.example/x" rel="nofollow ugc noopener">' in page.text
    assert "<blockquote><p>a quote</p></blockquote>" in page.text
    assert site.repo.comments.get_comment(comment_id).body.startswith(
        "Hello *bridge*"
    )  # source kept
    # Comments belong to their page only.
    assert EMPTY in site.client().get(site.page(site.other)).text
    story = _say(ada, site, "On the whole story.", kind="story", target=STORY)
    assert _posted_id(story)
    assert "On the whole story." in site.client().get(f"/en/story/{STORY}").text


def test_replies_are_one_level_deep(site: Site) -> None:
    ada, _ = _reader(site, "ada")
    bob, _ = _reader(site, "bob")
    top = _posted_id(_say(ada, site, "Top-level thought."))
    reply = _posted_id(_say(bob, site, "A reply.", parent=top))
    deeper = _posted_id(_say(ada, site, "A reply to the reply.", parent=reply))
    assert site.repo.comments.get_comment(reply).parent_id == top
    assert site.repo.comments.get_comment(deeper).parent_id == top  # attached to the top level
    page = site.client().get(site.page()).text
    replies = page.split('class="comment-replies"', 1)[1]
    assert f'id="comment-{reply}"' in replies and f'id="comment-{deeper}"' in replies
    # A parent on another page is refused.
    assert _say(ada, site, "Elsewhere.", parent=top, target=site.other).status_code == 404


def test_edit_within_fifteen_minutes_only(site: Site) -> None:
    ada, _ = _reader(site, "ada")
    bob, _ = _reader(site, "bob")
    cid = _posted_id(_say(ada, site, "Frist!"))
    edit = f"/en/comments/{cid}/edit"
    assert f'href="{edit}"' in ada.get(site.page()).text
    assert bob.get(edit).status_code == 403
    assert _post(bob, edit, site.page(), body="Hijacked").status_code == 403
    site.clock.now = NOW + timedelta(minutes=14)
    done = _post(ada, edit, edit, body="First!")
    assert done.status_code == 303
    changed = site.repo.comments.get_comment(cid)
    assert changed.body == "First!" and changed.edited_at == NOW + timedelta(minutes=14)
    assert "edited" in site.client().get(site.page()).text
    site.clock.now = NOW + timedelta(minutes=15, seconds=1)
    assert f'href="{edit}"' not in ada.get(site.page()).text
    late = _post(ada, edit, site.page(), body="Too late")
    assert late.status_code == 403 and "15 minutes" in late.text
    assert site.repo.comments.get_comment(cid).body == "First!"


def test_delete_own_comment_keeps_replies_under_a_placeholder(site: Site) -> None:
    ada, _ = _reader(site, "ada")
    bob, _ = _reader(site, "bob")
    lonely = _posted_id(_say(ada, site, "Nobody answers this."))
    top = _posted_id(_say(ada, site, "Something to answer."))
    _posted_id(_say(bob, site, "An answer.", parent=top))
    not_hers = _post(bob, f"/en/comments/{top}/delete", site.page())
    assert not_hers.status_code == 403 and not site.repo.comments.get_comment(top).deleted
    for cid in (lonely, top):
        assert _post(ada, f"/en/comments/{cid}/delete", site.page()).status_code == 303
    page = site.client().get(site.page()).text
    assert "Nobody answers this." not in page and f'id="comment-{lonely}"' not in page
    assert "Something to answer." not in page and "This comment was deleted." in page
    assert "An answer." in page
    assert 'href="#comments">1 comment</a>' in page
    assert site.repo.comments.get_comment(top).body == ""


def test_report_once_then_moderator_hides_restores_and_bans(site: Site) -> None:
    ada, ada_user = _reader(site, "ada")
    bob, _ = _reader(site, "bob")
    mod, _ = _reader(site, "mia", role=Role.MODERATOR)
    cid = _posted_id(_say(ada, site, "Buy cheap watches now"))
    assert _post(ada, f"/en/comments/{cid}/report", site.page(), reason="spam").status_code == 400
    done = _post(bob, f"/en/comments/{cid}/report", site.page(), reason="spam", note="ads")
    assert done.status_code == 303 and "comments=reported" in done.headers["location"]
    again = _post(bob, f"/en/comments/{cid}/report", site.page(), reason="abuse")
    assert "already-reported" in again.headers["location"]
    assert site.repo.comments.get_comment(cid).report_count == 1
    assert "A moderator will look at this comment." in bob.get(done.headers["location"]).text
    # Readers may not moderate.
    assert bob.get("/en/moderation").status_code == 403
    hide_path = f"/en/moderation/comments/{cid}/hide"
    assert _post(bob, hide_path, site.page(), reason="x").status_code == 403
    queue = mod.get("/en/moderation")
    assert (
        queue.status_code == 200 and "Buy cheap watches now" in queue.text and "ads" in queue.text
    )
    assert _post(mod, hide_path, "/en/moderation", reason="Advertising").status_code == 303
    hidden = site.repo.comments.get_comment(cid)
    assert hidden.hidden and hidden.hidden_reason == "Advertising" and hidden.report_count == 0
    for reader in (site.client(), bob):
        assert "Buy cheap watches" not in reader.get(site.page()).text
    own = ada.get(site.page()).text
    assert "hidden by a moderator" in own and "Advertising" in own
    assert 'href="#comments">0 comments</a>' in own
    queue = mod.get("/en/moderation").text
    hidden_part = queue.split('id="hidden-title"', 1)[1].split('id="recent-title"', 1)[0]
    assert "Buy cheap watches now" in hidden_part and "Hidden: Advertising" in hidden_part
    restore = f"/en/moderation/comments/{cid}/restore"
    assert _post(mod, restore, "/en/moderation").status_code == 303
    assert "Buy cheap watches now" in site.client().get(site.page()).text
    # A ban stops posting until it ends; a moderator may not ban a moderator.
    ban = _post(mod, "/en/moderation/ban", "/en/moderation", user_id=str(ada_user.id), days="1")
    assert ban.status_code == 303
    refused = _say(ada, site, "Let me back in")
    assert refused.status_code == 403 and "may not comment until" in refused.text
    assert "Let me back in" in refused.text  # the text is kept
    assert "A moderator stopped your account commenting" in ada.get(site.page()).text
    mia = site.repo.accounts.find_user("mia")
    assert mia is not None
    other_mod, _ = _reader(site, "max", role=Role.MODERATOR)
    assert (
        _post(other_mod, "/en/moderation/ban", "/en/moderation", user_id=str(mia.id)).status_code
        == 403
    )
    site.clock.now = NOW + timedelta(days=1, minutes=1)
    assert _posted_id(_say(ada, site, "Back after a day"))
    _post(mod, "/en/moderation/ban", "/en/moderation", user_id=str(ada_user.id), days="permanent")
    site.clock.now = NOW + timedelta(days=25)  # far past any temporary ban
    assert _say(ada, site, "Weeks on").status_code == 403
    assert (
        _post(mod, "/en/moderation/unban", "/en/moderation", user_id=str(ada_user.id)).status_code
        == 303
    )
    assert _posted_id(_say(ada, site, "Free again"))


def test_switches_for_site_source_and_article(settings: Settings, site: Site) -> None:
    ada, _ = _reader(site, "ada")
    admin, _ = _reader(site, "root", role=Role.ADMIN)
    mod, _ = _reader(site, "mia", role=Role.MODERATOR)
    cid = _posted_id(_say(ada, site, "Before the switch."))
    switch = "/en/moderation/switch"
    assert (
        _post(mod, switch, "/en/moderation", kind="article", target=site.article).status_code == 403
    )
    done = _post(admin, switch, site.page(), kind="article", target=site.article, next=site.page())
    assert done.status_code == 303
    page = ada.get(site.page()).text
    assert "Comments are switched off here." in page and 'id="comment-body"' not in page
    assert "Before the switch." in page  # what was said stays readable
    assert _say(ada, site, "After the switch.").status_code == 403
    assert _post(ada, f"/en/comments/{cid}/edit", site.page(), body="changed").status_code == 403
    assert _posted_id(_say(ada, site, "On the other article.", target=site.other))
    _post(admin, switch, "/en/moderation", kind="article", target=site.article, action="open")
    assert _posted_id(_say(ada, site, "Open again."))
    # A source switch closes all of its articles; the moderation page lists it.
    _post(admin, switch, "/en/moderation", kind="source", target=str(site.source_id))
    assert _say(ada, site, "Closed by source.", target=site.other).status_code == 403
    assert "The Pub" in admin.get("/en/moderation").text
    # An article can be named by its page's address.
    _post(admin, switch, "/en/moderation", kind="source", target=str(site.source_id), action="open")
    _post(
        admin,
        switch,
        "/en/moderation",
        kind="article",
        target=f"http://testserver{site.page(site.other)}",
    )
    assert _say(ada, site, "Closed by URL.", target=site.other).status_code == 403
    # The site setting removes the section and refuses comments.
    site.app_settings = settings.model_copy(update={"comments_enabled": False})
    off, _ = _reader(site, "bob")
    page = off.get(site.page()).text
    assert 'id="comments"' not in page and "comment" not in page.split("<main", 1)[1].lower()
    assert _say(off, site, "Anyone?").status_code == 404
    assert off.get("/en/moderation").status_code in (403, 404)


def test_rate_limits_are_enforced_and_stricter_for_new_accounts(site: Site) -> None:
    old, _ = _reader(site, "ada")
    for n in range(5):
        site.clock.now = NOW + timedelta(minutes=n)
        assert _posted_id(_say(old, site, f"Thought number {n}"))
    site.clock.now = NOW + timedelta(minutes=5)
    refused = _say(old, site, "Thought number 5")
    assert refused.status_code == 429
    assert (
        "at most 5 comments in 10 minutes" in refused.text
        and "Try again in 5 minutes" in refused.text
    )
    assert "Thought number 5</textarea>" in refused.text  # the text is kept
    assert _count(site.repo, comments) == 5
    site.clock.now = NOW + timedelta(minutes=10, seconds=1)
    assert _posted_id(_say(old, site, "Thought number 5"))
    # Limits hold across processes: a second app over the same store counts the same rows.
    site.clock.now = NOW + timedelta(minutes=10, seconds=2)
    assert _say(old, site, "Thought number 6").status_code == 429
    # A day-old account gets two per ten minutes.
    new, _ = _reader(site, "newbie", age=timedelta(hours=2))
    assert _posted_id(_say(new, site, "First words"))
    assert _posted_id(_say(new, site, "Second words"))
    assert _say(new, site, "Third words").status_code == 429


def test_spam_checks_links_repetition_and_length(site: Site) -> None:
    old, _ = _reader(site, "ada")
    new, _ = _reader(site, "newbie", age=timedelta(hours=1))
    linked = _say(new, site, "Visit https://spam.example now")
    assert linked.status_code == 400 and "New accounts may not post links" in linked.text
    assert _say(new, site, "Or www.spam.example").status_code == 400
    assert _posted_id(_say(old, site, "Two links: https://a.example and https://b.example"))
    many = " ".join(f"https://l{n}.example" for n in range(4))
    too_many = _say(old, site, many)
    assert too_many.status_code == 400 and "at most 3 links" in too_many.text
    assert _posted_id(_say(old, site, "The bridge is closed again."))
    repeated = _say(old, site, "  the BRIDGE is closed again!! ")
    assert repeated.status_code == 400 and "same text recently" in repeated.text
    long = _say(old, site, "x" * 5001)
    assert long.status_code == 400 and "at most 5000 characters" in long.text
    assert _say(old, site, "   ").status_code == 400
    assert _count(site.repo, comments) == 2


def test_readers_can_mute_a_commenter(site: Site) -> None:
    ada, ada_user = _reader(site, "ada")
    bob, _ = _reader(site, "bob")
    cid = _posted_id(_say(ada, site, "Something bob finds tiresome."))
    muted = _post(bob, "/en/comments/mute", site.page(), user_id=str(ada_user.id), next=site.page())
    assert muted.status_code == 303 and muted.headers["location"].startswith(site.page())
    page = bob.get(site.page()).text
    assert "Something bob finds tiresome." not in page and "whom you muted" in page
    assert f'id="comment-{cid}"' in page
    assert "Something bob finds tiresome." in site.client().get(site.page()).text  # others see it
    _post(bob, "/en/comments/unmute", site.page(), user_id=str(ada_user.id), next=site.page())
    assert "Something bob finds tiresome." in bob.get(site.page()).text
    assert _post(bob, "/en/comments/mute", site.page(), user_id="9999", next="/").status_code == 400


def test_posts_without_csrf_are_rejected_and_store_nothing(site: Site) -> None:
    ada, ada_user = _reader(site, "ada")
    bob, _ = _reader(site, "bob")
    mod, _ = _reader(site, "mia", role=Role.ADMIN)
    cid = _posted_id(_say(ada, site, "A fine comment."))
    forged = [
        (ada, "/en/comments", {"kind": "article", "target": site.article, "body": "forged"}),
        (ada, f"/en/comments/{cid}/edit", {"body": "forged edit"}),
        (ada, f"/en/comments/{cid}/delete", {}),
        (bob, f"/en/comments/{cid}/report", {"reason": "spam"}),
        (bob, "/en/comments/mute", {"user_id": str(ada_user.id)}),
        (mod, f"/en/moderation/comments/{cid}/hide", {"reason": "forged"}),
        (mod, "/en/moderation/ban", {"user_id": str(ada_user.id)}),
        (mod, "/en/moderation/switch", {"kind": "article", "target": site.article}),
    ]
    for client, path, form in forged:
        for token in (None, "not-the-token"):
            data = form if token is None else {**form, "csrf_token": token}
            response = client.post(path, data=data)
            assert response.status_code == 403, (path, token)
    assert _count(site.repo, comments) == 1
    kept = site.repo.comments.get_comment(cid)
    assert kept.body == "A fine comment." and kept.visible and kept.report_count == 0
    for table in (comment_reports, comment_mutes, comment_bans):
        assert _count(site.repo, table) == 0
    assert site.repo.comments.closed_comment_targets() == []
    # Another reader's token is not this reader's.
    other_token = _token(bob.get(site.page()).text)
    stolen = ada.post("/en/comments", data={"csrf_token": other_token, "kind": "article",
                                            "target": site.article, "body": "stolen"})  # fmt: skip
    assert stolen.status_code == 403 and _count(site.repo, comments) == 1


def test_signed_out_posts_go_to_sign_in(site: Site) -> None:
    client = site.client()
    response = client.post("/en/comments", data={"kind": "article", "target": site.article,
                                                 "body": "anonymous"})  # fmt: skip
    assert response.status_code in (303, 403)
    assert _count(site.repo, comments) == 0


def test_unknown_targets_and_comments_are_404(site: Site) -> None:
    ada, _ = _reader(site, "ada")
    assert _say(ada, site, "Nowhere", target="0" * 32).status_code == 404
    assert _say(ada, site, "Nowhere", kind="source", target=str(site.source_id)).status_code == 404
    assert _post(ada, "/en/comments/999/delete", site.page()).status_code == 404


def test_export_and_account_deletion_cover_comments(site: Site) -> None:
    ada, ada_user = _reader(site, "ada")
    bob, bob_user = _reader(site, "bob")
    answered = _posted_id(_say(ada, site, "Ada's answered comment."))
    alone = _posted_id(_say(ada, site, "Ada's lonely comment."))
    bob_reply = _posted_id(_say(bob, site, "Bob answers.", parent=answered))
    bob_top = _posted_id(_say(bob, site, "Bob's own comment."))
    _post(ada, f"/en/comments/{bob_top}/report", site.page(), reason="other")
    _post(ada, "/en/comments/mute", site.page(), user_id=str(bob_user.id), next=site.page())
    _post(bob, "/en/comments/mute", site.page(), user_id=str(ada_user.id), next=site.page())
    export = ada.get("/en/account/export").json()
    section = export["comments"]
    assert {c["text"] for c in section["written"]} == {
        "Ada's answered comment.",
        "Ada's lonely comment.",
    }
    assert section["written"][0]["page"].endswith(f"#comment-{alone}")
    assert section["reported"] == [
        {
            "comment_id": bob_top,
            "reason": "other",
            "note": None,
            "reported_at": section["reported"][0]["reported_at"],
        }
    ]
    assert section["muted_commenters"] == ["bob"]
    assert _post(ada, "/en/account/delete", "/en/account", password=PASSWORD).status_code == 303
    assert _count(site.repo, comments, user_id=ada_user.id) == 0
    assert _count(site.repo, comment_reports, user_id=ada_user.id) == 0
    assert _count(site.repo, comment_mutes) == 0  # hers, and bob's mute of her
    placeholder = site.repo.comments.get_comment(answered)
    assert placeholder.deleted and placeholder.body == "" and placeholder.user_id is None
    assert site.repo.comments.get_comment(bob_reply).parent_id == answered
    assert site.repo.comments.get_comment(bob_top).report_count == 0
    page = site.client().get(site.page()).text
    assert "Ada's" not in page and "Bob answers." in page and "This comment was deleted." in page
