"""The copy index: anchors find copies of any length; stock phrases are not followed."""

from __future__ import annotations

from tests.stories.test_dedupe import OTHER_OUTLET, PARAGRAPHS, WIRE, WRITE_THROUGH, _trimmed
from tidings.stories import DuplicateIndex, fingerprint
from tidings.stories.dedupe import Fingerprint
from tidings.stories.dedupe_index import (
    CROWDED,
    QUERY_BUDGET,
    QUERY_PER_SENTENCE,
    STORED_BUDGET,
    STORED_PER_SENTENCE,
    anchors,
)


def test_index_add_find_remove() -> None:
    index = DuplicateIndex()
    index.add("wire", fingerprint(WIRE))
    index.add("other", fingerprint(OTHER_OUTLET))
    index.add("empty", fingerprint(""))
    assert len(index) == 3
    assert "wire" in index

    hits = index.find(fingerprint(_trimmed(0.7)))
    assert [key for key, _ in hits] == ["wire"]
    assert hits[0][1] == 1.0
    assert index.find(fingerprint("")) == []

    index.add("wire-trimmed", fingerprint(_trimmed(0.6)))
    hits = index.find(fingerprint(WIRE))
    assert {key for key, _ in hits} == {"wire", "wire-trimmed"}
    assert hits[0][0] == "wire"  # the identical text first: both are found whole
    assert [score for _, score in hits] == sorted((score for _, score in hits), reverse=True)

    index.remove("wire")
    index.remove("wire")  # removing twice is harmless
    index.remove("empty")
    assert "wire" not in index
    assert [key for key, _ in index.find(fingerprint(WIRE))] == ["wire-trimmed"]


def test_index_finds_edited_versions_and_short_copies_both_ways() -> None:
    brief = PARAGRAPHS[2]
    long = "\n\n".join([OTHER_OUTLET, brief, PARAGRAPHS[5]])
    for stored, new in ((WIRE, WRITE_THROUGH), (WRITE_THROUGH, WIRE), (brief, long), (long, brief)):
        index = DuplicateIndex.from_pairs([("first", fingerprint(stored))])
        assert [key for key, _ in index.find(fingerprint(new))] == ["first"]


def test_index_add_replaces_and_from_pairs() -> None:
    index = DuplicateIndex.from_pairs([("a", fingerprint(WIRE)), ("b", fingerprint(OTHER_OUTLET))])
    index.add("a", fingerprint(OTHER_OUTLET))  # the key now holds another body
    assert len(index) == 2
    assert index.find(fingerprint(WIRE)) == []
    assert {key for key, _ in index.find(fingerprint(OTHER_OUTLET))} == {"a", "b"}


def test_anchors_one_per_sentence_more_for_few_sentences() -> None:
    fp = fingerprint(WIRE)
    stored = anchors(fp, STORED_PER_SENTENCE, STORED_BUDGET)
    assert STORED_BUDGET <= len(stored) <= len(fp.sentences)
    queried = anchors(fp, QUERY_PER_SENTENCE, QUERY_BUDGET)
    assert stored < queried
    one_sentence = fingerprint(PARAGRAPHS[0].split(". ")[0])
    assert len(anchors(one_sentence, STORED_PER_SENTENCE, STORED_BUDGET)) == STORED_BUDGET
    assert anchors(fingerprint(""), STORED_PER_SENTENCE, STORED_BUDGET) == set()


def test_a_crowded_anchor_is_not_followed() -> None:
    # Bodies that share one stock run of shingles and nothing else: its anchor fills up.
    stock = bytes(range(6))  # three 16-bit shingles, smaller than any other below

    def body(n: int) -> Fingerprint:
        return Fingerprint(stock + bytes([n, 255]) * 36, bytes([40]), 40)

    index = DuplicateIndex.from_pairs((f"body-{n}", body(n)) for n in range(CROWDED - 1))
    assert len(index.candidates(body(200))) == CROWDED - 1
    index.add("one-more", body(CROWDED))
    assert index.candidates(body(200)) == set()
    assert index.candidates(body(3)) == {"body-3"}  # its own anchors still lead to it
