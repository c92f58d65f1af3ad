"""Load the extraction evaluation sets from ../shared/data and run our extractor on them."""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import SHARED_DATA
from tidings.errors import ExtractionError
from tidings.extract import extract_article


@dataclass(frozen=True)
class ExtractionSet:
    name: str
    folder: Path
    gold: dict[str, str]
    urls: dict[str, str]
    headline_in_gold: bool  # extraction-msv-dev's gold text starts with the headline

    def page(self, page_id: str) -> bytes:
        return gzip.decompress((self.folder / "html" / f"{page_id}.html.gz").read_bytes())

    def baselines(self) -> dict[str, dict[str, str]]:
        outputs = {}
        for path in sorted((self.folder / "baseline-outputs").glob("*.json")):
            data = json.loads(path.read_text(encoding="utf-8"))["output"]
            outputs[path.stem] = {k: v.get("articleBody") or "" for k, v in data.items()}
        return outputs


def load_set(name: str, *, headline_in_gold: bool) -> ExtractionSet | None:
    folder = SHARED_DATA / name
    if not (folder / "ground-truth.json").exists():
        return None
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    ids = (folder / "ids.txt").read_text(encoding="utf-8").split()
    return ExtractionSet(
        name=name,
        folder=folder,
        gold={i: truth[i]["articleBody"] for i in ids},
        urls={i: truth[i].get("url") or f"https://example.invalid/{i}" for i in ids},
        headline_in_gold=headline_in_gold,
    )


def run_extractor(dataset: ExtractionSet) -> dict[str, str]:
    """Our text per page (empty when extraction refuses the page)."""
    texts: dict[str, str] = {}
    for page_id in dataset.gold:
        try:
            article = extract_article(dataset.page(page_id), dataset.urls[page_id])
        except ExtractionError:
            texts[page_id] = ""
            continue
        text = article.text
        if dataset.headline_in_gold and article.title:
            text = f"{article.title}\n\n{text}"
        texts[page_id] = text
    return texts
