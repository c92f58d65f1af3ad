"""``tidings copies``: which articles of a JSON lines file are copies of which."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from tidings.cli import common
from tidings.pipeline.copy_tracker import copies_of_bodies
from tidings.stories.story_docs import in_date_order
from tidings.stories.stream import RecordError, story_doc_from_record


def copies(
    file: Annotated[
        Path, typer.Argument(help="JSON lines: id, text; optional title, date, url (- for stdin).")
    ],
) -> None:
    """Find syndicated copies as ingest does, in date order; print {"id", "copy_of"} lines.

    ``copy_of`` is the id of the earlier article whose text this one copies (trimmed,
    edited, re-led), or null for an original. Titles are not compared: outlets change them.
    """
    if str(file) != "-" and not file.is_file():
        common.fail(f"{file} is not a file")
    docs = common.read_json_lines(file, story_doc_from_record, (RecordError,))
    order = in_date_order(docs)
    found = copies_of_bodies(((docs[i].id, docs[i].text) for i in order), common.now())
    copy_of = dict(zip(order, found, strict=True))
    for position, doc in enumerate(docs):
        sys.stdout.write(json.dumps({"id": doc.id, "copy_of": copy_of[position]}) + "\n")
