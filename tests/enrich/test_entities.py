"""Names, numbers and dates found by rule."""

from __future__ import annotations

from tidings.enrich.entities import extract_mentions


def test_names_join_particles_and_initials_and_drop_sentence_starts() -> None:
    mentions = extract_mentions(
        "Police said Tara Reid entered the Promises Treatment Center in Malibu. "
        "Four armed men robbed the Bank of England, the U. S. Marshals said. "
        "Reid, 33, declined to comment."
    )
    assert "Tara Reid" in mentions.names
    assert "Promises Treatment Center" in mentions.names
    assert "Bank of England" in mentions.names
    assert "U S Marshals" in mentions.names
    assert "Reid" in mentions.names  # a sentence's first word, confirmed by running text
    assert not {"Police", "Four"} & set(mentions.names)
    assert mentions.numbers == ("33",)


def test_title_case_headline_words_used_in_lower_case_are_not_names() -> None:
    mentions = extract_mentions(
        "Strong Earthquake Shakes Kaikoura Coast\nThe earthquake shook the coast near Kaikoura."
    )
    assert "Kaikoura" in " ".join(mentions.names)
    assert not any("Earthquake" in name or "Coast" in name for name in mentions.names)


def test_dates_in_several_forms_and_years() -> None:
    mentions = extract_mentions(
        "Updated November 30, 2009. It happened on Nov. 30 and again on 3 December 2009, "
        "then on 12/07/09 and 2009-12-08; the law dates from 1998. In May he left."
    )
    assert mentions.dates == (
        "2009-11-30",
        "11-30",
        "2009-12-03",
        "2009-12-07",
        "2009-12-08",
        "1998",
    )
    assert "May" not in mentions.names


def test_numbers_keep_decimals_and_amounts_but_not_small_counts_or_times() -> None:
    mentions = extract_mentions(
        "A 6.1 magnitude quake at 9:36 killed 12 people and 3 dogs; $30,000 was raised."
    )
    assert mentions.numbers == ("6.1", "12", "30000")


def test_features_are_comparable_keys() -> None:
    features = extract_mentions(
        "Tara Reid arrived on November 30, 2009 with 6.1 percent."
    ).features()
    assert features["tara"] == 1 and features["reid"] == 1
    assert features["#6.1"] == 1
    assert features["@11-30"] == 1 and features["@2009"] == 1


def test_empty_text_has_no_mentions() -> None:
    mentions = extract_mentions("")
    assert mentions.names == mentions.numbers == mentions.dates == ()
    assert not mentions.features()


def test_an_english_text_is_read_once_with_or_without_its_language() -> None:
    # The story stage reads an article's mentions with its language to cluster it, and
    # again without one for its hashtags; English reads as no language does.
    text = "Tara Reid of Calder Bridge said on 4 March 2031 that 2,500 homes were hit."
    assert extract_mentions(text, "en-GB") is extract_mentions(text)
    assert extract_mentions(text, "EN") is extract_mentions(text, "sw")


def test_languages_with_their_own_conventions_are_read_apart() -> None:
    text = "Am 4. März 2031 waren 2,500 Haushalte betroffen, sagte Tara Reid."
    german, plain = extract_mentions(text, "de"), extract_mentions(text)
    assert german is not plain
    assert "@03-04" in german.features() and "#2.5" in german.features()
    assert "@03-04" not in plain.features() and "#2500" in plain.features()
