"""What templates show, shared by the pages of every room: article and story cards, times and
outlets (``presenters``), article-type and category labels (``labels``), keyset paging of
lists (``paging``)."""
