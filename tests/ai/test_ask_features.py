"""What issue 16's last accuracy step added to the ask scorer: a value next to the
question's words counts (``near``), a cause named outright is told from a mere sequence
(``cause``), and a duration counted with an ordinal is one."""

from __future__ import annotations

from tidings.ai.ask import passages_of, question_candidates
from tidings.ai.ask_features import SENTENCE_FEATURES, Matrix
from tidings.ai.ask_kinds import carries, names_cause, value_spans


def _features(question: str, text: str) -> Matrix:
    return question_candidates(question, passages_of("a", text), "en").sentences


def _column(name: str) -> int:
    return SENTENCE_FEATURES.index(name)


def test_a_value_next_to_the_question_words_counts_as_near() -> None:
    text = (
        "The club will build a new 60,000-seat stadium in the park by 2007. "
        "Three seats on the board went to fans, and 40 people attended the stadium meeting."
    )
    rows = _features("How many seats will the new stadium hold?", text)
    near = rows[:, _column("near")]
    assert near[0] > near[1] > 0.0
    # Only questions that ask for a value read it.
    assert not _features("Who will build the new stadium?", text)[:, _column("near")].any()


def test_value_spans_point_at_the_fresh_values() -> None:
    sentence = "The outbreak has resulted in 10 human cases since 2019."
    spans = value_spans("how many", sentence, "How many people have caught the virus?")
    assert [sentence[s:e] for s, e in spans] == ["10"]  # a year is not a count
    assert value_spans("who", sentence, "Who caught the virus?") == []


def test_a_cause_named_outright_is_told_from_a_mere_sequence() -> None:
    asked = "Why did the optimism index rise?"
    assert names_cause("The rise is due, in part, to an increase in public spending.", asked)
    assert names_cause("The fall was driven by oil and gas extraction.", asked)
    assert not names_cause("The index rose after the election.", asked)
    text = (
        "The optimism index rose sharply after the election in the spring. "
        "The rise is due, in part, to an increase in public spending and mergers."
    )
    cause = _features(asked, text)[:, _column("cause")]
    assert cause.tolist() == [0.0, 1.0]
    # Only "why" questions read it.
    assert not _features("When did the index rise?", text)[:, _column("cause")].any()


def test_a_duration_counted_with_an_ordinal_answers_how_long() -> None:
    asked = "How long has he been refusing food?"
    assert carries("how long", "He is entering the seventh week of a hunger strike.", asked)
    assert carries(
        "how long", "Er ist in der dritten Woche des Hungerstreiks.", "Wie lange streikt er?"
    )
    assert not carries("how long", "He was the seventh speaker of the day.", asked)
