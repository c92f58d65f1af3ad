"""Load the extraction evaluation sets from ../shared/data, split them for cross-validation
and run our extractor on them."""

from __future__ import annotations

import gzip
import hashlib
import json
import random
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from tests.conftest import SHARED_DATA
from tidings.errors import ExtractionError
from tidings.extract import extract_article
from tidings.extract.params import ExtractionParams

SET_NAMES = ("extraction-dev", "extraction-msv-dev")
# The cross-validation split's seed; changing it changes the halves every figure is on.
CV_SEED = 14


@dataclass(frozen=True)
class ExtractionSet:
    name: str
    folder: Path
    gold: dict[str, str]
    urls: dict[str, str]
    groups: dict[str, str]  # page id -> site, query or web domain: the unit of the CV split
    headline_in_gold: bool  # extraction-msv-dev's gold text starts with the headline

    def page(self, page_id: str) -> bytes:
        return gzip.decompress((self.folder / "html" / f"{page_id}.html.gz").read_bytes())

    def baselines(self) -> dict[str, dict[str, str]]:
        outputs = {}
        for path in sorted((self.folder / "baseline-outputs").glob("*.json")):
            data = json.loads(path.read_text(encoding="utf-8"))["output"]
            outputs[path.stem] = {k: v.get("articleBody") or "" for k, v in data.items()}
        return outputs

    def subset(self, ids: Iterable[str]) -> dict[str, str]:
        """The gold texts of these pages."""
        return {page_id: self.gold[page_id] for page_id in ids}


def load_set(name: str, *, headline_in_gold: bool) -> ExtractionSet | None:
    folder = SHARED_DATA / name
    if not (folder / "ground-truth.json").exists():
        return None
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    ids = (folder / "ids.txt").read_text(encoding="utf-8").split()
    urls = {i: truth[i].get("url") or f"https://example.invalid/{i}" for i in ids}
    return ExtractionSet(
        name=name,
        folder=folder,
        gold={i: truth[i]["articleBody"] for i in ids},
        urls=urls,
        groups={i: _group(truth[i], urls[i]) for i in ids},
        headline_in_gold=headline_in_gold,
    )


def _group(entry: dict[str, str], url: str) -> str:
    """extraction-msv-dev names each page's site or query; extraction-dev has only its URL."""
    group = entry.get("site") or entry.get("query")
    if group:
        return group
    host = urlsplit(url).hostname or url
    return host.removeprefix("www.")


def cv_halves(dataset: ExtractionSet, seed: int = CV_SEED) -> tuple[list[str], list[str]]:
    """Two halves of the set's pages, whole groups to a side, by a seeded shuffle of groups.

    A site (or query) never has pages on both sides, so what one half is fitted on the
    other has not seen. Groups go, in shuffled order, to the half with fewer pages so far.
    """
    sizes: dict[str, int] = {}
    for group in dataset.groups.values():
        sizes[group] = sizes.get(group, 0) + 1
    groups = sorted(sizes)
    random.Random(f"{dataset.name}:{seed}").shuffle(groups)
    first: set[str] = set()
    counts = [0, 0]
    for group in groups:
        side = 0 if counts[0] <= counts[1] else 1
        counts[side] += sizes[group]
        if side == 0:
            first.add(group)
    half_a = [i for i in dataset.gold if dataset.groups[i] in first]
    half_b = [i for i in dataset.gold if dataset.groups[i] not in first]
    return half_a, half_b


def halves_digest(halves: tuple[list[str], list[str]]) -> str:
    """A short fingerprint of a split, to tell the fit and the gate used the same one."""
    text = "|".join(",".join(sorted(half)) for half in halves)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def run_extractor(
    dataset: ExtractionSet,
    ids: Iterable[str] | None = None,
    params: ExtractionParams | None = None,
) -> dict[str, str]:
    """Our text per page (empty when extraction refuses the page)."""
    texts: dict[str, str] = {}
    for page_id in dataset.gold if ids is None else ids:
        try:
            article = extract_article(dataset.page(page_id), dataset.urls[page_id], params=params)
        except ExtractionError:
            texts[page_id] = ""
            continue
        text = article.text
        if dataset.headline_in_gold and article.title:
            text = f"{article.title}\n\n{text}"
        texts[page_id] = text
    return texts
