"""Comments on articles and stories (issue #7, point 2): pure code only.

Value objects (``models``) and the rules a new comment must pass (``rules``: length,
rate, links, repetition, the edit window). The store keeps the rows
(``tidings.store.sql_comments``); the web layer's room ``tidings.web.comments`` renders the
markdown subset (``comment_markdown``), builds threads (``threads``) and serves the forms
and the moderation queue (``comment_views``, ``moderation_views``).
"""

from __future__ import annotations

from tidings.comments.models import (
    REPORT_REASONS,
    SWITCH_KINDS,
    TARGET_KINDS,
    Ban,
    Comment,
    CommentReport,
    CommentSwitch,
    ReportReason,
    SwitchKind,
    TargetKind,
)
from tidings.comments.rules import (
    EDIT_WINDOW,
    MAX_LENGTH,
    Limits,
    Refusal,
    check_edit,
    check_new_comment,
    count_links,
    editable,
    limits_for,
    normalise_body,
)

__all__ = [
    "EDIT_WINDOW",
    "MAX_LENGTH",
    "REPORT_REASONS",
    "SWITCH_KINDS",
    "TARGET_KINDS",
    "Ban",
    "Comment",
    "CommentReport",
    "CommentSwitch",
    "Limits",
    "Refusal",
    "ReportReason",
    "SwitchKind",
    "TargetKind",
    "check_edit",
    "check_new_comment",
    "count_links",
    "editable",
    "limits_for",
    "normalise_body",
]
