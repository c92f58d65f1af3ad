"""Feeds, out and in: every list as RSS, Atom and JSON Feed (``feed_formats``, served by
``feed_views``), and the WebSub callback where hubs push new content (``websub_views``)."""
