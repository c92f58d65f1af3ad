"""Extraction speed: ``extract_article`` against bare ``trafilatura.extract`` on the same pages.

Both get the same input, page text decoded once by our charset rules, in the same run.
Each system reads the whole set ``ROUNDS`` times, the two taking turns, and the fastest
round counts (the least disturbed by whatever else the machine does). Issue #3 asks for
a ratio (tidings / trafilatura, in pages/s) of at least 0.8.

    .venv/bin/python benchmarks/extraction_speed.py

runs it on ../shared/data/extraction-dev and extraction-msv-dev, and skips (exit 0) when
that data is not here.
"""

from __future__ import annotations

import gzip
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

import trafilatura

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from tidings.errors import ExtractionError  # noqa: E402
from tidings.extract import extract_article  # noqa: E402
from tidings.text.charset import decode_html  # noqa: E402

SHARED_DATA = ROOT.parent / "shared" / "data"
SETS = ("extraction-dev", "extraction-msv-dev")
ROUNDS = 3


def compare(pages: list[tuple[str, str]], *, rounds: int = ROUNDS) -> dict[str, float]:
    """Pages per second for Tidings and for bare trafilatura, and their ratio."""
    if not pages:
        raise ValueError("no pages to time")
    best = {"tidings": float("inf"), "trafilatura": float("inf")}
    for _ in range(rounds):
        best["trafilatura"] = min(best["trafilatura"], _seconds(_trafilatura, pages))
        best["tidings"] = min(best["tidings"], _seconds(_tidings, pages))
    tidings, baseline = len(pages) / best["tidings"], len(pages) / best["trafilatura"]
    return {"tidings": tidings, "trafilatura": baseline, "ratio": tidings / baseline}


def load_pages(folder: Path) -> list[tuple[str, str]]:
    """(html, url) for each page of an evaluation set, decoded by the page's own charset."""
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for page_id in (folder / "ids.txt").read_text(encoding="utf-8").split():
        raw = gzip.decompress((folder / "html" / f"{page_id}.html.gz").read_bytes())
        url = truth[page_id].get("url") or f"https://example.invalid/{page_id}"
        pages.append((decode_html(raw), url))
    return pages


def _seconds(extract: Callable[[str, str], object], pages: list[tuple[str, str]]) -> float:
    start = time.perf_counter()
    for html, url in pages:
        extract(html, url)
    return time.perf_counter() - start


def _tidings(html: str, url: str) -> object:
    try:
        return extract_article(html, url)
    except ExtractionError:  # refusing a page is an answer too, and costs the same work
        return None


def _trafilatura(html: str, url: str) -> object:
    return trafilatura.extract(html, url=url)


def main() -> int:
    folders = [SHARED_DATA / name for name in SETS if (SHARED_DATA / name / "ids.txt").exists()]
    if not folders:
        print(f"skipped: no extraction sets under {SHARED_DATA}")
        return 0
    rows = []
    everything: list[tuple[str, str]] = []
    for folder in folders:
        pages = load_pages(folder)
        everything += pages
        rows.append((folder.name, len(pages), compare(pages)))
    if len(folders) > 1:
        rows.append(("all", len(everything), compare(everything)))
    print("| set | pages | tidings pages/s | trafilatura pages/s | ratio |")
    print("|---|---:|---:|---:|---:|")
    for name, count, result in rows:
        print(
            f"| {name} | {count} | {result['tidings']:.1f} | {result['trafilatura']:.1f} "
            f"| {result['ratio']:.2f} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
