"""Spelling for search: a query's words the index does not know, corrected to the nearest
words it does.

The vocabulary is the store's own (``SearchTermQueries``: the words its full-text index
holds), never a word list of ours. A word is corrected only when no article holds it: to
the indexed word fewest edits away (insertions, deletions, substitutions and swaps of
neighbouring letters), the one more articles hold winning a tie. Short words are left
alone (one edit turns them into too many others). The search page runs this step only
when the typed words found few articles, so a query spelt right costs nothing more.
"""

from __future__ import annotations

from typing import Protocol

from tidings.store.search import PREFIX_LETTERS, query_words

__all__ = ["SearchVocabulary", "allowed_edits", "corrected_query", "edit_distance"]


class SearchVocabulary(Protocol):
    """What spelling needs of the store."""

    def term_documents(self, words: list[str]) -> dict[str, int]: ...

    def spelling_candidates(self, word: str, distance: int) -> list[tuple[str, int]]: ...


def allowed_edits(word: str) -> int:
    """How many edits a correction of ``word`` may make: none under four letters, one up to
    five, two from six."""
    if len(word) < 4:
        return 0
    return 1 if len(word) <= 5 else 2


def edit_distance(a: str, b: str, limit: int) -> int:
    """Edits from ``a`` to ``b`` (optimal string alignment: a swap of neighbours is one
    edit), or ``limit + 1`` as soon as it is sure to exceed ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    before: list[int] | None = None
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            best = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if before is not None and i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                best = min(best, before[j - 2] + 1)
            current[j] = best
        if min(current) > limit:
            return limit + 1
        before, previous = previous, current
    return min(previous[-1], limit + 1)


def _correction(word: str, candidates: list[tuple[str, int]], *, last: bool) -> str | None:
    limit = allowed_edits(word)
    if limit == 0:
        return None
    if last and len(word) >= PREFIX_LETTERS and any(t.startswith(word) for t, _ in candidates):
        return None  # still being typed: the search matched it as the start of a word
    scored = [
        (edit_distance(word, term, limit), -docs, term)
        for term, docs in candidates
        if docs > 0 and term != word
    ]
    best = min((s for s in scored if s[0] <= limit), default=None)
    return best[2] if best is not None else None


def corrected_query(vocabulary: SearchVocabulary, text: str) -> str | None:
    """``text``'s words with those no article holds replaced by their nearest indexed
    words; None when no word needs or finds a correction."""
    words = query_words(text)
    if not words:
        return None
    known = vocabulary.term_documents(words)
    fixed = list(words)
    for n, word in enumerate(words):
        if known.get(word, 0) > 0 or allowed_edits(word) == 0:
            continue
        candidates = vocabulary.spelling_candidates(word, allowed_edits(word))
        better = _correction(word, candidates, last=n == len(words) - 1)
        if better is not None:
            fixed[n] = better
    return " ".join(fixed) if fixed != words else None
