"""Refit the ask scorer's weights (src/tidings/ai/ask_weights.json) from a question set.

The procedure is the one the eval cross-validates (``tidings.ai.ask_fit``): conditional
logit sentence models with C chosen by an inner cross-validation, calibrated; answer models;
thresholds. The articles the questions name are read from the data folder; the sentence
embeddings are the packaged model's (all-MiniLM-L6-v2). Given the same set and data, a
refit gives the same weights.

The shipped weights came from:

    .venv/bin/python scripts/fit_ask.py tests/eval/data/questions.jsonl ../shared/data
"""

from __future__ import annotations

import argparse
import hashlib
import json
from pathlib import Path

from tidings.ai.ask_fit import fit_weights
from tidings.ai.ask_model import WEIGHTS_FILE
from tidings.ai.ask_questions import fit_items, read_questions
from tidings.enrich.embeddings import Embedder


def main(argv: list[str] | None = None) -> int:
    """Read, embed, fit, write; print the thresholds chosen."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("questions", type=Path, help="question set (JSON lines)")
    parser.add_argument("data", type=Path, help="the folder the questions' datasets are in")
    parser.add_argument("--out", type=Path, default=WEIGHTS_FILE, help="weights file to write")
    args = parser.parse_args(argv)
    questions = read_questions(args.questions)
    items = fit_items(questions, args.data, Embedder().embed)
    digest = hashlib.sha256(args.questions.read_bytes()).hexdigest()[:16]
    answerable = sum(q.answer is not None for q in questions)
    source = (
        f"{args.questions.name} (sha256 {digest}): {len(questions)} questions, "
        f"{answerable} answerable, over {len({i.group for i in items})} articles"
    )
    weights = fit_weights(items, source)
    args.out.write_text(json.dumps(weights.to_json(), indent=2) + "\n", encoding="utf-8")
    print(f"{args.out}: {source}")
    print(
        f"thresholds: words {weights.words.threshold:.3f}, "
        f"embeddings {weights.embeddings.threshold:.3f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
