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
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from tidings.enrich.entities import extract_mentions
from tidings.enrich.language import function_words, topicless_words

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


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


_POSSESSIVE = re.compile(r"(?<=\w)['’]s?$|(?<=\w)['’]s(?=\s)")
# Letters NFKD leaves whole that readers still take for a plain letter ("Øresund").
_JOINS = str.maketrans(
    {"ß": "ss", "æ": "ae", "ø": "o", "œ": "oe", "ł": "l", "đ": "d", "ð": "d", "þ": "th"}
)
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_WORD = re.compile(r"[^\W\d_](?:[\w'’-]*[^\W_])?|\d+(?:[.,]\d+)*|[^\w\s]")
_PARAGRAPHS = re.compile(r"\n\s*\n|\n")
_ALNUM = re.compile(r"\w+")
_ELISION = re.compile(r"^(?:[cdjlmnst]|qu)['’](?=\w)", re.IGNORECASE)
_ELISIONS = re.compile(r"\b(?:[cdjlmnst]|qu)['’](?=\w)", re.IGNORECASE)
_POSSESSIVES = re.compile(r"(?<=\w)['’]s\b")
_GERMAN_DETERMINERS = _wordset(
    "der die das den dem des ein eine einen einem einer eines zum zur im am vom beim"
)
# Languages that put the head of a noun phrase first ("Banque centrale"): a longer tag that
# extends a chosen one at the end names the same thing. Elsewhere the head comes last.
_HEAD_FIRST = frozenset({"fr", "es", "it", "pt", "ca", "ro"})
# Words that turn a name into its organisation's full name ("Novalink" → "Novalink Systems").
_ORG_WORDS = _wordset(
    """systems system foods group holdings inc ltd plc corp corporation co company llc ag gmbh
    sa se nv bv spa srl airlines airways motors technologies technology labs bank fc afc sc ac
    athletic united"""
)
# English headline verbs and adjectives that the keyphrase rule would otherwise take for
# topics ("cut", "shut", "late"): single words only, names and keywords are never checked.
_HEADLINE_WORDS = _wordset(
    """cut cuts shut shuts hit hits win wins won lose loses lost rise rises fall falls open
    opens close closes face faces wait waits take takes make makes call calls warn warns
    vow vows urge urges seek seeks back backs ban bans quit quits lift lifts lifted begin
    begins top tops find finds found hurt late early short long high low free full serious
    dead major key extra simple easy hard set sets show shows stay stays stall stalls chose
    choose feels feel blames blame says tell tells line lines search searches grow grows
    reach reaches signal signals demand demands brace braces confirm confirms raise raises
    spread spreads return returns kill kills"""
)


@dataclass(frozen=True, slots=True)
class Hashtag:
    """A tag on an article: its identity (slug), its spelling (display), its salience."""

    slug: str
    display: str
    score: float


def _fold(text: str) -> str:
    """Lower case without diacritics; letters and digits kept in every script."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return _COMBINING.sub("", decomposed).translate(_JOINS)


def clean_tag(text: str) -> str:
    """A candidate as readers should see it: no ``#``, quotes, possessive or extra spaces."""
    text = " ".join(text.replace("#", " ").split()).strip("\"“”„«»‘'’.,;:!?()[]")
    return _POSSESSIVE.sub("", text).strip()


@functools.lru_cache(maxsize=65536)  # the same names recur across articles, hot at ingest
def slugify_tag(text: str) -> str:
    """The identity of a tag: lower case, no diacritics, no possessive, no spaces, hyphens
    or other joins, so "Zürich"/"zurich", "e-mail"/"email" and "New York"/"NewYork" meet."""
    return "".join(ch for ch in _fold(clean_tag(text)) if ch.isalnum())


def _display(text: str) -> str:
    """Capitalise a topic that starts in lower case ("wildfire", "tempête Odile"), but
    not a name spelled that way ("iPhone", "eBay")."""
    if text[:1].islower() and not text[1:2].isupper():
        return text[0].upper() + text[1:]
    return text


def _words(display: str) -> list[str]:
    """The words of a display, camel case split ("NewYork" → New, York) for surname checks."""
    spaced = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", display)
    return [w for w in re.split(r"[\s-]+", spaced) if w]


class HashtagCanon:
    """Maps candidate tags to the slug and spelling already in use.

    ``known`` holds tags seen before (slug → display, from the store): a new article's
    "Zurich" takes the known display "Zürich", so one tag page collects every outlet's
    spelling. ``story`` holds the displays of the story's other tags: a bare word that is
    the last word of exactly one of its multi-word names ("Reid", "Nandakumar") is that
    name, as readers of the story take it to be. Story tags win over known ones: the story
    is the closer context.
    """

    def __init__(self, known: Mapping[str, str] | None = None, story: Iterable[str] = ()) -> None:
        # Not copied: ingest passes its table of every known tag, one per article.
        self.known: Mapping[str, str] = known if known is not None else {}
        self.story: dict[str, str] = {}
        for display in story:
            cleaned = clean_tag(display)
            if slug := slugify_tag(cleaned):
                self.story.setdefault(slug, cleaned)
        surnames: dict[str, set[str]] = {}
        for slug, display in self.story.items():
            words = _words(display)
            if len(words) >= 2 and all(w[:1].isupper() for w in words):
                surnames.setdefault(slugify_tag(words[-1]), set()).add(slug)
        # A surname two names share ("Trask" for Helen and Tom Trask) stays as it is.
        self.surnames = {word: next(iter(s)) for word, s in surnames.items() if len(s) == 1}

    def canonical(self, candidate: str) -> tuple[str, str]:
        """The slug and display for ``candidate``; ("", "") when nothing of it is left."""
        display = clean_tag(candidate)
        slug = slugify_tag(display)
        if not slug:
            return "", ""
        if len(_words(display)) == 1 and slug in self.surnames and slug not in self.story:
            slug = self.surnames[slug]
        if slug in self.story:
            return slug, self.story[slug]
        return slug, self.known.get(slug, display)

    def apply(self, tags: Iterable[Hashtag]) -> list[Hashtag]:
        """``tags`` mapped to their canonical forms; tags that meet keep the best score."""
        best: dict[str, Hashtag] = {}
        for tag in tags:
            slug, display = self.canonical(tag.display)
            if slug and (slug not in best or best[slug].score < tag.score):
                best[slug] = Hashtag(slug, display, tag.score)
        return sorted(best.values(), key=lambda t: (-t.score, t.slug))


@dataclass(slots=True)
class _Candidate:
    slug: str
    forms: Counter[str] = field(default_factory=Counter)
    keyword: bool = False
    name: bool = False
    phrase: bool = False
    display: str = ""  # the preferred form, set by ``settle``
    words: list[str] = field(default_factory=list)  # the display's word slugs

    def settle(self) -> None:
        self.display = max(self.forms, key=lambda form: _preference(form, self.forms[form]))
        self.words = [slugify_tag(word) for word in _words(self.display)]


def _preference(form: str, count: int) -> tuple[bool, bool, int, int, int]:
    """Which spelling of a tag to show: a capitalised one (a name, not a common word) not
    in capitals (a dateline's "PORT SÉVRINE"), the commoner, the one with diacritics
    ("Zürich"), the one with spaces ("New York")."""
    shouting = any(len(word) > 4 and word.isupper() for word in form.split())
    non_ascii = sum(not ch.isascii() for ch in form)
    return (form[:1].isupper(), not shouting, count, non_ascii, form.count(" "))


class _Document:
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
        return " " + " ".join(_ALNUM.findall(_fold(_POSSESSIVES.sub("", text)))) + " "

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
    name: str, document: _Document, stop: frozenset[str], language: str | None
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


def _split_name(name: str, document: _Document, known: Mapping[str, _Candidate]) -> list[str]:
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
    words = _fold(display).split()
    return all(w in topicless or w in stop for w in words) or slugify_tag(display) in topicless


class _Candidates:
    """Every candidate tag of one article, keyed by slug."""

    def __init__(self, stop: frozenset[str], topicless: frozenset[str]) -> None:
        self.found: dict[str, _Candidate] = {}
        self.stop = stop
        self.topicless = topicless

    def add(self, display: str, kind: str) -> None:
        display = clean_tag(display)
        slug = slugify_tag(display)
        if len(slug) < 2 or slug.isdigit() or _topicless(display, self.stop, self.topicless):
            return
        candidate = self.found.setdefault(slug, _Candidate(slug))
        candidate.forms[display] += 1
        setattr(candidate, kind, True)
        candidate.settle()


def _gather(
    title: str, text: str, keywords: Sequence[str], language: str | None, document: _Document
) -> dict[str, _Candidate]:
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


def _score(candidate: _Candidate, document: _Document, keyword_count: int) -> float:
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


def _score_parts(document: _Document, word: str) -> float:
    title, lead, count, spread = document.salience(word)
    return 2.5 * title + 1.0 * lead + 1.2 * math.log2(1 + count) + 1.5 * spread


def _wanted(candidate: _Candidate, document: _Document) -> bool:
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


def _merges(candidates: Mapping[str, _Candidate], document: _Document) -> dict[str, str]:
    """Candidates that are part of a longer one, mapped to it.

    A part that occurs on its own no more often than inside the whole is the whole
    ("Calder" in "Calder Bridge", "Westmarch Fire" in "Westmarch Fire and Rescue"); a
    bare surname is the one full name in the article that ends with it ("Nandakumar" after
    "Priya Nandakumar"), however often it stands alone; a plural topic is its singular
    ("offices", "office"; an -s or -es plural, names excepted). Keywords are never merged
    away: the publisher chose them as tags of their own.
    """
    multi = [c for c in candidates.values() if len(c.words) > 1 and (c.name or c.keyword)]
    people: dict[str, list[_Candidate]] = {}
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


def _same_thing(short: _Candidate, long: _Candidate, language: str | None) -> bool:
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
    document = _Document(title, text)
    candidates = _gather(title, text, keywords, language, document)
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
    chosen: list[tuple[_Candidate, float]] = []
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
            tags.append(Hashtag(slug, _display(display), round(score, 3)))
    return tags


def _redundant(
    candidate: _Candidate, chosen: list[tuple[_Candidate, float]], language: str | None
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
