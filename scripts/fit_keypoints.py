"""Refit the key-point scorer's weights from articles with extractive summaries.

Each file is JSON lines with ``id``, ``title``, ``text`` and ``summary_spans`` (the
``[start, end)`` spans of ``text`` that the summary copies; optionally ``category``), as in
keypoints-dev. The procedure is the one the eval cross-validates
(``tidings.ai.keypoints_fit``); the same files give the same weights. The shipped weights
(src/tidings/ai/keypoint_model.json, docs/ai.md "Key points") came from:

    python scripts/fit_keypoints.py ../shared/data/keypoints-dev/bbc-summary.jsonl
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from datetime import UTC, datetime
from pathlib import Path

import sklearn

from tidings.ai.keypoint_model import MODEL_FILE
from tidings.ai.keypoints_fit import LabelledArticle, fit_model, read_labelled

LICENCE = (
    "fitted on BBC News Summary (Kaggle pariza/bbc-news-summary over the BBC News dataset "
    "of Greene and Cunningham, ICML 2006): non-commercial and research use only, article "
    "copyright the BBC; these numbers hold no article text"
)


def main(argv: list[str] | None = None) -> int:
    """Read, fit, write; print what the weights were fitted on."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="+", type=Path, help="labelled JSON lines files")
    parser.add_argument("--out", type=Path, default=MODEL_FILE, help="weights file to write")
    parser.add_argument("--licence", default=LICENCE, help="what the data's licences allow")
    args = parser.parse_args(argv)
    articles: list[LabelledArticle] = []
    try:
        for path in args.files:
            articles.extend(read_labelled(path))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    about = {
        "fitted": datetime.now(UTC).date().isoformat(),
        "files": [
            {"file": p.name, "sha256": hashlib.sha256(p.read_bytes()).hexdigest()}
            for p in args.files
        ],
        "sklearn": sklearn.__version__,
        "licence": args.licence,
        "refit": "python scripts/fit_keypoints.py " + " ".join(p.name for p in args.files),
    }
    model = fit_model(articles, fitted_on=about)
    args.out.write_text(model.to_json() + "\n", encoding="utf-8")
    print(json.dumps(model.fitted_on, indent=1))
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
