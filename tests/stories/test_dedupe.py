"""Near-duplicate detection on texts written for these tests (fictional places and people)."""

from __future__ import annotations

import random
from array import array

import pytest

from tidings.stories import (
    Fingerprint,
    content_hash,
    fingerprint,
    is_near_duplicate,
    normalise_body,
    similarity,
)
from tidings.stories.dedupe import MIN_ALIGNED, MIN_TOKENS, SCHEME, could_be_copies
from tidings.stories.shingles import HASH_MASK, SENTENCE_CAP, sentences, tokens, unpack

WIRE = """\
The regional rail operator in Eastmere said on Tuesday it would order fourteen new \
trains after the closure of the Harrow Bridge left commuters on the northern line \
without a direct service for most of the winter.

Chief executive Marta Olsen told a news conference that the order, worth about 210 \
million crowns, would be signed before the end of the month with a builder chosen \
from three bidders. "We cannot run a modern timetable on carriages that were built \
before most of our passengers were born," she said.

The bridge was closed in November when inspectors found corrosion in two of its \
steel supports. Engineers expect repairs to take at least until the spring, and the \
county has arranged replacement buses that add up to forty minutes to each journey.

Passenger groups welcomed the order but said it did nothing for people stuck on the \
buses now. Lena Vik, who chairs the Northern Line Users' Association, said members \
had reported missed shifts, late school arrivals and buses too full to board.

The operator said the first of the new trains would arrive in about two years and \
that it was also looking at leasing older units from a neighbouring network as a \
stopgap. Talks with that network were at an early stage, a spokesman added.

Opposition councillors have asked for an independent review of how the bridge was \
maintained. The county's transport committee will discuss the request at its next \
meeting, which is open to the public and will be streamed on the council website.

Eastmere's rail network carries roughly 40,000 passengers on a typical weekday, \
according to the operator's most recent annual report, and the northern line \
accounts for about a quarter of those journeys.\
"""

# The same event, reported by another outlet in its own words: names, numbers and the
# chief executive's quote recur, the text does not.
OTHER_OUTLET = """\
Fourteen trains are to be bought by Eastmere's rail company, its boss Marta Olsen \
announced on Tuesday, as the northern line remains cut off by the shut Harrow Bridge.

Ms Olsen put the price at around 210 million crowns and said a builder would be picked \
from the three firms still in the running before the month is out. She argued that the \
current fleet was simply too old: "We cannot run a modern timetable on carriages that \
were built before most of our passengers were born."

For people in the north of the county the announcement changes little this winter. \
Bridge repairs, prompted by rust found in the supports in November, are not due to be \
finished before spring, and the buses laid on in the meantime are slow and crowded.

Lena Vik of the Northern Line Users' Association described the plan as welcome but \
late, and said she would press the company to find extra capacity sooner, perhaps by \
hiring older trains from elsewhere. Councillors from the opposition want an \
independent inquiry into the upkeep of the bridge.\
"""

PARAGRAPHS = WIRE.split("\n\n")


def _trimmed(share: float) -> str:
    keep = max(1, round(len(PARAGRAPHS) * share))
    return "\n\n".join(PARAGRAPHS[:keep])


def test_normalise_unifies_typography_and_case() -> None:
    assert normalise_body("  “Quoted” — it’s   HERE\u00a0now ") == '"quoted" - it\'s here now'
    assert normalise_body("ﬁnal ＡＢＣ") == "final abc"  # NFKC folds ligatures, full width


@pytest.mark.parametrize(
    "line",
    [
        "This story was originally published by the Valley Courier.",
        "This article first appeared on northwire.example.",
        "Copyright 2026 Meridian News Service. All rights reserved.",
        "© 2026 Harbour Gazette",
        "Alle Rechte vorbehalten.",
        "Follow us on Twitter for the latest updates.",
        "Sign up for our morning newsletter.",
        "Reporting by Anna Keller; Editing by Tom Brandt",
        "The Associated Wire contributed to this report.",
        "https://example.org/more",
        "By Anna Keller, Meridian News Service",
        "Editor's note: this report has been updated.",
        "Listen to this article · 4 min",
        "(Reporting by Luis Ortega; Editing by Jane Okafor)",
        "Updated 14:32 GMT, 3 March 2026",
    ],
)
def test_normalise_drops_boilerplate_lines(line: str) -> None:
    assert normalise_body(f"{line}\nThe council met on Monday.\n{line}") == (
        "the council met on monday."
    )


def test_normalise_keeps_long_paragraphs_that_mention_boilerplate_words() -> None:
    paragraph = (
        "Residents who want to sign up for the new bus pass can do so at the library, "
        "the council said, adding that forms would also be posted to every household in "
        "the district over the coming weeks so that older people without internet access "
        "are not left out of the scheme when it starts."
    )
    assert normalise_body(paragraph) == paragraph.casefold()


@pytest.mark.parametrize(
    "sentence",
    [
        "By Tuesday, the vote was over.",
        "Copyright law changes were approved on Monday.",
        "Published figures show that 3 percent of homes lack heating, the survey found.",
        "Produced by the ministry, the report says rail use fell sharply over twelve months.",
    ],
)
def test_normalise_keeps_sentences_that_start_like_boilerplate(sentence: str) -> None:
    assert normalise_body(sentence) == sentence.casefold()


@pytest.mark.parametrize(
    "dateline",
    ["LONDON (Meridian) — ", "(Northwire) - ", "WASHINGTON, March 3 (Meridian) - ", "NEW YORK — "],
)
def test_normalise_strips_a_leading_dateline(dateline: str) -> None:
    assert normalise_body(f"{dateline}The council met.") == "the council met."
    assert normalise_body(f"{dateline.strip()}\n\nThe council met.") == "the council met."


def test_normalise_leaves_an_ordinary_first_sentence_alone() -> None:
    assert normalise_body("The deal - agreed late - stands.") == "the deal - agreed late - stands."


def test_content_hash_ignores_typography_and_boilerplate() -> None:
    plain = content_hash(WIRE)
    assert len(plain) == 32
    assert int(plain, 16) >= 0
    styled = WIRE.replace("'", "’").replace("  ", " ").upper()
    wrapped = f"LONDON (Meridian) — {styled}\n\nCopyright 2026 Meridian. All rights reserved."
    assert content_hash(wrapped) == plain
    assert content_hash(_trimmed(0.7)) != plain


def test_identical_text_is_a_duplicate() -> None:
    a, b = fingerprint(WIRE), fingerprint(WIRE)
    assert a == b
    assert similarity(a, b) == 1.0
    assert is_near_duplicate(a, b)


@pytest.mark.parametrize("share", [0.6, 0.7, 0.8])
def test_trimmed_copy_is_a_duplicate(share: float) -> None:
    original, copy = fingerprint(WIRE), fingerprint(_trimmed(share))
    # Every sentence the copy kept is in the original: the shorter side is all found.
    assert similarity(original, copy) == 1.0
    assert is_near_duplicate(original, copy)
    assert is_near_duplicate(copy, original)


def test_copy_with_boilerplate_dateline_and_edits_is_a_duplicate() -> None:
    edited = (
        _trimmed(0.8)
        .replace("fourteen new", "14 new")
        .replace("told a news conference", "told reporters")
        .replace(" Talks with that network were at an early stage, a spokesman added.", "")
    )
    copy = (
        "Republished from the Valley Courier under a content-sharing agreement.\n\n"
        f"EASTMERE (Northwire) — {edited}\n\n"
        "Sign up for our newsletter to get the day's top stories in your inbox.\n"
        "Have a news tip? Email the newsroom at tips@courier.example."
    )
    assert is_near_duplicate(fingerprint(WIRE), fingerprint(copy))


# An agency's later version of WIRE: a new lede, and a word or two changed in every
# sentence it kept, as write-throughs and copy desks do.
WRITE_THROUGH = """\
Eastmere's rail operator will buy fourteen new trains, it said on Tuesday, after the \
closure of the Harrow Bridge left commuters on the northern line without a direct \
service for most of the winter.

Chief executive Marta Olsen told reporters that the order, worth some 210 million \
crowns, would be signed before the end of the month with a builder picked from three \
bidders. "We cannot run a modern timetable on carriages that were built before most of \
our passengers were born," she said.

The bridge was shut in November when inspectors found corrosion in two of its steel \
supports. Engineers expect repairs to take at least until spring, and the county has \
arranged replacement buses that add up to forty minutes to each trip.

Passenger groups welcomed the order but said it did nothing for people stuck on the \
buses today. Lena Vik, who chairs the Northern Line Users' Association, said members \
had reported missed shifts, late school arrivals and buses too crowded to board.\
"""


def test_an_edited_version_with_a_new_lede_is_a_duplicate() -> None:
    assert is_near_duplicate(fingerprint(WIRE), fingerprint(WRITE_THROUGH))
    assert similarity(fingerprint(WIRE), fingerprint(WRITE_THROUGH)) >= 0.7


def test_a_short_brief_inside_a_long_article_is_a_duplicate() -> None:
    # A wire brief that an outlet ran whole inside its own longer report.
    brief = PARAGRAPHS[1]
    article = "\n\n".join([OTHER_OUTLET, brief, *PARAGRAPHS[4:]])
    short, long = fingerprint(brief), fingerprint(article)
    assert short.length >= MIN_TOKENS and long.length > 4 * short.length
    assert is_near_duplicate(short, long)


def test_articles_sharing_a_long_quote_are_not_duplicates() -> None:
    quote = (
        '"We cannot run a modern timetable on carriages that were built before most of our '
        'passengers were born, and we will not ask people to wait another decade," she said.'
    )
    first = f"{OTHER_OUTLET}\n\n{quote}"
    second = "\n\n".join([PARAGRAPHS[3], quote, PARAGRAPHS[5]])
    assert not is_near_duplicate(fingerprint(first), fingerprint(second))


def test_another_outlet_on_the_same_event_is_not_a_duplicate() -> None:
    ours, theirs = fingerprint(WIRE), fingerprint(OTHER_OUTLET)
    assert similarity(ours, theirs) < 0.3
    assert not is_near_duplicate(ours, theirs)


def test_short_texts_are_never_near_duplicates() -> None:
    short = "Watch the full statement from the mayor in the video above."
    assert fingerprint(short).length < MIN_TOKENS
    assert not is_near_duplicate(fingerprint(short), fingerprint(short))
    # Two different briefs in one outlet's wrapper share the wrapper, not the news.
    wrapper = (
        "Listen to this article.\n\n{}\n\nMore from the Harbour Gazette: the week in pictures."
    )
    first = wrapper.format("The ferry to Skarholm is cancelled on Friday because of high winds.")
    second = wrapper.format("A new cycle path along the canal opens to the public next month.")
    assert not is_near_duplicate(fingerprint(first), fingerprint(second))


def test_empty_text() -> None:
    empty = fingerprint("")
    assert empty == fingerprint("  \n\n Copyright 2026 Meridian. All rights reserved. ")
    assert empty.length == 0
    assert empty.shingles == b"" and empty.sentences == b""
    assert Fingerprint.from_bytes(empty.to_bytes()) == empty
    assert similarity(empty, empty) == 0.0
    assert not is_near_duplicate(empty, empty)
    assert not is_near_duplicate(empty, fingerprint(WIRE))
    assert content_hash("") == content_hash("\n \n")


LANGUAGES = {
    "de": (
        "Der Stadtrat von Ostheim hat am Dienstag beschlossen, die alte Markthalle zu "
        "sanieren und ab dem kommenden Jahr wieder für Wochenmärkte zu öffnen.\n\n"
        "Die Kosten werden auf rund zwölf Millionen Euro geschätzt. Ein Teil soll aus "
        "einem Förderprogramm des Landes kommen, den Rest trägt die Stadt selbst.\n\n"
        "Händler begrüßten die Entscheidung, warnten aber vor langen Bauzeiten. Die "
        "Verwaltung will bis zum Sommer einen Zeitplan vorlegen.",
        "Die Feuerwehr von Ostheim bekommt ein neues Löschfahrzeug, das im Herbst "
        "ausgeliefert werden soll. Der alte Wagen war mehr als dreißig Jahre im Dienst "
        "und musste zuletzt immer öfter in die Werkstatt gebracht werden, teilte der "
        "Kommandant mit.",
    ),
    "fr": (
        "Le conseil municipal de Villeclaire a voté mardi la rénovation de la vieille "
        "halle du marché, qui devrait rouvrir l'an prochain.\n\n"
        "Le coût est estimé à douze millions d'euros, dont une partie viendra d'un "
        "programme régional de soutien aux centres-villes.\n\n"
        "Les commerçants ont salué la décision mais craignent des travaux longs. La "
        "mairie promet un calendrier détaillé avant l'été.",
        "Les pompiers de Villeclaire recevront à l'automne un nouveau camion. L'ancien "
        "véhicule, en service depuis plus de trente ans, passait de plus en plus de "
        "temps au garage, a indiqué le commandant de la caserne lors d'une réunion.",
    ),
    "el": (
        "Το δημοτικό συμβούλιο της Νεάπολης αποφάσισε την Τρίτη την ανακαίνιση της "
        "παλιάς δημοτικής αγοράς, η οποία αναμένεται να ανοίξει ξανά του χρόνου.\n\n"
        "Το κόστος εκτιμάται σε δώδεκα εκατομμύρια ευρώ, μέρος του οποίου θα καλυφθεί "
        "από περιφερειακό πρόγραμμα.\n\n"
        "Οι έμποροι χαιρέτισαν την απόφαση, αλλά φοβούνται μακροχρόνιες εργασίες. Ο "
        "δήμος υπόσχεται χρονοδιάγραμμα πριν από το καλοκαίρι.",
        "Η πυροσβεστική υπηρεσία της Νεάπολης θα παραλάβει το φθινόπωρο νέο όχημα. Το "
        "παλιό βρισκόταν σε υπηρεσία πάνω από τριάντα χρόνια και χαλούσε όλο και πιο "
        "συχνά, δήλωσε ο διοικητής του σταθμού σε σύσκεψη.",
    ),
    "zh": (
        "东湖市议会星期二决定翻修老市场大楼，预计明年重新开放，供周末集市使用。\n\n"
        "翻修费用估计约为一千二百万元，其中一部分来自省里的城市更新项目，其余由市政府承担。\n\n"
        "商户们对这一决定表示欢迎，但担心工期过长。市政府承诺在夏天之前公布详细时间表。",
        "东湖市消防队将在秋天接收一辆新消防车。旧车已经服役三十多年，"
        "最近越来越频繁地需要送修，消防站站长在会议上表示，新车将提高出警速度。",
    ),
}


@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_other_languages_and_scripts(language: str) -> None:
    article, unrelated = LANGUAGES[language]
    first_two = "\n\n".join(article.split("\n\n")[:2])
    whole, trimmed, other = fingerprint(article), fingerprint(first_two), fingerprint(unrelated)
    assert whole.length >= MIN_TOKENS
    assert is_near_duplicate(whole, trimmed)
    assert not is_near_duplicate(whole, other)
    assert similarity(whole, other) < 0.3


def test_chinese_is_tokenised_by_character() -> None:
    article = LANGUAGES["zh"][0]
    words = tokens(normalise_body(article))
    assert words[:4] == ["东", "湖", "市", "议"]
    assert len(words) > 100
    mixed = tokens(normalise_body("东湖市 iPhone 15 发布"))
    assert mixed == ["东", "湖", "市", "iphone", "15", "发", "布"]


def test_fingerprint_is_storable() -> None:
    fp = fingerprint(WIRE)
    assert len(fp.shingles) == 2 * (fp.length - 2)
    assert sum(fp.sentences) == fp.length
    data = fp.to_bytes()
    assert len(data) < 3 * fp.length  # about two bytes a word
    assert Fingerprint.from_bytes(data) == fp
    with pytest.raises(ValueError, match="scheme"):
        Fingerprint.from_bytes(bytes([SCHEME - 1]) + data[1:])
    with pytest.raises(ValueError, match="scheme"):
        Fingerprint.from_bytes(b"")
    with pytest.raises(ValueError, match="length"):
        Fingerprint.from_bytes(data[:-2])
    with pytest.raises(ValueError, match="short"):
        Fingerprint.from_bytes(data[:3])


def test_fingerprints_do_not_change_between_runs() -> None:
    # Stored fingerprints are compared with new ones: if this changes, bump dedupe.SCHEME.
    fp = fingerprint("The harbour master said the ferry would sail again on Monday morning.")
    assert fp.length == 12
    assert list(fp.sentences) == [12]
    assert fp.shingles.hex()[:16] == PINNED_SHINGLES_START


PINNED_SHINGLES_START = "5e9b39e6e9bf1194"


def test_sentences_split_on_ends_not_on_abbreviations() -> None:
    text = normalise_body(
        "Gov. Anna Keller met Mr. Olsen at 9 a.m. on Tuesday. They spoke! Did they agree?"
        "\n东湖市议会星期二决定翻修老市场。商户表示欢迎。"
    )
    parts = [" ".join(words) for words in sentences(text)]
    assert parts[:3] == [
        "gov anna keller met mr olsen at 9 a m on tuesday",
        "they spoke",
        "did they agree",
    ]
    assert len(parts) == 5  # the Chinese line is two sentences
    long_line = " ".join(f"word{n}" for n in range(2 * SENTENCE_CAP + 1))
    assert [len(words) for words in sentences(long_line)] == [41, 41, 39]


def _could_be_copies_by_set(a: Fingerprint, b: Fingerprint) -> bool:
    """The prefilter as a set lookup per shingle, the form it had before its table."""
    if min(a.length, b.length) < MIN_TOKENS:
        return False
    short, long = (a, b) if a.length <= b.length else (b, a)
    mine, theirs = unpack(short.shingles), set(unpack(long.shingles))
    return sum(value in theirs for value in mine) >= MIN_ALIGNED * len(mine)


def test_the_copy_prefilter_counts_shingles_as_a_set_lookup_does() -> None:
    # Bodies around the threshold, with repeated and extreme hash values (0, 65535):
    # each shingle of the shorter body found in the other counts, repeats included.
    rng = random.Random(7)
    pool = [0, HASH_MASK, *rng.sample(range(1, HASH_MASK), 400)]
    cases = [(fingerprint(WIRE), fingerprint(WIRE[: len(WIRE) // 2]))]
    for _ in range(400):
        size_a, size_b = rng.randrange(20, 300), rng.randrange(20, 300)
        a = array("H", rng.choices(pool, k=size_a))
        b = array("H", rng.choices(pool[: rng.randrange(2, len(pool))], k=size_b))
        cases.append((Fingerprint(a.tobytes(), b"", size_a), Fingerprint(b.tobytes(), b"", size_b)))
    decisions = [could_be_copies(a, b) for a, b in cases]
    assert decisions == [_could_be_copies_by_set(a, b) for a, b in cases]
    assert 50 < sum(decisions) < len(cases) - 50  # both answers are tested, many times
