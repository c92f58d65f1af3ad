"""Hashtags: the few names and topics an article is about, spelled the same across outlets.

Candidates come from three places, each with what it is good at:

- the publisher's keywords (``ExtractedArticle.keywords``): chosen by an editor, so a
  strong prior, but padded with section words ("opinion", "explainer") and SEO lists;
- names found by rule (``enrich.entities.extract_mentions``): "Calder Bridge", "Tara Reid";
- keyphrases: runs of content words in the headline and lead that the body repeats
  ("wildfire", "blood sugar"), split at function words and punctuation.

Each candidate is scored for salience (see ``_score``): in the headline, in the lead, how
often, and how widely across paragraphs it occurs. Generic words ("news", "live",
"Monday", "said", "people") never become tags, in English, German, French and more.

Tags from different articles must meet: a tag's **slug** is its identity, its **display**
the spelling readers see. ``slugify_tag`` folds case, diacritics ("Zürich" → ``zurich``),
possessives ("Reid's" → ``reid``) and word joins ("e-mail", "email"; "New York",
"NewYork" → ``newyork``). ``HashtagCanon`` then maps a candidate to the spelling already in
use (known tags from the store, the story's other tags) and a bare surname to the full name
the story uses ("Reid" → "Tara Reid").

Spelling and identity live in ``hashtag_spelling``, the gathering of candidates in
``hashtag_candidates``; this module scores and chooses.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from tidings.enrich.hashtag_candidates import (
    Candidate,
    FoldedArticle,
    gather_candidates,
    wordset,
)
from tidings.enrich.hashtag_spelling import Hashtag, HashtagCanon, display_case, slugify_tag

__all__ = [
    "Hashtag",
    "HashtagCanon",
    "extract_hashtags",
    "slugify_tag",
]

MAX_TAGS = 8
MIN_TAGS = 3
# A tag past the third must score this much: a keyword or name in the lead that the body
# repeats scores 6 or more, a phrase seen twice in the body about 3.
MIN_SCORE = 5.0


# Languages that put the head of a noun phrase first ("Banque centrale"): a longer tag that
# extends a chosen one at the end names the same thing. Elsewhere the head comes last.
_HEAD_FIRST = frozenset({"fr", "es", "it", "pt", "ca", "ro"})
# Words that turn a name into its organisation's full name ("Novalink" → "Novalink Systems").
_ORG_WORDS = wordset(
    """systems system foods group holdings inc ltd plc corp corporation co company llc ag gmbh
    sa se nv bv spa srl airlines airways motors technologies technology labs bank fc afc sc ac
    athletic united"""
)


def _score(candidate: Candidate, document: FoldedArticle, keyword_count: int) -> float:
    """Salience: the kind of evidence, then headline, lead, frequency and spread.

    prior + 2.5 in headline + 1 in lead + 1.2 log2(1 + occurrences) + 1.5 × share of
    paragraphs mentioning it. The prior: a keyword 2 (1 in a list of more than 10, which is
    SEO, not editing); a name 1, 1.5 for two words or more; a keyphrase 0.5 for two words or
    more, -0.5 for one (single common words are the weakest topics).
    """
    words = len(candidate.words)
    if candidate.keyword:
        prior = 3.0 if keyword_count <= 10 else 1.5
    elif candidate.name:
        prior = 1.5 if words > 1 else 1.0
    else:
        prior = 0.5 if words > 1 else -1.5
    title, lead, count, spread = document.salience(candidate.display)
    evidence = 2.5 * title + 1.0 * lead + 1.2 * math.log2(1 + count) + 1.5 * spread
    if candidate.keyword and not count:
        # A keyword the text never spells out ("cloud computing") is as present as its
        # words are ("cloud" in the headline), at half weight.
        parts = [w for w in candidate.display.split() if document.count(w)]
        if parts:
            evidence = max(_score_parts(document, part) for part in parts) / 2
    return prior + evidence


def _score_parts(document: FoldedArticle, word: str) -> float:
    title, lead, count, spread = document.salience(word)
    return 2.5 * title + 1.0 * lead + 1.2 * math.log2(1 + count) + 1.5 * spread


def _wanted(candidate: Candidate, document: FoldedArticle) -> bool:
    """Names must be in the headline or repeated; keyword need no proof (an editor chose
    them); keyphrases were checked when found."""
    if candidate.name and not candidate.keyword:
        display = candidate.display
        return document.count(display) >= 2 or document.padded(display) in document.title
    return True


def _inside(short: list[str], long: list[str]) -> int:
    """Where ``short`` occurs as a run of words in ``long``; -1 when it does not."""
    for start in range(len(long) - len(short) + 1):
        if long[start : start + len(short)] == short:
            return start
    return -1


def _merges(candidates: Mapping[str, Candidate], document: FoldedArticle) -> dict[str, str]:
    """Candidates that are part of a longer one, mapped to it.

    A part that occurs on its own no more often than inside the whole is the whole
    ("Calder" in "Calder Bridge", "Westmarch Fire" in "Westmarch Fire and Rescue"); a
    bare surname is the one full name in the article that ends with it ("Nandakumar" after
    "Priya Nandakumar"), however often it stands alone; a plural topic is its singular
    ("offices", "office"; an -s or -es plural, names excepted). Keywords are never merged
    away: the publisher chose them as tags of their own.
    """
    multi = [c for c in candidates.values() if len(c.words) > 1 and (c.name or c.keyword)]
    people: dict[str, list[Candidate]] = {}
    for whole in multi:
        if len(whole.words) <= 3 and all(w[:1].isupper() for w in whole.display.split()):
            people.setdefault(whole.words[-1], []).append(whole)
    merged: dict[str, str] = {}
    for part in candidates.values():
        if part.keyword:
            continue
        holders = [w for w in multi if w is not part and _inside(part.words, w.words) >= 0]
        inside = [
            w
            for w in holders
            if 0
            < document.count(w.display)
            >= document.count(part.display) - document.count(w.display)
        ]
        if inside:
            merged[part.slug] = max(inside, key=lambda w: document.count(w.display)).slug
        elif part.name and len(part.words) == 1 and len(people.get(part.words[0], [])) == 1:
            merged[part.slug] = people[part.words[0]][0].slug
    for plural in candidates.values():
        singular = candidates.get(plural.slug[:-1]) or candidates.get(plural.slug[:-2])
        if plural.name or not plural.slug.endswith("s") or singular is None or singular.name:
            continue
        if not plural.keyword and plural.slug not in merged:
            merged[plural.slug] = singular.slug  # "offices" is "office"
        elif not singular.keyword and singular.slug not in merged:
            merged[singular.slug] = plural.slug  # unless the publisher chose "offices"
    return merged


def _same_thing(short: Candidate, long: Candidate, language: str | None) -> bool:
    """Whether ``long`` names what ``short`` names, more fully: it adds words before the
    head ("Maritime Museum" → "Brackenport Maritime Museum"; in French after it), or an
    organisation's suffix ("Novalink Systems"). "Brackenport Rovers" is not Brackenport."""
    at = _inside(short.words, long.words)
    if at < 0:
        return False
    if language in _HEAD_FIRST:
        return at == 0
    extra = long.words[:at] + long.words[at + len(short.words) :]
    return at + len(short.words) == len(long.words) or all(w in _ORG_WORDS for w in extra)


def extract_hashtags(
    title: str,
    text: str,
    keywords: Sequence[str] = (),
    language: str | None = None,
    *,
    canon: HashtagCanon | None = None,
    limit: int = MAX_TAGS,
) -> list[Hashtag]:
    """Three to ``limit`` hashtags for an article, most salient first.

    Fewer than three only when the article offers fewer. Past the third, a tag must score
    ``MIN_SCORE``. ``canon`` maps tags to the spellings the store and the story already
    use; without it, tags are canonical within the article (a surname joins its full name).
    """
    document = FoldedArticle(title, text)
    candidates = gather_candidates(title, text, keywords, language, document)
    merges = _merges(candidates, document)
    scores: dict[str, float] = {}
    for candidate in candidates.values():
        if _wanted(candidate, document):
            target = merges.get(candidate.slug, candidate.slug)
            score = _score(candidate, document, len(keywords))
            # A part joining its whole adds a little: the whole is named more than it shows.
            scores[target] = max(scores.get(target, score), score) + 0.5 * (
                target != candidate.slug
            )
    chosen: list[tuple[Candidate, float]] = []
    for slug in sorted(scores, key=lambda s: (-scores[s], s)):
        candidate, score = candidates[slug], scores[slug]
        if len(chosen) >= limit or (len(chosen) >= MIN_TAGS and score < MIN_SCORE):
            break
        if not _redundant(candidate, chosen, language):
            chosen.append((candidate, score))
    tags: list[Hashtag] = []
    for candidate, score in chosen:
        slug, display = candidate.slug, candidate.display
        if canon is not None:
            slug, display = canon.canonical(display)
        if slug and all(tag.slug != slug for tag in tags):
            tags.append(Hashtag(slug, display_case(display), round(score, 3)))
    return tags


def _redundant(
    candidate: Candidate, chosen: list[tuple[Candidate, float]], language: str | None
) -> bool:
    """Whether ``candidate`` repeats a chosen tag: it lies inside one ("Bridge" after
    "Calder Bridge"), or it is a keyphrase around one ("Calder Bridge closure"), or it is
    a fuller name of the same thing. A fuller name the publisher chose as a keyword takes
    the place of the shorter tag."""
    for at, (other, score) in enumerate(chosen):
        if _inside(candidate.words, other.words) >= 0:
            return True
        if _inside(other.words, candidate.words) >= 0 and not (candidate.name or candidate.keyword):
            return True
        if _same_thing(other, candidate, language):
            if candidate.keyword and not other.keyword:
                chosen[at] = (candidate, score)
            return True
    return False
