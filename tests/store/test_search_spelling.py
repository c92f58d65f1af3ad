"""Prefix matching and the vocabulary spelling reads, on SQLite and PostgreSQL alike."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tidings.ingest import article_id
from tidings.models import ExtractedArticle, FeedEntry
from tidings.pipeline.search_spelling import corrected_query, edit_distance
from tidings.store import NewEntry, SqlRepository
from tidings.store.search import SearchQuery

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
TEXTS = [
    ("Bridge shut over corrosion", "Inspectors found corrosion on the bridge cables."),
    ("Bridge reopens", "The bridge reopened to buses after repairs to its corrosion damage."),
    ("Earthquake shakes valley", "An earthquake shook the valley; the bridge held."),
    ("Bride and groom", "A bride and groom crossed the old town square."),
]


def _store(repo: SqlRepository) -> dict[str, str]:
    source = repo.sources.add_source("https://words.example/feed", now=NOW).id
    ids = {}
    for n, (title, text) in enumerate(TEXTS):
        url = f"https://words.example/a/{n}"
        published = NOW - timedelta(minutes=n)
        aid = article_id(url)
        entry = FeedEntry(url=url, title=title, published=published)
        repo.articles.add_entries(source, [NewEntry(aid, url, entry)], now=NOW)
        body = ExtractedArticle(title=title, text=text, html=f"<p>{text}</p>", published=published)
        repo.articles.save_extraction(aid, body, now=NOW)
        ids[title] = aid
    return ids


def test_the_last_word_also_matches_as_a_prefix(repository: SqlRepository) -> None:
    ids = _store(repository)
    found = {h.article.id for h in repository.search.search(SearchQuery("valley earthquak"))}
    assert found == {ids["Earthquake shakes valley"]}
    # Only the last word: a word before it must be whole.
    assert repository.search.search(SearchQuery("earthquak valley")) == []
    # Two letters are too few to stand for a longer word.
    assert repository.search.search(SearchQuery("br")) == []
    snippet = repository.search.search(SearchQuery("corros"))[0].snippet
    assert "<mark>corrosion</mark>" in snippet


def test_the_vocabulary_counts_articles_per_word(repository: SqlRepository) -> None:
    _store(repository)
    docs = repository.search.term_documents(["bridge", "corrosion", "brige"])
    assert docs == {"bridge": 3, "corrosion": 2, "brige": 0}
    candidates = dict(repository.search.spelling_candidates("brige", 1))
    assert candidates["bridge"] == 3 and candidates["bride"] == 1
    assert "earthquake" not in candidates  # another first letter


def test_misspelt_words_are_corrected_from_the_vocabulary(repository: SqlRepository) -> None:
    _store(repository)
    # "brige" is one edit from "bride" and from "bridge": more articles say "bridge".
    assert corrected_query(repository.search, "brige corosion") == "bridge corrosion"
    assert corrected_query(repository.search, "Erthquake") == "earthquake"
    assert corrected_query(repository.search, "bridge corrosion") is None  # known words
    assert corrected_query(repository.search, "earthq") is None  # a prefix still being typed
    assert corrected_query(repository.search, "zzzqqq") is None  # nothing near
    assert corrected_query(repository.search, "' \" * NEAR( :") is None


def test_edit_distance_counts_a_swap_as_one() -> None:
    assert edit_distance("brigde", "bridge", 2) == 1
    assert edit_distance("kitten", "sitting", 3) == 3
    assert edit_distance("storm", "sturm", 1) == 1
    assert edit_distance("storm", "tempete", 2) == 3  # stops counting past the limit
