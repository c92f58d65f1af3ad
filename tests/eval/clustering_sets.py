"""Load the story-clustering sets in ../shared/data/clustering-dev as CLI records and gold.

Each set becomes one or more groups clustered independently (news-search-msv: one group per
search query, as its annotators worked). A group holds the records ``tidings stories
cluster`` reads (``id``, ``text``, optional ``title``, ``date``, ``lang``) and one or more
gold partitions. Gold-revealing fields (``topic``, ``subtopic``, ``url``, ``cluster_id``)
never reach the records.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tidings.stories.fit_training import LabelledGroup

DATA = Path(__file__).resolve().parents[3] / "shared" / "data" / "clustering-dev"
SETS = ("ecbplus", "newswcl50", "meantime", "news-search-msv")


@dataclass(frozen=True)
class Group:
    name: str
    records: list[dict[str, Any]]
    gold: dict[str, dict[str, str]]  # annotation name -> (record id -> gold label)
    topics: dict[str, str]  # record id -> coarse topic, for the one-cluster-per-topic baseline


def _lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def available() -> bool:
    return all((DATA / name).is_dir() for name in SETS)


def load_groups(name: str) -> list[Group]:
    """The set's groups, records in file order."""
    folder = DATA / name
    if name == "news-search-msv":
        return _msv(folder)
    rows = _lines(folder / "documents.jsonl")
    records = []
    for row in rows:
        record = {"id": row["doc_id"], "text": row["text"], "lang": row.get("lang")}
        if row.get("title"):
            record["title"] = row["title"]
        if row.get("date"):
            record["date"] = row["date"]
        records.append(record)
    gold = {"gold": {row["doc_id"]: str(row["cluster_id"]) for row in rows}}
    topic_field = {"ecbplus": "topic", "meantime": "topic_corpus"}.get(name)
    topics = {row["doc_id"]: str(row[topic_field]) if topic_field else "all" for row in rows}
    return [Group(name, records, gold, topics)]


def _msv(folder: Path) -> list[Group]:
    rows = _lines(folder / "articles.jsonl")
    gold_file = json.loads((folder / "gold.json").read_text(encoding="utf-8"))
    groups = []
    for query in sorted(gold_file):
        items = sorted((r for r in rows if r["query"] == query), key=lambda r: r["idx"])
        records = []
        for row in items:
            # A search result: the result title, and the page's own title and description.
            meta_title = row.get("meta_title") or ""
            description = row.get("meta_description") or ""
            body = description if meta_title in row["title"] else f"{meta_title}\n{description}"
            record = {"id": str(row["idx"]), "title": row["title"], "text": body}
            if row.get("date"):
                record["date"] = row["date"]
            records.append(record)
        gold: dict[str, dict[str, str]] = {}
        for annotation in ("gold1", "gold2", "gold3"):
            labels = {str(r["idx"]): f"single-{r['idx']}" for r in items}
            seen: set[int] = set()
            for number, cluster in enumerate(gold_file[query][annotation]):
                for idx in cluster:
                    if idx not in seen:  # an item listed twice keeps its first cluster
                        labels[str(idx)] = f"c{number}"
                        seen.add(idx)
            gold[annotation] = labels
        groups.append(Group(f"{query}", records, gold, {r["id"]: query for r in records}))
    return groups


# -- labelled groups for fitting the story model, and the halves cross-validation uses -------

# The sets the story model is fitted on (news-search-msv is research-only and its three
# annotators disagree: scored, never fitted on).
FIT_SETS = ("ecbplus", "newswcl50", "meantime")
HALF_SEED = 20261206


def _unit(name: str, record_id: str, group: Group) -> str:
    """What a half keeps whole: an ECB+ topic (both of its sibling events), a NewsWCL50
    event, a MEANTIME article with its translations."""
    if name == "ecbplus":
        return group.topics[record_id]
    return group.gold["gold"][record_id]


def halves(name: str) -> dict[str, str]:
    """Record id -> "A" or "B": the set's units shuffled with a fixed seed, half to each."""
    import random

    group = load_groups(name)[0]
    units = sorted({_unit(name, r["id"], group) for r in group.records})
    random.Random(HALF_SEED).shuffle(units)
    side = {unit: "A" if i < (len(units) + 1) // 2 else "B" for i, unit in enumerate(units)}
    return {r["id"]: side[_unit(name, r["id"], group)] for r in group.records}


def labelled(name: str, half: str | None = None) -> list[LabelledGroup]:
    """The set as ``LabelledGroup``s for ``stories.fit_training`` (one half, or all)."""
    from tidings.stories.fit_training import LabelledGroup
    from tidings.stories.stream import story_doc_from_record

    side = halves(name) if half is not None and name in FIT_SETS else {}
    out = []
    for group in load_groups(name):
        gold = group.gold[next(iter(group.gold))]
        records = [r for r in group.records if half is None or side.get(r["id"]) == half]
        docs = tuple(story_doc_from_record(r) for r in records)
        out.append(LabelledGroup(name, docs, tuple(gold[r["id"]] for r in records)))
    return out
