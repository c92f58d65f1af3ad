"""Issue 16's cue fixes in the ask scorer: an age is no span of time, ordinals count,
"due to open" is a schedule and "since 1997" a time (neither a reason), question words
with a longer noun phrase still name their kind, irregular verbs match their base form,
speech in the first person is a quote, "won't" is no "won", and "UKIF" is the "UK Internet
Forum" the question names; then "due, in part, to" is a reason, "as a" a role (not a
reason), and a phrasal verb ("break up") the one verb it means ("split")."""

from __future__ import annotations

from tidings.ai.ask import passages_of, question_candidates
from tidings.ai.ask_features import SENTENCE_FEATURES
from tidings.ai.ask_kinds import carries, names_cause, pinpoints, question_kind, value_spans
from tidings.ai.ask_lemmas import base_forms, single_verbs
from tidings.ai.sentences import sentence_terms


def _column(question: str, text: str, feature: str) -> list[float]:
    """One feature of every sentence of ``text`` for ``question``."""
    rows = question_candidates(question, passages_of("a", text), "en").sentences
    return [float(v) for v in rows[:, SENTENCE_FEATURES.index(feature)]]


def test_an_age_is_no_duration() -> None:
    asked = "How long does the festival run?"
    for sentence in (
        "The 58-year-old singer told the newspaper about the festival.",
        "The boy, two years old, was found safe by the police.",
    ):
        assert not carries("how long", sentence, asked), sentence
        assert not pinpoints("how long", sentence, asked), sentence
    assert carries("how long", "She is directing 15 days of concerts.", asked)
    assert carries("how long", "The awards, which started 18 years ago, honour soul.", asked)
    assert carries("how long", "He spied for four years before he was caught.", asked)


def test_an_ordinal_is_a_count() -> None:
    sentence = "Growth marked the 50th consecutive quarter of expansion."
    spans = value_spans("how many", sentence, "For how many quarters has it grown?")
    assert [sentence[s:e] for s, e in spans] == ["50th"]


def test_a_schedule_or_a_time_is_no_reason() -> None:
    asked = "Why was the play banned?"
    for sentence in (
        "The play, due to open in the capital this weekend, was banned.",
        "He is due to be sentenced next month by the court.",
        "Optimism is at its highest since 1997, say researchers.",
        "The other agencies have long since upgraded their rating.",
    ):
        assert not carries("why", sentence, asked), sentence
        assert not names_cause(sentence, asked), sentence
    assert names_cause("The delay was due to the storm over the port.", asked)
    assert names_cause("The flight was cancelled due to illness among the crew.", asked)
    assert carries("why", "They left early since it was raining hard.", asked)


def test_a_longer_noun_phrase_after_which_still_asks_who_or_how_much() -> None:
    assert question_kind("Which future Russian leader trained with him?") == "who"
    assert question_kind("What are interest rates at the moment?") == "how much"
    assert question_kind("What is the UK's trade gap with China?") == "how much"


def test_irregular_verbs_match_their_base_form() -> None:
    assert base_forms(sentence_terms("paid rose won sold", "en"), "en") == sentence_terms(
        "pay rise win sell", "en"
    )
    # Other languages are left as the stemmer gives them.
    assert base_forms(["paid"], "de") == ["paid"]
    coverage = _column(
        "How much did the company pay for the site?",
        "The company paid £3m for the site in the north of the city last year. "
        "The company will open the site in the north of the city next year.",
        "coverage",
    )
    assert coverage[0] > coverage[1]


def test_speech_in_the_first_person_counts_as_a_quote() -> None:
    quote = _column(
        "When will the bridge reopen?",
        "The bridge has stood for ninety years and I intend it to stand for ninety more. "
        "We will reopen the bridge in the spring, the trust said on Monday. "
        "The trust will reopen the bridge in the spring, officials in the US said.",
        "quote",
    )
    assert quote == [1.0, 1.0, 0.0]


def test_a_negated_contraction_leaves_no_stump_to_match() -> None:
    coverage = _column(
        "Who won the football match?",
        "If they cannot walk over the bridge, they won't come to the market. "
        "The club won the football match on Saturday in front of a big crowd.",
        "coverage",
    )
    assert coverage[0] == 0.0 < coverage[1]


def test_initials_of_a_name_in_the_question_match_the_name() -> None:
    coverage = _column(
        "Who is the director of the UK Internet Forum?",
        "Fake sites will get easier to make, says Stephen Dyer, director of UKIF. "
        "The director of the new film says it will open in the spring.",
        "coverage",
    )
    assert coverage[0] > coverage[1]


def test_an_adverb_inside_due_to_still_gives_a_reason() -> None:
    asked = "Why did the index rise?"
    for sentence in (
        "The rise is due, in part, to an increase in public spending.",
        "Sales fell this winter, due largely to the mild weather.",
        "The fall was due in large part to weaker demand from abroad.",
    ):
        assert carries("why", sentence, asked), sentence
        assert names_cause(sentence, asked), sentence
    # A schedule with words between is still no reason.
    assert not carries("why", "He is due in court on Monday to face the charges.", asked)


def test_as_a_names_a_role_not_a_reason() -> None:
    asked = "Why did the coach bring in the adviser?"
    for sentence in (
        "The former spin doctor will act as a media consultant to the tour.",
        "Some economists classify the fall in output as a recession.",
    ):
        assert not carries("why", sentence, asked), sentence
    assert carries("why", "He can only play for England as he toured with them.", asked)
    assert carries("why", "Shares fell as the economy slowed in the spring.", asked)


def test_phrasal_verbs_match_the_one_verb_they_mean() -> None:
    assert single_verbs("When did the couple break up?", "en") == "When did the couple split?"
    assert single_verbs("Rates could go up; they went up.", "en") == "Rates could rise; they rise."
    assert single_verbs("He was pulling out of the race", "en") == "He was withdraw of the race"
    # Other languages are left as they are.
    assert single_verbs("Sie gehen up", "de") == "Sie gehen up"
    coverage = _column(
        "When did the couple break up?",
        "When they split in December, the singer said nothing of the deal. "
        "The band played the songs of the singer in the north of the city.",
        "coverage",
    )
    assert coverage[0] > coverage[1]
    coverage = _column(
        "Why did the pair pull out of the Olympics?",
        "They withdrew from the Olympics after missing a drugs test in August. "
        "The Olympics opened in the city in the north of the country in August.",
        "coverage",
    )
    assert coverage[0] > coverage[1]
