"""Render a fixed set of pages in-process with a fixed clock into a folder, to compare two
code trees byte for byte (a change meant to make pages cheaper must not change them).

    PYTHONPATH=<tree>/src .venv/bin/python scripts/page_snapshots.py STORE OUT

``STORE`` is a bench store's data folder (``benchmarks/serving_store.py``, SQLite); the AI
outputs stored after its build are dropped first, so both trees start alike. Then
``diff -r OUT_BEFORE OUT_AFTER``. Pages: home in every UI language, one language's list,
latest in two languages, sources, 150 article pages in three languages, 20 story pages
and three searches.
"""

from __future__ import annotations

import random
import sqlite3
import sys
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main(store: Path, out: Path) -> None:
    from benchmarks.serving_store import forget_new_ai_outputs
    from starlette.testclient import TestClient

    from tidings.config import Settings
    from tidings.web.app import create_app

    out.mkdir(parents=True, exist_ok=True)
    forget_new_ai_outputs(store)
    made = datetime.fromisoformat((store / "complete").read_text().strip()).replace(tzinfo=UTC)
    with sqlite3.connect(store / "tidings.db") as db:
        ids = [r[0] for r in db.execute("SELECT id FROM articles ORDER BY id")]
        stories = [
            r[0]
            for r in db.execute(
                "SELECT id FROM stories WHERE article_count > 2 ORDER BY id LIMIT 20"
            )
        ]
    pick = random.Random(3).sample(ids, 150)
    paths = ["/en/", "/de/", "/fr/", "/es/", "/en/?language=en", "/en/latest", "/de/latest"]
    paths += ["/en/sources"]
    paths += [
        f"/{random.Random(i).choice(['en', 'de', 'fr'])}/article/{a}" for i, a in enumerate(pick)
    ]
    paths += [f"/en/story/{s}" for s in stories]
    paths += ["/en/search?q=council", "/en/search?q=water+plan", "/fr/search?q=the"]
    settings = Settings(data_dir=store, page_cache_seconds=0, starter_sources=False)
    with TestClient(create_app(settings, clock=lambda: made)) as client:
        for n, path in enumerate(paths):
            page = client.get(path, headers={"accept-encoding": "identity"})
            (out / f"{n:03d}.html").write_bytes(
                f"{path} {page.status_code}\n".encode() + page.content
            )
    print(f"{len(paths)} pages in {out}")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    main(Path(sys.argv[1]), Path(sys.argv[2]))
