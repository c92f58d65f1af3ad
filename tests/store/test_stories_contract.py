"""The stories part of the repository contract, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text

from tidings.errors import NotFound
from tidings.ingest import article_id
from tidings.models import ArticleState, ExtractedArticle, FeedEntry, Story
from tidings.store import (
    Enrichment,
    NewEntry,
    SqlRepository,
    StoryPlacement,
    create_store_engine,
    migrate,
    repository_for_engine,
)
from tidings.store.search import SearchQuery

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


def _add(repository: SqlRepository, source_id: int, n: int, minutes_ago: int) -> str:
    url = f"https://news{source_id}.example/a/{n}"
    entry = FeedEntry(
        url=url, title=f"Headline {n}", published=NOW - timedelta(minutes=minutes_ago)
    )
    new = NewEntry(article_id=article_id(url), url=url, entry=entry)
    repository.articles.add_entries(source_id, [new], now=NOW)
    body = ExtractedArticle(title=f"Headline {n}", text=f"Words of article {n}.", html="<p>x</p>")
    repository.articles.save_extraction(new.article_id, body, now=NOW)
    return new.article_id


def _add_copy(repository: SqlRepository, source_id: int, url: str, *, of: str) -> None:
    """A syndicated copy of the article ``of``, extracted."""
    entry = FeedEntry(url=url, title="Wire copy", published=NOW)
    repository.articles.add_entries(source_id, [NewEntry(article_id(url), url, entry)], now=NOW)
    body = ExtractedArticle(title="Wire copy", text="Words of the wire.", html="<p>x</p>")
    repository.articles.save_extraction(article_id(url), body, now=NOW, duplicate_of=of)


def _story(story_id: str, count: int, outlets: int, title: str = "A story") -> Story:
    return Story(story_id, title, NOW - timedelta(hours=2), NOW, count, outlets)


def _place(repository: SqlRepository, placement: StoryPlacement, limit: int = 3) -> None:
    repository.stories.save_placements([placement], now=NOW, related_limit=limit, per_outlet=2)


def test_clustering_queue_and_placement(repository: SqlRepository) -> None:
    a = repository.sources.add_source("https://a.example/feed", now=NOW)
    b = repository.sources.add_source("https://b.example/feed", now=NOW)
    old = _add(repository, a.id, 1, minutes_ago=50)
    new = _add(repository, b.id, 2, minutes_ago=10)
    queue = repository.stories.articles_to_cluster(limit=10)
    assert [x.id for x in queue] == [old, new]  # oldest first
    _place(repository, StoryPlacement(old, _story("s" * 32, 1, 1)))
    _place(repository, StoryPlacement(new, _story("s" * 32, 2, 2), related=((old, 0.5),)))
    assert repository.stories.articles_to_cluster(limit=10) == []
    placed = repository.articles.get_article(new)
    assert placed.story_id == "s" * 32
    assert placed.state is ArticleState.CLUSTERED
    assert repository.stories.get_story("s" * 32).outlet_count == 2
    assert [x.id for x in repository.stories.story_articles("s" * 32)] == [old, new]
    assert [x.id for x in repository.stories.related_articles(new, limit=5)] == [old]
    assert [x.id for x in repository.stories.clustered_since(NOW - timedelta(minutes=30))] == [new]
    facts = repository.stories.article_facts([old, new])
    assert facts[new].story_id == "s" * 32
    assert facts[old].source_id == a.id
    with pytest.raises(NotFound):
        repository.stories.get_story("missing")
    with pytest.raises(NotFound):
        _place(repository, StoryPlacement("0" * 32, _story("t" * 32, 1, 1)))


def test_merged_stories_and_copies_follow(repository: SqlRepository) -> None:
    a = repository.sources.add_source("https://a.example/feed", now=NOW)
    b = repository.sources.add_source("https://b.example/feed", now=NOW)
    one = _add(repository, a.id, 1, minutes_ago=30)
    two = _add(repository, b.id, 2, minutes_ago=20)
    copy_url = "https://copy.example/wire"
    _add_copy(repository, b.id, copy_url, of=one)
    assert [x.id for x in repository.stories.articles_to_cluster(limit=10)] == [one, two]
    _place(repository, StoryPlacement(one, _story("x" * 32, 1, 1)))
    assert repository.articles.get_article(article_id(copy_url)).story_id == "x" * 32
    # A copy extracted after its original was placed joins the story at once.
    late_url = "https://late.example/wire"
    late = FeedEntry(url=late_url, title="Late copy", published=NOW)
    repository.articles.add_entries(b.id, [NewEntry(article_id(late_url), late_url, late)], now=NOW)
    repository.articles.save_extraction(
        article_id(late_url),
        ExtractedArticle(title="Late copy", text="Words of article 1.", html="<p>x</p>"),
        now=NOW,
        duplicate_of=one,
    )
    assert repository.articles.get_article(article_id(late_url)).story_id == "x" * 32
    _place(repository, StoryPlacement(two, _story("y" * 32, 3, 2), merged=("x" * 32,)))
    with pytest.raises(NotFound):
        repository.stories.get_story("x" * 32)
    members = repository.stories.story_articles("y" * 32)
    assert {x.id for x in members} == {one, two, article_id(copy_url), article_id(late_url)}
    assert {x.id for x in repository.stories.story_articles("y" * 32, include_copies=False)} == {
        one,
        two,
    }
    assert [
        s.id
        for s in repository.stories.recent_stories(
            since=NOW - timedelta(days=1), min_outlets=2, limit=5
        )
    ] == ["y" * 32]
    assert (
        repository.stories.recent_stories(since=NOW - timedelta(days=1), min_outlets=3, limit=5)
        == []
    )


def test_a_split_moves_articles_and_their_copies_to_the_story_split_off(
    repository: SqlRepository,
) -> None:
    """A placement that split a story stores both parts whole; an id the split reuses
    that named a merged story before is a story again, not a redirect."""
    a = repository.sources.add_source("https://a.example/feed", now=NOW)
    b = repository.sources.add_source("https://b.example/feed", now=NOW)
    one, two, three = (_add(repository, a.id, n, minutes_ago=40 - n) for n in (1, 2, 3))
    four = _add(repository, b.id, 4, minutes_ago=10)
    copy_url = "https://copy.example/wire-2"
    _add_copy(repository, b.id, copy_url, of=two)
    x, y = "x" * 32, "y" * 32
    _place(repository, StoryPlacement(two, _story(y, 1, 1)))
    _place(repository, StoryPlacement(one, _story(x, 2, 1), merged=(y,)))
    _place(repository, StoryPlacement(three, _story(x, 3, 1)))
    assert repository.stories.story_merged_into(y) == x
    split = (
        (_story(x, 2, 2, "Event one"), (one, four)),
        (_story(y, 2, 1, "Event two"), (two, three)),
    )
    _place(repository, StoryPlacement(four, split[0][0], regrouped=split))
    assert {m.id for m in repository.stories.story_articles(x)} == {one, four}
    assert {m.id for m in repository.stories.story_articles(y)} == {
        two,
        three,
        article_id(copy_url),
    }
    assert repository.stories.get_story(y).title == "Event two"
    assert repository.stories.get_story(x).article_count == 2
    assert repository.stories.story_merged_into(y) is None


def test_offers_keep_the_best_with_at_most_two_per_outlet(repository: SqlRepository) -> None:
    a = repository.sources.add_source("https://a.example/feed", now=NOW)
    b = repository.sources.add_source("https://b.example/feed", now=NOW)
    target = _add(repository, b.id, 0, minutes_ago=60)
    _place(repository, StoryPlacement(target, _story("t" * 32, 1, 1)))
    same_outlet = [_add(repository, a.id, n, minutes_ago=50 - n) for n in range(1, 5)]
    for n, other in enumerate(same_outlet):
        score = 0.5 + n / 10  # later ones score higher
        _place(
            repository, StoryPlacement(other, _story(f"{n}" * 32, 1, 1), offers=((target, score),))
        )
    kept = [x.id for x in repository.stories.related_articles(target, limit=10)]
    assert kept == [same_outlet[3], same_outlet[2]]  # two per outlet, best first
    other_outlet = _add(repository, b.id, 9, minutes_ago=5)
    _place(
        repository, StoryPlacement(other_outlet, _story("9" * 32, 1, 1), offers=((target, 0.1),))
    )
    kept = [x.id for x in repository.stories.related_articles(target, limit=3)]
    assert kept == [same_outlet[3], same_outlet[2], other_outlet]


def test_vectors_in_batches(repository: SqlRepository) -> None:
    a = repository.sources.add_source("https://a.example/feed", now=NOW)
    ids = [_add(repository, a.id, n, minutes_ago=n) for n in range(3)]
    repository.stories.save_vectors(
        "m", [(i, f"{n}" * 32, bytes([n]) * 8) for n, i in enumerate(ids)]
    )
    repository.stories.save_vectors("m", [(ids[0], "0" * 32, b"\x09" * 8)])  # replaced, not added
    assert repository.stories.vectors_for_texts("m", ["0" * 32, "1" * 32, "z" * 32]) == {
        "0" * 32: b"\x09" * 8,
        "1" * 32: b"\x01" * 8,
    }
    assert repository.stories.vectors_for_articles("m", ids[1:]) == {
        ids[1]: b"\x01" * 8,
        ids[2]: b"\x02" * 8,
    }
    assert repository.stories.vectors_for_articles("other", ids) == {}
    assert sorted(repository.articles.stored_vectors("m")) == sorted(
        [(ids[0], b"\x09" * 8), (ids[1], b"\x01" * 8), (ids[2], b"\x02" * 8)]
    )


def test_enrichment_is_saved_with_the_placement(repository: SqlRepository) -> None:
    a = repository.sources.add_source("https://a.example/feed", now=NOW)
    b = repository.sources.add_source("https://b.example/feed", now=NOW)
    fresh = [_add(repository, src.id, n, minutes_ago=30 * n) for n, src in ((1, a), (2, b))]
    old = _add(repository, a.id, 3, minutes_ago=3 * 24 * 60)
    bridge = ("calderbridge", "Calder Bridge", 9.5)
    for n, article in enumerate([*fresh, old]):
        found = Enrichment(
            language="en",
            language_how="detected",
            category="world" if n < 2 else "sports",
            category_how="classifier",
            tags=(bridge, ("ferry", "Ferry", 2.0)) if n < 2 else (bridge,),
        )
        _place(repository, StoryPlacement(article, _story("s" * 32, n + 1, 2), enrichment=found))
    placed = repository.articles.get_article(fresh[0])
    assert (placed.language, placed.language_how) == ("en", "detected")
    assert (placed.category, placed.category_how) == ("world", "classifier")
    assert repository.stories.tags_of(fresh[0]) == [
        ("calderbridge", "Calder Bridge"),
        ("ferry", "Ferry"),
    ]
    tagged = repository.articles.latest_articles(limit=10, tag="calderbridge")
    assert [x.id for x in tagged] == [*fresh, old]
    assert [x.id for x in repository.articles.latest_articles(limit=10, category="sports")] == [old]
    assert repository.stories.tag_display("calderbridge") == "Calder Bridge"
    assert repository.stories.tag_display("nothing") is None
    assert repository.stories.known_tags(limit=1) == {"calderbridge": "Calder Bridge"}
    assert sorted(repository.stories.story_tags(["s" * 32])["s" * 32]) == ["Calder Bridge", "Ferry"]
    activity = {row[0]: row[2:] for row in repository.stories.tag_activity(NOW)}
    assert activity["calderbridge"] == (2, 1, 2)  # two today from two sources, one before
    assert activity["ferry"] == (2, 0, 2)
    # Placing again replaces the tags, not adds to them.
    again = Enrichment(language="en", language_how="declared", tags=(("ferry", "Ferry", 1.0),))
    _place(repository, StoryPlacement(fresh[0], _story("s" * 32, 3, 2), enrichment=again))
    assert repository.stories.tags_of(fresh[0]) == [("ferry", "Ferry")]
    assert repository.articles.get_article(fresh[0]).category is None


def test_ai_outputs_are_kept_replaced_and_pruned(repository: SqlRepository) -> None:
    key = "key-points/" + "a" * 32 + "/" + "b" * 40
    assert repository.articles.ai_output(key) is None
    repository.articles.save_ai_output(key, {"points": [{"text": "Zürich, 38,000"}]}, now=NOW)
    assert repository.articles.ai_output(key) == {"points": [{"text": "Zürich, 38,000"}]}
    repository.articles.save_ai_output(key, {"points": []}, now=NOW + timedelta(days=1))
    assert repository.articles.ai_output(key) == {"points": []}
    repository.articles.save_ai_output("brief/x", {"common": []}, now=NOW - timedelta(days=40))
    assert repository.articles.prune_ai_outputs(NOW - timedelta(days=30)) == 1
    assert repository.articles.ai_output("brief/x") is None
    assert repository.articles.ai_output(key) == {"points": []}


def test_full_text_search_with_filters_and_snippets(repository: SqlRepository) -> None:
    a = repository.sources.add_source("https://a.example/feed", now=NOW)
    b = repository.sources.add_source("https://b.example/feed", now=NOW)

    def add(source_id: int, n: int, title: str, text: str, minutes_ago: int) -> str:
        url = f"https://news{source_id}.example/s/{n}"
        entry = FeedEntry(url=url, title=title, published=NOW - timedelta(minutes=minutes_ago))
        new = NewEntry(article_id=article_id(url), url=url, entry=entry)
        repository.articles.add_entries(source_id, [new], now=NOW)
        body = ExtractedArticle(title=title, text=text, html="<p>x</p>", language="en")
        repository.articles.save_extraction(new.article_id, body, now=NOW)
        return new.article_id

    bridge = add(
        a.id, 1, "Calder Bridge shut", "Inspectors found corroded cables <b>today</b>.", 30
    )
    ferry = add(b.id, 2, "Ferries added", "Extra ferries run while the Calder Bridge is shut.", 20)
    add(b.id, 3, "Cup final", "Rovers won the cup in the ninetieth minute.", 10)
    hits = repository.search.search(SearchQuery("calder bridge"))
    assert [h.article.id for h in hits] == [bridge, ferry]  # the title counts more
    snippet = repository.search.search(SearchQuery("corroded"))[0].snippet
    assert snippet.startswith("Inspectors found <mark>corroded</mark> cables")
    assert "<b>" not in snippet  # the text's own markup is escaped (SQLite) or dropped (PG)
    assert [
        h.article.id for h in repository.search.search(SearchQuery("bridge", source_id=b.id))
    ] == [ferry]
    since = NOW - timedelta(minutes=25)
    assert [h.article.id for h in repository.search.search(SearchQuery("bridge", since=since))] == [
        ferry
    ]
    assert repository.search.search(SearchQuery("bridge", language="de")) == []
    # Operator syntax is only words: every one must match, so nothing here does.
    assert repository.search.search(SearchQuery("bridge OR 'cup' -(x) NEAR* \"")) == []
    assert repository.search.search(SearchQuery("   ")) == []
    # Re-extraction updates what is found.
    body = ExtractedArticle(title="Calder Bridge reopens", text="Traffic flows again.", html="")
    repository.articles.save_extraction(bridge, body, now=NOW)
    assert [h.article.id for h in repository.search.search(SearchQuery("reopens"))] == [bridge]
    assert [h.article.id for h in repository.search.search(SearchQuery("corroded"))] == []


def test_a_merged_story_leads_to_the_one_that_absorbed_it(repository: SqlRepository) -> None:
    """Its address, its comments and its closed comments go with it, through merges of
    merges; a story never merged leads nowhere."""
    a = repository.sources.add_source("https://a.example/feed", now=NOW)
    b = repository.sources.add_source("https://b.example/feed", now=NOW)
    one, two, three = (_add(repository, s, n, 30 - n) for n, s in ((1, a.id), (2, b.id), (3, a.id)))
    x, y, z = "x" * 32, "y" * 32, "z" * 32
    _place(repository, StoryPlacement(one, _story(x, 1, 1)))
    _place(repository, StoryPlacement(two, _story(y, 1, 1)))
    ada = repository.accounts.create_user("ada", "h", now=NOW)
    on_x = repository.comments.add_comment("story", x, ada.id, "On x", now=NOW)
    reply = repository.comments.add_comment("story", x, ada.id, "Reply", now=NOW, parent_id=on_x.id)
    on_y = repository.comments.add_comment("story", y, ada.id, "On y", now=NOW)
    repository.comments.close_comments("story", x, closed_by=ada.id, now=NOW)
    assert repository.stories.story_merged_into(x) is None

    _place(repository, StoryPlacement(two, _story(y, 2, 2), merged=(x,)))
    assert repository.stories.story_merged_into(x) == y
    assert [c.id for c in repository.comments.comments_on("story", y)] == [
        on_x.id,
        reply.id,
        on_y.id,
    ]
    assert repository.comments.comments_on("story", x) == []
    assert [(s.kind, s.target) for s in repository.comments.closed_comment_targets()] == [
        ("story", y)
    ]

    _place(repository, StoryPlacement(three, _story(z, 3, 2), merged=(y,)))
    assert (repository.stories.story_merged_into(x), repository.stories.story_merged_into(y)) == (
        z,
        z,
    )
    assert len(repository.comments.comments_on("story", z)) == 3
    assert repository.stories.story_merged_into(z) is None


def test_a_copy_saved_while_its_original_is_placed_joins_the_story(postgres_url: str) -> None:
    """PostgreSQL, two writers: the story stage places the original in a transaction that
    has not committed yet while ingest saves a copy of it. The copy must end in the story:
    read before the placement commits, it would keep no story, and as a copy it is never
    placed by itself."""
    engine = create_store_engine(postgres_url)
    migrate(engine)
    repository = repository_for_engine(engine)
    a = repository.sources.add_source("https://a.example/feed", now=NOW)
    other = _add(repository, a.id, 1, minutes_ago=40)
    original = _add(repository, a.id, 2, minutes_ago=30)
    _place(repository, StoryPlacement(other, _story("x" * 32, 1, 1)))
    copy_url = "https://copy.example/wire"
    entry = FeedEntry(url=copy_url, title="Wire copy", published=NOW)
    repository.articles.add_entries(
        a.id, [NewEntry(article_id(copy_url), copy_url, entry)], now=NOW
    )
    placing = engine.connect()
    placing_tx = placing.begin()
    # What save_placements does for the original, left uncommitted.
    placing.execute(
        text("UPDATE articles SET story_id = :s WHERE id = :id"), {"s": "x" * 32, "id": original}
    )
    placing.execute(
        text("UPDATE articles SET story_id = :s WHERE duplicate_of = :id"),
        {"s": "x" * 32, "id": original},
    )
    saver = threading.Thread(
        target=repository.articles.save_extraction,
        args=(
            article_id(copy_url),
            ExtractedArticle(title="Wire copy", text="Words of article 2.", html="<p>x</p>"),
        ),
        kwargs={"now": NOW, "duplicate_of": original},
    )
    saver.start()
    saver.join(timeout=1.0)  # with the original locked, the copy waits for the placement
    placing_tx.commit()
    placing.close()
    saver.join()
    assert repository.articles.get_article(article_id(copy_url)).story_id == "x" * 32
    engine.dispose()
