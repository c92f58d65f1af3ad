"""Turning ``articles`` rows (with their figures) into ``Article`` values."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Column, select

from tidings.models import Article, ArticleState, Image
from tidings.store.schema import articles, figures
from tidings.store.sql_base import SqlBase


def card_columns() -> list[Column[Any]]:
    """Every ``articles`` column but the sanitised HTML body: what a card in a list needs
    (the text stays, for the excerpt); the body is the bulk of a row."""
    return [c for c in articles.c if c.name != "html"]


class ArticleRows(SqlBase):
    """Reads figures for a page of article rows in one query."""

    def _articles(
        self, conn: Any, rows: Sequence[Mapping[str, Any]], *, with_figures: bool = True
    ) -> list[Article]:
        """Articles for ``rows``; their figures too unless ``with_figures`` is false (and a
        row may leave out ``html``: the story stage reads neither)."""
        ids = [r["id"] for r in rows]
        images: dict[str, list[tuple[str, Image]]] = {i: [] for i in ids}
        if ids and with_figures:
            stmt = (
                select(figures)
                .where(figures.c.article_id.in_(ids))
                .order_by(figures.c.article_id, figures.c.position)
            )
            for f in conn.execute(stmt):
                images[f.article_id].append((f.role, image_row(f._mapping)))
        out = []
        for r in rows:
            figs = images[r["id"]]
            lead = next((img for role, img in figs if role == "lead"), None)
            out.append(
                Article(
                    id=r["id"],
                    source_id=r["source_id"],
                    url=r["url"],
                    title=r["title"],
                    state=ArticleState(r["state"]),
                    summary=r["summary"],
                    text=r["text"],
                    html=r.get("html"),
                    authors=tuple(r["authors"] or ()),
                    author_links=tuple(
                        (str(link[0]), str(link[1]))
                        for link in r.get("author_links") or ()
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
                    language_how=r.get("language_how"),
                    category=r.get("category"),
                    category_how=r.get("category_how"),
                    machine_translated=bool(r.get("machine_translated", False)),
                    translated_from=r.get("translated_from"),
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
