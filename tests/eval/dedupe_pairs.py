"""Body pairs for the dedupe quality gate, built deterministically from ../shared/data.

Duplicates: each gold article body of extraction-dev and extraction-msv-dev (headline
removed) against copies made the way syndication makes them: identical, last paragraphs
cut (at least 60% kept), boilerplate lines added at the top or bottom, a few words changed
and a sentence dropped, a dateline in front, and combinations; plus two differently
edited copies of one original against each other.

Not duplicates: different articles on the same event (NewsWCL50: 5 outlets per event;
ECB+: documents of one gold event), articles on one topic (extraction-msv-dev Chaos: the
10 results of one search query), articles of one site (extraction-msv-dev Big9), random
pairs, and short texts wrapped in the same boilerplate.
"""

from __future__ import annotations

import itertools
import json
import random
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from tests.conftest import SHARED_DATA

SEED = 20261128

# ECB+ documents of one event that carry the same wire text (AP/AFP copies, some trimmed or
# edited), so they are not "different articles on the same event". Criterion, applied to
# every same-event pair: at least 75% of the shorter document's words (lines of 8+ words)
# lie in sentences whose 4-word shingles are at least half found in the longer document.
# 64 of the 3324 pairs qualify; those below 90% were read side by side and all are edited
# copies of one agency text. They leave the negatives and are reported as their own row.
_ECBPLUS_SAME_TEXT_IDS = """
    1_6ecbplus/1_17ecbplus
    4_2ecbplus/4_1ecbplus
    7_10ecbplus/7_11ecbplus 7_10ecbplus/7_1ecbplus 7_10ecbplus/7_2ecbplus
    7_10ecbplus/7_3ecbplus 7_11ecbplus/7_1ecbplus 7_11ecbplus/7_3ecbplus
    7_1ecbplus/7_3ecbplus 7_2ecbplus/7_3ecbplus 7_4ecbplus/7_10ecbplus
    7_4ecbplus/7_11ecbplus 7_4ecbplus/7_1ecbplus 7_4ecbplus/7_2ecbplus
    7_4ecbplus/7_3ecbplus 7_4ecbplus/7_9ecbplus 7_9ecbplus/7_10ecbplus
    7_9ecbplus/7_11ecbplus 7_9ecbplus/7_1ecbplus 7_9ecbplus/7_2ecbplus
    7_9ecbplus/7_3ecbplus
    8_2ecbplus/8_1ecbplus 8_5ecb/8_7ecb
    9_3ecbplus/9_9ecbplus
    19_11ecbplus/19_6ecbplus 19_7ecb/19_8ecb
    22_14ecbplus/22_12ecbplus 22_4ecb/22_7ecb
    24_10ecbplus/24_5ecbplus 24_11ecbplus/24_6ecbplus 24_1ecbplus/24_10ecbplus
    24_1ecbplus/24_5ecbplus 24_7ecbplus/24_10ecbplus 24_7ecbplus/24_1ecbplus
    24_7ecbplus/24_5ecbplus 24_8ecbplus/24_1ecbplus 24_9ecbplus/24_3ecbplus
    26_11ecbplus/26_2ecbplus 26_11ecbplus/26_8ecbplus 26_3ecbplus/26_2ecbplus
    26_8ecbplus/26_2ecbplus
    28_10ecbplus/28_12ecbplus 28_10ecbplus/28_7ecbplus 28_10ecbplus/28_9ecbplus
    28_13ecb/28_12ecb 28_4ecbplus/28_10ecbplus 28_6ecbplus/28_7ecbplus
    28_6ecbplus/28_9ecbplus 28_8ecbplus/28_7ecbplus 28_8ecbplus/28_9ecbplus
    28_9ecbplus/28_7ecbplus
    29_1ecbplus/29_5ecbplus 29_9ecbplus/29_1ecbplus 29_9ecbplus/29_5ecbplus
    30_12ecbplus/30_9ecbplus 30_8ecbplus/30_11ecbplus 30_8ecbplus/30_9ecbplus
    31_3ecb/31_6ecb 31_4ecbplus/31_9ecbplus 31_5ecbplus/31_11ecbplus
    31_5ecbplus/31_6ecbplus 31_6ecb/31_9ecb 31_6ecbplus/31_11ecbplus
    32_3ecbplus/32_5ecbplus
"""
ECBPLUS_SAME_TEXT: frozenset[frozenset[str]] = frozenset(
    frozenset(pair.split("/")) for pair in _ECBPLUS_SAME_TEXT_IDS.split()
)

# Lines outlets put around wire copy, in several phrasings. normalise_body was written to
# drop the kinds in BOILERPLATE_TOP and BOILERPLATE_BOTTOM; BOILERPLATE_UNSEEN are kinds it
# was deliberately not taught (promotions, appeals, other languages), so copies also carry
# boilerplate that survives normalisation, as real ones do.
BOILERPLATE_TOP = (
    "This story was originally published by the Harbour Gazette.",
    "This article first appeared on Meridian News and is republished with permission.",
    "Originally published on northwire.example on Tuesday.",
    "Editor's note: this report has been updated with new information.",
    "Listen to this article · 4 min",
    "Advertisement",
    "Republished from The Valley Courier under a content-sharing agreement.",
    "Updated 14:32 GMT, 3 March 2026",
    "By Anna Keller, Meridian News Service",
    "Our partners at the Coastline Tribune contributed this report.",
)
BOILERPLATE_BOTTOM = (
    "Copyright 2026 Meridian News Service. All rights reserved.",
    "© 2026 The Harbour Gazette. All rights reserved. This material may not be "
    "published, broadcast, rewritten or redistributed.",
    "Follow us on Twitter and Facebook for the latest updates.",
    "Sign up for our morning newsletter to get the day's top stories in your inbox.",
    "Subscribe to the Valley Courier for unlimited access to local news.",
    "Reporting by Anna Keller; Editing by Tom Brandt",
    "(Additional reporting by Luis Ortega in Madrid; Editing by Jane Okafor)",
    "The Associated Wire contributed to this report.",
    "Have a news tip? Email us at tips@courier.example.",
    "Read more: the full timeline of events, in pictures.",
    "Related: What we know so far",
    "Share this article on social media.",
    "This story has been corrected to fix the spelling of a name.",
    "More from Meridian: the week in review.",
)
BOILERPLATE_UNSEEN = (
    "Our partners at the Coastline Tribune contributed this report.",
    "Download the Meridian app to get breaking news alerts on your phone, and turn on "
    "notifications so you never miss a story from our newsroom.",
    "We rely on readers like you. If you value independent local journalism, please "
    "consider supporting the Harbour Gazette with a monthly donation of any size.",
    "Want more stories like this one? The Valley Courier's weekend edition brings you the "
    "best of our reporting, analysis and photography every Saturday morning.",
    "Dieser Artikel erschien zuerst bei der Nordküsten-Zeitung.",
    "Cet article a été publié initialement par Le Courrier du Val.",
    "Got thoughts on this story? Join the conversation in the comments below.",
    "Meridian News Service is an independent newsroom covering politics, business and "
    "culture across the region since 1998.",
)
DATELINES = (
    "LONDON (Meridian) —",
    "WASHINGTON, March 3 (Northwire) -",
    "(Meridian) -",
    "NEW YORK —",
    "Berlin (dpa) -",
    "PARIS, Feb 12 (Coastline) –",
)
_SWAPS = ("said", "told", "reported", "announced", "new", "major", "several", "recent")


@dataclass(frozen=True)
class Pair:
    """Two bodies and whether they are copies of one text; ``kind`` names how they differ."""

    kind: str
    left_id: str
    right_id: str
    left: str
    right: str
    duplicate: bool
    counted: bool = True  # False: reported only, outside precision and recall


def _load_gold(name: str) -> dict[str, str] | None:
    folder = SHARED_DATA / name
    if not (folder / "ground-truth.json").exists():
        return None
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    ids = (folder / "ids.txt").read_text(encoding="utf-8").split()
    return {i: truth[i]["articleBody"] for i in ids}


def _paragraphs(text: str) -> list[str]:
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    if len(paragraphs) < 3:
        paragraphs = [p.strip() for p in text.splitlines() if p.strip()]
    return paragraphs


def _sentences(paragraph: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+|(?<=[。！？])", paragraph) if s]


def _join(paragraphs: list[str]) -> str:
    return "\n\n".join(paragraphs)


def trim(text: str, rng: random.Random) -> str:
    """Cut the last 1-3 paragraphs, keeping at least 60% of the text."""
    paragraphs = _paragraphs(text)
    total = len(text)
    for cut in sorted(range(1, 4), key=lambda _: rng.random()):
        kept = paragraphs[:-cut]
        if kept and len(_join(kept)) >= 0.6 * total:
            return _join(kept)
    # Too few paragraphs: cut sentences from the end instead, down to 60-80%.
    sentences = _sentences(" ".join(paragraphs))
    target = rng.uniform(0.6, 0.8) * total
    kept_sentences: list[str] = []
    for sentence in sentences:
        if kept_sentences and len(" ".join(kept_sentences)) >= target:
            break
        kept_sentences.append(sentence)
    return " ".join(kept_sentences)


def add_boilerplate(text: str, rng: random.Random) -> str:
    """One or two lines at the top, the bottom or both."""
    where = rng.choice(("top", "bottom", "both"))
    top = rng.sample(BOILERPLATE_TOP + BOILERPLATE_UNSEEN, rng.randint(1, 2))
    bottom = rng.sample(BOILERPLATE_BOTTOM + BOILERPLATE_UNSEEN, rng.randint(1, 2))
    top, bottom = (top if where != "bottom" else []), (bottom if where != "top" else [])
    return _join([*top, text, *bottom])


def edit(text: str, rng: random.Random) -> str:
    """Drop one sentence from the middle and change a few words (characters in CJK)."""
    paragraphs = _paragraphs(text)
    several = [i for i, p in enumerate(paragraphs) if len(_sentences(p)) > 1]
    middle = [i for i in several if 0 < i < len(paragraphs) - 1] or several
    if middle:
        index = rng.choice(middle)
        sentences = _sentences(paragraphs[index])
        del sentences[
            rng.randrange(1, len(sentences)) if index == 0 else rng.randrange(len(sentences))
        ]
        paragraphs[index] = " ".join(sentences)
    words = _join(paragraphs).split(" ")
    for _ in range(rng.randint(2, 5)):
        at = rng.randrange(len(words))
        word = words[at]
        if len(word) > 15:  # a run of unspaced script, not a word: change one character
            pos = rng.randrange(len(word))
            words[at] = word[:pos] + rng.choice("新旧大小") + word[pos + 1 :]
        else:
            words[at] = rng.choice(_SWAPS)
    return " ".join(words)


def add_dateline(text: str, rng: random.Random) -> str:
    """A dateline in front of the first paragraph, or a different first line of its own."""
    dateline = rng.choice(DATELINES)
    if rng.random() < 0.5:
        return f"{dateline} {text.lstrip()}"
    return f"{dateline}\n\n{text}"


_VARIANTS: dict[str, tuple[Callable[[str, random.Random], str], ...]] = {
    "identical": (),
    "trimmed": (trim,),
    "boilerplate": (add_boilerplate,),
    "edited": (edit,),
    "dateline": (add_dateline,),
    "trimmed+boilerplate": (trim, add_boilerplate),
    "trimmed+edited": (trim, edit),
    "edited+boilerplate": (edit, add_boilerplate),
    "all four": (trim, edit, add_dateline, add_boilerplate),
}


def _copy(
    text: str, steps: tuple[Callable[[str, random.Random], str], ...], rng: random.Random
) -> str:
    for step in steps:
        text = step(text, rng)
    return text


def wire_bodies() -> dict[str, str] | None:
    """Gold bodies of both extraction sets, headline removed from extraction-msv-dev's."""
    dev, msv = _load_gold("extraction-dev"), _load_gold("extraction-msv-dev")
    if dev is None or msv is None:
        return None
    bodies = {f"dev:{k}": v.strip() for k, v in dev.items()}
    for key, text in msv.items():
        _headline, _, body = text.strip().partition("\n")
        bodies[f"msv:{key}"] = body.strip()
    return bodies


def duplicate_pairs(bodies: dict[str, str], rng: random.Random) -> list[Pair]:
    """Each body against each kind of copy, and two different copies against each other."""
    pairs = []
    for key, text in bodies.items():
        for kind, steps in _VARIANTS.items():
            pairs.append(Pair(kind, key, f"{key}~{kind}", text, _copy(text, steps, rng), True))
        left = _copy(text, _VARIANTS["trimmed+boilerplate"], rng)
        right = _copy(text, (edit, add_dateline, add_boilerplate), rng)
        pairs.append(Pair("copy vs copy", f"{key}~a", f"{key}~b", left, right, True))
    return pairs


def _jsonl(path: str) -> list[dict[str, str]]:
    lines = (SHARED_DATA / path).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def _within_groups(kind: str, docs: list[tuple[str, str, str]]) -> list[Pair]:
    groups: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for group, key, text in docs:
        groups[group].append((key, text))
    pairs = []
    for members in groups.values():
        for (a, ta), (b, tb) in itertools.combinations(members, 2):
            if frozenset((a, b)) in ECBPLUS_SAME_TEXT:
                pairs.append(Pair("ECB+ same wire text", a, b, ta, tb, True, counted=False))
            else:
                pairs.append(Pair(kind, a, b, ta, tb, False))
    return pairs


def distinct_pairs(bodies: dict[str, str], rng: random.Random) -> list[Pair] | None:
    """Different articles: same event, same topic, same site, random, shared boilerplate."""
    if not (SHARED_DATA / "clustering-dev" / "newswcl50").exists():
        return None
    wcl = _jsonl("clustering-dev/newswcl50/documents.jsonl")
    ecb = _jsonl("clustering-dev/ecbplus/documents.jsonl")
    msv = json.loads((SHARED_DATA / "extraction-msv-dev" / "ground-truth.json").read_text("utf-8"))
    pairs = _within_groups(
        "same event (NewsWCL50)", [(d["cluster_id"], d["doc_id"], d["text"]) for d in wcl]
    )
    pairs += _within_groups(
        "same event (ECB+)", [(d["cluster_id"], d["doc_id"], d["text"]) for d in ecb]
    )
    topic: list[tuple[str, str, str]] = []
    site: list[tuple[str, str, str]] = []
    for key, text in bodies.items():
        if key.startswith("msv:"):
            meta = msv[key[4:]]
            (topic if "query" in meta else site).append(
                (meta.get("query") or meta["site"], key, text)
            )
    pairs += _within_groups("same topic (msv queries)", topic)
    pairs += _within_groups("same site (msv Big9)", site)
    keys = sorted(bodies)
    for _ in range(1000):
        a, b = rng.sample(keys, 2)
        pairs.append(Pair("random", a, b, bodies[a], bodies[b], False))
    for _ in range(300):
        a, b = rng.sample(keys, 2)
        top = rng.choice(BOILERPLATE_TOP + BOILERPLATE_UNSEEN)
        bottom = rng.choice(BOILERPLATE_BOTTOM + BOILERPLATE_UNSEEN)
        wrap = [
            _join([top, " ".join(bodies[k].split()[: rng.randint(30, 60)]), bottom]) for k in (a, b)
        ]
        kind = "short, shared boilerplate"
        pairs.append(Pair(kind, f"{a}~short", f"{b}~short", wrap[0], wrap[1], False))
    return pairs


def build_pairs() -> list[Pair] | None:
    """All pairs, or None when ../shared/data is not here."""
    bodies = wire_bodies()
    if bodies is None:
        return None
    rng = random.Random(SEED)
    negatives = distinct_pairs(bodies, rng)
    if negatives is None:
        return None
    return duplicate_pairs(bodies, rng) + negatives
