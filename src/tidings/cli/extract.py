"""``tidings extract``: run the ingest extraction stage on saved pages, print JSON lines."""

from __future__ import annotations

import gzip
import json
import sys
from dataclasses import asdict
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from tidings.errors import TidingsError
from tidings.models import ExtractedArticle, Image
from tidings.pipeline import extract_page


def _read(path: Path) -> bytes:
    data = path.read_bytes()
    return gzip.decompress(data) if path.suffix == ".gz" or data[:2] == b"\x1f\x8b" else data


def _image(image: Image | None) -> dict[str, Any] | None:
    return None if image is None else {k: v for k, v in asdict(image).items() if v is not None}


def _time(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def page_record(file: str, url: str, article: ExtractedArticle) -> dict[str, Any]:
    """The JSON object printed for one page."""
    return {
        "file": file,
        "url": url,
        "title": article.title,
        "text": article.text,
        "html": article.html,
        "authors": list(article.authors),
        "published": _time(article.published),
        "modified": _time(article.modified),
        "language": article.language,
        "article_type": article.article_type,
        "section": article.section,
        "keywords": list(article.keywords),
        "description": article.description,
        "canonical_url": article.canonical_url,
        "lead_image": _image(article.lead_image),
        "figures": [_image(f) for f in article.figures],
    }


def _jobs(files: list[Path], url: str | None, manifest: Path | None) -> list[tuple[Path, str]]:
    jobs: list[tuple[Path, str]] = []
    if manifest is not None:
        for number, line in enumerate(manifest.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
                path = Path(entry["file"])
                if not path.is_absolute():
                    path = manifest.parent / path
                jobs.append((path, str(entry["url"])))
            except (json.JSONDecodeError, KeyError, TypeError) as exc:
                raise typer.BadParameter(
                    f"{manifest}:{number}: want {{'file': …, 'url': …}}: {exc}"
                ) from exc
    jobs += [(path, url or path.resolve().as_uri()) for path in files]
    return jobs


def extract(
    files: Annotated[list[Path] | None, typer.Argument(help=".html or .html.gz files.")] = None,
    url: Annotated[
        str | None, typer.Option(help="The page's original URL (for relative links).")
    ] = None,
    manifest: Annotated[
        Path | None,
        typer.Option(help='JSON lines of {"file": path, "url": original URL}.', exists=True),
    ] = None,
) -> None:
    """Extract articles from saved pages; one JSON object per line on stdout."""
    jobs = _jobs(list(files or []), url, manifest)
    if not jobs:
        raise typer.BadParameter("give FILE… or --manifest FILE.jsonl")
    failures = 0
    for path, page_url in jobs:
        try:
            record = page_record(str(path), page_url, extract_page(_read(path), page_url))
        except (OSError, TidingsError) as exc:
            failures += 1
            record = {"file": str(path), "url": page_url, "error": str(exc)}
        sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
    if failures:
        Console(stderr=True).print(f"[yellow]{failures} of {len(jobs)} pages failed[/yellow]")
        raise typer.Exit(1)
