"""Candidate hashtags of one article: the publisher's keywords, names found by rule, and
keyphrases of the headline and lead that the body repeats (see ``tidings.enrich.hashtags``).
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from tidings.enrich.entities import extract_mentions
from tidings.enrich.hashtag_spelling import clean_tag, display_words, fold, slugify_tag
from tidings.enrich.language import function_words, topicless_words

__all__ = ["Candidate", "FoldedArticle", "gather_candidates", "wordset"]


def wordset(text: str) -> frozenset[str]:
    """The words of ``text``, for tables of words written as prose."""
    return frozenset(text.split())


_WORD = re.compile(r"[^\W\d_](?:[\w'’-]*[^\W_])?|\d+(?:[.,]\d+)*|[^\w\s]")
_PARAGRAPHS = re.compile(r"\n\s*\n|\n")
_ALNUM = re.compile(r"\w+")
_ELISION = re.compile(r"^(?:[cdjlmnst]|qu)['’](?=\w)", re.IGNORECASE)
_ELISIONS = re.compile(r"\b(?:[cdjlmnst]|qu)['’](?=\w)", re.IGNORECASE)
_POSSESSIVES = re.compile(r"(?<=\w)['’]s\b")
_GERMAN_DETERMINERS = wordset(
    "der die das den dem des ein eine einen einem einer eines zum zur im am vom beim"
)
# English headline verbs and adjectives that the keyphrase rule would otherwise take for
# topics ("cut", "shut", "late"): single words only, names and keywords are never checked.
_HEADLINE_WORDS = wordset(
    """cut cuts shut shuts hit hits win wins won lose loses lost rise rises fall falls open
    opens close closes face faces wait waits take takes make makes call calls warn warns
    vow vows urge urges seek seeks back backs ban bans quit quits lift lifts lifted begin
    begins top tops find finds found hurt late early short long high low free full serious
    dead major key extra simple easy hard set sets show shows stay stays stall stalls chose
    choose feels feel blames blame says tell tells line lines search searches grow grows
    reach reaches signal signals demand demands brace braces confirm confirms raise raises
    spread spreads return returns kill kills"""
)


@dataclass(slots=True)
class Candidate:
    """One candidate tag: the spellings met, and which kinds of evidence name it."""

    slug: str
    forms: Counter[str] = field(default_factory=Counter)
    keyword: bool = False
    name: bool = False
    phrase: bool = False
    display: str = ""  # the preferred form, set by ``settle``
    words: list[str] = field(default_factory=list)  # the display's word slugs

    def settle(self) -> None:
        """Choose the display among the spellings met so far."""
        self.display = max(self.forms, key=lambda form: _preference(form, self.forms[form]))
        self.words = [slugify_tag(word) for word in display_words(self.display)]


def _preference(form: str, count: int) -> tuple[bool, bool, int, int, int]:
    """Which spelling of a tag to show: a capitalised one (a name, not a common word) not
    in capitals (a dateline's "PORT SÉVRINE"), the commoner, the one with diacritics
    ("Zürich"), the one with spaces ("New York")."""
    shouting = any(len(word) > 4 and word.isupper() for word in form.split())
    non_ascii = sum(not ch.isascii() for ch in form)
    return (form[:1].isupper(), not shouting, count, non_ascii, form.count(" "))


class FoldedArticle:
    """The article folded once, so that counting a phrase is a substring count."""

    def __init__(self, title: str, text: str) -> None:
        paragraphs = [p for p in _PARAGRAPHS.split(text) if p.strip()]
        self.title = self.padded(title)
        self.lead = self.padded(paragraphs[0] if paragraphs else "")
        self.paragraphs = [self.padded(p) for p in paragraphs]
        self._counts: dict[str, int] = {}

    @staticmethod
    @functools.lru_cache(maxsize=65536)
    def padded(text: str) -> str:
        """Folded words between single spaces, possessives dropped ("Reid's" → reid)."""
        return " " + " ".join(_ALNUM.findall(fold(_POSSESSIVES.sub("", text)))) + " "

    def count(self, phrase: str) -> int:
        """Occurrences of ``phrase`` as whole words, in the headline and the body."""
        key = self.padded(phrase)
        if key not in self._counts:
            found = self.title.count(key) + sum(p.count(key) for p in self.paragraphs)
            self._counts[key] = found if key.strip() else 0
        return self._counts[key]

    def salience(self, phrase: str) -> tuple[bool, bool, int, float]:
        """In the headline, in the lead, how often, and the share of paragraphs with it."""
        key = self.padded(phrase)
        spread = sum(key in p for p in self.paragraphs) / max(1, len(self.paragraphs))
        return key in self.title, key in self.lead, self.count(phrase), spread


def _trimmed_name(
    name: str, document: FoldedArticle, stop: frozenset[str], language: str | None
) -> str:
    """A name run without what only sentence position glued to it: a leading function word
    or elided article ("À Brackenport", "L'école", "Der Hafen") and, in German, a leading
    common noun ("Feuerwehr Lindhaven": nouns are capitalised there, but follow "die").
    A word goes only when the rest also occurs without it, so "Los Angeles" and "L'Oréal"
    stay whole."""
    words = name.split()
    while words:
        first = words[0]
        elided = _ELISION.match(first)
        if elided:
            rest = [first[elided.end() :], *words[1:]]
        elif len(words) > 1 and (
            first.lower() in stop
            or (
                language == "de"
                and any(document.count(f"{d} {first}") for d in _GERMAN_DETERMINERS)
            )
        ):
            rest = words[1:]
        else:
            break
        if document.count(" ".join(rest)) <= document.count(" ".join(words)):
            break
        words = rest
    return " ".join(words)


def _split_name(name: str, document: FoldedArticle, known: Mapping[str, Candidate]) -> list[str]:
    """A rare run that starts with a known name, or ends with a keyword, is two names
    side by side ("Brackenport's Dockside plant", "Novalink Systems' Brackenport site");
    so is a run seen once that a particle joins."""
    words = name.split()
    if len(words) < 2 or document.count(name) > 2:
        return [name]
    if document.count(name) <= 1 and any(w[:1].islower() for w in words):
        # Particles join a run once: "Zinserhöhung der Kontinentalen Zentralbank" is two.
        parts = " ".join(w if w[:1].isupper() else "|" for w in words).split("|")
        return [part.strip() for part in parts if part.strip()]
    for cut in range(len(words) - 1, 0, -1):
        head, tail = " ".join(words[:cut]), " ".join(words[cut:])
        found = known.get(slugify_tag(head))
        if found and (found.keyword or document.count(head) - document.count(name) >= 2):
            return [head, tail]
        found = known.get(slugify_tag(tail))
        if found and found.keyword:
            return [head, tail]
    return [name]


def _keyphrases(line: str, stop: frozenset[str], topicless: frozenset[str]) -> Iterable[str]:
    """Runs of one to three lower-case content words: capitalised runs are names, which
    ``extract_mentions`` reads better. Runs neither start nor end with a topicless word."""
    run: list[str] = []
    for token in [*_WORD.findall(_ELISIONS.sub(" ", line)), "."]:
        lower = token.lower()
        if token[0].isalpha() and token == lower and lower not in stop and len(lower) > 2:
            run.append(token)
            continue
        for size in (1, 2, 3):
            for start in range(len(run) - size + 1):
                gram = run[start : start + size]
                if gram[0] not in topicless and gram[-1] not in topicless:
                    yield " ".join(gram)
        run = []


def _topicless(display: str, stop: frozenset[str], topicless: frozenset[str]) -> bool:
    words = fold(display).split()
    return all(w in topicless or w in stop for w in words) or slugify_tag(display) in topicless


class _Candidates:
    """Every candidate tag of one article, keyed by slug."""

    def __init__(self, stop: frozenset[str], topicless: frozenset[str]) -> None:
        self.found: dict[str, Candidate] = {}
        self.stop = stop
        self.topicless = topicless

    def add(self, display: str, kind: str) -> None:
        display = clean_tag(display)
        slug = slugify_tag(display)
        if len(slug) < 2 or slug.isdigit() or _topicless(display, self.stop, self.topicless):
            return
        candidate = self.found.setdefault(slug, Candidate(slug))
        candidate.forms[display] += 1
        setattr(candidate, kind, True)
        candidate.settle()


def gather_candidates(
    title: str, text: str, keywords: Sequence[str], language: str | None, document: FoldedArticle
) -> dict[str, Candidate]:
    """Every candidate of the article by slug: its keywords, its names (trimmed of what
    sentence position glued to them, split where two stand side by side), and the
    keyphrases of its headline and lead that the body repeats."""
    stop = function_words(language)
    topicless = topicless_words()
    candidates = _Candidates(stop, topicless)
    for keyword in keywords:
        candidates.add(keyword, "keyword")
    # Ordered, not a set: the same article must get the same tags in every process.
    names = list(
        dict.fromkeys(
            _trimmed_name(n, document, stop, language)
            # The same string the story clusterer reads: its mentions come from the cache.
            for n in extract_mentions(f"{title}\n{text}" if title else text).names
        )
    )
    for name in names:
        candidates.add(name, "name")  # first, so that splitting knows the other names
    for name in names:
        known = candidates.found.get(slugify_tag(name))
        if known is None or known.keyword:
            continue  # a keyword is one tag, however rare
        parts = _split_name(name, document, candidates.found)
        if len(parts) > 1:
            candidates.found.pop(slugify_tag(name), None)
            for part in parts:
                candidates.add(part, "name")
    lead = next((p for p in _PARAGRAPHS.split(text) if p.strip()), "")
    english = language in (None, "en")
    for line in (title, lead):
        for phrase in _keyphrases(line, stop, topicless):
            single = " " not in phrase
            if single and (phrase in _HEADLINE_WORDS or (english and phrase.endswith("ed"))):
                continue
            if document.count(phrase) >= (3 if single else 2):
                candidates.add(phrase, "phrase")
    return candidates.found
