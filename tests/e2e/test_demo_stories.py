"""The demo ingested end to end: its stories, as the publisher wrote them, come out whole.

The demo catalog knows which articles cover the same story (its clustering ground truth);
after a real ingest (fetch, extract, copies, embedding, clustering) every catalog story
should be one stored story, and no stored story should mix two of them.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import combinations

from tests.demo_site import DemoSite
from tidings.demo import load_catalog
from tidings.models import Article, ArticleState


def _pairs(groups: dict[str, set[str]]) -> set[frozenset[str]]:
    return {frozenset(pair) for members in groups.values() for pair in combinations(members, 2)}


def test_every_original_is_placed_in_a_story(demo: DemoSite) -> None:
    stored = demo.repository.latest_articles(limit=500, include_copies=True)
    assert demo.first_report.articles_placed == sum(1 for a in stored if a.duplicate_of is None)
    for article in stored:
        assert article.story_id is not None, article.title
        if article.duplicate_of is None:
            assert article.state is ArticleState.CLUSTERED
    assert demo.repository.articles_to_cluster(limit=10) == []


def _scores(articles: list[Article], key_of: dict[str, str]) -> tuple[float, float]:
    truth: dict[str, set[str]] = defaultdict(set)
    found: dict[str, set[str]] = defaultdict(set)
    for article in articles:
        truth[key_of[article.title]].add(article.id)
        found[article.story_id or article.id].add(article.id)
    expected, got = _pairs(truth), _pairs(found)
    precision = len(expected & got) / len(got) if got else 1.0
    recall = len(expected & got) / len(expected) if expected else 1.0
    return precision, recall


def test_demo_stories_match_the_catalog(demo: DemoSite) -> None:
    catalog = load_catalog()
    key_of = {a.title: a.story or f"alone:{a.slug}" for a in catalog.articles}
    stored = demo.repository.latest_articles(limit=500)  # originals: copies follow them
    english = [a for a in stored if (a.language or "").startswith("en")]
    precision, recall = _scores(english, key_of)
    print(f"demo stories, English: pairwise precision {precision:.3f}, recall {recall:.3f}")
    # Measured 1.000 / 0.955: one local-angle piece ("Brackenport's Dravenian families wait
    # for news after Vassaly earthquake") starts a story of its own.
    assert precision == 1.0
    assert recall >= 0.95
    # German and French: all-MiniLM-L6-v2 reads English only, so across languages only
    # names, numbers and dates can join articles (docs/architecture.md). Report, and keep
    # wrong groupings rare.
    precision, recall = _scores(stored, key_of)
    print(f"demo stories, all languages: pairwise precision {precision:.3f}, recall {recall:.3f}")
    assert precision >= 0.95
    outlets: dict[str, set[int]] = defaultdict(set)
    for article in stored:
        outlets[article.story_id or article.id].add(article.source_id)
    assert any(len(o) >= 3 for o in outlets.values()), "no story with three or more outlets"


def test_story_rows_count_outlets_and_articles(demo: DemoSite) -> None:
    stored = demo.repository.latest_articles(limit=500)
    by_story: dict[str, list[int]] = defaultdict(list)
    for article in stored:
        assert article.story_id is not None
        by_story[article.story_id].append(article.source_id)
    for story_id, source_ids in by_story.items():
        story = demo.repository.get_story(story_id)
        assert story.article_count == len(source_ids)
        assert story.outlet_count == len(set(source_ids))
        assert story.title
