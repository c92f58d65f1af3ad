"""What the key-point scorer knows about each sentence: a row of numbers per sentence.

Every feature is computed from the article alone, with the words ``sentence_terms`` gives
(stop words out, a light stemmer; English rules for a language it does not know), so the
same code serves every language the splitter reads:

- centrality, four ways: PageRank over the cosine of term counts (``lexrank_tf``), over
  TF-IDF cosine (``lexrank_idf``), over TextRank's word overlap (``textrank``), and the
  TF-IDF cosine to the whole article (``centroid``): a sentence that shares its words with
  many others carries the article's subject;
- word frequency: how often, on average and in sum, the article uses the sentence's words;
- the headline: how many of its words the sentence repeats, and their TF-IDF cosine;
- place: the first sentence, 1 / (1 + index), the start of a paragraph;
- form: words, content words, numbers, and the share of the sentence inside quote marks.

The centrality, frequency, headline and length features come twice: as they are, and as
z-scores within the article (``z_...``), since a sentence competes only with its own
article's sentences. ``quote_starts`` finds the sentences that begin inside a quotation,
which key points leave out.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from tidings.ai.sentences import Sentence, sentence_terms

__all__ = [
    "FEATURES",
    "ArticleFeatures",
    "article_features",
    "outside_quotes",
    "quote_starts",
]

Matrix = npt.NDArray[np.float64]

_BASE = (
    "lexrank_tf",
    "lexrank_idf",
    "textrank",
    "centroid",
    "frequency_mean",
    "frequency_sum",
    "title_cosine",
    "title_words",
    "first",
    "inverse_position",
    "paragraph_start",
    "words",
    "terms",
    "numbers",
    "quoted",
)
# Features that also come as a z-score within the article.
_RELATIVE = (
    "lexrank_tf",
    "lexrank_idf",
    "textrank",
    "centroid",
    "frequency_sum",
    "title_cosine",
    "words",
)
FEATURES = _BASE + tuple(f"z_{name}" for name in _RELATIVE)
_DAMPING = 0.85
_NUMBER_WORD = re.compile(r"[^\s\d]*\d\S*")
_MAX_COUNT = 5  # title words and numbers count up to this many


@dataclass(frozen=True, slots=True, eq=False)
class ArticleFeatures:
    """The feature rows of an article's sentences and the TF-IDF cosine between them."""

    rows: Matrix  # one row per sentence, columns in FEATURES order
    similarity: Matrix  # TF-IDF cosine, sentence by sentence


def article_features(
    sentences: Sequence[Sentence], *, title: str | None, language: str
) -> ArticleFeatures:
    """Feature rows for ``sentences`` (an article's, headings left out) in FEATURES order."""
    size = len(sentences)
    terms = [sentence_terms(s.text, language) for s in sentences]
    counts, vocabulary = _counts(terms)
    tfidf, idf = _tfidf(counts)
    similarity = tfidf @ tfidf.T
    present = (counts > 0).astype(np.float64)
    # Each term's share of the most frequent term's count in the whole article.
    document = counts.sum(axis=0)
    share = document / max(float(document.max()) if document.size else 1.0, 1.0)
    title_counts = _counts_of(sentence_terms(title, language) if title else [], vocabulary)
    title_vector = _unit(_sublinear(title_counts[None, :])[0] * idf)
    columns = {
        "lexrank_tf": _pagerank(_cosine(counts)),
        "lexrank_idf": _pagerank(similarity),
        "textrank": _pagerank(_overlap(present)),
        "centroid": tfidf @ _unit(tfidf.sum(axis=0)),
        "frequency_mean": (counts @ share) / np.maximum(counts.sum(axis=1), 1.0),
        "frequency_sum": np.log1p(counts @ share),
        "title_cosine": tfidf @ title_vector,
        "title_words": np.minimum(present @ (title_counts > 0), _MAX_COUNT).astype(np.float64),
        "first": np.array([s.index == 0 for s in sentences], dtype=np.float64),
        "inverse_position": np.array([1.0 / (1.0 + s.index) for s in sentences]),
        "paragraph_start": np.array([s.start == 0 for s in sentences], dtype=np.float64),
        "words": np.log1p([len(s.text.split()) for s in sentences]),
        "terms": np.log1p([len(t) for t in terms]),
        "numbers": np.array([min(_numbers(s.text), _MAX_COUNT) for s in sentences], dtype=float),
        "quoted": _quoted_shares(sentences, language),
    }
    for name in _RELATIVE:
        columns[f"z_{name}"] = _zscore(np.asarray(columns[name], dtype=np.float64))
    rows = np.column_stack([np.asarray(columns[n], dtype=np.float64) for n in FEATURES])
    return ArticleFeatures(rows.reshape(size, len(FEATURES)), similarity)


def _counts(terms: list[list[str]]) -> tuple[Matrix, dict[str, int]]:
    vocabulary: dict[str, int] = {}
    for sentence in terms:
        for term in sentence:
            vocabulary.setdefault(term, len(vocabulary))
    counts = np.zeros((len(terms), len(vocabulary)))
    for row, sentence in enumerate(terms):
        for term, count in Counter(sentence).items():
            counts[row, vocabulary[term]] = count
    return counts, vocabulary


def _counts_of(terms: list[str], vocabulary: dict[str, int]) -> Matrix:
    """Counts of the terms that the article's sentences use (a headline's, for one)."""
    counts = np.zeros(len(vocabulary))
    for term in terms:
        if term in vocabulary:
            counts[vocabulary[term]] += 1
    return counts


def _sublinear(counts: Matrix) -> Matrix:
    positive = counts > 0
    logged: Matrix = np.where(positive, 1.0 + np.log(np.where(positive, counts, 1.0)), 0.0)
    return logged


def _tfidf(counts: Matrix) -> tuple[Matrix, Matrix]:
    """Unit rows of sublinear TF-IDF (smoothed idf over the sentences), and the idf."""
    frequency = (counts > 0).sum(axis=0)
    idf: Matrix = np.log((1 + len(counts)) / (1 + frequency)) + 1.0
    return _unit_rows(_sublinear(counts) * idf), idf


def _unit(vector: Matrix) -> Matrix:
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm else vector


def _unit_rows(rows: Matrix) -> Matrix:
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    unit: Matrix = rows / np.where(norms == 0, 1.0, norms)
    return unit


def _cosine(counts: Matrix) -> Matrix:
    unit = _unit_rows(counts)
    return unit @ unit.T


def _overlap(present: Matrix) -> Matrix:
    """TextRank's similarity: shared words over the sum of the log sentence lengths."""
    logs = np.log(np.maximum(present.sum(axis=1), 2.0))
    similarity: Matrix = (present @ present.T) / (logs[:, None] + logs[None, :])
    return similarity


def _pagerank(similarity: Matrix) -> Matrix:
    """Stationary distribution of a damped walk over the graph, scaled to a top of 1.

    Solved exactly, (I - d·Wᵀ) r = (1 - d) / n, rather than by power iteration: for the
    fifty-odd sentences of an article the solve is one small LU decomposition.
    """
    size = len(similarity)
    if size == 0:
        return np.zeros(0)
    graph = similarity.copy()
    np.fill_diagonal(graph, 0.0)
    sums = graph.sum(axis=1, keepdims=True)
    # A sentence sharing no word with any other links everywhere evenly (dangling node).
    walk = np.where(sums > 0, graph / np.where(sums == 0, 1.0, sums), 1.0 / size)
    system = np.eye(size) - _DAMPING * walk.T
    rank: Matrix = np.linalg.solve(system, np.full(size, (1 - _DAMPING) / size))
    return rank / float(rank.max())


def _zscore(values: Matrix) -> Matrix:
    spread = float(values.std()) if values.size else 0.0
    if spread == 0:
        return np.zeros_like(values)
    scaled: Matrix = (values - values.mean()) / spread
    return scaled


def _numbers(text: str) -> int:
    """How many words of the text hold a digit ("38,000", "4.9", "130km/h")."""
    return len(_NUMBER_WORD.findall(text))


# -- quotations ----------------------------------------------------------------------------

_STRAIGHT = '"'
_SINGLE_OPEN, _SINGLE_CLOSE = "‘", "’"


def _marks(language: str) -> tuple[str, str]:
    # German opens with „ and closes with “, which opens in English and French.
    return ("„»", "“«") if language == "de" else ("“«", "”»")


_MARK = re.compile('["“”„«»‘’]')


def _quote_walk(text: str, inside: bool, language: str) -> tuple[bool, str, bool]:
    """Walk one sentence that begins inside a quotation or not: whether one is open after
    it, the sentence with every quoted character blanked out, and whether it closed a
    quotation it did not open.

    Double marks do not nest (quotes inside quotes take single ones), so an opening mark
    while one is open continues the quotation, as in a quote that runs over paragraphs,
    where each paragraph opens again and only the last closes.
    """
    opens, closes = _marks(language)
    outside: list[str] = []
    closed_foreign = single = False  # single: a ‘ is open, so the next ’ closes it
    done = 0
    for match in _MARK.finditer(text):
        position, char = match.start(), match.group()
        before = text[position - 1] if position else " "
        after = text[position + 1] if position + 1 < len(text) else " "
        if char == _STRAIGHT:
            # Straight quotes open after a space or bracket, before a word; else they close.
            opening = (before.isspace() or before in "([—–-") and not after.isspace()
            char = opens[0] if opening else closes[0]
        quoted = inside or single
        if char in opens:
            inside = True
        elif char in closes:
            closed_foreign = closed_foreign or not inside
            inside = False
        elif char == _SINGLE_OPEN and not single:
            single = True
        elif char == _SINGLE_CLOSE and single and not after.isalpha():
            single = False
        else:
            continue  # an apostrophe, or a mark of another language: plain text
        piece = text[done:position]
        outside.append(" " * len(piece) if quoted else piece)
        outside.append(" ")
        done = position + 1
    rest = text[done:]
    outside.append(" " * len(rest) if inside or single else rest)
    return inside, "".join(outside), closed_foreign


def quote_starts(sentences: Sequence[Sentence], language: str) -> list[bool]:
    """For each sentence, whether it begins inside a quotation: a quote opened in an
    earlier sentence of its paragraph, or one it closes without opening."""
    starts: list[bool] = []
    inside, paragraph = False, -1
    for sentence in sentences:
        if sentence.paragraph != paragraph:
            inside, paragraph = False, sentence.paragraph
        after, _, closed_foreign = _quote_walk(sentence.text, inside, language)
        starts.append(inside or closed_foreign)
        inside = after
    return starts


def outside_quotes(text: str, language: str, *, inside: bool = False) -> str:
    """A sentence with its quoted words and quote marks blanked out; ``inside`` when it
    begins inside a quotation."""
    return _quote_walk(text, inside, language)[1]


def _quoted_shares(sentences: Sequence[Sentence], language: str) -> Matrix:
    starts = quote_starts(sentences, language)
    shares = []
    for sentence, inside in zip(sentences, starts, strict=True):
        visible = len("".join(sentence.text.split()))
        free = outside_quotes(sentence.text, language, inside=inside)
        quoted = visible - len("".join(free.split()))
        shares.append(quoted / visible if visible else 0.0)
    return np.array(shares, dtype=np.float64)
