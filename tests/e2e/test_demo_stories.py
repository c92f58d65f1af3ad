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
    stored = demo.repository.articles.latest_articles(limit=500, include_copies=True)
    assert demo.first_report.articles_placed == sum(1 for a in stored if a.duplicate_of is None)
    for article in stored:
        assert article.story_id is not None, article.title
        if article.duplicate_of is None:
            assert article.state is ArticleState.CLUSTERED
    assert demo.repository.stories.articles_to_cluster(limit=10) == []


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


def _cross_lingual(articles: list[Article], key_of: dict[str, str]) -> tuple[float, float]:
    """Pairwise precision and recall over pairs of articles in two different languages."""
    together = right = expected = 0
    for a, b in combinations(articles, 2):
        if (a.language or "")[:2] == (b.language or "")[:2]:
            continue
        same_found = (a.story_id or a.id) == (b.story_id or b.id)
        same_truth = key_of[a.title] == key_of[b.title]
        together += same_found
        expected += same_truth
        right += same_found and same_truth
    return right / together if together else 1.0, right / expected if expected else 1.0


# The demo's events that outlets in several languages cover: each one's story must hold its
# articles in every one of those languages (issue #14). Later pieces with an angle of
# their own (a comment, a readers' Q&A, a works council's reply) may still start a story
# of their own; the recall printed above counts them.
EVERY_LANGUAGE = ("storm-odile", "vassaly-earthquake", "montvales-earthquake", "novalink-layoffs")


def test_demo_stories_match_the_catalog(demo: DemoSite) -> None:
    catalog = load_catalog()
    key_of = {a.title: a.story or f"alone:{a.slug}" for a in catalog.articles}
    stored = demo.repository.articles.latest_articles(limit=500)  # originals: copies follow them
    english = [a for a in stored if (a.language or "").startswith("en")]
    precision, recall = _scores(english, key_of)
    print(f"demo stories, English: pairwise precision {precision:.3f}, recall {recall:.3f}")
    # Measured 1.000 / 0.909 (issue #14's fitted model): the cup parade piece and the
    # Dravenian families' local angle on the Vassaly earthquake start stories of their own.
    assert precision == 1.0
    assert recall >= 0.9
    precision, recall = _scores(stored, key_of)
    print(f"demo stories, all languages: pairwise precision {precision:.3f}, recall {recall:.3f}")
    across = _cross_lingual(stored, key_of)
    print(
        f"demo stories, pairs in two languages: precision {across[0]:.3f}, recall {across[1]:.3f}"
    )
    assert precision >= 0.95
    assert across[0] >= 0.95
    for key in EVERY_LANGUAGE:
        covering = [a for a in stored if key_of[a.title] == key]
        languages = {(a.language or "")[:2] for a in covering}
        assert len(languages) >= 2, f"{key}: the demo covers it in one language only"
        stories: dict[str, set[str]] = defaultdict(set)
        for article in covering:
            stories[article.story_id or article.id].add((article.language or "")[:2])
        main = max(stories.values(), key=len)
        assert main == languages, f"{key}: its story holds {sorted(main)} of {sorted(languages)}"
    outlets: dict[str, set[int]] = defaultdict(set)
    for article in stored:
        outlets[article.story_id or article.id].add(article.source_id)
    assert any(len(o) >= 3 for o in outlets.values()), "no story with three or more outlets"


def test_story_rows_count_outlets_and_articles(demo: DemoSite) -> None:
    stored = demo.repository.articles.latest_articles(limit=500)
    by_story: dict[str, list[int]] = defaultdict(list)
    for article in stored:
        assert article.story_id is not None
        by_story[article.story_id].append(article.source_id)
    for story_id, source_ids in by_story.items():
        story = demo.repository.stories.get_story(story_id)
        assert story.article_count == len(source_ids)
        assert story.outlet_count == len(set(source_ids))
        assert story.title


def test_nearly_every_article_shows_three_related_ones(demo: DemoSite) -> None:
    """Issue #14: an article shows at least three related articles when the archive holds
    any on its subject: near in meaning, or else of its category, from other stories, at
    most two an outlet. Measured on the demo: 55 of 57 (the two short are election
    pieces); before #14, 9 of 38 article pages showed none at all."""
    repo = demo.repository
    stored = repo.articles.latest_articles(limit=500)
    short = []
    for article in stored:
        kin = [
            b for b in stored if b.category == article.category and b.story_id != article.story_id
        ]
        by_outlet: dict[int, int] = defaultdict(int)
        for other in kin:
            by_outlet[other.source_id] += 1
        possible = min(3, sum(min(2, n) for n in by_outlet.values()))
        if len(repo.stories.related_articles(article.id, limit=6)) < possible:
            short.append(article.title)
    print(f"related: {len(stored) - len(short)} of {len(stored)} articles show all they can")
    assert len(short) <= 0.05 * len(stored), short
