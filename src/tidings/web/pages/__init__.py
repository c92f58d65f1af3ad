"""The reading pages, one module per page group: home (with ``top_stories``), article, story
(with ``coverage``, its articles arranged), topics (latest, hashtag, category), search,
sources, For you, and the installable app (``pwa``: manifest, service worker, offline page)."""
