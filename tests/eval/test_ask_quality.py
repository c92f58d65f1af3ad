"""Ask quality gate: answers to questions about real news, cross-validated by article.

The question set, tests/eval/data/questions.jsonl (format in ``tidings.ai.ask_questions``),
holds annotations only; the articles are read from ../shared/data at run time and never
copied here. It was written for issue 16 by one of us reading each article whole and then
asking what a reader might: 395 questions over 128 articles, two to four per article. The
articles: every ninth row of keypoints-dev/bbc-summary.jsonl (rows 0, 9, ... 1107; row 433
for 432, which repeats row 288, and without 828, which repeats 819, and 576, a page of
quotes): 122 BBC News articles; and six news pages of extraction-dev (Assange, Emirates,
Hitler's birthplace, a threat to a congresswoman, a virus death, and one German article on
electronic patient records). For each answerable question we marked the one sentence that
answers it; a question two sentences answer equally was not kept. 126 (32%) ask what the
article does not say, on its topic ("How much did the lifts cost to install?" of a story
on their speed). Kinds, as the writer saw them: how much 80, how many 69, when 67, who 54,
how long 46, why 32, where 27, what 20; 13 questions are German, the rest English. Rows
are only ever appended, so earlier figures stay comparable.

Protocol (``tidings.ai.ask_fit``): two halves by article; each half is answered by the
weights fitted on the other (sentence model, answer model and threshold all chosen there);
both halves are printed, for words alone and with embeddings, beside the naive baseline
(the sentence with the most words in common with the question; "does not say" when none
shares one). Answer-sentence accuracy: the first cited sentence is the marked one, over
answerable questions. No-answer precision: of the "does not say" replies, the share to
questions the article does not answer.

Measured 2026-12-07 (docs/ai.md), halves 1 and 2, after the second cue fixes ("due, in
part, to" is a reason, "as a" a role and no reason, phrasal verbs read as one verb: "broke
up" as "split"), weights refitted: with embeddings, accuracy 0.839 and 0.818, no-answer
precision 0.933 and 0.933 (recall 0.222 and 0.222); words alone 0.818 and 0.773, precision
1.000 and 0.857 (recall 0.095 and 0.190); the naive baseline 0.555 and 0.500.
Before them, after the first cue fixes (an age is no duration, ordinals count, "due to
open" and "since 1997" give no reason, irregular verbs at their base form, first-person
speech is a quote, "won't" is no "won", a name's initials match it): with embeddings 0.839
and 0.795, precision 0.933 and 0.933; words alone 0.810 and 0.750, precision 1.000 and
0.857. Before those, on the same install's vectors: with embeddings 0.818 and 0.765,
precision 0.941 and 0.933; words alone 0.781 and 0.727, precision 0.909 and 0.812 (the
figures first recorded for that code, 0.810 and 0.758, came from another install's vectors).
Earlier, before the features ``near`` and ``cause``: with embeddings 0.810 and 0.750;
the scorer before issue 16, 0.613 and 0.568 with embeddings, precision 0.70 and 0.55.
Issue 16's targets (0.80 and 0.90) are printed beside them; with embeddings both halves
now reach both (words alone, half 1 only). The floors below are pinned a little under what
we measured, so the gate fails on a regression. Raise them when quality improves; never
lower them to pass.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from tests.conftest import SHARED_DATA
from tests.eval.gate import need_data
from tidings.ai.ask_fit import (
    Item,
    Reply,
    Scores,
    cross_validate,
    fit_weights,
    halves,
    naive_replies,
    tally,
)
from tidings.ai.ask_model import EMBEDDED, LEXICAL, load_weights
from tidings.ai.ask_questions import KINDS, fit_items, read_questions
from tidings.enrich.embeddings import Embedder

pytestmark = pytest.mark.eval

QUESTIONS = Path(__file__).parent / "data" / "questions.jsonl"
TARGETS = {"accuracy": 0.80, "no-answer precision": 0.90}  # issue 16
FLOORS = {
    (EMBEDDED, "accuracy"): 0.79,
    (EMBEDDED, "no-answer precision"): 0.90,
    (LEXICAL, "accuracy"): 0.75,
    (LEXICAL, "no-answer precision"): 0.78,
}
# The baseline must stay this far below us: a gate that a word count passes holds nothing.
LEAD_OVER_BASELINE = 0.15


@pytest.fixture(scope="module")
def items() -> list[Item]:
    questions = read_questions(QUESTIONS)
    need_data(
        all((SHARED_DATA / q.dataset).is_file() for q in questions),
        "keypoints-dev and extraction-dev",
    )
    return fit_items(questions, SHARED_DATA, Embedder().embed)


def test_the_question_set_is_big_varied_and_a_fifth_unanswerable() -> None:
    questions = read_questions(QUESTIONS)
    kinds = Counter(q.kind for q in questions)
    articles = {(q.dataset, q.article_id) for q in questions}
    unanswerable = sum(q.answer is None for q in questions)
    assert len(questions) >= 240 and len(articles) >= 100
    assert unanswerable >= max(50, len(questions) // 5)
    assert set(kinds) == set(KINDS) and min(kinds.values()) >= 20
    assert len({q.id for q in questions}) == len(questions)
    assert len({(q.article_id, q.question) for q in questions}) == len(questions)


def _line(name: str, scores: Scores) -> str:
    return (
        f"| {name} | {scores.accuracy:.3f} | {scores.no_answer_precision:.3f} "
        f"| {scores.no_answer_recall:.3f} | {scores.said_none} "
        f"| {scores.answerable} + {scores.unanswerable} |"
    )


def _by_kind(found: list[Reply]) -> str:
    parts = []
    for kind in KINDS:
        scores = tally([r for r in found if r.item.kind == kind])
        parts.append(f"{kind} {scores.accuracy:.2f} (of {scores.answerable})")
    return ", ".join(parts)


def test_cross_validated_answers_beat_the_baseline_and_hold_the_floors(
    items: list[Item],
) -> None:
    one, two = halves(items)
    print("\n\nAsk on our question set, each half answered by weights fitted on the other")
    print(
        f"(targets: accuracy {TARGETS['accuracy']}, no-answer precision "
        f"{TARGETS['no-answer precision']})\n"
    )
    print(
        "| method | accuracy | no-answer precision | no-answer recall | "
        "'does not say' | questions |\n|---|---:|---:|---:|---:|---|"
    )
    baseline = [tally(naive_replies(one)), tally(naive_replies(two))]
    for number, scores in enumerate(baseline, 1):
        print(_line(f"naive baseline, half {number}", scores))
    for method in (LEXICAL, EMBEDDED):
        first, second = cross_validate(items, method)
        for number, found in enumerate((first, second), 1):
            scores = tally(found)
            print(_line(f"{method}, half {number}", scores))
            assert scores.accuracy >= FLOORS[(method, "accuracy")], (method, number)
            assert scores.accuracy >= baseline[number - 1].accuracy + LEAD_OVER_BASELINE
            assert scores.no_answer_precision >= FLOORS[(method, "no-answer precision")]
            assert scores.said_none >= 1, "a gate on precision needs some 'does not say'"
        print(f"  {method} accuracy by kind: {_by_kind(first + second)}")


def test_the_shipped_weights_are_a_refit_of_this_set(items: list[Item]) -> None:
    shipped = load_weights().to_json()
    refit = fit_weights(items, shipped["source"]).to_json()
    for method in (LEXICAL, EMBEDDED):
        for part in ("sentence", "answer"):
            assert shipped[method][part] == pytest.approx(refit[method][part], abs=1e-3)
        assert shipped[method]["threshold"] == pytest.approx(refit[method]["threshold"], abs=1e-3)
    assert json.loads(json.dumps(shipped)) == shipped
