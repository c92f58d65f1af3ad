"""Online story clustering: each new article joins the story it best fits, or starts one.

The fit blends meaning (sentence embeddings: an English model's and, when one is given,
a multilingual model's, which joins articles across languages) with rarity-weighted
names, numbers and dates (``stories.cluster_fit``), weighed by a fitted model
(``stories.fit_model``). A time gap beyond a few days lowers the fit, and stories
untouched for longer than the window close. Only open stories are candidates, shortlisted
by embedding in one matrix product, so an assignment costs the same after a hundred
thousand articles as after a hundred.

Articles arrive one at a time, so a story's first articles can start two stories before
the article that shows they are one comes in. When an article could have joined a
runner-up story as well as the one it joined, and the two stories fit each other (their
members, compared across, clear the threshold by a margin), the stories merge and the
assignment says which ones were absorbed. On ECB+ this took B-cubed F1 from 0.922 to 0.935
(shuffled order 0.888 to 0.893), mostly by rejoining one event's halves; the margin keeps
sibling events (two rehab stays, two earthquakes in one place) apart. A story that grows
also takes in the small stories near it whose articles now fit it, or fit nothing else
nearly as well (``_gather_stragglers``), and splits when its members fall into two parts
that fit each other less than the fitted least link (``_split_apart``, ``story_split``):
look backs bounded by the open stories and by the members a story keeps.
Parameters were chosen on ../shared/data/clustering-dev (tests/eval/test_clustering_quality.py).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from tidings.enrich.embeddings import Embedder, article_text_for_embedding
from tidings.enrich.multilingual import MultilingualEmbedder, multilingual_text
from tidings.stories.cluster_fit import (
    ClusterParams,
    Features,
    fit,
    fit_features,
    link,
    time_penalty,
)
from tidings.stories.cluster_story import Member, StoryState, Vector, member_of
from tidings.stories.mentions import TermStats, doc_mentions
from tidings.stories.open_stories import OpenStories
from tidings.stories.story_docs import (
    Assignment,
    StoryDoc,
    StorySummary,
    in_date_order,
    story_id_for,
)
from tidings.stories.story_split import PairFits, split_parts

__all__ = [
    "Assignment",
    "ClusterParams",
    "StoryClusterer",
    "StoryDoc",
    "StorySummary",
    "in_date_order",
    "story_id_for",
]


def _as_vector(vector: npt.NDArray[np.generic]) -> Vector:
    return np.ascontiguousarray(vector, dtype=np.float32).reshape(-1)


class StoryClusterer:
    """Assigns articles, in date order, to stories held in memory.

    With ``forget_closed`` a story that closes (quiet for the window, or pushed out by
    ``max_open``) is dropped with its members' vectors and evidence, so memory holds the
    open window only, however long the process runs; ingest keeps its stories in the
    store. Without it (the offline command and the evaluation) every story stays for
    ``stories()`` and ``story_of``.
    """

    def __init__(
        self,
        embedder: Embedder,
        *,
        multilingual: MultilingualEmbedder | None = None,
        params: ClusterParams | None = None,
        forget_closed: bool = False,
    ) -> None:
        self.embedder = embedder
        self.multilingual = multilingual
        self.params = params or ClusterParams()
        self.forget_closed = forget_closed
        self._stories: dict[str, StoryState] = {}
        self._story_of: dict[str, str] = {}
        self._open: OpenStories | None = None
        self._terms = TermStats()
        self._pairs = PairFits()
        self._tick = 0
        self._latest_day: float | None = None

    def english_vectors(self, docs: Sequence[StoryDoc]) -> Vector:
        """The English model's embeddings of the articles' headlines and leads."""
        chars = self.params.english_lead_chars
        texts = [article_text_for_embedding(d.title, d.text, chars) for d in docs]
        return self.embedder.embed(texts)

    def multilingual_vectors(self, docs: Sequence[StoryDoc]) -> Vector | None:
        """The multilingual model's embeddings (None without that model)."""
        if self.multilingual is None:
            return None
        chars = self.params.multilingual_lead_chars
        texts = [multilingual_text(d.title, d.text, chars) for d in docs]
        return self.multilingual.embed(texts)

    def assign(
        self,
        doc: StoryDoc,
        vector: npt.NDArray[np.generic] | None = None,
        multilingual: npt.NDArray[np.generic] | None = None,
    ) -> Assignment:
        """Put one article into a story (an existing one, or a new one).

        ``vector`` is the article's embedding when the caller has it (same embedder, text
        from ``article_text_for_embedding``), ``multilingual`` its multilingual one (text
        from ``multilingual_text``); without them the article is embedded here.
        """
        known = self._story_of.get(doc.id)
        if known is not None:  # assigned before: assigning is idempotent
            return Assignment(doc.id, known, created=False, score=1.0)
        if vector is None:
            vector = self.english_vectors([doc])[0]
        if multilingual is None and (found := self.multilingual_vectors([doc])) is not None:
            multilingual = found[0]
        return self._assign(doc, _as_vector(vector), _maybe_vector(multilingual))

    def assign_many(self, docs: Sequence[StoryDoc]) -> list[Assignment]:
        """Assign articles in date order (embedded in one batch); results in the order given."""
        if not docs:
            return []
        vectors = self.english_vectors(docs)
        multilingual = self.multilingual_vectors(docs)
        results: dict[int, Assignment] = {}
        for position in in_date_order(docs):
            other = None if multilingual is None else multilingual[position]
            results[position] = self._assign(docs[position], vectors[position], other)
        return [results[position] for position in range(len(docs))]

    def restore(
        self,
        doc: StoryDoc,
        vector: npt.NDArray[np.generic],
        story_id: str,
        multilingual: npt.NDArray[np.generic] | None = None,
    ) -> None:
        """Put an article back into a story it was assigned to before, without scoring.

        Restoring the open window's articles in date order rebuilds what live assignment
        would have built (term counts, open stories, members), so later articles are
        placed as if the process had never stopped. An unknown ``story_id`` starts a story.
        """
        if doc.id in self._story_of:
            return
        self._place(
            doc, self._member(doc, _as_vector(vector), _maybe_vector(multilingual)), story_id
        )

    def teach(
        self,
        doc: StoryDoc,
        vector: npt.NDArray[np.generic],
        story_id: str,
        multilingual: npt.NDArray[np.generic] | None = None,
    ) -> list[tuple[str, Features]]:
        """The evidence an article offers on each open story the clusterer would score it
        against, then the article placed in ``story_id``, the story people put it in.

        Fed articles in date order with their true stories, this yields what fitting the
        model needs (``stories.fit_training``): each candidate story with its features; the
        right answer is ``story_id``."""
        if doc.id in self._story_of:
            return []
        member = self._member(doc, _as_vector(vector), _maybe_vector(multilingual))
        open_stories = self._open_stories(member.day)
        evidence = [
            (
                other,
                fit_features(self._stories[other], member, self.params, self._terms.international),
            )
            for other, _gap in self._shortlist(open_stories, member)
        ]
        self._place(doc, member, story_id)
        return evidence

    def _place(self, doc: StoryDoc, member: Member, story_id: str) -> None:
        open_stories = self._open_stories(member.day)
        story = self._stories.get(story_id)
        if story is None:
            self._start(open_stories, story_id, doc, member)
            return
        story.add(doc, member, self.params.members_kept)
        self._story_of[doc.id] = story_id
        if story_id in open_stories:
            open_stories.join(story_id, self._key(member), member.day, member.tick)
        else:  # closed by the window while restoring; the store says it goes on
            open_stories.reopen(
                story_id, self._story_key(story), story.size, story.span(), member.tick
            )

    def story_of(self, doc_id: str) -> str | None:
        """The story an article is in now (after any merges), or None if not assigned."""
        return self._story_of.get(doc_id)

    def summary(self, story_id: str) -> StorySummary:
        """One story's summary; ``KeyError`` for an unknown id or one merged away."""
        return self._stories[story_id].summary()

    def stories(self) -> list[StorySummary]:
        """Every story so far, in the order they started."""
        return [story.summary() for story in self._stories.values()]

    def _member(self, doc: StoryDoc, vector: Vector, multilingual: Vector | None) -> Member:
        p = self.params
        counts = doc_mentions(
            doc.title,
            doc.text,
            lead_chars=p.lead_chars,
            lead_weight=p.lead_weight,
            language=doc.language,
        )
        language = _primary(doc.language) if doc.language else ""
        self._terms.add(counts, language)
        self._tick += 1
        readable = not language or language in p.model_languages
        evidence = self._terms.vector(counts)
        if multilingual is not None and not multilingual.any():
            multilingual = None  # an empty text: nothing to compare
        return member_of(
            doc,
            vector,
            evidence,
            self._tick,
            readable=readable,
            multilingual=multilingual,
            language=language,
        )

    def _key(self, member: Member) -> Vector:
        """What the shortlist compares: the English vector where the model reads the
        article, beside the multilingual one."""
        english = member.vector if member.readable else np.zeros_like(member.vector)
        if self.multilingual is None:
            return english
        other = member.multilingual
        if other is None:
            other = np.zeros(self.multilingual.dim, dtype=np.float32)
        return np.concatenate([english, other])

    def _story_key(self, story: StoryState) -> Vector:
        if self.multilingual is None:
            return story.vector_sum
        other = story.multilingual_sum
        if other is None:
            other = np.zeros(self.multilingual.dim, dtype=np.float32)
        return np.concatenate([story.vector_sum, other])

    def _assign(self, doc: StoryDoc, vector: Vector, multilingual: Vector | None) -> Assignment:
        p = self.params
        known = self._story_of.get(doc.id)
        if known is not None:  # assigned before: assigning is idempotent
            return Assignment(doc.id, known, created=False, score=1.0)
        member = self._member(doc, vector, multilingual)
        open_stories = self._open_stories(member.day)
        ranked = self._ranked(open_stories, member)
        best, score = ranked[0] if ranked else (None, 0.0)
        if best is None or score < p.join_at:
            story_id = story_id_for(doc.id)
            self._start(open_stories, story_id, doc, member)
            for stale in open_stories.least_recent(p.max_open):
                self._close(open_stories, stale)
            return Assignment(doc.id, story_id, created=True, score=max(score, 0.0))
        open_stories.join(best, self._key(member), member.day, member.tick)
        self._stories[best].add(doc, member, p.members_kept)
        self._story_of[doc.id] = best
        runners_up = [(other, s) for other, s in ranked[1 : 1 + p.merge_candidates]]
        story_id, merged = self._merge_bridged(open_stories, best, runners_up)
        story_id, gathered = self._gather_stragglers(open_stories, story_id)
        regrouped = self._split_apart(open_stories, story_id)
        return Assignment(
            doc.id,
            self._story_of[doc.id],
            created=False,
            score=score,
            merged=(*merged, *gathered),
            regrouped=regrouped,
        )

    def _start(
        self, open_stories: OpenStories, story_id: str, doc: StoryDoc, member: Member
    ) -> None:
        story = StoryState.start(story_id, member)
        story.add(doc, member, self.params.members_kept)
        self._stories[story_id] = story
        self._story_of[doc.id] = story_id
        open_stories.add(story_id, self._key(member), member.day, member.tick)

    def _open_stories(self, day: float | None) -> OpenStories:
        if self._open is None:
            extra = 0 if self.multilingual is None else self.multilingual.dim
            self._open = OpenStories(self.embedder.dim + extra)
        if day is not None and (self._latest_day is None or day > self._latest_day):
            self._latest_day = day
            for stale in self._open.stale(day, self.params.window_days):
                self._close(self._open, stale)
        return self._open

    def _close(self, open_stories: OpenStories, story_id: str) -> None:
        """The story takes no more articles (and is forgotten with ``forget_closed``)."""
        open_stories.remove(story_id)
        if not self.forget_closed:
            return
        story = self._stories.pop(story_id, None)
        for doc_id in story.members if story is not None else ():
            if self._story_of.get(doc_id) == story_id:
                del self._story_of[doc_id]

    def _ranked(self, open_stories: OpenStories, member: Member) -> list[tuple[str, float]]:
        """Open stories by fit (time penalty included), best first; ties by story id."""
        p = self.params
        ranked = [
            (
                story_id,
                fit(self._stories[story_id], member, p, self._terms.international)
                - time_penalty(gap, p),
            )
            for story_id, gap in self._shortlist(open_stories, member)
        ]
        return sorted(ranked, key=lambda pair: -pair[1])

    def _shortlist(self, open_stories: OpenStories, member: Member) -> list[tuple[str, float]]:
        """The open stories within the window nearest the article in meaning, with their
        gaps in days, by story id."""
        if not len(open_stories):
            return []
        p = self.params
        mean = open_stories.mean_similarity(self._key(member))
        gaps = open_stories.gaps(member.day)
        eligible = np.flatnonzero(gaps <= p.window_days)
        if len(eligible) > p.shortlist:
            top = np.argpartition(-mean[eligible], p.shortlist - 1)[: p.shortlist]
            eligible = eligible[top]
        return sorted((open_stories.ids[row], float(gaps[row])) for row in eligible.tolist())

    def _gather_stragglers(
        self, open_stories: OpenStories, story_id: str
    ) -> tuple[str, tuple[str, ...]]:
        """Take into a story that just grew the small stories near it whose every article
        now fits it: a follow-up that came before the story had the words to recognise it
        (a reader's Q&A, a comment piece, a report in another language) started a story
        of its own, and the grown story is what shows where it belongs. An article a
        little short of the least fit for joining is taken too when the grown story is
        the only open story it fits that well (``ClusterParams.gather_at``): on ECB+,
        cross-validated, this took B-cubed F1 from 0.929 to 0.942."""
        p = self.params
        story = self._stories[story_id]
        centre = (self._story_key(story) / story.size).astype(np.float32)
        nearby = open_stories.mean_similarity(centre)
        # Ids first: absorbing a story moves rows of the open-story table.
        near_ids = [open_stories.ids[row] for row in np.argsort(-nearby)[: p.merge_candidates + 1]]
        gathered: list[str] = []
        for other in near_ids:
            small = self._stories.get(other)
            if other == story_id or small is None or small.size > p.straggler_size:
                continue
            if not all(self._straggles_to(open_stories, story, small, m) for m in small.recent):
                continue
            story.absorb(small, p.members_kept)
            open_stories.absorb(story_id, other)
            for doc_id in small.members:
                self._story_of[doc_id] = story_id
            del self._stories[other]
            gathered.append(other)
        return story_id, tuple(gathered)

    def _straggles_to(
        self, open_stories: OpenStories, story: StoryState, small: StoryState, member: Member
    ) -> bool:
        """Whether a small story's member belongs in ``story``: it fits it as well as an
        article must to join, or, short of that by at most the slack, no other open story
        fits it even that well (the grown story is the only place it could go)."""
        p = self.params
        terms = self._terms.international
        score = fit(story, member, p, terms)
        if score >= p.join_at:
            return True
        least = p.gather_at
        if score < least:
            return False
        return all(
            fit(self._stories[other], member, p, terms) < least
            for other, _gap in self._shortlist(open_stories, member)
            if other not in (story.id, small.id)
        )

    def _split_apart(self, open_stories: OpenStories, story_id: str) -> tuple[str, ...]:
        """Split a story that grew when its members fall into two parts the learned link
        would not keep together (``stories.story_split``): one article of a sibling event
        that joined early, and the articles of its event it drew in after it. Returns the
        two stories' ids (the part with the story's first article keeps its id), or ()."""
        story = self._stories[story_id]
        parts = split_parts(story, self._pairs, self.params, self._terms.international)
        if parts is None:
            return ()
        kept, off = parts
        new_id = story_id_for(off[0].doc_id)
        while new_id in self._stories:  # that article's own story was merged into this one
            new_id = story_id_for(new_id)
        keep = self.params.members_kept
        self._stories[story_id] = StoryState.of_members(story_id, kept, keep, story.started)
        self._stories[new_id] = StoryState.of_members(new_id, off, keep)
        for member in off:
            self._story_of[member.doc_id] = new_id
        open_stories.remove(story_id)
        for part in (story_id, new_id):
            state = self._stories[part]
            key = self._story_key(state)
            open_stories.reopen(part, key, state.size, state.span(), self._tick)
        return story_id, new_id

    def _merge_bridged(
        self, open_stories: OpenStories, story_id: str, runners_up: list[tuple[str, float]]
    ) -> tuple[str, tuple[str, ...]]:
        """Merge into the joined story the runners-up the article could have joined too,
        when the two stories fit each other; returns the surviving id and those absorbed."""
        p = self.params
        merged: list[str] = []
        for other, score in runners_up:
            if score < p.join_at:
                break
            a, b = self._stories[story_id], self._stories[other]
            if link(a, b, p, self._terms.international) < p.merge_at:
                continue
            # The bigger story keeps its id (the older one when equal): fewer rows move.
            keep, gone = (a, b) if (a.size, -a.started) >= (b.size, -b.started) else (b, a)
            keep.absorb(gone, p.members_kept)
            open_stories.absorb(keep.id, gone.id)
            for doc_id in gone.members:
                self._story_of[doc_id] = keep.id
            del self._stories[gone.id]
            merged.append(gone.id)
            story_id = keep.id
        return story_id, tuple(merged)


def _maybe_vector(vector: npt.NDArray[np.generic] | None) -> Vector | None:
    return None if vector is None else _as_vector(vector)


def _primary(language: str) -> str:
    """The primary subtag of a language tag: ``en-GB`` and ``EN_us`` are ``en``."""
    return language.replace("_", "-").split("-", 1)[0].strip().lower()
