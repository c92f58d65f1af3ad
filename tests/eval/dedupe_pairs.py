"""Body pairs for the dedupe quality gate, built deterministically from ../shared/data.

Duplicates: each gold article body of extraction-dev and extraction-msv-dev (headline
removed) against copies made the way syndication makes them: identical, last paragraphs
cut (at least 60% kept), boilerplate lines added at the top or bottom, a few words changed
and a sentence dropped, a dateline in front, and combinations; plus two differently
edited copies of one original against each other.

Real pairs (``real_pairs``): every pair of ECB+ documents of one topic (one event or its
sibling), NewsWCL50's articles on one event, extraction-msv-dev's pages of one query and
of one site, each labelled copy, borderline or distinct by ``copy_labels``; and any pair
across those groups that the label scan finds to be a copy. Not duplicates besides: random
pairs, and short texts wrapped in the same boilerplate.
"""

from __future__ import annotations

import itertools
import json
import random
import re
from collections.abc import Callable
from dataclasses import dataclass

from tests.conftest import SHARED_DATA
from tests.eval import copy_labels

SEED = 20261128

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
    topic: int | None = None  # ECB+ topic, the unit of the cross-validation split
    real: bool = False  # two real articles (labelled by copy_labels), not a made copy


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


@dataclass(frozen=True)
class RealDoc:
    """A real article: its text, the set it comes from and its group there."""

    key: str
    text: str
    source: str  # "ECB+", "NewsWCL50", "msv queries", "msv Big9", "extraction-dev"
    group: str  # ECB+ event, NewsWCL50 event, msv query or site
    topic: int | None = None  # ECB+ topic: two events of one kind


def real_docs(bodies: dict[str, str]) -> list[RealDoc] | None:
    """ECB+ and NewsWCL50 documents and the extraction sets' gold bodies."""
    clustering = SHARED_DATA / "clustering-dev"
    if not all((clustering / name).exists() for name in ("ecbplus", "newswcl50")):
        return None
    docs = [
        RealDoc(d["doc_id"], d["text"], "ECB+", d["cluster_id"], int(d["topic"]))
        for d in _jsonl("clustering-dev/ecbplus/documents.jsonl")
    ]
    docs += [
        RealDoc(d["doc_id"], d["text"], "NewsWCL50", d["cluster_id"])
        for d in _jsonl("clustering-dev/newswcl50/documents.jsonl")
    ]
    msv = json.loads((SHARED_DATA / "extraction-msv-dev" / "ground-truth.json").read_text("utf-8"))
    for key, text in bodies.items():
        if key.startswith("msv:"):
            meta = msv[key[4:]]
            source = "msv queries" if "query" in meta else "msv Big9"
            docs.append(RealDoc(key, text, source, meta.get("query") or meta["site"]))
        else:
            docs.append(RealDoc(key, text, "extraction-dev", key))
    return docs


def _grouped_pairs(docs: list[RealDoc]) -> dict[tuple[str, str], str]:
    """The pairs a grouping expects to be different articles, with their kind."""
    kinds: dict[tuple[str, str], str] = {}
    for one, two in itertools.combinations(docs, 2):
        if one.source != two.source:
            continue
        if one.group == two.group and one.source != "extraction-dev":
            kind = {
                "ECB+": "same event (ECB+)",
                "NewsWCL50": "same event (NewsWCL50)",
                "msv queries": "same topic (msv queries)",
                "msv Big9": "same site (msv Big9)",
            }[one.source]
        elif one.topic is not None and one.topic == two.topic:
            kind = "same topic, other event (ECB+)"
        else:
            continue
        kinds[one.key, two.key] = kind
    return kinds


def real_pairs(docs: list[RealDoc]) -> list[Pair]:
    """Pairs of real articles, each labelled by ``copy_labels``.

    Pairs within a group (and ECB+ pairs within a topic) are all scored; a pair across
    groups only when the label scan finds it to be a copy or borderline.
    """
    texts = {d.key: d.text for d in docs}
    by_key = {d.key: d for d in docs}
    kinds = _grouped_pairs(docs)
    found = copy_labels.shares(texts, kinds)
    for pair, share in copy_labels.scan(texts, kinds).items():
        if copy_labels.label_of(share) != "distinct":
            found[pair] = share
            kinds[pair] = "across groups"
    pairs = []
    for (a, b), share in found.items():
        label = copy_labels.label_of(share)
        kind = kinds[a, b]
        if label != "distinct":
            kind = f"{by_key[a].source} {'wire copy' if label == 'copy' else 'borderline'}"
        topic = by_key[a].topic if by_key[a].topic == by_key[b].topic else None
        pairs.append(
            Pair(
                kind,
                a,
                b,
                texts[a],
                texts[b],
                label == "copy",
                label != "borderline",
                topic=topic,
                real=True,
            )
        )
    return pairs


def distinct_pairs(bodies: dict[str, str], rng: random.Random) -> list[Pair]:
    """Made pairs of different articles: random, and short texts in shared boilerplate."""
    pairs = []
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
    docs = real_docs(bodies)
    if docs is None:
        return None
    rng = random.Random(SEED)
    made = distinct_pairs(bodies, rng)  # first: the seed's stream as before the real pairs
    return duplicate_pairs(bodies, rng) + real_pairs(docs) + made
