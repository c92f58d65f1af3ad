"""Comments on the site: threads as pages show them, refusals and the export (``threads``),
the markdown subset rendered safe (``comment_markdown``), the comment forms
(``comment_views``) and the moderation queue (``moderation_views``).

The rules themselves (who may write, edit, report) are ``tidings.comments``.
"""
