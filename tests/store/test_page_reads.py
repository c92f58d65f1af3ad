"""The reads the home and article pages make per view (issue #19 point 4), on SQLite and
PostgreSQL: story cards of several stories in one query, the other outlets of a story
counted in one, card lists without HTML or body figures, comment switches by pairs."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.page_articles import stored_article
from tidings.ingest import article_id
from tidings.models import ExtractedArticle, FeedEntry, Image, Story
from tidings.store import NewEntry, SqlRepository, StoryPlacement

NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)
LEAD = Image(url="https://img.example/lead.jpg", caption="Lead", width=1200, height=675)
BODY = Image(url="https://img.example/body.jpg", caption="Body")


def _add(repository: SqlRepository, source_id: int, n: int, minutes_ago: int) -> str:
    return stored_article(
        repository, source_id, str(n), now=NOW, minutes_ago=minutes_ago, images=(LEAD, BODY)
    )


def _place(repository: SqlRepository, article: str, story_id: str, outlets: int) -> None:
    story = Story(story_id, "A story", NOW - timedelta(hours=2), NOW, outlets, outlets)
    repository.stories.save_placements(
        [StoryPlacement(article, story)], now=NOW, related_limit=3, per_outlet=2
    )


def _copy(repository: SqlRepository, source_id: int, of: str) -> str:
    url = f"https://copies{source_id}.example/{of}"
    entry = FeedEntry(url=url, title="Wire copy", published=NOW)
    repository.articles.add_entries(source_id, [NewEntry(article_id(url), url, entry)], now=NOW)
    body = ExtractedArticle(title="Wire copy", text="Copy.", html="<p>Copy.</p>")
    repository.articles.save_extraction(article_id(url), body, now=NOW, duplicate_of=of)
    return article_id(url)


def test_story_cards_of_several_stories_in_one_read(repository: SqlRepository) -> None:
    a, b, c = (
        repository.sources.add_source(f"https://{n}.example/feed", now=NOW).id for n in "abc"
    )
    first = [_add(repository, a, 1, 50), _add(repository, b, 2, 40), _add(repository, c, 3, 30)]
    second = [_add(repository, a, 4, 20), _add(repository, b, 5, 10)]
    for n, member in enumerate(first):
        _place(repository, member, "f" * 32, n + 1)
    for n, member in enumerate(second):
        _place(repository, member, "e" * 32, n + 1)
    copy = _copy(repository, c, first[0])

    found = repository.stories.story_card_articles(["e" * 32, "f" * 32, "0" * 32])

    assert list(found) == ["e" * 32, "f" * 32, "0" * 32]
    assert [x.id for x in found["f" * 32]] == first  # oldest first, no copy
    assert [x.id for x in found["e" * 32]] == second
    assert found["0" * 32] == []
    assert copy not in {x.id for x in found["f" * 32]}
    card = found["f" * 32][0]
    full = repository.articles.get_article(first[0])
    assert (card.title, card.source_id, card.published) == (
        full.title,
        full.source_id,
        full.published,
    )
    assert card.lead_image == full.lead_image == LEAD
    # What a story card does not show is not read.
    assert (card.text, card.html, card.figures) == (None, None, ())
    assert full.figures == (BODY,)
    assert repository.stories.story_card_articles([]) == {}


def test_other_outlets_of_a_story_counted_in_one_read(repository: SqlRepository) -> None:
    a, b, c = (
        repository.sources.add_source(f"https://{n}.example/feed", now=NOW).id for n in "abc"
    )
    one = _add(repository, a, 1, 50)
    two = _add(repository, b, 2, 40)
    three = _add(repository, b, 3, 30)  # a second article of the same outlet
    _place(repository, one, "s" * 32, 1)
    assert (
        repository.stories.other_outlets_in_story("s" * 32, a) == 0
    )  # one outlet: nothing to count
    _place(repository, two, "s" * 32, 2)
    _place(repository, three, "s" * 32, 2)
    _copy(repository, c, one)  # a copy's outlet does not cover the story
    assert repository.stories.other_outlets_in_story("s" * 32, a) == 1
    assert repository.stories.other_outlets_in_story("s" * 32, b) == 1
    assert repository.stories.other_outlets_in_story("s" * 32, c) == 2
    assert repository.stories.other_outlets_in_story("9" * 32, a) == 0  # no such story


def test_latest_articles_for_cards_leave_out_bodies(repository: SqlRepository) -> None:
    a = repository.sources.add_source("https://a.example/feed", now=NOW).id
    ids = [_add(repository, a, n, minutes_ago=10 * n) for n in range(3)]
    full = repository.articles.latest_articles(limit=5)
    cards = repository.articles.latest_articles(limit=5, bodies=False)
    assert [x.id for x in cards] == [x.id for x in full] == ids
    for card, article in zip(cards, full, strict=True):
        assert article.html and article.figures == (BODY,)
        assert (card.html, card.figures) == (None, ())
        assert (card.text, card.lead_image, card.title) == (
            article.text,
            article.lead_image,
            article.title,
        )


def test_comment_switches_by_pairs(repository: SqlRepository) -> None:
    a = repository.sources.add_source("https://a.example/feed", now=NOW).id
    one = _add(repository, a, 1, 10)
    repository.comments.close_comments("article", one, closed_by=None, now=NOW)
    repository.comments.close_comments(
        "source", str(a), closed_by=None, now=NOW + timedelta(minutes=1)
    )
    found = repository.comments.closed_comment_targets([("article", one), ("source", str(a))])
    assert [(s.kind, s.target) for s in found] == [("source", str(a)), ("article", one)]
    assert [s.kind for s in repository.comments.closed_comment_targets([("article", one)])] == [
        "article"
    ]
    assert repository.comments.closed_comment_targets([("story", "x" * 32)]) == []
    assert repository.comments.closed_comment_targets([]) == []
    assert len(repository.comments.closed_comment_targets()) == 2
