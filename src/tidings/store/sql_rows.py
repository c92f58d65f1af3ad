"""Turning ``articles`` rows (with their figures) into ``Article`` values."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Column, bindparam, select

from tidings.models import Article, ArticleState, Image
from tidings.store.schema import articles, figures
from tidings.store.sql_base import SqlBase

# Columns no ``Article`` field holds (ingest's and the reader apps' bookkeeping): a page
# that selects them only pays for decoding two more times and a fingerprint per row.
_NOT_IN_ARTICLE = frozenset(
    {"guid", "updated_at", "next_attempt_at", "content_hash", "fingerprint", "item_id"}
)
# Built once: a statement reused keeps its cache key, so each execution skips building
# the expression and walking it again (a third of a small query's cost).
_FIGURES_OF = (
    select(figures)
    .where(figures.c.article_id.in_(bindparam("article_ids", expanding=True)))
    .order_by(figures.c.article_id, figures.c.position)
)
_LEAD_FIGURES_OF = _FIGURES_OF.where(figures.c.role == "lead")
# ``articles`` columns a row read for an ``Article`` may leave out (None, or False, then).
_OPTIONAL = (
    "text",
    "html",
    "author_links",
    "language_how",
    "category",
    "category_how",
    "machine_translated",
    "translated_from",
)


def article_columns(*, leave_out: frozenset[str] = frozenset()) -> list[Column[Any]]:
    """The ``articles`` columns an ``Article`` holds, but those named in ``leave_out``."""
    return [c for c in articles.c if c.name not in _NOT_IN_ARTICLE and c.name not in leave_out]


def card_columns() -> list[Column[Any]]:
    """The ``Article`` columns but the sanitised HTML body: what a card in a list needs
    (the text stays, for the excerpt); the body is the bulk of a row."""
    return article_columns(leave_out=frozenset({"html"}))


class ArticleRows(SqlBase):
    """Reads figures for a page of article rows in one query."""

    def _articles(
        self,
        conn: Any,
        rows: Sequence[Mapping[str, Any]],
        *,
        with_figures: bool = True,
        body_figures: bool = True,
    ) -> list[Article]:
        """Articles for ``rows``; their figures too unless ``with_figures`` is false, the
        lead image alone without ``body_figures`` (cards show no other). A row may leave
        out ``html``, and ``text``: the story stage reads no HTML or figures, story cards
        no text."""
        ids = [r["id"] for r in rows]
        images: dict[str, list[tuple[str, Image]]] = {i: [] for i in ids}
        if ids and with_figures:
            stmt = _FIGURES_OF if body_figures else _LEAD_FIGURES_OF
            for f in conn.execute(stmt, {"article_ids": ids}):
                images[f.article_id].append((f.role, image_row(f._mapping)))
        # The columns a row may leave out, looked up once for all rows (a missing key's
        # ``get`` on a SQLAlchemy row raises and catches an error per call).
        present = set(rows[0].keys()) if rows else set()
        maybe = {k: k in present for k in _OPTIONAL}
        out = []
        for r in rows:
            figs = images[r["id"]]
            lead = next((img for role, img in figs if role == "lead"), None)
            links = r["author_links"] if maybe["author_links"] else None
            out.append(
                Article(
                    id=r["id"],
                    source_id=r["source_id"],
                    url=r["url"],
                    title=r["title"],
                    state=ArticleState(r["state"]),
                    summary=r["summary"],
                    text=r["text"] if maybe["text"] else None,
                    html=r["html"] if maybe["html"] else None,
                    authors=tuple(r["authors"] or ()),
                    author_links=tuple(
                        (str(link[0]), str(link[1]))
                        for link in links or ()
                        if isinstance(link, list) and len(link) == 2
                    ),
                    published=r["published"],
                    modified=r["modified"],
                    discovered_at=r["discovered_at"],
                    sort_time=r["sort_time"],
                    language=r["language"],
                    article_type=r["article_type"],
                    section=r["section"],
                    keywords=tuple(r["keywords"] or ()),
                    lead_image=lead,
                    figures=tuple(img for role, img in figs if role == "body"),
                    error=r["error"],
                    attempts=r["attempts"],
                    duplicate_of=r["duplicate_of"],
                    story_id=r["story_id"],
                    language_how=r["language_how"] if maybe["language_how"] else None,
                    category=r["category"] if maybe["category"] else None,
                    category_how=r["category_how"] if maybe["category_how"] else None,
                    machine_translated=bool(r["machine_translated"])
                    if maybe["machine_translated"]
                    else False,
                    translated_from=r["translated_from"] if maybe["translated_from"] else None,
                )
            )
        return out


def image_values(image: Image) -> dict[str, Any]:
    """The ``figures`` columns of an image."""
    return {
        "url": image.url,
        "caption": image.caption,
        "credit": image.credit,
        "alt": image.alt,
        "width": image.width,
        "height": image.height,
    }


def image_row(row: Mapping[str, Any]) -> Image:
    """The image a ``figures`` row describes."""
    return Image(
        url=row["url"],
        caption=row["caption"],
        credit=row["credit"],
        alt=row["alt"],
        width=row["width"],
        height=row["height"],
    )
