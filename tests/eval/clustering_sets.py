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
from typing import Any

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
