"""Optional plainer wording of extractive outputs, checked against the cited sources.

Key points and the story brief are sentences lifted from articles, each citing where it
came from. A model can make them easier to read, and can also slip in a number or a name
the source never said. So every rewritten sentence is checked: each number, quantity word
and capitalised word in it must appear in the sentence(s) it cites. One that fails keeps
the original extractive sentence, and the result says which and why. The check is
deliberately strict; a needless fallback costs a little readability, an invented figure
costs the reader's trust.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from tidings.ai.backends import ChatBackend, ChatMessage, ModelResponseError


@dataclass(frozen=True)
class Citation:
    """The source sentence a statement rests on."""

    article_id: str
    sentence_id: int
    text: str


@dataclass(frozen=True)
class CitedSentence:
    """An extractive sentence and the source sentences it cites."""

    text: str
    citations: tuple[Citation, ...]


@dataclass(frozen=True)
class RewrittenSentence:
    """One output: the model's wording if it passed the check, else the original."""

    text: str
    citations: tuple[Citation, ...]
    original: str
    rewritten: bool  # False: the model's wording was dropped and ``text`` is the original
    dropped_reason: str | None
    backend: str
    model: str
    created_at: datetime


@dataclass(frozen=True)
class Rewrite:
    """All outputs of one rewrite request."""

    sentences: tuple[RewrittenSentence, ...]
    backend: str
    model: str
    created_at: datetime

    @property
    def fallbacks(self) -> tuple[int, ...]:
        """Positions whose rewrite was dropped in favour of the original sentence."""
        return tuple(i for i, s in enumerate(self.sentences) if not s.rewritten)


def rewrite_sentences(
    items: Sequence[CitedSentence],
    backend: ChatBackend,
    *,
    now: Callable[[], datetime] | None = None,
) -> Rewrite:
    """Ask the model (one request) for plainer wording of each item; keep only checked ones."""
    created_at = (now or _utc_now)()
    if not items:
        return Rewrite((), backend.name, backend.model, created_at)
    reply = backend.chat(_prompt(items))
    candidates = parse_numbered(reply, len(items))
    outputs = []
    for item, candidate in zip(items, candidates, strict=True):
        missing = unsupported_content(candidate, [c.text for c in item.citations] or [item.text])
        reason = f"not in the cited source: {', '.join(missing)}" if missing else None
        outputs.append(
            RewrittenSentence(
                text=item.text if reason else candidate,
                citations=item.citations,
                original=item.text,
                rewritten=reason is None,
                dropped_reason=reason,
                backend=backend.name,
                model=backend.model,
                created_at=created_at,
            )
        )
    return Rewrite(tuple(outputs), backend.name, backend.model, created_at)


_SYSTEM = (
    "You rewrite sentences from news articles into plain, clear English for a general "
    "reader. Keep every fact; add nothing: no new numbers, names, dates or claims. The user "
    "sends numbered sentences. Reply with exactly one line per sentence, in the same order, "
    'each starting with its number, a full stop and a space, like "1. text". No other text.'
)


def _prompt(items: Sequence[CitedSentence]) -> list[ChatMessage]:
    lines = [f"{n}. {' '.join(item.text.split())}" for n, item in enumerate(items, 1)]
    return [
        {"role": "system", "content": _SYSTEM},
        {"role": "user", "content": "\n".join(lines)},
    ]


_NUMBERED_LINE = re.compile(r"(\d+)[.)]\s+(\S.*)")


def parse_numbered(reply: str, expected: int) -> list[str]:
    """The texts of a reply of lines "1. text" … "N. text", exactly N, in order.

    Strict because a loose parse could attach a rewrite to the wrong citation. Blank lines
    and a surrounding Markdown code fence are the only slack.
    """
    lines = [line.strip() for line in reply.strip().splitlines() if line.strip()]
    if lines and lines[0].startswith("```") and lines[-1] == "```" and len(lines) > 1:
        lines = lines[1:-1]
    texts: list[str] = []
    for line in lines:
        match = _NUMBERED_LINE.fullmatch(line)
        if match is None:
            raise ModelResponseError(f"the model's rewrite has an unnumbered line: {line[:80]!r}")
        if int(match.group(1)) != len(texts) + 1:
            raise ModelResponseError(
                f"the model's rewrite numbers line {len(texts) + 1} as {match.group(1)}"
            )
        texts.append(match.group(2).strip())
    if len(texts) != expected:
        raise ModelResponseError(f"the model rewrote {len(texts)} sentences of {expected}")
    return texts


# Words whose capital comes from starting a sentence, not from being a name.
_FUNCTION_WORDS = frozenset(
    """a an the this that these those it its they their them there here he she his her we
    our you your i in on at of for to from by with without about after before during over
    under into as and but or nor so yet if when while where which who whom whose what why
    how all some many most more less few no not both each every one another other such
    also still however meanwhile instead then now today yesterday tomorrow officials
    people police authorities according""".split()  # noqa: SIM905 (a word list reads better)
)
_NUMBER_WORDS = {
    "zero": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6",
    "seven": "7", "eight": "8", "nine": "9", "ten": "10", "eleven": "11", "twelve": "12",
    "thirteen": "13", "fourteen": "14", "fifteen": "15", "sixteen": "16", "seventeen": "17",
    "eighteen": "18", "nineteen": "19", "twenty": "20", "thirty": "30", "forty": "40",
    "fifty": "50", "sixty": "60", "seventy": "70", "eighty": "80", "ninety": "90",
}  # fmt: skip
# Quantity words, each mapped to one spelling so "%" matches "percent" and "$" "dollars".
_QUANTITY_WORDS = {
    "%": "percent", "percent": "percent", "per cent": "percent", "hundred": "hundred",
    "thousand": "thousand", "million": "million", "millions": "million",
    "billion": "billion", "billions": "billion", "trillion": "trillion", "dozen": "dozen",
    "dozens": "dozen", "half": "half", "quarter": "quarter", "double": "double",
    "doubled": "double", "triple": "triple", "tripled": "triple", "km": "km",
    "kilometres": "km", "kilometers": "km", "mile": "mile", "miles": "mile", "kg": "kg",
    "tonnes": "tonne", "tons": "tonne", "$": "dollar", "dollar": "dollar",
    "dollars": "dollar", "€": "euro", "euro": "euro", "euros": "euro", "£": "pound",
    "pounds": "pound",
}  # fmt: skip
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_QUANTITY = re.compile(r"%|\$|€|£|\bper cent\b|\b[a-z]+\b")
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_SENTENCE_START = re.compile(r"""(?:^|[.!?:;]\s+|["“‘(\[]\s*)$""")


def unsupported_content(rewritten: str, sources: Sequence[str]) -> list[str]:
    """The numbers, quantities and capitalised words of ``rewritten`` no source contains.

    Empty means the rewrite passes. Numbers compare by value spelling ("12,000" = "12000",
    "three" = "3"); capitalised words compare exactly, except a sentence's first word,
    whose capital may be positional ("The", "Officials").
    """
    source = " ".join(sources)
    missing: list[str] = []
    source_numbers = _numbers(source)
    for number in sorted(_numbers(rewritten) - source_numbers):
        missing.append(number)
    source_quantities = _quantities(source)
    for quantity in sorted(_quantities(rewritten) - source_quantities):
        missing.append(quantity)
    source_words = {_bare(w) for w in _WORD.findall(source)}
    source_folded = {w.casefold() for w in source_words}
    for match in _WORD.finditer(rewritten):
        word = _bare(match.group())
        if not word[0].isupper() or word in source_words or word == "I":
            continue
        if word.casefold() in _NUMBER_WORDS or word.casefold() in _QUANTITY_WORDS:
            continue  # already compared as a number or quantity
        at_start = _SENTENCE_START.search(rewritten[: match.start()]) is not None
        if at_start and (word.casefold() in _FUNCTION_WORDS or word.casefold() in source_folded):
            continue
        if word not in missing:
            missing.append(word)
    return missing


def _numbers(text: str) -> set[str]:
    found = set()
    for match in _NUMBER.finditer(text):
        value = match.group()
        if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", value):
            value = value.replace(",", "")
        found.add(value)
    for word in _WORD.findall(text.lower()):
        if word in _NUMBER_WORDS:
            found.add(_NUMBER_WORDS[word])
    return found


def _quantities(text: str) -> set[str]:
    return {
        _QUANTITY_WORDS[m.group()]
        for m in _QUANTITY.finditer(text.lower())
        if m.group() in _QUANTITY_WORDS
    }


def _bare(word: str) -> str:
    """A word without a trailing possessive or hyphen: "Merkel's" → "Merkel"."""
    for suffix in ("'s", "’s"):
        if word.endswith(suffix):
            return word[: -len(suffix)]
    return word.rstrip("'’-")


def _utc_now() -> datetime:
    return datetime.now(UTC)
