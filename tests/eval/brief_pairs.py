"""Story pairs labelled with where their articles truly disagree on a figure, and a scorer.

``tests/eval/data/brief_disagreements.jsonl`` holds our labels for pairs of articles on
one event from ../shared/data/clustering-dev (ECB+ and NewsWCL50): the two article ids,
and every figure the two articles give incompatible values for (``differ``: the kind,
a few words on what is measured, the value each article gives), marked by reading both
articles in full. ``update`` marks a difference that a later day's article made by
revising a growing count. ``unsure`` lists differences a careful reader could count
either way (two descriptions of one group, a count as of 4 pm against the final one); a
reported disagreement that matches one of them is neither right nor wrong. A pair with an
empty ``differ`` agrees on every figure both give. The texts stay in ../shared/data.

Labelling rules: two figures disagree when they measure the same thing of the same event
(the same people, sum, quake, time) and their wording lets them not both be true ("at
least 3" and "10" agree; "about 50" and "80" do not). Figures about another event (an
earlier quake, a background year) are not compared. Where one article quotes two sources
with two figures (USGS 6.1, Tehran 5.9), each counts as that article's figure.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tidings.ai.brief import BriefArticle, Disagreement, FigureUpdate, ReportedValue

DATA = Path(__file__).resolve().parents[3] / "shared" / "data" / "clustering-dev"
LABELS = Path(__file__).parent / "data" / "brief_disagreements.jsonl"
FILES = (DATA / "ecbplus" / "documents.jsonl", DATA / "newswcl50" / "documents.jsonl")

_SECONDS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400, "week": 604800,
            "month": 2629800, "year": 31557600}  # fmt: skip
_MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]


@dataclass(frozen=True)
class Difference:
    """A labelled figure the two articles of a pair give incompatible values for."""

    kind: str
    what: str
    a: float | None
    b: float | None
    update: bool = False


@dataclass
class Pair:
    a: str
    b: str
    differ: list[Difference]
    unsure: list[Difference]
    event: str = field(init=False)

    def __post_init__(self) -> None:
        self.event = self.a.split("_")[0] + ("+" if "ecbplus" in self.a else "")


def available() -> bool:
    return all(path.is_file() for path in FILES)


def load_pairs() -> list[Pair]:
    pairs = []
    for line in LABELS.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        pairs.append(
            Pair(
                row["a"],
                row["b"],
                [_difference(d) for d in row["differ"]],
                [_difference(d) for d in row.get("unsure", [])],
            )
        )
    return pairs


def _difference(row: dict[str, Any]) -> Difference:
    return Difference(
        row["kind"],
        row["what"],
        _base(row["kind"], row["a"], row.get("unit")),
        _base(row["kind"], row["b"], row.get("unit")),
        bool(row.get("update", False)),
    )


def _base(kind: str, value: Any, unit: str | None) -> float | None:
    """A labelled value in the unit ``tidings.ai.quantities`` measures the kind in."""
    if value is None:
        return None
    if kind == "time":
        hours, minutes = str(value).split(":")
        return int(hours) * 60 + int(minutes)
    if kind == "duration":
        return float(value) * _SECONDS[unit or "second"]
    return float(value)


def load_articles() -> dict[str, BriefArticle]:
    """Every document of the two sets as a brief's article, its outlet its own id."""
    articles = {}
    for path in FILES:
        for line in path.read_text(encoding="utf-8").splitlines():
            doc = json.loads(line)
            lines = [_detokenized(t) for t in doc["text"].split("\n")]
            articles[doc["doc_id"]] = BriefArticle(
                doc["doc_id"],
                doc["doc_id"],
                "",
                "\n\n".join(lines),  # one sentence per line there: a paragraph each
                _dateline(lines[:4]) if doc.get("subtopic") == "ecbplus" else None,
                "en",
            )
    return articles


def _detokenized(line: str) -> str:
    """Undo the corpus's detokenizer where it split figures: "6. 1" and "120, 000"."""
    line = re.sub(r"(?<=\d)\. (?=\d)", ".", line)
    return re.sub(r"(?<![\d,])(\d{1,3}), (?=\d{3}\b)", r"\1,", line)


def _dateline(lines: list[str]) -> datetime | None:
    """The day an ECB+ article gives in its first lines ("November 28, 2005", "11/28/05",
    "Monday, 28 November 2005"), at noon UTC: a day is all most of them give."""
    for line in lines:
        found = _date_in(line)
        if found is not None:
            return found
    return None


def _date_in(line: str) -> datetime | None:
    numeric = re.search(r"\b(\d{1,2})/(\d{1,2})/(\d{2}(?:\d{2})?)\b", line)
    if numeric:
        month, day, year = (int(g) for g in numeric.groups())
        return _day(year if year > 99 else 2000 + year, month, day)
    words = re.search(
        r"\b(?:(?P<d1>\d{1,2})(?:st|nd|rd|th)?\s+(?P<m1>[A-Za-z]{3,})\.?,?\s+(?P<y1>\d{4})"
        r"|(?P<m2>[A-Za-z]{3,})\.?\s+(?P<d2>\d{1,2})(?:st|nd|rd|th)?(?:,|-)?\s*(?P<y2>\d{4}))",
        line,
    )
    if not words:
        return None
    month_word = (words.group("m1") or words.group("m2")).lower()[:3]
    if month_word not in _MONTHS:
        return None
    day = int(words.group("d1") or words.group("d2"))
    year = int(words.group("y1") or words.group("y2"))
    return _day(year, _MONTHS.index(month_word) + 1, day)


def _day(year: int, month: int, day: int) -> datetime | None:
    try:
        return datetime(year, month, day, 12, tzinfo=UTC)
    except ValueError:
        return None


# --- scoring ---------------------------------------------------------------------------


def kind_of(dimension: str) -> str:
    """The label kind a reported dimension answers to."""
    if dimension.startswith("money:"):
        return dimension
    return {
        "percentage-points": "percent",
        "weekday": "date",
        "temperature:F": "temperature",
    }.get(dimension, dimension)


def _holds(value: float | None, reported: ReportedValue) -> bool:
    if value is None:
        return True
    slack = abs(value) * 0.01 + 1e-9
    return reported.low - slack <= value <= reported.high + slack


def matches(found: Disagreement | FigureUpdate, pair: Pair, label: Difference) -> bool:
    """Whether a reported difference is the labelled one: its kind, and a value from each
    article holding the labelled values."""
    if kind_of(found.dimension) != label.kind:
        return False
    sides = {
        name: [v for v in found.values if any(c.article_id == name for c in v.sources)]
        for name in (pair.a, pair.b)
    }
    return any(
        va is not vb and _holds(label.a, va) and _holds(label.b, vb)
        for va in sides[pair.a]
        for vb in sides[pair.b]
    )


@dataclass
class Score:
    """Counts over pairs: reported conflicts right and wrong, labelled ones found."""

    right: int = 0
    wrong: int = 0
    ignored: int = 0
    conflicts: int = 0
    found: int = 0
    updates: int = 0
    updates_found: int = 0
    wrong_updates: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.right / (self.right + self.wrong) if self.right + self.wrong else 1.0

    @property
    def recall(self) -> float:
        return self.found / self.conflicts if self.conflicts else 1.0

    def add(
        self,
        pair: Pair,
        disagreements: tuple[Disagreement, ...],
        updates: tuple[FigureUpdate, ...],
    ) -> None:
        conflicts = [d for d in pair.differ if not d.update]
        revised = [d for d in pair.differ if d.update]
        self.conflicts += len(conflicts)
        self.updates += len(revised)
        hit: set[int] = set()
        for found in disagreements:
            right = [i for i, d in enumerate(conflicts) if matches(found, pair, d)]
            if right:
                self.right += 1
                hit.update(right)
            elif any(matches(found, pair, d) for d in pair.unsure):
                self.ignored += 1
            else:
                self.wrong += 1
                self.errors.append(f"{pair.a}/{pair.b}: reported {_describe(found)}")
        self.found += len(hit)
        for i, d in enumerate(conflicts):
            if i not in hit:
                self.errors.append(f"{pair.a}/{pair.b}: missed {d.kind} {d.what}")
        for update in updates:
            if any(matches(update, pair, d) for d in revised):
                self.updates_found += 1
            elif not any(matches(update, pair, d) for d in pair.unsure):
                self.wrong_updates += 1
                self.errors.append(f"{pair.a}/{pair.b}: update {_describe(update)}")


def _describe(found: Disagreement | FigureUpdate) -> str:
    values = " / ".join(v.label for v in found.values)
    return f"{found.key} ({found.dimension}): {values}"
