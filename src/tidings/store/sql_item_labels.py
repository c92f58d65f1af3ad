"""A reader's labels on single items (issue #18): what GReader clients add and remove with
``edit-tag`` (``user/-/label/NAME`` on an item), one row of ``item_labels`` each.

Label names share the folders' space (``MAX_FOLDER`` characters, trimmed, never empty): a
name may be a folder and an item label at once, and its stream then holds both.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import and_, delete, insert, select, update

from tidings.store.schema import articles, item_labels
from tidings.store.sql_base import SqlBase
from tidings.store.sql_subscriptions import MAX_FOLDER

__all__ = ["SqlItemLabels", "item_label", "labelled_ids"]

_CHUNK = 500  # under SQLite's bound-parameter limit


def item_label(name: str) -> str:
    """A label name as stored: trimmed; ValueError when empty or too long."""
    cleaned = name.strip()
    if not cleaned or len(cleaned) > MAX_FOLDER:
        raise ValueError(f"a label has 1 to {MAX_FOLDER} characters, not {len(cleaned)}")
    return cleaned


def labelled_ids(user_id: int, label: str) -> Any:
    """The article ids the reader labelled ``label``: a select read from the listing index
    alone, to drive a semi-join from the reader's own rows."""
    return select(item_labels.c.article_id).where(
        item_labels.c.user_id == user_id, item_labels.c.label == label
    )


class SqlItemLabels(SqlBase):
    """Labels on items, per reader."""

    def set_item_label(
        self,
        user_id: int,
        article_ids: Sequence[str],
        label: str,
        labelled: bool,
        *,
        now: datetime,
    ) -> None:
        """Put ``label`` on these articles (``labelled``), or take it off."""
        name = item_label(label)
        ids = list(dict.fromkeys(article_ids))
        with self._begin() as conn:
            for start in range(0, len(ids), _CHUNK):
                chunk = ids[start : start + _CHUNK]
                these = and_(_rows(user_id, name), item_labels.c.article_id.in_(chunk))
                if not labelled:
                    conn.execute(delete(item_labels).where(these))
                    continue
                present = set(conn.execute(select(item_labels.c.article_id).where(these)).scalars())
                rows = [
                    {"user_id": user_id, "article_id": a, "label": name, "labelled_at": now}
                    for a in chunk
                    if a not in present
                ]
                if rows:
                    conn.execute(insert(item_labels), rows)

    def item_labels(self, user_id: int, article_ids: Iterable[str]) -> dict[str, list[str]]:
        """The reader's labels on each of these articles that has any, sorted."""
        ids = list(dict.fromkeys(article_ids))
        found: dict[str, list[str]] = {}
        with self._connect() as conn:
            for start in range(0, len(ids), _CHUNK):
                stmt = select(item_labels.c.article_id, item_labels.c.label).where(
                    item_labels.c.user_id == user_id,
                    item_labels.c.article_id.in_(ids[start : start + _CHUNK]),
                )
                for article, label in conn.execute(stmt):
                    found.setdefault(str(article), []).append(str(label))
        return {a: sorted(names, key=_order) for a, names in found.items()}

    def item_label_names(self, user_id: int) -> list[str]:
        """The names of the reader's item labels, sorted as folders are."""
        stmt = select(item_labels.c.label).where(item_labels.c.user_id == user_id).distinct()
        with self._connect() as conn:
            return sorted(conn.execute(stmt).scalars(), key=_order)

    def labelled_article_ids(
        self, user_id: int, label: str, *, before: datetime | None = None
    ) -> list[str]:
        """The articles the reader labelled ``label`` (found before ``before``, if given)."""
        stmt = select(articles.c.id).where(articles.c.id.in_(labelled_ids(user_id, label)))
        if before is not None:
            stmt = stmt.where(articles.c.discovered_at < before)
        with self._connect() as conn:
            return list(conn.execute(stmt.order_by(articles.c.item_id)).scalars())

    def rename_item_label(self, user_id: int, old: str, new: str) -> int:
        """Move label ``old`` to ``new`` on every item (merging where an item has both);
        how many items had ``old``."""
        name = item_label(new)
        with self._begin() as conn:
            had = len(conn.execute(labelled_ids(user_id, old)).all())
            if had and name != old:
                conn.execute(
                    delete(item_labels).where(
                        _rows(user_id, old),
                        item_labels.c.article_id.in_(labelled_ids(user_id, name)),
                    )
                )
                conn.execute(update(item_labels).where(_rows(user_id, old)).values(label=name))
            return had

    def remove_item_label(self, user_id: int, label: str) -> int:
        """Take ``label`` off every item of the reader; how many had it."""
        with self._begin() as conn:
            gone = conn.execute(delete(item_labels).where(_rows(user_id, label)))
            return int(gone.rowcount or 0)


def _rows(user_id: int, label: str) -> Any:
    return and_(item_labels.c.user_id == user_id, item_labels.c.label == label)


def _order(name: str) -> tuple[str, str]:
    return (name.casefold(), name)
