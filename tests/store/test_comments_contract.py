"""The comments part of the repository contract (issue #7), on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from tidings.accounts.models import Role
from tidings.errors import NotFound
from tidings.ingest import article_id
from tidings.models import ExtractedArticle, FeedEntry
from tidings.store import NewEntry, SqlRepository
from tidings.store.schema import comment_bans, comment_mutes, comment_reports, comments

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
MINUTE = timedelta(minutes=1)


def _article(repository: SqlRepository, n: int) -> tuple[int, str]:
    source = repository.sources.add_source(
        f"https://news{n}.example/feed", now=NOW, title=f"News {n}"
    )
    url = f"https://news{n}.example/a/{n}"
    new = NewEntry(article_id(url), url, FeedEntry(url=url, title=f"Headline {n}"))
    repository.articles.add_entries(source.id, [new], now=NOW)
    repository.articles.save_extraction(
        new.article_id, ExtractedArticle(title=f"Headline {n}", text="x", html="<p>x</p>"), now=NOW
    )
    return source.id, new.article_id


def _rows(repository: SqlRepository, table) -> int:  # type: ignore[no-untyped-def]
    with repository.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


def test_comments_replies_edits_and_counts(repository: SqlRepository) -> None:
    _, article = _article(repository, 1)
    ada = repository.accounts.create_user("ada", "h", now=NOW)
    bob = repository.accounts.create_user("bob", "h", now=NOW)
    top = repository.comments.add_comment("article", article, ada.id, "First *words*", now=NOW)
    assert top.author == "ada" and top.parent_id is None and top.visible
    reply = repository.comments.add_comment(
        "article", article, bob.id, "Reply", now=NOW + MINUTE, parent_id=top.id
    )
    deeper = repository.comments.add_comment(
        "article", article, ada.id, "Reply to reply", now=NOW + 2 * MINUTE, parent_id=reply.id
    )
    assert reply.parent_id == top.id and deeper.parent_id == top.id
    with pytest.raises(NotFound):
        repository.comments.add_comment(
            "story", article, ada.id, "wrong target", now=NOW, parent_id=top.id
        )
    with pytest.raises(NotFound):
        repository.comments.add_comment(
            "article", article, ada.id, "no parent", now=NOW, parent_id=999
        )
    assert [c.id for c in repository.comments.comments_on("article", article)] == [
        top.id,
        reply.id,
        deeper.id,
    ]
    assert repository.comments.comments_on("story", article) == []
    repository.comments.edit_comment(top.id, "First words, edited", now=NOW + 3 * MINUTE)
    edited = repository.comments.get_comment(top.id)
    assert edited.body == "First words, edited" and edited.edited_at == NOW + 3 * MINUTE
    assert repository.comments.count_comments("article", [article, "0" * 32]) == {article: 3}
    repository.comments.delete_comment(reply.id)
    gone = repository.comments.get_comment(reply.id)
    assert gone.deleted and gone.body == "" and not gone.visible
    assert repository.comments.count_comments("article", [article]) == {article: 2}
    assert [c.id for c in repository.comments.user_comments(ada.id, limit=10)] == [
        deeper.id,
        top.id,
    ]
    with pytest.raises(NotFound):
        repository.comments.get_comment(999)
    with pytest.raises(NotFound):
        repository.comments.edit_comment(999, "x", now=NOW)
    titles = repository.comments.comment_target_titles([("article", article), ("story", "1" * 32)])
    assert titles == {("article", article): "Headline 1"}


def test_reports_hide_and_restore(repository: SqlRepository) -> None:
    _, article = _article(repository, 1)
    ada = repository.accounts.create_user("ada", "h", now=NOW)
    bob = repository.accounts.create_user("bob", "h", now=NOW)
    mia = repository.accounts.create_user("mia", "h", now=NOW, role=Role.MODERATOR)
    spam = repository.comments.add_comment("article", article, ada.id, "Buy now", now=NOW)
    fine = repository.comments.add_comment("article", article, ada.id, "Fine", now=NOW + MINUTE)
    assert repository.comments.report_comment(spam.id, bob.id, "spam", now=NOW, note="ads")
    assert not repository.comments.report_comment(
        spam.id, bob.id, "abuse", now=NOW
    )  # once per reader
    assert repository.comments.report_comment(spam.id, mia.id, "other", now=NOW)
    with pytest.raises(NotFound):
        repository.comments.report_comment(999, bob.id, "spam", now=NOW)
    assert repository.comments.get_comment(spam.id).report_count == 2
    assert repository.comments.has_reported(bob.id, [spam.id, fine.id]) == {spam.id}
    assert [c.id for c in repository.comments.reported_comments(limit=10)] == [spam.id]
    reports = repository.comments.comment_reports_for([spam.id])[spam.id]
    assert [(r.reporter, r.reason, r.note) for r in reports] == [
        ("bob", "spam", "ads"),
        ("mia", "other", None),
    ]
    assert [r.comment_id for r in repository.comments.reports_by(bob.id)] == [spam.id]
    repository.comments.hide_comment(spam.id, mia.id, "Advertising", now=NOW + MINUTE)
    hidden = repository.comments.get_comment(spam.id)
    assert hidden.hidden and hidden.hidden_by == mia.id and hidden.hidden_reason == "Advertising"
    assert hidden.report_count == 0 and repository.comments.reported_comments(limit=10) == []
    assert repository.comments.comment_reports_for([spam.id]) == {}  # settled
    assert [c.id for c in repository.comments.recent_comments(limit=10, hidden=True)] == [spam.id]
    assert [c.id for c in repository.comments.recent_comments(limit=10)] == [fine.id]
    assert repository.comments.count_comments("article", [article]) == {article: 1}
    repository.comments.restore_comment(spam.id)
    assert repository.comments.get_comment(spam.id).visible
    with pytest.raises(NotFound):
        repository.comments.hide_comment(999, mia.id, None, now=NOW)


def test_bans_mutes_and_switches(repository: SqlRepository) -> None:
    source_id, article = _article(repository, 1)
    ada = repository.accounts.create_user("ada", "h", now=NOW)
    bob = repository.accounts.create_user("bob", "h", now=NOW)
    repository.comments.ban_commenter(
        ada.id, banned_by=bob.id, now=NOW, until=NOW + timedelta(days=1), reason="r"
    )
    ban = repository.comments.commenter_ban(ada.id, NOW + MINUTE)
    assert ban is not None and ban.username == "ada" and ban.reason == "r"
    assert repository.comments.commenter_ban(ada.id, NOW + timedelta(days=2)) is None
    repository.comments.ban_commenter(ada.id, banned_by=None, now=NOW, until=None)  # replaces it
    assert [b.until for b in repository.comments.commenter_bans(NOW + timedelta(days=900))] == [
        None
    ]
    repository.comments.unban_commenter(ada.id)
    assert repository.comments.commenter_ban(ada.id, NOW) is None
    with pytest.raises(NotFound):
        repository.comments.ban_commenter(999, banned_by=None, now=NOW, until=None)
    repository.comments.mute_commenter(bob.id, ada.id, now=NOW)
    repository.comments.mute_commenter(bob.id, ada.id, now=NOW)  # idempotent
    assert repository.comments.muted_commenters(bob.id) == {ada.id: "ada"}
    assert repository.comments.muted_commenters(ada.id) == {}
    with pytest.raises(ValueError):
        repository.comments.mute_commenter(bob.id, bob.id, now=NOW)
    repository.comments.unmute_commenter(bob.id, ada.id)
    assert repository.comments.muted_commenters(bob.id) == {}
    repository.comments.close_comments("source", str(source_id), closed_by=ada.id, now=NOW)
    repository.comments.close_comments("article", article, closed_by=None, now=NOW + MINUTE)
    repository.comments.close_comments("article", article, closed_by=None, now=NOW + MINUTE)
    assert [(s.kind, s.target) for s in repository.comments.closed_comment_targets()] == [
        ("article", article),
        ("source", str(source_id)),
    ]
    assert [s.kind for s in repository.comments.closed_comment_targets([("article", article)])] == [
        "article"
    ]
    assert repository.comments.closed_comment_targets([]) == []
    repository.comments.open_comments("article", article)
    assert [s.kind for s in repository.comments.closed_comment_targets()] == ["source"]


def test_deleting_a_user_removes_their_comment_data(repository: SqlRepository) -> None:
    _, article = _article(repository, 1)
    ada = repository.accounts.create_user("ada", "h", now=NOW)
    bob = repository.accounts.create_user("bob", "h", now=NOW)
    answered = repository.comments.add_comment("article", article, ada.id, "Answered", now=NOW)
    repository.comments.add_comment("article", article, ada.id, "Alone", now=NOW)
    own_reply = repository.comments.add_comment(
        "article", article, ada.id, "Self", now=NOW, parent_id=answered.id
    )
    reply = repository.comments.add_comment(
        "article", article, bob.id, "Reply", now=NOW, parent_id=answered.id
    )
    bobs = repository.comments.add_comment("article", article, bob.id, "Bob's", now=NOW)
    repository.comments.report_comment(bobs.id, ada.id, "spam", now=NOW)
    repository.comments.report_comment(answered.id, bob.id, "spam", now=NOW)
    repository.comments.mute_commenter(ada.id, bob.id, now=NOW)
    repository.comments.mute_commenter(bob.id, ada.id, now=NOW)
    repository.comments.ban_commenter(ada.id, banned_by=bob.id, now=NOW, until=None)
    repository.comments.ban_commenter(bob.id, banned_by=ada.id, now=NOW, until=None)
    repository.accounts.delete_user(ada.id)
    left = {c.id: c for c in repository.comments.comments_on("article", article)}
    assert set(left) == {answered.id, reply.id, bobs.id}  # own_reply and "Alone" are gone
    assert own_reply.id not in left
    placeholder = left[answered.id]
    assert placeholder.deleted and placeholder.body == "" and placeholder.user_id is None
    assert placeholder.author is None
    assert left[bobs.id].report_count == 0
    with repository.engine.connect() as conn:
        for table in (comments, comment_reports, comment_mutes, comment_bans):
            assert (
                conn.execute(select(func.count()).where(table.c.user_id == ada.id)).scalar_one()
                == 0
            )
        assert conn.execute(select(comment_mutes.c.muted_user_id)).all() == []
        banned_by = conn.execute(select(comment_bans.c.banned_by)).scalars().all()
        assert banned_by == [None]  # bob's ban stays, without the deleted moderator
    assert _rows(repository, comment_reports) == 1  # bob's report of the placeholder
    repository.comments.delete_user_comments(bob.id)
    assert [c.id for c in repository.comments.comments_on("article", article)] == []
